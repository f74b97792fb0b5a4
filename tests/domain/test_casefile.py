"""Reading, writing and validating mmi-case/1 files."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mmi_desktop.domain.casefile import (
    case_to_dict,
    dumps_case,
    load_case,
    loads_case,
    money_from_text,
    text_problem,
    validate_case,
)
from mmi_desktop.domain.errors import CaseError
from mmi_desktop.domain.model import CombineMethod, Language, TreatmentStatus
from tests.conftest import EXAMPLES

TODAY = date(2026, 11, 27)


def example(name: str = "pending-surgery") -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


def problems_of(document: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(CaseError) as info:
        loads_case(json.dumps(document), today=TODAY)
    return [(p.path, p.message) for p in info.value.problems]


def paths_of(document: dict[str, Any]) -> set[str]:
    return {path for path, _ in problems_of(document)}


@pytest.mark.parametrize("name", ["clean", "pending-surgery"])
def test_examples_read_and_round_trip(name: str) -> None:
    case = load_case(EXAMPLES / f"{name}.json", today=TODAY)
    again = loads_case(dumps_case(case), today=TODAY)
    assert again == case
    # Written keys equal the original file's, apart from nulls and defaults it left out.
    original = example(name)
    written = case_to_dict(case)
    assert written["client"] == original["client"]
    assert written["claim"] == original["claim"]
    assert written["treatments"] == original["treatments"]
    assert written["visits"] == original["visits"]


def test_example_values_are_typed() -> None:
    case = load_case(EXAMPLES / "pending-surgery.json", today=TODAY)
    assert case.client.language is Language.ES
    assert case.claim.average_weekly_wage == Decimal("880.00")
    assert case.claim.date_of_injury == date(2024, 2, 12)
    assert case.treatments[1].history[-1].status is TreatmentStatus.UNDER_REVIEW
    assert case.mmi_declarations[0].combine is CombineMethod.CVC
    assert case.mmi_declarations[0].impairments[0].wpi == Decimal(6)


# --------------------------------------------------------------------------- broken files


def test_unknown_key_is_named() -> None:
    doc = example()
    doc["claim"]["colour"] = "blue"
    assert ("claim.colour", "is not a field of a case file") in problems_of(doc)


def test_unknown_top_level_key() -> None:
    doc = example()
    doc["extra"] = 1
    assert ("extra", "is not a field of a case file") in problems_of(doc)


def test_bad_enum_names_field_and_allowed_values() -> None:
    doc = example()
    doc["treatments"][1]["history"][2]["status"] = "pending"
    [(path, message)] = problems_of(doc)
    assert path == "treatments[1].history[2].status"
    assert "under_review" in message and "'pending'" in message


def test_float_money_is_refused_in_plain_words() -> None:
    doc = example()
    doc["claim"]["average_weekly_wage"] = 1500.5
    assert problems_of(doc) == [
        (
            "claim.average_weekly_wage",
            'must be an amount in quotes with at most two decimal places, like "1020.50"; '
            "got 1500.5",
        )
    ]


@pytest.mark.parametrize("bad", ["1500.555", "-3.00", "12,00", "abc", ""])
def test_money_strings_that_are_refused(bad: str) -> None:
    doc = example()
    doc["claim"]["average_weekly_wage"] = bad
    assert paths_of(doc) == {"claim.average_weekly_wage"}


@pytest.mark.parametrize("good", ["0", "1500", "1500.5", "1500.50"])
def test_money_strings_that_are_accepted(good: str) -> None:
    doc = example()
    doc["claim"]["average_weekly_wage"] = good
    case = loads_case(json.dumps(doc), today=TODAY)
    assert case.claim.average_weekly_wage == Decimal(good)


def test_dangling_provider_reference() -> None:
    doc = example()
    doc["visits"][0]["provider"] = "dr-nobody"
    [(path, message)] = problems_of(doc)
    assert path == "visits[0].provider" and "dr-nobody" in message


def test_duplicate_provider_id() -> None:
    doc = example()
    doc["providers"].append(dict(doc["providers"][0]))
    assert "providers[1].id" in paths_of(doc)


def test_mmi_before_injury() -> None:
    doc = example()
    doc["mmi_declarations"][0]["date"] = "2024-01-01"
    assert "mmi_declarations[0].date" in paths_of(doc)


def test_report_received_before_mmi_date() -> None:
    doc = example()
    doc["mmi_declarations"][0]["report_received"] = "2024-06-01"
    assert paths_of(doc) == {"mmi_declarations[0].report_received"}


@pytest.mark.parametrize("field", ["wpi", "final_rating", "apportionment_pct"])
def test_percentages_over_100(field: str) -> None:
    doc = example()
    doc["mmi_declarations"][0]["impairments"][0][field] = 101
    assert paths_of(doc) == {f"mmi_declarations[0].impairments[0].{field}"}


def test_percentage_at_100_is_fine() -> None:
    doc = example()
    doc["mmi_declarations"][0]["pd_percent"] = 100
    assert loads_case(json.dumps(doc), today=TODAY).mmi_declarations[0].pd_percent == 100


def test_missing_required_name() -> None:
    doc = example()
    del doc["client"]["last_name"]
    assert problems_of(doc) == [("client.last_name", "is required")]


def test_blank_name_is_refused() -> None:
    doc = example()
    doc["client"]["first_name"] = "  "
    assert paths_of(doc) == {"client.first_name"}


def test_not_json_at_all() -> None:
    with pytest.raises(CaseError) as info:
        loads_case(b"\x89PNG not a case", today=TODAY, source="photo.png")
    assert info.value.source == "photo.png"
    assert "not a JSON document" in info.value.problems[0].message


def test_wrong_format_tag() -> None:
    doc = example()
    doc["format"] = "mmi-case/2"
    assert paths_of(doc) == {"format"}


def test_every_problem_is_reported_not_only_the_first() -> None:
    doc = example()
    doc["claim"]["average_weekly_wage"] = 1500.5
    doc["claim"]["colour"] = "blue"
    doc["visits"][1]["provider"] = "nobody"
    doc["mmi_declarations"][0]["impairments"][1]["wpi"] = 150
    assert paths_of(doc) == {
        "claim.average_weekly_wage",
        "claim.colour",
        "visits[1].provider",
        "mmi_declarations[0].impairments[1].wpi",
    }


def test_history_out_of_date_order() -> None:
    doc = example()
    doc["treatments"][1]["history"][2]["date"] = "2024-06-02"
    assert paths_of(doc) == {"treatments[1].history[2].date"}


def test_future_dates_refused_except_scheduled() -> None:
    doc = example()
    doc["treatments"][1]["history"].append({"date": "2027-01-15", "status": "scheduled"})
    loads_case(json.dumps(doc), today=TODAY)  # a scheduled entry may lie ahead
    doc["treatments"][1]["history"][-1]["status"] = "completed"
    assert paths_of(doc) == {"treatments[1].history[3].date"}


def test_date_before_1900() -> None:
    doc = example()
    doc["client"]["date_of_birth"] = "1899-12-31"
    assert paths_of(doc) == {"client.date_of_birth"}


def test_not_a_real_date() -> None:
    doc = example()
    doc["visits"][0]["date"] = "2024-02-30"
    assert paths_of(doc) == {"visits[0].date"}


def test_add_needs_a_reason() -> None:
    doc = example()
    doc["mmi_declarations"][0]["combine"] = "add"
    assert paths_of(doc) == {"mmi_declarations[0].combine_reason"}
    doc["mmi_declarations"][0]["combine_reason"] = "Kite: synergistic effect on gait"
    case = loads_case(json.dumps(doc), today=TODAY)
    assert case.mmi_declarations[0].combine is CombineMethod.ADD


def test_completed_visits_above_authorized() -> None:
    doc = example()
    doc["treatments"][2]["completed_visits"] = 14
    assert paths_of(doc) == {"treatments[2].completed_visits"}
    # A later authorization in the history allows more (the later figure is the one kept).
    doc["treatments"][2]["history"].insert(2, {"date": "2024-04-15", "status": "authorized"})
    loads_case(json.dumps(doc), today=TODAY)


def test_body_parts_required() -> None:
    doc = example()
    doc["claim"]["body_parts"] = []
    assert paths_of(doc) == {"claim.body_parts"}


def test_booleans_are_not_numbers() -> None:
    doc = example()
    doc["claim"]["represented"] = "yes"
    doc["treatments"][2]["authorized_visits"] = True
    assert paths_of(doc) == {"claim.represented", "treatments[2].authorized_visits"}


def test_defaults_when_optional_keys_missing() -> None:
    doc = example()
    del doc["client"]["language"]
    del doc["claim"]["represented"]
    del doc["claim"]["injury_type"]
    case = loads_case(json.dumps(doc), today=TODAY)
    assert case.client.language is Language.EN
    assert case.claim.represented is True


def test_validate_case_on_objects_matches_file_rules() -> None:
    case = load_case(EXAMPLES / "clean.json", today=TODAY)
    assert validate_case(case, TODAY) == []
    broken = copy.deepcopy(case)
    broken.mmi_declarations[0].impairments[0].wpi = Decimal(120)
    broken.claim.average_weekly_wage = Decimal("10.125")
    assert {p.path for p in validate_case(broken, TODAY)} == {
        "mmi_declarations[0].impairments[0].wpi",
        "claim.average_weekly_wage",
    }


@pytest.mark.parametrize(
    ("text", "value"), [("$1,020.5", "1020.50"), ("880", "880.00"), (" 12.30 ", "12.30")]
)
def test_money_typed_by_a_person(text: str, value: str) -> None:
    assert money_from_text(text) == Decimal(value)


@pytest.mark.parametrize("text", ["12.345", "abc", "-5", "1e3x"])
def test_money_typed_badly(text: str) -> None:
    with pytest.raises(ValueError):
        money_from_text(text)


@given(
    wage=st.decimals(min_value=0, max_value=99999, places=2),
    wpi=st.integers(min_value=0, max_value=100),
    # (any name a valid case may hold: no control characters, issue 11 item 12)
    first=st.text(min_size=1, max_size=30).filter(
        lambda s: s.strip() and text_problem(s) is None
    ),
)
def test_round_trip_property(wage: Decimal, wpi: int, first: str) -> None:
    case = load_case(EXAMPLES / "pending-surgery.json", today=TODAY)
    case.claim.average_weekly_wage = wage
    case.client.first_name = first
    case.mmi_declarations[0].impairments[0].wpi = Decimal(wpi)
    assert loads_case(dumps_case(case), today=TODAY) == case


# ------------------------------------------------------------ the rating's optional keys


def _with_rating_keys() -> dict[str, Any]:
    doc = example()
    imp = doc["mmi_declarations"][0]["impairments"][0]
    imp["pain_add_on"] = 2
    imp["prior_award_pct"] = 12.5
    doc["claim"]["psych_sleep_sexual_exception"] = "violent_act"
    return doc


def test_rating_keys_are_read_and_written_back() -> None:
    doc = _with_rating_keys()
    case = loads_case(json.dumps(doc), today=TODAY)
    imp = case.mmi_declarations[0].impairments[0]
    assert (imp.pain_add_on, imp.prior_award_pct) == (Decimal(2), Decimal("12.5"))
    assert case.claim.psych_sleep_sexual_exception is not None
    assert case.claim.psych_sleep_sexual_exception.value == "violent_act"
    written = case_to_dict(case)
    assert written["mmi_declarations"][0]["impairments"][0]["pain_add_on"] == 2
    assert written["mmi_declarations"][0]["impairments"][0]["prior_award_pct"] == 12.5
    assert written["claim"]["psych_sleep_sexual_exception"] == "violent_act"
    assert loads_case(dumps_case(case), today=TODAY) == case


def test_files_without_the_rating_keys_are_written_back_without_them() -> None:
    original = example()
    written = case_to_dict(loads_case(json.dumps(original), today=TODAY))
    assert "psych_sleep_sexual_exception" not in written["claim"]
    for imp in written["mmi_declarations"][0]["impairments"]:
        assert "pain_add_on" not in imp and "prior_award_pct" not in imp
    assert written["claim"] == original["claim"]
    # the same keys as the file (which leaves nulls out): none added
    for got, had in zip(
        written["mmi_declarations"][0]["impairments"],
        original["mmi_declarations"][0]["impairments"],
        strict=True,
    ):
        assert {k: v for k, v in got.items() if v is not None} == had


@pytest.mark.parametrize(
    ("value", "reason"), [(4, "0 to 3"), (1.5, "whole number"), (-1, "0 to 3")]
)
def test_pain_add_on_is_a_whole_number_up_to_3(value: float, reason: str) -> None:
    doc = example()
    doc["mmi_declarations"][0]["impairments"][0]["pain_add_on"] = value
    problems = dict(problems_of(doc))
    assert reason in problems["mmi_declarations[0].impairments[0].pain_add_on"]


def test_pain_add_ons_of_one_injury_total_at_most_3() -> None:
    doc = example()
    imps = doc["mmi_declarations"][0]["impairments"]
    assert len(imps) >= 2
    imps[0]["pain_add_on"], imps[1]["pain_add_on"] = 2, 2
    problems = dict(problems_of(doc))
    assert "at most 3" in problems["mmi_declarations[0].impairments"]
    imps[1]["pain_add_on"] = 1
    loads_case(json.dumps(doc), today=TODAY)  # 3 in all is fine


def test_prior_award_is_a_percentage() -> None:
    doc = example()
    doc["mmi_declarations"][0]["impairments"][0]["prior_award_pct"] = 101
    assert "mmi_declarations[0].impairments[0].prior_award_pct" in paths_of(doc)


def test_an_unknown_exception_names_the_allowed_values() -> None:
    doc = example()
    doc["claim"]["psych_sleep_sexual_exception"] = "sudden"
    problems = dict(problems_of(doc))
    message = problems["claim.psych_sleep_sexual_exception"]
    assert "violent_act" in message and "catastrophic_injury" in message

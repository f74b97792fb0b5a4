"""The `rating` key of mmi-analysis/1 and how benefits.pd follows it."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.analysis_json import analysis_to_json
from mmi_desktop.domain.casefile import dumps_case, loads_case
from mmi_desktop.domain.model import Case, Language, PsychSleepSexualException

from .conftest import AS_OF, declaration, example_c_impairments, impairment, make_case

IMPAIRMENT_KEYS = [
    "impairment_number", "wpi", "fec_rank", "fec_adjusted", "occupational_group", "variant",
    "occupation_adjusted", "age", "age_adjusted", "apportionment_pct", "final", "string",
    "source", "body_part", "pain_add_on", "prior_award_pct", "left_out",
]  # fmt: skip


def example_c(**changes: Any) -> Case:
    """Section 7's Example C: a 30-year-old stevedore (group 351), injured in 2010."""
    m = declaration(day=date(2011, 3, 1), impairments=example_c_impairments())
    values: dict[str, Any] = dict(
        doi=date(2010, 5, 3), declarations=[m], group=351, birth=date(1979, 5, 4)
    )
    values.update(changes)
    return make_case(**values)


def rating_json(case: Case, lang: Language = Language.EN) -> dict[str, Any]:
    doc: dict[str, Any] = analysis_to_json(analyze(case, AS_OF), lang)
    return doc


def test_example_c_in_the_analysis_json() -> None:
    doc = rating_json(example_c())
    rating = doc["rating"]
    assert list(rating) == ["schedule", "impairments", "combined", "steps", "complete", "missing"]
    assert rating["schedule"] == "PDRS 2005"
    assert rating["combined"] == 71 and rating["complete"] is True and rating["missing"] == []
    assert rating["steps"] == [
        "24 C 11 = 32",
        "44 C 16 = 53",
        "53 → 50 (max 17.01.02.01 - 40 - [5]51 - 351G - 54 - 50)",
        "50 C 32 = 66",
        "66 C 13 = 70",
        "70 C 4 = 71",
    ]
    back, hand, shoulder, leg, knee, right_knee = rating["impairments"]
    assert list(back) == IMPAIRMENT_KEYS
    assert back == {
        "impairment_number": "15.03.01.00", "wpi": 10, "fec_rank": 5, "fec_adjusted": 13,
        "occupational_group": 351, "variant": "G", "occupation_adjusted": 15, "age": 30,
        "age_adjusted": 13, "apportionment_pct": 0, "final": 13,
        "string": "15.03.01.00 - 10 - [5]13 - 351G - 15 - 13", "source": "computed",
        "body_part": "low back", "pain_add_on": None, "prior_award_pct": None, "left_out": None,
    }  # fmt: skip
    assert (leg["wpi"], leg["pain_add_on"], leg["string"]) == (
        35, 3, "17.01.02.02 - 35 - [5]45 - 351G - 48 - 44",
    )  # fmt: skip
    assert right_knee["wpi"] == 3.2 and right_knee["fec_adjusted"] == 4
    assert right_knee["string"] == "17.05.04.00 - 3 - [2]4 - 351G - 5 - 4"
    assert [p["final"] for p in (hand, shoulder, knee)] == [11, 24, 16]
    pd = doc["benefits"]["pd"]
    assert pd["percent"] == rating["combined"] and pd["basis"] == "rating"
    json.dumps(doc)  # every value is JSON


def test_from_2013_the_rank_is_null_and_the_factor_is_1_4() -> None:
    doc = rating_json(example_c(doi=date(2013, 5, 3), birth=date(1982, 5, 4)))
    back = doc["rating"]["impairments"][0]
    assert back["fec_rank"] is None
    assert back["string"] == "15.03.01.00 - 10 - [1.4]14 - 351G - 16 - 14"


def test_missing_group_and_birth_fall_back_to_the_estimate_and_say_so() -> None:
    doc = rating_json(example_c(group=None, birth=None))
    rating, pd = doc["rating"], doc["benefits"]["pd"]
    assert rating["complete"] is False and rating["combined"] is None and rating["steps"] == []
    assert rating["missing"] == [
        "the client's occupational group (the schedule's Section 3: choose the occupation)",
        "the client's date of birth (for the age at injury)",
    ]
    assert pd["basis"] == "estimate" and pd["percent"] == 74  # the FEC-only figures combined
    assert rating["impairments"][0]["fec_adjusted"] == 13
    assert rating["impairments"][0]["final"] is None
    assert rating["impairments"][0]["string"] == "15.03.01.00 - 10 - [5]13"
    spanish = rating_json(example_c(group=None, birth=None), Language.ES)["rating"]["missing"]
    assert (
        spanish[1] == "la fecha de nacimiento del cliente (para la edad en la fecha de la lesión)"
    )


def test_an_entered_pd_percent_is_used_and_marked_while_the_rating_is_still_shown() -> None:
    case = example_c()
    case.mmi_declarations[0].pd_percent = Decimal(65)
    doc = rating_json(case)
    assert doc["benefits"]["pd"]["percent"] == 65 and doc["benefits"]["pd"]["basis"] == "entered"
    assert doc["rating"]["combined"] == 71


def test_an_entered_final_rating_is_marked_entered() -> None:
    case = example_c()
    case.mmi_declarations[0].impairments[0].final_rating = Decimal(20)
    doc = rating_json(case)
    back = doc["rating"]["impairments"][0]
    assert back["source"] == "entered" and back["final"] == 20
    assert back["age_adjusted"] == 13  # the schedule's figure, shown beside the one used
    assert "entered final rating is used" in analyze(case, AS_OF).benefits.pd.how[Language.EN]  # type: ignore[union-attr]


def test_no_declaration_no_rating() -> None:
    assert rating_json(make_case(declarations=[]))["rating"] is None


def test_a_declaration_without_impairments_says_why() -> None:
    doc = rating_json(make_case(declarations=[declaration(impairments=[])]))
    assert doc["rating"]["complete"] is False
    assert doc["rating"]["missing"] and "no impairments" in doc["rating"]["missing"][0]


def test_lc_4660_1_c_left_out_in_the_json_and_the_exception_on_the_claim() -> None:
    m = declaration(
        impairments=[
            impairment("low back", 10, number="15.03.01.00"),
            impairment("psyche", 15, number="14.01.00.00"),
        ]
    )
    case = make_case(declarations=[m], group=351, birth=date(1985, 1, 1))
    doc = rating_json(case)
    psyche = doc["rating"]["impairments"][1]
    assert psyche["left_out"] and "LC 4660.1(c)" in psyche["left_out"]
    # 15.03.01.00 - 10 - [1.4]14 - 351G - 16 - 16 (age 39): the back alone
    assert psyche["final"] is None and doc["rating"]["combined"] == 16
    how = analyze(case, AS_OF).benefits.pd.how[Language.EN]  # type: ignore[union-attr]
    assert "LC 4660.1(c)" in how

    case.claim.psych_sleep_sexual_exception = PsychSleepSexualException.CATASTROPHIC_INJURY
    doc = rating_json(case)
    assert doc["rating"]["impairments"][1]["left_out"] is None
    assert doc["rating"]["combined"] > 16
    # the key survives the case file
    again = loads_case(dumps_case(case), today=AS_OF)
    assert again.claim.psych_sleep_sexual_exception is PsychSleepSexualException.CATASTROPHIC_INJURY

"""What an independent review of the law found after issue 12, each at its statute's words."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.casefile import parse_case
from mmi_desktop.domain.model import Case

PTP = {"id": "ptp", "name": "Dr. Paula Ortiz", "specialty": "orthopedic surgery", "role": "PTP"}
BASE: dict[str, Any] = {
    "format": "mmi-case/1",
    "client": {"first_name": "Ana", "last_name": "Bell"},
    "claim": {
        "claim_number": "X1", "injury_type": "specific", "date_of_injury": "2022-03-01",
        "average_weekly_wage": "900.00", "represented": True, "body_parts": ["lumbar spine"],
    },
    "providers": [PTP],
    "treatments": [], "visits": [], "mmi_declarations": [], "temporary_disability": [],
}


def declaration(mid: str, day: str, provider: str, received: str, **more: Any) -> dict[str, Any]:
    return {"id": mid, "date": day, "provider": provider, "report_received": received,
            "body_parts": ["lumbar spine"], "future_medical": True, "impairments": [], **more}


def case_with(*providers: dict[str, Any], declarations: list[dict[str, Any]],
              **claim: Any) -> Case:
    doc = copy.deepcopy(BASE)
    doc["providers"] += list(providers)
    doc["mmi_declarations"] = declarations
    doc["claim"].update(claim)
    return parse_case(doc, today=date(2030, 1, 1))


def due(case: Case, as_of: str, kind: str) -> dict[str | None, date]:
    analysis = analyze(case, date.fromisoformat(as_of))
    return {d.declaration: d.due for d in analysis.deadlines if d.kind == kind}


SECONDARY = {"id": "sec", "name": "Dr. Sam Lee", "specialty": "pain management",
             "role": "specialist"}
EXAMINER = {"id": "ins", "name": "Dr. Ivo Park", "specialty": "orthopedics",
            "role": "insurer_examiner"}
OTHER = {"id": "oth", "name": "Dr. Olga Ruiz", "specialty": "chiropractic", "role": "other"}


@pytest.mark.parametrize("first", [SECONDARY, EXAMINER, OTHER], ids=lambda p: p["role"])
def test_the_voucher_window_runs_from_the_ptps_report_not_anothers(first: dict[str, Any]) -> None:
    # LC 4658.7(b)(1): "the first report received from either the primary treating
    # physician, an agreed medical evaluator, or a qualified medical evaluator".
    case = case_with(first, declarations=[
        declaration("m1", "2023-03-01", first["id"], "2023-03-06"),
        declaration("m2", "2023-06-01", "ptp", "2023-06-05"),
    ])
    analysis = analyze(case, date(2023, 7, 1))
    assert analysis.benefits.sjdb is not None
    assert analysis.benefits.sjdb.declaration == "m2"
    assert due(case, "2023-07-01", "SJDB_OFFER_WINDOW") == {"m2": date(2023, 8, 4)}


def test_the_voucher_window_waits_while_only_a_secondary_physician_found_ps() -> None:
    case = case_with(SECONDARY, declarations=[
        declaration("m1", "2023-03-01", "sec", "2023-03-06"),
    ])
    analysis = analyze(case, date(2023, 7, 1))
    assert analysis.benefits.sjdb is not None
    assert analysis.benefits.sjdb.state.value == "not_started"
    assert due(case, "2023-07-01", "SJDB_OFFER_WINDOW") == {}


@pytest.mark.parametrize("provider", [EXAMINER, OTHER], ids=lambda p: p["role"])
def test_no_lc_4062a_objection_against_a_physician_who_does_not_treat(
    provider: dict[str, Any],
) -> None:
    # LC 4062(a): an objection "to a medical determination made by the treating physician".
    case = case_with(provider, declarations=[
        declaration("m1", "2023-03-01", provider["id"], "2023-03-06"),
    ])
    assert due(case, "2023-03-10", "OBJECTION_TO_REPORT") == {}


@pytest.mark.parametrize("provider", [PTP, SECONDARY], ids=lambda p: p["role"])
def test_a_treating_physicians_report_keeps_its_objection(provider: dict[str, Any]) -> None:
    extra = [] if provider is PTP else [provider]
    case = case_with(*extra, declarations=[
        declaration("m1", "2023-03-01", provider["id"], "2023-03-06"),
    ])
    # Received Mon 2023-03-06, represented: + 20 = Sun 03-26, moved to Mon 03-27.
    assert due(case, "2023-03-10", "OBJECTION_TO_REPORT") == {"m1": date(2023, 3, 27)}


@pytest.mark.parametrize("year", [2007, 2012, 2018, 2029])
def test_cesar_chavez_day_on_a_saturday_is_kept_the_friday_before(year: int) -> None:
    # Cal. Rules of Court 1.11: a judicial holiday on a Saturday is observed on the Friday
    # before; the holiday library gives that Friday for the federal holidays only.
    from mmi_desktop.domain.deadlines import holidays_in, next_business_day

    assert date(year, 3, 31).weekday() == 5
    assert date(year, 3, 30) in holidays_in(year)
    assert next_business_day(date(year, 3, 30)) == date(year, 4, 2)


def test_an_objection_due_on_the_friday_before_a_saturday_holiday_moves_to_monday() -> None:
    case = case_with(declarations=[declaration("m1", "2018-03-01", "ptp", "2018-03-10")],
                     date_of_injury="2017-06-01")
    # Received Sat 2018-03-10 + 20 = Fri 03-30 (Cesar Chavez Day is Sat 03-31): Mon 04-02.
    assert due(case, "2018-03-15", "OBJECTION_TO_REPORT") == {"m1": date(2018, 4, 2)}


def test_a_new_years_day_on_a_saturday_is_kept_on_the_last_day_of_the_year_before() -> None:
    from mmi_desktop.domain.deadlines import holidays_in

    assert date(2021, 12, 31) in holidays_in(2021)  # Jan 1 2022 was a Saturday
    assert date(2022, 12, 31) not in holidays_in(2022)  # Jan 1 2023 was a Sunday
    assert date(2023, 1, 2) in holidays_in(2023)


def test_the_surgery_after_mmi_rule_reads_a_declaration_without_body_parts_as_covering_all(
) -> None:
    doc = {"id": "s1", "category": "surgery", "description": "Lumbar fusion",
           "body_part": "lumbar spine", "provider": "ptp",
           "history": [{"date": "2023-10-01", "status": "recommended"}]}
    case = case_with(declarations=[declaration("m1", "2023-09-01", "ptp", "2023-09-05",
                                               body_parts=[])],
                     date_of_injury="2023-01-02")
    case.treatments.append(parse_case({**BASE, "treatments": [doc]},
                                      today=date(2030, 1, 1)).treatments[0])
    rules = {f.rule for f in analyze(case, date(2024, 1, 1)).flags}
    assert "SURGERY_AFTER_MMI" in rules


@pytest.mark.parametrize(("entered", "weeks", "pension"), [
    ("69.9", "433.25", "77.31"),   # rounds to 70 %: 70 % weeks, the 70 %+ rate, a pension
    ("75.1", "513.25", "115.96"),  # rounds to 75 %: the pension of 15 points
    ("69.8", "429.25", None),      # rounds to 69.75 %: below the pension's band
])
def test_the_life_pension_uses_the_rating_in_its_quarter_steps(
    entered: str, weeks: str, pension: str | None
) -> None:
    from decimal import Decimal

    case = case_with(declarations=[declaration("m1", "2015-06-01", "ptp", "2015-06-05",
                                               pd_percent=float(entered))],
                     date_of_injury="2014-06-01", average_weekly_wage="2000.00")
    pd = analyze(case, date(2016, 1, 1)).benefits.pd
    assert pd is not None and pd.weeks == Decimal(weeks)
    assert pd.life_pension_weekly == (Decimal(pension) if pension else None)

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

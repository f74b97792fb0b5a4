"""The optional case keys of issue 12: read, validated with a message naming the field,
written back; files without them import and export unchanged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from mmi_desktop.domain.casefile import case_to_dict, loads_case
from mmi_desktop.domain.errors import CaseError
from mmi_desktop.domain.model import ResolutionKind, ServiceMethod, TDCapException
from tests.conftest import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "resources" / "samples").glob("[0-9]*.json")) + sorted(
    EXAMPLES.glob("*.json")
)
TODAY = date(2026, 11, 27)
NEW_KEYS = {
    "td_cap_exception",
    "rtw_offer",
    "employer_50_or_more",
    "served",
    "served_by",
    "report_date",
    "resolution",
}


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_files_without_the_new_keys_are_written_back_without_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    document = json.loads(text)
    case = loads_case(text, today=TODAY)
    written = case_to_dict(case)
    assert not (_keys(written) - _keys(document)) & NEW_KEYS
    assert case.resolution is None and case.claim.td_cap_exception is None


def _document() -> dict[str, object]:
    document = json.loads((EXAMPLES / "pending-surgery.json").read_text(encoding="utf-8"))
    document["claim"]["td_cap_exception"] = "pulmonary_fibrosis"
    document["claim"]["rtw_offer"] = "offered"
    document["claim"]["employer_50_or_more"] = False
    history = document["treatments"][0]["history"]
    history[-1]["status"] = "denied"  # a UR decision: the one kind of entry that is served
    history[-1]["served"] = history[-1]["date"]
    history[-1]["served_by"] = "mail"
    declaration = document["mmi_declarations"][0]
    declaration["report_date"] = declaration["report_received"]
    document["resolution"] = {
        "kind": "stipulated_award",
        "signed": "2024-09-03",
        "approved": "2024-09-20",
        "amount": "15400.00",
        "future_medical_open": None,
    }
    return document


def test_the_new_keys_round_trip() -> None:
    document = _document()
    case = loads_case(json.dumps(document), today=TODAY)
    assert case.claim.td_cap_exception is TDCapException.PULMONARY_FIBROSIS
    assert case.treatments[0].history[-1].served_by is ServiceMethod.MAIL
    assert case.resolution is not None
    assert case.resolution.kind is ResolutionKind.STIPULATED_AWARD
    again = loads_case(json.dumps(case_to_dict(case)), today=TODAY)
    assert again == case
    assert case_to_dict(again)["resolution"] == document["resolution"]


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (
            lambda d: d["claim"].update(td_cap_exception="broken_arm"),
            "claim.td_cap_exception",
            "must be one of",
        ),
        (
            lambda d: d["claim"].update(employer_50_or_more="yes"),
            "claim.employer_50_or_more",
            "true or false",
        ),
        (lambda d: d["resolution"].update(kind="walk_away"), "resolution.kind", "must be one of"),
        (lambda d: d["resolution"].update(kind=None), "resolution.kind", "is required"),
        (lambda d: d["resolution"].update(amount=15400), "resolution.amount", "amount in quotes"),
        (
            lambda d: d["resolution"].update(approved="2024-08-01"),
            "resolution.approved",
            "before the date it was signed",
        ),
        (lambda d: d["resolution"].update(extra=1), "resolution.extra", "not a field of a case"),
        (
            lambda d: d["mmi_declarations"][0].update(report_date="2024-01-01"),
            "mmi_declarations[0].report_date",
            "before the MMI date",
        ),
        (
            lambda d: d["treatments"][0]["history"][-1].update(served="2020-01-01"),
            "treatments[0].history[2].served",
            "before the date of the decision",
        ),
        (
            lambda d: d["treatments"][0]["history"][-1].update(served=None),
            "treatments[0].history[2].served_by",
            "needs the date",
        ),
        (
            lambda d: d["treatments"][0]["history"][-1].update(status="completed"),
            "treatments[0].history[2].served",
            "only for a utilization review decision",
        ),
    ],
)
def test_bad_new_keys_are_refused_naming_the_field(change: object, path: str, words: str) -> None:
    document = _document()
    change(document)  # type: ignore[operator]
    with pytest.raises(CaseError) as caught:
        loads_case(json.dumps(document), today=TODAY)
    found = {p.path: p.message for p in caught.value.problems}
    assert path in found, found
    assert words in found[path]


def test_a_stored_record_served_on_another_status_still_reads() -> None:
    """The served rule came after records were saved: a record read back from the database
    still opens; the rule applies when it is saved again."""
    from mmi_desktop.domain.casefile import parse_case

    document = _document()
    document["treatments"][0]["history"][-1]["status"] = "completed"
    case = parse_case(document, today=TODAY, stored=True)
    assert case.treatments[0].history[-1].served is not None
    with pytest.raises(CaseError, match="only for a utilization review decision"):
        parse_case(document, today=TODAY)


def test_an_impairment_number_is_read_without_surrounding_spaces() -> None:
    document = _document()
    impairment = document["mmi_declarations"][0]["impairments"][0]
    number = impairment["impairment_number"]
    impairment["impairment_number"] = f"  {number}\t"
    case = loads_case(json.dumps(document), today=TODAY)
    assert case.mmi_declarations[0].impairments[0].impairment_number == number

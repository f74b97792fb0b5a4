"""Plain words (issue 17): every problem the reader and the validator report names the field
by its label, never by a dotted path, an index in brackets or a phrase of the file format."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from mmi_desktop.domain import fields
from mmi_desktop.domain.casefile import loads_case, validate_case
from mmi_desktop.domain.errors import CaseError, Problem

TODAY = date(2024, 6, 1)
DOTTED = re.compile(r"[a-z_]{2,}\.[a-z_]{2,}")
INDEX = re.compile(r"\[\d+\]")
INTERNAL = ("decimal string", "unknown key", "mmi_declarations", "date_of_injury")

FULL: dict[str, Any] = {
    "format": "mmi-case/1",
    "client": {
        "first_name": "Ana", "last_name": "Ruiz", "date_of_birth": "1980-02-03",
        "language": "es", "phone": "555 0100", "email": "ana@example",
        "address": {"line1": "1 Elm St", "line2": None, "city": "Fresno", "state": "CA",
                    "zip": "93728"},
    },
    "claim": {
        "claim_number": "C1", "adj_number": "ADJ1", "injury_type": "specific",
        "date_of_injury": "2022-01-10", "employer": "Acme", "claims_administrator": "Ever",
        "occupation": "Clerk", "occupational_group": 214, "average_weekly_wage": "900.00",
        "represented": True, "body_parts": ["knee"], "psych_sleep_sexual_exception": None,
        "td_cap_exception": "amputation", "rtw_offer": "offered", "employer_50_or_more": True,
    },
    "providers": [{"id": "p1", "name": "Dr A", "specialty": "Ortho", "role": "PTP"}],
    "treatments": [{
        "id": "t1", "category": "surgery", "description": "Knee surgery", "body_part": "knee",
        "provider": "p1", "authorized_visits": 6, "completed_visits": 2,
        "history": [{"date": "2022-03-01", "status": "requested"},
                    {"date": "2022-03-10", "status": "denied", "served": "2022-03-11",
                     "served_by": "mail"}],
    }],
    "visits": [{"date": "2022-02-01", "provider": "p1", "trend": "improving", "note": "ok"}],
    "mmi_declarations": [{
        "id": "m1", "date": "2023-01-05", "provider": "p1", "report_received": "2023-01-20",
        "body_parts": ["knee"], "future_medical": True,
        "impairments": [{"body_part": "knee", "impairment_number": "17.05.10.08", "wpi": 7,
                         "final_rating": 9, "apportionment_pct": 10, "fec_factor": 1.2,
                         "pain_add_on": 1, "prior_award_pct": 2}],
        "combine": "cvc", "combine_reason": None, "pd_percent": 9,
        "restrictions": [{"text": "No kneeling", "body_part": "knee", "permanent": True}],
        "report_date": "2023-01-15",
    }],
    "temporary_disability": [{"start": "2022-01-11", "end": "2022-06-30"}],
    "notes": "Invented case",
    "resolution": {"kind": "stipulated_award", "signed": "2023-05-01",
                   "approved": "2023-05-20", "amount": "12000.00", "future_medical_open": None},
}

# Values of every wrong kind, each given to every field in turn.
BAD_VALUES: list[Any] = [
    None, "", "  ", "x", "2021-02-30", "2024-13-01", "1899-12-31", "2099-01-01", "03/04/2022",
    "12.345", "-5.00", "1" * 20, 1.2345678, -1, 0, 1e30, 10**30, 7.5, 101, True, [], {},
    ["x"], [{}], "a\x00b", "a\u202eb", "line\nbreak", "\ud800",
]


Found = tuple[dict[str, Any], fields.Field, str]


def _objects(doc: Any, spec: fields.Field, path: str) -> Iterator[Found]:
    """Every object of `doc` with its declaration and path."""
    yield doc, spec, path
    for child in spec.fields:
        value = doc.get(child.key)
        where = f"{path}.{child.key}" if path else child.key
        if child.kind is fields.Kind.OBJECT and isinstance(value, dict):
            yield from _objects(value, child, where)
        elif child.kind is fields.Kind.LIST and isinstance(value, list):
            for i, item in enumerate(value):
                yield from _objects(item, child, f"{where}[{i}]")


def _bad_documents() -> Iterator[Any]:
    count = len(list(_objects(FULL, fields.CASE, "")))
    for n in range(count):
        keys = next(o for i, o in enumerate(_objects(FULL, fields.CASE, "")) if i == n)[1].keys
        for key in keys:
            for bad in BAD_VALUES:
                doc = copy.deepcopy(FULL)
                obj = next(o for i, o in enumerate(_objects(doc, fields.CASE, "")) if i == n)[0]
                obj[key] = bad
                yield doc
            doc = copy.deepcopy(FULL)
            obj = next(o for i, o in enumerate(_objects(doc, fields.CASE, "")) if i == n)[0]
            obj.pop(key, None)
            yield doc
        doc = copy.deepcopy(FULL)
        obj = next(o for i, o in enumerate(_objects(doc, fields.CASE, "")) if i == n)[0]
        obj["surplus_key"] = 1
        yield doc
    # Rules across fields: order, references, duplicates, totals.
    rules: list[tuple[str, Any]] = [
        ("claim.date_of_injury", "1979-01-01"),
        ("providers", [FULL["providers"][0], FULL["providers"][0]]),
        ("treatments[0].provider", "nobody"),
        ("treatments[0].completed_visits", 9),
        ("treatments[0].history[0].date", "2022-04-01"),
        ("treatments[0].history[0].served", "2022-03-02"),
        ("treatments[0].history[1].served", "2022-03-01"),
        ("treatments[0].history[1].served_by", "electronic"),
        ("treatments", [FULL["treatments"][0], FULL["treatments"][0]]),
        ("visits[0].provider", "nobody"),
        ("mmi_declarations[0].date", "2021-01-01"),
        ("mmi_declarations[0].report_received", "2022-12-01"),
        ("mmi_declarations[0].report_date", "2022-12-01"),
        ("mmi_declarations[0].report_date", "2023-01-25"),
        ("mmi_declarations[0].combine", "add"),
        ("mmi_declarations[0].impairments", [FULL["mmi_declarations"][0]["impairments"][0]] * 4),
        ("mmi_declarations", [FULL["mmi_declarations"][0]] * 2),
        ("temporary_disability[0].end", "2022-01-01"),
        ("temporary_disability[0].start", "2021-01-01"),
        ("resolution.signed", "2021-01-01"),
        ("resolution.approved", "2023-04-01"),
        ("resolution.amount", "10000000000000.00"),
        ("claim.body_parts", []),
        ("claim.body_parts", ["knee", " "]),
        ("format", "mmi-case/2"),
    ]
    for path, value in rules:
        doc = copy.deepcopy(FULL)
        tokens = re.findall(r"([a-z_]+)(?:\[(\d+)\])?", path)
        target: Any = doc
        for key, index in tokens[:-1]:
            target = target[key][int(index)] if index else target[key]
        key, index = tokens[-1]
        if index:
            target[key][int(index)] = value
        else:
            target[key] = value
        yield doc
    yield []
    yield "text"
    yield {"format": "mmi-case/1"}


def _problems() -> list[Problem]:
    out: list[Problem] = []
    for doc in _bad_documents():
        try:
            loads_case(json.dumps(doc), TODAY)
        except CaseError as exc:
            out.extend(exc.problems)
    out.extend(_problems_of_text(b"{not json"))
    out.extend(_problems_of_text(b"[" * 100_000))
    return out


def _problems_of_text(text: bytes) -> list[Problem]:
    try:
        loads_case(text, TODAY)
    except CaseError as exc:
        return exc.problems
    raise AssertionError("not refused")


@pytest.fixture(scope="module")
def problems() -> list[Problem]:
    return _problems()


def test_the_walk_reaches_many_kinds_of_problem(problems: list[Problem]) -> None:
    paths = {re.sub(r"\[\d*\]", "[]", p.path) for p in problems}
    messages = {re.sub(r"got .*", "got …", p.message) for p in problems}
    # every field of the format is reached at least once
    declared = set()
    for _obj, spec, path in _objects(FULL, fields.CASE, ""):
        for child in spec.fields:
            where = f"{path}.{child.key}" if path else child.key
            declared.add(re.sub(r"\[\d*\]", "[]", where))
    assert declared <= paths, sorted(declared - paths)
    assert len(messages) > 60


def test_no_message_shows_a_path_an_index_or_a_format_phrase(problems: list[Problem]) -> None:
    bad = []
    for p in problems:
        for text in (str(p), str(CaseError([p]))):
            shown = text.replace("mmi-case/1", "").replace("mmi-case/2", "")
            if DOTTED.search(shown) or INDEX.search(shown) or any(
                phrase in shown.replace("surplus_key", "") for phrase in INTERNAL
            ):
                bad.append(text)
    assert not bad, sorted(set(bad))[:40]


def test_each_problem_keeps_its_path_for_exports_and_names_the_field(
    problems: list[Problem],
) -> None:
    for p in problems:
        if p.path:
            assert p.label and p.label != p.path
            assert str(p).startswith(p.label + ": ")


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("claim.date_of_injury", "Date of injury"),
        ("treatments[0].history[1].status", "Treatment 1 › Status change 2 › Status"),
        ("mmi_declarations[1].impairments[0].wpi", "MMI declaration 2 › Impairment 1 › WPI %"),
        ("claim.body_parts[2]", "Body part 3"),
        ("client.address.zip", "Address › ZIP code"),
        ("resolution.amount", "Settlement › Amount"),
        ("providers[0].surplus_key", "Provider 1 › “surplus key”"),
    ],
)
def test_labels(path: str, label: str) -> None:
    assert fields.label(path) == label


def test_the_validator_alone_speaks_plain_words() -> None:
    case = loads_case(json.dumps(FULL), TODAY)
    case.treatments[0].history[0].date = date(2030, 1, 1)
    case.client.first_name = " "
    problems = validate_case(case, TODAY)
    assert problems
    for p in problems:
        assert not DOTTED.search(str(p)) and not INDEX.search(str(p)), str(p)

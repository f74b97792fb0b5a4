"""Deadlines exported as iCalendar: the file parses back with the library."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from icalendar import Calendar

from mmi_desktop.calendar_ics import deadline_uid, deadlines_to_ics
from mmi_desktop.cli import main
from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.casefile import load_case
from tests.conftest import EXAMPLES

TODAY = date(2026, 11, 27)


def events(data: bytes) -> list:  # type: ignore[type-arg]
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_every_deadline_becomes_an_all_day_event() -> None:
    case = load_case(EXAMPLES / "pending-surgery.json", today=TODAY)
    result = analyze(case, TODAY)
    parsed = events(deadlines_to_ics([(7, case, result)]))
    assert len(parsed) == len(result.deadlines) > 0
    by_uid = {str(e["UID"]): e for e in parsed}
    objection = by_uid[deadline_uid(7, "OBJECTION_TO_REPORT", "m1")]
    assert objection.decoded("DTSTART") == date(2024, 7, 18)
    assert objection.decoded("DTEND") == date(2024, 7, 19)
    assert "Gutierrez, Ana" in str(objection["SUMMARY"])
    assert "Object to the medical report" in str(objection["SUMMARY"])
    assert "LC 4062(a)" in str(objection["DESCRIPTION"])
    alarm = next(iter(objection.walk("VALARM")))
    assert alarm.decoded("TRIGGER") == -timedelta(days=3)
    for event, deadline in zip(parsed, result.deadlines, strict=True):
        assert event.decoded("DTSTART") == deadline.due


def test_uids_are_unique_and_stable() -> None:
    clean = load_case(EXAMPLES / "clean.json", today=TODAY)
    pending = load_case(EXAMPLES / "pending-surgery.json", today=TODAY)
    entries = [(1, clean, analyze(clean, TODAY)), (2, pending, analyze(pending, TODAY))]
    first = [str(e["UID"]) for e in events(deadlines_to_ics(entries))]
    second = [str(e["UID"]) for e in events(deadlines_to_ics(entries))]
    assert len(set(first)) == len(first)
    assert first == second


def test_calendar_command_for_all_and_one_case(tmp_path: Path, db_path: Path) -> None:
    files = [str(EXAMPLES / "clean.json"), str(EXAMPLES / "pending-surgery.json")]
    assert main(["import", *files, "--db", str(db_path)]) == 0
    out = tmp_path / "all.ics"
    assert main(["calendar", "--db", str(db_path), "-o", str(out), "--as-of", "2026-11-27"]) == 0
    every = events(out.read_bytes())
    one = tmp_path / "one.ics"
    assert main(["calendar", "--db", str(db_path), "--case", "2", "-o", str(one)]) == 0
    single = events(one.read_bytes())
    assert 0 < len(single) < len(every)
    assert all(str(e["UID"]).startswith("case-2-") for e in single)

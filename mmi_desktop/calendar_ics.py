"""Deadlines as an iCalendar file that a firm's calendar can import (icalendar library)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from mmi_desktop import __version__
from mmi_desktop.domain.analysis_text import deadline_title
from mmi_desktop.domain.model import Case, Language
from mmi_desktop.domain.results import Analysis

REMIND_DAYS_BEFORE = 3


def deadline_uid(case_id: int, kind: str, declaration: str | None) -> str:
    """Stable across exports, so importing again updates events instead of doubling them."""
    return f"case-{case_id}-{kind}-{declaration or 'case'}@mmi-desktop"


def _plain(text: str) -> str:
    """Text from a case as a calendar shows it: a control character (one a database
    written before they were refused may still hold) becomes U+FFFD, so the file stays
    one that every calendar program reads."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else "\ufffd" for ch in text)


def deadlines_to_ics(entries: Iterable[tuple[int, Case, Analysis]]) -> bytes:
    """One all-day event per deadline, with a reminder a few days before; past ones too,
    so the calendar shows the whole history of the case."""
    cal = Calendar()
    cal.add("prodid", f"-//MMI Desktop//{__version__}//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "MMI Desktop deadlines")
    stamp = datetime.now(UTC)
    for case_id, case, analysis in entries:
        who = _plain(case.client.display_name)
        claim = _plain(case.claim.claim_number or "no claim number")
        for d in analysis.deadlines:
            event = Event()
            event.add("uid", deadline_uid(case_id, d.kind, d.declaration))
            event.add("dtstamp", stamp)
            event.add("dtstart", d.due)
            event.add("dtend", d.due + timedelta(days=1))
            estimated = " (estimated)" if d.estimated else ""
            event.add("summary", f"{who}: {deadline_title(d.kind, Language.EN)}{estimated}")
            event.add(
                "description",
                f"Client: {_plain(case.client.full_name)}\nClaim: {claim}\n"
                f"Date of injury: {case.claim.date_of_injury:%m/%d/%Y}\n"
                f"Basis: {d.basis[Language.EN]}",
            )
            event.add("categories", ["MMI Desktop", d.kind])
            event.add("transp", "TRANSPARENT")
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Due in {REMIND_DAYS_BEFORE} days: {who}")
            alarm.add("trigger", timedelta(days=-REMIND_DAYS_BEFORE))
            event.add_component(alarm)
            cal.add_component(event)
    return cal.to_ical()

"""The caseworker's agenda: every deadline of the cases' analyses and every follow-up added
by hand, grouped relative to a day (Overdue first, Today, This week, Next week, Later), each
with a stable key that its done mark, owner and note are kept under.

A deadline's key is its case, kind, declaration and due date: a deadline whose date changes
(a report's receipt date entered) is a new deadline, which a mark on the old date does not
close. A follow-up's key is its case and its own number.

How far away a petition date is "far off" (not a case's next due, always under Later) is
data: resources/rates/agenda.json, with its reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from functools import cache
from typing import Any

from mmi_desktop.domain.analysis_text import deadline_title
from mmi_desktop.domain.model import Language
from mmi_desktop.domain.results import Deadline
from mmi_desktop.paths import resource

FOLLOW_UP = "FOLLOW_UP"
_NO_DECLARATION = "-"

# What a caseworker may type (not law: the sizes of the boxes).
TEXT_MAX = 300
OWNER_MAX = 100
NOTE_MAX = 1000


class Group(Enum):
    """The agenda's headings, in the order shown."""

    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"
    NEXT_WEEK = "next_week"
    LATER = "later"


GROUPS: tuple[Group, ...] = tuple(Group)


@dataclass(frozen=True, slots=True)
class FarOffRule:
    """A kind of deadline that is years away by its nature (the five-year petition)."""

    kind: str
    far_off_days: int
    always_later: bool
    reason: str
    source: str


@cache
def _table() -> dict[str, Any]:
    with resource("rates", "agenda.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@cache
def lapsed_after_days() -> int:
    """How long after its date a deadline of the analysis leaves the agenda (with the
    reason in resources/rates/agenda.json)."""
    return int(_table()["lapsed_after_days"])


@cache
def far_off_rules() -> dict[str, FarOffRule]:
    data = _table()
    return {
        kind: FarOffRule(kind, int(row["far_off_days"]), bool(row["always_later"]),
                         row["reason"], row["source"])
        for kind, row in data["far_off"].items()
    }


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One line of the agenda: a deadline of a case, or a follow-up added by hand."""

    key: str
    case_id: int
    client: str  # "Last, First"
    kind: str  # a deadline kind of domain.deadlines, or FOLLOW_UP
    title: str  # what is to be done, in words
    due: date
    estimated: bool = False
    declaration: str | None = None
    follow_up_id: int | None = None

    @property
    def is_follow_up(self) -> bool:
        return self.kind == FOLLOW_UP

    def days_left(self, today: date) -> int:
        return (self.due - today).days


@dataclass(frozen=True, slots=True)
class Mark:
    """What a caseworker set on an item: its owner, a note, and whether (by whom, when) it
    was done. An item without a mark is open, with no owner and no note."""

    key: str
    case_id: int
    owner: str = ""
    note: str = ""
    done_by: str | None = None
    done_at: datetime | None = None

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A follow-up a caseworker added by hand ("call the client on Friday")."""

    id: int
    case_id: int
    due: date
    text: str
    created_by: str = ""
    created_at: datetime | None = None


# ---------------------------------------------------------------------------- keys
def deadline_key(case_id: int, kind: str, declaration: str | None, due: date) -> str:
    return f"{case_id}:{kind}:{declaration or _NO_DECLARATION}:{due.isoformat()}"


def follow_up_key(case_id: int, follow_up_id: int) -> str:
    return f"{case_id}:{FOLLOW_UP}:{follow_up_id}"


def case_id_of(key: str) -> int:
    """The case an item key belongs to; ValueError for a string that is not a key."""
    head, sep, _rest = key.partition(":")
    if not sep or not head.isdigit():
        raise ValueError(f"{key!r} is not an agenda item key")
    return int(head)


# ---------------------------------------------------------------------------- items
@cache
def _title(kind: str, lang: Language) -> str:
    return deadline_title(kind, lang)  # (looked up once per kind: the agenda makes 30,000)


def deadline_item(
    case_id: int,
    client: str,
    kind: str,
    declaration: str | None,
    due: date,
    estimated: bool = False,
    lang: Language = Language.EN,
) -> AgendaItem:
    title = _title(kind, lang)
    return AgendaItem(deadline_key(case_id, kind, declaration, due), case_id, client, kind,
                      title, due, estimated, declaration)


def items_from_deadlines(
    case_id: int, client: str, deadlines: Iterable[Deadline], lang: Language = Language.EN
) -> list[AgendaItem]:
    """The agenda items of one case's analysed deadlines (the open case's header)."""
    return [deadline_item(case_id, client, d.kind, d.declaration, d.due, d.estimated, lang)
            for d in deadlines]


def follow_up_item(follow_up: FollowUp, client: str) -> AgendaItem:
    return AgendaItem(follow_up_key(follow_up.case_id, follow_up.id), follow_up.case_id,
                      client, FOLLOW_UP, follow_up.text, follow_up.due,
                      follow_up_id=follow_up.id)


def is_done(item: AgendaItem, marks: Mapping[str, Mark]) -> bool:
    mark = marks.get(item.key)
    return mark is not None and mark.done


# ---------------------------------------------------------------------------- grouping
def week_start(day: date) -> date:
    """The Monday of `day`'s week (a firm's working week)."""
    return day - timedelta(days=day.weekday())


def is_lapsed(item: AgendaItem, today: date) -> bool:
    """A deadline passed so long ago that acting now cannot meet it; never a follow-up."""
    return not item.is_follow_up and item.days_left(today) < -lapsed_after_days()


def group_of(item: AgendaItem, today: date) -> Group:
    rule = far_off_rules().get(item.kind)
    if rule is not None and rule.always_later:
        return Group.LATER
    if item.due < today:
        return Group.OVERDUE
    if item.due == today:
        return Group.TODAY
    next_monday = week_start(today) + timedelta(days=7)
    if item.due < next_monday:
        return Group.THIS_WEEK
    if item.due < next_monday + timedelta(days=7):
        return Group.NEXT_WEEK
    return Group.LATER


def order_key(item: AgendaItem) -> tuple[date, str, str, str]:
    return (item.due, item.client.casefold(), item.kind, item.key)


def grouped(
    items: Iterable[AgendaItem],
    marks: Mapping[str, Mark],
    today: date,
    show_done: bool = False,
) -> list[tuple[Group, list[AgendaItem]]]:
    """Every heading in order with its items by due date (then client); done items are
    left out unless `show_done`, lapsed deadlines always."""
    found: dict[Group, list[AgendaItem]] = {g: [] for g in GROUPS}
    for item in items:
        if (not show_done and is_done(item, marks)) or is_lapsed(item, today):
            continue
        found[group_of(item, today)].append(item)
    return [(g, sorted(found[g], key=order_key)) for g in GROUPS]


# ---------------------------------------------------------------------------- next due
def is_far_off(item: AgendaItem, today: date) -> bool:
    """A petition date further away than its table says (never a passed one)."""
    rule = far_off_rules().get(item.kind)
    return rule is not None and item.days_left(today) > rule.far_off_days


def next_due(
    items: Iterable[AgendaItem], marks: Mapping[str, Mark], today: date
) -> AgendaItem | None:
    """The nearest open item that is not a far-off petition date; an overdue one comes
    first (the longest overdue the most urgent), a lapsed one not at all."""
    open_items = [i for i in items if not is_done(i, marks) and not is_far_off(i, today)
                  and not is_lapsed(i, today)]
    return min(open_items, key=order_key, default=None)


def next_due_by_case(
    items: Iterable[AgendaItem], marks: Mapping[str, Mark], today: date
) -> dict[int, AgendaItem]:
    """next_due of every case that has one, in one pass (the case list's column)."""
    best: dict[int, AgendaItem] = {}
    for item in items:
        if is_done(item, marks) or is_far_off(item, today) or is_lapsed(item, today):
            continue
        held = best.get(item.case_id)
        if held is None or order_key(item) < order_key(held):
            best[item.case_id] = item
    return best


# ---------------------------------------------------------------------------- calendar
@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """An all-day calendar event, as the calendar writer turns it into iCalendar."""

    uid: str
    day: date
    summary: str
    description: str
    categories: tuple[str, ...]
    remind: bool  # an open item gets a reminder; a done one does not


def follow_up_uid(case_id: int, follow_up_id: int) -> str:
    """Stable across exports (like a deadline's), so importing again updates the event."""
    return f"case-{case_id}-{FOLLOW_UP}-{follow_up_id}@mmi-desktop"


def follow_up_events(
    follow_ups: Iterable[FollowUp],
    clients: Mapping[int, str],
    marks: Mapping[str, Mark],
) -> list[CalendarEvent]:
    """One event per follow-up (a done one too, said so, so that importing again updates
    the event already in the calendar), by date."""
    events = []
    for f in sorted(follow_ups, key=lambda f: (f.due, f.case_id, f.id)):
        client = clients.get(f.case_id, f"Case {f.case_id}")
        mark = marks.get(follow_up_key(f.case_id, f.id))
        lines = [f"Client: {client}", f"Follow-up: {f.text}"]
        if mark is not None and mark.owner:
            lines.append(f"Owner: {mark.owner}")
        if mark is not None and mark.note:
            lines.append(f"Note: {mark.note}")
        done = mark is not None and mark.done
        if done:
            assert mark is not None and mark.done_at is not None
            lines.append(f"Done {mark.done_at:%m/%d/%Y} by {mark.done_by or 'unknown'}")
        events.append(CalendarEvent(
            uid=follow_up_uid(f.case_id, f.id),
            day=f.due,
            summary=f"{client}: {f.text}" + (" (done)" if done else ""),
            description="\n".join(lines),
            categories=("MMI Desktop", FOLLOW_UP),
            remind=not done,
        ))
    return events


def owners(marks: Iterable[Mark]) -> list[str]:
    """The owners named so far, for an owner box's choices (case and spaces ignored)."""
    seen: dict[str, str] = {}
    for mark in marks:
        name = mark.owner.strip()
        if name:
            seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)

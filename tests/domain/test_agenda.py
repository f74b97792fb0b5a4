"""The agenda's engine: keys, grouping by day, a case's next due, follow-ups as events."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from mmi_desktop.domain.agenda import (
    FOLLOW_UP,
    GROUPS,
    AgendaItem,
    FollowUp,
    Group,
    Mark,
    case_id_of,
    deadline_item,
    deadline_key,
    far_off_rules,
    follow_up_events,
    follow_up_item,
    follow_up_key,
    group_of,
    grouped,
    is_far_off,
    is_lapsed,
    items_from_deadlines,
    lapsed_after_days,
    next_due,
    next_due_by_case,
    owners,
)
from mmi_desktop.domain.deadlines import (
    KINDS,
    NEW_AND_FURTHER,
    OBJECTION_TO_REPORT,
    PD_FIRST_PAYMENT,
    TD_CAP,
    case_deadlines,
)
from mmi_desktop.paths import resource

from .conftest import AS_OF, make_case

TODAY = date(2026, 12, 2)  # a Wednesday
assert TODAY.weekday() == 2


def item(kind: str, due: date, case_id: int = 1, client: str = "Doe, Jane",
         declaration: str | None = None) -> AgendaItem:
    return deadline_item(case_id, client, kind, declaration, due)


def done(*items: AgendaItem) -> dict[str, Mark]:
    return {i.key: Mark(i.key, i.case_id, done_by="ana", done_at=datetime(2026, 12, 1, 9))
            for i in items}


# ------------------------------------------------------------------------------ keys
def test_a_deadline_key_names_case_kind_declaration_and_date() -> None:
    key = deadline_key(12, OBJECTION_TO_REPORT, "m1", date(2026, 12, 4))
    assert key == "12:OBJECTION_TO_REPORT:m1:2026-12-04"
    assert case_id_of(key) == 12
    # Two declarations' objections due the same day are two items; a new date is a new item.
    assert key != deadline_key(12, OBJECTION_TO_REPORT, "m2", date(2026, 12, 4))
    assert key != deadline_key(12, OBJECTION_TO_REPORT, "m1", date(2026, 12, 7))
    assert deadline_key(12, TD_CAP, None, date(2026, 12, 4)) == "12:TD_CAP:-:2026-12-04"


def test_a_follow_up_key_names_case_and_number() -> None:
    key = follow_up_key(7, 31)
    assert key == "7:FOLLOW_UP:31"
    assert case_id_of(key) == 7
    f = follow_up_item(FollowUp(31, 7, TODAY, "Call the client"), "Roe, Ann")
    assert (f.key, f.kind, f.title, f.follow_up_id, f.is_follow_up) == (
        key, FOLLOW_UP, "Call the client", 31, True)


@pytest.mark.parametrize("bad", ["", "abc", ":TD_CAP", "x1:TD_CAP"])
def test_a_string_that_is_not_a_key_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not an agenda item key"):
        case_id_of(bad)


def test_every_deadline_kind_has_words_for_the_what_column() -> None:
    for kind in KINDS:
        title = item(kind, TODAY).title
        assert title and "_" not in title and kind not in title


def test_items_of_an_analysed_case_keep_its_deadlines() -> None:
    case = make_case()
    deadlines = case_deadlines(case, AS_OF)
    items = items_from_deadlines(4, "Doe, Jane", deadlines)
    assert [(i.kind, i.due, i.estimated, i.declaration) for i in items] == [
        (d.kind, d.due, d.estimated, d.declaration) for d in deadlines]
    assert len({i.key for i in items}) == len(items)


# ------------------------------------------------------------------------------ grouping
@pytest.mark.parametrize(
    ("due", "group"),
    [
        (date(2026, 11, 2), Group.OVERDUE),
        (date(2026, 12, 1), Group.OVERDUE),
        (date(2026, 12, 2), Group.TODAY),
        (date(2026, 12, 3), Group.THIS_WEEK),
        (date(2026, 12, 6), Group.THIS_WEEK),  # Sunday: the week's last day
        (date(2026, 12, 7), Group.NEXT_WEEK),  # Monday
        (date(2026, 12, 13), Group.NEXT_WEEK),
        (date(2026, 12, 14), Group.LATER),
        (date(2029, 1, 1), Group.LATER),
    ],
)
def test_a_deadline_is_grouped_by_its_date_relative_to_today(due: date, group: Group) -> None:
    assert group_of(item(OBJECTION_TO_REPORT, due), TODAY) is group


@pytest.mark.parametrize("days", [-30, -1, 0, 1, 10, 2000])
def test_the_five_year_petition_date_is_always_under_later(days: int) -> None:
    petition = item(NEW_AND_FURTHER, TODAY + timedelta(days=days))
    assert group_of(petition, TODAY) is Group.LATER


def test_on_a_sunday_this_week_is_over_and_next_week_starts_tomorrow() -> None:
    sunday = date(2026, 12, 6)
    assert group_of(item(TD_CAP, date(2026, 12, 7)), sunday) is Group.NEXT_WEEK
    assert group_of(item(TD_CAP, date(2026, 12, 14)), sunday) is Group.LATER


def test_grouped_gives_every_heading_in_order_overdue_first_items_by_date() -> None:
    late = item(PD_FIRST_PAYMENT, date(2026, 11, 30), client="Zeta, Al")
    later_late = item(OBJECTION_TO_REPORT, date(2026, 11, 28), case_id=2, client="Alpha, Bo")
    today = item(TD_CAP, TODAY)
    petition = item(NEW_AND_FURTHER, date(2029, 5, 1))
    follow = follow_up_item(FollowUp(1, 1, date(2026, 12, 4), "Call"), "Doe, Jane")
    result = grouped([petition, today, late, follow, later_late], {}, TODAY)
    assert [g for g, _ in result] == list(GROUPS)
    assert GROUPS[0] is Group.OVERDUE
    by = dict(result)
    assert by[Group.OVERDUE] == [later_late, late]
    assert by[Group.TODAY] == [today]
    assert by[Group.THIS_WEEK] == [follow]
    assert by[Group.NEXT_WEEK] == []
    assert by[Group.LATER] == [petition]


def test_same_day_items_are_ordered_by_client_ignoring_case() -> None:
    a = item(TD_CAP, TODAY, case_id=1, client="de la Cruz, Ana")
    b = item(TD_CAP, TODAY, case_id=2, client="Baker, Tom")
    assert dict(grouped([a, b], {}, TODAY))[Group.TODAY] == [b, a]


def test_done_items_leave_the_agenda_unless_asked_for() -> None:
    a, b = item(TD_CAP, TODAY), item(OBJECTION_TO_REPORT, TODAY + timedelta(days=1))
    marks = done(a)
    assert dict(grouped([a, b], marks, TODAY))[Group.TODAY] == []
    assert dict(grouped([a, b], marks, TODAY, show_done=True))[Group.TODAY] == [a]
    # A mark with an owner or a note only does not close the item.
    noted = {b.key: Mark(b.key, 1, owner="Ana", note="waiting for the report")}
    assert dict(grouped([a, b], noted, TODAY))[Group.THIS_WEEK] == [b]


def test_a_done_mark_on_the_old_date_does_not_close_the_moved_deadline() -> None:
    old = item(OBJECTION_TO_REPORT, date(2026, 12, 3), declaration="m1")
    moved = item(OBJECTION_TO_REPORT, date(2026, 12, 10), declaration="m1")
    assert dict(grouped([moved], done(old), TODAY))[Group.NEXT_WEEK] == [moved]


# ------------------------------------------------------------------------------ next due
def test_next_due_is_the_nearest_open_deadline_and_an_overdue_one_comes_first() -> None:
    overdue = item(PD_FIRST_PAYMENT, TODAY - timedelta(days=2))
    soon = item(OBJECTION_TO_REPORT, TODAY + timedelta(days=3))
    petition = item(NEW_AND_FURTHER, TODAY + timedelta(days=1139))
    assert next_due([petition, soon, overdue], {}, TODAY) == overdue
    assert next_due([petition, soon, overdue], done(overdue), TODAY) == soon
    # Only a far-off petition date left: no next due (not "1,139 days left").
    assert next_due([petition, soon, overdue], done(overdue, soon), TODAY) is None


def test_a_petition_date_within_its_window_is_the_next_due() -> None:
    days = far_off_rules()[NEW_AND_FURTHER].far_off_days
    near = item(NEW_AND_FURTHER, TODAY + timedelta(days=days))
    far = item(NEW_AND_FURTHER, TODAY + timedelta(days=days + 1))
    passed = item(NEW_AND_FURTHER, TODAY - timedelta(days=1))
    assert (is_far_off(near, TODAY), is_far_off(far, TODAY), is_far_off(passed, TODAY)) == (
        False, True, False)
    assert next_due([far], {}, TODAY) is None
    assert next_due([near], {}, TODAY) == near
    assert next_due([passed], {}, TODAY) == passed


def test_other_kinds_are_never_far_off() -> None:
    assert not is_far_off(item(TD_CAP, TODAY + timedelta(days=700)), TODAY)
    assert next_due([item(TD_CAP, TODAY + timedelta(days=700))], {}, TODAY) is not None


def test_a_follow_up_can_be_the_next_due() -> None:
    follow = follow_up_item(FollowUp(5, 1, TODAY + timedelta(days=1), "Call"), "Doe, Jane")
    later = item(OBJECTION_TO_REPORT, TODAY + timedelta(days=5))
    assert next_due([later, follow], {}, TODAY) == follow


def test_next_due_by_case_agrees_with_next_due_for_each_case() -> None:
    items = [
        item(PD_FIRST_PAYMENT, TODAY - timedelta(days=4), case_id=1),
        item(OBJECTION_TO_REPORT, TODAY + timedelta(days=2), case_id=1),
        item(NEW_AND_FURTHER, TODAY + timedelta(days=900), case_id=2),
        item(TD_CAP, TODAY + timedelta(days=40), case_id=3),
        item(OBJECTION_TO_REPORT, TODAY + timedelta(days=1), case_id=3),
    ]
    marks = done(items[0])
    found = next_due_by_case(items, marks, TODAY)
    assert set(found) == {1, 3}
    for case_id in (1, 2, 3):
        own = [i for i in items if i.case_id == case_id]
        assert found.get(case_id) == next_due(own, marks, TODAY)


# ------------------------------------------------------------------------------ data
def test_far_off_is_data_with_its_reason_and_source() -> None:
    data = json.loads(resource("rates", "agenda.json").read_text(encoding="utf-8"))
    rules = far_off_rules()
    assert set(rules) == set(data["far_off"]) == {NEW_AND_FURTHER}
    for kind, rule in rules.items():
        assert kind in KINDS
        assert rule.far_off_days == data["far_off"][kind]["far_off_days"] > 14
        assert rule.reason.strip() and rule.source.strip()


# ------------------------------------------------------------------------------ calendar
def test_follow_ups_become_calendar_events_with_stable_uids() -> None:
    a = FollowUp(3, 1, date(2026, 12, 4), "Call the client about the QME")
    b = FollowUp(4, 2, date(2026, 12, 3), "Ask for the PTP report")
    marks = {follow_up_key(1, 3): Mark(follow_up_key(1, 3), 1, owner="Ana", note="after 2 pm",
                                       done_by="ben", done_at=datetime(2026, 12, 2, 10))}
    events = follow_up_events([a, b], {1: "Doe, Jane", 2: "Roe, Ann"}, marks)
    assert [e.day for e in events] == [b.due, a.due]
    first, second = events
    assert first.uid == "case-2-FOLLOW_UP-4@mmi-desktop"
    assert first.summary == "Roe, Ann: Ask for the PTP report"
    assert first.remind and "Owner" not in first.description
    assert second.summary == "Doe, Jane: Call the client about the QME (done)"
    assert not second.remind
    assert "Owner: Ana" in second.description and "Note: after 2 pm" in second.description
    assert "Done 12/02/2026 by ben" in second.description
    assert follow_up_events([a], {}, {})[0].summary.startswith("Case 1: ")
    # The same follow-up exported twice keeps its uid (the calendar updates the event).
    assert follow_up_events([a], {}, {})[0].uid == second.uid


def test_owners_are_offered_once_each_ignoring_case_and_spaces() -> None:
    marks = [Mark("1:x", 1, owner="Ana "), Mark("2:x", 2, owner="ana"), Mark("3:x", 3),
             Mark("4:x", 4, owner="Ben")]
    assert owners(marks) == ["Ana", "Ben"]


def test_a_deadline_long_past_lapses_from_the_agenda_and_next_due_a_follow_up_never() -> None:
    days = lapsed_after_days()
    last_day = item(OBJECTION_TO_REPORT, TODAY - timedelta(days=days))
    lapsed = item(PD_FIRST_PAYMENT, TODAY - timedelta(days=days + 1), case_id=2)
    old_call = follow_up_item(FollowUp(1, 3, TODAY - timedelta(days=days * 5), "Call"), "X, Y")
    assert (is_lapsed(last_day, TODAY), is_lapsed(lapsed, TODAY),
            is_lapsed(old_call, TODAY)) == (False, True, False)
    groups = dict(grouped([last_day, lapsed, old_call], {}, TODAY, show_done=True))
    assert groups[Group.OVERDUE] == [old_call, last_day]
    assert next_due([lapsed], {}, TODAY) is None
    assert next_due_by_case([lapsed, last_day, old_call], {}, TODAY) == {
        1: last_day, 3: old_call}


def test_the_lapse_is_data_with_its_reason() -> None:
    data = json.loads(resource("rates", "agenda.json").read_text(encoding="utf-8"))
    assert lapsed_after_days() == data["lapsed_after_days"] >= 30
    assert "Follow-ups" in data["lapsed_reason"]

"""The agenda's store: done marks (who, when, reversible), owners, notes and follow-ups,
each change one transaction with its audit row; bad input refused by its field's label."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from mmi_desktop.domain.agenda import Group, deadline_key, follow_up_key, grouped, next_due
from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.deadlines import NEW_AND_FURTHER
from mmi_desktop.store.agenda import (
    NOTE_MAX,
    TEXT_MAX,
    AgendaError,
    AgendaStore,
    FollowUpNotFoundError,
)
from mmi_desktop.store.cases import CaseNotFoundError, CaseStore
from mmi_desktop.store.database import (
    DatabaseError,
    current_revision,
    head_revision,
    open_database,
)
from tests.conftest import EXAMPLES

TODAY = date(2026, 11, 27)


@pytest.fixture
def case_id(store: CaseStore) -> int:
    return store.create(load_case(EXAMPLES / "pending-surgery.json", today=TODAY))


@pytest.fixture
def agenda(db) -> AgendaStore:  # type: ignore[no-untyped-def]
    return AgendaStore(db, "Ana Ruiz")


def audit(store: CaseStore, prefix: str = "") -> list[tuple[str, str, str]]:
    return [(r.action, r.os_user, r.path) for r in store.audit()
            if r.action.startswith(("agenda", "follow_up")) and r.action.startswith(prefix)]


def test_the_agenda_holds_every_cached_deadline_of_a_case(
        agenda: AgendaStore, store: CaseStore, case_id: int) -> None:
    items, marks = agenda.agenda()
    assert marks == {}
    with store.db.session() as s:
        from sqlalchemy import select

        from mmi_desktop.store.models import DeadlineRow
        cached = {(r.kind, r.declaration, r.due) for r in s.scalars(select(DeadlineRow))}
    assert {(i.kind, i.declaration, i.due) for i in items} == cached
    assert NEW_AND_FURTHER in {i.kind for i in items}
    case = store.load(case_id).case
    assert {i.client for i in items} == {case.client.display_name}


def test_done_is_kept_with_who_and_when_audited_and_reversible(
        agenda: AgendaStore, store: CaseStore, case_id: int) -> None:
    items, _ = agenda.agenda()
    first = next(i for _, group in grouped(items, {}, TODAY) for i in group)
    mark = agenda.mark_done(first.key)
    assert (mark.done, mark.done_by, mark.key) == (True, "Ana Ruiz", first.key)
    assert mark.done_at is not None
    items, marks = agenda.agenda()
    assert marks[first.key].done
    assert first not in [i for _, group in grouped(items, marks, TODAY) for i in group]
    # Marking it again (another window) changes nothing and logs nothing more.
    AgendaStore(store.db, "Ben Ortiz").mark_done(first.key)
    assert agenda.marks()[first.key].done_by == "Ana Ruiz"
    assert audit(store) == [("agenda_done", "Ana Ruiz", first.key)]
    row = next(r for r in store.audit() if r.action == "agenda_done")
    assert json.loads(row.new_value or "")["done_by"] == "Ana Ruiz"

    AgendaStore(store.db, "Ben Ortiz").reopen(first.key)
    assert agenda.marks() == {}  # an empty mark is not kept
    items, marks = agenda.agenda()
    assert first in [i for _, group in grouped(items, marks, TODAY) for i in group]
    assert audit(store) == [("agenda_done", "Ana Ruiz", first.key),
                            ("agenda_reopen", "Ben Ortiz", first.key)]
    agenda.reopen(first.key)  # open already: nothing logged
    assert len(audit(store)) == 2


def test_a_done_deadline_leaves_its_case_next_due(
        agenda: AgendaStore, case_id: int) -> None:
    items, marks = agenda.agenda()
    first = min(items, key=lambda i: i.due)
    today = first.due + timedelta(days=1)  # the case's first deadline missed yesterday
    assert next_due(items, marks, today) == first
    agenda.mark_done(first.key)
    items, marks = agenda.agenda()
    after = next_due(items, marks, today)
    assert after != first and (after is None or after.due >= first.due)


def test_owner_and_note_are_kept_audited_and_survive_done_and_reopen(
        agenda: AgendaStore, store: CaseStore, case_id: int) -> None:
    key = agenda.agenda()[0][0].key
    agenda.set_owner(key, "  Ana  ")
    agenda.set_note(key, "Waiting for the PTP's\nsupplemental report")
    agenda.set_owner(key, "Ana")  # unchanged: nothing logged
    agenda.mark_done(key)
    agenda.reopen(key)
    mark = agenda.marks()[key]
    assert (mark.owner, mark.note, mark.done) == (
        "Ana", "Waiting for the PTP's\nsupplemental report", False)
    assert [a for a, _, _ in audit(store)] == [
        "agenda_owner", "agenda_note", "agenda_done", "agenda_reopen"]
    agenda.set_owner(key, "")
    agenda.set_note(key, "")
    assert agenda.marks() == {}
    owner_row = [r for r in store.audit() if r.action == "agenda_owner"][-1]
    assert (json.loads(owner_row.old_value or ""), owner_row.new_value) == ("Ana", None)


def test_follow_ups_are_added_edited_and_deleted_each_with_its_audit(
        agenda: AgendaStore, store: CaseStore, case_id: int) -> None:
    follow = agenda.add_follow_up(case_id, TODAY + timedelta(days=2), " Call the client ", "Ben")
    key = follow_up_key(case_id, follow.id)
    assert (follow.text, follow.created_by) == ("Call the client", "Ana Ruiz")
    assert agenda.marks()[key].owner == "Ben"
    items, marks = agenda.agenda()
    mine = [i for i in items if i.is_follow_up]
    assert [(i.key, i.title, i.due) for i in mine] == [(key, "Call the client", follow.due)]
    assert dict(grouped(items, marks, TODAY))[Group.THIS_WEEK] == mine

    agenda.edit_follow_up(follow.id, TODAY + timedelta(days=9), "Call the client back")
    assert [(f.due, f.text) for f in agenda.follow_ups(case_id)] == [
        (TODAY + timedelta(days=9), "Call the client back")]
    agenda.mark_done(key)
    agenda.delete_follow_up(follow.id)
    assert agenda.follow_ups() == [] and agenda.marks() == {}
    assert [a for a, _, _ in audit(store)] == [
        "follow_up_add", "follow_up_edit", "agenda_done", "follow_up_delete"]
    deleted = [r for r in store.audit() if r.action == "follow_up_delete"][0]
    assert json.loads(deleted.old_value or "")["text"] == "Call the client back"
    with pytest.raises(FollowUpNotFoundError):
        agenda.mark_done(key)
    with pytest.raises(FollowUpNotFoundError):
        agenda.edit_follow_up(follow.id, TODAY, "x")


@pytest.mark.parametrize(
    ("text", "owner", "message"),
    [
        ("", "", "Text: say what is to be done"),
        ("   ", "", "Text: say what is to be done"),
        ("x" * (TEXT_MAX + 1), "", f"Text: at most {TEXT_MAX}"),
        ("Call\tthe client", "", "Text: contains a control character"),
        ("Call", "Ana\nRuiz", "Owner: contains a control character"),
        ("Call", "x" * 101, "Owner: at most 100"),
    ],
)
def test_a_bad_follow_up_is_refused_by_its_field_and_nothing_is_written(
        agenda: AgendaStore, store: CaseStore, case_id: int, text: str, owner: str,
        message: str) -> None:
    with pytest.raises(AgendaError, match=message):
        agenda.add_follow_up(case_id, TODAY, text, owner)
    assert agenda.follow_ups() == [] and audit(store) == []


def test_a_due_date_must_be_a_date(agenda: AgendaStore, case_id: int) -> None:
    with pytest.raises(AgendaError, match="Due date"):
        agenda.add_follow_up(case_id, "12/04/2026", "Call")  # type: ignore[arg-type]


def test_a_note_too_long_is_refused(agenda: AgendaStore, case_id: int) -> None:
    key = agenda.agenda()[0][0].key
    with pytest.raises(AgendaError, match="Note: at most"):
        agenda.set_note(key, "x" * (NOTE_MAX + 1))
    assert agenda.marks() == {}


def test_no_mark_for_a_case_that_is_not_there(agenda: AgendaStore, case_id: int) -> None:
    with pytest.raises(CaseNotFoundError):
        agenda.mark_done(deadline_key(case_id + 1, NEW_AND_FURTHER, None, TODAY))
    with pytest.raises(CaseNotFoundError):
        agenda.add_follow_up(case_id + 1, TODAY, "Call")
    with pytest.raises(ValueError, match="not an agenda item key"):
        agenda.mark_done("FOLLOW_UP:1")
    assert agenda.marks() == {}


def test_a_follow_up_of_another_case_is_not_marked_under_this_one(
        agenda: AgendaStore, store: CaseStore, case_id: int) -> None:
    other = store.create(load_case(EXAMPLES / "clean.json", today=TODAY))
    follow = agenda.add_follow_up(other, TODAY, "Call")
    with pytest.raises(FollowUpNotFoundError):
        agenda.mark_done(follow_up_key(case_id, follow.id))


def test_a_store_needs_a_caseworker_name(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AgendaError, match="Caseworker"):
        AgendaStore(db, " ")


def test_deleting_a_case_takes_its_marks_and_follow_ups_the_audit_stays(
        agenda: AgendaStore, store: CaseStore, case_id: int) -> None:
    agenda.add_follow_up(case_id, TODAY, "Call")
    agenda.mark_done(agenda.agenda()[0][0].key)
    store.delete(case_id)
    assert agenda.agenda() == ([], {}) and agenda.follow_ups() == []
    assert len(audit(store)) == 2


def test_a_failed_write_leaves_the_database_as_it_was(
        agenda: AgendaStore, store: CaseStore, case_id: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit row is written in the same transaction: if it fails, no mark either."""
    import mmi_desktop.store.agenda as module

    def broken(*_args: object) -> object:
        raise RuntimeError("clock broke")

    key = agenda.agenda()[0][0].key
    monkeypatch.setattr(module, "now", broken)
    with pytest.raises(RuntimeError):
        agenda.mark_done(key)
    with pytest.raises(RuntimeError):
        agenda.add_follow_up(case_id, TODAY, "Call")
    monkeypatch.undo()
    assert agenda.marks() == {} and agenda.follow_ups() == [] and audit(store) == []


def test_a_locked_database_says_so_and_keeps_nothing(sqlite_db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A SQLite file whose write lock another program holds."""
    store = CaseStore(sqlite_db, today=lambda: TODAY)
    store.create(load_case(EXAMPLES / "pending-surgery.json", today=TODAY))
    agenda = AgendaStore(sqlite_db, "Ana Ruiz")
    key = agenda.agenda()[0][0].key
    other = sqlite3.connect(db_path, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        store.db.engine.dispose()
        from sqlalchemy import event

        @event.listens_for(store.db.engine, "connect")
        def short_wait(conn, _record):  # type: ignore[no-untyped-def]
            conn.execute("PRAGMA busy_timeout=50")

        with pytest.raises(DatabaseError, match="locked"):
            agenda.mark_done(key)
    finally:
        other.rollback()
        other.close()
    assert agenda.marks() == {}


def test_the_agenda_tables_come_with_an_upgrade_of_an_older_database(tmp_path: Path) -> None:
    """A database at 0003 (before the agenda) is upgraded with its cases kept."""
    from alembic import command

    from mmi_desktop.store.database import alembic_config

    path = tmp_path / "old.sqlite"
    db = open_database(path)
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    case_id = CaseStore(db).create(load_case(EXAMPLES / "clean.json", today=TODAY))
    db.close()
    db = open_database(path)
    try:
        assert current_revision(db.engine) == head_revision()
        assert db.backup_made is not None
        agenda = AgendaStore(db, "Ana")
        agenda.add_follow_up(case_id, TODAY, "Call")
        assert len(agenda.follow_ups(case_id)) == 1
    finally:
        db.close()


def test_two_windows_marking_one_item_at_once_keep_one_mark_and_say_so(
        store: CaseStore, case_id: int) -> None:
    """Two windows (two connections) both see no mark and both add one: the unique index
    keeps one, and the second is told in words; nothing half-written."""
    from mmi_desktop.store.records import StoreError

    key = agenda_key = AgendaStore(store.db, "Ana").agenda()[0][0].key
    first_db, second_db = open_database(store.db.url), open_database(store.db.url)
    try:
        first, second = AgendaStore(first_db, "Ana"), AgendaStore(second_db, "Ben")
        real = second._row_for

        def stale(s, k):  # type: ignore[no-untyped-def]
            case, _row = real(s, k)
            return case, None  # read before the first window's mark was committed

        first.mark_done(key)
        second._row_for = stale  # type: ignore[method-assign]
        with pytest.raises(StoreError, match="Another window changed this item"):
            second.mark_done(agenda_key)
        marks = first.marks()
        assert list(marks) == [key] and marks[key].done_by == "Ana"
        assert [(a, u) for a, u, _ in audit(store)] == [("agenda_done", "Ana")]
    finally:
        first_db.close()
        second_db.close()

"""The agenda's store: caseworkers' marks on items (owner, note, done by whom and when) and
follow-ups added by hand. Every change is one transaction with its audit row, written under
the name the store is given; marking done is undone by reopening (both audited).

The deadlines themselves are read from the analysis cache (store.analysis_cache), which
keeps every case's open deadlines, so the agenda never analyses a case.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mmi_desktop.domain.agenda import (  # noqa: F401  (TEXT_MAX…: the store's limits too)
    NOTE_MAX,
    OWNER_MAX,
    TEXT_MAX,
    AgendaItem,
    FollowUp,
    Mark,
    case_id_of,
    deadline_item,
    follow_up_item,
    follow_up_key,
)
from mmi_desktop.domain.model import Language
from mmi_desktop.store.cases import now
from mmi_desktop.store.database import Database
from mmi_desktop.store.models import AgendaMarkRow, AuditRow, CaseRow, DeadlineRow, FollowUpRow
from mmi_desktop.store.records import CaseNotFoundError, StoreError


class AgendaError(ValueError):
    """A value the agenda refuses, said with the field's label and the reason."""


class FollowUpNotFoundError(StoreError):
    pass


def _checked(label: str, value: str, limit: int, *, required: bool = False,
             lines: bool = False) -> str:
    if not isinstance(value, str):
        raise AgendaError(f"{label}: must be text")
    value = value.strip()
    if required and not value:
        raise AgendaError(f"{label}: say what is to be done; it cannot be empty")
    if len(value) > limit:
        raise AgendaError(f"{label}: at most {limit:,} characters (this has {len(value):,})")
    allowed = "\n" if lines else ""
    if any(not (ch.isprintable() or ch == " " or ch in allowed) for ch in value):
        raise AgendaError(f"{label}: contains a control character (a tab or line break "
                          "pasted with it?); type it again")
    return value


def _checked_due(due: object) -> date:
    if not isinstance(due, date) or isinstance(due, datetime):
        raise AgendaError("Due date: a date is needed (MM/DD/YYYY)")
    return due


def _mark(row: AgendaMarkRow) -> Mark:
    return Mark(row.item_key, row.case_id, row.owner, row.note, row.done_by, row.done_at)


def _follow_up(row: FollowUpRow) -> FollowUp:
    return FollowUp(row.id, row.case_id, row.due, row.text, row.created_by, row.created_at)


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


class AgendaStore:
    """The agenda of one database, changed in the name of `user` (the caseworker)."""

    def __init__(self, db: Database, user: str) -> None:
        if not user.strip():
            raise AgendaError("Caseworker: a name is needed to keep who did what")
        self.db = db
        self.user = user.strip()

    # ------------------------------------------------------------------ reading
    def clients(self) -> dict[int, str]:
        """Every case's client as "Last, First", read from the list's covering index."""
        with self.db.session() as s:
            return self._clients(s)

    @staticmethod
    def _clients(s: Session) -> dict[int, str]:
        rows = s.execute(select(CaseRow.id, CaseRow.last_name, CaseRow.first_name))
        return {r.id: f"{r.last_name}, {r.first_name}" for r in rows}

    def marks(self, case_id: int | None = None) -> dict[str, Mark]:
        with self.db.session() as s:
            q = select(AgendaMarkRow)
            if case_id is not None:
                q = q.where(AgendaMarkRow.case_id == case_id)
            return {r.item_key: _mark(r) for r in s.scalars(q)}

    def follow_ups(self, case_id: int | None = None) -> list[FollowUp]:
        with self.db.session() as s:
            q = select(FollowUpRow).order_by(FollowUpRow.due, FollowUpRow.id)
            if case_id is not None:
                q = q.where(FollowUpRow.case_id == case_id)
            return [_follow_up(r) for r in s.scalars(q)]

    def agenda(self, lang: Language = Language.EN) -> tuple[list[AgendaItem], dict[str, Mark]]:
        """Every case's open deadlines (from the analysis cache) and follow-ups as items,
        and the marks on them, read in one transaction."""
        with self.db.session() as s:
            clients = self._clients(s)
            items = [
                deadline_item(r.case_id, clients.get(r.case_id, ""), r.kind, r.declaration,
                              r.due, r.estimated, lang)
                for r in s.execute(select(DeadlineRow.case_id, DeadlineRow.kind,
                                          DeadlineRow.declaration, DeadlineRow.due,
                                          DeadlineRow.estimated))
            ]
            # Plain rows, not ORM objects: a firm's thousands of marks read in a few ms.
            items += [
                follow_up_item(FollowUp(*r), clients.get(r.case_id, ""))
                for r in s.execute(select(FollowUpRow.id, FollowUpRow.case_id, FollowUpRow.due,
                                          FollowUpRow.text, FollowUpRow.created_by,
                                          FollowUpRow.created_at))
            ]
            marks = {
                r.item_key: Mark(*r)
                for r in s.execute(select(AgendaMarkRow.item_key, AgendaMarkRow.case_id,
                                          AgendaMarkRow.owner, AgendaMarkRow.note,
                                          AgendaMarkRow.done_by, AgendaMarkRow.done_at))
            }
        return items, marks

    def case_follow_up_items(self, case_id: int, client: str) -> list[AgendaItem]:
        """The follow-ups of one case as items (the open case's header adds them to the
        deadlines of its live analysis)."""
        return [follow_up_item(f, client) for f in self.follow_ups(case_id)]

    # ------------------------------------------------------------------ writing
    @contextmanager
    def _change(self) -> Iterator[Session]:
        try:
            with self.db.session() as s:
                yield s
        except IntegrityError as exc:  # another window changed the same item meanwhile
            raise StoreError("Another window changed this item at the same moment; nothing "
                             "was saved. Look at it again and repeat the change.") from exc

    def _log(self, s: Session, case_id: int, action: str, key: str, old: Any, new: Any) -> None:
        s.add(AuditRow(at=now(), os_user=self.user, case_id=case_id, action=action, path=key,
                       old_value=None if old is None else json.dumps(old, ensure_ascii=False),
                       new_value=None if new is None else json.dumps(new, ensure_ascii=False)))

    @staticmethod
    def _case_row(s: Session, case_id: int) -> None:
        if s.get(CaseRow, case_id) is None:
            raise CaseNotFoundError(f"There is no case {case_id}; nothing was saved.")

    def _row_for(self, s: Session, key: str) -> tuple[int, AgendaMarkRow | None]:
        case_id = case_id_of(key)
        self._case_row(s, case_id)
        parts = key.split(":")
        if len(parts) == 3 and parts[1] == "FOLLOW_UP":
            row = s.get(FollowUpRow, int(parts[2])) if parts[2].isdigit() else None
            if row is None or row.case_id != case_id:
                raise FollowUpNotFoundError("That follow-up no longer exists (deleted in "
                                            "another window?); nothing was saved.")
        found = s.scalars(select(AgendaMarkRow).where(AgendaMarkRow.case_id == case_id,
                                                      AgendaMarkRow.item_key == key)).first()
        return case_id, found

    @staticmethod
    def _tidy(s: Session, row: AgendaMarkRow) -> None:
        """A mark that holds nothing any more (reopened, no owner, no note) goes."""
        if row.done_at is None and not row.owner and not row.note:
            s.delete(row)

    def mark_done(self, key: str) -> Mark:
        """Mark an item done by this store's caseworker, now. An item done already keeps
        its mark (who did it first), and nothing is logged twice."""
        with self._change() as s:
            case_id, row = self._row_for(s, key)
            if row is None:
                row = AgendaMarkRow(case_id=case_id, item_key=key, owner="", note="")
                s.add(row)
            if row.done_at is None:
                row.done_by, row.done_at = self.user, now()
                self._log(s, case_id, "agenda_done", key, None,
                          {"done_by": row.done_by, "done_at": _stamp(row.done_at)})
            return _mark(row)

    def reopen(self, key: str) -> None:
        """Undo a done mark: the item is open again (owner and note kept)."""
        with self._change() as s:
            case_id, row = self._row_for(s, key)
            if row is None or row.done_at is None:
                return
            self._log(s, case_id, "agenda_reopen", key,
                      {"done_by": row.done_by, "done_at": _stamp(row.done_at)}, None)
            row.done_by, row.done_at = None, None
            self._tidy(s, row)

    def set_owner(self, key: str, owner: str) -> None:
        self._set(key, "owner", _checked("Owner", owner, OWNER_MAX))

    def set_note(self, key: str, note: str) -> None:
        self._set(key, "note", _checked("Note", note, NOTE_MAX, lines=True))

    def _set(self, key: str, field: str, value: str) -> None:
        with self._change() as s:
            case_id, row = self._row_for(s, key)
            old = "" if row is None else getattr(row, field)
            if old == value:
                return
            if row is None:
                row = AgendaMarkRow(case_id=case_id, item_key=key, owner="", note="")
                s.add(row)
            setattr(row, field, value)
            self._log(s, case_id, f"agenda_{field}", key, old or None, value or None)
            self._tidy(s, row)

    def add_follow_up(self, case_id: int, due: date, text: str, owner: str = "") -> FollowUp:
        due = _checked_due(due)
        text = _checked("Text", text, TEXT_MAX, required=True)
        owner = _checked("Owner", owner, OWNER_MAX)
        with self._change() as s:
            self._case_row(s, case_id)
            row = FollowUpRow(case_id=case_id, due=due, text=text, created_by=self.user,
                              created_at=now())
            s.add(row)
            s.flush()
            key = follow_up_key(case_id, row.id)
            if owner:
                s.add(AgendaMarkRow(case_id=case_id, item_key=key, owner=owner, note=""))
            self._log(s, case_id, "follow_up_add", key, None,
                      {"due": due.isoformat(), "text": text, "owner": owner or None})
            return _follow_up(row)

    def edit_follow_up(self, follow_up_id: int, due: date, text: str) -> FollowUp:
        due = _checked_due(due)
        text = _checked("Text", text, TEXT_MAX, required=True)
        with self._change() as s:
            row = self._follow_up_row(s, follow_up_id)
            old = {"due": row.due.isoformat(), "text": row.text}
            new = {"due": due.isoformat(), "text": text}
            if old != new:
                row.due, row.text = due, text
                self._log(s, row.case_id, "follow_up_edit", follow_up_key(row.case_id, row.id),
                          old, new)
            return _follow_up(row)

    def delete_follow_up(self, follow_up_id: int) -> None:
        """Delete a follow-up and its mark; the audit keeps what it was."""
        with self._change() as s:
            row = self._follow_up_row(s, follow_up_id)
            key = follow_up_key(row.case_id, row.id)
            s.execute(delete(AgendaMarkRow).where(AgendaMarkRow.case_id == row.case_id,
                                                  AgendaMarkRow.item_key == key))
            self._log(s, row.case_id, "follow_up_delete", key,
                      {"due": row.due.isoformat(), "text": row.text}, None)
            s.delete(row)

    @staticmethod
    def _follow_up_row(s: Session, follow_up_id: int) -> FollowUpRow:
        row = s.get(FollowUpRow, follow_up_id)
        if row is None:
            raise FollowUpNotFoundError("That follow-up no longer exists (deleted in another "
                                        "window?); nothing was saved.")
        return row

"""Moving a PC's whole database into another (the firm server): cases, their cached
analyses, dismissals, the audit log and the settings, in one transaction of the target, so
a failure or a kill leaves the target as it was. The source is only read.

A target that already holds cases is refused unless `merge`: then a case that is the same
as one there (import's duplicate rules) is left out and named, and every moved case, and
every number the moved audit log names, gets a new number there, so no trail is mixed with
another's. Into a target that never held a case, case numbers are kept."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from mmi_desktop.domain.casefile import case_to_dict
from mmi_desktop.domain.duplicates import Match
from mmi_desktop.store.cases import CaseStore, caseworker_name, now
from mmi_desktop.store.database import Database
from mmi_desktop.store.models import (
    AuditRow,
    CaseRow,
    DeadlineRow,
    DismissalRow,
    FlagRow,
    SettingRow,
)
from mmi_desktop.store.records import DamagedCase, StoreError


class TargetHoldsCasesError(StoreError):
    pass


@dataclass
class Moved:
    """What a transfer moved, and what it left out (and why)."""

    source: str
    target: str
    cases: int = 0
    audit_rows: int = 0
    dismissals: int = 0
    settings: int = 0
    settings_kept: list[str] = field(default_factory=list)  # the target's, when merging
    duplicates: list[tuple[int, str, list[Match]]] = field(default_factory=list)
    damaged: list[DamagedCase] = field(default_factory=list)
    numbers: dict[int, int] = field(default_factory=dict)  # source case number -> target's


def _next_number(s: Session) -> int:
    """A case number the target has never given (nor any trail there names)."""
    if s.get_bind().dialect.name == "postgresql":
        return int(s.execute(text("SELECT nextval(pg_get_serial_sequence('cases', 'id'))"))
                   .scalar_one())
    seen = s.execute(text(
        "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'cases'), 0), "
        "COALESCE((SELECT MAX(id) FROM cases), 0), "
        "COALESCE((SELECT MAX(case_id) FROM audit_log), 0))")).scalar_one()
    number = int(seen) + 1
    _advance(s, number)
    return number


def _advance(s: Session, number: int) -> None:
    """The target's counter set past `number` (case numbers kept as they were; the target
    never gave a number, or it would not be fresh)."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT setval(pg_get_serial_sequence('cases', 'id'), :n)"),
                  {"n": number})
        return
    s.execute(text("INSERT INTO sqlite_sequence (name, seq) SELECT 'cases', 0 WHERE NOT EXISTS "
                   "(SELECT 1 FROM sqlite_sequence WHERE name = 'cases')"))
    s.execute(text("UPDATE sqlite_sequence SET seq = MAX(seq, :n) WHERE name = 'cases'"),
              {"n": number})


def _rows(s: Session, model: Any, case_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    table = model.__table__
    query = select(table).order_by(table.c.id)
    out = [dict(r._mapping) for r in s.execute(query)]
    if case_ids is not None:
        wanted = set(case_ids)
        out = [r for r in out if r["case_id"] in wanted]
    return out


def transfer(source: Database, target: Database, *, merge: bool = False) -> Moved:
    """Move everything of `source` into `target` (see the module's note). StoreError when
    the target holds cases and `merge` is false; nothing is written then, nor on any error."""
    moved = Moved(source.location, target.location)
    from_store, to_store = CaseStore(source), CaseStore(target)
    stored = list(from_store.iter_cases(damaged=moved.damaged))
    with source.session() as s:
        stamps = {r[0]: r[1] for r in s.execute(select(CaseRow.id, CaseRow.analysis_stamp))}
        flags = _rows(s, FlagRow)
        deadlines = _rows(s, DeadlineRow)
        dismissals = _rows(s, DismissalRow)
        audit = _rows(s, AuditRow)
        settings = {r.key: r.value for r in s.scalars(select(SettingRow))}
    held = to_store.count()
    if held and not merge:
        raise TargetHoldsCasesError(
            f"{target.location} already holds {held} case{'s' if held != 1 else ''}; nothing "
            "was moved. Give --merge to add this database's cases to them (a case that is "
            "the same as one there is left out and named)."
        )
    index = to_store.duplicates() if merge else None
    with target.session() as t:
        fresh = not merge and not t.scalar(select(func.count()).select_from(AuditRow).where(
            AuditRow.case_id.is_not(None)))
        for item in stored:
            if index is not None:
                matches = index.matches(item.case)
                if matches:
                    name = f"{item.case.client.last_name}, {item.case.client.first_name}"
                    moved.duplicates.append((item.id, name, matches))
                    continue
            number = item.id if fresh else _next_number(t)
            row = CaseRow(id=number, version=item.version, created_at=item.created_at,
                          updated_at=item.updated_at, analysis_stamp=stamps.get(item.id))
            to_store._fill(row, item.case, case_to_dict(item.case))
            t.add(row)
            moved.numbers[item.id] = number
            if index is not None:
                index.add_case(number, item.case)
        t.flush()
        numbers = moved.numbers

        def renumbered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
            out = []
            for r in rows:
                if r["case_id"] in numbers:
                    out.append({k: v for k, v in r.items() if k != "id"}
                               | {"case_id": numbers[r["case_id"]]})
            return out

        for model, rows in ((FlagRow, flags), (DeadlineRow, deadlines)):
            if renumbered(rows):
                t.execute(insert(model), renumbered(rows))
        moved_dismissals = renumbered(dismissals)
        if moved_dismissals:
            t.execute(insert(DismissalRow), moved_dismissals)
        moved.dismissals = len(moved_dismissals)
        # The trail: of the moved cases, of cases deleted before (each number still never
        # given twice) and of the settings; a left-out duplicate's trail stays behind.
        left_out = {i for i, _, _ in moved.duplicates} | {d.id for d in moved.damaged}
        trail_numbers = dict(numbers)
        trail = []
        for r in audit:
            case_id = r["case_id"]
            if case_id in left_out:
                continue
            if case_id is not None and case_id not in trail_numbers:  # deleted earlier
                trail_numbers[case_id] = case_id if fresh else _next_number(t)
            trail.append({k: v for k, v in r.items() if k != "id"}
                         | {"case_id": None if case_id is None else trail_numbers[case_id]})
        if trail:
            t.execute(insert(AuditRow), trail)
        moved.audit_rows = len(trail)
        if fresh and trail_numbers:
            _advance(t, max(trail_numbers.values()))
        there = {r.key: r for r in t.scalars(select(SettingRow))}
        for key, value in settings.items():
            if key in there and merge:
                if there[key].value != value:
                    moved.settings_kept.append(key)
                continue
            if key in there:
                there[key].value = value
            else:
                t.add(SettingRow(key=key, value=value))
            moved.settings += 1
        moved.cases = len(numbers)
        t.add(AuditRow(at=now(), os_user=caseworker_name(t), case_id=None, action="transfer",
                       path=source.location, old_value=None, new_value=json.dumps({
                           "cases": moved.cases, "audit_rows": moved.audit_rows,
                           "dismissals": moved.dismissals, "settings": moved.settings,
                           "merge": merge})))
    to_store.forget_thresholds()
    return moved

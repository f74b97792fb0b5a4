"""The store's plain records and refusals, and the case list read straight from the file.

Free of SQLAlchemy: the window imports these while it paints its first case list, and
SQLAlchemy (a quarter of a second to import) loads in the background meanwhile."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from mmi_desktop.domain.stage import Stage
from mmi_desktop.store.dbfile import head_revision, looks_whole, read_only_uri

T = TypeVar("T")

if TYPE_CHECKING:
    from mmi_desktop.domain.model import Case


class StoreError(Exception):
    """A store operation that was refused; the database is unchanged."""


class CaseNotFoundError(StoreError):
    pass


@dataclass(frozen=True)
class DamagedCase:
    """A case whose record in the database cannot be read: its number and, when the list's
    columns could be read, its client's name."""

    id: int
    name: str = ""

    def __str__(self) -> str:
        who = f" ({self.name})" if self.name else ""
        return (f"Case {self.id}{who} is damaged in the database and cannot be read; "
                "restore it from a backup or import it again")

    def error(self) -> DamagedCaseError:
        return DamagedCaseError(f"{self}.", self)


class DamagedCaseError(StoreError):
    """Reading a damaged case: args are (message, DamagedCase)."""


class StaleCaseError(StoreError):
    """The case was changed elsewhere since it was opened: this save is refused."""

    def __init__(self, case_id: int, expected: int, actual: int, changes: list[str]) -> None:
        self.case_id, self.expected, self.actual, self.changes = case_id, expected, actual, changes
        super().__init__(
            f"Case {case_id} was changed elsewhere since you opened it (version {expected}, "
            f"now {actual}). Nothing was saved."
        )


class CaseSummary(NamedTuple):
    """What the case list shows: read from indexed columns, never from the document. A
    named tuple: ten thousand of them are made in a few milliseconds at start-up."""

    id: int
    first_name: str
    last_name: str
    date_of_injury: date
    claim_number: str | None
    adj_number: str | None
    employer: str | None
    language: str
    stage: Stage

    @property
    def display_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"


@dataclass(frozen=True)
class StoredCase:
    id: int
    version: int
    case: Case
    created_at: datetime
    updated_at: datetime


# Every column here is in the index ix_cases_list (migration 0003), so the list is read
# from the index alone and never touches the pages that hold the case documents.
LIST_SQL = (
    "SELECT id, first_name, last_name, date_of_injury, claim_number, adj_number, employer, "
    "language, stage FROM cases ORDER BY last_name, first_name"
)


_STAGES = {s.value: s for s in Stage}


def summary_from_row(r: Sequence[Any]) -> CaseSummary:
    """A list row from LIST_SQL's columns (SQLite gives dates as text, servers as dates);
    ValueError for a row that cannot be read (a damaged record)."""
    day = r[3]
    if day.__class__ is str:
        day = date.fromisoformat(day)
    elif not isinstance(day, date):  # (a zeroed page reads back as a blob or a number)
        raise ValueError(f"not a date: {day!r}")
    stage = _STAGES.get(r[8])
    if stage is None:
        raise ValueError(f"not a stage: {r[8]!r}")
    return CaseSummary(r[0], r[1], r[2], day, r[4], r[5], r[6], r[7], stage)


def readable_summaries(rows: Iterable[Sequence[Any]]) -> tuple[list[CaseSummary], list[int]]:
    """The list rows that can be read, and the ids of those that cannot (damaged), which
    the list leaves out and says so rather than failing whole."""
    out: list[CaseSummary] = []
    damaged: list[int] = []
    for r in rows:
        try:
            out.append(summary_from_row(r))
        except ValueError:
            damaged.append(r[0])
    return out, damaged


def peek_at_head(path: Path, read: Callable[[Any], T]) -> T | None:
    """`read(execute)` on a read-only connection to an up-to-date database file, without
    SQLAlchemy, so the window can paint while the database opens. None when the file needs
    more than a look (new, older schema, damaged, anything unexpected): then the full open
    decides, and explains."""
    if not looks_whole(path):
        return None
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is None or row[0] != head_revision():
                return None
            return read(conn.execute)
        finally:
            conn.close()
    except (sqlite3.Error, ValueError, OSError, IndexError):
        return None


def peek_summaries(path: Path) -> list[CaseSummary] | None:
    """The whole case list of an up-to-date database file (see `peek_at_head`)."""
    return peek_at_head(path, lambda execute: [summary_from_row(r) for r in execute(LIST_SQL)])
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is None or row[0] != head_revision():
                return None
            return [summary_from_row(r) for r in conn.execute(LIST_SQL)]
        finally:
            conn.close()
    except (sqlite3.Error, ValueError, OSError):
        return None

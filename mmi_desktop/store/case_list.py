"""The case list's queries: its first page, its order, its filter index and the rows shown.

The window never holds every case's list row. It holds the list's *order* (case ids, in
the order of the sorted column, read in the database) and a short search text per case
(names, claim #, ADJ #, employer; folded to lower case without accents, for the filter);
the rows themselves are read by id, a screenful at a time, as they are painted.

Free of SQLAlchemy, like `records`: every query here is plain SQL text with named
parameters, run by a `Run` function over either Python's `sqlite3` (the first page, read
from the file before SQLAlchemy loads) or a SQLAlchemy connection (SQLite or PostgreSQL:
the SQL is generic; `lower()` and `CASE` behave alike on both).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mmi_desktop.domain.stage import Stage
from mmi_desktop.store.records import CaseSummary, peek_at_head, summary_from_row

# (sql, named parameters) -> rows
Run = Callable[[str, dict[str, Any]], Iterable[Sequence[Any]]]

# The list's columns (as records.LIST_SQL) and its name order, which index
# ix_cases_list_order (migration 0006) serves: the first page is read from it.
COLUMNS = ("id, first_name, last_name, date_of_injury, claim_number, adj_number, employer, "
           "language, stage")
NAME_ORDER = "lower(last_name), lower(first_name), id"
SEARCH_COLUMNS = ("id, first_name, last_name, claim_number, adj_number, employer, "
                  "date_of_injury, stage")

# The sort keys the database orders by, per list column (ties: name order). Flags and Next
# due come from the analysis (open flags, after dismissals): the window sorts those.
STAGE_RANK = {Stage.TREATING: 0, Stage.AT_MMI: 1, Stage.RATED: 2, Stage.SETTLED: 3}
_STAGE_KEY = ("CASE stage " + " ".join(f"WHEN '{s.value}' THEN {n}" for s, n in STAGE_RANK.items())
              + " ELSE 0 END")
SORT_KEYS = {
    "client": "",
    "doi": "date_of_injury",
    "stage": _STAGE_KEY,
    "claim": "lower(coalesce(claim_number, ''))",
}
PAGE = 200  # rows read at a time: several screenfuls


def fold(text: str) -> str:
    """Lower case without accents: "Ramírez" is found by typing "ramirez" (or "ramírez")."""
    text = text.casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_text(*parts: str | None) -> str:
    """What the filter matches against: names, claim number, ADJ number and employer."""
    return fold(" ".join(p for p in parts if p))


def order_sql(key: str, descending: bool) -> str:
    """The ids of every case in the order of a list column (ties in name order)."""
    sort = SORT_KEYS[key]
    direction = " DESC" if descending else ""
    if not sort:
        keys = ", ".join(k + direction for k in NAME_ORDER.split(", "))
    else:
        keys = f"{sort}{direction}, {NAME_ORDER}"
    return f"SELECT id FROM cases ORDER BY {keys}"


def rows_sql(count: int) -> str:
    """The list rows of `count` cases by id (parameters i0, i1, ...)."""
    marks = ", ".join(f":i{n}" for n in range(count))
    return f"SELECT {COLUMNS} FROM cases WHERE id IN ({marks})"


FIRST_PAGE_SQL = f"SELECT {COLUMNS} FROM cases ORDER BY {NAME_ORDER} LIMIT :n"
COUNT_SQL = "SELECT count(*) FROM cases"
INDEX_SQL = f"SELECT {SEARCH_COLUMNS} FROM cases"


@dataclass
class ListIndex:
    """What the window keeps of the whole list: the search text of each readable case (by
    id), and the ids of the cases that cannot be read (damaged), left out of the list."""

    search: dict[int, str] = field(default_factory=dict)
    left_out: list[int] = field(default_factory=list)


def read_index(run: Run) -> ListIndex:
    """The filter's text of every case; a record whose date or stage cannot be read is
    damaged: left out and named."""
    index = ListIndex()
    stages = {s.value for s in Stage}
    for r in run(INDEX_SQL, {}):
        day = r[6]
        if not (hasattr(day, "toordinal") or (day.__class__ is str and _is_iso(day))) or (
            r[7] not in stages
        ):
            index.left_out.append(r[0])
            continue
        index.search[r[0]] = search_text(r[1], r[2], r[3], r[4], r[5])
    return index


def _is_iso(text: str) -> bool:
    try:
        from datetime import date

        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def read_order(run: Run, key: str, descending: bool) -> list[int]:
    return [r[0] for r in run(order_sql(key, descending), {})]


def read_rows(run: Run, ids: Sequence[int]) -> dict[int, CaseSummary]:
    """The list rows of these cases (a damaged one is left out)."""
    out: dict[int, CaseSummary] = {}
    for start in range(0, len(ids), PAGE):
        chunk = ids[start : start + PAGE]
        params = {f"i{n}": case_id for n, case_id in enumerate(chunk)}
        for r in run(rows_sql(len(chunk)), params):
            try:
                out[r[0]] = summary_from_row(r)
            except ValueError:
                continue
    return out


@dataclass(frozen=True)
class FirstPage:
    """The first rows of the list in name order, and how many cases there are."""

    rows: list[CaseSummary]
    total: int


def read_first_page(run: Run, n: int = PAGE) -> FirstPage:
    rows = [summary_from_row(r) for r in run(FIRST_PAGE_SQL, {"n": n})]
    total = list(run(COUNT_SQL, {}))[0][0]
    return FirstPage(rows, int(total))


def peek_first_page(path: Path, n: int = PAGE) -> FirstPage | None:
    """The list's first page of an up-to-date database file, read without SQLAlchemy so the
    window can paint it while the database opens (`records.peek_at_head`)."""
    return peek_at_head(path, lambda execute: read_first_page(execute, n))


def runner(db: Any) -> Run:
    """A `Run` over an open `Database` (SQLAlchemy; SQLite or PostgreSQL)."""
    from sqlalchemy import text

    def run(sql: str, params: dict[str, Any]) -> Iterator[Sequence[Any]]:
        # Streamed: the whole list's index is read a row at a time, never held as rows
        # (50,000 rows held at once are some 40 MiB).
        with db.session() as s:
            yield from s.execute(text(sql), params)

    return run


# --------------------------------------------------------------------------- sources
class MemoryList:
    """A list given whole (the tests', a first page): ordered and searched in Python."""

    def __init__(self, summaries: Iterable[CaseSummary]) -> None:
        self._by_id = {s.id: s for s in summaries}

    def ids(self) -> list[int]:
        return list(self._by_id)

    def order(self, key: str, descending: bool) -> list[int]:
        rows = sorted(self._by_id.values(), key=_name_key)
        if key == "doi":
            rows.sort(key=lambda s: s.date_of_injury, reverse=descending)
        elif key == "stage":
            rows.sort(key=lambda s: STAGE_RANK.get(s.stage, 0), reverse=descending)
        elif key == "claim":
            rows.sort(key=lambda s: (s.claim_number or "").lower(), reverse=descending)
        elif descending:
            rows.reverse()
        return [s.id for s in rows]

    def rows(self, ids: Sequence[int]) -> dict[int, CaseSummary]:
        return {i: s for i in ids if (s := self._by_id.get(i)) is not None}

    def index(self) -> ListIndex:
        return ListIndex({s.id: summary_search_text(s) for s in self._by_id.values()})

    def put(self, summary: CaseSummary) -> None:
        self._by_id[summary.id] = summary

    def drop(self, case_id: int) -> None:
        self._by_id.pop(case_id, None)


class DatabaseList:
    """The list of a database: ordered in it, its rows read by id as they are shown."""

    def __init__(self, run: Run) -> None:
        self._run = run

    def order(self, key: str, descending: bool) -> list[int]:
        return read_order(self._run, key, descending)

    def rows(self, ids: Sequence[int]) -> dict[int, CaseSummary]:
        return read_rows(self._run, ids)

    def index(self) -> ListIndex:
        return read_index(self._run)

    def put(self, summary: CaseSummary) -> None:
        """(Saved in the database already.)"""

    def drop(self, case_id: int) -> None:
        """(Deleted from the database already.)"""


ListSource = MemoryList | DatabaseList


@dataclass
class LoadedList:
    """A list read off the GUI thread: its source, its filter index and its name order."""

    source: ListSource
    index: ListIndex
    ids: list[int]

    @property
    def left_out(self) -> list[int]:
        return self.index.left_out


def load_list(source: ListSource) -> LoadedList:
    index = source.index()
    ids = [i for i in source.order("client", False) if i in index.search]
    return LoadedList(source, index, ids)


def _name_key(s: CaseSummary) -> tuple[str, str, int]:
    return (s.last_name.lower(), s.first_name.lower(), s.id)


def summary_search_text(s: CaseSummary) -> str:
    return search_text(s.first_name, s.last_name, s.claim_number, s.adj_number, s.employer)


def list_job(db: Any) -> Callable[[Any], LoadedList]:
    """Reading a database's list (a job for a worker thread: its argument is unused)."""

    def job(_task: Any) -> LoadedList:
        return load_list(DatabaseList(runner(db)))

    return job

"""The case list's queries (store/case_list.py) on both engines: the order of every sorted
column read in the database, the same as the in-memory list's; rows read by id; the first
page from the name-order index; damaged records left out of the filter's index."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from mmi_desktop.domain.casefile import load_case
from mmi_desktop.store.case_list import (
    DatabaseList,
    MemoryList,
    list_job,
    load_list,
    peek_first_page,
    read_first_page,
    runner,
)
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import open_database
from tests.conftest import EXAMPLES

TODAY = date(2026, 11, 27)
NAMES = [("maría", "de León"), ("Ana", "Ramírez"), ("Luis", "ramos"), ("Bea", "Álvarez"),
         ("Tom", "Baker"), ("ana", "Ramírez"), ("Zoe", "baker"), ("Kim", "Nguyen")]


def _fill(store: CaseStore) -> list[int]:
    base = load_case(EXAMPLES / "clean.json", today=TODAY)
    cases = []
    for n, (first, last) in enumerate(NAMES):
        client = dataclasses.replace(base.client, first_name=first, last_name=last)
        claim = dataclasses.replace(
            base.claim,
            date_of_injury=base.claim.date_of_injury - timedelta(days=(n * 37) % 5),
            claim_number=None if n % 3 == 0 else f"C-{(n * 7) % 5}{n}",
            adj_number=f"ADJ{n}",
        )
        cases.append(dataclasses.replace(base, client=client, claim=claim))
    return [store.create(c) for c in cases]


@pytest.mark.parametrize("key", ["client", "doi", "stage", "claim"])
@pytest.mark.parametrize("descending", [False, True])
def test_the_database_orders_each_column_as_the_list_does(
    store: CaseStore, key: str, descending: bool
) -> None:
    _fill(store)
    database = DatabaseList(runner(store.db))
    every = database.rows(sorted(database.index().search))
    assert len(every) == len(NAMES)
    in_memory = MemoryList(every.values())
    order = database.order(key, descending)
    # Both engines order the same ASCII names alike; beyond ASCII, SQLite's lower() and a
    # PostgreSQL collation may differ, so only the accent-free names are compared.
    plain = [i for i in order if every[i].last_name.isascii()]
    expected = [i for i in in_memory.order(key, descending) if every[i].last_name.isascii()]
    assert plain == expected
    if key == "client":
        assert database.order(key, not descending) == order[::-1]
        ends = [every[i].last_name for i in (order[:2] if not descending else order[-2:])]
        assert ends == (["Baker", "baker"] if not descending else ["baker", "Baker"])
    if key == "doi":
        days = [every[i].date_of_injury for i in order]
        assert days == sorted(days, reverse=descending)


def test_the_filter_index_is_folded_and_rows_are_read_by_id(store: CaseStore) -> None:
    ids = _fill(store)
    loaded = list_job(store.db)(None)
    assert sorted(loaded.ids) == sorted(ids) and loaded.left_out == []
    assert "maria de leon" in loaded.index.search[ids[0]]
    assert "adj0" in loaded.index.search[ids[0]]
    rows = loaded.source.rows([ids[1], ids[3]])
    assert {r.last_name for r in rows.values()} == {"Ramírez", "Álvarez"}


def test_the_first_page_is_the_head_of_the_name_order(store: CaseStore) -> None:
    _fill(store)
    run = runner(store.db)
    page = read_first_page(run, 3)
    assert page.total == len(NAMES)
    assert [s.id for s in page.rows] == DatabaseList(run).order("client", False)[:3]


def _file_with_cases(path: Path) -> list[int]:
    db = open_database(path)
    try:
        return _fill(CaseStore(db))
    finally:
        db.close()


def test_peek_reads_a_page_and_the_count_without_sqlalchemy(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    _file_with_cases(path)
    before = path.read_bytes()
    page = peek_first_page(path, 5)
    assert page is not None and page.total == len(NAMES) and len(page.rows) == 5
    assert [s.last_name for s in page.rows[:2]] == ["Baker", "baker"]
    assert path.read_bytes() == before


def test_peek_declines_an_older_schema(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    _file_with_cases(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0005'")
    conn.commit()
    conn.close()
    assert peek_first_page(path) is None


def test_a_damaged_record_is_left_out_and_named(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    ids = _file_with_cases(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE cases SET stage = 'garbage' WHERE id = ?", (ids[2],))
    conn.execute("UPDATE cases SET date_of_injury = x'00ff' WHERE id = ?", (ids[4],))
    conn.commit()
    conn.close()
    db = open_database(path)
    try:
        loaded = load_list(DatabaseList(runner(db)))
    finally:
        db.close()
    assert sorted(loaded.left_out) == sorted([ids[2], ids[4]])
    assert ids[2] not in loaded.ids and ids[4] not in loaded.ids
    assert len(loaded.ids) == len(NAMES) - 2


def test_rows_of_many_ids_are_read_in_chunks(store: CaseStore) -> None:
    ids = _fill(store)
    calls: list[Any] = []
    run = runner(store.db)

    def counting(sql: str, params: dict[str, Any]) -> Any:
        calls.append(len(params))
        return run(sql, params)

    from mmi_desktop.store import case_list

    old = case_list.PAGE
    case_list.PAGE = 3
    try:
        rows = DatabaseList(counting).rows(ids)
    finally:
        case_list.PAGE = old
    assert sorted(rows) == sorted(ids)
    assert calls == [3, 3, 2]

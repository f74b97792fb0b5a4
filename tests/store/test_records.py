"""The case list read straight from the file (before SQLAlchemy has loaded): the same rows
as the store gives, or None whenever the file needs the full open to decide."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

from mmi_desktop.domain.casefile import load_case
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import open_database
from mmi_desktop.store.dbfile import looks_whole, plain_sqlite_file, to_url
from mmi_desktop.store.records import peek_summaries
from tests.conftest import DATA, EXAMPLES

TODAY = date(2026, 11, 27)


def _filled(path: Path) -> list[object]:
    db = open_database(path)
    try:
        store = CaseStore(db)
        for name in ("pending-surgery", "clean"):
            store.create(load_case(EXAMPLES / f"{name}.json", today=TODAY))
        return list(store.summaries())
    finally:
        db.close()


def test_peek_gives_the_stores_list_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    expected = _filled(path)
    before = path.read_bytes()
    assert peek_summaries(path) == expected
    assert len(expected) == 2
    assert path.read_bytes() == before
    if os.name == "posix":  # the -wal/-shm a read-only look may leave are owner-only too
        for file in tmp_path.glob("cases.sqlite*"):
            assert file.stat().st_mode & 0o777 == 0o600, file


def test_peek_leaves_older_newer_damaged_and_missing_files_to_the_full_open(
    tmp_path: Path,
) -> None:
    older = tmp_path / "old.sqlite"
    shutil.copy(DATA / "frozen" / "schema-0001.sqlite", older)
    assert peek_summaries(older) is None

    newer = tmp_path / "newer.sqlite"
    _filled(newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    assert peek_summaries(newer) is None

    truncated = tmp_path / "cut.sqlite"
    _filled(truncated)
    data = truncated.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    assert not looks_whole(truncated)
    assert peek_summaries(truncated) is None
    assert truncated.read_bytes() == data[: len(data) // 2]

    text = tmp_path / "notes.sqlite"
    text.write_text("not a database")
    assert peek_summaries(text) is None
    assert peek_summaries(tmp_path / "missing.sqlite") is None
    assert not (tmp_path / "missing.sqlite").exists()


def test_plain_sqlite_file_only_for_plain_urls(tmp_path: Path) -> None:
    url = to_url(tmp_path / "a b.sqlite")
    assert plain_sqlite_file(url) == (tmp_path / "a b.sqlite").resolve()
    assert plain_sqlite_file("postgresql://u:p@host/db") is None
    assert plain_sqlite_file("sqlite:///:memory:") is None
    assert plain_sqlite_file(url + "?timeout=5") is None


def test_records_load_without_sqlalchemy() -> None:
    """The first paint's store imports stay free of SQLAlchemy (a quarter second)."""
    code = (
        "import sys, mmi_desktop.store.records, mmi_desktop.store.dbfile; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"

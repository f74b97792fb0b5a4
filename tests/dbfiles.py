"""Databases for the file-level tests: made from the sample cases, counted straight from the
file (with SQLite's integrity check), padded to take a while to copy."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def make_db(path: Path, n: int = 5, padding: int = 0) -> Path:
    """A database at `path` holding the first `n` sample cases (added to any already
    there), and `padding` rows of 4 kB in a table of its own."""
    from mmi_desktop.domain.casefile import load_case
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.database import open_database
    from mmi_desktop.store.samples import sample_files

    db = open_database(path)
    try:
        CaseStore(db).import_cases([load_case(p) for p in sample_files()[:n]])
    finally:
        db.close()
    if padding:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE IF NOT EXISTS padding (x BLOB)")
        conn.executemany("INSERT INTO padding VALUES (?)", [(os.urandom(4000),)] * padding)
        conn.commit()
        conn.close()
    return path


def cases_in(path: Path) -> int:
    """The number of cases in the file, which must pass SQLite's integrity check."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return int(conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0])
    finally:
        conn.close()

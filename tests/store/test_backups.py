"""Rotating backups and restore."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from mmi_desktop.cli import main
from mmi_desktop.domain.casefile import load_case
from mmi_desktop.store.backups import (
    backup_if_due,
    backups_of,
    make_backup,
    restore,
    rotating_backups,
)
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import DatabaseError, NotADatabaseError, open_database
from tests.conftest import EXAMPLES


@pytest.fixture
def db(sqlite_db):  # type: ignore[no-untyped-def]
    """Backups and restore of a database file: SQLite only (a server's: test_firm_server)."""
    return sqlite_db


def case():  # type: ignore[no-untyped-def]
    return load_case(EXAMPLES / "clean.json")


def test_rotation_keeps_the_newest(db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    CaseStore(db).create(case())
    start = datetime(2026, 11, 1, 9, 0, 0)
    made = [make_backup(db, keep=3, now=start + timedelta(hours=i)) for i in range(5)]
    kept = rotating_backups(db_path)
    assert kept == sorted(made[-3:], reverse=True)
    assert all(not p.exists() for p in made[:2])
    if os.name == "posix":
        assert all(p.stat().st_mode & 0o777 == 0o600 for p in kept)
    with pytest.raises(ValueError, match="at least 1"):
        make_backup(db, keep=0)


def test_backup_if_due(db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = backup_if_due(db)
    assert first is not None and first.exists()
    assert backup_if_due(db) is None  # made just now
    later = datetime.now() + timedelta(days=1, minutes=1)
    assert backup_if_due(db, now=later) is not None


def test_restore_keeps_the_current_database(tmp_path: Path, db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = CaseStore(db)
    store.create(case())
    backup = make_backup(db)
    store.create(case())
    db.close()
    moved = restore(backup, db_path)
    # The database that was there is kept whole (copied aside through SQLite, so the same
    # cases rather than the same bytes).
    assert moved is not None
    kept = open_database(moved)
    try:
        assert CaseStore(kept).count() == 2
    finally:
        kept.close()
    reopened = open_database(db_path)
    try:
        assert CaseStore(reopened).count() == 1
    finally:
        reopened.close()
    assert backup in backups_of(db_path)


def test_restore_refuses_a_damaged_backup(tmp_path: Path, db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    CaseStore(db).create(case())
    db.close()
    bad = tmp_path / "cases.backup-20260101-000000.sqlite"
    bad.write_bytes(b"garbage" * 100)
    before = db_path.read_bytes()
    with pytest.raises(NotADatabaseError):
        restore(bad, db_path)
    assert db_path.read_bytes() == before
    with pytest.raises(DatabaseError):
        restore(tmp_path / "missing.sqlite", db_path)


def test_backup_and_restore_commands(tmp_path: Path, db_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(EXAMPLES / "clean.json"), "--db", str(db_path)]) == 0
    assert main(["backup", "--db", str(db_path)]) == 0
    [backup] = rotating_backups(db_path)
    time.sleep(0.01)
    assert main(["import", str(EXAMPLES / "pending-surgery.json"), "--db", str(db_path)]) == 0
    capsys.readouterr()
    assert main(["restore", str(backup), "--db", str(db_path)]) == 0
    assert "was kept as" in capsys.readouterr().out
    db = open_database(db_path)
    try:
        assert CaseStore(db).count() == 1
    finally:
        db.close()

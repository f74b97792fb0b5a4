"""Faults: killed writes, two windows on one case, a disk that refuses writes."""

from __future__ import annotations

import copy
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event

from mmi_desktop.domain.casefile import load_case, parse_case
from mmi_desktop.store.cases import CaseStore, StaleCaseError
from mmi_desktop.store.database import DatabaseError, open_database
from tests.conftest import EXAMPLES
from tests.faults.worker import BATCH

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 27)


def example(name: str = "pending-surgery"):  # type: ignore[no-untyped-def]
    return load_case(EXAMPLES / f"{name}.json", today=TODAY)


def check_whole(path: Path) -> int:
    """The database passes integrity_check and holds only whole cases; returns the count."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = conn.execute("SELECT id, document, version FROM cases").fetchall()
        import json

        for _id, document, _version in rows:
            case = parse_case(json.loads(document))
            if case.notes is not None and case.notes.startswith("save "):
                # A save changes phone and notes together: never one without the other.
                assert case.notes[-4:] == case.client.phone[-4:]
        # Imports are all-or-nothing batches.
        assert len(rows) % BATCH == 0
        flags = conn.execute(
            "SELECT COUNT(DISTINCT case_id) FROM case_flags"
        ).fetchone()[0]
        assert flags == len(rows)  # every case's cache was written with it
        return len(rows)
    finally:
        conn.close()


def kill_trials(tmp_path: Path, trials: int) -> list[int]:
    counts = []
    path = tmp_path / "killed.sqlite"
    open_database(path).close()
    rng = random.Random(20261127)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for _ in range(trials):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.worker", str(path)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready", proc.stderr.read() if proc.stderr else ""
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        counts.append(check_whole(path))
    return counts


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_kill_9_during_imports_and_saves_leaves_only_whole_cases(tmp_path: Path) -> None:
    counts = kill_trials(tmp_path, trials=20)
    assert counts == sorted(counts)  # nothing committed was lost
    assert counts[-1] > 0  # the writer did write between kills


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_kill_9_many_trials(tmp_path: Path) -> None:
    counts = kill_trials(tmp_path, trials=100)
    assert counts == sorted(counts)


def test_second_stale_save_is_refused_and_nothing_lost(db_path: Path) -> None:
    # Two windows are two processes, each with its own connection: two Database objects.
    first_db, second_db = open_database(db_path), open_database(db_path)
    try:
        first, second = CaseStore(first_db), CaseStore(second_db)
        case_id = first.create(example())
        mine, theirs = first.load(case_id), second.load(case_id)
        mine.case.client.phone = "(555) 555-0111"
        first.save(case_id, mine.case, mine.version)
        edited = copy.deepcopy(theirs.case)
        edited.notes = "typed in the second window"
        with pytest.raises(StaleCaseError) as info:
            second.save(case_id, edited, theirs.version)
        assert "changed elsewhere since you opened it" in str(info.value)
        assert info.value.changes  # what changed is shown
        assert second.load(case_id).case.client.phone == "(555) 555-0111"
        assert edited.notes == "typed in the second window"  # still in hand to retry
        fresh = second.load(case_id)
        fresh.case.notes = edited.notes
        second.save(case_id, fresh.case, fresh.version)
        assert first.load(case_id).case.notes == "typed in the second window"
        assert first.load(case_id).case.client.phone == "(555) 555-0111"
    finally:
        first_db.close()
        second_db.close()


def _pragma_on_connect(db, pragma: str) -> None:  # type: ignore[no-untyped-def]
    db.engine.dispose()

    @event.listens_for(db.engine, "connect")
    def _set(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.execute(pragma)


def test_read_only_database_gives_a_clear_message(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        store = CaseStore(db)
        store.create(example("clean"))
        _pragma_on_connect(db, "PRAGMA query_only = 1")
        with pytest.raises(DatabaseError) as info:
            store.create(example())
        assert "read-only" in str(info.value) and "Nothing was changed" in str(info.value)
        assert store.count() == 1
    finally:
        db.close()


def test_full_disk_gives_a_clear_message_and_writes_nothing(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        store = CaseStore(db)
        store.create(example("clean"))
        with db.engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        _pragma_on_connect(db, f"PRAGMA max_page_count = {pages + 1}")
        big = example()
        big.notes = "x" * 200_000
        with pytest.raises(DatabaseError) as info:
            store.import_cases([big, example()])
        assert "disk is full" in str(info.value)
        assert store.count() == 1
    finally:
        db.close()

"""Soak test of the firm server: 8 caseworkers (processes) × 60 edits of random fields on
50 shared cases, with random pauses (the issue's 8 × 200 runs in benchmarks/server.py).
Afterwards every accepted save is in the audit log, every refused one was reported to its
writer, no case lost an accepted edit, and the counts add up. Then kill -9 of clients in
the middle of their saves leaves the server consistent. Timing is not asserted
(benchmarks/server.py measures it)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from mmi_desktop.domain.casefile import load_case
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import open_database
from mmi_desktop.store.samples import sample_files
from tests.store.soak_worker import FIELDS

ROOT = Path(__file__).resolve().parents[2]
# The issue asks 8 × 200; the suite runs 8 × 60 to stay well under a minute on a shared
# 2-core machine (benchmarks/server.py runs 8 × 200 and reports the throughput).
CASES, WORKERS, EDITS = 50, 8, 60


def seeded(url: str, n: int = CASES) -> str:
    files = sample_files()
    db = open_database(url)
    try:
        CaseStore(db).import_cases([load_case(files[i % len(files)]) for i in range(n)])
    finally:
        db.close()
    return url


def start(url: str, worker: int, edits: int, report: Path,
          pause_ms: float = 5.0) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.soak_worker", url, str(worker), str(edits),
         str(1000 + worker), str(report), "--pause-ms", str(pause_ms)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def outcomes(report: Path) -> tuple[list[tuple[int, int, str, str]], list[tuple[int, str, str]]]:
    """(accepted, refused) as the worker was told; a line cut by a kill is not counted."""
    ok: list[tuple[int, int, str, str]] = []
    refused: list[tuple[int, str, str]] = []
    text = report.read_text(encoding="utf-8") if report.exists() else ""
    for line in text.splitlines(keepends=True):
        if not line.endswith("\n"):
            continue
        parts = line.split()
        if parts[0] == "ok":
            ok.append((int(parts[1]), int(parts[2]), parts[3], parts[4]))
        elif parts[0] == "refused":
            refused.append((int(parts[1]), parts[2], parts[3]))
    return ok, refused


def server_state(url: str) -> tuple[dict[int, tuple[int, dict[str, str | None]]],
                                    list[tuple[int, str, str]]]:
    """Each case's (version, marker fields) and every audited update (case, field, value)."""
    db = open_database(url, create=False)
    try:
        store = CaseStore(db)
        cases = {}
        for stored in store.iter_cases():
            c = stored.case
            cases[stored.id] = (stored.version, {
                "notes": c.notes, "claim.employer": c.claim.employer,
                "claim.claims_administrator": c.claim.claims_administrator,
                "claim.occupation": c.claim.occupation})
        updates = [(r.case_id, r.path, json.loads(r.new_value))
                   for r in store.audit() if r.action == "update"]
    finally:
        db.close()
    return cases, updates


def assert_consistent(url: str) -> tuple[dict[int, tuple[int, dict[str, str | None]]],
                                         list[tuple[int, str, str]]]:
    """Every version of every case is one audited save: version 1 + one update row each
    (every soak save changes one field), and each case's fields are its last audited values."""
    cases, updates = server_state(url)
    per_case: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for case_id, field, value in updates:
        assert field in FIELDS, field
        per_case[case_id].append((field, value))
    for case_id, (version, fields) in cases.items():
        assert version == 1 + len(per_case[case_id]), case_id
        last: dict[str, str] = {}
        for field, value in per_case[case_id]:
            last[field] = value
        for field, value in last.items():
            assert fields[field] == value, (case_id, field)
    return cases, updates


def test_soak_every_save_accounted_for(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = seeded(pg_server.fresh_url("soak"))
    reports = [tmp_path / f"worker-{w}.txt" for w in range(WORKERS)]
    procs = [start(url, w, EDITS, reports[w]) for w in range(WORKERS)]
    for proc in procs:
        _out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
    accepted: list[tuple[int, int, str, str]] = []
    refused: list[tuple[int, str, str]] = []
    for report in reports:
        ok, no = outcomes(report)
        assert len(ok) + len(no) == EDITS  # every save's outcome reached its writer
        accepted += ok
        refused += no
    assert len(accepted) + len(refused) == WORKERS * EDITS
    assert accepted and refused  # both happened: 8 writers on 50 cases do collide
    cases, updates = assert_consistent(url)
    # Every accepted save is in the audit log once, and nothing else is.
    assert sorted((c, f, v) for c, _, f, v in accepted) == sorted(updates)
    # No refused save left a trace.
    assert not {(c, f, v) for c, f, v in refused} & set(updates)
    # No case lost an accepted edit: its version counts them all, and the value of each
    # field is that of the last accepted save (by version) that wrote it.
    by_case: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for case_id, version, field, value in accepted:
        by_case[case_id].append((version, field, value))
    for case_id, (version, fields) in cases.items():
        saves = sorted(by_case[case_id])
        assert [v for v, _, _ in saves] == list(range(2, version + 1))
        for field in FIELDS:
            written = [value for _, f, value in saves if f == field]
            if written:
                assert fields[field] == written[-1]
    assert len(cases) == CASES


def test_kill_9_of_clients_mid_save_leaves_the_server_consistent(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = seeded(pg_server.fresh_url("kill"), 10)
    rng = random.Random(7)
    reports = [tmp_path / f"worker-{w}.txt" for w in range(4)]
    procs = [start(url, w, 100_000, reports[w], pause_ms=1.0) for w in range(4)]
    try:
        # Each is killed once it is saving (its report has begun), at a random moment.
        deadline = time.monotonic() + 120
        for report in reports:
            while not (report.exists() and report.read_text().count("\n") >= 3):
                assert time.monotonic() < deadline, "a worker never began saving"
                time.sleep(0.05)
        for proc in procs:
            time.sleep(rng.uniform(0.05, 0.4))
            proc.send_signal(signal.SIGKILL)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=60)
    assert all(p.returncode == -signal.SIGKILL for p in procs)
    _cases, updates = assert_consistent(url)
    audited = set(updates)
    for report in reports:
        ok, _refused = outcomes(report)
        assert ok
        assert {(c, f, v) for c, _, f, v in ok} <= audited  # told "saved": it is there
    # Nothing is held locked by a killed client: every case can be saved again.
    db = open_database(url, create=False)
    try:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        store = CaseStore(db)
        for case_id in store.ids():
            stored = store.load(case_id)
            stored.case.notes = "after the kill"
            assert store.save(case_id, stored.case, stored.version) == stored.version + 1
    finally:
        db.close()
    assert_consistent(url)


@pytest.fixture(autouse=True)
def _lock_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """A lock left by a killed client would fail the test after 20 s, not hang it."""
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=20000")

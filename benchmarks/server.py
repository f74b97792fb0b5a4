"""Firm-server benchmarks: the store on a local PostgreSQL beside the same store on SQLite,
at 10,000 cases, and the soak test's throughput. Prints one JSON document.

    python benchmarks/server.py                       # a throwaway local server is started
    python benchmarks/server.py --cases 2000 --workers 4 --edits 100
    python benchmarks/server.py --url postgresql://me@localhost/bench   # an existing, empty one

Needs PostgreSQL's binaries (Debian: apt-get install postgresql) when no --url is given."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
AS_OF = date(2026, 11, 27)


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def store_figures(target: str) -> dict[str, Any]:
    """Open, list, open a case, save a case, Needs attention: medians in ms."""
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.database import open_database

    started = time.perf_counter()
    db = open_database(target, create=False)
    opened = time.perf_counter() - started
    try:
        store = CaseStore(db, today=lambda: AS_OF)
        ids = store.ids()
        sample = ids[:: max(1, len(ids) // 40)][:40]
        lists = timed(store.summaries, 5)
        loads = []
        for case_id in sample:
            loads += timed(lambda case_id=case_id: store.load(case_id), 1)
        saves = []
        for i, case_id in enumerate(sample[:20]):
            stored = store.load(case_id)
            stored.case.notes = f"benchmark save {i}"
            started = time.perf_counter()
            store.save(case_id, stored.case, stored.version)
            saves.append(time.perf_counter() - started)
        attention = timed(lambda: store.needs_attention(30, AS_OF), 5)
        markers = timed(lambda: store.markers(AS_OF), 3)
        return {
            "cases": len(ids),
            "open_database_ms": round(opened * 1000, 1),
            "read_the_case_list_ms": median_ms(lists),
            "open_a_case_ms": median_ms(loads),
            "open_a_case_worst_ms": round(max(loads) * 1000, 2),
            "save_a_case_ms": median_ms(saves),
            "needs_attention_ms": median_ms(attention),
            "list_markers_ms": median_ms(markers),
        }
    finally:
        db.close()


def soak(url: str, workers: int, edits: int, tmp: Path) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from tests.store.test_soak import CASES, outcomes, seeded, start

    seeded(url)
    reports = [tmp / f"soak-{w}.txt" for w in range(workers)]
    started = time.perf_counter()
    procs = [start(url, w, edits, reports[w]) for w in range(workers)]
    for proc in procs:
        proc.communicate(timeout=1800)
    wall = time.perf_counter() - started
    accepted = refused = 0
    for report in reports:
        ok, no = outcomes(report)
        accepted, refused = accepted + len(ok), refused + len(no)
    return {"workers": workers, "edits_each": edits, "shared_cases": CASES,
            "wall_s_with_process_starts": round(wall, 2),
            "accepted": accepted, "refused_as_stale": refused,
            "saves_per_s": round((accepted + refused) / wall, 1),
            "accepted_saves_per_s": round(accepted / wall, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--url", help="an existing, empty PostgreSQL database to use")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT))
    from generate import generate

    from mmi_desktop.services.transfer import transfer

    server = None
    if args.url is None:
        from tests.pgserver import PgServer

        server = PgServer().start()
    try:
        url = args.url or server.fresh_url("bench")  # type: ignore[union-attr]
        tmp = Path(tempfile.mkdtemp(prefix="mmi-bench-server-"))
        # (its own file: benchmarks/run.py's may be of another schema version)
        sqlite_path = Path(tempfile.gettempdir()) / f"mmi-bench-server-{args.cases}.sqlite"
        figures: dict[str, Any] = {"cases": args.cases, "machine": {"cpus": os.cpu_count()}}
        if not sqlite_path.exists():
            figures["generating_the_sqlite_database_s"] = round(
                generate(sqlite_path, args.cases, today=AS_OF), 1)
        started = time.perf_counter()
        moved, _ = transfer(str(sqlite_path), url)
        figures["transfer_to_the_server_s"] = round(time.perf_counter() - started, 1)
        figures["transferred_cases"] = moved.cases
        figures["sqlite"] = store_figures(str(sqlite_path))
        figures["postgresql"] = store_figures(url)
        figures["postgresql_over_sqlite"] = {
            key: round(figures["postgresql"][key] / figures["sqlite"][key], 2)
            for key in figures["sqlite"] if key.endswith("_ms") and figures["sqlite"][key]}
        soak_url = server.fresh_url("soak") if server else None
        if soak_url:
            figures["soak"] = soak(soak_url, args.workers, args.edits, tmp)
        json.dump(figures, sys.stdout, indent=2)
        sys.stdout.write("\n")
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

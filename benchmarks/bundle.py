"""The application bundle beside the source install: size on disk and cold start, measured
in the same run on the same machine. Prints one JSON document.

    python tools/build_bundle.py                  # dist/mmi-desktop/ first
    python benchmarks/bundle.py                   # 10,000 cases (the database is reused)
    python benchmarks/bundle.py --cases 2000 --runs 5

The cold start is timed as benchmarks/run.py times it: from the process start to the first
paint of the case list, with the cases in it. Both programs are started as a person starts
them (`mmi-desktop --db FILE`: the source install's command, the bundle's program) with
MMI_DESKTOP_TIME_START set, which makes the app print "painted" at that paint and quit.
One start of each runs first and is not counted (Python writes its bytecode cache then, and
the files come into the disk cache, as on any PC after the first start). Runs alternate.

The source install's size is that of the installed distributions the app needs at run time
(mmi-desktop's requirements, followed through theirs), as pip put them in the virtual
environment; the Python interpreter itself is not counted there, and is in the bundle.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(HERE))

from build_bundle import NAME, program, size_of  # noqa: E402
from run import AS_OF, BARE_CHILD  # noqa: E402


def start_time(command: list[str], home: str) -> float:
    """Seconds from the process start to its "painted" line."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"QT_QPA_PLATFORM": "offscreen", "MMI_DESKTOP_HOME": home,
            "MMI_DESKTOP_TIME_START": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=home)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    rest, err = proc.communicate(timeout=120)
    if first.strip() != "painted":
        raise SystemExit(f"{command[0]} did not report its first paint: {first!r} {err}")
    return elapsed


def distribution_size(name: str, seen: set[str]) -> int:
    """Bytes on disk of a distribution and of everything it requires (once each)."""
    key = re.sub(r"[-_.]+", "-", name).lower()
    if key in seen:
        return 0
    seen.add(key)
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return 0
    total = 0
    for file in dist.files or []:
        path = Path(dist.locate_file(file))
        if path.is_file():
            total += path.stat().st_size
    for requirement in dist.requires or []:
        if "extra ==" in requirement:
            continue
        if ";" in requirement:  # a marker: count it only where it applies here
            from packaging.requirements import Requirement

            if not Requirement(requirement).marker.evaluate():  # type: ignore[union-attr]
                continue
        total += distribution_size(re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0],
                                   seen)
    return total


def editable_sources() -> int:
    """The app's own files where an editable install reads them (mmi_desktop/, resources/)."""
    return sum(p.stat().st_size for folder in (ROOT / "mmi_desktop", ROOT / "resources")
               for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5, help="cold starts of each to take the "
                        "median of")
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / NAME)
    parser.add_argument("--db", type=Path, help="an existing benchmark database to reuse")
    args = parser.parse_args()
    bundled = program(args.bundle)
    if not bundled.exists():
        raise SystemExit(f"no bundle at {args.bundle}: run python tools/build_bundle.py first")
    source = Path(sysconfig.get_path("scripts")) / (f"{NAME}.exe" if os.name == "nt" else NAME)

    from generate import generate

    db_path = args.db or Path(tempfile.gettempdir()) / f"mmi-bench-{args.cases}.sqlite"
    if not db_path.exists():
        generate(db_path, args.cases, today=AS_OF)
    home = tempfile.mkdtemp(prefix="mmi-bench-home-")
    load = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
    commands = {
        "source": [str(source), "--db", str(db_path)],
        "bundle": [str(bundled), "--db", str(db_path)],
    }
    commands["bare"] = [sys.executable, "-c", BARE_CHILD]
    times: dict[str, list[float]] = {which: [] for which in commands}
    for command in commands.values():  # warm-up, not counted
        start_time(command, home)
    for _ in range(args.runs):
        for which, command in commands.items():
            times[which].append(start_time(command, home))

    bundle_bytes, bundle_files = size_of(args.bundle)
    installed = distribution_size("mmi-desktop", set())
    ms = {k: round(statistics.median(v) * 1000, 1) for k, v in times.items()}
    best = {k: round(min(v) * 1000, 1) for k, v in times.items()}
    figures: dict[str, Any] = {
        "cases": args.cases,
        "runs": args.runs,
        "machine": {"cpus": os.cpu_count(), "platform": sys.platform,
                    "load_average_1min_at_start": load},
        "cold_start_to_painted_list_ms": {
            "bundle": ms["bundle"],
            "source_install": ms["source"],
            "bundle_over_source": round(ms["bundle"] / ms["source"], 2),
            "best_of_runs_ms": best,  # the least disturbed by other work on the machine
            "baseline": ms["bare"],
            "baseline_is": "bare PySide6 window with an empty table, as in benchmarks/run.py",
            "all_runs_ms": {k: [round(s * 1000, 1) for s in v] for k, v in times.items()},
        },
        "size_mib": {
            "bundle": round(bundle_bytes / 2**20, 1),
            "bundle_files": bundle_files,
            "source_install_packages": round(installed / 2**20, 1),
            "source_install_packages_is": "the installed distributions mmi-desktop needs at "
            "run time (pip's files in the virtual environment), without the interpreter",
            "app_sources_read_by_an_editable_install": round(editable_sources() / 2**20, 1),
        },
    }
    json.dump(figures, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

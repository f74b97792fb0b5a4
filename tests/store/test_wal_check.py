"""The file check sees what is in the -wal file: an intact database whose recent changes are
still only in its write-ahead log (a full disk stopped the checkpoint, a copy taken while
open) is never called damaged (issue 11 item 2)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from mmi_desktop.cli import main
from mmi_desktop.domain.casefile import load_case
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import open_database
from mmi_desktop.store.dbfile import check_database_file, head_revision
from mmi_desktop.store.samples import sample_files
from tests.dbfiles import cases_in
from tests.mounting import small_tmpfs

ROOT = Path(__file__).resolve().parents[2]


def copy_with_wal(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    return target




# issue 11 item 2 (always runs: the state a full disk leaves, made without one)
def test_database_whose_changes_are_still_in_the_wal_is_not_called_damaged(
    tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    live = tmp_path / "live" / "cases.sqlite"
    db = open_database(live)
    try:
        # A few cases stay in the WAL (no checkpoint before 1000 pages, none while open).
        CaseStore(db).import_cases([load_case(p) for p in sample_files()[:5]])
        copy = copy_with_wal(live, tmp_path / "copy")  # as a backup program would copy it
    finally:
        db.close()
    assert copy.stat().st_size < Path(f"{copy}-wal").stat().st_size
    assert check_database_file(copy) == head_revision()
    assert cases_in(copy) == 5
    out = tmp_path / "out"
    assert main(["export", "--db", str(copy), "-o", str(out)]) == 0, capsys.readouterr().err
    assert len(list(out.glob("*.json"))) == 5


# issue 11 item 2 (a real full disk: a small tmpfs)
def test_intact_database_after_a_full_disk_opens_there_and_on_a_roomy_disk(
    tmp_path: Path,
) -> None:
    env = dict(os.environ, MMI_DESKTOP_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    files = [str(p) for p in sample_files()]
    with small_tmpfs(tmp_path / "small", "1200k") as small:
        db = small / "cases.sqlite"
        full = None
        for _ in range(20):
            run = subprocess.run(
                [sys.executable, "-m", "mmi_desktop", "import", "--db", str(db), *files],
                env=env, capture_output=True, text=True, cwd=ROOT, timeout=300,
            )
            if "disk is full" in run.stderr:
                full = run
                break
            assert run.returncode == 0, run.stderr
        assert full is not None, "the small disk never filled"
        assert "Traceback" not in full.stderr
        stored = cases_in(db)
        assert stored > 0
        copy = copy_with_wal(db, tmp_path / "roomy")
        for target in (db, copy):
            out = tmp_path / f"out-{target.parent.name}"
            run = subprocess.run(
                [sys.executable, "-m", "mmi_desktop", "export", "--db", str(target),
                 "-o", str(out)],
                env=env, capture_output=True, text=True, cwd=ROOT, timeout=300,
            )
            assert run.returncode == 0, run.stderr
            assert "damaged" not in run.stderr
            assert len(list(out.glob("*.json"))) == stored

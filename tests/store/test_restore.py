"""Restore never loses a database: not onto itself, not from a file that is not one of this
app's databases, not while another program uses the database, not when killed midway
(issue 11 items 3, 4, 5)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mmi_desktop.cli import main
from mmi_desktop.store.backups import make_backup, restore
from mmi_desktop.store.database import open_database
from mmi_desktop.store.dbfile import check_database_file
from tests.dbfiles import cases_in, make_db

ROOT = Path(__file__).resolve().parents[2]






def left_beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


# issue 11 item 3
@pytest.mark.parametrize("how", ["same-path", "relative", "symlink", "dotted"])
def test_restore_onto_itself_is_refused_and_the_database_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    db = make_db(tmp_path / "r.sqlite", 3)
    monkeypatch.chdir(tmp_path)
    backup = {
        "same-path": str(db),
        "relative": "r.sqlite",
        "symlink": str(tmp_path / "link.sqlite"),
        "dotted": str(tmp_path / "sub" / ".." / "r.sqlite"),
    }[how]
    (tmp_path / "sub").mkdir()
    os.symlink(db, tmp_path / "link.sqlite")
    assert main(["restore", "--db", str(db), backup]) == 2
    assert "is the database itself" in capsys.readouterr().err
    assert cases_in(db) == 3
    assert left_beside(db) == ["link.sqlite", "sub"]  # nothing moved aside


def backups_that_are_not(tmp_path: Path) -> dict[str, Path]:
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    no_tables = tmp_path / "no-tables.sqlite"
    sqlite3.connect(no_tables).execute("PRAGMA user_version=1").connection.close()
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    stamped_only = tmp_path / "stamped.sqlite"
    conn = sqlite3.connect(stamped_only)
    conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
    conn.execute("INSERT INTO alembic_version VALUES ('0003')")
    conn.commit()
    conn.close()
    damaged = make_db(tmp_path / "damaged" / "d.sqlite", 10)
    data = bytearray(damaged.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 3: page * 5] = b"\xff" * (page * 2)  # two pages of the tables overwritten
    damaged.write_bytes(bytes(data))
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    return {"empty": empty, "no-tables": no_tables, "other-program": other,
            "stamped-only": stamped_only, "damaged": damaged, "text": text}


# issue 11 item 4
@pytest.mark.parametrize(
    "kind", ["empty", "no-tables", "other-program", "stamped-only", "damaged", "text"]
)
def test_a_file_that_is_not_this_apps_database_is_never_restored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    db = make_db(tmp_path / "live" / "cases.sqlite", 3)
    backup = backups_that_are_not(tmp_path)[kind]
    assert main(["restore", "--db", str(db), str(backup)]) == 2
    err = capsys.readouterr().err
    assert str(backup) in err and "Nothing was changed" in err
    assert cases_in(db) == 3
    assert left_beside(db) == []  # not moved aside, no partial copy left


# issue 11 item 5
def test_restore_is_refused_while_another_program_has_the_database_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = make_db(tmp_path / "live" / "cases.sqlite", 3)
    backup = make_db(tmp_path / "b" / "backup.sqlite", 1)
    other = subprocess.Popen(
        [sys.executable, "-c",
         "import sys\nfrom mmi_desktop.store.database import open_database\n"
         "from mmi_desktop.store.cases import CaseStore\n"
         f"db = open_database({str(db_path)!r})\nprint(CaseStore(db).count(), flush=True)\n"
         "sys.stdin.readline()\ndb.close()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "3"
        assert main(["restore", "--db", str(db_path), str(backup)]) == 2
        err = capsys.readouterr().err
        assert "in use" in err and "Nothing was changed" in err
    finally:
        assert other.stdin is not None
        other.stdin.write("\n")
        other.stdin.close()
        other.wait(30)
    assert cases_in(db_path) == 3
    assert left_beside(db_path) == []
    assert main(["restore", "--db", str(db_path), str(backup)]) == 0  # closed: now it may
    assert cases_in(db_path) == 1


def restore_worker(backup: Path, target: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mmi_desktop", "restore", "--db", str(target), str(backup)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )


def kill_restore_trials(tmp_path: Path, trials: int) -> set[int]:
    big = make_db(tmp_path / "b" / "big.sqlite", 27, padding=6000)  # a while to copy
    target = make_db(tmp_path / "live" / "cases.sqlite", 4)
    start = time.monotonic()
    assert restore_worker(big, tmp_path / "timing.sqlite").wait() == 0
    whole = time.monotonic() - start  # kill at random points of a whole restore's time
    seen = set()
    rng = random.Random(11)
    for _ in range(trials):
        proc = restore_worker(big, target)
        time.sleep(rng.uniform(0.1, 1.0) * whole)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert target.exists()
        check_database_file(target)  # the app's own look: never "damaged" (a hot journal)
        count = cases_in(target)  # never missing, never half: the old one or the new one
        assert count in (4, 27)
        seen.add(count)
        if count == 27:  # back to the old one for the next trial
            make_db_again = tmp_path / "live"
            for p in make_db_again.iterdir():
                p.unlink()
            make_db(target, 4)
    return seen


# issue 11 items 3-5 (kill -9 during a restore)
def test_kill_9_during_restore_leaves_the_old_or_the_new_database(tmp_path: Path) -> None:
    kill_restore_trials(tmp_path, 4)


@pytest.mark.slow
def test_kill_9_during_restore_many_trials(tmp_path: Path) -> None:
    assert kill_restore_trials(tmp_path, 30) == {4, 27}


def test_restore_keeps_the_current_database_beside_it(tmp_path: Path) -> None:
    db_path = make_db(tmp_path / "live" / "cases.sqlite", 3)
    db = open_database(db_path)
    backup = make_backup(db)
    db.close()
    make_db(db_path, 2)  # two more
    moved = restore(backup, db_path)
    assert moved is not None and cases_in(moved) == 5
    assert cases_in(db_path) == 3


# issue 11 item 3-5 (a restore that fails midway: a full disk)
def test_restore_onto_a_full_disk_fails_and_leaves_the_database_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.mounting import small_tmpfs

    backup = make_db(tmp_path / "b" / "backup.sqlite", 27, padding=300)
    with small_tmpfs(tmp_path / "small", "1000k") as small:
        db_path = make_db(small / "cases.sqlite", 2)
        assert main(["restore", "--db", str(db_path), str(backup)]) == 2
        err = capsys.readouterr().err
        assert "Nothing was changed" in err or "full" in err
        assert cases_in(db_path) == 2


# issue 11 item 6 (restore creates no folder; a new file in an existing one is fine)
def test_restore_to_a_missing_folder_is_refused_and_to_a_new_file_is_done(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = make_db(tmp_path / "b" / "backup.sqlite", 2)
    typo = tmp_path / "typo" / "cases.sqlite"
    assert main(["restore", "--db", str(typo), str(backup)]) == 2
    assert "There is no folder" in capsys.readouterr().err and not typo.parent.exists()
    fresh = tmp_path / "new.sqlite"
    assert main(["restore", "--db", str(fresh), str(backup)]) == 0
    assert cases_in(fresh) == 2


# issue 11 item 4 (a backup copied with its -wal file: restored whole, and left as it is)
def test_a_backup_with_its_wal_file_is_restored_whole_and_left_untouched(
    tmp_path: Path,
) -> None:
    import shutil

    from mmi_desktop.store.database import open_database

    source = make_db(tmp_path / "src" / "cases.sqlite", 1)
    db = open_database(source)  # three more cases stay in the -wal while it is open
    try:
        from mmi_desktop.store.cases import CaseStore

        assert CaseStore(db).count() == 1  # (its connection open: no checkpoint at the end)
        make_db(source, 3)
        folder = tmp_path / "copied"
        folder.mkdir()
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{source}{suffix}", folder / f"backup.sqlite{suffix}")
    finally:
        db.close()
    backup = folder / "backup.sqlite"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    target = make_db(tmp_path / "live" / "cases.sqlite", 2)
    restore(backup, target)
    assert cases_in(target) == 4
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name in before} == before


HALF_WRITE = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=5")  # pages spill into the file before the commit
conn.execute("BEGIN")
conn.execute("DROP TABLE padding")
conn.execute("UPDATE cases SET document = document || ' '")
os.kill(os.getpid(), signal.SIGKILL)  # killed before the commit
"""


# issue 11 item 3-5 (found breaking it: kill -9 midway through a restore's write leaves a
# hot journal; the file check read the file without it and called the database damaged)
def test_a_database_with_a_hot_journal_is_rolled_back_not_called_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_db(tmp_path / "live" / "cases.sqlite", 5, padding=500)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=DELETE")  # (as a restore leaves it)
    conn.close()
    killed = subprocess.run([sys.executable, "-c", HALF_WRITE, str(db)], check=False)
    assert killed.returncode == -signal.SIGKILL
    assert Path(f"{db}-journal").stat().st_size > 0  # the hot journal is there
    assert main(["export", "--db", str(db), "-o", str(tmp_path / "out")]) == 0, \
        capsys.readouterr().err
    assert len(list((tmp_path / "out").glob("*.json"))) == 5
    assert cases_in(db) == 5

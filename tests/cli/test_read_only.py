"""A database that may only be read here is read (issue 11 item 14): on a read-only disk,
or another user's file; only writing needs write access, and the message says so."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from mmi_desktop.cli import main
from tests.conftest import EXAMPLES
from tests.dbfiles import make_db
from tests.mounting import remount_read_only, small_tmpfs


def read_commands(out: Path) -> list[list[str]]:
    return [
        ["export", "-o", str(out / "e")],
        ["backup", "-o", str(out / "b.sqlite")],
        ["analyze", "--case", "1"],
        ["letter", "--case", "2", "-o", str(out / "x.pdf"), "--draft"],
        ["letters", "-o", str(out / "l"), "--draft"],
        ["calendar", "-o", str(out / "c.ics")],
    ]


# issue 11 item 14
def test_every_read_command_works_on_a_read_only_disk_and_writing_says_why_not(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with small_tmpfs(tmp_path / "disk", "4m") as disk:
        db = make_db(disk / "cases.sqlite", 4)
        remount_read_only(disk)
        out = tmp_path / "out"
        for argv in read_commands(out):
            assert main([*argv, "--db", str(db)]) == 0, (argv, capsys.readouterr().err)
        assert len(list((out / "e").glob("*.json"))) == 4
        assert len(list((out / "l").glob("*.pdf"))) == 4
        assert (out / "b.sqlite").stat().st_size > 0 and (out / "c.ics").stat().st_size > 0
        capsys.readouterr()
        assert main(["import", str(EXAMPLES / "clean.json"), "--db", str(db)]) != 0
        err = capsys.readouterr().err
        assert "read-only" in err and "writing needs write access" in err
        assert "Traceback" not in err and "Errno" not in err
        assert main(["backup", "--db", str(db)]) == 2  # a rotating backup goes beside it
        err = capsys.readouterr().err
        assert "read-only" in err and "backup -o FILE" in err and ".partial" not in err


# issue 11 item 14 (always runs: another user's database, whose mode we may not change)
@pytest.mark.skipif(os.name != "posix", reason="file owners are POSIX")
def test_another_users_database_is_read_without_changing_its_permissions(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_db(tmp_path / "theirs" / "cases.sqlite", 4)
    for p in (db, db.parent):
        shutil.chown(p, 65534, 65534) if os.geteuid() == 0 else None
    os.chmod(db, 0o644)
    real_chmod = os.chmod

    def kernel_chmod(path: object, mode: int, *a: object, **k: object) -> None:
        # The kernel's rule, which root would bypass: only the owner changes a file's mode.
        if os.stat(path).st_uid != os.geteuid():  # type: ignore[arg-type]
            raise PermissionError(errno.EPERM, "Operation not permitted", str(path))
        real_chmod(path, mode, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "chmod", kernel_chmod)
    if os.geteuid() != 0:
        pytest.skip("needs root to give the file to another user")
    out = tmp_path / "out"
    for argv in read_commands(out):
        assert main([*argv, "--db", str(db)]) == 0, argv
    assert os.stat(db).st_mode & 0o777 == 0o644  # left as its owner set it

"""A mistyped --db is refused by name, never created (issue 11 item 6)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from mmi_desktop import paths
from mmi_desktop.cli import main
from tests.conftest import EXAMPLES

CASE = str(EXAMPLES / "clean.json")


def commands(out: Path) -> dict[str, list[str]]:
    return {
        "export": ["export", "-o", str(out / "e")],
        "backup": ["backup"],
        "backup-o": ["backup", "-o", str(out / "b.sqlite")],
        "letters": ["letters", "-o", str(out / "l")],
        "letter-case": ["letter", "--case", "1", "-o", str(out / "x.pdf")],
        "analyze-case": ["analyze", "--case", "1"],
        "analyze-file-with-db": ["analyze", CASE],
        "letter-file-with-db": ["letter", CASE, "-o", str(out / "y.pdf")],
        "calendar": ["calendar", "-o", str(out / "c.ics")],
    }


# issue 11 item 6
@pytest.mark.parametrize("name", list(commands(Path("."))))
@pytest.mark.parametrize("where", ["missing-file", "missing-folder"])
def test_read_commands_refuse_a_missing_database_by_name_and_create_nothing(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, where: str
) -> None:
    folder = tmp_path / ("typo" if where == "missing-folder" else "")
    target = folder / "cses.sqlite"
    out = tmp_path / "out"
    out.mkdir()
    assert main([*commands(out)[name], "--db", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"There is no database at {target}" in err
    assert not target.exists()
    assert not folder.exists() or where == "missing-file"
    assert list(out.iterdir()) == []  # nothing written either
    assert not paths.default_database().exists()


# issue 11 item 6
def test_read_commands_refuse_a_missing_default_database(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "-o", str(tmp_path / "e")]) == 2
    assert "There is no database at" in capsys.readouterr().err
    assert not paths.default_database().exists()


# issue 11 item 6
def test_import_still_creates_a_new_database_and_its_folder(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "cases.sqlite"
    assert main(["import", CASE, "--db", str(target)]) == 0
    assert target.is_file()


# issue 11 item 16
@pytest.mark.skipif(os.name != "posix", reason="folder modes are POSIX")
def test_folders_the_app_creates_are_owner_only_even_under_umask_000(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_log: Any
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("MMI_DESKTOP_HOME", str(home))
    old = os.umask(0)
    try:
        db = tmp_path / "a" / "b" / "cases.sqlite"
        assert main(["import", CASE, "--db", str(db)]) == 0
        assert main(["export", "--db", str(db), "-o", str(tmp_path / "e" / "f")]) == 0
        assert main(["letters", "--db", str(db), "-o", str(tmp_path / "l" / "m"),
                     "--draft"]) == 0
        assert main(["calendar", "--db", str(db), "-o", str(tmp_path / "c" / "d" / "x.ics")]) == 0
    finally:
        os.umask(old)
    made = [tmp_path / p for p in ("a", "a/b", "e", "e/f", "l", "l/m", "c", "c/d")]
    made += [home, home / "logs"]
    modes = {str(p.relative_to(tmp_path)): oct(stat.S_IMODE(p.stat().st_mode)) for p in made}
    assert modes == {k: "0o700" for k in modes}

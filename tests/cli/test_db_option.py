"""`--db` on either side of the command, and the subcommands' help (issue 11 items 1, 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmi_desktop import paths
from mmi_desktop.cli import build_parser, main
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import open_database
from tests.conftest import EXAMPLES

CASE = str(EXAMPLES / "clean.json")


def count(path: Path) -> int:
    db = open_database(path)
    try:
        return CaseStore(db).count()
    finally:
        db.close()


# issue 11 item 1
@pytest.mark.parametrize("before", [True, False], ids=["db-before-command", "db-after-command"])
def test_db_option_is_used_on_either_side_of_the_command(
    home: Path, tmp_path: Path, before: bool
) -> None:
    target = tmp_path / "n.sqlite"
    args = ["import", CASE]
    argv = ["--db", str(target), *args] if before else [*args, "--db", str(target)]
    assert main(argv) == 0
    assert target.exists() and count(target) == 1
    assert not paths.default_database().exists()  # the default database was never touched


# issue 11 item 1
def test_export_with_db_before_the_command_exports_that_database(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "n.sqlite"
    assert main(["import", CASE, "--db", str(target)]) == 0
    out = tmp_path / "out"
    assert main(["--db", str(target), "export", "-o", str(out)]) == 0
    assert len(list(out.glob("*.json"))) == 1
    assert "Exported 1 case" in capsys.readouterr().out


# issue 11 item 1
def test_db_given_twice_differently_is_refused(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    assert main(["--db", str(a), "import", CASE, "--db", str(b)]) == 2
    err = capsys.readouterr().err
    assert "--db" in err and str(a) in err and str(b) in err
    assert not a.exists() and not b.exists() and not paths.default_database().exists()


@pytest.mark.parametrize("empty", ["", "  "])
@pytest.mark.parametrize("before", [True, False], ids=["db-before-command", "db-after-command"])
def test_an_empty_db_is_refused_not_taken_as_the_default(
    home: Path, capsys: pytest.CaptureFixture[str], empty: str, before: bool
) -> None:
    argv = ["--db", empty, "import", CASE] if before else ["import", CASE, "--db", empty]
    assert main(argv) == 2
    assert "--db was given without a path" in capsys.readouterr().err
    assert not paths.default_database().exists()


# issue 11 item 16
@pytest.mark.parametrize("command", ["import", "export", "backup", "restore", "analyze",
                                     "letter", "letters", "calendar"])
def test_every_command_help_has_a_description_and_shows_defaults(command: str) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    helptext = sub.choices[command].format_help()  # type: ignore[index]
    description = sub.choices[command].description  # type: ignore[index]
    assert description and len(description) > 20
    assert description.split()[0] in helptext
    assert "--db" in helptext
    assert "default:" in helptext  # at least the database's default is spelled out


# issue 11 item 16
def test_help_states_the_defaults_of_options_that_have_one() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    analyze_help = " ".join(sub.choices["analyze"].format_help().split())  # type: ignore[index]
    assert "(default: en)" in analyze_help
    assert "(default: today)" in analyze_help


# issue 11 item 16
def test_importing_every_json_file_of_the_samples_folder_imports_the_samples(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = sorted(paths.resource("samples").glob("*.json"))  # `import resources/samples/*.json`
    assert main(["import", "--db", str(tmp_path / "s.sqlite"), *map(str, files)]) == 0
    assert f"Imported {len(files)} of {len(files)} files." in capsys.readouterr().out
    assert count(tmp_path / "s.sqlite") == len(files) >= 20

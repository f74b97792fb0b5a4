"""The command line: import, export, backup, refusals with clear messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mmi_desktop.cli import main
from mmi_desktop.domain.fields import label
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import open_database
from tests.conftest import EXAMPLES


def write(path: Path, document: Any) -> Path:
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def example(name: str = "pending-surgery") -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


def case_count(db_path: Path) -> int:
    db = open_database(db_path)
    try:
        return CaseStore(db).count()
    finally:
        db.close()


def db_bytes(db_path: Path) -> bytes:
    # The committed content: checkpoint the WAL so comparisons see the real state.
    db = open_database(db_path)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    rows = []
    for stored in CaseStore(db).iter_cases():
        rows.append(json.dumps([stored.id, stored.version]))
    audit = len(CaseStore(db).audit())
    db.close()
    return ("|".join(rows) + f"|audit={audit}").encode()


def test_import_then_export_round_trip(tmp_path: Path, db_path: Path) -> None:
    files = [EXAMPLES / "clean.json", EXAMPLES / "pending-surgery.json"]
    assert main(["import", *map(str, files), "--db", str(db_path)]) == 0
    out = tmp_path / "out"
    assert main(["export", "--db", str(db_path), "-o", str(out)]) == 0
    exported = sorted(out.glob("*.json"))
    assert [p.name for p in exported] == ["0001-Wilson-Derek.json", "0002-Gutierrez-Ana.json"]
    for original, written in zip(files, exported, strict=True):
        a, b = json.loads(original.read_text()), json.loads(written.read_text())
        # Unchanged, apart from nulls and defaults ("combine": "cvc") the original left out.
        b_declarations = b["mmi_declarations"]
        for declaration in b_declarations:
            if declaration["combine"] == "cvc" and declaration["combine_reason"] is None:
                del declaration["combine"]
        assert without_nulls(b) == without_nulls(a)


def without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


BROKEN = {
    "unknown key": (lambda d: d["claim"].__setitem__("colour", "red"), "claim.colour"),
    "bad enum": (lambda d: d["providers"][0].__setitem__("role", "boss"), "providers[0].role"),
    "float money": (
        lambda d: d["claim"].__setitem__("average_weekly_wage", 880.5),
        "claim.average_weekly_wage",
    ),
    "dangling provider": (
        lambda d: d["treatments"][0].__setitem__("provider", "ghost"),
        "treatments[0].provider",
    ),
    "MMI before injury": (
        lambda d: d["mmi_declarations"][0].__setitem__("date", "2023-01-01"),
        "mmi_declarations[0].date",
    ),
    "WPI over 100": (
        lambda d: d["mmi_declarations"][0]["impairments"][0].__setitem__("wpi", 104),
        "mmi_declarations[0].impairments[0].wpi",
    ),
    "missing name": (lambda d: d["client"].pop("first_name"), "client.first_name"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_file_is_refused_whole(
    kind: str, tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(EXAMPLES / "clean.json"), "--db", str(db_path)]) == 0
    before = db_bytes(db_path)
    document = example()
    mutate, field = BROKEN[kind]
    mutate(document)
    path = write(tmp_path / "broken.json", document)
    capsys.readouterr()
    assert main(["import", str(path), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert f"  {label(field)}: " in err  # the field by its label (issue 17)
    assert f"{field}:" not in err
    assert "Traceback" not in err
    assert db_bytes(db_path) == before
    assert case_count(db_path) == 1


def test_not_json_is_refused(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "scan.json", "%PDF-1.4 this is a scan")
    assert main(["import", str(path), "--db", str(db_path)]) == 1
    assert "not a JSON document" in capsys.readouterr().err
    assert case_count(db_path) == 0


def test_good_files_import_beside_a_refused_one(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = example()
    bad["claim"]["average_weekly_wage"] = 1.5
    path = write(tmp_path / "bad.json", bad)
    code = main(["import", str(EXAMPLES / "clean.json"), str(path), "--db", str(db_path)])
    assert code == 1
    out = capsys.readouterr()
    assert "imported as case 1 (Wilson, Derek)" in out.out
    assert "Imported 1 of 2 files; 1 refused:" in out.err  # (issue 11 item 17)
    assert case_count(db_path) == 1


def test_missing_file_is_a_clear_refusal(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "/no/such/case.json", "--db", str(db_path)]) == 1
    assert "cannot be read" in capsys.readouterr().err


def test_database_that_is_not_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = write(tmp_path / "x.sqlite", "hello")
    assert main(["import", str(EXAMPLES / "clean.json"), "--db", str(target)]) == 2
    assert "not an MMI Desktop database" in capsys.readouterr().err
    assert target.read_text() == "hello"


def test_backup_command(tmp_path: Path, db_path: Path) -> None:
    main(["import", str(EXAMPLES / "clean.json"), "--db", str(db_path)])
    target = tmp_path / "b" / "copy.sqlite"
    assert main(["backup", "--db", str(db_path), "-o", str(target)]) == 0
    assert case_count(target) == 1


def test_backup_never_over_the_database_itself(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["import", str(EXAMPLES / "clean.json"), "--db", str(db_path)])
    before = db_path.read_bytes()
    for target in (db_path, tmp_path / "." / db_path.name):
        for extra in ([], ["--overwrite"]):
            assert main(["backup", "--db", str(db_path), "-o", str(target), *extra]) == 2
            assert "over the database itself" in capsys.readouterr().err
    assert db_path.read_bytes() == before
    assert case_count(db_path) == 1


def test_backup_refuses_an_existing_file_unless_told(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["import", str(EXAMPLES / "clean.json"), "--db", str(db_path)])
    other = write(tmp_path / "notes.sqlite", "a caseworker's other file")
    assert main(["backup", "--db", str(db_path), "-o", str(other)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert other.read_text() == "a caseworker's other file"
    assert main(["backup", "--db", str(db_path), "-o", str(other), "--overwrite"]) == 0
    assert case_count(other) == 1


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MMI_DESKTOP_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "mmi_desktop", *args],
        capture_output=True, text=True, env=env, timeout=120,
    )


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run("--help", home=tmp_path)
    assert result.returncode == 0
    for command in ("import", "export", "backup", "analyze", "letter", "letters", "--demo"):
        assert command in result.stdout


def test_refusal_from_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    bad = example()
    bad["mmi_declarations"][0]["impairments"][0]["wpi"] = 250
    path = write(tmp_path / "bad.json", bad)
    result = run("import", str(path), "--db", str(tmp_path / "db.sqlite"), home=tmp_path)
    assert result.returncode == 1
    assert "MMI declaration 1 › Impairment 1 › WPI %: must be between 0 and 100" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_export_leaves_out_a_case_import_could_not_read_back(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The store takes a case whose file would pass import's 10 MB limit; export says so
    by name instead of writing a file that import then refuses."""
    from mmi_desktop.domain.casefile import MAX_FILE_BYTES, load_case

    main(["import", str(EXAMPLES / "clean.json"), "--db", str(db_path)])
    big = load_case(EXAMPLES / "clean.json")
    big.client.last_name = "Longnotes"
    big.notes = "a caseworker's very long note. " * (MAX_FILE_BYTES // 30)
    db = open_database(db_path)
    try:
        big_id = CaseStore(db).create(big)
    finally:
        db.close()
    out = tmp_path / "out"
    assert main(["export", "--db", str(db_path), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"case {big_id}" in err and "10 MB" in err
    files = list(out.glob("*.json"))
    assert len(files) == 1 and "Longnotes" not in files[0].name
    assert main(["import", str(files[0]), "--db", str(tmp_path / "again.sqlite")]) == 0

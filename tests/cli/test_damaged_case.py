"""One damaged case blocks nothing: export, letters and calendar write every other case,
report the damaged one by number and name, and exit 1 (issue 11 items 8 and 13)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mmi_desktop.cli import main
from mmi_desktop.store.samples import sample_files

DAMAGE = {
    # The stored document is not JSON any more.
    "document": "UPDATE cases SET document = '{\"format\": \"mmi-case/1\", \"cli' WHERE id = 2",
    # A zeroed page under a date column: what the driver cannot read back as a date.
    "zeroed-date": "UPDATE cases SET created_at = X'0000000000000000' WHERE id = 2",
    "zeroed-day": "UPDATE cases SET date_of_injury = X'00000000' WHERE id = 2",
}


@pytest.fixture
def damaged_db(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    path = tmp_path / "cases.sqlite"
    assert main(["import", "--db", str(path), *map(str, sample_files())]) == 0
    conn = sqlite3.connect(path)
    conn.execute(DAMAGE[request.param])
    conn.commit()
    name = conn.execute("SELECT last_name FROM cases WHERE id = 2").fetchone()[0]
    conn.close()
    assert name == "Whitaker"
    return path


ALL = pytest.mark.parametrize("damaged_db", list(DAMAGE), indirect=True)


def assert_reported(err: str) -> None:
    lines = [line for line in err.splitlines() if "Whitaker" in line]
    assert lines, err
    assert "case 2" in lines[0].lower() and "damaged" in lines[0]
    assert "Traceback" not in err and "ValueError" not in err and "isoformat" not in err


# issue 11 item 8
@ALL
def test_export_writes_every_other_case_and_reports_the_damaged_one(
    damaged_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["export", "--db", str(damaged_db), "-o", str(out)]) == 1
    assert len(list(out.glob("*.json"))) == 26
    assert not list(out.glob("0002-*"))
    assert_reported(capsys.readouterr().err)


# issue 11 item 8
@ALL
def test_letters_write_every_other_case_and_report_the_damaged_one(
    damaged_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letters"
    assert main(["letters", "--db", str(damaged_db), "-o", str(out),
                 "--as-of", "2026-11-27", "--draft"]) == 1
    assert len(list(out.glob("*.pdf"))) == 26
    assert_reported(capsys.readouterr().err)


# issue 11 item 8
@ALL
def test_calendar_holds_every_other_case_and_reports_the_damaged_one(
    damaged_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "c.ics"
    assert main(["calendar", "--db", str(damaged_db), "-o", str(out),
                 "--as-of", "2026-11-27"]) == 1
    text = out.read_text()
    assert "Whitaker" not in text and "Ramírez" in text and "case-27-" in text
    assert_reported(capsys.readouterr().err)


# issue 11 item 13 (a damaged record is "damaged", never a Python error)
@ALL
@pytest.mark.parametrize("command", [["analyze", "--case", "2"],
                                     ["letter", "--case", "2", "-o", "x.pdf"]])
def test_one_damaged_case_asked_for_by_number_is_called_damaged(
    damaged_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    argv = [str(tmp_path / a) if a.endswith(".pdf") else a for a in command]
    assert main([*argv, "--db", str(damaged_db)]) == 2
    err = capsys.readouterr().err
    assert "Case 2" in err and "damaged" in err and len(err.strip().splitlines()) == 1
    assert "ValueError" not in err and "isoformat" not in err


# issue 11 item 12 (a name stored before control characters were refused)
def test_a_stored_control_character_never_reaches_the_calendar_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from icalendar import Calendar

    path = tmp_path / "cases.sqlite"
    assert main(["import", "--db", str(path), str(sample_files()[1])]) == 0
    conn = sqlite3.connect(path)
    document = json.loads(conn.execute("SELECT document FROM cases").fetchone()[0])
    document["client"]["last_name"] = "Whit\x1b[2Jaker\x00"
    conn.execute("UPDATE cases SET document = ?", (json.dumps(document),))
    conn.commit()
    conn.close()
    out = tmp_path / "c.ics"
    assert main(["calendar", "--db", str(path), "-o", str(out), "--as-of", "2026-11-27"]) == 0
    data = out.read_bytes()
    assert b"\x1b" not in data and b"\x00" not in data
    events = Calendar.from_ical(data).walk("VEVENT")
    assert events and all("Whit\ufffd[2Jaker" in str(e["summary"]) for e in events)

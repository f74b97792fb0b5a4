"""A multi-file import goes on past each bad file and says, one line each, what it did
(issue 11 items 10-12 and 17)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mmi_desktop.cli import main
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import open_database
from mmi_desktop.store.samples import sample_files
from tests.conftest import EXAMPLES


def bad_files(folder: Path) -> dict[str, Path]:
    clean = (EXAMPLES / "clean.json").read_text()
    doc = json.loads(clean)
    out = {}

    def put(name: str, text: str) -> None:
        out[name] = folder / f"{name}.json"
        out[name].write_text(text)

    put("nan", clean.replace('"wpi": 7', '"wpi": NaN'))
    doc["claim"]["average_weekly_wage"] = "9" * 41 + ".00"
    put("wage41", json.dumps(doc))
    doc = json.loads(clean)
    put("int5000", json.dumps(doc).replace('"occupational_group": 350',
                                           '"occupational_group": ' + "7" * 5000))
    put("nested", "[" * 100_000 + "]" * 100_000)
    doc = json.loads(clean)
    doc["client"]["last_name"] = "Wilson\x1b[2J"
    put("escape", json.dumps(doc))
    doc["client"]["last_name"] = "\u202eWilson"
    put("rlo", json.dumps(doc))
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.json")
        out["fifo"] = folder / "fifo.json"
    return out


# issue 11 items 10, 11, 12
def test_bad_files_among_good_ones_are_each_refused_and_the_rest_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = bad_files(tmp_path)
    assert '"wpi": NaN' in bad["nan"].read_text()
    assert '"occupational_group": 777' in bad["int5000"].read_text()
    good = [str(p) for p in sample_files()[:3]]
    files = [good[0], *map(str, bad.values()), good[1], "/dev/zero", good[2]]
    db = tmp_path / "cases.sqlite"
    assert main(["import", "--db", str(db), *files]) == 1
    captured = capsys.readouterr()
    err = captured.err
    assert "Traceback" not in err and "RecursionError" not in err and "\x1b" not in err
    assert "\u202e" not in err + captured.out
    for name, path in bad.items():
        assert str(path) in err, name
    assert "Average weekly wage" in err and "Occupational group" in err
    assert "Last name" in err and "nested too deeply" in err
    d = open_database(db)
    try:
        assert CaseStore(d).count() == 3
    finally:
        d.close()


# issue 11 item 10
@pytest.mark.parametrize("name", ["nan", "wage41", "int5000", "nested", "escape"])
def test_analyze_and_letter_refuse_the_same_files_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = bad_files(tmp_path)[name]
    assert main(["analyze", str(path)]) == 1
    assert main(["letter", str(path), "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.count(f"{path}: refused") == 2 and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


# issue 11 item 17
def test_the_import_report_says_how_many_were_imported_and_each_refusal_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = bad_files(tmp_path)
    good = [str(p) for p in sample_files()[:2]]
    db = tmp_path / "cases.sqlite"
    assert main(["import", "--db", str(db), good[0], str(bad["nan"]), str(bad["escape"]),
                 good[1]]) == 1
    err = capsys.readouterr().err
    tail = err[err.index("Imported 2 of 4 files"):].splitlines()
    assert tail[0].startswith("Imported 2 of 4 files; 2 refused:")
    assert tail[1].startswith(f"  {bad['nan']}: ") and "WPI %" in tail[1]
    assert tail[2].startswith(f"  {bad['escape']}: ") and "Last name" in tail[2]
    assert len(tail) == 3
    assert "nothing of them was written" not in err

"""The analyze, letter and letters commands."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from mmi_desktop import paths
from mmi_desktop.cli import main
from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.store.database import open_database
from mmi_desktop.store.settings import SettingsStore
from tests.conftest import EXAMPLES
from tests.domain.test_samples import expected_rules

SAMPLES = paths.resource("samples")
MANIFEST = json.loads((SAMPLES / "samples.manifest").read_text())["samples"]
MONEY = re.compile(r"^\d+\.\d{2}$")


def analyze_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["analyze", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_analyze_each_sample(entry: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    out = analyze_json(capsys, str(SAMPLES / entry["file"]), "--as-of", "2026-11-27")
    assert out["format"] == "mmi-analysis/1"
    assert out["as_of"] == "2026-11-27"
    assert {f["rule"] for f in out["flags"]} == expected_rules(entry["file"])
    for flag in out["flags"]:
        assert flag["severity"] in ("high", "medium", "low")
        assert flag["title"] and flag["explanation"] and flag["actions"]
    ranks = [("high", "medium", "low").index(f["severity"]) for f in out["flags"]]
    assert ranks == sorted(ranks)  # highest severity first
    benefits = out["benefits"]
    for value in (benefits["td_weekly_rate"],):
        assert value is None or MONEY.match(value)
    if benefits["pd"] is not None:
        for key in ("weekly_rate", "total", "life_pension_weekly"):
            value = benefits["pd"][key]
            assert value is None or MONEY.match(value)
    dues = [d["due"] for d in out["deadlines"]]
    assert dues == sorted(dues)
    for d in out["deadlines"]:
        assert date.fromisoformat(d["due"]).weekday() < 5
        assert d["basis"]


def test_analyze_example_figures(capsys: pytest.CaptureFixture[str]) -> None:
    out = analyze_json(capsys, str(EXAMPLES / "pending-surgery.json"), "--as-of", "2026-11-27")
    assert out["benefits"]["td_weekly_rate"] == "586.67"
    assert out["benefits"]["pd"]["percent"] == 18 == out["rating"]["combined"]
    assert out["benefits"]["pd"]["weeks"] == 65.5
    assert out["benefits"]["pd"]["total"] == "18995.00"
    assert [p["string"] for p in out["rating"]["impairments"]] == [
        "16.02.01.00 - 6 - [1.4]8 - 360G - 9 - 10",
        "15.01.01.00 - 5 - [1.4]7 - 360G - 8 - 9",
    ]
    objection = next(d for d in out["deadlines"] if d["kind"] == "OBJECTION_TO_REPORT")
    assert objection["due"] == "2024-07-18" and objection["declaration"] == "m1"
    spanish = analyze_json(capsys, str(EXAMPLES / "pending-surgery.json"), "--lang", "es",
                           "--as-of", "2026-11-27")
    assert spanish["flags"][0]["rule"] == "SURGERY_PENDING"
    assert spanish["flags"][0]["title"] != out["flags"][0]["title"]


def test_analyze_case_from_the_database(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["import", str(EXAMPLES / "clean.json"), "--db", str(db_path)])
    capsys.readouterr()
    out = analyze_json(capsys, "--case", "1", "--db", str(db_path), "--as-of", "2026-11-27")
    assert out["benefits"]["pd"]["total"] == "8772.50"
    assert out["flags"] == []


def test_analyze_refuses_a_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads((EXAMPLES / "clean.json").read_text())
    doc["claim"]["average_weekly_wage"] = 1340.5
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    assert main(["analyze", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Average weekly wage: must be an amount in quotes" in captured.err


def test_analyze_needs_a_file_or_a_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze"]) == 2
    assert "either a case FILE or --case ID" in capsys.readouterr().err


def _sign(db_path: Path) -> None:
    """Give the database a firm that can sign its letters (name, phone, signer)."""
    db = open_database(db_path)
    try:
        SettingsStore(db).set_firm(FirmDetails(name="Example Law Group", phone="(555) 555-0150",
                                               signing_attorney="Alex Example"))
    finally:
        db.close()


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_letter_from_a_file_in_spanish(tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    args = ["letter", str(EXAMPLES / "clean.json"), "-o", str(out), "--lang", "es",
            "--as-of", "2026-11-27", "--draft"]
    assert main(args) == 0
    text = pdf_text(out)
    assert "Derek Wilson" in text
    assert "27 de noviembre de 2026" in text
    assert "$8,772.50" in text


def test_letter_for_a_stored_case_uses_the_firm(tmp_path: Path, db_path: Path) -> None:
    main(["import", str(EXAMPLES / "pending-surgery.json"), "--db", str(db_path)])
    db = open_database(db_path)
    SettingsStore(db).set_firm(FirmDetails(name="Example Law Group", phone="(555) 555-0150",
                                           signing_attorney="Alex Example"))
    db.close()
    out = tmp_path / "stored.pdf"
    assert main(["letter", "--case", "1", "--db", str(db_path), "-o", str(out)]) == 0
    text = pdf_text(out)
    assert "Example Law Group" in text and "Alex Example" in text
    assert "(555) 555-0150" in text and "DRAFT" not in text
    assert "Ana Gutierrez" in text


def test_letters_for_every_case(tmp_path: Path, db_path: Path) -> None:
    files = [str(EXAMPLES / "clean.json"), str(EXAMPLES / "pending-surgery.json")]
    main(["import", *files, "--db", str(db_path)])
    _sign(db_path)
    out = tmp_path / "letters"
    assert main(["letters", "--db", str(db_path), "-o", str(out), "--as-of", "2026-11-27"]) == 0
    written = sorted(p.name for p in out.glob("*.pdf"))
    assert written == ["0001-Wilson-Derek.pdf", "0002-Gutierrez-Ana.pdf"]
    # Each in its client's language.
    assert "Apreciable Ana Gutierrez:" in pdf_text(out / "0002-Gutierrez-Ana.pdf")
    assert "Dear Derek Wilson" in pdf_text(out / "0001-Wilson-Derek.pdf")


def test_dismissed_flags_are_left_out_of_the_letter(tmp_path: Path, db_path: Path) -> None:
    from mmi_desktop.domain.analysis import analyze
    from mmi_desktop.store.cases import CaseStore

    main(["import", str(EXAMPLES / "pending-surgery.json"), "--db", str(db_path)])
    _sign(db_path)
    before = tmp_path / "before.pdf"
    args = ["letter", "--case", "1", "--db", str(db_path), "--as-of", "2026-11-27"]
    assert main([*args, "-o", str(before)]) == 0
    assert "Left shoulder decompression" in pdf_text(before)
    db = open_database(db_path)
    try:
        store = CaseStore(db)
        case = store.load(1).case
        flag = analyze(case, date(2026, 11, 27)).flags[0]
        store.dismiss_flag(1, case, flag, "The physician withdrew the surgery request")
    finally:
        db.close()
    after = tmp_path / "after.pdf"
    assert main([*args, "-o", str(after)]) == 0
    assert "Left shoulder decompression" not in pdf_text(after)
    out = tmp_path / "batch"
    assert main(["letters", "--db", str(db_path), "-o", str(out), "--as-of", "2026-11-27"]) == 0
    assert "Left shoulder decompression" not in pdf_text(next(out.glob("*.pdf")))


def _with_last_name(tmp_path: Path, name: str, last: str) -> Path:
    doc = json.loads((EXAMPLES / f"{name}.json").read_text())
    doc["client"]["last_name"] = last
    path = tmp_path / f"{name}-{len(last)}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_letter_refuses_a_name_it_cannot_print(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letter.pdf"
    case = _with_last_name(tmp_path, "clean", "Wilson 🏛")
    assert main(["letter", str(case), "-o", str(out), "--as-of", "2026-11-27", "--draft"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "Letter refused: The client's last name has characters the letter cannot print: "
        "“🏛” (U+1F3DB).\n"
    )
    assert not out.exists()


def test_letter_prints_a_chinese_name(tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    case = _with_last_name(tmp_path, "clean", "陈")
    assert main(["letter", str(case), "-o", str(out), "--as-of", "2026-11-27", "--draft"]) == 0
    assert "Dear Derek 陈," in pdf_text(out)


def test_letters_reports_a_refused_letter_and_writes_the_others(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(_with_last_name(tmp_path, "clean", "Wilson 🏛")),
             str(EXAMPLES / "pending-surgery.json")]
    main(["import", *files, "--db", str(db_path)])
    _sign(db_path)
    capsys.readouterr()
    out = tmp_path / "letters"
    assert main(["letters", "--db", str(db_path), "-o", str(out), "--as-of", "2026-11-27"]) == 1
    assert sorted(p.name for p in out.glob("*.pdf")) == ["0002-Gutierrez-Ana.pdf"]
    captured = capsys.readouterr()
    assert "Wrote 1 letter(s)" in captured.out
    assert captured.err == (
        "Left out: case 1: The client's last name has characters the letter cannot "
        "print: “🏛” (U+1F3DB).\n"
        "1 case was left out; every other case was written.\n"
    )

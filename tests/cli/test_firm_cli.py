"""Letters a firm can mail from the command line (issue 16): `firm`, refusals while the
firm's details are missing, --draft, and `letters --one-file`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from mmi_desktop.cli import _give_demo_firm, main
from mmi_desktop.domain.firm import FirmDetails, demo_firm
from mmi_desktop.store.database import open_database
from mmi_desktop.store.settings import SettingsStore
from tests.conftest import EXAMPLES
from tests.letters.helpers import pdf_pages

AS_OF = ["--as-of", "2024-07-01"]
FIRM = ["--name", "Alvarez & Chen Injury Law", "--phone", "(916) 555-0199",
        "--signer", "Rosa Alvarez", "--signer-title", "Attorney at Law"]


def stored_firm(db: Path) -> FirmDetails:
    database = open_database(db)
    try:
        return SettingsStore(database).firm()
    finally:
        database.close()


def settings_rows(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as con:
        return sorted(con.execute("SELECT key, value FROM settings").fetchall())


@pytest.fixture
def cases_db(db_path: Path) -> Path:
    files = [str(EXAMPLES / "clean.json"), str(EXAMPLES / "pending-surgery.json")]
    assert main(["import", *files, "--db", str(db_path)]) == 0
    return db_path


def page_texts(path: Path) -> list[str]:
    return pdf_pages(path.read_bytes())


# ---------------------------------------------------------------------- firm
def test_firm_sets_the_details_and_prints_them(
    cases_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 120), (31, 58, 95)).save(logo)
    args = ["firm", "--db", str(cases_db), *FIRM, "--address", "1200 K Street, Suite 400",
            "--address", "Sacramento, CA 95814", "--email", "office@alvarezchen.example",
            "--logo", str(logo)]
    assert main(args) == 0
    firm = stored_firm(cases_db)
    assert firm == FirmDetails(
        name="Alvarez & Chen Injury Law", address="1200 K Street, Suite 400\nSacramento, CA 95814",
        phone="(916) 555-0199", email="office@alvarezchen.example",
        signing_attorney="Rosa Alvarez", signer_title="Attorney at Law",
        logo_path=str(logo.resolve()),
    )
    capsys.readouterr()
    assert main(["firm", "--db", str(cases_db)]) == 0  # no option: print them
    out = capsys.readouterr().out
    for value in ("Alvarez & Chen Injury Law", "Sacramento, CA 95814", "(916) 555-0199",
                  "Rosa Alvarez", "Attorney at Law", str(logo.resolve())):
        assert value in out
    assert "refused" not in out

    assert main(["firm", "--db", str(cases_db), "--email", "", "--signer-title", ""]) == 0
    changed = stored_firm(cases_db)
    assert changed.email == "" and changed.signer_title == ""
    assert changed.name == firm.name and changed.logo_path == firm.logo_path  # kept


def test_firm_without_a_database_says_nothing_is_set(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["firm"]) == 0
    out = capsys.readouterr().out
    assert out.count("(not set)") == 7
    assert "Letters are refused until these are set: Firm name, Phone, Signer" in out
    assert not (home / "data").exists() or not any((home / "data").iterdir())


def test_firm_on_a_mistyped_database_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["firm", "--db", str(tmp_path / "typo.sqlite")]) == 2
    assert "There is no database" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--phone", "call us"], "  Phone: must be a phone number"),
        (["--email", "office at firm"], "  Email: must be an email address"),
        (["--name", "x" * 501], "  Firm name: is longer than 500 characters"),
    ],
)
def test_firm_refuses_bad_values_by_label_and_saves_nothing(
    cases_db: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["firm", "--db", str(cases_db), *FIRM]) == 0
    before = settings_rows(cases_db)
    capsys.readouterr()
    assert main(["firm", "--db", str(cases_db), "--signer", "Someone Else", *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Firm details: refused (1 problem):")
    assert message in err
    assert settings_rows(cases_db) == before  # not even the good value was saved


def test_firm_refuses_a_name_no_letter_can_print(
    cases_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = settings_rows(cases_db)
    assert main(["firm", "--db", str(cases_db), "--name", "Courthouse Law 🏛"]) == 1
    assert ("  The firm's name has characters the letter cannot print: “🏛” (U+1F3DB)."
            in capsys.readouterr().err)
    assert settings_rows(cases_db) == before
    assert main(["firm", "--db", str(cases_db), "--name", "陈氏律师事务所"]) == 0  # drawn


@pytest.mark.parametrize("content", [b"", b"GIF89a broken", b"%PDF-1.4 not an image"])
def test_firm_refuses_a_logo_that_is_not_an_image(
    cases_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(content)
    before = settings_rows(cases_db)
    assert main(["firm", "--db", str(cases_db), "--logo", str(logo)]) == 1
    assert "Logo: not an image" in capsys.readouterr().err
    assert main(["firm", "--db", str(cases_db), "--logo", str(tmp_path / "none.png")]) == 1
    assert "Logo: no such file" in capsys.readouterr().err
    assert settings_rows(cases_db) == before


def test_the_demo_database_gets_the_invented_firm_once(db_path: Path) -> None:
    from mmi_desktop.services.workspace import Workspace

    db = open_database(db_path)
    try:
        _give_demo_firm(Workspace(db))
        assert SettingsStore(db).firm() == demo_firm()
        SettingsStore(db).set_firm(FirmDetails(name="Changed by the caseworker"))
        _give_demo_firm(Workspace(db))  # the next --demo start keeps what the caseworker set
        assert SettingsStore(db).firm().name == "Changed by the caseworker"
    finally:
        db.close()


# ---------------------------------------------------------------------- letter
@pytest.mark.parametrize(
    ("firm_args", "missing"),
    [
        ([], "Firm name, Phone, Signer"),
        (["--name", "Solo Practice"], "Phone, Signer"),
        (["--name", "Solo Practice", "--signer", "Ana Ruiz"], "Phone"),
    ],
)
def test_letter_refuses_while_firm_details_are_missing(
    cases_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    firm_args: list[str], missing: str,
) -> None:
    if firm_args:
        assert main(["firm", "--db", str(cases_db), *firm_args]) == 0
    capsys.readouterr()
    out = tmp_path / "x.pdf"
    args = ["letter", "--case", "2", "--db", str(cases_db), "-o", str(out), *AS_OF]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Letter refused: the firm's details lack {missing}.")
    assert "--draft" in err
    assert not out.exists()

    assert main([*args, "--draft"]) == 0
    pages = page_texts(out)
    assert len(pages) >= 2 and all("BORRADOR" in p for p in pages)  # a Spanish client


def test_a_signed_letter_names_the_firm_phone_and_signer(
    cases_db: Path, tmp_path: Path
) -> None:
    assert main(["firm", "--db", str(cases_db), *FIRM]) == 0
    out = tmp_path / "x.pdf"
    assert main(["letter", "--case", "1", "--db", str(cases_db), "-o", str(out), *AS_OF]) == 0
    pages = page_texts(out)
    text = " ".join(pages)
    assert "Alvarez & Chen Injury Law" in pages[0]
    assert "please call us at (916) 555-0199" in text
    assert "Sincerely, Rosa Alvarez Attorney at Law Alvarez & Chen Injury Law" in pages[-1]
    assert "DRAFT" not in text


def test_a_case_file_uses_the_firm_of_the_caseworkers_own_database(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pdf"
    letter = ["letter", str(EXAMPLES / "clean.json"), "-o", str(out), *AS_OF]
    assert main(letter) == 1  # no database yet, so no firm
    assert "the firm's details lack Firm name, Phone, Signer" in capsys.readouterr().err
    assert main(["firm", *FIRM]) == 0  # creates the caseworker's database
    assert main(letter) == 0
    assert "Rosa Alvarez" in " ".join(page_texts(out))


# ---------------------------------------------------------------------- letters
def test_letters_refuse_before_writing_any(
    cases_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["firm", "--db", str(cases_db), "--name", "Solo Practice"]) == 0
    capsys.readouterr()
    out = tmp_path / "letters"
    assert main(["letters", "--db", str(cases_db), "-o", str(out), *AS_OF]) == 1
    assert capsys.readouterr().err.startswith(
        "Letters refused: the firm's details lack Phone, Signer."
    )
    assert not out.exists() or list(out.iterdir()) == []

    assert main(["letters", "--db", str(cases_db), "-o", str(out), *AS_OF, "--draft",
                 "--one-file", "all.pdf"]) == 0
    pages = page_texts(out / "all.pdf")
    assert all("DRAFT" in p or "BORRADOR" in p for p in pages)


@pytest.mark.parametrize("duplex", [False, True])
def test_letters_one_file_holds_every_letter(
    cases_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], duplex: bool
) -> None:
    assert main(["firm", "--db", str(cases_db), *FIRM]) == 0
    out = tmp_path / "letters"
    args = ["letters", "--db", str(cases_db), "-o", str(out), *AS_OF,
            "--one-file", "to-print.pdf"]
    capsys.readouterr()
    assert main([*args, "--duplex"] if duplex else args) == 0
    letters = sorted(p for p in out.glob("*.pdf") if p.name != "to-print.pdf")
    assert [p.name for p in letters] == ["0001-Wilson-Derek.pdf", "0002-Gutierrez-Ana.pdf"]
    counts = [len(PdfReader(p).pages) for p in letters]
    expected = sum(n + (n % 2 if duplex else 0) for n in counts)
    assert len(PdfReader(out / "to-print.pdf").pages) == expected
    said = capsys.readouterr().out
    assert f"All 2 in one file to print: {out / 'to-print.pdf'} ({expected} pages)" in said
    combined = page_texts(out / "to-print.pdf")
    assert "Dear Derek Wilson," in combined[0]
    second = counts[0] + (counts[0] % 2 if duplex else 0)
    assert "Apreciable Ana Gutierrez:" in combined[second]


def test_letters_one_file_elsewhere_and_bad_names(
    cases_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["firm", "--db", str(cases_db), *FIRM]) == 0
    out, elsewhere = tmp_path / "letters", tmp_path / "print" / "all.pdf"
    base = ["letters", "--db", str(cases_db), "-o", str(out), *AS_OF]
    assert main([*base, "--one-file", str(elsewhere)]) == 0
    assert elsewhere.is_file() and not (out / "all.pdf").exists()
    capsys.readouterr()
    assert main([*base, "--one-file", "all.txt"]) == 2
    assert "--one-file must name a .pdf file" in capsys.readouterr().err
    assert main([*base, "--duplex"]) == 2
    assert "--duplex goes with --one-file" in capsys.readouterr().err
    fresh = tmp_path / "fresh"
    (fresh / "folder.pdf").mkdir(parents=True)
    assert main(["letters", "--db", str(cases_db), "-o", str(fresh), *AS_OF,
                 "--one-file", "folder.pdf"]) == 2
    assert "--one-file names a folder, not a file" in capsys.readouterr().err
    assert [p.name for p in fresh.iterdir()] == ["folder.pdf"]  # refused before any letter


def test_letters_one_file_when_no_letter_is_written(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["firm", "--db", str(db_path), *FIRM]) == 0  # a new database, no case
    out = tmp_path / "letters"
    assert main(["letters", "--db", str(db_path), "-o", str(out), "--one-file", "a.pdf"]) == 0
    assert "No letter was written, so" in capsys.readouterr().err
    assert not (out / "a.pdf").exists()

"""Letters a firm can mail (issue 16): the firm's details, what is missing, drafts, one file
to print."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from pypdf import PdfReader

from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.firm import (
    FirmDetails,
    FirmError,
    demo_firm,
    describe_firm,
    missing_for_letters,
    updated_firm,
)
from mmi_desktop.domain.model import Case, Language, Restriction
from mmi_desktop.letters.base import logo_problem
from mmi_desktop.letters.batch import combine_letters, write_letters
from mmi_desktop.letters.summary import render_summary_letter
from tests.letters.helpers import CLEAN_AS_OF, PENDING_AS_OF, make_firm, pdf_pages, pdf_text

DRAFT_WORD = {Language.EN: "DRAFT", Language.ES: "BORRADOR"}


# ---------------------------------------------------------------------- what is missing
def test_a_complete_firm_misses_nothing(firm: FirmDetails) -> None:
    assert missing_for_letters(firm) == []
    assert missing_for_letters(demo_firm()) == []


@pytest.mark.parametrize(
    ("blank", "missing"),
    [
        ({"name": ""}, ["Firm name"]),
        ({"phone": "  "}, ["Phone"]),
        ({"signing_attorney": ""}, ["Signer"]),
        ({"name": "", "phone": "", "signing_attorney": ""}, ["Firm name", "Phone", "Signer"]),
        ({"address": "", "email": "", "signer_title": ""}, []),  # optional details
    ],
)
def test_missing_details_are_named_by_their_labels(
    blank: dict[str, str], missing: list[str]
) -> None:
    assert missing_for_letters(make_firm(**blank)) == missing


def test_the_demo_firm_is_invented_and_usable() -> None:
    firm = demo_firm()
    assert firm.problems() == []
    assert "555-01" in firm.phone  # a fictional number
    assert firm.email.endswith(".example")
    assert firm.signer_title


# ---------------------------------------------------------------------- changing details
def test_updated_firm_changes_only_what_is_given_and_trims(firm: FirmDetails) -> None:
    new = updated_firm(firm, {"phone": "  (559) 555-0147 ext. 12 ", "signer_title": "Partner"})
    assert new.phone == "(559) 555-0147 ext. 12"
    assert new.signer_title == "Partner"
    assert new.name == firm.name and new.address == firm.address
    assert updated_firm(firm, {"email": ""}).email == ""  # an empty value clears
    lines = updated_firm(firm, {"address": " 1 Example Plaza \n\n Fresno, CA 93721 "}).address
    assert lines == "1 Example Plaza\nFresno, CA 93721"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "call us"}, "Phone: must be a phone number"),
        ({"phone": "555-01"}, "Phone: must be a phone number"),
        ({"email": "office at firm"}, "Email: must be an email address"),
        ({"name": "A\nB"}, "Firm name: must be on one line"),
        ({"signing_attorney": "x" * 501}, "Signer: is longer than 500 characters"),
    ],
)
def test_unusable_details_are_refused_by_label(
    firm: FirmDetails, changes: dict[str, str], message: str
) -> None:
    with pytest.raises(FirmError) as caught:
        updated_firm(firm, changes)
    assert any(p.startswith(message) for p in caught.value.problems), caught.value.problems


def test_describe_firm_shows_every_detail_and_what_is_not_set() -> None:
    lines = describe_firm(FirmDetails(name="Solo Practice", address="1 Main St\nFresno, CA"))
    assert lines[0].split() == ["Firm", "name:", "Solo", "Practice"]
    assert lines[1].endswith("1 Main St") and lines[2].strip() == "Fresno, CA"
    assert sum("(not set)" in line for line in lines) == 5


def test_logo_must_be_an_image(tmp_path: Path) -> None:
    from PIL import Image

    good = tmp_path / "logo.png"
    Image.new("RGB", (300, 120), (31, 58, 95)).save(good)
    assert logo_problem(str(good)) is None
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    assert "not an image" in (logo_problem(str(fake)) or "")
    assert "no such file" in (logo_problem(str(tmp_path / "none.png")) or "")
    assert "no such file" in (logo_problem(str(tmp_path)) or "")  # a folder
    tiff = tmp_path / "logo.tif"
    Image.new("RGB", (10, 10)).save(tiff)
    assert "TIFF" in (logo_problem(str(tiff)) or "")


# ---------------------------------------------------------------------- the letter
@pytest.mark.parametrize("lang", list(Language))
def test_the_firms_name_phone_and_signer_appear(
    pending_case: Case, firm: FirmDetails, lang: Language
) -> None:
    signed = FirmDetails(**{**firm.to_dict(), "signer_title": "Attorney at Law"})
    pages = pdf_pages(
        render_summary_letter(pending_case, analyze(pending_case, PENDING_AS_OF), signed, lang)
    )
    assert "Alvarez & Chen Injury Law" in pages[0]
    text = " ".join(pages)
    assert text.count("(916) 555-0199") >= 2  # letterhead and "call us at"
    assert "Rosa Alvarez, Esq. Attorney at Law Alvarez & Chen Injury Law" in pages[-1]
    assert DRAFT_WORD[lang] not in text


@pytest.mark.parametrize("lang", list(Language))
def test_a_draft_is_marked_on_every_page(
    pending_case: Case, lang: Language
) -> None:
    analysis = analyze(pending_case, PENDING_AS_OF)
    pages = pdf_pages(render_summary_letter(pending_case, analysis, FirmDetails(), lang,
                                            draft=True))
    assert len(pages) >= 2
    for page in pages:
        assert DRAFT_WORD[lang] in page


# ---------------------------------------------------------------------- one file to print
def _page_count(path: Path) -> int:
    return len(PdfReader(path).pages)


@pytest.mark.parametrize("duplex", [False, True])
def test_one_file_holds_every_letter_each_on_a_new_page(
    tmp_path: Path, pending_case: Case, clean_case: Case, firm: FirmDetails, duplex: bool
) -> None:
    long = copy.deepcopy(clean_case)  # three pages: an odd count to pad
    long.mmi_declarations[-1].restrictions += [
        Restriction(text=f"No lifting over {10 + i} lbs with the right arm") for i in range(40)
    ]
    items = [("0001", pending_case), ("0002", long), ("0003", clean_case)]
    written = write_letters(items, tmp_path / "out", CLEAN_AS_OF, firm,
                            reserved=["all.pdf"])
    counts = [_page_count(p) for p in written]
    target = tmp_path / "out" / "all.pdf"
    pages = combine_letters(written, target, duplex=duplex)
    padded = [n + (n % 2 if duplex else 0) for n in counts]
    assert pages == sum(padded) == _page_count(target)
    if duplex:
        assert any(n % 2 for n in counts)  # some letter was padded: the test can fail
    combined = pdf_pages(target.read_bytes())
    start = 0
    for path, n, size in zip(written, counts, padded, strict=True):
        alone = pdf_pages(path.read_bytes())
        assert combined[start : start + n] == alone  # each letter whole, from a new page
        assert all(page == "" for page in combined[start + n : start + size])  # blank pad
        start += size


def test_no_letter_takes_the_combined_files_name(
    tmp_path: Path, clean_case: Case, firm: FirmDetails
) -> None:
    written = write_letters([("0001", clean_case)], tmp_path, CLEAN_AS_OF, firm,
                            reserved=["0001-Wilson-Derek.PDF"])
    assert [p.name for p in written] == ["0001-Wilson-Derek-2.pdf"]


def test_a_draft_batch_marks_every_page(
    tmp_path: Path, pending_case: Case, clean_case: Case
) -> None:
    written = write_letters([("0001", pending_case), ("0002", clean_case)], tmp_path,
                            PENDING_AS_OF, FirmDetails(), draft=True)
    target = tmp_path / "all.pdf"
    combine_letters(written, target)
    pages = pdf_pages(target.read_bytes())
    assert len(pages) >= 4
    assert all("BORRADOR" in p or "DRAFT" in p for p in pages)
    assert "BORRADOR" in pdf_text(written[0].read_bytes())  # Ana Gutierrez reads Spanish
    assert "DRAFT" in pdf_text(written[1].read_bytes())

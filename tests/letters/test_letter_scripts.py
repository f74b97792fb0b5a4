"""Names in every script the firm can type, read back from the letter's PDF.

Two ways of reading back: pypdf's text (what a search or a screen reader gets) with the font
each run was drawn in, and the strings ReportLab draws, left to right, as they go into the
page (`drawn`): a right-to-left name must be drawn in visual order, its Arabic letters in
their joined forms. Where poppler is installed, its word boxes check the same on the page.
"""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.model import Case, Language, Provider, ProviderRole, Restriction
from mmi_desktop.letters import scripts
from mmi_desktop.letters.base import FRAME_WIDTH, styles
from mmi_desktop.letters.scripts import UnprintableText, paragraph
from mmi_desktop.letters.summary import render_summary_letter
from tests.letters.helpers import PENDING_AS_OF, example, make_firm, pdf_text
from tools.build_letter_fonts import BIG5_TRAILS, EUC_TRAILS, national_set

# Invented names.
CHINESE = ("美玲", "陈")
KOREAN = ("민준", "김")
JAPANESE = ("さくら", "山田")
HEBREW = ("דוד", "כהן")
ARABIC = ("محمد", "الحسيني")
VIETNAMESE = ("Thị Hương", "Nguyễn")
ARMENIAN = ("Արամ", "Սարգսյան")
# Arabic letters in their joined forms (Unicode's presentation forms), in logical order.
MUHAMMAD_JOINED = "\ufee3\ufea4\ufee4\ufeaa"  # meem initial, hah medial, meem medial, dal final
ALHUSSEINI_JOINED = "\ufe8d\ufedf\ufea4\ufeb4\ufef4\ufee8\ufef2"


def named(first: str, last: str, base: str = "pending-surgery") -> Case:
    case = copy.deepcopy(example(base))
    case.client.first_name, case.client.last_name = first, last
    return case


def render(case: Case, lang: Language | None = None, **firm: str) -> bytes:
    return render_summary_letter(case, analyze(case, PENDING_AS_OF), make_firm(**firm), lang)


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every string ReportLab puts on a page, in the order drawn (left to right on a line)."""
    from reportlab.pdfgen.textobject import PDFTextObject

    strings: list[str] = []
    real = PDFTextObject._formatText

    def spy(self: PDFTextObject, text: str) -> str:
        strings.append(text)
        return real(self, text)

    monkeypatch.setattr(PDFTextObject, "_formatText", spy)
    yield strings


def fonts_of(pdf: bytes, wanted: str) -> set[str]:
    """The fonts (base names without subset prefix) pypdf sees drawing `wanted`'s chars."""
    names: set[str] = set()

    def visit(text: str, cm: object, tm: object, font: dict | None, size: float) -> None:
        if font and any(c in text for c in wanted if not c.isspace()):
            names.add(str(font.get("/BaseFont", "")).split("+")[-1])

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return names


def on_page(drawn: list[str]) -> str:
    """The drawn strings run together: the pieces of one line (a run per font) follow each
    other left to right."""
    return "".join(drawn)


# ---------------------------------------------------------------------- Chinese, Japanese, Korean
@pytest.mark.parametrize("first,last", [CHINESE, KOREAN, JAPANESE])
@pytest.mark.parametrize("lang", list(Language))
def test_cjk_names_are_drawn_in_a_font_that_has_them(
    first: str, last: str, lang: Language
) -> None:
    case = named(first, last)
    pdf = render(case, lang)
    text = pdf_text(pdf)
    greeting = "Dear" if lang is Language.EN else "Apreciable"
    assert f"{greeting} {first} {last}" in text
    # Drawn in the bundled CJK font, not as DejaVu's empty boxes.
    assert fonts_of(pdf, first + last) == {"LetterCJK-Regular"}


def test_a_cjk_firm_and_employer_print_in_bold_and_regular_places() -> None:
    case = named(*CHINESE)
    case.claim.employer = "金龙餐厅有限公司"
    pdf = render(case, Language.EN, name="陈氏律师事务所", signing_attorney="王志明")
    text = pdf_text(pdf)
    assert text.startswith("陈氏律师事务所")  # the letterhead, a bold style
    assert "Employer: 金龙餐厅有限公司" in text
    assert "王志明" in text
    assert fonts_of(pdf, "陈氏律师事务所金龙餐厅有限公司王志明") == {"LetterCJK-Regular"}


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_a_long_cjk_address_wraps_inside_the_page(tmp_path: Path) -> None:
    from tests.letters.test_summary_letter import _right_margin_is_blank

    case = named(*CHINESE)
    assert case.client.address is not None
    case.client.address.line1 = "加利福尼亚州洛杉矶市中心区第七大街一千二百三十四号金龙大厦" * 3
    pdf = render(case)
    assert _right_margin_is_blank(pdf, tmp_path) == []
    assert "加利福尼亚州" in pdf_text(pdf)


# ---------------------------------------------------------------------- right to left
def test_a_hebrew_name_is_drawn_right_to_left(drawn: list[str]) -> None:
    pdf = render(named(*HEBREW), Language.EN)
    # Drawn left to right: the last name's letters reversed, then the first name's.
    assert "Dear ןהכ דוד," in on_page(drawn)
    assert "דוד כהן" not in on_page(drawn)
    # pypdf reads Hebrew right to left, so a visually ordered name comes back as typed.
    assert "דוד כהן" in pdf_text(pdf)
    assert fonts_of(pdf, "".join(HEBREW)) == {"DejaVuSans"}


def test_an_arabic_name_is_joined_and_drawn_right_to_left(drawn: list[str]) -> None:
    pdf = render(named(*ARABIC), Language.ES)
    # On the greeting line: the last name (reversed) left of the first name (reversed).
    assert f"Apreciable {ALHUSSEINI_JOINED[::-1]} {MUHAMMAD_JOINED[::-1]}:" in on_page(drawn)
    text = pdf_text(pdf)
    for word in (MUHAMMAD_JOINED, ALHUSSEINI_JOINED):
        assert word in text or word[::-1] in text
    assert "محمد" not in text  # no letter left unjoined
    assert fonts_of(pdf, MUHAMMAD_JOINED + ALHUSSEINI_JOINED) == {"LetterArabic-Regular"}
    # The joined forms are the name as typed.
    assert unicodedata.normalize("NFKC", MUHAMMAD_JOINED) == ARABIC[0]


def test_hebrew_and_arabic_vowel_marks_are_drawn_with_their_letters(drawn: list[str]) -> None:
    first, last = "מֹשֶׁה", "مُحَمَّد"
    render(named(first, last), Language.EN)
    # Drawn before the letter they belong to, at the same place: these fonts draw a
    # zero-width mark to the right of where it starts, over the letter that follows.
    assert unicodedata.normalize("NFC", first)[::-1] in on_page(drawn)
    assert "\u064f\ufee3" in on_page(drawn)  # damma, then the initial meem it sits on


def test_persian_and_urdu_letters_join_too(drawn: list[str]) -> None:
    # Persian peh, gaf and farsi yeh; Urdu heh goal and yeh barree: forms DejaVu lacks.
    render(named("پگاه", "ہاشمی"), Language.EN)
    text = on_page(drawn)
    # Peh initial, gaf medial, heh goal initial, farsi yeh final.
    for joined in ("\ufb58", "\ufb95", "\ufba8", "\ufbfd"):
        assert joined in text, hex(ord(joined))


def test_a_right_to_left_phrase_that_wraps_reads_on_across_lines(drawn: list[str]) -> None:
    words = ["אחת", "שתיים", "שלוש", "ארבע", "חמש", "שש", "שבע", "שמונה", "תשע", "עשר"]
    para = paragraph(scripts.isolated(" ".join(words)), styles()["Body"])
    _, height = para.wrap(120, 1000)
    assert height >= 3 * styles()["Body"].leading  # it does wrap
    from reportlab.pdfgen.canvas import Canvas

    para.drawOn(Canvas(io.BytesIO()), 0, 0)
    lines = [s for s in drawn if s.strip()]
    # Each line holds the next words as typed, shown right to left.
    read = [w for line in lines for w in reversed(line.split())]
    assert [w[::-1] for w in read] == words


def test_a_number_after_a_right_to_left_name_stays_in_the_sentence(drawn: list[str]) -> None:
    case = named(*HEBREW)
    render(case, Language.ES)  # two pages: the running head on page 2 names the client
    assert any(s.startswith("ןהכ דוד · 1 de julio de 2024 · ") for s in drawn), drawn[:40]


def test_a_right_to_left_employer_keeps_the_sentence_around_it(drawn: list[str]) -> None:
    case = named("Dana", "Levi")
    case.claim.employer = 'חברת הבנייה בע"מ 2000'
    render(case, Language.EN)
    # Right to left, its number left to right, and the sentence's colon where it was.
    words = ["חברת", "הבנייה", 'בע"מ']
    shown = "Employer: 2000 " + " ".join(w[::-1] for w in reversed(words))
    assert shown in on_page(drawn)


def test_typed_direction_overrides_do_not_turn_the_letter_around(drawn: list[str]) -> None:
    pdf = render(named("Ana\u202e", "Gutierrez\u202b"), Language.EN)
    assert any("Dear Ana Gutierrez," in s for s in drawn)
    assert "Dear Ana Gutierrez," in pdf_text(pdf)


# ---------------------------------------------------------------------- other scripts
def test_vietnamese_names_typed_with_combining_marks_print_composed() -> None:
    first, last = (unicodedata.normalize("NFD", n) for n in VIETNAMESE)
    assert len(last) > len(VIETNAMESE[1])  # typed as letters plus marks
    pdf = render(named(first, last), Language.EN)
    assert "Dear Thị Hương Nguyễn," in pdf_text(pdf)


@pytest.mark.parametrize(
    "first,last", [ARMENIAN, ("Αλέξανδρος", "Παπαδόπουλος"), ("Иван", "Петров")]
)
def test_armenian_greek_and_cyrillic_names_print_in_the_letter_font(first: str, last: str) -> None:
    pdf = render(named(first, last), Language.EN)
    assert f"Dear {first} {last}," in pdf_text(pdf)
    assert fonts_of(pdf, first + last) == {"DejaVuSans"}


def _national_set(codec: str, leads: range, trails: list[int]) -> list[str]:
    return [chr(c) for c in sorted(national_set(codec, leads, trails))]


@pytest.mark.parametrize(
    "what,chars",
    [
        ("GB 2312 hanzi", _national_set("gb2312", range(0xB0, 0xF8), EUC_TRAILS)),
        ("Big5 hanzi", _national_set("big5", range(0xA4, 0xFA), BIG5_TRAILS)),
        ("JIS X 0208 kanji", _national_set("euc_jp", range(0xB0, 0xF5), EUC_TRAILS)),
        ("KS X 1001 Hangul", _national_set("euc_kr", range(0xB0, 0xC9), EUC_TRAILS)),
        ("kana", [chr(c) for c in range(0x3041, 0x3097)] + [chr(c) for c in range(0x30A1, 0x30FB)]),
        ("Hebrew", [chr(c) for c in range(0x05D0, 0x05EB)]),
        ("Arabic, Persian, Urdu", list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةىپچژگکیہےۀٹڈڑںھ")),
        ("Armenian", [chr(c) for c in [*range(0x0531, 0x0557), *range(0x0561, 0x0588)]]),
        ("Vietnamese", list("ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")),
    ],
)
def test_every_character_of_the_covered_sets_has_a_font(what: str, chars: list[str]) -> None:
    assert len(chars) > 20
    missing = scripts.unprintable("".join(chars))
    assert missing == "", f"{what}: {len(missing)} without a font, e.g. {missing[:10]}"


# ---------------------------------------------------------------------- refusals
@pytest.mark.parametrize(
    "change,field",
    [
        (lambda c: setattr(c.client, "last_name", "Gutierrez 🏛"), "The client's last name"),
        (lambda c: setattr(c.client, "first_name", "नमस्ते"), "The client's first name"),
        (lambda c: setattr(c.claim, "employer", "Acme 🏭 Tools"), "The employer"),
        (
            lambda c: setattr(c.client.address, "city", "Los Ángeles 🌴"),
            "The client's city",
        ),
        (
            lambda c: c.mmi_declarations[0].restrictions.append(
                Restriction(text="No lifting ✋🏽 over 10 lbs")
            ),
            "The restriction “No lifting ✋🏽 over 10 lbs”",
        ),
    ],
)
def test_characters_no_font_draws_refuse_the_letter_naming_the_field(
    change: object, field: str
) -> None:
    case = copy.deepcopy(example("pending-surgery"))
    change(case)  # type: ignore[operator]
    with pytest.raises(UnprintableText) as caught:
        render(case, Language.EN)
    message = str(caught.value)
    assert message.startswith(f"{field} has characters the letter cannot print: ")
    assert "U+" in message


def test_a_doctor_name_and_the_firm_name_are_named_too() -> None:
    case = copy.deepcopy(example("pending-surgery"))
    decl = case.mmi_declarations[0]
    case.providers.append(Provider(id="dr-x", name="Dr. ราม Patel", role=ProviderRole.PTP))
    decl.provider = "dr-x"
    with pytest.raises(UnprintableText) as caught:
        render(case, Language.EN, name="Smith 🏛️ Law")
    message = str(caught.value)
    # The emoji's variation selector draws nothing and is not reported.
    assert "The firm's name has characters the letter cannot print: “🏛” (U+1F3DB)." in message
    assert "The name of provider “Dr. ราม Patel” has characters" in message
    assert {field for field, _ in caught.value.problems} == {
        "the firm's name",
        "the name of provider “Dr. ราม Patel”",
    }


def test_text_the_letter_does_not_print_does_not_refuse_it() -> None:
    case = copy.deepcopy(example("pending-surgery"))
    case.notes = "Client sent 😀 by text"
    case.visits[0].note = "नमस्ते"
    assert "Ana Gutierrez" in pdf_text(render(case, Language.EN))


def test_a_latin_letter_loads_no_fallback_font() -> None:
    code = (
        "from tests.letters.test_letter_scripts import render, named\n"
        "from reportlab.pdfbase import pdfmetrics\n"
        "render(named('María', 'Núñez'))\n"
        "print(sorted(n for n in pdfmetrics.getRegisteredFontNames() if n.startswith('Letter')))\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    ).stdout
    assert out.strip() == "['Letter', 'Letter-Bold', 'Letter-Italic']"


# ---------------------------------------------------------------------- on the page (poppler)
def _word_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[float, float, str]]:
    """(x, y, word) of each word on page 1, as poppler places them."""
    import re

    (tmp_path / "l.pdf").write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(tmp_path / "l.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>'
    return [(float(x), float(y), w) for x, y, w in re.findall(pattern, html)]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
@pytest.mark.parametrize("first,last", [HEBREW, ARABIC])
def test_on_the_page_the_first_name_is_right_of_the_last(
    first: str, last: str, tmp_path: Path
) -> None:
    boxes = _word_boxes(render(named(first, last), Language.EN), tmp_path)

    def where(word: str) -> tuple[float, float]:
        target = sorted(unicodedata.normalize("NFKC", word))
        return next(
            (x, y) for x, y, w in boxes if sorted(unicodedata.normalize("NFKC", w)) == target
        )

    (x_first, y_first), (x_last, y_last) = where(first), where(last)
    assert y_first == y_last  # the address block's first line
    assert x_first > x_last


def test_letter_width_of_a_cjk_head_is_measured_in_its_font() -> None:
    # The running head is cut to the frame by the width of the fonts that draw it.
    wide = scripts.string_width("陈" * 10, 8)
    assert wide == pytest.approx(10 * 8, rel=0.05)  # CJK ideographs are one em wide
    assert scripts.string_width("陈" * 200, 8) > FRAME_WIDTH


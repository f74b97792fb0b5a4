"""Every script a client's name may be written in, drawn on the letter's page.

A letter's text is ReportLab paragraph markup. Before it becomes a paragraph (`paragraph`):

- it is put in Unicode's composed form (NFC), so a name typed with combining accents
  (Vietnamese "Nguyễn" as e + two marks) draws with the font's own accented letters;
- Arabic letters are given their joined forms (initial, medial, final, and the lam-alef
  ligatures) with arabic-reshaper: the forms are Unicode characters of their own, so the PDF
  keeps them as text, and every PDF reader draws them the same way;
- each run of characters the letter's own font (DejaVu Sans: Latin with every accent, Greek,
  Cyrillic, Armenian, Georgian, Hebrew) cannot draw is set in a fallback font bundled in
  resources/letters/fonts: Letter Arabic (from Noto Sans Arabic) for Arabic, Persian and
  Urdu, Letter CJK (from Noto Sans CJK) for Chinese, Japanese kana and Korean Hangul. The
  fallback fonts are registered on the first letter that needs them; a Latin-only letter
  never loads them. Letter CJK has no bold face: such runs print in its regular weight.

When the paragraph is drawn, each line is put into visual order by the Unicode
bidirectional algorithm (python-bidi), line by line after the lines are broken, so a Hebrew
or Arabic name reads right to left inside an English or Spanish sentence and a right-to-left
phrase that wraps continues on the next line where a reader expects it.

A character that no bundled font draws (an emoji, a script with no font here, such as
Devanagari or Thai, a rare ideograph outside the national character sets) is never printed
as an empty box: it is collected while the letter is built, and the letter is refused with
`UnprintableText`, whose message names the field the character was typed in.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from bidi import algorithm as uba
from bidi import get_base_level
from reportlab.lib.fonts import ps2tt
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.model import Case
from mmi_desktop.paths import resource

log = logging.getLogger(__name__)

# The letter's own family: DejaVu Sans, registered by `fonts()`.
_LETTER_FILES = {
    "Letter": "DejaVuSans.ttf",
    "Letter-Bold": "DejaVuSans-Bold.ttf",
    "Letter-Italic": "DejaVuSans-Oblique.ttf",
}
_HELVETICA = ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique")


@dataclass(frozen=True)
class _Family:
    """A fallback font: its face for each of (regular, bold, italic, bold italic)."""

    faces: tuple[str, str, str, str]
    files: tuple[tuple[str, str], ...]  # (font name, file in resources/letters/fonts)


_ARABIC_FAMILY = _Family(
    faces=("LetterArabic", "LetterArabic-Bold", "LetterArabic", "LetterArabic-Bold"),
    files=(
        ("LetterArabic", "LetterArabic-Regular.ttf"),
        ("LetterArabic-Bold", "LetterArabic-Bold.ttf"),
    ),
)
_CJK_FAMILY = _Family(
    faces=("LetterCJK",) * 4,
    files=(("LetterCJK", "LetterCJK-Regular.ttf"),),
)
_FALLBACKS = (_ARABIC_FAMILY, _CJK_FAMILY)

# Characters of the Arabic script, which Letter Arabic draws before DejaVu would.
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# Letters of the right-to-left scripts; a line with none of them, and no direction mark,
# is drawn as it is laid out.
_RTL_LETTERS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff"
_RTL = re.compile(f"[{_RTL_LETTERS}]")
_TO_ORDER = re.compile(f"[{_RTL_LETTERS}\u200e\u200f\u202a-\u202e]")
# Markup that is not text: tags and entities.
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")
_SOFT_HYPHEN = "\u00ad"
_PLAIN = re.compile(r"[\x20-\x7e]*")  # printable ASCII: all in the letter's font
_VARIATION = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
# Direction marks and embeddings: kept for the bidirectional algorithm, never drawn.
_LRM, _RLE, _PDF = "\u200e", "\u202b", "\u202c"
_BIDI_MARKS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e")
# Embeddings, overrides and isolates typed into a value: an unclosed one would turn the rest
# of the line around, so they are taken out before the value is placed in a sentence.
_TYPED_EMBEDDINGS = re.compile("[\u202a-\u202e\u2066-\u2069]")


class UnprintableText(ValueError):
    """A letter that would print characters no bundled font can draw.

    `problems` holds (field, characters) pairs; the message is one sentence per field, e.g.
    "The client's last name has characters the letter cannot print: “🏛” (U+1F3DB)."
    """

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__(" ".join(_sentence(field, chars) for field, chars in self.problems))


def _sentence(field: str, chars: str) -> str:
    shown = ", ".join(f"“{c}” (U+{ord(c):04X})" for c in chars)
    subject = field[:1].upper() + field[1:] if field else "The letter"
    return f"{subject} has characters the letter cannot print: {shown}."


# ---------------------------------------------------------------------- fonts
@cache
def fonts() -> tuple[str, str, str]:
    """(regular, bold, italic) font names of the letter, registered once per process."""
    folder = resource("letters", "fonts")
    try:
        for name, file in _LETTER_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    except Exception:  # a missing or damaged font file must not stop a letter
        log.warning("Letter fonts not found in %s; using Helvetica", folder, exc_info=True)
        return _HELVETICA
    pdfmetrics.registerFontFamily(
        "Letter",
        normal="Letter",
        bold="Letter-Bold",
        italic="Letter-Italic",
        boldItalic="Letter-Bold",
    )
    return "Letter", "Letter-Bold", "Letter-Italic"


def _letter_faces() -> tuple[str, str, str, str]:
    regular, bold, italic = fonts()
    return regular, bold, italic, bold


@cache
def _registered(family: _Family) -> bool:
    """Register a fallback family's fonts (once); False when its files cannot be read."""
    folder = resource("letters", "fonts")
    try:
        for name, file in family.files:
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    except Exception:
        log.warning("Fallback letter font %s not usable", family.files, exc_info=True)
        return False
    return True


@cache
def _coverage(face: str) -> frozenset[int]:
    """The code points a registered font draws."""
    font = pdfmetrics.getFont(face)
    face_data = getattr(font, "face", None)
    if face_data is None or not hasattr(face_data, "charToGlyph"):
        # A standard PDF font (Helvetica): the Latin-1 characters of its encoding.
        return frozenset([*range(0x20, 0x7F), *range(0xA0, 0x100)])
    return frozenset(c for c, g in face_data.charToGlyph.items() if g)


def _families_for(ch: str) -> Iterator[tuple[str, str, str, str]]:
    """The families to try for `ch`, in order of preference; a fallback family's fonts are
    registered only when the letter's own font has not drawn the character."""
    order = list(_FALLBACKS)
    if _ARABIC.match(ch):
        order.remove(_ARABIC_FAMILY)
        if _registered(_ARABIC_FAMILY):
            yield _ARABIC_FAMILY.faces
    yield _letter_faces()
    for family in order:
        if _registered(family):
            yield family.faces


@lru_cache(maxsize=8192)
def face_for(ch: str, bold: bool = False, italic: bool = False) -> str | None:
    """The font that draws `ch` in this weight and slant; None when no bundled font can."""
    point = ord(ch)
    index = (2 if italic else 0) + (1 if bold else 0)
    if ch.isascii() and ch.isprintable():
        return _letter_faces()[index]
    for faces in _families_for(ch):
        # The face for this weight and slant, else the family's upright face of this weight,
        # else its regular face (Letter CJK has a regular face only).
        for face in (faces[index], faces[index & 1], faces[0]):
            if point in _coverage(face):
                return face
    return None


def _ignorable(ch: str) -> bool:
    """Control and format characters (joiners, zero-width spaces) and variation selectors
    (the emoji-style one after a symbol): they draw nothing. The direction marks stay until
    the line is put in visual order."""
    if ch == _SOFT_HYPHEN or ch in _BIDI_MARKS:
        return False
    point = ord(ch)
    return (
        unicodedata.category(ch) in ("Cc", "Cf")
        or 0xFE00 <= point <= 0xFE0F
        or 0xE0100 <= point <= 0xE01EF
    )


def isolated(value: str) -> str:
    """A typed value made to keep its own direction inside a left-to-right sentence.

    A value with right-to-left letters is embedded at its own direction (the first strong
    letter's, as a bidi isolate would) and followed by a left-to-right mark, so that the
    punctuation and numbers of the sentence around it stay where the sentence puts them:
    "דוד כהן · 1 de julio" prints the name right to left, then "· 1 de julio", rather than
    taking the "1" into the name's run. Values without such letters are returned as typed.
    """
    value = _TYPED_EMBEDDINGS.sub("", value)
    if not _RTL.search(value):
        return value
    if get_base_level(value) == 1:
        return f"{_RLE}{value}{_PDF}{_LRM}"
    return f"{value}{_LRM}"


# ---------------------------------------------------------------------- text
@cache
def _reshaper() -> Any:
    """arabic-reshaper, loaded with the first Arabic text. Vowel marks are part of a name
    as typed: they are kept."""
    from arabic_reshaper import ArabicReshaper

    return ArabicReshaper(configuration={"delete_harakat": False})


def shaped(text: str) -> str:
    """`text` in composed form, with Arabic letters in their joined forms and the
    characters that draw nothing (controls, joiners) taken out."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _ARABIC.search(text):
        text = _reshaper().reshape(text)
    if text.isprintable() and not _VARIATION.search(text):
        return text  # no control or format character (isprintable is False for them)
    return "".join(c for c in text if not _ignorable(c))


def unprintable(text: str) -> str:
    """The distinct characters of `text` that no bundled font draws, in order of appearance."""
    if text.isascii():
        return ""
    missing = [c for c in shaped(text) if face_for(c) is None and not c.isspace()]
    return "".join(dict.fromkeys(missing))


def prepare(markup: str, style: ParagraphStyle, missing: set[str] | None = None) -> str:
    """`markup` with each run that the style's font cannot draw set in a fallback font.

    Characters no bundled font draws are left out and added to `missing`.
    """
    if _PLAIN.fullmatch(markup):
        return markup
    _, bold, italic = ps2tt(style.fontName)
    out: list[str] = []
    for token in _MARKUP.split(markup):
        if not token:
            continue
        if _MARKUP.fullmatch(token):
            tag = token.lower()
            if tag in ("<b>", "<strong>"):
                bold = 1
            elif tag in ("</b>", "</strong>"):
                bold = ps2tt(style.fontName)[1]
            elif tag in ("<i>", "<em>"):
                italic = 1
            elif tag in ("</i>", "</em>"):
                italic = ps2tt(style.fontName)[2]
            out.append(token)
            continue
        out.append(_runs(shaped(token), bool(bold), bool(italic), missing))
    return "".join(out)


@cache
def _in_every_letter_face() -> re.Pattern[str]:
    """Text whose every character the letter's own regular, bold and italic fonts draw."""
    points = sorted(frozenset.intersection(*(_coverage(face) for face in fonts())))
    ranges: list[str] = []
    start = prev = points[0]
    for point in [*points[1:], -1]:
        if point != prev + 1:
            last = "-" + re.escape(chr(prev)) if prev > start else ""
            ranges.append(re.escape(chr(start)) + last)
            start = point
        prev = point
    return re.compile(f"[{''.join(ranges)}]*")


def _runs(text: str, bold: bool, italic: bool, missing: set[str] | None) -> str:
    if _in_every_letter_face().fullmatch(text) and not _ARABIC.search(text):
        return text  # Latin, Greek, Cyrillic, Armenian, Hebrew…: no other font needed
    default = _letter_faces()[(2 if italic else 0) + (1 if bold else 0)]
    faces: list[str | None] = []
    for ch in text:
        face = face_for(ch, bold, italic)
        if face is None and ch.isspace():
            face = default
        faces.append(face)
    out: list[str] = []
    for face, chunk in _group(text, faces):
        if face is None:
            if missing is not None:
                missing.update(chunk)
        elif face == default:
            out.append(chunk)
        else:
            out.append(f'<font face="{face}">{chunk}</font>')
    return "".join(out)


def _group(text: str, faces: Sequence[str | None]) -> Iterable[tuple[str | None, str]]:
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or faces[i] != faces[start]:
            yield faces[start], text[start:i]
            start = i


def string_width(text: str, size: float) -> float:
    """The width of plain `text` in the letter's regular fonts, fallbacks included."""
    text = shaped(text)
    faces = [face_for(c) or _letter_faces()[0] for c in text]
    return sum(
        pdfmetrics.stringWidth(chunk, face or "", size) for face, chunk in _group(text, faces)
    )


# ---------------------------------------------------------------------- right to left
def visual(text: str) -> tuple[str, list[int]]:
    """One line of `text` in display order by the Unicode bidirectional algorithm, in a
    left-to-right paragraph: (the characters as drawn, left to right; for each of them, its
    index in `text`). A mark typed after a right-to-left letter is drawn before it, at the
    same place (rule L3 is not applied): the Hebrew and Arabic fonts here draw their
    zero-width marks to the right of where they start, over the letter drawn next."""
    storage = uba.get_empty_storage()
    storage["base_level"] = 0
    storage["base_dir"] = "L"
    uba.get_embedding_levels(text, storage, False, False)
    logical = {id(ch): i for i, ch in enumerate(storage["chars"])}
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    chars: list[dict[str, Any]] = [c for c in storage["chars"] if c["ch"] not in _BIDI_MARKS]
    return "".join(c["ch"] for c in chars), [logical[id(c)] for c in chars]


def _visual_words(words: list[str]) -> list[str]:
    """A line of one-font words (joined by single spaces when drawn) in display order."""
    text = " ".join(words)
    if not _TO_ORDER.search(text):
        return words
    return visual(text)[0].split(" ")


def _visual_frags(frags: list[Any]) -> list[Any]:
    """A line of styled fragments in display order: each fragment's characters move to
    where the algorithm puts them, keeping their font, weight and colour."""
    if any(hasattr(f, "cbDefn") or not isinstance(getattr(f, "text", None), str) for f in frags):
        return frags  # images or callbacks in the line: left as laid out
    text = "".join(f.text for f in frags)
    if not _TO_ORDER.search(text):
        return frags
    owner = [k for k, f in enumerate(frags) for _ in f.text]
    drawn, order = visual(text)
    out: list[Any] = []
    last = -1
    for ch, index in zip(drawn, order, strict=True):
        k = owner[index]
        if k == last:
            out[-1].text += ch
        else:
            piece = frags[k].clone()
            piece.text = ch
            out.append(piece)
            last = k
    # Empty fragments (a line break) keep their place at the end of the line.
    out.extend(f for f in frags if not f.text)
    return out


def visual_lines(lines: Any) -> Any:
    """A paragraph's broken lines (ReportLab's ParaLines) with each line in display order;
    the same object when no line has right-to-left text."""
    if not any(_TO_ORDER.search(_line_text(line, lines.kind)) for line in lines.lines):
        return lines
    if lines.kind == 0:
        new = [(extra, _visual_words(list(words))) for extra, words in lines.lines]
    else:
        new = [line.clone(words=_visual_frags(line.words)) for line in lines.lines]
    return lines.clone(lines=new)


def _line_text(line: Any, kind: int) -> str:
    if kind == 0:
        return " ".join(line[1])
    return "".join(t for f in line.words if isinstance(t := getattr(f, "text", None), str))


class LetterParagraph(Paragraph):
    """A paragraph whose lines are drawn in visual order (see `visual_lines`); its text is
    kept in logical order, so splitting it across pages works on the text as typed."""

    def drawPara(self, debug: int = 0) -> Any:  # noqa: N802 (ReportLab's name)
        logical = self.blPara
        self.blPara = visual_lines(logical)
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = logical


def paragraph(
    markup: str,
    style: ParagraphStyle,
    bullet: str | None = None,
    missing: set[str] | None = None,
) -> LetterParagraph:
    """A paragraph of the letter, every script drawn in a font that has it."""
    return LetterParagraph(prepare(markup, style, missing), style, bulletText=bullet)


# ---------------------------------------------------------------------- the fields
def firm_fields(firm: FirmDetails) -> list[tuple[str, str]]:
    """(what a person calls it, its text) for the firm's details printed on letters."""
    return [
        ("the firm's name", firm.name),
        ("the firm's address", firm.address),
        ("the firm's phone number", firm.phone),
        ("the firm's email address", firm.email),
        ("the signing attorney's name", firm.signing_attorney),
        ("the signer's title", firm.signer_title),
    ]


def unprintable_firm(firm: FirmDetails) -> list[str]:
    """A sentence for each firm detail that holds characters no letter font draws (every
    letter would be refused): checked when the details are set, not at the first letter."""
    out: list[str] = []
    for label, text in firm_fields(firm):
        chars = unprintable(text)
        if chars:
            out.append(str(UnprintableText([(label, chars)])))
    return out


def case_fields(case: Case) -> list[tuple[str, str]]:
    """(what a person calls it, its text) for each piece of a case a letter may print."""
    client, claim = case.client, case.claim
    out: list[tuple[str, str | None]] = [
        ("the client's first name", client.first_name),
        ("the client's last name", client.last_name),
    ]
    if client.address is not None:
        a = client.address
        out += [
            ("the client's address (line 1)", a.line1),
            ("the client's address (line 2)", a.line2),
            ("the client's city", a.city),
            ("the client's state", a.state),
            ("the client's ZIP code", a.zip),
        ]
    out += [
        ("the claim number", claim.claim_number),
        ("the ADJ number", claim.adj_number),
        ("the employer", claim.employer),
    ]
    out += [("a body part of the claim", part) for part in claim.body_parts]
    out += [(f"the name of provider “{p.name}”", p.name) for p in case.providers]
    for t in case.treatments:
        out.append((f"the description of treatment “{t.description}”", t.description))
        out.append((f"the body part of treatment “{t.description}”", t.body_part))
    for m in case.mmi_declarations:
        out += [("a body part of an MMI declaration", part) for part in m.body_parts]
        out += [("a body part of an impairment", i.body_part) for i in m.impairments]
        out += [(f"the restriction “{r.text}”", r.text) for r in m.restrictions]
    return [(label, text) for label, text in out if text]


def refusal(missing: set[str], fields: Iterable[tuple[str, str]]) -> UnprintableText:
    """The error for a letter that left out `missing`, naming each field that holds them."""
    problems: list[tuple[str, str]] = []
    found: set[str] = set()
    for label, text in fields:
        chars = "".join(c for c in unprintable(text) if c in missing)
        if chars:
            problems.append((label, chars))
            found.update(chars)
    rest = "".join(sorted(missing - found))
    if rest:
        problems.append(("", rest))
    return UnprintableText(problems)

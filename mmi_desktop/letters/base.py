"""The base letter: US Letter pages, the firm's letterhead, named styles, 'Page X of Y'."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from functools import cache, partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.model import Language
from mmi_desktop.letters.scripts import (
    LetterParagraph,
    firm_fields,
    fonts,
    isolated,
    paragraph,
    refusal,
    string_width,
)
from mmi_desktop.letters.text import LetterText, Markup, esc, letter_text

log = logging.getLogger(__name__)

PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN_X = 0.9 * inch
MARGIN_TOP = 0.65 * inch
MARGIN_BOTTOM = 0.8 * inch
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
LOGO_MAX_W = 1.6 * inch
LOGO_MAX_H = 0.75 * inch

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9aa5b1")
ACCENT = colors.HexColor("#1f3a5f")
SHADE = colors.HexColor("#f1f4f7")
DRAFT_INK = colors.HexColor("#b22222")

@cache
def styles() -> dict[str, ParagraphStyle]:
    """The named paragraph styles every letter uses, built once per process."""
    regular, bold, italic = fonts()
    body = ParagraphStyle(
        "Body",
        fontName=regular,
        fontSize=10,
        leading=13.5,
        textColor=INK,
        spaceAfter=6,
        splitLongWords=True,
    )

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **kw)

    out = {
        "Body": body,
        "FirmName": derive(
            "FirmName", fontName=bold, fontSize=15, leading=18, textColor=ACCENT, spaceAfter=2
        ),
        "FirmDetail": derive("FirmDetail", fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=0),
        "Date": derive("Date", spaceBefore=0, spaceAfter=10),
        "Address": derive("Address", spaceAfter=0),
        "Reference": derive("Reference", fontName=bold, spaceBefore=10, spaceAfter=6),
        "Greeting": derive("Greeting", spaceAfter=6),
        "Heading": derive(
            "Heading",
            fontName=bold,
            fontSize=11.5,
            leading=15,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=True,
        ),
        "Lead": derive("Lead", keepWithNext=True),  # a paragraph that introduces a list
        "Bullet": derive(
            "Bullet", spaceAfter=3, leftIndent=14, bulletIndent=3, bulletFontName=regular
        ),
        "Note": derive("Note", fontName=italic, fontSize=9, leading=12.5, textColor=MUTED),
        "Cell": derive("Cell", spaceAfter=0),
        "CellLabel": derive("CellLabel", fontName=bold, spaceAfter=0),
        "CellHeader": derive(
            "CellHeader", fontName=bold, fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=0
        ),
        "Closing": derive("Closing", spaceBefore=6, spaceAfter=22),
        "Signer": derive("Signer", fontName=bold, spaceAfter=0),
        "SignerDetail": derive("SignerDetail", spaceAfter=0),
        "Footer": derive("Footer", fontSize=7.5, leading=9.5, textColor=MUTED, spaceAfter=0),
        "FooterRight": derive(
            "FooterRight",
            fontSize=7.5,
            leading=9.5,
            textColor=MUTED,
            alignment=TA_RIGHT,
            spaceAfter=0,
        ),
        "RunningHead": derive("RunningHead", fontSize=8, leading=10, textColor=MUTED, spaceAfter=0),
    }
    return out


@cache
def _logo(path: str, mtime: float) -> tuple[bytes, tuple[int, int]]:
    """The logo file's bytes and pixel size, read once per file version."""
    data = Path(path).read_bytes()
    size = ImageReader(io.BytesIO(data)).getSize()
    return data, (int(size[0]), int(size[1]))


LOGO_FORMATS = ("PNG", "JPEG", "GIF", "BMP")


def logo_problem(path: str) -> str | None:
    """Why the file at `path` cannot be the firm's logo (missing, not an image, an image of
    no size), or None when it can."""
    from PIL import Image as PILImage  # (ReportLab's own image library)
    from PIL import UnidentifiedImageError

    file = Path(path)
    if not file.is_file():
        return f"no such file: {path}"
    try:
        with PILImage.open(file) as image:
            kind, (w, h) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return f"not an image (PNG, JPEG, GIF or BMP): {path}"
    if kind not in LOGO_FORMATS:
        return f"a {kind} image; give a PNG, JPEG, GIF or BMP file: {path}"
    if w < 1 or h < 1:
        return f"an image of no size: {path}"
    return None


def logo_flowable(path: str) -> Image | None:
    """The firm's logo scaled to fit the letterhead; None when there is none or it is unreadable."""
    if not path:
        return None
    file = Path(path)
    try:
        data, (w, h) = _logo(str(file), file.stat().st_mtime)
    except Exception:  # a moved or broken logo file: print the letter without it
        log.warning("Cannot read the firm's logo %s; printing without it", path, exc_info=True)
        return None
    scale = min(LOGO_MAX_W / w, LOGO_MAX_H / h)
    return Image(io.BytesIO(data), width=w * scale, height=h * scale)


class _NumberedCanvas(rl_canvas.Canvas):
    """A canvas that holds its pages back until the end so each can say 'Page X of Y'."""

    def __init__(
        self, *args: Any, footer: Callable[[rl_canvas.Canvas, int, int], None], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            super().showPage()
        super().save()


class BaseLetter:
    """A letter from the firm: subclasses give the story, this gives pages and letterhead."""

    title = "Letter"

    def __init__(self, firm: FirmDetails, lang: Language, *, draft: bool = False) -> None:
        self.firm = firm
        self.lang = lang
        self.draft = draft  # "DRAFT" across every page: not a letter to mail
        self.t: LetterText = letter_text(lang)
        self.styles = styles()
        # Characters no bundled font draws, gathered while the letter is built (see render).
        self._missing: set[str] = set()

    # ------------------------------------------------------------------ for subclasses
    def story(self) -> list[Flowable]:
        """The letter's body, after the letterhead."""
        raise NotImplementedError

    def running_head(self) -> str:
        """Plain text on one line at the top of every page after the first (typed values
        in it passed through `isolated`)."""
        return isolated(self.firm.name)

    def fields(self) -> list[tuple[str, str]]:
        """(what a person calls it, its text) for each typed value the letter may print: a
        character the letter cannot draw is reported under the field that holds it."""
        return firm_fields(self.firm)

    # ------------------------------------------------------------------ building blocks
    def para(self, markup: str, style: str = "Body") -> LetterParagraph:
        """A paragraph of markup (escape client values with `esc` or the text templates)."""
        return paragraph(markup, self.styles[style], missing=self._missing)

    def heading(self, markup: str) -> LetterParagraph:
        return self.para(markup, "Heading")

    def bullets(self, items: Sequence[str], style: str = "Bullet") -> list[LetterParagraph]:
        """A bulleted list, one paragraph per markup item (so keepWithNext can hold an
        introduction to its first item, which ReportLab's ListFlowable does not allow)."""
        return [
            paragraph(item, self.styles[style], bullet="•", missing=self._missing)
            for item in items
        ]

    def table(
        self,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        header: Sequence[str] | None = None,
        shaded: bool = True,
    ) -> Table:
        """A table of markup cells wrapped to `widths` (fractions of the frame); the first
        column is the label column, shaded; a header row repeats on each page."""
        names = ["CellLabel"] + ["Cell"] * (len(widths) - 1)
        data = [[self.para(cell, names[i]) for i, cell in enumerate(row)] for row in rows]
        if header is not None:
            data.insert(0, [self.para(cell, "CellHeader") for cell in header])
        table = Table(
            data,
            colWidths=[w * FRAME_WIDTH for w in widths],
            hAlign="LEFT",
            repeatRows=1 if header is not None else 0,
        )
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ]
        first = 1 if header is not None else 0
        if shaded:
            commands.append(("BACKGROUND", (0, first), (0, -1), SHADE))
        if header is not None:
            commands.append(("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT))
        table.setStyle(TableStyle(commands))
        return table

    def keep(self, *flows: Flowable) -> KeepTogether:
        return KeepTogether(list(flows))

    @staticmethod
    def space(points: float) -> Spacer:
        return Spacer(1, points)

    # ------------------------------------------------------------------ page furniture
    def letterhead(self) -> list[Flowable]:
        """The firm's name, address, phone and logo, with a rule under them."""
        f = self.firm
        lines: list[Flowable] = []
        if f.name.strip():
            lines.append(self.para(esc(f.name.strip()), "FirmName"))
        details = [esc(line.strip()) for line in f.address.splitlines() if line.strip()]
        contact = [esc(v.strip()) for v in (f.phone, f.email) if v.strip()]
        if contact:
            details.append(Markup(" · ".join(contact)))
        if details:
            lines.append(self.para("<br/>".join(details), "FirmDetail"))
        logo = logo_flowable(f.logo_path)
        if not lines and logo is None:
            return []
        if logo is not None:
            gap = 12
            text_width = FRAME_WIDTH - LOGO_MAX_W - gap
            head = Table(
                [[logo, lines or ""]], colWidths=[LOGO_MAX_W + gap, text_width], hAlign="LEFT"
            )
            head.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    ]
                )
            )
            block: list[Flowable] = [head]
        else:
            block = lines
        return [*block, _Rule(FRAME_WIDTH, 0.8, ACCENT, before=6, after=12)]

    def confidentiality(self) -> Markup:
        return self.t("base.confidential")

    def page_label(self, number: int, total: int) -> Markup:
        return self.t("base.page", number=number, total=total)

    def _footer(self, canvas: rl_canvas.Canvas, number: int, total: int) -> None:
        if self.draft:
            self._draft_mark(canvas)
        canvas.saveState()
        y = MARGIN_BOTTOM - 0.45 * inch
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, y + 14, PAGE_WIDTH - MARGIN_X, y + 14)
        label_w = 1.2 * inch
        left = self.para(self.confidentiality(), "Footer")
        _, h = left.wrap(FRAME_WIDTH - label_w - 12, MARGIN_BOTTOM)
        left.drawOn(canvas, MARGIN_X, y + 10 - h)
        right = self.para(self.page_label(number, total), "FooterRight")
        _, rh = right.wrap(label_w, MARGIN_BOTTOM)
        right.drawOn(canvas, PAGE_WIDTH - MARGIN_X - label_w, y + 10 - rh)
        canvas.restoreState()

    def _draft_mark(self, canvas: rl_canvas.Canvas) -> None:
        """The word DRAFT in large pale letters across the page, over the text (drawn last,
        so no table shading hides it); it stays in the PDF's text, so a search finds it."""
        word = self.t.raw("base.draft")
        bold = fonts()[1]
        # As large as fits along the diagonal with room to spare (BORRADOR is longer).
        diagonal = (PAGE_WIDTH**2 + PAGE_HEIGHT**2) ** 0.5
        size = min(160.0, 0.7 * diagonal * 100.0 / stringWidth(word, bold, 100.0))
        canvas.saveState()
        canvas.setFillColor(DRAFT_INK)
        canvas.setFillAlpha(0.18)
        canvas.setFont(bold, size)
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(52)
        canvas.drawCentredString(0, -size * 0.35, word)
        canvas.restoreState()

    def _later_page(self, canvas: rl_canvas.Canvas, _doc: object) -> None:
        style = self.styles["RunningHead"]
        text = _fit(self.running_head(), style.fontSize, FRAME_WIDTH)
        head = self.para(escape(text), "RunningHead")  # its values are isolated already
        _, height = head.wrap(FRAME_WIDTH, style.leading)
        # The line's baseline 12 points above the frame, as drawString would put it.
        head.drawOn(canvas, MARGIN_X, PAGE_HEIGHT - MARGIN_TOP + 12 - (height - style.fontSize))

    # ------------------------------------------------------------------ output
    def render(self) -> bytes:
        """The letter as PDF bytes.

        Raises `UnprintableText` naming the fields that hold characters no bundled font can
        draw: such a letter is refused rather than printed with empty boxes.
        """
        self._missing = set()
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=LETTER,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=self.title,
            author=self.firm.name,
            creator="MMI Desktop",
            lang=self.lang.value,
            invariant=True,
        )
        # No frame padding: tables and rules measured to FRAME_WIDTH end at the margin.
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            FRAME_WIDTH,
            PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        doc.addPageTemplates(
            [
                PageTemplate("first", [frame], autoNextPageTemplate="later"),
                PageTemplate("later", [frame], onPage=self._later_page),
            ]
        )
        doc.build(
            [*self.letterhead(), *self.story()],
            canvasmaker=partial(_NumberedCanvas, footer=self._footer),
        )
        if self._missing:
            raise refusal(self._missing, self.fields())
        return buffer.getvalue()


HEAD_SEPARATOR = " · "


def running_head(template: str, values: dict[str, str]) -> str:
    """A running head filled from `template` ("{client} · {date} · {firm}"): a part whose
    values are all empty is left out with its separator, so no line ends in a stray "·"."""
    parts = (part.format_map(values).strip() for part in template.split(HEAD_SEPARATOR))
    return HEAD_SEPARATOR.join(part for part in parts if part)


def _fit(text: str, size: float, width: float) -> str:
    """`text` cut with an ellipsis to fit on one line of `width` points."""
    if string_width(text, size) <= width:
        return text
    while text and string_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class _Rule(Flowable):
    """A horizontal line across the frame."""

    def __init__(
        self,
        width: float,
        thickness: float,
        color: colors.Color,
        *,
        before: float = 0,
        after: float = 0,
    ) -> None:
        super().__init__()
        self.width, self.thickness, self.color = width, thickness, color
        self.before, self.after = before, after

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = min(self.width, avail_width)
        return self.width, self.before + self.thickness + self.after

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        y = self.after + self.thickness / 2
        self.canv.line(0, y, self.width, y)

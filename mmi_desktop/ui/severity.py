"""One look for flag severity everywhere (case list, analysis panel, timeline, Needs attention):
a colour, a drawn icon whose shape differs by severity, and a word, so colour is never the
only cue (design.md)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap, QPolygonF

from mmi_desktop.domain.results import Severity


@dataclass(frozen=True)
class SeverityStyle:
    """How one severity is shown."""

    word: str  # "High": beside the icon wherever there is room
    letter: str  # "H": where there is not (narrow columns), with the icon
    symbol: str  # "▲": text-only places (tooltips, plain labels)
    colour: str  # text and icon colour, dark enough on white (WCAG AA)
    background: str  # a light tint for rows and cards
    border: str

    @property
    def mark(self) -> str:
        """Symbol and word as one piece of text: '▲ High'."""
        return f"{self.symbol} {self.word}"


STYLES: dict[Severity, SeverityStyle] = {
    Severity.HIGH: SeverityStyle("High", "H", "▲", "#b3261e", "#fdecea", "#e6a29c"),
    Severity.MEDIUM: SeverityStyle("Medium", "M", "●", "#8a4f00", "#fff3e0", "#e8b877"),
    Severity.LOW: SeverityStyle("Low", "L", "■", "#2f5f8a", "#e8f0f8", "#a9c2dc"),
}

# Colours of things that are not a severity but sit beside them.
DISMISSED_COLOUR = "#6b6b6b"
SOON_COLOUR = "#b3261e"  # a deadline within the warning window (always with a word)
PASSED_COLOUR = "#6b6b6b"


def style(severity: Severity) -> SeverityStyle:
    return STYLES[severity]


def word(severity: Severity) -> str:
    return STYLES[severity].word


def colour(severity: Severity) -> QColor:
    return QColor(STYLES[severity].colour)


def background(severity: Severity) -> QColor:
    return QColor(STYLES[severity].background)


def _draw(severity: Severity, size: int) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour(severity))
    s = float(size)
    if severity is Severity.HIGH:  # a warning triangle with "!"
        p.drawPolygon(
            QPolygonF([QPointF(s / 2, 0.5), QPointF(s - 0.5, s - 1.0), QPointF(0.5, s - 1.0)])
        )
        mark, box = "!", QRectF(0, s * 0.22, s, s * 0.78)
    elif severity is Severity.MEDIUM:  # a disc with "!"
        p.drawEllipse(QRectF(1, 1, s - 2, s - 2))
        mark, box = "!", QRectF(0, 0, s, s)
    else:  # a rounded square with "i"
        p.drawRoundedRect(QRectF(1.5, 1.5, s - 3, s - 3), s / 5, s / 5)
        mark, box = "i", QRectF(0, 0, s, s)
    p.setPen(QColor("white"))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(7, int(s * 0.62)))
    p.setFont(font)
    p.drawText(box, Qt.AlignmentFlag.AlignCenter, mark)
    p.end()
    return pix


@cache
def pixmap(severity: Severity, size: int = 16) -> QPixmap:
    return _draw(severity, size)


@cache
def icon(severity: Severity) -> QIcon:
    """The severity's icon (shape and colour), drawn in code so no theme is needed."""
    out = QIcon()
    for size in (12, 16, 20, 24, 32):
        out.addPixmap(_draw(severity, size))
    return out


def badge_html(severity: Severity) -> str:
    """The symbol and word in the severity's colour, for rich-text labels."""
    st = STYLES[severity]
    return f'<span style="color:{st.colour}; font-weight:600">{st.symbol} {st.word}</span>'


@cache
def soon_pixmap(size: int = 16) -> QPixmap:
    """A clock: a deadline within the warning window (shown with the word 'Soon')."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(SOON_COLOUR))
    p.drawEllipse(QRectF(0.5, 0.5, s - 1, s - 1))
    pen = p.pen()
    pen.setColor(QColor("white"))
    pen.setWidthF(max(1.5, s / 9))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setStyle(Qt.PenStyle.SolidLine)
    p.setPen(pen)
    centre = QPointF(s / 2, s / 2)
    p.drawLine(centre, QPointF(s / 2, s * 0.2))
    p.drawLine(centre, QPointF(s * 0.74, s * 0.62))
    p.end()
    return pix

"""The PD rating of the open case as raters write it: each impairment's string, the steps
of apportionment and prior awards, the combining steps and the result, as text a
caseworker copies into a letter or an email; and, when the rating cannot be completed,
a warning that says what it needs (a group, a date of birth...)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from mmi_desktop.domain.model import Language
from mmi_desktop.domain.rating import ImpairmentRating, Rating, apportion
from mmi_desktop.domain.results import PDBenefit
from mmi_desktop.ui.widgets import warning_icon

LANG = Language.EN


def _pct(value: Decimal) -> str:
    text = str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")
    return f"{text}%"


def _part_line(part: ImpairmentRating) -> str:
    """'left shoulder: 16.02.01.00 - 6 - [1.4]8 - 360G - 9 - 10', with what follows it."""
    text = f"{part.label}: {part.string or 'no schedule figures'}"
    if part.left_out is not None:
        return f"{text}; left out (LC 4660.1(c))"
    if part.source == "entered" and part.final_rating is not None:
        text += f"; entered final rating {_pct(part.final_rating)} used"
    used = part.final_rating if part.source == "entered" else part.age_adjusted
    if part.rating is None or used is None:
        return text
    if part.apportionment_pct:
        share = 100 - part.apportionment_pct
        apportioned = apportion(Decimal(used), part.apportionment_pct)
        text += f"; × {_pct(share)} (LC 4663) = {apportioned}"
    if part.prior_award_pct:
        text += f"; − {_pct(part.prior_award_pct)} prior award (LC 4664) = {part.rating}"
    return text


def rating_lines(rating: Rating, pd: PDBenefit | None = None) -> list[str]:
    """The rating as lines of text, the way the panel shows it and the clipboard gets it."""
    lines = [_part_line(p) for p in rating.parts]
    if rating.complete:
        lines += list(rating.steps)
        lines.append(f"Combined rating: {rating.combined}% ({rating.schedule})")
    elif rating.percent is not None:
        lines.append(
            f"Estimate: {_pct(rating.percent)} (the FEC-adjusted figures combined, before the "
            "occupation and age steps)"
        )
    if pd is not None and pd.basis == "entered" and pd.percent is not None:
        lines.append(f"PD uses the entered rating: {_pct(pd.percent)}")
    return lines


class RatingView(QWidget):
    """The rating's lines (selectable) with a Copy button, and what the rating still needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingView")
        self.warning_icon = QLabel(self)
        self.warning_icon.setPixmap(warning_icon().pixmap(16, 16))
        self.warning = QLabel(self)
        self.warning.setObjectName("ratingWarning")
        self.warning.setWordWrap(True)
        self.warning_box = QWidget(self)
        warn = QHBoxLayout(self.warning_box)
        warn.setContentsMargins(0, 0, 0, 0)
        warn.addWidget(self.warning_icon, 0, Qt.AlignmentFlag.AlignTop)
        warn.addWidget(self.warning, 1)
        self.text = QLabel(self)
        self.text.setObjectName("ratingText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.copy_button = QPushButton("&Copy rating", self)
        self.copy_button.setObjectName("copyRating")
        self.copy_button.setToolTip("Copy the rating strings and steps as text")
        self.copy_button.clicked.connect(self.copy)
        self.empty = QLabel("Figured once MMI is declared with impairments.", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.warning_box)
        layout.addWidget(self.text)
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.copy_button)
        layout.addLayout(row)
        self._lines: list[str] = []
        self.set_rating(None)

    def set_rating(self, rating: Rating | None, pd: PDBenefit | None = None) -> None:
        self._lines = rating_lines(rating, pd) if rating is not None else []
        shown = bool(self._lines)
        self.text.setText("\n".join(self._lines))
        self.text.setVisible(shown)
        self.copy_button.setVisible(shown)
        self.empty.setVisible(rating is None or not rating.parts)
        needs = self._needs(rating)
        self.warning.setText(needs)
        self.warning_box.setVisible(bool(needs))

    @staticmethod
    def _needs(rating: Rating | None) -> str:
        if rating is None or rating.complete:
            return ""
        items = [m[LANG] for m in rating.missing]
        if not items and rating.reason is not None:
            return rating.reason[LANG]
        if not items:
            return ""
        return "The full rating needs " + "; ".join(items) + "."

    def plain_text(self) -> str:
        return "\n".join(self._lines)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.plain_text())

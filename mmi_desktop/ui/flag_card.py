"""The pieces the analysis panel is made of: its style, the caseworker's wording of days,
weeks and dismissals, a flag's card (severity badge, explanation, evidence, what to do,
Dismiss or Restore), the deadline and money lines, and the sections they sit in."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Protocol, cast

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.analysis_text import phrase
from mmi_desktop.domain.evidence import evidence_label
from mmi_desktop.domain.model import Case, Language
from mmi_desktop.domain.results import (
    Deadline,
    Flag,
    Severity,
    SJDBState,
)
from mmi_desktop.ui import severity
from mmi_desktop.ui.widgets import format_us_date

LANG = Language.EN  # the app speaks English to the caseworker; letters speak to the client

# Short names of the deadline kinds, should the wording catalogue not have them.
_DEADLINE_NAMES = {
    "OBJECTION_TO_REPORT": "Object to the medical report",
    "PD_FIRST_PAYMENT": "First PD payment due",
    "SJDB_OFFER_WINDOW": "Return-to-work offer window ends (SJDB voucher)",
    "TD_CAP": "TD reaches the 104-week cap",
    "NEW_AND_FURTHER": "Last day to petition for new and further disability",
}
_SENTENCE_END = re.compile(r"(?<=[.)])\s+(?=[A-Z0-9$¿¡ÁÉÍÓÚÑ])")
_GREY = "#5f6368"


def _panel_style() -> str:
    """The panel's whole look in one style sheet, picked by object names and properties."""
    rules = [
        f'QLabel[tone="grey"] {{ color:{_GREY}; }}',
        f'QLabel[tone="grey-italic"] {{ color:{_GREY}; font-style:italic; }}',
        f'QLabel[tone="grey-small"] {{ color:{_GREY}; font-size:small; }}',
        'QLabel[tone="italic"] { font-style:italic; }',
        'QLabel[tone="semibold"] { font-weight:600; }',
        f'QLabel[tone="soon"] {{ color:{severity.SOON_COLOUR}; }}',
        f'QLabel[tone="passed"] {{ color:{severity.PASSED_COLOUR}; }}',
        "QLabel#analysisNotice { background:#fff8e1; border:1px solid #e0c46c;"
        " border-radius:3px; padding:4px; }",
        "QPushButton#evidenceLink { color:#0b57d0; text-decoration: underline;"
        " border:none; padding:0 2px; text-align:left; }",
        "QPushButton#evidenceLink:focus { outline: 1px dotted #0b57d0; }",
    ]
    for level in Severity:
        st = severity.style(level)
        rules.append(
            f'QLabel[tone="severity-{level.value}"] {{ color:{st.colour}; font-weight:600; }}'
        )
        rules.append(
            f'QFrame#flagCard[severity="{level.value}"][dismissed="false"] {{'
            f" background:{st.background}; border:1px solid {st.border};"
            f" border-left:4px solid {st.colour}; border-radius:4px; }}"
        )
    rules.append(
        'QFrame#flagCard[dismissed="true"] { background:#f4f4f4; border:1px solid #d0d0d0;'
        " border-left:4px solid #9e9e9e; border-radius:4px; }"
    )
    rules.append(
        f'QFrame#flagCard[dismissed="true"] QLabel {{ color:{severity.DISMISSED_COLOUR}; }}'
    )
    return "\n".join(rules)


PANEL_STYLE = _panel_style()


class DismissalLike(Protocol):
    """What the panel shows of a dismissal (the store's DismissalRow)."""

    reason: str
    os_user: str
    at: datetime


DismissalLookup = Callable[[Flag], DismissalLike | None]


SJDB_STATES = {
    SJDBState.WINDOW: "offer window running",
    SJDBState.NOT_STARTED: "offer window not started",
    SJDBState.NOT_APPLICABLE: "does not apply",
}


def deadline_name(kind: str) -> str:
    """A deadline's short name ('Object to the medical report')."""
    try:
        return str(phrase(LANG, f"deadline_titles.{kind}"))
    except KeyError:
        return _DEADLINE_NAMES.get(kind, kind.replace("_", " ").capitalize())


def sentences(text: str) -> list[str]:
    """A 'how this was computed' paragraph cut into its sentences, one figure each."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def local_day(at: datetime) -> date:
    """The local calendar day of a time the store keeps in UTC."""
    return at.replace(tzinfo=UTC).astimezone().date()


def dismissed_text(dismissal: DismissalLike) -> str:
    return (
        f"Dismissed by {dismissal.os_user} on {format_us_date(local_day(dismissal.at))}: "
        f"{dismissal.reason}"
    )


def days_left_text(days: int) -> str:
    if days == 0:
        return "due today"
    if days == 1:
        return "1 day left"
    if days > 1:
        return f"{days:,} days left"
    return "passed yesterday" if days == -1 else f"passed {-days:,} days ago"


def weeks_text(value: Decimal) -> str:
    return f"{value:,.2f}"


def ask_dismiss_reason(parent: QWidget | None, flag: Flag) -> str | None:
    """Ask why a flag is dismissed; None when the person cancels (the dialog's OK needs a
    reason, so an empty one is never given)."""
    from mmi_desktop.ui.dismiss_dialog import ask_reason

    return ask_reason(parent, flag.text(LANG).title)


class _Wrapped(QLabel):
    """A word-wrapped label whose sizes all come from its height at a width, remembered for
    each width. Qt's label lays its text out again whenever a layout asks (and asks it at
    widths no layout here uses, for hints wrapped labels do not need): that was most of
    the cost of opening a case."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._heights: dict[int, int] = {}
        self.setWordWrap(True)
        # It takes the width it is given instead of asking for its text's (keeping
        # height-for-width, which a new size policy would drop).
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumWidth(60)

    def setText(self, text: str) -> None:
        if text != self.text():
            self._heights.clear()
            super().setText(text)

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def sizeHint(self) -> QSize:
        width = max(self.width(), self.minimumWidth())
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        """One line high (as Qt's); its width is the minimum width, as the policy ignores
        the hint's."""
        margins = self.contentsMargins()
        line = self.fontMetrics().height() + margins.top() + margins.bottom()
        return QSize(self.minimumWidth(), line)

    def changeEvent(self, event: QEvent) -> None:
        self._heights.clear()  # a new font, style or margins
        super().changeEvent(event)


def _label(
    text: str = "",
    parent: QWidget | None = None,
    *,
    wrap: bool = True,
    rich: bool = False,
    object_name: str = "",
    tone: str = "",
) -> QLabel:
    """A label whose text can be selected (and copied), word-wrapped unless told not."""
    label = _Wrapped(parent) if wrap else QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    if tone:
        label.setProperty("tone", tone)
    label.setText(text)
    return label


def _bold(widget: QWidget, bold: bool = True) -> None:
    font = widget.font()
    if font.bold() != bold:  # a font set again is laid out again
        font.setBold(bold)
        widget.setFont(font)


def _repolish(widget: QWidget) -> None:
    """Style a widget again after a property the style sheet picks on changed (one not
    styled yet is styled when first shown)."""
    if widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def _restyle(widget: QWidget, name: str, value: object) -> None:
    """Set a property the style sheet picks on, restyling only when it changed (dear)."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        _repolish(widget)


def _actions_html(actions: tuple[str, ...]) -> str:
    items = "".join(f"<li>{html.escape(a)}</li>" for a in actions)
    return (
        f"<span style='color:{_GREY}'>What to do:</span>"
        f"<ul style='margin:0 0 0 -24px; padding:0'>{items}</ul>"
    )


def _how_html(title: str, text: str) -> str:
    items = "".join(f"<li>{html.escape(s)}</li>" for s in sentences(text))
    return (
        f"<span style='color:{_GREY}'>{html.escape(title)}</span>"
        f"<ul style='margin:0 0 0 -24px; padding:0; color:{_GREY}'>{items}</ul>"
    )


class _HintAtWidth:
    """For the panel's boxes of wrapped text: their size hint is their height at the width
    they have. Qt's lays all their text out again at their narrowest width (wrapped labels
    ask for no width) on every layout pass, which was most of the cost of showing a case."""

    def sizeHint(self) -> QSize:
        box = cast(QWidget, self)
        layout = box.layout()
        margins = box.contentsMargins()
        width = layout.sizeHint().width() + margins.left() + margins.right()
        return QSize(width, layout.totalHeightForWidth(max(box.width(), width)))


class _Box(_HintAtWidth, QWidget):
    """A plain box of the panel's wrapped text."""


class SeverityBadge(QWidget):
    """The severity's icon and word side by side (never the colour alone)."""

    def __init__(self, level: Severity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel(self)
        self.word = QLabel(self)
        self.word.setObjectName("severityWord")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.icon)
        layout.addWidget(self.word)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.set_level(level)

    def set_level(self, level: Severity) -> None:
        self.level = level
        st = severity.style(level)
        self.icon.setPixmap(severity.pixmap(level, 16))
        self.word.setText(st.word)
        _restyle(self.word, "tone", f"severity-{level.value}")
        self.setToolTip(f"{st.word} severity")

    def text(self) -> str:
        return self.word.text()


class FlagCard(_HintAtWidth, QFrame):
    """One flag: severity, title, explanation, evidence links, actions, Dismiss. The panel
    shows the next case's flags in the same cards (`show_flag`): building them was dear."""

    evidence_clicked = Signal(str)  # the evidence id as the rule wrote it
    dismiss_clicked = Signal()
    restore_clicked = Signal()

    def __init__(
        self, flag: Flag, case: Case, dismissal: DismissalLike | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("flagCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # The look comes from the panel's one style sheet (PANEL_STYLE): a style sheet per
        # card made opening a case with several flags twice as slow.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)

        top = QHBoxLayout()
        top.setSpacing(8)
        self.badge = SeverityBadge(flag.severity, self)
        self.title = _label("", self, object_name="flagTitle")
        _bold(self.title)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        self._dismiss_button = QPushButton("Dismiss…", self)
        self._dismiss_button.setObjectName("dismissButton")
        self._dismiss_button.setToolTip(
            "Dismiss this flag with a reason (kept with your name and the date); it comes "
            "back if its evidence changes"
        )
        self._dismiss_button.clicked.connect(self.dismiss_clicked)
        top.addWidget(self._dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self._restore_button = QPushButton("Restore", self)
        self._restore_button.setObjectName("restoreButton")
        self._restore_button.setToolTip("Show this flag again (the dismissal is taken back; "
                                        "the case's history keeps it)")
        self._restore_button.clicked.connect(self.restore_clicked)
        top.addWidget(self._restore_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        self._dismissed_label = _label("", self, object_name="dismissedLabel", tone="italic")
        layout.addWidget(self._dismissed_label)
        self.explanation = _label("", self, object_name="flagExplanation")
        layout.addWidget(self.explanation)

        self._evidence_row = QHBoxLayout()
        self._evidence_row.setSpacing(4)
        self._evidence_caption = QLabel("Evidence:", self)
        self._evidence_caption.setProperty("tone", "grey")
        self._evidence_row.addWidget(self._evidence_caption)
        self._evidence_row.addStretch(1)
        layout.addLayout(self._evidence_row)
        self._evidence_pool: list[QPushButton] = []
        self._refs: list[str] = []

        self._actions_label = _label("", self, rich=True, object_name="flagActions")
        layout.addWidget(self._actions_label)
        self.show_flag(flag, case, dismissal)

    def show_flag(self, flag: Flag, case: Case, dismissal: DismissalLike | None) -> None:
        """Show `flag` of `case` (dismissed when `dismissal` is given) in this card."""
        self.flag = flag
        self.dismissal = dismissal
        dismissed = dismissal is not None
        text = flag.text(LANG)
        greyed = self.property("dismissed") is True
        _restyle(self, "severity", flag.severity.value)
        _restyle(self, "dismissed", dismissed)
        if greyed != dismissed:  # a dismissed card greys every label in it
            for label in self.findChildren(QLabel):
                _repolish(label)
        self.badge.set_level(flag.severity)
        self.title.setText(text.title)

        self.dismiss_button = None if dismissed else self._dismiss_button
        self._dismiss_button.setVisible(not dismissed)
        self.restore_button = self._restore_button if dismissed else None
        self._restore_button.setVisible(dismissed)
        self.dismissed_label = self._dismissed_label if dismissal is not None else None
        if dismissal is not None:
            self._dismissed_label.setText(dismissed_text(dismissal))
        self._dismissed_label.setVisible(dismissed)

        self.explanation.setText(text.explanation)

        self._refs = list(flag.evidence)
        while len(self._evidence_pool) < len(self._refs):
            self._evidence_pool.append(self._evidence_button(len(self._evidence_pool)))
        for button, ref in zip(self._evidence_pool, self._refs, strict=False):
            button.setText(evidence_label(ref, case))
            button.setProperty("evidence", ref)
            button.show()
        for button in self._evidence_pool[len(self._refs) :]:
            button.hide()
        self.evidence_buttons = self._evidence_pool[: len(self._refs)]
        self._evidence_caption.setVisible(bool(self._refs))

        shows_actions = bool(text.actions) and not dismissed
        self.actions_label = self._actions_label if shows_actions else None
        if shows_actions:
            self._actions_label.setText(_actions_html(text.actions))
        self._actions_label.setVisible(shows_actions)

    def _evidence_button(self, index: int) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName("evidenceLink")
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setToolTip("Show it in the editor and select it in the timeline")
        button.clicked.connect(lambda _checked=False: self.evidence_clicked.emit(self._refs[index]))
        # Before the stretch that keeps the links to the left.
        self._evidence_row.insertWidget(1 + index, button)
        return button

    def actions(self) -> tuple[str, ...]:
        return self.flag.text(LANG).actions

    def is_dismissed(self) -> bool:
        return self.dismissal is not None


@dataclass(frozen=True)
class DeadlineRow:
    """The labels of one deadline as shown."""

    deadline: Deadline
    due: QLabel
    title: QLabel
    left: QLabel
    basis: QLabel
    mark: QLabel
    within: bool  # within the warning window
    passed: bool


@dataclass(frozen=True)
class _DeadlineLine:
    """The widgets of one line of the deadlines grid, kept from case to case."""

    mark: QLabel
    due: QLabel
    title: QLabel
    left: QLabel
    basis: QLabel
    gap: QWidget

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.mark, self.due, self.title, self.left, self.basis, self.gap)


@dataclass(frozen=True)
class _MoneyLine:
    """The name, figure and (for some) note of one money figure."""

    name: QLabel
    value: QLabel
    note: QLabel | None


class _Section(_HintAtWidth, QWidget):
    """A heading with a body below it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(title, self)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.summary = _label("", self, object_name="sectionSummary", tone="grey")
        self.body = QVBoxLayout()
        self.body.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addWidget(self.summary, 1)
        layout.addLayout(head)
        layout.addLayout(self.body)

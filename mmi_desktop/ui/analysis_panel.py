"""The analysis of the open case: flags (highest severity first, with their evidence and what
to do), the money (TD and PD, each with how it was computed) and the deadlines.

The panel only shows an `Analysis` it is given; the window computes it from the editor's
state as the person types, so the panel never reads the database. Clicking an evidence item
asks (through `evidence_activated`) for that item to be shown in the editor and the
timeline; Dismiss asks (through `dismiss_requested`) for the flag to be dismissed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Protocol, cast

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.analysis_text import phrase
from mmi_desktop.domain.evidence import evidence_label, evidence_target
from mmi_desktop.domain.model import Case, Language
from mmi_desktop.domain.results import (
    Analysis,
    Benefits,
    Deadline,
    Flag,
    PDBenefit,
    Severity,
    SJDBState,
)
from mmi_desktop.ui import severity
from mmi_desktop.ui.rating_view import RatingView, rating_lines
from mmi_desktop.ui.widgets import format_money, format_us_date

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


class AnalysisPanel(QWidget):
    """Flags, money and deadlines of one case, as of a day. Its widgets are built once and
    filled in for each case (hidden when a case has fewer flags or figures): building and
    styling them anew made opening a case twice as slow."""

    evidence_activated = Signal(str, str)  # (kind, item id), as CaseEditor.select_item takes
    dismiss_requested = Signal(object)  # the Flag
    restore_requested = Signal(object)  # the Flag (dismissed)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analysisPanel")
        self._case: Case | None = None
        self._analysis: Analysis | None = None
        self._as_of: date | None = None
        self._warning_days = 14
        self._signature: object = None
        self.cards: list[FlagCard] = []
        self.deadline_rows: list[DeadlineRow] = []
        self.money_values: dict[str, QLabel] = {}
        self._card_pool: list[FlagCard] = []
        self._deadline_pool: list[_DeadlineLine] = []
        self._money_lines: dict[str, _MoneyLine] = {}

        self.notice = _label("", self, object_name="analysisNotice")
        self.setStyleSheet(PANEL_STYLE)
        self.notice.hide()

        content = _Box(self)
        content.setObjectName("analysisContent")
        self.flags_section = _Section("Flags", content)
        self.money_section = _Section("Money", content)
        self.rating_section = _Section("PD rating (2005 schedule)", content)
        self.rating_view = RatingView(self.rating_section)
        self.rating_section.body.addWidget(self.rating_view)
        self.deadlines_section = _Section("Deadlines", content)
        self._build_flags()
        self._build_money()
        self._build_deadlines()
        column = QVBoxLayout(content)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(14)
        column.addWidget(self.flags_section)
        column.addWidget(self.money_section)
        column.addWidget(self.rating_section)
        column.addWidget(self.deadlines_section)
        column.addStretch(1)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.notice)
        layout.addWidget(self.scroll, 1)
        self.set_result(None, None)

    def sizeHint(self) -> QSize:
        return QSize(560, 520)

    # ------------------------------------------------------------------ API
    def set_result(
        self,
        case: Case | None,
        analysis: Analysis | None,
        dismissals: DismissalLookup | Mapping[str, DismissalLike] | None = None,
        as_of: date | None = None,
        warning_days: int = 14,
    ) -> None:
        """Show `analysis` of `case`; `dismissals` tells which flags are dismissed (a lookup
        by flag, or a mapping by flag key); `as_of` (default: the analysis' day) counts the
        days left, and deadlines within `warning_days` of it are marked."""
        self._case, self._analysis = case, analysis
        self._as_of = as_of or (analysis.as_of if analysis else None)
        self._warning_days = warning_days
        lookup = _lookup(dismissals)
        found = {f.key: lookup(f) for f in analysis.flags} if analysis else {}
        signature = (self._as_of, warning_days, self._signature_of(case, analysis, found))
        if signature == self._signature:
            return  # the same result (an edit that changed nothing the panel shows)
        self._signature = signature
        scroll = self.scroll.verticalScrollBar().value()
        with self._layout_once():
            self._show_flags(case, analysis, found)
            self._show_money(analysis.benefits if analysis else None)
            self._show_rating(analysis)
            self._show_deadlines(analysis.deadlines if analysis else ())
        self.scroll.verticalScrollBar().setValue(scroll)

    def set_notice(self, text: str | None) -> None:
        """A line above the analysis (e.g. that it shows the last state the editor could
        read); None hides it."""
        self.notice.setText(text or "")
        self.notice.setVisible(bool(text))

    def scroll_to_top(self) -> None:
        """Show the panel from its first flag (another case was opened)."""
        self.scroll.verticalScrollBar().setValue(0)

    def analysis(self) -> Analysis | None:
        return self._analysis

    def card(self, rule: str) -> FlagCard | None:
        """The first card of a rule's flag (tests and keyboard users)."""
        return next((c for c in self.cards if c.flag.rule == rule), None)

    def live_cards(self) -> list[FlagCard]:
        return [c for c in self.cards if not c.is_dismissed()]

    def activate_evidence(self, ref: str) -> None:
        kind, item_id = evidence_target(ref)
        self.evidence_activated.emit(kind, item_id)

    # ------------------------------------------------------------------ building
    @contextmanager
    def _layout_once(self) -> Iterator[None]:
        """Hold the panel's layouts while it is filled in, then lay it out once: Qt lays out
        every layout above a widget the moment it is shown, which laid the panel out again
        for each card and line shown."""
        content = self.scroll.widget()
        holders = [
            content,
            self.flags_section,
            self.money_section,
            self.rating_section,
            self.deadlines_section,
        ]
        layouts = [w.layout() for w in (*holders, self._money_body, *self._card_pool)]
        for layout in layouts:
            layout.setEnabled(False)
        try:
            yield
        finally:
            for layout in layouts:
                layout.setEnabled(True)
            # Now rather than when the window next draws, so that what a caller or a click
            # does next finds every card and link where it is shown. Each round lays out what
            # the one before resized (the column, then the scroll bar it needs); three settle
            # it, and cost no more than leaving it to the event loop.
            for _ in range(3):
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    @staticmethod
    def _signature_of(
        case: Case | None, analysis: Analysis | None, found: Mapping[str, DismissalLike | None]
    ) -> object:
        if analysis is None:
            return None
        labels = tuple(
            evidence_label(r, case) if case else r for f in analysis.flags for r in f.evidence
        )
        flags = tuple(
            (
                f.key,
                f.severity,
                f.text(LANG).explanation,
                f.text(LANG).actions,
                _dismissed_or_none(found.get(f.key)),
            )
            for f in analysis.flags
        )
        b = analysis.benefits
        money = (
            b.td_weekly_rate,
            b.td_weeks_paid,
            b.td_weeks_remaining_under_cap,
            b.how[LANG],
            None
            if b.pd is None
            else (b.pd.how[LANG], b.pd.rating_string, b.pd.total, b.pd.life_pension_weekly),
            None if analysis.rating is None else tuple(rating_lines(analysis.rating, b.pd)),
            None if b.sjdb is None else (b.sjdb.state, b.sjdb.how[LANG]),
        )
        deadlines = tuple(
            (d.kind, d.declaration, d.due, d.estimated, d.basis[LANG]) for d in analysis.deadlines
        )
        return (analysis.as_of, flags, labels, money, deadlines)

    def _build_flags(self) -> None:
        body = self.flags_section.body
        self._no_case = _label("No case open.", self)
        self._no_flags = _label(
            "No flags: nothing in the record suggests that MMI was declared too early.",
            self,
            object_name="noFlags",
        )
        body.addWidget(self._no_case)
        body.addWidget(self._no_flags)

    def _show_flags(
        self,
        case: Case | None,
        analysis: Analysis | None,
        found: Mapping[str, DismissalLike | None],
    ) -> None:
        section = self.flags_section
        self.cards = []
        if analysis is None or case is None:
            section.summary.setText("")
        else:
            live = [f for f in analysis.flags if found.get(f.key) is None]
            dismissed = [f for f in analysis.flags if found.get(f.key) is not None]
            section.summary.setText(flags_summary(live, len(dismissed)))
            # Live flags first, highest severity first (the analysis' order); dismissed below.
            for flag in live + dismissed:
                self.cards.append(self._card_for(flag, case, found.get(flag.key)))
        self._no_case.setVisible(analysis is None or case is None)
        self._no_flags.setVisible(analysis is not None and case is not None and not self.cards)
        for card in self._card_pool[len(self.cards) :]:
            card.hide()

    def _card_for(self, flag: Flag, case: Case, dismissal: DismissalLike | None) -> FlagCard:
        """The next card (one made before, or a new one) showing `flag`."""
        index = len(self.cards)
        if index < len(self._card_pool):
            card = self._card_pool[index]
            card.show_flag(flag, case, dismissal)
        else:
            card = FlagCard(flag, case, dismissal, self)
            card.evidence_clicked.connect(self.activate_evidence)
            card.dismiss_clicked.connect(lambda: self.dismiss_requested.emit(card.flag))
            card.restore_clicked.connect(lambda: self.restore_requested.emit(card.flag))
            self.flags_section.body.addWidget(card)
            self._card_pool.append(card)
        card.show()
        return card

    def _subheading(self, grid: QGridLayout, text: str) -> None:
        heading = QLabel(text, self)
        heading.setProperty("tone", "semibold")
        grid.addWidget(heading, 0, 0, 1, 2)

    def _grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        # One width for the names in both grids, so the TD and PD figures line up.
        grid.setColumnMinimumWidth(
            0, self.fontMetrics().horizontalAdvance("Weeks left under the cap") + 8
        )
        return grid

    def _money_line(self, grid: QGridLayout, key: str, label: str, note: bool = False) -> None:
        row = grid.rowCount()
        name = _label(label, self, wrap=False, tone="grey")
        value = _label("", self, object_name=f"money_{key}")
        _bold(value)
        grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(value, row, 1)
        extra = None
        if note:
            extra = _label("", self, object_name=f"money_{key}_note", tone="grey-italic")
            grid.addWidget(extra, row + 1, 1)
        self._money_lines[key] = _MoneyLine(name, value, extra)

    def _build_money(self) -> None:
        self._money_body = _Box(self)
        body = QVBoxLayout(self._money_body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(self.money_section.body.spacing())
        td = self._grid()
        self._subheading(td, "Temporary disability (TD)")
        self._money_line(td, "td_rate", "Weekly rate")
        self._money_line(td, "td_weeks_paid", "Weeks paid")
        self._money_line(td, "td_weeks_left", "Weeks left under the cap")
        body.addLayout(td)
        self._how_td = _label("", self, rich=True, object_name="how_td")
        body.addWidget(self._how_td)
        pd = self._grid()
        self._subheading(pd, "Permanent disability (PD)")
        self._no_pd = _label(
            "Figured once MMI is declared: there is no MMI declaration yet.",
            self,
            object_name="money_pd_none",
        )
        pd.addWidget(self._no_pd, 1, 0, 1, 2)
        self._money_line(pd, "pd_percent", "PD rating", note=True)
        self._money_line(pd, "pd_total", "Payments")
        self._money_line(pd, "pd_adjusted", "Return-to-work")
        self._money_line(pd, "life_pension", "Life pension")
        self._money_line(pd, "sjdb", "Job voucher (SJDB)", note=True)
        body.addLayout(pd)
        self._how_pd = _label("", self, rich=True, object_name="how_pd")
        body.addWidget(self._how_pd)
        self.money_section.body.addWidget(self._money_body)

    def _put(self, key: str, value: str | None, note: str = "", name: str = "") -> None:
        """Show a money figure (None hides its line), with its note and, if given, name."""
        line = self._money_lines[key]
        line.name.setVisible(value is not None)
        line.value.setVisible(value is not None)
        if value is not None:
            line.value.setText(value)
            self.money_values[key] = line.value
        if name:
            line.name.setText(name)
        if line.note is not None:
            line.note.setText(note)
            line.note.setVisible(value is not None and bool(note))
            if value is not None and note:
                self.money_values[f"{key}_note"] = line.note

    def _put_how(self, label: QLabel, key: str, title: str, text: str | None) -> None:
        label.setVisible(text is not None)
        if text is not None:
            label.setText(_how_html(title, text))
            self.money_values[f"how_{key}"] = label

    def _show_money(self, benefits: Benefits | None) -> None:
        self.money_section.summary.setText("")
        self.money_values = {}
        self._money_body.setVisible(benefits is not None)
        if benefits is None:
            return
        rate = benefits.td_weekly_rate
        self._put("td_rate", format_money(rate) if rate is not None else "not computed")
        self._put("td_weeks_paid", weeks_text(benefits.td_weeks_paid))
        left = benefits.td_weeks_remaining_under_cap
        self._put("td_weeks_left", weeks_text(left) if left is not None else "not computed")
        self._put_how(self._how_td, "td", "How TD was computed:", benefits.how[LANG])
        self._show_pd(benefits.pd)
        sjdb = benefits.sjdb
        if sjdb is None:
            self._put("sjdb", None)
        else:
            self._put("sjdb", SJDB_STATES[sjdb.state], sjdb.how[LANG])
        pd_how = benefits.pd.how[LANG] if benefits.pd is not None else None
        self._put_how(self._how_pd, "pd", "How PD was computed:", pd_how)

    def _show_pd(self, pd: PDBenefit | None) -> None:
        self._no_pd.setVisible(pd is None)
        if pd is None:
            for key in ("pd_percent", "pd_total", "pd_adjusted", "life_pension"):
                self._put(key, None)
            return
        estimate = (
            "Estimate: before the occupation and age steps (see the rating below)"
            if pd.estimate
            else "As entered for the declaration"
            if pd.basis == "entered"
            else ""
        )
        if pd.percent is not None:
            percent = f"{pd.percent.normalize():f}%" + ("  (estimate)" if pd.estimate else "")
        else:
            percent = "not computed"
        self._put("pd_percent", percent, estimate)
        if pd.permanent_total:
            rate = format_money(pd.weekly_rate) if pd.weekly_rate is not None else "not known"
            total = f"{rate} a week for life (the TD rate)"
            self._put("pd_total", total, name="Permanent total")
        elif pd.weeks is not None and pd.weekly_rate is not None and pd.total is not None:
            total = (
                f"{weeks_text(pd.weeks)} weeks × {format_money(pd.weekly_rate)} = "
                f"{format_money(pd.total)}" + ("  (estimate)" if pd.estimate else "")
            )
            self._put("pd_total", total, name="Payments")
        else:
            weeks = f"{weeks_text(pd.weeks)} weeks" if pd.weeks is not None else "not computed"
            self._put("pd_total", weeks, name="Payments")
        adjusted = pd.adjusted_weekly_rate
        self._put(
            "pd_adjusted",
            None
            if adjusted is None or pd.rtw_adjustment_pct is None
            else f"{format_money(adjusted)} a week ({pd.rtw_adjustment_pct:+d} %, LC 4658(d))",
        )
        pension = pd.life_pension_weekly
        self._put(
            "life_pension",
            None
            if pension is None
            else f"{format_money(pension)} a week after the PD weeks, rising each January",
        )

    def _show_rating(self, analysis: Analysis | None) -> None:
        rating = analysis.rating if analysis is not None else None
        self.rating_section.setVisible(rating is not None)
        self.rating_view.set_rating(rating, analysis.benefits.pd if analysis else None)
        summary = ""
        if rating is not None and rating.complete:
            summary = f"{rating.combined}%"
        elif rating is not None and rating.parts:
            summary = "incomplete"
        self.rating_section.summary.setText(summary)

    def _build_deadlines(self) -> None:
        self._no_deadlines = _label("No deadlines yet.", self, object_name="noDeadlines")
        self.deadlines_section.body.addWidget(self._no_deadlines)
        self._deadline_grid = QGridLayout()
        self._deadline_grid.setHorizontalSpacing(10)
        self._deadline_grid.setVerticalSpacing(1)
        self._deadline_grid.setColumnStretch(2, 1)
        self.deadlines_section.body.addLayout(self._deadline_grid)

    def _show_deadlines(self, deadlines: tuple[Deadline, ...]) -> None:
        section = self.deadlines_section
        self.deadline_rows = []
        shown: list[Deadline] = []
        if self._analysis is None:
            section.summary.setText("")
        else:
            as_of = self._as_of or self._analysis.as_of
            soon = [d for d in deadlines if 0 <= d.days_left(as_of) <= self._warning_days]
            section.summary.setText(
                f"as of {format_us_date(as_of)}; {len(soon)} within {self._warning_days} days"
                if deadlines
                else ""
            )
            shown = sorted(deadlines, key=lambda x: x.due)
            for i, d in enumerate(shown):
                self._deadline_row(self._deadline_line(i), d, as_of)
        self._no_deadlines.setVisible(self._analysis is not None and not deadlines)
        for line in self._deadline_pool[len(shown) :]:
            for widget in line.widgets():
                widget.hide()

    def _deadline_line(self, index: int) -> _DeadlineLine:
        """The index-th line of the deadlines grid, made when first needed."""
        if index < len(self._deadline_pool):
            return self._deadline_pool[index]
        grid, row = self._deadline_grid, 3 * index  # its line, its basis and a gap
        mark = QLabel(self)
        mark.setObjectName("deadlineMark")
        line = _DeadlineLine(
            mark,
            _label("", self, wrap=False, object_name="deadlineDue"),
            _label("", self, object_name="deadlineTitle"),
            _label("", self, wrap=False, object_name="deadlineDaysLeft"),
            _label("", self, object_name="deadlineBasis", tone="grey-small"),
            QWidget(self),
        )
        line.gap.setFixedHeight(6)
        grid.addWidget(line.mark, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(line.due, row, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(line.title, row, 2)
        grid.addWidget(line.left, row, 3, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        grid.addWidget(line.basis, row + 1, 2, 1, 2)
        grid.addWidget(line.gap, row + 2, 0)
        self._deadline_pool.append(line)
        return line

    def _deadline_row(self, line: _DeadlineLine, d: Deadline, as_of: date) -> None:
        days = d.days_left(as_of)
        within = 0 <= days <= self._warning_days
        passed = days < 0
        if within:
            line.mark.setPixmap(severity.soon_pixmap(16))
            line.mark.setToolTip(f"Within the warning window of {self._warning_days} days")
        else:
            line.mark.clear()
            line.mark.setToolTip("")
        line.due.setText(format_us_date(d.due))
        line.title.setText(deadline_name(d.kind) + ("  (estimated)" if d.estimated else ""))
        line.left.setText(("Soon: " if within else "") + days_left_text(days))
        line.basis.setText(d.basis[LANG])
        tone = "passed" if passed else ""
        for w in (line.due, line.title, line.left):
            _bold(w, within)
            _restyle(w, "tone", "soon" if within and w is line.left else tone)
        for widget in line.widgets():
            widget.show()
        self.deadline_rows.append(
            DeadlineRow(d, line.due, line.title, line.left, line.basis, line.mark, within, passed)
        )


def _lookup(dismissals: DismissalLookup | Mapping[str, DismissalLike] | None) -> DismissalLookup:
    if dismissals is None:
        return lambda _flag: None
    if isinstance(dismissals, Mapping):
        table = dismissals
        return lambda flag: table.get(flag.key)
    return dismissals


def _dismissed_or_none(dismissal: DismissalLike | None) -> str | None:
    return None if dismissal is None else dismissed_text(dismissal)


def flags_summary(live: list[Flag], dismissed: int = 0) -> str:
    """'3 open: 1 high, 2 medium · 1 dismissed'."""
    if not live and not dismissed:
        return ""
    counts = {s: sum(1 for f in live if f.severity is s) for s in Severity}
    parts = [f"{n} {s.value}" for s, n in counts.items() if n]
    text = f"{len(live)} open" + (": " + ", ".join(parts) if parts else "")
    if dismissed:
        text += f" · {dismissed} dismissed"
    return text


def attention_html(
    analysis: Analysis | None, dismissed_keys: set[str], as_of: date, warning_days: int
) -> str:
    """The case header's line: open flags by their top severity, and the nearest deadline
    ('▲ High · 2 flags · Object to the medical report: 12/10/2026 (13 days left)')."""
    if analysis is None:
        return ""
    live = [f for f in analysis.flags if f.key not in dismissed_keys]
    parts: list[str] = []
    if live:
        top = min((f.severity for f in live), key=lambda s: s.rank)
        n = len(live)
        parts.append(f"{severity.badge_html(top)} · {n} flag{'s' if n != 1 else ''}")
    else:
        parts.append("No open flags")
    upcoming = [d for d in analysis.deadlines if d.due >= as_of]
    if upcoming:
        d = min(upcoming, key=lambda x: x.due)
        days = d.days_left(as_of)
        text = (
            f"{html.escape(deadline_name(d.kind))}: {format_us_date(d.due)} "
            f"({days_left_text(days)})"
        )
        if days <= warning_days:
            text = f"<b style='color:{severity.SOON_COLOUR}'>Soon:</b> {text}"
        parts.append(text)
    return "  ·  ".join(parts)

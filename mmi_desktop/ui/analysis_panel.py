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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Protocol

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.analysis_text import phrase
from mmi_desktop.domain.evidence import evidence_label, evidence_target
from mmi_desktop.domain.model import Case, Language
from mmi_desktop.domain.results import Analysis, Benefits, Deadline, Flag, PDBenefit, Severity
from mmi_desktop.ui import dialogs, severity
from mmi_desktop.ui.dialogs import Icon
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
    """Ask why a flag is dismissed; None when the person cancels or gives no reason."""
    title = flag.text(LANG).title
    text, ok = QInputDialog.getMultiLineText(
        parent,
        "Dismiss flag",
        f"Why is “{title}” not a concern for this case?\n"
        "The reason is kept with your name and today's date. The flag comes back by itself "
        "if its evidence changes.",
        "",
    )
    if not ok:
        return None
    if not text.strip():
        dialogs.tell(
            parent,
            "Dismiss flag",
            "Reason: say why the flag is dismissed. The flag was not dismissed.",
            icon=Icon.Warning,
        )
        return None
    return text.strip()


def _label(
    text: str = "",
    parent: QWidget | None = None,
    *,
    wrap: bool = True,
    rich: bool = False,
    object_name: str = "",
) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if wrap:
        # Wrapped labels take the width they are given instead of asking for their text's.
        # (keeping height-for-width, which a new size policy would drop).
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        label.setSizePolicy(policy)
        label.setMinimumWidth(60)
    if object_name:
        label.setObjectName(object_name)
    return label


def _clear(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())


class SeverityBadge(QWidget):
    """The severity's icon and word side by side (never the colour alone)."""

    def __init__(self, level: Severity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = level
        st = severity.style(level)
        self.icon = QLabel(self)
        self.icon.setPixmap(severity.pixmap(level, 16))
        self.word = QLabel(st.word, self)
        self.word.setObjectName("severityWord")
        self.word.setProperty("tone", f"severity-{level.value}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.icon)
        layout.addWidget(self.word)
        self.setToolTip(f"{st.word} severity")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self.word.text()


class FlagCard(QFrame):
    """One flag: severity, title, explanation, evidence links, actions, Dismiss."""

    evidence_clicked = Signal(str)  # the evidence id as the rule wrote it
    dismiss_clicked = Signal()

    def __init__(
        self, flag: Flag, case: Case, dismissal: DismissalLike | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.flag = flag
        self.dismissal = dismissal
        self.setObjectName("flagCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # The look comes from the panel's one style sheet (PANEL_STYLE): a style sheet per
        # card made opening a case with several flags twice as slow.
        self.setProperty("severity", flag.severity.value)
        self.setProperty("dismissed", dismissal is not None)
        text = flag.text(LANG)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)

        top = QHBoxLayout()
        top.setSpacing(8)
        self.badge = SeverityBadge(flag.severity, self)
        self.title = _label(text.title, self, object_name="flagTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        self.dismiss_button: QPushButton | None = None
        if dismissal is None:
            self.dismiss_button = QPushButton("Dismiss…", self)
            self.dismiss_button.setObjectName("dismissButton")
            self.dismiss_button.setToolTip(
                "Dismiss this flag with a reason (kept with your name and the date); it comes "
                "back if its evidence changes"
            )
            self.dismiss_button.clicked.connect(self.dismiss_clicked)
            top.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        self.dismissed_label: QLabel | None = None
        if dismissal is not None:
            self.dismissed_label = _label(
                dismissed_text(dismissal), self, object_name="dismissedLabel"
            )
            self.dismissed_label.setProperty("tone", "italic")
            layout.addWidget(self.dismissed_label)

        self.explanation = _label(text.explanation, self, object_name="flagExplanation")
        layout.addWidget(self.explanation)

        self.evidence_buttons: list[QPushButton] = []
        if flag.evidence:
            row = QHBoxLayout()
            row.setSpacing(4)
            caption = QLabel("Evidence:", self)
            caption.setProperty("tone", "grey")
            row.addWidget(caption)
            for ref in flag.evidence:
                button = QPushButton(evidence_label(ref, case), self)
                button.setObjectName("evidenceLink")
                button.setFlat(True)
                button.setCursor(Qt.CursorShape.PointingHandCursor)
                button.setToolTip("Show it in the editor and select it in the timeline")
                button.setProperty("evidence", ref)
                button.clicked.connect(lambda _checked=False, r=ref: self.evidence_clicked.emit(r))
                self.evidence_buttons.append(button)
                row.addWidget(button)
            row.addStretch(1)
            layout.addLayout(row)

        self.actions_label: QLabel | None = None
        if text.actions and dismissal is None:
            items = "".join(f"<li>{html.escape(a)}</li>" for a in text.actions)
            self.actions_label = _label(
                f"<span style='color:{_GREY}'>What to do:</span>"
                f"<ul style='margin:0 0 0 -24px; padding:0'>{items}</ul>",
                self,
                rich=True,
                object_name="flagActions",
            )
            layout.addWidget(self.actions_label)

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


class _Section(QWidget):
    """A heading with a body below it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(title, self)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.summary = _label("", self, object_name="sectionSummary")
        self.summary.setProperty("tone", "grey")
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
    """Flags, money and deadlines of one case, as of a day."""

    evidence_activated = Signal(str, str)  # (kind, item id), as CaseEditor.select_item takes
    dismiss_requested = Signal(object)  # the Flag

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

        self.notice = _label("", self, object_name="analysisNotice")
        self.setStyleSheet(PANEL_STYLE)
        self.notice.hide()

        content = QWidget(self)
        content.setObjectName("analysisContent")
        self.flags_section = _Section("Flags", content)
        self.money_section = _Section("Money", content)
        self.deadlines_section = _Section("Deadlines", content)
        column = QVBoxLayout(content)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(14)
        column.addWidget(self.flags_section)
        column.addWidget(self.money_section)
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
        self.setUpdatesEnabled(False)
        try:
            self._show_flags(case, analysis, found)
            self._show_money(analysis.benefits if analysis else None)
            self._show_deadlines(analysis.deadlines if analysis else ())
        finally:
            self.setUpdatesEnabled(True)
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
        )
        deadlines = tuple(
            (d.kind, d.declaration, d.due, d.estimated, d.basis[LANG]) for d in analysis.deadlines
        )
        return (analysis.as_of, flags, labels, money, deadlines)

    def _show_flags(
        self,
        case: Case | None,
        analysis: Analysis | None,
        found: Mapping[str, DismissalLike | None],
    ) -> None:
        section = self.flags_section
        _clear(section.body)
        self.cards = []
        if analysis is None or case is None:
            section.summary.setText("")
            section.body.addWidget(_label("No case open.", self))
            return
        live = [f for f in analysis.flags if found.get(f.key) is None]
        dismissed = [f for f in analysis.flags if found.get(f.key) is not None]
        section.summary.setText(flags_summary(live, len(dismissed)))
        if not analysis.flags:
            section.body.addWidget(
                _label(
                    "No flags: nothing in the record suggests that MMI was declared too early.",
                    self,
                    object_name="noFlags",
                )
            )
            return
        # Live flags first, highest severity first (the analysis' order); dismissed below.
        for flag in live + dismissed:
            card = FlagCard(flag, case, found.get(flag.key), self)
            card.evidence_clicked.connect(self.activate_evidence)
            card.dismiss_clicked.connect(lambda f=flag: self.dismiss_requested.emit(f))
            self.cards.append(card)
            section.body.addWidget(card)

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

    def _money_row(
        self, grid: QGridLayout, key: str, label: str, value: str, note: str = ""
    ) -> None:
        row = grid.rowCount()
        name = _label(label, self, wrap=False)
        name.setProperty("tone", "grey")
        shown = _label(value, self, object_name=f"money_{key}")
        font = shown.font()
        font.setBold(True)
        shown.setFont(font)
        grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(shown, row, 1)
        if note:
            extra = _label(note, self, object_name=f"money_{key}_note")
            extra.setProperty("tone", "grey-italic")
            grid.addWidget(extra, row + 1, 1)
            self.money_values[f"{key}_note"] = extra
        self.money_values[key] = shown

    def _how(self, title: str, text: str, key: str) -> QLabel:
        items = "".join(f"<li>{html.escape(s)}</li>" for s in sentences(text))
        label = _label(
            f"<span style='color:{_GREY}'>{html.escape(title)}</span>"
            f"<ul style='margin:0 0 0 -24px; padding:0; color:{_GREY}'>{items}</ul>",
            self,
            rich=True,
            object_name=f"how_{key}",
        )
        self.money_values[f"how_{key}"] = label
        return label

    def _show_money(self, benefits: Benefits | None) -> None:
        section = self.money_section
        _clear(section.body)
        self.money_values = {}
        if benefits is None:
            section.summary.setText("")
            return
        section.summary.setText("")
        td = self._grid()
        heading = QLabel("Temporary disability (TD)", self)
        heading.setProperty("tone", "semibold")
        td.addWidget(heading, 0, 0, 1, 2)
        rate = (
            format_money(benefits.td_weekly_rate)
            if benefits.td_weekly_rate is not None
            else "not computed"
        )
        self._money_row(td, "td_rate", "Weekly rate", rate)
        self._money_row(td, "td_weeks_paid", "Weeks paid", weeks_text(benefits.td_weeks_paid))
        left = benefits.td_weeks_remaining_under_cap
        self._money_row(
            td,
            "td_weeks_left",
            "Weeks left under the cap",
            weeks_text(left) if left is not None else "not computed",
        )
        section.body.addLayout(td)
        section.body.addWidget(self._how("How TD was computed:", benefits.how[LANG], "td"))
        section.body.addLayout(self._pd_grid(benefits.pd))
        if benefits.pd is not None:
            section.body.addWidget(self._how("How PD was computed:", benefits.pd.how[LANG], "pd"))

    def _pd_grid(self, pd: PDBenefit | None) -> QGridLayout:
        grid = self._grid()
        heading = QLabel("Permanent disability (PD)", self)
        heading.setProperty("tone", "semibold")
        grid.addWidget(heading, 0, 0, 1, 2)
        if pd is None:
            grid.addWidget(
                _label(
                    "Figured once MMI is declared: there is no MMI declaration yet.",
                    self,
                    object_name="money_pd_none",
                ),
                1,
                0,
                1,
                2,
            )
            return grid
        estimate = "Estimate: no occupation or age adjustment" if pd.estimate else ""
        if pd.percent is not None:
            percent = f"{pd.percent.normalize():f}%" + ("  (estimate)" if pd.estimate else "")
        else:
            percent = "not computed"
        self._money_row(grid, "pd_percent", "PD rating", percent, estimate)
        if pd.rating_string:
            self._money_row(grid, "rating_string", "Rating string", pd.rating_string)
        if pd.permanent_total:
            rate = format_money(pd.weekly_rate) if pd.weekly_rate is not None else "not known"
            self._money_row(
                grid, "pd_total", "Permanent total", f"{rate} a week for life (the TD rate)"
            )
        elif pd.weeks is not None and pd.weekly_rate is not None and pd.total is not None:
            self._money_row(
                grid,
                "pd_total",
                "Payments",
                f"{weeks_text(pd.weeks)} weeks × {format_money(pd.weekly_rate)} = "
                f"{format_money(pd.total)}" + ("  (estimate)" if pd.estimate else ""),
            )
        else:
            weeks = f"{weeks_text(pd.weeks)} weeks" if pd.weeks is not None else "not computed"
            self._money_row(grid, "pd_total", "Payments", weeks)
        if pd.life_pension_weekly is not None:
            self._money_row(
                grid,
                "life_pension",
                "Life pension",
                f"{format_money(pd.life_pension_weekly)} a week after the PD weeks,"
                " rising each January",
            )
        return grid

    def _show_deadlines(self, deadlines: tuple[Deadline, ...]) -> None:
        section = self.deadlines_section
        _clear(section.body)
        self.deadline_rows = []
        if self._analysis is None:
            section.summary.setText("")
            return
        as_of = self._as_of or self._analysis.as_of
        soon = [d for d in deadlines if 0 <= d.days_left(as_of) <= self._warning_days]
        section.summary.setText(
            f"as of {format_us_date(as_of)}; {len(soon)} within {self._warning_days} days"
            if deadlines
            else ""
        )
        if not deadlines:
            section.body.addWidget(_label("No deadlines yet.", self, object_name="noDeadlines"))
            return
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(1)
        grid.setColumnStretch(2, 1)
        for d in sorted(deadlines, key=lambda x: x.due):
            self._deadline_row(grid, d, as_of)
        section.body.addLayout(grid)

    def _deadline_row(self, grid: QGridLayout, d: Deadline, as_of: date) -> None:
        days = d.days_left(as_of)
        within = 0 <= days <= self._warning_days
        passed = days < 0
        row = grid.rowCount()
        mark = QLabel(self)
        mark.setObjectName("deadlineMark")
        if within:
            mark.setPixmap(severity.soon_pixmap(16))
            mark.setToolTip(f"Within the warning window of {self._warning_days} days")
        due = _label(format_us_date(d.due), self, wrap=False, object_name="deadlineDue")
        name = deadline_name(d.kind) + ("  (estimated)" if d.estimated else "")
        title = _label(name, self, object_name="deadlineTitle")
        left = _label(
            ("Soon: " if within else "") + days_left_text(days),
            self,
            wrap=False,
            object_name="deadlineDaysLeft",
        )
        basis = _label(d.basis[LANG], self, object_name="deadlineBasis")
        basis.setProperty("tone", "grey-small")
        bold = due.font()
        bold.setBold(True)
        if within:
            for w in (due, title, left):
                w.setFont(bold)
            left.setProperty("tone", "soon")
        elif passed:
            for w in (due, title, left):
                w.setProperty("tone", "passed")
        grid.addWidget(mark, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(due, row, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(title, row, 2)
        grid.addWidget(left, row, 3, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        grid.addWidget(basis, row + 1, 2, 1, 2)
        spacer = QWidget(self)
        spacer.setFixedHeight(6)
        grid.addWidget(spacer, row + 2, 0)
        self.deadline_rows.append(DeadlineRow(d, due, title, left, basis, mark, within, passed))


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

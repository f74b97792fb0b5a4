"""The analysis of the open case: flags (highest severity first, with their evidence and what
to do), the money (TD and PD, each with how it was computed) and the deadlines.

The panel only shows an `Analysis` it is given (OpenCase.analysed: the editor's
case, analysed once per edit), so the panel never reads the database. Its pieces (flag
cards, deadline and money lines) are in ui/flag_card.py. Clicking an evidence item
asks (through `evidence_activated`) for that item to be shown in the editor and the
timeline; Dismiss asks (through `dismiss_requested`) for the flag to be dismissed.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.evidence import evidence_label, evidence_target
from mmi_desktop.domain.model import Case
from mmi_desktop.domain.results import (
    Analysis,
    Benefits,
    Deadline,
    Flag,
    PDBenefit,
    Severity,
)
from mmi_desktop.ui import severity
from mmi_desktop.ui.flag_card import (  # noqa: F401  (ask_dismiss_reason, local_day, sentences: imported from here too)
    LANG,
    PANEL_STYLE,
    SJDB_STATES,
    DeadlineRow,
    DismissalLike,
    DismissalLookup,
    FlagCard,
    _bold,
    _Box,
    _DeadlineLine,
    _how_html,
    _label,
    _MoneyLine,
    _restyle,
    _Section,
    ask_dismiss_reason,
    days_left_text,
    deadline_name,
    dismissed_text,
    local_day,
    sentences,
    weeks_text,
)
from mmi_desktop.ui.rating_view import RatingView, rating_lines
from mmi_desktop.ui.widgets import format_money, format_us_date


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

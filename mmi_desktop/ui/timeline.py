"""The timeline of a case: every dated event in date order, grouped by month.

Events name their item the way `CaseEditor.select_item` does (kind, item id), so a double
click on an event can open it in the editor, and an analysis can point at its evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPointF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPixmap,
    QPolygonF,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.model import Case, ResolutionKind, ServiceMethod, Trend
from mmi_desktop.domain.results import Severity
from mmi_desktop.ui import severity
from mmi_desktop.ui.widgets import format_us_date

KIND_ROLE = Qt.ItemDataRole.UserRole + 10
ID_ROLE = Qt.ItemDataRole.UserRole + 11
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 12
COL_DATE, COL_TYPE, COL_EVENT = range(3)
HEADERS = ("Date", "Type", "Event")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_MMI_BACKGROUND = QColor("#ede7f6")
_MMI_FOREGROUND = QColor("#311b92")
_EVIDENCE_BACKGROUND = QColor("#fff3c4")
_STATUS_WORDS = {
    "under_review": "under review",
    "imr_requested": "IMR requested",
    "imr_upheld": "IMR upheld the denial",
    "imr_overturned": "IMR overturned the denial",
    "in_progress": "in progress",
}


@dataclass(frozen=True)
class TimelineEvent:
    """One dated thing that happened (or is scheduled) in a case."""

    day: date
    kind: str  # as CaseEditor.select_item: treatment, visit, declaration, td_period, claim
    item_id: str
    category: str  # injury, td_start, status, visit, mmi, report, td_end
    type_label: str
    text: str


# Same-day events read in this order: the injury, then work stopping, treatment, the visit,
# the declaration, its report, and work resuming.
_RANK = {
    "injury": 0,
    "td_start": 1,
    "status": 2,
    "visit": 3,
    "mmi": 4,
    "report": 5,
    "td_end": 6,
    "settlement": 7,
}
_SERVED_BY = {"mail": "by mail", "electronic": "electronically", "personal": "in person"}


def case_events(case: Case) -> list[TimelineEvent]:
    """Every dated event of `case`, in date order (stable within a day)."""

    def provider_name(provider_id: str | None) -> str | None:
        provider = case.provider(provider_id)
        return provider.name if provider else provider_id

    events: list[TimelineEvent] = []
    claim = case.claim
    injury = "cumulative trauma" if claim.injury_type.value == "cumulative" else "injury"
    employer = f" at {claim.employer}" if claim.employer else ""
    events.append(
        TimelineEvent(
            claim.date_of_injury,
            "claim",
            "date_of_injury",
            "injury",
            "Injury",
            f"Date of {injury}{employer}",
        )
    )
    for period in case.temporary_disability:
        pid = period.start.isoformat()
        open_note = " (still open)" if period.end is None else ""
        events.append(
            TimelineEvent(
                period.start,
                "td_period",
                pid,
                "td_start",
                "TD",
                f"Temporary disability begins{open_note}",
            )
        )
        if period.end is not None:
            events.append(
                TimelineEvent(
                    period.end, "td_period", pid, "td_end", "TD", "Temporary disability ends"
                )
            )
    for treatment in case.treatments:
        for change in treatment.history:
            status = _STATUS_WORDS.get(change.status.value, change.status.value)
            events.append(
                TimelineEvent(
                    change.date,
                    "treatment",
                    treatment.id,
                    "status",
                    "Treatment",
                    f"{treatment.description} — {status}",
                )
            )
            if change.served is not None:
                how = _SERVED_BY[(change.served_by or ServiceMethod.MAIL).value]
                events.append(
                    TimelineEvent(
                        change.served,
                        "treatment",
                        treatment.id,
                        "status",
                        "Treatment",
                        f"{treatment.description} — UR decision served {how}",
                    )
                )
    for visit in case.visits:
        who = provider_name(visit.provider)
        text = f"Visit with {who}" if who else "Visit"
        if visit.trend is not Trend.UNKNOWN:
            text += f" — {visit.trend.value}"
        if visit.note:
            text += f": {visit.note}"
        events.append(
            TimelineEvent(visit.date, "visit", visit.date.isoformat(), "visit", "Visit", text)
        )
    for m in case.mmi_declarations:
        who = provider_name(m.provider)
        by = f" by {who}" if who else ""
        parts = f" — {', '.join(m.body_parts)}" if m.body_parts else ""
        pd = f"; PD {m.pd_percent}%" if m.pd_percent is not None else ""
        events.append(
            TimelineEvent(m.date, "declaration", m.id, "mmi", "MMI", f"MMI declared{by}{parts}{pd}")
        )
        if m.report_date is not None:
            source = f" by {who}" if who else ""
            events.append(
                TimelineEvent(
                    m.report_date,
                    "declaration",
                    m.id,
                    "report",
                    "Report",
                    f"MMI report written{source}",
                )
            )
        if m.report_received is not None:
            source = f" from {who}" if who else ""
            events.append(
                TimelineEvent(
                    m.report_received,
                    "declaration",
                    m.id,
                    "report",
                    "Report",
                    f"MMI report received{source} ({m.id})",
                )
            )
    resolution = case.resolution
    if resolution is not None:
        kind = (
            "Stipulations with Request for Award"
            if resolution.kind is ResolutionKind.STIPULATED_AWARD
            else "Compromise and Release"
        )
        for day, what in ((resolution.signed, "signed"), (resolution.approved, "approved")):
            if day is not None:
                events.append(
                    TimelineEvent(
                        day, "claim", "resolution", "settlement", "Settlement", f"{kind} {what}"
                    )
                )
    order = {id(e): i for i, e in enumerate(events)}
    return sorted(events, key=lambda e: (e.day, _RANK[e.category], order[id(e)]))


def month_label(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def _mmi_icon() -> QIcon:
    """A flag: MMI rows carry it beside the word MMI, so colour is never the only cue."""
    pix = QPixmap(16, 16)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(_MMI_FOREGROUND)
    p.drawLine(3, 1, 3, 15)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#5e35b1"))
    p.drawPolygon(QPolygonF([QPointF(4, 1.5), QPointF(14, 5), QPointF(4, 8.5)]))
    p.end()
    return QIcon(pix)


def _evidence_icon() -> QIcon:
    pix = QPixmap(16, 16)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QColor("#7a5900"))
    p.setBrush(QColor("#f9a825"))
    p.drawPolygon(QPolygonF([QPointF(8, 1), QPointF(15, 8), QPointF(8, 15), QPointF(1, 8)]))
    p.end()
    return QIcon(pix)


class TimelineView(QWidget):
    """Every dated event of a case by month; double-click or Enter opens the item."""

    item_activated = Signal(str, str)  # (kind, item id), as CaseEditor.select_item takes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case: Case | None = None
        self._events: list[TimelineEvent] = []
        # Evidence item ids, with the severity of the most severe flag citing each (or None).
        self._evidence: dict[str, Severity | None] = {}
        self._mmi_icon = _mmi_icon()
        self._evidence_icon = _evidence_icon()
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setToolTip("Double-click an event, or press Enter, to open it in the editor")
        self.model = QStandardItemModel(0, len(HEADERS), self)
        self.model.setHorizontalHeaderLabels(list(HEADERS))
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setExpandsOnDoubleClick(True)
        self.tree.setAccessibleName("Timeline")
        self.tree.setStyleSheet("QTreeView::item { padding: 2px 0px; }")
        header = self.tree.header()
        header.setStretchLastSection(True)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        date_width = QFontMetrics(bold).horizontalAdvance("00/00/00000")
        # Room for the tree's indent and an evidence icon beside a bold date.
        header.resizeSection(COL_DATE, date_width + self.tree.indentation() + 40)
        header.resizeSection(COL_TYPE, QFontMetrics(bold).horizontalAdvance("Treatment") + 40)
        header.setSectionResizeMode(COL_TYPE, QHeaderView.ResizeMode.Interactive)
        self.tree.activated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.summary.setContentsMargins(4, 4, 4, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self.set_case(None)

    # ------------------------------------------------------------------ API
    def set_case(self, case: Case | None) -> None:
        """Show the events of `case` (None: nothing), keeping the scroll position and the
        months the person folded when the same case is shown again after an edit."""
        scroll = self.tree.verticalScrollBar().value()
        folded = {
            self.model.item(r).text()
            for r in range(self.model.rowCount())
            if not self.tree.isExpanded(self.model.index(r, 0))
        }
        self._case = case
        self._events = case_events(case) if case is not None else []
        self.model.removeRows(0, self.model.rowCount())
        months: list[QStandardItem] = []
        current: QStandardItem | None = None
        current_label = ""
        for event in self._events:
            label = month_label(event.day)
            if current is None or label != current_label:
                current, current_label = self._month_item(label), label
                months.append(current)
            current.appendRow(self._event_row(event))
        for month in months:
            self.model.appendRow([month, QStandardItem(), QStandardItem()])
        for r in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(r, QModelIndex(), True)
            self.tree.setExpanded(self.model.index(r, 0), self.model.item(r).text() not in folded)
        self.tree.verticalScrollBar().setValue(scroll)
        self._update_summary()

    def events(self) -> list[TimelineEvent]:
        return list(self._events)

    def select_item(self, kind: str, item_id: str) -> None:
        """Select every event of one item (all status changes of a treatment...)."""
        indexes = [
            i
            for i in self._event_indexes()
            if i.data(KIND_ROLE) == kind and i.data(ID_ROLE) == item_id
        ]
        selection = QItemSelection()
        for index in indexes:
            selection.select(index, index.siblingAtColumn(COL_EVENT))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree.selectionModel().select(selection, flags)
        if indexes:
            self.tree.expand(indexes[0].parent())
            self.tree.selectionModel().setCurrentIndex(
                indexes[0], QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.tree.scrollTo(indexes[0])

    def highlight(self, ids: set[str] | Mapping[str, Severity]) -> None:
        """Mark the events of these items as evidence (colour, icon and tooltip); given a
        severity per item, in that severity's colour and icon (ui/severity.py)."""
        if isinstance(ids, Mapping):
            self._evidence = dict(ids)
        else:
            self._evidence = dict.fromkeys(ids)
        for index in self._event_indexes():
            parent = self.model.itemFromIndex(index.parent())
            self._style_row([parent.child(index.row(), c) for c in range(len(HEADERS))])
        self._update_summary()

    def selected_events(self) -> list[TimelineEvent]:
        rows = {
            (i.parent().row(), i.row())
            for i in self.tree.selectionModel().selectedRows()
            if i.parent().isValid()
        }
        by_position = self._positions()
        return [by_position[r] for r in sorted(rows) if r in by_position]

    # ------------------------------------------------------------------ building rows
    def _month_item(self, label: str) -> QStandardItem:
        item = QStandardItem(label)
        font = QFont()
        font.setBold(True)
        item.setFont(font)
        item.setSelectable(False)
        return item

    def _event_row(self, event: TimelineEvent) -> list[QStandardItem]:
        cells = [
            QStandardItem(format_us_date(event.day)),
            QStandardItem(event.type_label),
            QStandardItem(event.text),
        ]
        for cell in cells:
            cell.setData(event.kind, KIND_ROLE)
            cell.setData(event.item_id, ID_ROLE)
            cell.setData(event.category, CATEGORY_ROLE)
        cells[COL_EVENT].setToolTip(event.text)
        self._style_row(cells)
        return cells

    def _style_row(self, cells: list[QStandardItem]) -> None:
        category = cells[0].data(CATEGORY_ROLE)
        evidence = cells[0].data(ID_ROLE) in self._evidence
        level = self._evidence.get(cells[0].data(ID_ROLE))
        mmi = category == "mmi"
        font = QFont()
        font.setBold(mmi or evidence)
        evidence_background = severity.background(level) if level else _EVIDENCE_BACKGROUND
        background = evidence_background if evidence else _MMI_BACKGROUND if mmi else None
        decoration = Qt.ItemDataRole.DecorationRole
        for cell in cells:
            cell.setFont(font)
            cell.setData(QBrush(background) if background else None, Qt.ItemDataRole.BackgroundRole)
            if mmi:
                cell.setForeground(QBrush(_MMI_FOREGROUND))
        cells[COL_TYPE].setData(self._mmi_icon if mmi else None, decoration)
        icon = severity.icon(level) if level else self._evidence_icon
        cells[COL_DATE].setData(icon if evidence else None, decoration)
        tip = f"Evidence for a {level.value} flag" if level else "Evidence for a flag"
        cells[COL_DATE].setToolTip(tip if evidence else "")

    # ------------------------------------------------------------------ helpers
    def _event_indexes(self) -> list[QModelIndex]:
        out = []
        for r in range(self.model.rowCount()):
            month = self.model.index(r, 0)
            out.extend(self.model.index(c, 0, month) for c in range(self.model.rowCount(month)))
        return out

    def _positions(self) -> dict[tuple[int, int], TimelineEvent]:
        out: dict[tuple[int, int], TimelineEvent] = {}
        i = 0
        for r in range(self.model.rowCount()):
            for c in range(self.model.rowCount(self.model.index(r, 0))):
                out[(r, c)] = self._events[i]
                i += 1
        return out

    def _update_summary(self) -> None:
        if self._case is None:
            self.summary.setText("No case open.")
        elif not self._events:
            self.summary.setText("No dated events.")
        else:
            first, last = self._events[0].day, self._events[-1].day
            mmi = sum(1 for e in self._events if e.category == "mmi")
            text = (
                f"{len(self._events)} events, {format_us_date(first)} to "
                f"{format_us_date(last)} · {mmi} MMI declaration{'s' if mmi != 1 else ''}"
            )
            if self._evidence and any(self._evidence.values()):
                text += " · the flag's severity icon marks its evidence"
            elif self._evidence:
                text += " · ◆ marks evidence"
            self.summary.setText(text)

    def _activated(self, index: QModelIndex) -> None:
        kind, item_id = index.data(KIND_ROLE), index.data(ID_ROLE)
        if kind and item_id:
            self.item_activated.emit(kind, item_id)

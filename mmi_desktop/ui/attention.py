"""Needs attention: every case with a high flag or a deadline within the warning window,
nearest deadline first, read from the store's analysis cache (never by analysing every case),
and the navigation that switches between it and the list of all cases."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.analysis_text import deadline_title
from mmi_desktop.domain.results import Severity
from mmi_desktop.files import write_atomically
from mmi_desktop.logsetup import unexpected
from mmi_desktop.ui import severity
from mmi_desktop.ui.case_list import Attention
from mmi_desktop.ui.table_base import ReadOnlyTableModel
from mmi_desktop.ui.tasks import Task
from mmi_desktop.ui.widgets import format_us_date

if TYPE_CHECKING:  # the store loads SQLAlchemy: in the background, after the first paint
    from mmi_desktop.services.workspace import Workspace
    from mmi_desktop.store.analysis_cache import AttentionItem, CaseMarkers
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.ui.main_window import MainWindow

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2

# Who first, then when: the list is read down the dates, and a name is what one looks for.
COL_CLIENT, COL_DUE, COL_DEADLINE, COL_FLAGS = range(4)
HEADERS = ("Client", "Due", "Deadline", "High flags")
HEADER_TIPS = (
    "Client name (last, first)",
    "The nearest deadline within the warning window (MM/DD/YYYY), and how many days away",
    "What is due",
    "Flags of high severity that are not dismissed",
)


class AttentionTableModel(ReadOnlyTableModel):
    """The lines of Needs attention, in the store's order (nearest deadline first, then the
    cases with only high flags, by name)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[AttentionItem] = []
        self._as_of = date.today()
        self._warning_days = 14

    # ------------------------------------------------------------------ Qt API
    headers = HEADERS
    header_tips = HEADER_TIPS

    def _size(self) -> int:
        return len(self._items)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item, col = self._items[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, col)
        if role == OBJECT_ROLE:
            return item
        if role == SORT_ROLE:
            return self._sort_key(item, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, col)
        if role == Qt.ItemDataRole.DecorationRole:
            if col == COL_FLAGS and item.high_flags:
                return severity.icon(Severity.HIGH)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_FLAGS and item.high_flags:
            return QBrush(severity.colour(Severity.HIGH))
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_DUE and item.deadline:
            days = (item.deadline - self._as_of).days
            return QBrush(QColor(severity.SOON_COLOUR)) if days <= 3 else None
        return None

    def _display(self, item: AttentionItem, col: int) -> str:
        if col == COL_CLIENT:
            return item.display_name
        if col == COL_DUE:
            if item.deadline is None:
                return "—"
            days = days_text((item.deadline - self._as_of).days)
            return f"{format_us_date(item.deadline)}\n{days}"
        if col == COL_DEADLINE:
            return deadline_title(item.deadline_kind) if item.deadline_kind else ""
        if col == COL_FLAGS:
            return flags_text(item.high_flags)
        return ""

    def _sort_key(self, item: AttentionItem, col: int) -> Any:
        if col == COL_DUE:
            return item.deadline.toordinal() if item.deadline else date.max.toordinal()
        if col == COL_FLAGS:
            return -len(item.high_flags)
        return self._display(item, col).casefold()

    def _tooltip(self, item: AttentionItem, col: int) -> str | None:
        if col == COL_FLAGS and item.high_flags:
            return "High flags:\n" + "\n".join(f"• {t}" for t in item.high_flags)
        if col == COL_CLIENT:
            return f"{item.display_name}\nDate of injury {format_us_date(item.date_of_injury)}"
        if col == COL_DEADLINE and item.deadline_kind:
            return deadline_title(item.deadline_kind)
        return None

    # ------------------------------------------------------------------ our API
    def set_items(self, items: Sequence[AttentionItem], as_of: date, warning_days: int) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._as_of = as_of
        self._warning_days = warning_days
        self.endResetModel()

    def item(self, row: int) -> AttentionItem:
        return self._items[row]

    def items(self) -> list[AttentionItem]:
        return list(self._items)

    def row_of(self, case_id: int) -> int | None:
        return next((i for i, a in enumerate(self._items) if a.case_id == case_id), None)

    def as_of(self) -> date:
        return self._as_of

    def warning_days(self) -> int:
        return self._warning_days


def days_text(days: int) -> str:
    """'today', 'in 1 day', 'in 12 days' (the list holds no past deadlines)."""
    if days == 0:
        return "today"
    return "in 1 day" if days == 1 else f"in {days:,} days"


def flags_text(titles: Sequence[str]) -> str:
    """'High: Surgery was still pending…' and how many more."""
    if not titles:
        return ""
    word = severity.word(Severity.HIGH)
    more = f" (+{len(titles) - 1} more)" if len(titles) > 1 else ""
    return f"{word}: {titles[0]}{more}"


class NeedsAttentionView(QWidget):
    """The cases that need attention today; one click (or Enter) opens a case."""

    case_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("needsAttention")
        self.model = AttentionTableModel(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("attentionSummary")
        self.summary.setWordWrap(True)
        self.summary.setContentsMargins(4, 2, 4, 2)
        self.view = QTableView(self)
        self.view.setObjectName("attentionList")
        self.view.setAccessibleName("Cases that need attention")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        # Two lines a row: deadline names and flag titles are long, the pane is narrow.
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setMouseTracking(True)
        self.view.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(2 * self.fontMetrics().lineSpacing() + 8)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(36)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = self.fontMetrics()
        widths = {
            COL_CLIENT: 150,
            COL_DUE: metrics.horizontalAdvance("00/00/0000") + 14,
            COL_DEADLINE: 140,
        }
        for col, width in widths.items():
            self.view.setColumnWidth(col, width)
        self.empty = QLabel(self)
        self.empty.setObjectName("attentionEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setContentsMargins(12, 24, 12, 24)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        self.view.clicked.connect(self._chosen)
        self.view.activated.connect(self._chosen)
        self.set_items([], date.today(), 14)

    def sizeHint(self) -> QSize:
        return QSize(630, 600)

    def set_items(self, items: Sequence[AttentionItem], as_of: date, warning_days: int) -> None:
        self.model.set_items(items, as_of, warning_days)
        n = len(items)
        until = format_us_date(as_of + timedelta(days=warning_days))
        window = f"in the next {warning_days} days (to {until})"
        self.summary.setText(
            f"{n:,} case{'s' if n != 1 else ''} with a high flag or a deadline {window}. "
            "Nearest deadline first; click a case to open it."
        )
        self.empty.setText(f"Nothing needs attention: no high flags, and no deadlines {window}.")
        self.view.setVisible(bool(n))
        self.empty.setVisible(not n)
        self.summary.setVisible(bool(n))

    def count(self) -> int:
        return self.model.rowCount()

    def select_case(self, case_id: int | None) -> None:
        """Show which case is open, if it is in the list (no signal)."""
        row = self.model.row_of(case_id) if case_id is not None else None
        if row is None:
            self.view.clearSelection()
            return
        blocked = self.view.selectionModel().blockSignals(True)
        try:
            self.view.selectRow(row)
        finally:
            self.view.selectionModel().blockSignals(blocked)

    def _chosen(self, index: QModelIndex) -> None:
        item = index.data(OBJECT_ROLE)
        if item is not None:
            self.case_chosen.emit(item.case_id)


def attention_job(store: CaseStore, warning_days: int, as_of: date) -> Callable[[Any], Any]:
    """Read Needs attention and the list's markers from the cache (a few indexed queries)."""

    def job(task: Any) -> tuple[list[AttentionItem], dict[int, CaseMarkers]]:
        return store.needs_attention(warning_days, as_of), store.markers(as_of)

    return job


# ---------------------------------------------------------------------------- jobs over all cases

REFRESH_WHAT = "Bringing the analysis of every case up to date"


def stale_count(store: CaseStore) -> int:
    """How many cases' cached analysis is out of date (thresholds or engine changed)."""
    from mmi_desktop.store import analysis_cache

    with store.db.session() as s:
        return len(analysis_cache.stale_case_ids(s, analysis_cache.thresholds_in(s)))


def refresh_job(store: CaseStore) -> Callable[[Any], int]:
    """store.refresh_analysis in a background task, reporting progress, stopping on Cancel."""

    def job(task: Any) -> int:
        return store.refresh_analysis(
            progress=lambda done, total: task.report(done, total, f"{done:,} of {total:,} cases"),
            cancelled=lambda: bool(task.cancelled),
        )

    return job


def calendar_job(
    workspace: Workspace, as_of: date, target: str | Path, left_out: list[str] | None = None,
) -> Callable[[Any], int | None]:
    """Every case's deadlines into one .ics file (services.documents, as the command line
    does); the number of cases, None if cancelled (then nothing is written). A damaged case
    is left out and said in `left_out`."""
    left_out = left_out if left_out is not None else []

    def job(task: Any) -> int | None:
        from mmi_desktop.services.documents import calendar_entries, calendar_file

        damaged: list[Any] = []
        entries = calendar_entries(workspace, as_of, progress=task.report,
                                   cancelled=lambda: task.cancelled, damaged=damaged)
        if entries is None:
            return None
        task.report(len(entries), len(entries), "Writing the file")
        write_atomically(Path(target), calendar_file(entries))
        left_out[:] = [str(case) for case in damaged]
        return len(entries)

    return job


class CaseNavigator(QWidget):
    """'Needs attention (7)' and 'All cases' above the list: which of the two is shown."""

    ATTENTION, ALL = 0, 1
    page_changed = Signal(int)

    def __init__(
        self, attention: NeedsAttentionView, cases: QWidget, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseNavigator")
        self.attention = attention
        self.cases = cases
        self.attention_button = QPushButton(self)
        self.attention_button.setObjectName("attentionButton")
        self.all_button = QPushButton("All cases", self)
        self.all_button.setObjectName("allCasesButton")
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        for i, button in enumerate((self.attention_button, self.all_button)):
            button.setCheckable(True)
            button.setAutoDefault(False)
            self.group.addButton(button, i)
        self.attention_button.setToolTip(
            "Cases with a high flag or a deadline within the warning window (Ctrl+1)"
        )
        self.all_button.setToolTip("Every case, with a filter (Ctrl+2)")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(attention)
        self.stack.addWidget(cases)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(4)
        bar.addWidget(self.attention_button)
        bar.addWidget(self.all_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.group.idClicked.connect(self.show_page)
        self.set_count(None)
        self.show_page(self.ALL)

    def sizeHint(self) -> QSize:
        return self.cases.sizeHint()

    def set_count(self, count: int | None) -> None:
        """The number in 'Needs attention (7)'; None while it is not known yet."""
        self.attention_button.setText(
            "Needs attention" if count is None else f"Needs attention ({count:,})"
        )
        font = self.attention_button.font()
        font.setBold(bool(count))
        self.attention_button.setFont(font)

    def page(self) -> int:
        return self.stack.currentIndex()

    def show_page(self, page: int) -> None:
        self.stack.setCurrentIndex(page)
        button = self.group.button(page)
        if button is not None and not button.isChecked():
            button.setChecked(True)
        self.page_changed.emit(page)


# ---------------------------------------------------------------------------- in the window


def refresh_attention(self: MainWindow, background: bool = False) -> None:
    """Needs attention, its count, and the list's flag and deadline columns, from the
    store's cache (a few indexed queries, however many cases there are). At start they
    are read in the background, so the list paints first."""
    as_of, warning = self.today(), self.thresholds().deadline_warning_days
    job = attention_job(self.store, warning, as_of)
    if background:
        task = Task(job, "Reading Needs attention")
        task.signals.finished.connect(
            lambda result: show_attention(self, *result, as_of, warning)
        )
        task.signals.failed.connect(self.update_status)
        # A read that blocks nothing: kept alive here, not counted as busy work.
        self.attention_task = task
        task.start(self.pool)
        return
    try:
        items, markers = job(None)
    except Exception as exc:  # the list still works without its markers
        self.update_status(unexpected("Reading Needs attention", exc))
        return
    show_attention(self, items, markers, as_of, warning)

def show_attention(
    self: MainWindow, items: list[Any], markers: dict[int, Any], as_of: date, warning: int
) -> None:
    self.attention_ready = True
    self.attention_view.set_items(items, as_of, warning)
    self.attention_view.select_case(self.case_id)
    self.navigator.set_count(len(items))
    self.case_list.model.set_attention({
        case_id: Attention(m.top_severity, m.next_deadline, m.flag_count,
                           m.next_deadline_kind)
        for case_id, m in markers.items()
    })

def refresh_stale_analyses(self: MainWindow) -> None:
    """Analyse again, in the background, the cases whose cached analysis is out of date
    (new thresholds, a new engine, an upgraded database)."""
    if not stale_count(self.store) or any(t.what == REFRESH_WHAT for t in self.files.tasks):
        return
    task = Task(refresh_job(self.store), REFRESH_WHAT)
    self.files.with_progress(task, REFRESH_WHAT + "…", 0)
    task.signals.finished.connect(lambda _n: refresh_attention(self))
    self.files.run(task)

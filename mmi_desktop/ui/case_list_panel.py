"""The case list's widgets: the table view and the panel with its filter box above it."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.store.case_list import (
    LoadedList,
)
from mmi_desktop.store.records import CaseSummary
from mmi_desktop.ui.case_list import (
    COL_CLIENT,
    COL_DOI,
    COL_FLAGS,
    COL_NEXT,
    COL_STAGE,
    OBJECT_ROLE,
    CaseFilterProxy,
    CaseTableModel,
)


class CaseListView(QTableView):
    """The table of cases: whole-row selection, one case at a time, sortable headers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Shift/Ctrl-click picks several cases (letters for selected cases); the case that
        # opens is always the current row.
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        # Fixed row height: no per-row size calculation, so 10,000 rows scroll smoothly.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultSectionSize(80)
        header.setMinimumSectionSize(36)
        header.setSectionsMovable(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class CaseListPanel(QWidget):
    """The filter box above the case table; tells which case the user picked."""

    # The case the user picked (click, arrows); not emitted for changes made in code.
    case_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseTableModel(self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("caseFilter")
        self.filter_edit.setPlaceholderText("Filter: name, claim #, ADJ #, employer  (Ctrl+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter cases")

        self.view = CaseListView(self)
        self.view.setObjectName("caseList")
        self.view.setAccessibleName("Cases")
        self.view.setModel(self.proxy)
        self.view.sortByColumn(COL_CLIENT, Qt.SortOrder.AscendingOrder)
        self._set_default_widths()

        self.count_label = QLabel(self)
        self.count_label.setObjectName("caseCount")
        self.count_label.setContentsMargins(4, 0, 4, 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

        self._current_id: int | None = None
        self._quiet = False
        self.filter_edit.textChanged.connect(self._on_filter)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.model.rowsRemoved.connect(self._update_count)
        self.filter_edit.installEventFilter(self)
        self._update_count()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Escape in the filter clears it; Down (or Enter) moves into the list.
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.view.setFocus(Qt.FocusReason.TabFocusReason)
                if not self.view.currentIndex().isValid() and self.proxy.rowCount():
                    self.view.setCurrentIndex(self.proxy.index(0, 0))
                return True
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:
        # Wide enough for every column at its first-run width: the splitter starts here.
        return QSize(630, 600)

    def _set_default_widths(self) -> None:
        # The flag column holds the severity's icon and its longest word, "medium".
        flags = self.view.fontMetrics().horizontalAdvance("medium") + 16 + 22
        widths = {COL_CLIENT: 170, COL_DOI: 86, COL_STAGE: 66, COL_FLAGS: flags, COL_NEXT: 86}
        for col, width in widths.items():
            self.view.setColumnWidth(col, width)

    # ------------------------------------------------------------------ state
    def set_summaries(
        self, summaries: Iterable[CaseSummary] | LoadedList, total: int | None = None
    ) -> None:
        """Show a list: given whole (or its first page, of `total` cases), or read from the
        database (`store.case_list.load_list`)."""
        self._quiet = True
        try:
            if isinstance(summaries, LoadedList):
                self.model.set_list(summaries)
            else:
                self.model.set_summaries(summaries, total)
        finally:
            self._quiet = False
        if self._current_id is not None and not self.select_case(self._current_id):
            self._current_id = None
        # The filter's text of every row, made once the list has painted and well before
        # anyone types (10,000 rows take about 10 ms).
        QTimer.singleShot(100, self._prepare_filter)

    def _prepare_filter(self) -> None:
        self.model.search_strings()

    def selected_case_ids(self) -> list[int]:
        """The cases selected in the list, in the list's order (the open one if none)."""
        rows = sorted(self.view.selectionModel().selectedRows(), key=lambda i: i.row())
        ids = [self.model.case_id(self.proxy.mapToSource(i).row()) for i in rows]
        if not ids and self._current_id is not None:
            ids = [self._current_id]
        return ids

    def current_case_id(self) -> int | None:
        """The case the list has picked (kept while the filter hides its row)."""
        return self._current_id

    def select_case(self, case_id: int | None) -> bool:
        """Make `case_id` the picked case without emitting case_selected; False if it is
        not in the list. Its row is shown and selected when the filter lets it through."""
        if case_id is None:
            self._current_id = None
            self._quiet = True
            try:
                self.view.selectionModel().clear()
            finally:
                self._quiet = False
            return True
        row = self.model.row_of(case_id)
        if row is None:
            return False
        self._current_id = case_id
        self._show_current()
        return True

    def visible_count(self) -> int:
        return self.proxy.rowCount()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    # ------------------------------------------------------------------ reactions
    def _on_filter(self, text: str) -> None:
        self._quiet = True
        try:
            self.proxy.set_filter_text(text)
        finally:
            self._quiet = False
        self._show_current()
        self._update_count()

    def _show_current(self) -> None:
        """Select the picked case's row again if the filter shows it (filtering drops it)."""
        if self._current_id is None:
            return
        row = self.model.row_of(self._current_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self._quiet = True
        try:
            if index.isValid():
                self.view.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.view.scrollTo(index)
            else:
                self.view.selectionModel().clearSelection()
        finally:
            self._quiet = False

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        summary = current.data(OBJECT_ROLE)
        if summary is None or summary.id == self._current_id:
            return
        self._current_id = summary.id
        self.case_selected.emit(summary.id)

    def _update_count(self, *_args: object) -> None:
        # Only while filtering: the status bar always says how many cases there are.
        total, shown = self.model.case_count(), self.proxy.rowCount()
        noun = "case" if total == 1 else "cases"
        self.count_label.setText(f"{shown:,} of {total:,} {noun} match the filter")
        self.count_label.setVisible(bool(self.proxy.filter_text()))

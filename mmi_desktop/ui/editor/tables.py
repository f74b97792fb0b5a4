"""A table of rows with Add and Remove (undoable), and the master-detail link between two."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.ui.editor.delegates import CellDelegate, DelegateContext
from mmi_desktop.ui.editor.rows import Column, Row, RowTableModel


class RowTableView(QTableView):
    """A table that adds a row on Insert and removes the selected rows on Delete."""

    add_requested = Signal()
    remove_requested = Signal()
    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState and not event.modifiers():
            if event.key() == Qt.Key.Key_Delete:
                self.remove_requested.emit()
                event.accept()
                return
            if event.key() == Qt.Key.Key_Insert:
                self.add_requested.emit()
                event.accept()
                return
        super().keyPressEvent(event)


class RemoveRowsCommand(QUndoCommand):
    """Removing rows from one list; undo puts them back where they were."""

    def __init__(self, panel: TablePanel, rows: list[Row], text: str) -> None:
        super().__init__(text)
        self._panel = panel
        self._list = panel.model.rows
        self._rows = rows
        self._removed: list[tuple[int, Row]] = []

    def _bound(self) -> bool:
        return self._panel.model.rows is self._list

    def redo(self) -> None:
        positions = [i for i, r in enumerate(self._list) if any(r is x for x in self._rows)]
        if self._bound():
            self._removed = self._panel.model.remove_rows(positions)
        else:
            self._removed = [(i, self._list[i]) for i in positions]
            for i in reversed(positions):
                del self._list[i]
            self._panel.rows_changed.emit()

    def undo(self) -> None:
        bound = self._bound()
        for position, row in self._removed:
            if bound:
                self._panel.model.insert_row(position, row)
            else:
                self._list.insert(min(position, len(self._list)), row)
        if bound:
            self._panel.select_rows([p for p, _ in self._removed])
        else:
            self._panel.rows_changed.emit()


class TablePanel(QWidget):
    """One list of the case as a table, with buttons to add and remove rows."""

    rows_changed = Signal()  # rows added, removed or reordered
    current_changed = Signal(int)  # the current row (-1 for none)

    def __init__(
        self,
        columns: tuple[Column, ...],
        context: DelegateContext,
        undo_stack: QUndoStack,
        *,
        noun: str,
        add_text: str,
        remove_text: str,
        new_row: Callable[[], tuple[int, Row]],
        first_edit_key: str,
        title: str | None = None,
        order_key: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.noun = noun
        self._new_row = new_row
        self._first_edit_key = first_edit_key
        self._undo_stack = undo_stack
        self.model = RowTableModel(columns, context, order_key, self)
        self.view = RowTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(CellDelegate(context, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        # Tab leaves the table (no focus trap); while a cell is being edited, Tab still
        # commits it and opens the next cell, as in a spreadsheet.
        self.view.setTabKeyNavigation(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 12)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._size_columns(columns)
        self.view.add_requested.connect(self.add_row)
        self.view.remove_requested.connect(self.remove_selected)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.current_changed.emit(
                current.row() if current.isValid() else -1
            )
        )
        self.model.structure_changed.connect(self.rows_changed)

        self.add_button = QPushButton(add_text, self)
        self.add_button.setToolTip(f"Add a {noun} (Insert in the table)")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton(remove_text, self)
        self.remove_button.setToolTip(f"Remove the selected {noun} (Delete in the table)")
        self.remove_button.clicked.connect(self.remove_selected)
        self.title = QLabel(title or "", self)
        self.title.setVisible(bool(title))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)

        buttons = QHBoxLayout()
        self._buttons = buttons
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.title)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        QWidget.setTabOrder(self.view, self.add_button)
        QWidget.setTabOrder(self.add_button, self.remove_button)

    def add_tool(self, widget: QWidget) -> None:
        """Another button before the add and remove buttons (and before them in Tab order)."""
        self._buttons.insertWidget(self._buttons.indexOf(self.add_button), widget)
        QWidget.setTabOrder(self.view, widget)
        QWidget.setTabOrder(widget, self.add_button)

    def _size_columns(self, columns: tuple[Column, ...]) -> None:
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        char = self.view.fontMetrics().averageCharWidth()
        self._widths = []
        for i, column in enumerate(columns):
            title = self.view.fontMetrics().horizontalAdvance(column.title) + 24
            self._widths.append(max(column.chars * char + 16, title))
            header.resizeSection(i, self._widths[-1])
        self._stretch = next((i for i, c in enumerate(columns) if c.stretch), None)
        header.setStretchLastSection(self._stretch is None)
        self.view.resized.connect(self._fit_columns)

    def _fit_columns(self) -> None:
        """Give the stretching column (a description) the room left, but never less than
        its own width: a narrow window scrolls sideways instead of hiding the text."""
        if self._stretch is None:
            return
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(i) for i in range(header.count()) if i != self._stretch)
        room = self.view.viewport().width() - others
        header.resizeSection(self._stretch, max(self._widths[self._stretch], room))

    # -- rows
    def set_rows(self, rows: list[Row], prefix: str) -> None:
        self.model.set_rows(rows, prefix)

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def selected_rows(self) -> list[int]:
        rows = {i.row() for i in self.view.selectionModel().selectedRows()}
        if not rows and self.current_row() >= 0:
            rows = {self.current_row()}
        return sorted(rows)

    def select_rows(self, rows: list[int], key: str | None = None, focus: bool = True) -> None:
        """Make `rows` the selection (the first one current) and show it."""
        rows = [r for r in rows if 0 <= r < self.model.rowCount()]
        if not rows:
            return
        column = self.model.column_of(key) if key else 0
        selection = self.view.selectionModel()
        first = self.model.index(rows[0], column)
        selection.setCurrentIndex(
            first,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        for row in rows[1:]:
            selection.select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.view.scrollTo(first)
        if focus:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_row(self) -> None:
        if not self.isEnabled():
            return
        position, row = self._new_row()
        self.model.insert_row(position, row)
        position = self.model.row_of(row)
        self.select_rows([position], self._first_edit_key)
        self.view.edit(self.model.index(position, self.model.column_of(self._first_edit_key)))

    def remove_selected(self) -> None:
        rows = [self.model.rows[i] for i in self.selected_rows()]
        if not rows:
            return
        what = self.noun if len(rows) == 1 else f"{len(rows)} {self.noun}s"
        self._undo_stack.push(RemoveRowsCommand(self, rows, f"remove {what}"))
        if self.model.rowCount():
            position = min(
                self.current_row() if self.current_row() >= 0 else 0, self.model.rowCount() - 1
            )
            self.select_rows([position])

    def index(self, row: int, key: str) -> QModelIndex:
        return self.model.index(row, self.model.column_of(key))


class DetailLink:
    """Shows, in a detail table, the child list of the master table's current row."""

    def __init__(
        self,
        master: TablePanel,
        detail: TablePanel,
        key: str,
        on_bind: Callable[[Row | None], Any] | None = None,
    ) -> None:
        self.master, self.detail, self.key = master, detail, key
        self._on_bind = on_bind
        self._row: Row | None = None
        master.current_changed.connect(lambda _row: self.rebind())
        master.rows_changed.connect(self.rebind)
        self.rebind()

    @property
    def parent_row(self) -> Row | None:
        return self._row

    def rebind(self) -> None:
        position = self.master.current_row()
        model = self.master.model
        row = model.rows[position] if 0 <= position < len(model.rows) else None
        prefix = f"{model.prefix}[{position}].{self.key}" if row is not None else ""
        children = row.children.setdefault(self.key, []) if row is not None else []
        if (
            row is not self._row
            or self.detail.model.rows is not children
            or self.detail.model.prefix != prefix
        ):
            self._row = row
            self.detail.set_rows(children, prefix)
        self.detail.setEnabled(row is not None)
        if self._on_bind is not None:
            self._on_bind(row)

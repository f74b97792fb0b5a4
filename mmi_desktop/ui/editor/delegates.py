"""Cell editors for the editor's tables, one kind of input per column kind."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from mmi_desktop.domain.formatting import us_date as format_us_date
from mmi_desktop.ui.editor.rows import (
    Invalid,
    Kind,
    RowTableModel,
    TableContext,
    enum_long_label,
    format_number,
)
from mmi_desktop.ui.widgets import DateEdit, OptionalIntSpin

AnyIndex = QModelIndex | QPersistentModelIndex


class DelegateContext(TableContext, Protocol):
    def provider_choices(self) -> list[tuple[str, str]]: ...

    def body_part_choices(self) -> list[str]: ...


class CellDelegate(QStyledItemDelegate):
    """Creates the right input for a cell from its column's kind."""

    def __init__(self, context: DelegateContext, parent: Any = None) -> None:
        super().__init__(parent)
        self._context = context

    @staticmethod
    def _column(index: AnyIndex) -> Any:
        model = index.model()
        assert isinstance(model, RowTableModel)
        return model.columns[index.column()]

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        column = self._column(index)
        kind = column.kind
        if kind in (Kind.DATE, Kind.OPT_DATE):
            date_edit = DateEdit(parent, self._context.today())
            date_edit.use_as_cell_editor()
            return date_edit
        if kind is Kind.INT:
            return OptionalIntSpin(0, column.maximum, parent)
        if kind in (Kind.ENUM, Kind.OPT_ENUM, Kind.PROVIDER, Kind.TRISTATE):
            combo = QComboBox(parent)
            if kind in (Kind.ENUM, Kind.OPT_ENUM):
                if kind is Kind.OPT_ENUM:
                    combo.addItem("(none)", None)
                for member in column.enum:
                    combo.addItem(enum_long_label(member), member)
            elif kind is Kind.TRISTATE:
                for label, value in (("unknown", None), ("yes", True), ("no", False)):
                    combo.addItem(label, value)
            else:
                combo.addItem("(none)", None)
                for provider_id, label in self._context.provider_choices():
                    combo.addItem(label, provider_id)
            # A pick is an answer: store it at once, as a person expects from a list.
            combo.activated.connect(lambda _i, c=combo: self.commitData.emit(c))
            return combo
        if kind is Kind.BODY_PART:
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.addItems(self._context.body_part_choices())
            return combo
        editor = QLineEdit(parent)
        if kind is Kind.NUMBER:
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        column = self._column(index)
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, DateEdit):
            editor.setText(value.text if isinstance(value, Invalid) else format_us_date(value))
        elif isinstance(editor, OptionalIntSpin):
            editor.set_int_value(value if isinstance(value, int) else None)
        elif isinstance(editor, QComboBox) and not editor.isEditable():
            position = editor.findData(value)
            if position < 0 and value is not None:
                # A reference to a provider that is not in the list: keep it visible.
                editor.addItem(f"{value} (not in providers)", value)
                position = editor.count() - 1
            editor.setCurrentIndex(max(position, 0))
        elif isinstance(editor, QComboBox):
            editor.setEditText("" if value is None else str(value))
        elif isinstance(editor, QLineEdit):
            if isinstance(value, Invalid):
                editor.setText(value.text)
            elif column.kind is Kind.NUMBER:
                editor.setText(format_number(value))
            else:
                editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, DateEdit):
            model.setData(index, editor.text())
        elif isinstance(editor, OptionalIntSpin):
            model.setData(index, editor.int_value())
        elif isinstance(editor, QComboBox) and not editor.isEditable():
            model.setData(index, editor.currentData())
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        rect = option.rect
        # A date needs room for its calendar button even in a narrow column.
        if isinstance(editor, DateEdit) and rect.width() < editor.sizeHint().width():
            rect.setWidth(editor.sizeHint().width())
        editor.setGeometry(rect)

"""Pickers for the 2005 rating schedule: an occupation (Section 3A, with its group) and an
impairment number (Section 2), found by typing words of the title.

One dialog serves both: a search line on top (the list follows each keystroke; Up, Down,
Page Up and Page Down move through the list without leaving the line), the matches in a
table, what the highlighted row means below it, Enter to choose and Escape to leave.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.pdrs import (
    Occupation,
    ScheduleImpairment,
    groups,
    schedule,
    search_impairments,
    search_occupations,
)

T = TypeVar("T")
_MOVE_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


@dataclass(frozen=True)
class PickerSpec(Generic[T]):
    """What a picker searches and how it shows a match."""

    title: str
    prompt: str
    headers: tuple[str, ...]
    search: Callable[[str], Sequence[T]]
    cells: Callable[[T], tuple[str, ...]]
    describe: Callable[[T], str]


class _Matches(QAbstractTableModel, Generic[T]):
    def __init__(self, spec: PickerSpec[T], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.items: list[T] = []

    def set_items(self, items: Sequence[T]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.spec.cells(self.items[index.row()])[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.spec.headers[section]
        return None


class SchedulePicker(QDialog, Generic[T]):
    """Type words of a title, move with the arrow keys, Enter to choose."""

    def __init__(self, spec: PickerSpec[T], text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(spec.title)
        self.setModal(True)
        self.resize(760, 480)
        self.spec = spec
        prompt = QLabel(spec.prompt, self)
        prompt.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Type words of the title")
        self.search.setClearButtonEnabled(True)
        prompt.setBuddy(self.search)
        self.model: _Matches[T] = _Matches(spec, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(spec.headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.count = QLabel(self)
        self.count.setObjectName("pickerCount")
        self.description = QLabel(self)
        self.description.setObjectName("pickerDescription")
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.description.setMinimumHeight(self.fontMetrics().height() * 2 + 8)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)

        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.description)
        layout.addWidget(buttons)

        self.search.textChanged.connect(self._refresh)
        self.search.installEventFilter(self)
        self.view.doubleClicked.connect(lambda _index: self.accept())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._describe())
        self.search.setText(text)
        self._refresh()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- what was chosen
    def chosen(self) -> T | None:
        row = self.view.currentIndex().row()
        return self.model.items[row] if 0 <= row < len(self.model.items) else None

    def accept(self) -> None:
        if self.chosen() is not None:
            super().accept()

    # -- keeping the list in step with the search line
    def _refresh(self) -> None:
        items = self.spec.search(self.search.text())
        self.model.set_items(items)
        if items:
            self.view.setCurrentIndex(self.model.index(0, 0))
        shown = len(items)
        self.count.setText(
            "No match: try fewer or other words." if not shown else f"{shown} matching"
        )
        self.ok.setEnabled(bool(shown))
        self._describe()

    def _describe(self) -> None:
        item = self.chosen()
        self.description.setText(self.spec.describe(item) if item is not None else "")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow and page keys typed in the search line move through the list."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() in _MOVE_KEYS:
                self.view.keyPressEvent(key_event)
                return True
        return super().eventFilter(watched, event)


# --- the two pickers -------------------------------------------------------------------------


def group_description(group: int | None) -> str:
    """'Drivers; medium work', or why the number is not a schedule group."""
    if group is None:
        return ""
    known = groups().get(group)
    if known is None:
        return "not one of the schedule's 45 groups"
    return known.description


def occupation_spec() -> PickerSpec[Occupation]:
    return PickerSpec(
        title="Occupation from the rating schedule",
        prompt="Find the client's occupation in the 2005 rating schedule (Section 3A). Titles "
        "that appear more than once belong to different industries: choose the one that "
        "matches the employer.",
        headers=("Occupation", "Industry", "Group"),
        search=lambda text: search_occupations(text, None),
        cells=lambda o: (o.title, o.industry, str(o.group)),
        describe=lambda o: (
            f"Group {o.group}: {group_description(o.group)}. {o.title} ({o.industry})."
        ),
    )


def impairment_spec() -> PickerSpec[ScheduleImpairment]:
    def rank(row: ScheduleImpairment) -> str:
        if row.fec_rank is None:
            return "the rank of the body part involved"
        return str(row.fec_rank)

    return PickerSpec(
        title="Impairment number from the rating schedule",
        prompt="Find the impairment in the 2005 rating schedule (Section 2) by words of its "
        "title, e.g. “lumbar DRE” or “knee range”, or by the start of its number.",
        headers=("Impairment", "Number", "FEC rank"),
        search=lambda text: search_impairments(text, None),
        cells=lambda r: (r.title, r.number, "—" if r.fec_rank is None else str(r.fec_rank)),
        describe=lambda r: (
            f"{r.number} {r.title}. FEC rank {rank(r)} (injuries 2005 to "
            "2012; from 2013 every impairment is adjusted by 1.4)."
        ),
    )


def pick_occupation(parent: QWidget | None, text: str = "") -> Occupation | None:
    """The occupation chosen, or None if the dialog was left."""
    dialog = SchedulePicker(occupation_spec(), text, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


def pick_impairment(parent: QWidget | None, text: str = "") -> ScheduleImpairment | None:
    dialog = SchedulePicker(impairment_spec(), text, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


def impairment_title(number: str | None) -> str | None:
    """The schedule's title of a number, or None when it has none."""
    if not number:
        return None
    entry = schedule().impairments.get(number)
    return entry.title if entry is not None else None

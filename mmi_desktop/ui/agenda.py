"""The agenda view: every deadline and follow-up across cases under five headings (Overdue
in red and first, Today, This week, Next week, Later collapsed), with a Done box, an owner and
a note on each line, and a small dialog to add a follow-up.

Fed plain data (`show_agenda(items, marks, today)`); it writes nothing itself: it says what
the caseworker did through its signals, and the window keeps it in the store. A line marked
done leaves the list at once (Undo, Ctrl+Z, or "Show done" and untick, puts it back).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.agenda import (
    NOTE_MAX,
    OWNER_MAX,
    AgendaItem,
    Group,
    Mark,
    group_of,
    grouped,
    is_lapsed,
    order_key,
    owners,
)
from mmi_desktop.ui.follow_up_dialog import FollowUpDialog
from mmi_desktop.ui.widgets import format_us_date

COL_DUE, COL_CLIENT, COL_WHAT, COL_DAYS, COL_OWNER, COL_NOTE, COL_DONE = range(7)
HEADERS = ("Due", "Client", "What", "Days", "Owner", "Note", "Done")
HEADER_TIPS = (
    "The day it is due (MM/DD/YYYY)",
    "Client name (last, first)",
    "What is to be done: a deadline of the case, or a follow-up added by hand",
    "How many days until it is due, or how many days overdue",
    "Who looks after it (double-click or F2 to change)",
    "A note for the others (double-click or F2 to change)",
    "Tick when it is done (Space): it leaves the agenda and the case's next due",
)
GROUP_TITLES = {
    Group.OVERDUE: "Overdue",
    Group.TODAY: "Today",
    Group.THIS_WEEK: "This week",
    Group.NEXT_WEEK: "Next week",
    Group.LATER: "Later",
}
OVERDUE_COLOUR = QColor("#b3261e")  # dark enough on white (WCAG AA), always with a word
DONE_COLOUR = QColor("#6b6b6b")
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
_GROUP_ID = 0  # internal id of a heading row; an item row's is its heading's row + 1
# Combined once: a view asks for the flags of every line it lays out (thousands on expand).
_HEADING_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_LINE_FLAGS = _HEADING_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
_DONE_FLAGS = _LINE_FLAGS | Qt.ItemFlag.ItemIsUserCheckable
_EDIT_FLAGS = _LINE_FLAGS | Qt.ItemFlag.ItemIsEditable
_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.AccessibleTextRole, KEY_ROLE,
})


def describe_days(days: int) -> str:
    """'3 days overdue', 'today', 'in 1 day': the Days column in words."""
    if days < 0:
        return f"{-days:,} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "today"
    return f"in {days:,} day{'s' if days != 1 else ''}"


class AgendaModel(QAbstractItemModel):
    """Headings (top rows) and their items (children); only headings with items are shown."""

    doneToggled = Signal(str, bool)
    ownerEdited = Signal(str, str)
    noteEdited = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[AgendaItem] = []
        self._by_key: dict[str, AgendaItem] = {}
        self._pos: dict[str, tuple[int, int]] = {}  # key -> (heading row, row)
        self._marks: dict[str, Mark] = {}
        self._today = date.today()
        self._show_done = False
        self._groups: list[tuple[Group, list[AgendaItem]]] = []
        self._bold = QFont()
        self._bold.setBold(True)

    # ------------------------------------------------------------------ data in
    def set_agenda(self, items: Iterable[AgendaItem], marks: Mapping[str, Mark],
                   today: date) -> None:
        self._items = list(items)
        self._by_key = {i.key: i for i in self._items}
        self._marks = dict(marks)
        self._today = today
        self._regroup()

    def set_show_done(self, show: bool) -> None:
        if show != self._show_done:
            self._show_done = show
            self._regroup()

    def set_mark(self, mark: Mark) -> bool:
        """Keep `mark`; a line that is done (or reopened) leaves (or comes back to) its
        heading. Returns True when the model was reset (a heading came or went)."""
        was = self.is_done_key(mark.key)
        self._marks[mark.key] = mark
        item = self._by_key.get(mark.key)
        if item is None:
            return False
        if self._show_done or was == mark.done:
            index = self.index_of(mark.key)
            if index.isValid():
                self.dataChanged.emit(index, index.siblingAtColumn(len(HEADERS) - 1))
            return False
        return self._remove(item) if mark.done else self._insert(item)

    def _remove(self, item: AgendaItem) -> bool:
        found = self._pos.get(item.key)
        if found is None:
            return False
        g, row = found
        lines = self._groups[g][1]
        if len(lines) == 1:
            self._regroup()
            return True
        self.beginRemoveRows(self.index(g, 0), row, row)
        del lines[row]
        del self._pos[item.key]
        self._renumber(g, row)
        self.endRemoveRows()
        self._emit_heading(g)
        return False

    def _insert(self, item: AgendaItem) -> bool:
        if is_lapsed(item, self._today):
            return False
        group = group_of(item, self._today)
        g = self.group_row(group)
        if g is None:
            self._regroup()
            return True
        lines = self._groups[g][1]
        row = bisect_left(lines, order_key(item), key=order_key)
        self.beginInsertRows(self.index(g, 0), row, row)
        lines.insert(row, item)
        self._renumber(g, row)
        self.endInsertRows()
        self._emit_heading(g)
        return False

    def _renumber(self, g: int, start: int) -> None:
        for row, line in enumerate(self._groups[g][1][start:], start):
            self._pos[line.key] = (g, row)

    def _emit_heading(self, g: int) -> None:
        heading = self.index(g, 0)
        self.dataChanged.emit(heading, heading)

    def _regroup(self) -> None:
        self.beginResetModel()
        self._groups = [(g, found) for g, found in
                        grouped(self._items, self._marks, self._today, self._show_done) if found]
        self._pos = {line.key: (g, row) for g, (_group, lines) in enumerate(self._groups)
                     for row, line in enumerate(lines)}
        self.endResetModel()

    # ------------------------------------------------------------------ reading
    @property
    def today(self) -> date:
        return self._today

    def marks(self) -> dict[str, Mark]:
        return dict(self._marks)

    def mark(self, key: str) -> Mark | None:
        return self._marks.get(key)

    def groups(self) -> list[tuple[Group, list[AgendaItem]]]:
        return [(g, list(found)) for g, found in self._groups]

    def counts(self) -> dict[Group, int]:
        return {g: len(found) for g, found in self._groups}

    def group_row(self, group: Group) -> int | None:
        return next((i for i, (g, _) in enumerate(self._groups) if g is group), None)

    def item(self, index: QModelIndex | QPersistentModelIndex) -> AgendaItem | None:
        if not index.isValid() or index.internalId() == _GROUP_ID:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def index_of(self, key: str, column: int = 0) -> QModelIndex:
        found = self._pos.get(key)
        if found is None:
            return QModelIndex()
        return self.createIndex(found[1], column, found[0] + 1)

    def neighbour(self, key: str) -> str | None:
        """The line after `key` (under its heading or the next), else the one before."""
        found = self._pos.get(key)
        if found is None:
            return None
        g, row = found
        lines = self._groups[g][1]
        if row + 1 < len(lines):
            return lines[row + 1].key
        if g + 1 < len(self._groups):
            return self._groups[g + 1][1][0].key
        if row > 0:
            return lines[row - 1].key
        return self._groups[g - 1][1][-1].key if g > 0 else None

    def find(self, key: str) -> AgendaItem | None:
        """The item `key`, shown or not (a done one while done items are hidden)."""
        return self._by_key.get(key)

    def is_done_key(self, key: str) -> bool:
        mark = self._marks.get(key)
        return mark is not None and mark.done

    def is_done(self, item: AgendaItem) -> bool:
        return self.is_done_key(item.key)

    # ------------------------------------------------------------------ Qt API
    def index(self, row: int, column: int,
              parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not 0 <= column < len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP_ID) if row < len(self._groups) \
                else QModelIndex()
        g = parent.row()
        if parent.internalId() != _GROUP_ID or parent.column() != 0 or \
                row >= len(self._groups[g][1]):
            return QModelIndex()
        return self.createIndex(row, column, g + 1)

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> Any:  # noqa: B008
        if not index.isValid() or index.internalId() == _GROUP_ID:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _GROUP_ID)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP_ID and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _GROUP_ID:
            return _HEADING_FLAGS
        column = index.column()
        if column == COL_DONE:
            return _DONE_FLAGS
        if column == COL_OWNER or column == COL_NOTE:
            return _EDIT_FLAGS
        return _LINE_FLAGS

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        if index.internalId() == _GROUP_ID:
            return self._group_data(index, role)
        item = self.item(index)
        if item is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(item, column, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(item, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_DONE:
            return Qt.CheckState.Checked if self.is_done(item) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.is_done(item):
                return QBrush(DONE_COLOUR)
            if column in (COL_DUE, COL_DAYS) and item.due < self._today and \
                    self._groups[index.internalId() - 1][0] is Group.OVERDUE:
                return QBrush(OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.FontRole and self.is_done(item):
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole and column == COL_DONE:
            return "Done" if self.is_done(item) else "Not done"
        if role == KEY_ROLE:
            return item.key
        return None

    def _group_data(self, index: QModelIndex | QPersistentModelIndex, role: int) -> Any:
        group, found = self._groups[index.row()]
        if index.column() != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{GROUP_TITLES[group]} ({len(found):,})"
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and group is Group.OVERDUE:
            return QBrush(OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and group is Group.LATER:
            return ("Due after next week; the five-year petition dates (new and further "
                    "disability) are always here")
        return None

    def _text(self, item: AgendaItem, column: int, editing: bool) -> str:
        mark = self._marks.get(item.key)
        if column == COL_DUE:
            return format_us_date(item.due)
        if column == COL_CLIENT:
            return item.client
        if column == COL_WHAT:
            return item.title + (" (estimated)" if item.estimated else "")
        if column == COL_DAYS:
            return describe_days(item.days_left(self._today))
        if column == COL_OWNER:
            return mark.owner if mark else ""
        if column == COL_NOTE:
            note = mark.note if mark else ""
            return note if editing else note.replace("\n", " ")
        return ""

    def _tip(self, item: AgendaItem, column: int) -> str:
        mark = self._marks.get(item.key)
        if column == COL_DONE:
            if mark is not None and mark.done and mark.done_at is not None:
                return (f"Done {format_us_date(mark.done_at.date())} "
                        f"{mark.done_at:%H:%M} by {mark.done_by or 'unknown'}; untick to reopen")
            return HEADER_TIPS[COL_DONE]
        if column == COL_WHAT:
            what = "Follow-up" if item.is_follow_up else "Deadline"
            text = item.title + (" (estimated: the report's receipt date is not known)"
                                 if item.estimated else "")
            return f"{what}: {text}"
        text = self._text(item, column, editing=True)
        return text or HEADER_TIPS[column]

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        item = self.item(index)
        if item is None:
            return False
        column = index.column()
        if column == COL_DONE and role == Qt.ItemDataRole.CheckStateRole:
            state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
            self.doneToggled.emit(item.key, state == Qt.CheckState.Checked)
            return True
        if column in (COL_OWNER, COL_NOTE) and role == Qt.ItemDataRole.EditRole:
            text = str(value or "").strip()
            mark = self._marks.get(item.key) or Mark(item.key, item.case_id)
            old = mark.owner if column == COL_OWNER else mark.note
            if text == old:
                return False
            if column == COL_OWNER:
                self._marks[item.key] = replace(mark, owner=text[:OWNER_MAX])
                self.dataChanged.emit(index, index)
                self.ownerEdited.emit(item.key, text[:OWNER_MAX])
            else:
                self._marks[item.key] = replace(mark, note=text)
                self.dataChanged.emit(index, index)
                self.noteEdited.emit(item.key, text)
            return True
        return False


class _LimitedEditDelegate(QStyledItemDelegate):
    """Owner and note are typed in a box that takes no more than the store keeps."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setMaxLength(OWNER_MAX if index.column() == COL_OWNER else NOTE_MAX)
        editor.setPlaceholderText("Who looks after it" if index.column() == COL_OWNER
                                  else "A note for the others")
        return editor


class _AgendaTree(QTreeView):
    """The tree, with the agenda's keys: Space ticks Done, Enter opens the case."""

    def __init__(self, view: AgendaView) -> None:
        super().__init__(view)
        self._view = view

    def keyPressEvent(self, event: Any) -> None:
        key = event.key()
        if self.state() != QAbstractItemView.State.EditingState:
            if key == Qt.Key.Key_Space and not event.modifiers():
                if self._view.toggle_current():
                    return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self._view.current_item()
                if item is not None:
                    self._view.openCaseRequested.emit(item.case_id)
                    return
            if key == Qt.Key.Key_Delete:
                item = self._view.current_item()
                if item is not None and item.is_follow_up:
                    self._view.delete_follow_up(item)
                    return
        super().keyPressEvent(event)


class AgendaView(QWidget):
    """The agenda: headings Overdue (red, first), Today, This week, Next week, Later
    (collapsed), a Done box on every line, owners and notes, follow-ups added by hand."""

    openCaseRequested = Signal(int)
    doneToggled = Signal(str, bool)  # item key, done
    ownerChanged = Signal(str, str)  # item key, owner ("" = none)
    noteChanged = Signal(str, str)  # item key, note
    followUpAdded = Signal(int, object, str, str)  # case id, due (date), text, owner
    followUpEdited = Signal(int, object, str)  # follow-up id, due (date), text
    followUpDeleted = Signal(int)  # follow-up id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AgendaModel(self)
        self._clients: dict[int, str] = {}
        self._current_case: int | None = None
        self._undo: list[str] = []  # keys marked done here, newest last
        self._collapsed: set[Group] = {Group.LATER}

        # Made first: Tab goes from the lines to the controls above them (creation order).
        self.tree = _AgendaTree(self)
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._limited = _LimitedEditDelegate(self.tree)
        self.tree.setItemDelegateForColumn(COL_OWNER, self._limited)
        self.tree.setItemDelegateForColumn(COL_NOTE, self._limited)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.setAccessibleName("Agenda")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        # Fixed, not sized to contents: that would measure a thousand lines at each change.
        header.setSectionResizeMode(COL_DONE, QHeaderView.ResizeMode.Fixed)
        # Due and Days are never cut (the Due column's lines are indented under their
        # heading); a long client, owner, what or note is elided, whole in its tooltip.
        metrics = self.tree.fontMetrics()
        widths = {COL_DUE: "00/00/0000", COL_CLIENT: "Fitzgerald-Whitaker, Margaret",
                  COL_DAYS: "1,000 days overdue", COL_OWNER: "Ana Maria Ruiz"}
        for column, sample in widths.items():
            indent = 2 * self.tree.indentation() if column == 0 else 0  # (root decoration)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + indent + 24)
        header.resizeSection(COL_DONE, max(header.sectionSizeHint(COL_DONE),
                                           metrics.horizontalAdvance("Done") + 32))

        self.title = QLabel("<b>Agenda</b>", self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)

        self.show_done = QCheckBox("Show &done", self)
        self.show_done.setToolTip("Show the items marked done too (untick one to reopen it)")
        self.undo_button = QPushButton("&Undo done", self)
        self.undo_button.setToolTip("Put back the last item marked done (Ctrl+Z)")
        self.undo_button.setEnabled(False)
        self.add_button = QPushButton("&Add follow-up…", self)
        self.add_button.setToolTip("Add a follow-up to a case (Ctrl+N)")
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.summary, 1)
        top.addWidget(self.show_done)
        top.addWidget(self.undo_button)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)

        self.add_button.clicked.connect(self.add_follow_up)
        self.undo_button.clicked.connect(self.undo_done)
        self.show_done.toggled.connect(self._set_show_done)
        # Queued: the box's click finishes before the line leaves the model.
        self.model.doneToggled.connect(self._toggle, Qt.ConnectionType.QueuedConnection)
        self.model.ownerEdited.connect(self.ownerChanged)
        self.model.noteEdited.connect(self.noteChanged)
        self.tree.doubleClicked.connect(self._double_clicked)
        self.tree.expanded.connect(lambda i: self._remember(i, True))
        self.tree.collapsed.connect(lambda i: self._remember(i, False))
        self.tree.customContextMenuRequested.connect(self._menu)
        for keys, slot in (("Ctrl+N", self.add_follow_up), ("Ctrl+Z", self.undo_done)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.setFocusProxy(self.tree)
        self.tree.setTabKeyNavigation(False)

    # ------------------------------------------------------------------ data in
    def show_agenda(self, items: Iterable[AgendaItem], marks: Mapping[str, Mark], today: date,
                    clients: Mapping[int, str] | None = None) -> None:
        """Show these items with their marks as of `today`. `clients` (every case's client,
        by case id) are offered by Add follow-up; by default the clients of the items."""
        items = list(items)
        self._clients = dict(clients) if clients is not None else \
            {i.case_id: i.client for i in items}
        keep = self.current_item()
        self.model.set_agenda(items, marks, today)
        self._after_reset(keep.key if keep else None)

    def set_current_case(self, case_id: int | None) -> None:
        """The case open in the window: Add follow-up starts with it."""
        self._current_case = case_id

    def set_mark(self, mark: Mark) -> None:
        """A mark the store kept (who and when, as written): shown as it is."""
        keep = self.current_item()
        self._changed(self.model.set_mark(mark), keep.key if keep else None)

    def _changed(self, reset: bool, key: str | None) -> None:
        if reset:
            self._after_reset(key)
            return
        if key is not None:
            self.select(key, expand=False)
        self._update_summary()

    # ------------------------------------------------------------------ reading
    def current_item(self) -> AgendaItem | None:
        return self.model.item(self.tree.currentIndex())

    def visible_keys(self) -> list[str]:
        return [i.key for _, found in self.model.groups() for i in found]

    def group_keys(self) -> dict[Group, list[str]]:
        return {g: [i.key for i in found] for g, found in self.model.groups()}

    def is_expanded(self, group: Group) -> bool:
        row = self.model.group_row(group)
        return row is not None and self.tree.isExpanded(self.model.index(row, 0))

    # ------------------------------------------------------------------ actions
    def select(self, key: str, expand: bool = True) -> bool:
        """Make the line `key` current, opening its heading (or, when not `expand` and the
        heading is closed, make the heading current: Later may hold thousands)."""
        index = self.model.index_of(key)
        if not index.isValid():
            return False
        if not expand and not self.tree.isExpanded(index.parent()):
            index = index.parent()
        self.tree.expand(index.parent())
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def toggle_current(self) -> bool:
        item = self.current_item()
        if item is None:
            return False
        self._toggle(item.key, not self.model.is_done(item))
        return True

    def set_done(self, key: str, done: bool) -> None:
        """Mark (or reopen) the item `key` as the caseworker would with its box."""
        self._toggle(key, done)

    def _toggle(self, key: str, done: bool) -> None:
        item = self.model.find(key)
        if item is None:
            return
        old = self.model.mark(key) or Mark(key, item.case_id)
        if old.done == done:
            return
        neighbour = self.model.neighbour(key) if done and not self.show_done.isChecked() \
            else key
        if done:
            mark = replace(old, done_by=old.done_by or "", done_at=datetime.now())
            self._undo.append(key)
        else:
            mark = replace(old, done_by=None, done_at=None)
            if key in self._undo:
                self._undo.remove(key)
        self._changed(self.model.set_mark(mark), neighbour)
        self.undo_button.setEnabled(bool(self._undo))
        self.doneToggled.emit(key, done)

    def undo_done(self) -> None:
        """Reopen the last item marked done here; it comes back to its heading."""
        if not self._undo:
            return
        key = self._undo[-1]
        self._toggle(key, False)
        self.select(key)

    def add_follow_up(self) -> None:
        item = self.current_item()
        case_id = item.case_id if item is not None else self._current_case
        dialog = FollowUpDialog(self, self._clients, self.model.today, case_id,
                                owners(self.model.marks().values()))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.followUpAdded.emit(*dialog.value())

    def edit_follow_up(self, item: AgendaItem) -> None:
        if item.follow_up_id is None:
            return
        dialog = FollowUpDialog(self, {item.case_id: item.client}, self.model.today,
                                item.case_id, due=item.due, text=item.title,
                                title="Change follow-up")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            _case, due, text, _owner = dialog.value()
            self.followUpEdited.emit(item.follow_up_id, due, text)

    def delete_follow_up(self, item: AgendaItem) -> None:
        if item.follow_up_id is not None:
            self.followUpDeleted.emit(item.follow_up_id)

    # ------------------------------------------------------------------ inside
    def _set_show_done(self, show: bool) -> None:
        keep = self.current_item()
        self.model.set_show_done(show)
        self._after_reset(keep.key if keep else None)

    def _remember(self, index: QModelIndex, expanded: bool) -> None:
        if index.internalId() != _GROUP_ID:
            return
        group = self.model.groups()[index.row()][0]
        (self._collapsed.discard if expanded else self._collapsed.add)(group)

    def _after_reset(self, key: str | None) -> None:
        """Headings spanned and opened as they were (Later collapsed at first); the line
        that was current stays current, or its neighbour when it left."""
        self.tree.setUpdatesEnabled(False)
        for row, (group, _found) in enumerate(self.model.groups()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
            index = self.model.index(row, 0)
            blocked = self.tree.blockSignals(True)
            self.tree.setExpanded(index, group not in self._collapsed)
            self.tree.blockSignals(blocked)
        if key is None or not self.select(key, expand=False):
            heading = self.model.index(0, 0)
            first = self.model.index(0, 0, heading)  # the first line, not its heading
            if first.isValid() and self.tree.isExpanded(heading):
                self.tree.setCurrentIndex(first)
            elif heading.isValid():
                self.tree.setCurrentIndex(heading)
        self.tree.setUpdatesEnabled(True)
        self._update_summary()

    def _update_summary(self) -> None:
        counts = self.model.counts()
        parts = [f"{counts.get(g, 0):,} {GROUP_TITLES[g].lower()}"
                 for g in (Group.OVERDUE, Group.TODAY, Group.THIS_WEEK) if counts.get(g)]
        self.summary.setText(" · ".join(parts) if parts else "Nothing due this week")

    def _double_clicked(self, index: QModelIndex) -> None:
        item = self.model.item(index)
        if item is not None and index.column() not in (COL_OWNER, COL_NOTE, COL_DONE):
            self.openCaseRequested.emit(item.case_id)

    def _menu(self, pos: QPoint) -> None:
        item = self.model.item(self.tree.indexAt(pos))
        if item is None:
            return
        menu = QMenu(self)
        menu.addAction("Open the case", lambda: self.openCaseRequested.emit(item.case_id))
        done = self.model.is_done(item)
        menu.addAction("Reopen" if done else "Mark done",
                       lambda: self._toggle(item.key, not done))
        if item.is_follow_up:
            menu.addSeparator()
            menu.addAction("Change follow-up…", lambda: self.edit_follow_up(item))
            menu.addAction("Delete follow-up", lambda: self.delete_follow_up(item))
        menu.exec(self.tree.viewport().mapToGlobal(pos))

"""Reusable inputs for case data: dates that may be empty, money, optional numbers, lists.

Dates are typed and shown as MM/DD/YYYY (how a California office writes them) and money as
`$1,020.00`; both parse what a person types and say why when they cannot.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFocusEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPixmap,
    QPolygonF,
    QValidator,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.casefile import money_from_text

DATE_FORMAT_HINT = "MM/DD/YYYY"
_US_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_DIGITS_DATE = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")

# The look of a field with a problem. Set on the editor; a widget opts in through the
# dynamic property `problem` (see `set_problem`), so the colour comes with a tooltip and an
# icon, never alone.
PROBLEM_STYLE = """
QLineEdit[problem="true"], QAbstractSpinBox[problem="true"], QListWidget[problem="true"],
QPlainTextEdit[problem="true"] {
    border: 2px solid #b3261e; border-radius: 3px; background: #fdecea; color: #1d1b20;
}
QLabel[problem="true"] { color: #b3261e; font-weight: bold; }
"""
PROBLEM_BACKGROUND = QColor("#fdecea")
PROBLEM_FOREGROUND = QColor("#8c1d18")


# ----------------------------------------------------------------------------- text formats


def format_us_date(value: date | None) -> str:
    """A date as MM/DD/YYYY; empty text for None."""
    return "" if value is None else f"{value.month:02d}/{value.day:02d}/{value.year:04d}"


def parse_us_date(text: str, today: date | None = None) -> date | None:
    """A date typed as MM/DD/YYYY (also M/D/YY, MMDDYYYY or ISO); None for empty text.

    Raises ValueError with the reason. A two-digit year means 20YY unless that lies more
    than ten years ahead of `today`, then 19YY (dates of birth).
    """
    if not text.strip():
        return None
    m = _US_DATE.match(text) or _DIGITS_DATE.match(text)
    if m:
        month, day, year = int(m[1]), int(m[2]), m[3]
        y = int(year)
        if len(year) == 2:
            this_year = (today or date.today()).year
            y = 2000 + y if 2000 + y <= this_year + 10 else 1900 + y
    else:
        iso = _ISO_DATE.match(text)
        if not iso:
            raise ValueError(f"must be a date like 03/08/2023 (MM/DD/YYYY), got {text.strip()!r}")
        y, month, day = int(iso[1]), int(iso[2]), int(iso[3])
    try:
        return date(y, month, day)
    except ValueError:
        raise ValueError(f"is not a real date: {text.strip()!r}") from None


def format_money(value: Decimal | None) -> str:
    """Money as $1,020.00; empty text for None."""
    return "" if value is None else f"${value:,.2f}"


# ----------------------------------------------------------------------------- problem marks


def warning_icon() -> QIcon:
    """A small red warning triangle drawn in code (no theme needed)."""
    pix = QPixmap(16, 16)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#b3261e"))
    p.drawPolygon(QPolygonF([QPointF(8, 1), QPointF(15.5, 14.5), QPointF(0.5, 14.5)]))
    p.setPen(QColor("white"))
    font = p.font()
    font.setBold(True)
    font.setPixelSize(10)
    p.setFont(font)
    p.drawText(pix.rect().adjusted(0, 3, 0, 0), Qt.AlignmentFlag.AlignCenter, "!")
    p.end()
    return QIcon(pix)


_WARNING_ICON: QIcon | None = None


def problem_icon() -> QIcon:
    global _WARNING_ICON
    if _WARNING_ICON is None:
        _WARNING_ICON = warning_icon()
    return _WARNING_ICON


def set_problem(widget: QWidget, message: str | None) -> None:
    """Mark `widget` as having a problem (style, tooltip, icon), or clear the mark."""
    target: QWidget = widget.problem_target() if isinstance(widget, DateEdit) else widget
    has = message is not None
    if target.property("problem") == has and (not has or target.toolTip() == message):
        return
    if target.property("base_tooltip") is None:
        target.setProperty("base_tooltip", target.toolTip())
    target.setProperty("problem", has)
    target.setToolTip(message if has else target.property("base_tooltip"))
    if isinstance(target, QLineEdit):
        action = target.property("problem_action")
        if has and not isinstance(action, QAction):
            action = target.addAction(problem_icon(), QLineEdit.ActionPosition.TrailingPosition)
            target.setProperty("problem_action", action)
        if isinstance(action, QAction):
            action.setVisible(has)
            action.setToolTip(message or "")
    style = target.style()
    style.unpolish(target)
    style.polish(target)
    target.update()


def has_problem(widget: QWidget) -> bool:
    target = widget.problem_target() if isinstance(widget, DateEdit) else widget
    return bool(target.property("problem"))


# ----------------------------------------------------------------------------- date edit

_EDIT_ENDING_KEYS = (
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Escape,
)


class _CalendarPopup(QFrame):
    """The drop-down calendar of a DateEdit."""

    picked = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        today = QPushButton("Today", self)
        today.clicked.connect(lambda: self.picked.emit(QDate.currentDate()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)
        layout.addWidget(today, 0, Qt.AlignmentFlag.AlignRight)
        self.calendar.clicked.connect(self.picked)
        self.calendar.activated.connect(self.picked)


class DateEdit(QWidget):
    """A date typed as MM/DD/YYYY or picked from a calendar; may be empty (None).

    `date()` is None when the text is empty or cannot be read; `error()` says why it cannot.
    F4 or Alt+Down opens the calendar; Up/Down move a day, Page Up/Down a month.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._line = QLineEdit(self)
        self._line.setPlaceholderText(DATE_FORMAT_HINT)
        self._line.setClearButtonEnabled(True)
        self._line.setToolTip("A date as MM/DD/YYYY; empty when not known")
        self._line.setMinimumWidth(self._line.fontMetrics().horizontalAdvance("00/00/00000") + 40)
        self._button = QToolButton(self)
        self._button.setText("▾")
        self._button.setToolTip("Pick a date (F4)")
        self._button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._button.clicked.connect(self.show_calendar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._line, 1)
        layout.addWidget(self._button)
        self.setFocusProxy(self._line)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._popup: _CalendarPopup | None = None
        self._cell_editor = False
        self._line.textChanged.connect(self.changed)
        self._line.editingFinished.connect(self._tidy)
        self._line.installEventFilter(self)

    # -- value
    def date(self) -> date | None:
        try:
            return parse_us_date(self._line.text(), self._today)
        except ValueError:
            return None

    def set_date(self, value: date | None) -> None:
        self._line.setText(format_us_date(value))

    def error(self) -> str | None:
        """Why the text is not a date; None when it is one or is empty."""
        try:
            parse_us_date(self._line.text(), self._today)
        except ValueError as exc:
            return str(exc)
        return None

    def is_empty(self) -> bool:
        return not self._line.text().strip()

    def text(self) -> str:
        return self._line.text()

    def setText(self, text: str) -> None:
        self._line.setText(text)

    def clear(self) -> None:
        self._line.clear()

    def line_edit(self) -> QLineEdit:
        return self._line

    def problem_target(self) -> QLineEdit:
        return self._line

    def setToolTip(self, text: str) -> None:
        self._line.setToolTip(text)

    def use_as_cell_editor(self) -> None:
        """Pass the keys and focus changes that end an edit (Tab, Enter, Escape, leaving)
        from the text to this widget, where an item delegate watches for them."""
        self._cell_editor = True

    # -- behaviour
    def _tidy(self) -> None:
        """Show a date typed loosely (3/8/23) in the one format, so the reading is visible."""
        value = self.date()
        if value is not None and self._line.text() != format_us_date(value):
            self._line.setText(format_us_date(value))

    def show_calendar(self) -> None:
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.picked.connect(self._picked)
        current = self.date() or date.today()
        self._popup.calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        self._popup.adjustSize()
        self._popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        self._popup.show()
        self._popup.calendar.setFocus()

    def _picked(self, qdate: QDate) -> None:
        if self._popup is not None:
            self._popup.hide()
        self.set_date(date(qdate.year(), qdate.month(), qdate.day()))
        self._line.setFocus()

    def _step(self, days: int = 0, months: int = 0) -> None:
        current = self.date()
        if current is None:
            return
        q = QDate(current.year, current.month, current.day).addDays(days).addMonths(months)
        self.set_date(date(q.year(), q.month(), q.day()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._line and self._cell_editor:
            if event.type() == QEvent.Type.FocusOut:
                assert isinstance(event, QFocusEvent)
                QApplication.sendEvent(self, QFocusEvent(QEvent.Type.FocusOut, event.reason()))
            elif event.type() == QEvent.Type.KeyPress:
                assert isinstance(event, QKeyEvent)
                if event.key() in _EDIT_ENDING_KEYS:
                    copy = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
                    QApplication.sendEvent(self, copy)
                    return True
        if watched is self._line and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key, mods = event.key(), event.modifiers()
            if key == Qt.Key.Key_F4 or (
                key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier
            ):
                self.show_calendar()
                return True
            steps = {
                Qt.Key.Key_Up: (1, 0),
                Qt.Key.Key_Down: (-1, 0),
                Qt.Key.Key_PageUp: (0, 1),
                Qt.Key.Key_PageDown: (0, -1),
            }
            if key in steps and not mods and self.date() is not None:
                self._step(*steps[key])
                return True
        return super().eventFilter(watched, event)


# ----------------------------------------------------------------------------- money edit


class MoneyEdit(QLineEdit):
    """An amount typed as 1020, 1,020.5 or $1,020.50 and shown as $1,020.00; may be empty."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("$0.00")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setToolTip("An amount in dollars and cents; empty when not known")
        self.textChanged.connect(self.changed)
        self.editingFinished.connect(self._tidy)

    def value(self) -> Decimal | None:
        """The amount; None when empty or when the text is not an amount (see `error`)."""
        if not self.text().strip():
            return None
        try:
            return money_from_text(self.text())
        except ValueError:
            return None

    def set_value(self, value: Decimal | None) -> None:
        self.setText(format_money(value))

    def error(self) -> str | None:
        if not self.text().strip():
            return None
        try:
            money_from_text(self.text())
        except ValueError as exc:
            return str(exc)
        return None

    def _tidy(self) -> None:
        value = self.value()
        if value is not None and self.text() != format_money(value):
            self.setText(format_money(value))


# ----------------------------------------------------------------------------- optional int


class OptionalIntSpin(QSpinBox):
    """A whole number that may be left empty (None): clear the text to leave it unknown."""

    changed = Signal()

    def __init__(
        self, minimum: int = 0, maximum: int = 9999, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        # One below the range stands for "empty"; the text shows nothing for it.
        self.setRange(minimum - 1, maximum)
        self.setValue(minimum - 1)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setToolTip("Empty when not known")
        self.valueChanged.connect(self.changed)

    def validate(self, text: str, pos: int) -> object:
        if not text.strip():
            return QValidator.State.Acceptable
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> int:
        if not text.strip():
            return self.minimum()
        return super().valueFromText(text)

    def textFromValue(self, value: int) -> str:
        return "" if value == self.minimum() else super().textFromValue(value)

    def int_value(self) -> int | None:
        self.interpretText()
        v = self.value()
        return None if v == self.minimum() else v

    def set_int_value(self, value: int | None) -> None:
        if value is None:
            self.setValue(self.minimum())
        else:
            self.setValue(max(self.minimum() + 1, min(self.maximum(), value)))

    def stepBy(self, steps: int) -> None:
        # From empty, the first step lands on the first real number, not on "empty + 1".
        if self.value() == self.minimum() and steps > 0:
            self.setValue(self.minimum() + 1)
            return
        super().stepBy(steps)


# ----------------------------------------------------------------------------- string list


class _CompletingDelegate(QStyledItemDelegate):
    def __init__(self, owner: StringListEdit) -> None:
        super().__init__(owner)
        self._owner = owner

    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            completer = QCompleter(self._owner.suggestions(), editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            editor.setCompleter(completer)
        return editor


class StringListEdit(QWidget):
    """An editable list of short texts (body parts): type and press Enter to add, F2 or a
    double click to edit an entry, Delete to remove it."""

    changed = Signal()

    def __init__(
        self, noun: str = "body part", parent: QWidget | None = None, compact: bool = False
    ) -> None:
        super().__init__(parent)
        self._noun = noun
        self._suggestions: list[str] = []
        self._loading = False
        self.entry = QLineEdit(self)
        self.entry.setPlaceholderText(f"Type a {noun} and press Enter")
        self._completer = QCompleter([], self.entry)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.entry.setCompleter(self._completer)
        self.add_button = QPushButton("Add", self)
        self.add_button.setToolTip(f"Add the {noun} typed at the left (Enter)")
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setToolTip(f"Remove the selected {noun} (Delete)")
        self.list = QListWidget(self)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setSpacing(1)
        self.list.setItemDelegate(_CompletingDelegate(self))
        self.list.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        if compact:  # a narrow column: the entry on its own line, the buttons below it
            self.entry.setPlaceholderText(f"Type a {noun}, Enter")
            layout.addWidget(self.entry)
        else:
            top.addWidget(self.entry, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.remove_button)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self.setFocusProxy(self.entry)

        self.entry.returnPressed.connect(self.add_from_entry)
        self.add_button.clicked.connect(self.add_from_entry)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.itemChanged.connect(self._item_changed)
        self.list.model().rowsInserted.connect(self._structure_changed)
        self.list.model().rowsRemoved.connect(self._structure_changed)
        self.list.model().rowsMoved.connect(self._structure_changed)

    # -- value
    def strings(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def set_strings(self, values: list[str]) -> None:
        self._loading = True
        try:
            self.list.clear()
            for value in values:
                self.list.addItem(self._make_item(value))
        finally:
            self._loading = False

    def suggestions(self) -> list[str]:
        return list(self._suggestions)

    def set_suggestions(self, values: list[str]) -> None:
        """Texts offered while typing (e.g. the claim's body parts)."""
        if values != self._suggestions:
            self._suggestions = list(values)
            self._completer.model().setStringList(self._suggestions)  # type: ignore[attr-defined]

    def select_string(self, text: str) -> bool:
        """Select the entry equal to `text` (case-insensitive as a fallback)."""
        values = self.strings()
        index = (
            values.index(text)
            if text in values
            else next((i for i, v in enumerate(values) if v.casefold() == text.casefold()), -1)
        )
        if index < 0:
            return False
        self.list.setCurrentRow(index)
        self.list.scrollToItem(self.list.item(index))
        return True

    def set_item_problems(self, problems: dict[int, str]) -> None:
        """Mark entries by index with a message (icon, colour and tooltip)."""
        self._loading = True
        try:
            for i in range(self.list.count()):
                item = self.list.item(i)
                message = problems.get(i)
                if (item.toolTip() or None) == message:
                    continue
                item.setToolTip(message or "")
                item.setIcon(problem_icon() if message else QIcon())
                item.setBackground(PROBLEM_BACKGROUND if message else Qt.GlobalColor.transparent)
        finally:
            self._loading = False

    # -- editing
    def _make_item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def add_from_entry(self) -> None:
        text = self.entry.text().strip()
        if not text:
            return
        self.entry.clear()
        self.list.addItem(self._make_item(text))
        self.list.setCurrentRow(self.list.count() - 1)

    def add_string(self, text: str) -> None:
        self.list.addItem(self._make_item(text))

    def remove_selected(self) -> None:
        rows = sorted({self.list.row(i) for i in self.list.selectedItems()}, reverse=True)
        if not rows and self.list.currentRow() >= 0:
            rows = [self.list.currentRow()]
        for row in rows:
            self.list.takeItem(row)

    def _item_changed(self, _item: QListWidgetItem) -> None:
        if not self._loading:
            self.changed.emit()

    def _structure_changed(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and self.list.state() != QAbstractItemView.State.EditingState
        ):
            assert isinstance(event, QKeyEvent)
            if event.matches(QKeySequence.StandardKey.Delete) or event.key() in (
                Qt.Key.Key_Delete,
                Qt.Key.Key_Backspace,
            ):
                self.remove_selected()
                return True
        return super().eventFilter(watched, event)

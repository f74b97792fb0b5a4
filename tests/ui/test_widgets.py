"""The reusable inputs: dates as MM/DD/YYYY that may be empty, money, optional ints, lists."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QTableView
from pytestqt.qtbot import QtBot

from mmi_desktop.ui.widgets import (
    DateEdit,
    MoneyEdit,
    OptionalIntSpin,
    StringListEdit,
    format_money,
    format_us_date,
    has_problem,
    parse_us_date,
    set_problem,
)

TODAY = date(2024, 7, 1)


# ----------------------------------------------------------------------------- date text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/08/2023", date(2023, 3, 8)),
        ("3/8/2023", date(2023, 3, 8)),
        ("3/8/23", date(2023, 3, 8)),
        ("6/14/78", date(1978, 6, 14)),  # a two-digit year far ahead means the 1900s
        ("03-08-2023", date(2023, 3, 8)),
        ("03082023", date(2023, 3, 8)),
        ("2023-03-08", date(2023, 3, 8)),  # pasted from a file
        ("  12/31/1999 ", date(1999, 12, 31)),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_us_date_reads_what_people_type(text: str, expected: date | None) -> None:
    assert parse_us_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("13/45/2023", "is not a real date"),
        ("02/30/2024", "is not a real date"),
        ("abc", "MM/DD/YYYY"),
        ("2023/03/08", "MM/DD/YYYY"),
    ],
)
def test_parse_us_date_says_why_it_cannot(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_us_date(text, TODAY)


def test_format_us_date() -> None:
    assert format_us_date(date(2024, 6, 2)) == "06/02/2024"
    assert format_us_date(None) == ""


# ----------------------------------------------------------------------------- DateEdit


@pytest.fixture
def date_edit(qtbot: QtBot) -> DateEdit:
    widget = DateEdit(today=TODAY)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_date_edit_starts_empty_and_can_be_emptied(date_edit: DateEdit) -> None:
    assert date_edit.date() is None
    assert date_edit.is_empty()
    assert date_edit.error() is None
    date_edit.set_date(date(2024, 6, 12))
    assert date_edit.text() == "06/12/2024"
    assert date_edit.date() == date(2024, 6, 12)
    date_edit.set_date(None)
    assert date_edit.text() == ""
    assert date_edit.date() is None
    assert date_edit.error() is None


def test_date_edit_shows_a_loosely_typed_date_as_mm_dd_yyyy(
    qtbot: QtBot, date_edit: DateEdit
) -> None:
    with qtbot.waitSignal(date_edit.changed):
        qtbot.keyClicks(date_edit.line_edit(), "3/8/23")
    qtbot.keyClick(date_edit.line_edit(), Qt.Key.Key_Return)
    assert date_edit.text() == "03/08/2023"
    assert date_edit.date() == date(2023, 3, 8)


def test_date_edit_keeps_bad_text_and_says_why(qtbot: QtBot, date_edit: DateEdit) -> None:
    qtbot.keyClicks(date_edit.line_edit(), "13/45/2023")
    qtbot.keyClick(date_edit.line_edit(), Qt.Key.Key_Return)
    assert date_edit.text() == "13/45/2023"
    assert date_edit.date() is None
    assert "not a real date" in (date_edit.error() or "")


def test_date_edit_arrow_keys_move_a_day(qtbot: QtBot, date_edit: DateEdit) -> None:
    date_edit.set_date(date(2024, 2, 28))
    qtbot.keyClick(date_edit.line_edit(), Qt.Key.Key_Up)
    qtbot.keyClick(date_edit.line_edit(), Qt.Key.Key_Up)
    assert date_edit.text() == "03/01/2024"
    qtbot.keyClick(date_edit.line_edit(), Qt.Key.Key_PageDown)
    assert date_edit.date() == date(2024, 2, 1)


def test_date_edit_calendar_popup_picks_a_date(qtbot: QtBot, date_edit: DateEdit) -> None:
    date_edit.set_date(date(2024, 6, 12))
    qtbot.keyClick(date_edit.line_edit(), Qt.Key.Key_F4)
    calendar = date_edit.findChild(QCalendarWidget)
    assert calendar is not None and calendar.isVisible()
    assert calendar.selectedDate() == QDate(2024, 6, 12)
    calendar.setSelectedDate(QDate(2024, 6, 20))
    grid = calendar.findChild(QTableView)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert date_edit.date() == date(2024, 6, 20)
    assert date_edit.text() == "06/20/2024"
    assert not calendar.isVisible()


# ----------------------------------------------------------------------------- MoneyEdit


def test_format_money() -> None:
    assert format_money(Decimal("1020")) == "$1,020.00"
    assert format_money(Decimal("0.5")) == "$0.50"
    assert format_money(None) == ""


def test_money_edit_shows_dollars_and_reads_typed_amounts(qtbot: QtBot) -> None:
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    edit.set_value(Decimal("1020.00"))
    assert edit.text() == "$1,020.00"
    edit.clear()
    qtbot.keyClicks(edit, "1,234.5")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.value() == Decimal("1234.50")
    assert edit.text() == "$1,234.50"
    assert edit.error() is None


@pytest.mark.parametrize(
    ("text", "reason"), [("abc", "amount like"), ("12.345", "two places"), ("-5", "non-negative")]
)
def test_money_edit_refuses_what_is_not_money(qtbot: QtBot, text: str, reason: str) -> None:
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.value() is None
    assert reason in (edit.error() or "")
    assert edit.text() == text  # left as typed, for the person to fix


def test_money_edit_empty_means_unknown(qtbot: QtBot) -> None:
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    assert edit.value() is None and edit.error() is None


# ----------------------------------------------------------------------------- OptionalIntSpin


def test_optional_int_spin_can_be_empty(qtbot: QtBot) -> None:
    spin = OptionalIntSpin(100, 599)
    qtbot.addWidget(spin)
    assert spin.int_value() is None
    assert spin.text() == ""
    spin.set_int_value(360)
    assert spin.int_value() == 360
    spin.lineEdit().selectAll()
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Delete)
    assert spin.int_value() is None
    spin.stepBy(1)  # from empty to the first real number, not to "empty + 1"
    assert spin.int_value() == 100


# ----------------------------------------------------------------------------- StringListEdit


def test_string_list_adds_edits_and_removes(qtbot: QtBot) -> None:
    widget = StringListEdit("body part")
    qtbot.addWidget(widget)
    widget.show()
    widget.set_strings(["neck"])
    with qtbot.waitSignal(widget.changed):
        qtbot.keyClicks(widget.entry, "left shoulder")
        qtbot.keyClick(widget.entry, Qt.Key.Key_Return)
    assert widget.strings() == ["neck", "left shoulder"]
    assert widget.entry.text() == ""
    assert widget.select_string("NECK")  # case-insensitive as a fallback
    assert widget.list.currentRow() == 0
    qtbot.keyClick(widget.list, Qt.Key.Key_Delete)
    assert widget.strings() == ["left shoulder"]
    assert not widget.select_string("knee")


def test_string_list_marks_an_entry(qtbot: QtBot) -> None:
    widget = StringListEdit()
    qtbot.addWidget(widget)
    widget.set_strings(["neck", " "])
    widget.set_item_problems({1: "must not be empty"})
    assert widget.list.item(1).toolTip() == "must not be empty"
    assert not widget.list.item(1).icon().isNull()
    assert widget.list.item(0).toolTip() == ""
    widget.set_item_problems({})
    assert widget.list.item(1).toolTip() == ""
    assert widget.list.item(1).icon().isNull()


# ----------------------------------------------------------------------------- problem marks


def test_set_problem_marks_and_clears_a_field(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.setToolTip("help")
    set_problem(edit, "must be an amount")
    assert edit.property("problem") is True
    assert has_problem(edit)
    assert edit.toolTip() == "must be an amount"
    set_problem(edit, None)
    assert edit.property("problem") is False
    assert edit.toolTip() == "help"


def test_set_problem_on_a_date_edit_marks_its_text(qtbot: QtBot, date_edit: DateEdit) -> None:
    set_problem(date_edit, "is required")
    assert date_edit.line_edit().property("problem") is True
    assert has_problem(date_edit)


# ----------------------------------------------------------------------------- PySide6 6.12


def test_qt_calls_do_not_use_up_none_true_and_false(qtbot: QtBot) -> None:
    # PySide6 6.12 dropped a reference to None on every void call and to a bool on every
    # emit, which aborts CPython 3.11 after a few thousand calls (pyproject pins below 6.12).
    edit = DateEdit()
    qtbot.addWidget(edit)
    before = {name: sys.getrefcount(obj) for name, obj in
              (("None", None), ("True", True), ("False", False))}
    for _ in range(20_000):
        edit.line_edit().setToolTip("x")
        edit.changed.emit()
    after = {name: sys.getrefcount(obj) for name, obj in
             (("None", None), ("True", True), ("False", False))}
    for name in before:
        assert after[name] > before[name] - 1_000, f"references to {name} leak"

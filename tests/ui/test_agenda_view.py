"""The agenda view: headings by date (Overdue red and first, Later collapsed), Done leaves the
list and Undo puts it back, owner and note edits, the follow-up dialog's checks, keys."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from mmi_desktop.domain.agenda import (
    FollowUp,
    Group,
    Mark,
    deadline_item,
    follow_up_item,
)
from mmi_desktop.domain.deadlines import (
    NEW_AND_FURTHER,
    OBJECTION_TO_REPORT,
    PD_FIRST_PAYMENT,
    TD_CAP,
)
from mmi_desktop.ui.agenda import (
    COL_CLIENT,
    COL_DAYS,
    COL_DONE,
    COL_DUE,
    COL_NOTE,
    COL_OWNER,
    COL_WHAT,
    OVERDUE_COLOUR,
    AgendaView,
    FollowUpDialog,
    describe_days,
)

TODAY = date(2026, 12, 2)  # a Wednesday
OVERDUE = deadline_item(1, "Alvarez, Maria", PD_FIRST_PAYMENT, None, TODAY - timedelta(days=2))
DUE_TODAY = deadline_item(2, "Baker, Tom", OBJECTION_TO_REPORT, "m1", TODAY)
THIS_WEEK = deadline_item(3, "Chen, Li", TD_CAP, None, TODAY + timedelta(days=3))
NEXT_WEEK = follow_up_item(FollowUp(9, 2, TODAY + timedelta(days=7), "Call the client about "
                                    "the QME appointment and the mileage form"), "Baker, Tom")
LATER = deadline_item(1, "Alvarez, Maria", NEW_AND_FURTHER, None, TODAY + timedelta(days=900))
ITEMS = [LATER, NEXT_WEEK, THIS_WEEK, DUE_TODAY, OVERDUE]


@pytest.fixture
def view(qtbot) -> AgendaView:  # type: ignore[no-untyped-def]
    widget = AgendaView()
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show_agenda(ITEMS, {}, TODAY)
    widget.show()
    return widget


def cell(view: AgendaView, key: str, column: int):  # type: ignore[no-untyped-def]
    return view.model.index_of(key, column)


def test_items_are_grouped_by_date_overdue_first_and_later_collapsed(view: AgendaView) -> None:
    assert list(view.group_keys().items()) == [
        (Group.OVERDUE, [OVERDUE.key]),
        (Group.TODAY, [DUE_TODAY.key]),
        (Group.THIS_WEEK, [THIS_WEEK.key]),
        (Group.NEXT_WEEK, [NEXT_WEEK.key]),
        (Group.LATER, [LATER.key]),
    ]
    heading = view.model.index(0, 0)
    assert heading.data() == "Overdue (1)"
    assert heading.data(Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_COLOUR
    assert cell(view, OVERDUE.key, COL_DUE).data(
        Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_COLOUR
    assert cell(view, DUE_TODAY.key, COL_DUE).data(Qt.ItemDataRole.ForegroundRole) is None
    assert not view.is_expanded(Group.LATER)
    assert all(view.is_expanded(g) for g in (Group.OVERDUE, Group.TODAY, Group.NEXT_WEEK))


def test_empty_headings_are_left_out(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = AgendaView()
    qtbot.addWidget(view)
    view.show_agenda([THIS_WEEK], {}, TODAY)
    assert list(view.group_keys()) == [Group.THIS_WEEK]
    assert view.summary.text() == "1 this week"
    view.show_agenda([], {}, TODAY)
    assert view.group_keys() == {} and view.summary.text() == "Nothing due this week"


def test_columns_show_us_dates_client_what_days_owner_and_note(view: AgendaView) -> None:
    marks = {OVERDUE.key: Mark(OVERDUE.key, 1, owner="Ana", note="asked the adjuster\n12/01")}
    view.show_agenda(ITEMS, marks, TODAY)
    row = [cell(view, OVERDUE.key, c).data() for c in range(7)]
    assert row == ["11/30/2026", "Alvarez, Maria", OVERDUE.title, "2 days overdue", "Ana",
                   "asked the adjuster 12/01", ""]
    assert cell(view, OVERDUE.key, COL_NOTE).data(Qt.ItemDataRole.EditRole) == (
        "asked the adjuster\n12/01")
    assert cell(view, DUE_TODAY.key, COL_DAYS).data() == "today"
    assert (describe_days(1), describe_days(-1), describe_days(1139)) == (
        "in 1 day", "1 day overdue", "in 1,139 days")


def test_every_cell_has_its_whole_text_in_a_tooltip(view: AgendaView) -> None:
    """Elided text is never lost: the tooltip carries all of it."""
    for column in (COL_DUE, COL_CLIENT, COL_WHAT, COL_DAYS):
        index = cell(view, NEXT_WEEK.key, column)
        assert index.data() in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Follow-up" in cell(view, NEXT_WEEK.key, COL_WHAT).data(Qt.ItemDataRole.ToolTipRole)
    # The header's tooltips too.
    assert all(view.model.headerData(c, Qt.Orientation.Horizontal,
                                     Qt.ItemDataRole.ToolTipRole) for c in range(7))


def test_ticking_done_emits_and_the_item_leaves_the_list(qtbot, view: AgendaView) -> None:  # type: ignore[no-untyped-def]
    index = cell(view, DUE_TODAY.key, COL_DONE)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    with qtbot.waitSignal(view.doneToggled) as signal:
        view.model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert signal.args == [DUE_TODAY.key, True]
    assert DUE_TODAY.key not in view.visible_keys()
    assert Group.TODAY not in view.group_keys()
    # The next line is current, so the keyboard goes on from there.
    assert view.current_item() == THIS_WEEK
    assert view.undo_button.isEnabled()
    view.show_done.setChecked(True)
    assert DUE_TODAY.key in view.visible_keys()
    assert cell(view, DUE_TODAY.key, COL_DONE).data(
        Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def test_undo_puts_the_item_back_and_says_so(qtbot, view: AgendaView) -> None:  # type: ignore[no-untyped-def]
    view.set_done(OVERDUE.key, True)
    view.set_done(THIS_WEEK.key, True)
    assert OVERDUE.key not in view.visible_keys()
    with qtbot.waitSignal(view.doneToggled) as signal:
        qtbot.keyClick(view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert signal.args == [THIS_WEEK.key, False]
    assert THIS_WEEK.key in view.visible_keys() and view.current_item() == THIS_WEEK
    with qtbot.waitSignal(view.doneToggled) as signal:
        view.undo_button.click()
    assert signal.args == [OVERDUE.key, False]
    assert view.group_keys()[Group.OVERDUE] == [OVERDUE.key]
    assert not view.undo_button.isEnabled()


def test_unticking_a_shown_done_item_reopens_it(qtbot, view: AgendaView) -> None:  # type: ignore[no-untyped-def]
    done = Mark(THIS_WEEK.key, 3, done_by="Ben", done_at=__import__("datetime").datetime(
        2026, 12, 1, 16, 5))
    view.show_agenda(ITEMS, {THIS_WEEK.key: done}, TODAY)
    assert THIS_WEEK.key not in view.visible_keys()
    view.show_done.setChecked(True)
    index = cell(view, THIS_WEEK.key, COL_DONE)
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith("Done 12/01/2026 16:05 by Ben")
    with qtbot.waitSignal(view.doneToggled) as signal:
        view.model.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert signal.args == [THIS_WEEK.key, False]
    view.show_done.setChecked(False)
    assert THIS_WEEK.key in view.visible_keys()


def test_space_ticks_done_and_enter_opens_the_case(qtbot, view: AgendaView) -> None:  # type: ignore[no-untyped-def]
    view.select(THIS_WEEK.key)
    view.tree.setFocus()
    with qtbot.waitSignal(view.openCaseRequested) as opened:
        qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    assert opened.args == [THIS_WEEK.case_id]
    with qtbot.waitSignal(view.doneToggled) as signal:
        qtbot.keyClick(view.tree, Qt.Key.Key_Space)
    assert signal.args == [THIS_WEEK.key, True]
    assert THIS_WEEK.key not in view.visible_keys()


def test_owner_and_note_edits_are_emitted(qtbot, view: AgendaView) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.ownerChanged) as owner:
        assert view.model.setData(cell(view, OVERDUE.key, COL_OWNER), "  Ana Ruiz ")
    assert owner.args == [OVERDUE.key, "Ana Ruiz"]
    assert cell(view, OVERDUE.key, COL_OWNER).data() == "Ana Ruiz"
    with qtbot.waitSignal(view.noteChanged) as note:
        view.model.setData(cell(view, OVERDUE.key, COL_NOTE), "sent by fax")
    assert note.args == [OVERDUE.key, "sent by fax"]
    with qtbot.assertNotEmitted(view.ownerChanged):
        assert not view.model.setData(cell(view, OVERDUE.key, COL_OWNER), "Ana Ruiz")
    # Only owner and note are editable; the rest are not.
    flags = view.model.flags(cell(view, OVERDUE.key, COL_WHAT))
    assert not flags & Qt.ItemFlag.ItemIsEditable


def test_delete_key_deletes_a_follow_up_only(qtbot, view: AgendaView) -> None:  # type: ignore[no-untyped-def]
    view.select(NEXT_WEEK.key)
    with qtbot.waitSignal(view.followUpDeleted) as deleted:
        qtbot.keyClick(view.tree, Qt.Key.Key_Delete)
    assert deleted.args == [9]
    view.select(THIS_WEEK.key)
    with qtbot.assertNotEmitted(view.followUpDeleted):
        qtbot.keyClick(view.tree, Qt.Key.Key_Delete)


# ------------------------------------------------------------------------------ the dialog
CLIENTS = {1: "Alvarez, Maria", 2: "Baker, Tom", 3: "Chen, Li"}


@pytest.fixture
def dialog(qtbot) -> FollowUpDialog:  # type: ignore[no-untyped-def]
    d = FollowUpDialog(None, CLIENTS, TODAY, case_id=2, owner_choices=["Ana"])
    qtbot.addWidget(d)
    return d


def test_the_dialog_refuses_an_empty_text_naming_the_field(dialog: FollowUpDialog) -> None:
    assert dialog.client.currentText() == "Baker, Tom"
    assert not dialog.ok_button().isEnabled()
    dialog.text.setText("   ")
    assert not dialog.ok_button().isEnabled()
    dialog.accept()  # (Enter in a box, say): refused, with the reason by its label
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible() is False
    assert "Text: say what is to be done" in dialog.problem.text()
    dialog.text.setText("Call the client")
    assert dialog.ok_button().isEnabled()


def test_the_dialog_refuses_a_past_or_unreadable_date_and_an_unknown_client(
        dialog: FollowUpDialog) -> None:
    dialog.text.setText("Call")
    dialog.due.setText("11/30/2026")
    dialog.accept()
    assert "Due date: 11/30/2026 has passed" in dialog.problem.text()
    dialog.due.setText("13/45/2026")
    dialog.client.setEditText("Nobody, Known")
    dialog.accept()
    assert "Due date: is not a real date" in dialog.problem.text()
    assert "Client: choose a client from the list" in dialog.problem.text()
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_the_dialog_gives_case_date_text_and_owner(dialog: FollowUpDialog) -> None:
    dialog.client.setEditText("chen, li")  # typed, any case
    dialog.due.setText("12/04/2026")
    dialog.text.setText("  Ask for the PTP report ")
    dialog.owner.setEditText("Ana")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.value() == (3, date(2026, 12, 4), "Ask for the PTP report", "Ana")


def test_add_follow_up_starts_with_the_current_line_case_and_emits(
        qtbot, view: AgendaView, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[FollowUpDialog] = []

    def fill(self: FollowUpDialog) -> int:
        seen.append(self)
        self.text.setText("Send the mileage form")
        self.accept()
        return int(self.result())

    monkeypatch.setattr(FollowUpDialog, "exec", fill)
    view.select(THIS_WEEK.key)
    with qtbot.waitSignal(view.followUpAdded) as added:
        qtbot.keyClick(view.tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert added.args == [3, TODAY, "Send the mileage form", ""]
    assert seen[0].client.currentText() == "Chen, Li"


def test_done_written_through_the_store_is_audited_and_reversible(
        qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The view wired to the store as the window will be: Done keeps who and when in the
    audit; Undo reopens it, audited too."""
    from mmi_desktop.domain.casefile import load_case
    from mmi_desktop.store.agenda import AgendaStore
    from mmi_desktop.store.cases import CaseStore
    from tests.conftest import EXAMPLES

    store = CaseStore(db)
    store.create(load_case(EXAMPLES / "pending-surgery.json", today=TODAY))
    agenda = AgendaStore(db, "Ana Ruiz")
    view = AgendaView()
    qtbot.addWidget(view)

    def done(key: str, is_done: bool) -> None:
        if is_done:
            view.set_mark(agenda.mark_done(key))
        else:
            agenda.reopen(key)

    view.doneToggled.connect(done)
    view.show_agenda(*agenda.agenda(), TODAY)
    key = view.visible_keys()[0]
    view.set_done(key, True)
    assert agenda.marks()[key].done_by == "Ana Ruiz"
    assert key not in view.visible_keys()
    view.undo_done()
    assert agenda.marks() == {}
    assert key in view.visible_keys()
    assert [(r.action, r.os_user) for r in store.audit() if r.action.startswith("agenda")] == [
        ("agenda_done", "Ana Ruiz"), ("agenda_reopen", "Ana Ruiz")]


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_dates_days_and_done_are_never_cut_and_the_rest_have_tooltips(
        qtbot, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """At office screen sizes the Due and Days texts fit their cells whole (Due is
    indented under its heading); what may be elided carries its whole text in a tooltip."""
    view = AgendaView()
    qtbot.addWidget(view)
    view.resize(*size)
    long_name = follow_up_item(FollowUp(1, 4, TODAY - timedelta(days=1000), "x" * 200),
                               "Delgado-Fitzgerald-Whitaker, Anastasia Margarita")
    view.show_agenda([*ITEMS, long_name], {}, TODAY)
    view.show()
    qtbot.waitExposed(view)
    view.tree.expandAll()
    metrics = view.tree.fontMetrics()
    for key in view.visible_keys():
        for column in (COL_DUE, COL_DAYS):
            index = cell(view, key, column)
            rect = view.tree.visualRect(index)
            assert metrics.horizontalAdvance(index.data()) + 8 <= rect.width(), (key, column)
        for column in (COL_CLIENT, COL_WHAT):
            index = cell(view, key, column)
            assert index.data() in index.data(Qt.ItemDataRole.ToolTipRole)
    assert view.tree.visualRect(cell(view, OVERDUE.key, COL_DONE)).right() <= (
        view.tree.viewport().width())
    for widget in (view.add_button, view.undo_button, view.show_done):
        assert widget.width() >= widget.sizeHint().width()


def test_the_first_line_is_current_so_space_works_at_once(view: AgendaView) -> None:
    assert view.current_item() == OVERDUE


def many_items() -> list:  # type: ignore[type-arg]
    """Several lines under each heading, so that done and undo move single rows."""
    items = []
    for case in range(1, 7):
        client = f"Client{case:02d}, Test"
        for days in (-3, -1, 0, 2, 8, 30):
            items.append(deadline_item(case, client, OBJECTION_TO_REPORT, f"m{days}",
                                       TODAY + timedelta(days=days)))
    return items


def test_done_and_undo_move_single_rows_and_keep_the_model_sound(
        qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from mmi_desktop.domain.agenda import grouped

    items = many_items()
    view = AgendaView()
    qtbot.addWidget(view)
    view.show_agenda(items, {}, TODAY)
    qtmodeltester.check(view.model, force_py=True)
    removed: list[int] = []
    view.model.rowsRemoved.connect(lambda parent, first, last: removed.append(first))
    resets: list[bool] = []
    view.model.modelReset.connect(lambda: resets.append(True))
    rng = __import__("random").Random(5)
    order = rng.sample(items, len(items))
    for n, item in enumerate(order[:20]):
        view.set_done(item.key, True)
        if n % 3 == 2:
            view.undo_done()
        expected = [(g, found) for g, found in grouped(items, view.model.marks(), TODAY)
                    if found]
        assert view.model.groups() == expected
        for key in view.visible_keys():  # every line's index finds the line
            assert view.model.item(view.model.index_of(key)).key == key
        assert view.model.counts() == {g: len(f) for g, f in expected}
        heading = view.model.index(0, 0)
        assert heading.data().endswith(f"({len(expected[0][1])})")
    assert removed and not resets  # rows went one by one, no heading emptied
    qtmodeltester.check(view.model, force_py=True)


def test_ticking_the_last_line_before_a_closed_heading_keeps_it_closed(
        qtbot) -> None:  # type: ignore[no-untyped-def]
    view = AgendaView()
    qtbot.addWidget(view)
    view.show_agenda([NEXT_WEEK, LATER], {}, TODAY)
    view.select(NEXT_WEEK.key)
    view.set_done(NEXT_WEEK.key, True)
    assert not view.is_expanded(Group.LATER)
    assert view.current_item() is None  # the Later heading is current, still closed
    assert view.tree.currentIndex().data() == "Later (1)"


def test_owner_and_note_are_typed_in_boxes_as_long_as_the_store_keeps(
        qtbot, view: AgendaView) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit

    from mmi_desktop.domain.agenda import NOTE_MAX, OWNER_MAX

    for column, limit in ((COL_OWNER, OWNER_MAX), (COL_NOTE, NOTE_MAX)):
        index = cell(view, OVERDUE.key, column)
        view.tree.setCurrentIndex(index)
        view.tree.edit(index)
        editor = view.tree.indexWidget(index) or view.tree.focusWidget()
        assert isinstance(editor, QLineEdit) and editor.maxLength() == limit
        editor.setText("Ana" if column == COL_OWNER else "faxed")
        signal = view.ownerChanged if column == COL_OWNER else view.noteChanged
        with qtbot.waitSignal(signal) as changed:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        assert changed.args == [OVERDUE.key, "Ana" if column == COL_OWNER else "faxed"]


def test_tab_leaves_the_lines_for_the_controls_and_comes_back(qtbot, view: AgendaView) -> None:  # type: ignore[no-untyped-def]
    view.activateWindow()
    view.setFocus()
    assert view.tree.hasFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Tab)
    assert view.show_done.hasFocus()  # not the next column: Tab never walks the cells
    qtbot.keyClick(view.show_done, Qt.Key.Key_Tab)
    assert view.add_button.hasFocus()  # (Undo done is disabled: skipped)
    qtbot.keyClick(view.add_button, Qt.Key.Key_Backtab)
    assert view.show_done.hasFocus()
    qtbot.keyClick(view.show_done, Qt.Key.Key_Backtab)
    assert view.tree.hasFocus()

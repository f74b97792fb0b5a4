"""The main window, driven through its real widgets on a temporary database."""

from __future__ import annotations

import os
import sqlite3
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from mmi_desktop.domain.casefile import case_to_dict, load_case, save_case
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.ui.case_list import COL_CLIENT, COL_DOI, OBJECT_ROLE

Button = QMessageBox.StandardButton
EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
SHOTS = Path(__file__).resolve().parents[2] / "shots"


# ---------------------------------------------------------------------------- helpers


def field(window: Any, path: str) -> Any:
    """The input of a form field of the editor, by its case-format path."""
    editor = window.editor
    for section in (editor.client_section, editor.claim_section, editor.notes_section):
        for f in section.fields:
            if f.path == path:
                return f.widget
    raise KeyError(path)


def line_edit(widget: Any) -> QLineEdit:
    return widget.line_edit() if hasattr(widget, "line_edit") else widget


def retype(qtbot: Any, widget: Any, text: str) -> None:
    """Select what is in a field and type over it, as a person does."""
    edit = line_edit(widget)
    edit.selectAll()
    edit.del_()
    for ch in text:  # QTest types ASCII only: other letters go in as an input method would
        if ch.isascii():
            qtbot.keyClicks(edit, ch)
        else:
            edit.insert(ch)


def add_examples(store: CaseStore) -> dict[str, int]:
    """The example case files in the store: {last name: case id}."""
    ids = {}
    for path in sorted(EXAMPLES.glob("*.json")):
        case = load_case(path)
        (ids[case.client.last_name],) = store.import_cases([case])
    return ids


def pick(window: Any, case_id: int) -> None:
    """Click a case's row in the list."""
    panel = window.case_list
    index = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(case_id), COL_CLIENT))
    panel.view.setCurrentIndex(index)


def selected_id(window: Any) -> int | None:
    rows = window.case_list.view.selectionModel().selectedRows()
    return rows[0].data(OBJECT_ROLE).id if rows else None


def stored_dict(db_path: Path, case_id: int) -> dict[str, Any]:
    from mmi_desktop.store.database import open_database

    db = open_database(db_path)
    try:
        return case_to_dict(CaseStore(db).load(case_id).case)
    finally:
        db.close()


@pytest.fixture
def two_cases(db_path: Path) -> dict[str, int]:
    from mmi_desktop.store.database import open_database

    db = open_database(db_path)
    try:
        return add_examples(CaseStore(db))
    finally:
        db.close()


# ---------------------------------------------------------------------------- first run


def test_empty_database_shows_the_welcome_page(make_window: Any) -> None:
    window = make_window()
    assert window.pages.currentWidget() is window.welcome
    assert window.welcome.isVisible()
    text = window.status_label.text()
    assert window.db.location in text and "0 cases" in text
    assert window.windowTitle().startswith("MMI Desktop")


def test_welcome_new_case_opens_a_blank_editor(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    window.welcome.firm_card.skip_button.click()  # the firm's page first (issue 16)
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.splitter
    assert window.pane.tabs.currentWidget() is window.editor
    assert window.is_new and window.case_id is None
    assert "New case" in window.pane.header.name.text()


def test_menus_and_shortcuts(make_window: Any) -> None:
    window = make_window()
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "Edit", "View", "Help"]
    keys = {
        window.new_action: "Ctrl+N",
        window.save_action: "Ctrl+S",
        window.quit_action: "Ctrl+Q",
        window.find_action: "Ctrl+F",
    }
    for action, key in keys.items():
        assert action.shortcut() == QKeySequence(key), action.text()
    assert window.attention_action.isEnabled()


# ---------------------------------------------------------------------------- create, save, restart


def test_create_a_case_save_and_find_it_after_a_restart(
    qtbot: Any, make_window: Any, db_path: Path
) -> None:
    window = make_window()
    window.new_action.trigger()
    retype(qtbot, field(window, "client.first_name"), "Guadalupe")
    retype(qtbot, field(window, "client.last_name"), "Hernández-Villalobos")
    retype(qtbot, field(window, "claim.date_of_injury"), "03/08/2023")
    retype(qtbot, field(window, "claim.claim_number"), "05A2345678")
    retype(qtbot, field(window, "claim.average_weekly_wage"), "1020.50")
    window.editor.claim_section.body_parts.widget.add_string("lumbar spine")
    assert window.editor.is_dirty()
    assert window.isWindowModified()

    assert window.save() is True
    assert not window.editor.is_dirty()
    assert window.case_id is not None
    assert window.case_list.model.rowCount() == 1
    assert selected_id(window) == window.case_id
    assert "saved " in window.status_label.text() and "1 case" in window.status_label.text()
    assert "Hernández-Villalobos" in window.windowTitle()
    saved = case_to_dict(window.editor.current_case())
    case_id = window.case_id
    window.close()

    again = make_window()
    assert again.pages.currentWidget() is again.splitter
    assert again.case_list.model.rowCount() == 1
    row = again.case_list.model.summary(0)
    assert (row.id, row.display_name) == (case_id, "Hernández-Villalobos, Guadalupe")
    assert again.case_list.model.index(0, 1).data() == "03/08/2023"
    pick(again, case_id)
    assert again.case_id == case_id
    assert case_to_dict(again.editor.current_case()) == saved
    assert saved["claim"]["average_weekly_wage"] == "1020.50"
    assert not again.editor.is_dirty()


def test_save_with_ctrl_s(
    qtbot: Any, make_window: Any, two_cases: dict[str, int], db_path: Path
) -> None:
    window = make_window()
    pick(window, two_cases["Wilson"])
    retype(qtbot, field(window, "claim.employer"), "Wilson Freight LLC")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(
        field(window, "claim.employer"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: not window.editor.is_dirty(), timeout=2000)
    assert stored_dict(db_path, two_cases["Wilson"])["claim"]["employer"] == "Wilson Freight LLC"


def test_a_bad_wage_shows_its_message_and_save_is_refused(
    qtbot: Any, make_window: Any, two_cases: dict[str, int], db_path: Path, messages: Any
) -> None:
    case_id = two_cases["Wilson"]
    before = stored_dict(db_path, case_id)
    window = make_window()
    pick(window, case_id)
    version = window.version
    retype(qtbot, field(window, "claim.average_weekly_wage"), "12x0")
    problems = window.editor.problems()
    assert [p.path for p in problems] == ["claim.average_weekly_wage"]

    assert window.save() is False
    shown = messages.shown[-1]
    assert shown.title == "Not saved"
    assert "Average weekly wage" in shown.informative
    assert problems[0].message in shown.informative
    # Nothing changed: not in the store, not in the editor.
    assert stored_dict(db_path, case_id) == before
    assert window.version == version
    assert window.editor.is_dirty()
    assert line_edit(field(window, "claim.average_weekly_wage")).text() == "12x0"
    assert window.pane.tabs.currentWidget() is window.editor
    assert window.editor.current_section() == "Claim"  # shown where the problem is


def test_a_missing_last_name_is_refused_for_a_new_case(
    qtbot: Any, make_window: Any, messages: Any
) -> None:
    window = make_window()
    window.new_case()
    retype(qtbot, field(window, "client.first_name"), "Ana")
    retype(qtbot, field(window, "claim.date_of_injury"), "01/02/2024")
    assert window.save() is False
    assert "Last name" in messages.shown[-1].informative
    assert window.store.count() == 0
    assert window.is_new


# ---------------------------------------------------------------------------- unsaved changes


def test_switching_case_with_unsaved_changes_asks_first(
    qtbot: Any, make_window: Any, two_cases: dict[str, int], db_path: Path, messages: Any
) -> None:
    wilson, other = two_cases["Wilson"], next(v for k, v in two_cases.items() if k != "Wilson")
    window = make_window()
    pick(window, wilson)
    retype(qtbot, field(window, "claim.employer"), "Changed Employer")

    messages.answer(Button.Cancel)
    pick(window, other)
    assert messages.shown[-1].title == "Unsaved changes"
    assert window.case_id == wilson  # stayed
    assert line_edit(field(window, "claim.employer")).text() == "Changed Employer"
    qtbot.waitUntil(lambda: selected_id(window) == wilson)  # the list went back too

    messages.answer(Button.Discard)
    pick(window, other)
    assert window.case_id == other
    assert stored_dict(db_path, wilson)["claim"]["employer"] != "Changed Employer"

    retype(qtbot, field(window, "claim.employer"), "Saved On The Way")
    messages.answer(Button.Save)
    pick(window, wilson)
    assert window.case_id == wilson
    assert stored_dict(db_path, other)["claim"]["employer"] == "Saved On The Way"


def test_no_question_when_nothing_changed(
    make_window: Any, two_cases: dict[str, int], messages: Any
) -> None:
    window = make_window()
    ids = list(two_cases.values())
    pick(window, ids[0])
    pick(window, ids[1])
    assert window.case_id == ids[1]
    assert messages.shown == []


def test_closing_with_unsaved_changes_asks_first(
    qtbot: Any, make_window: Any, two_cases: dict[str, int], messages: Any
) -> None:
    window = make_window()
    pick(window, two_cases["Wilson"])
    retype(qtbot, field(window, "client.phone"), "(916) 555-0199")
    messages.answer(Button.Cancel)
    window.close()
    assert window.isVisible()
    assert messages.shown[-1].title == "Unsaved changes"
    messages.answer(Button.Discard)
    window.close()
    assert not window.isVisible()


def test_new_case_with_unsaved_changes_asks_first(
    qtbot: Any, make_window: Any, two_cases: dict[str, int], messages: Any
) -> None:
    window = make_window()
    pick(window, two_cases["Wilson"])
    retype(qtbot, field(window, "client.phone"), "(916) 555-0199")
    messages.answer(Button.Cancel)
    window.new_action.trigger()
    assert window.case_id == two_cases["Wilson"] and not window.is_new


def test_revert_goes_back_to_the_saved_case(
    qtbot: Any, make_window: Any, two_cases: dict[str, int], messages: Any
) -> None:
    window = make_window()
    pick(window, two_cases["Wilson"])
    original = line_edit(field(window, "client.first_name")).text()
    retype(qtbot, field(window, "client.first_name"), "Somebody")
    assert window.revert_action.isEnabled()
    messages.answer(Button.Discard)
    window.revert_action.trigger()
    assert line_edit(field(window, "client.first_name")).text() == original
    assert not window.editor.is_dirty()
    assert not window.revert_action.isEnabled()


# ---------------------------------------------------------------------------- changed elsewhere


def test_a_case_changed_elsewhere_is_not_overwritten(
    qtbot: Any, make_window: Any, two_cases: dict[str, int], db_path: Path, messages: Any
) -> None:
    from mmi_desktop.store.database import open_database

    case_id = two_cases["Wilson"]
    window = make_window()
    pick(window, case_id)
    retype(qtbot, field(window, "client.phone"), "(916) 555-0101")

    # Someone else saves the case in the meantime.
    other_db = open_database(db_path)
    other = CaseStore(other_db)
    theirs = other.load(case_id)
    theirs.case.claim.employer = "Changed By A Colleague"
    other.save(case_id, theirs.case, theirs.version)
    other_db.close()

    messages.answer(Button.Cancel)  # keep editing
    assert window.save() is False
    shown = messages.shown[-1]
    assert "changed elsewhere since you opened it" in shown.text
    assert "Employer" in shown.informative and "claim.employer" not in shown.informative
    assert stored_dict(db_path, case_id)["claim"]["employer"] == "Changed By A Colleague"
    assert line_edit(field(window, "client.phone")).text() == "(916) 555-0101"  # nothing lost
    assert window.editor.is_dirty()

    messages.answer(Button.Save)  # then: save mine over it
    assert window.save() is True
    stored = stored_dict(db_path, case_id)
    assert stored["client"]["phone"] == "(916) 555-0101"


# ---------------------------------------------------------------------------- the list


def test_filter_narrows_the_list_as_you_type(
    qtbot: Any, make_window: Any, two_cases: dict[str, int]
) -> None:
    window = make_window()
    assert window.case_list.visible_count() == 2
    window.find_action.trigger()
    qtbot.keyClicks(window.case_list.filter_edit, "wils")
    assert window.case_list.visible_count() == 1
    assert window.case_list.proxy.index(0, COL_CLIENT).data().startswith("Wilson")
    window.case_list.filter_edit.clear()
    assert window.case_list.visible_count() == 2


def test_ctrl_f_focuses_the_filter(qtbot: Any, make_window: Any, two_cases: dict[str, int]) -> None:
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window.case_list.view.setFocus()
    qtbot.keyClick(window.case_list.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.case_list.filter_edit.hasFocus(), timeout=2000)


def test_saving_a_new_name_updates_its_row(
    qtbot: Any, make_window: Any, two_cases: dict[str, int]
) -> None:
    window = make_window()
    pick(window, two_cases["Wilson"])
    retype(qtbot, field(window, "client.last_name"), "Aaronson")
    assert window.save()
    assert window.case_list.proxy.index(0, COL_CLIENT).data().startswith("Aaronson")
    assert selected_id(window) == two_cases["Wilson"]


def test_delete_asks_then_removes_the_case(
    make_window: Any, two_cases: dict[str, int], messages: Any
) -> None:
    window = make_window()
    case_id = two_cases["Wilson"]
    pick(window, case_id)
    messages.answer(Button.Cancel)
    window.delete_action.trigger()
    assert window.store.count() == 2
    messages.answer(Button.Yes)
    window.delete_action.trigger()
    assert "Delete the case of" in messages.shown[-1].text
    assert window.store.count() == 1
    assert window.case_list.model.row_of(case_id) is None
    assert window.case_id is None and window.right.currentWidget() is window.home
    assert [r.action for r in window.store.audit(case_id)][-1] == "delete"


def test_deleting_the_last_case_shows_the_welcome_page(
    make_window: Any, store: Any, messages: Any
) -> None:
    (case_id,) = store.import_cases([load_case(EXAMPLES / "clean.json")])
    window = make_window()
    pick(window, case_id)
    messages.answer(Button.Yes)
    window.delete_case()
    assert window.pages.currentWidget() is window.welcome


# ---------------------------------------------------------------------------- tabs


def test_header_and_overview_show_the_key_facts(
    make_window: Any, two_cases: dict[str, int]
) -> None:
    window = make_window()
    pick(window, two_cases["Wilson"])
    assert window.pane.header.name.toolTip() == "Derek Wilson"
    assert window.pane.header.name.text() == "Derek Wilson"
    facts = window.pane.header.facts.text()
    assert "DOI 08/30/2022" in facts and "C-20220830" in facts
    window.pane.tabs.setCurrentWidget(window.pane.overview_page)
    text = window.pane.overview.toPlainText()
    for expected in (
        "Derek Wilson",
        "08/30/2022",
        "Sample Employer Inc.",
        "$1,340.00",
        "right ankle",
        "Dr. Miguel Ortega",
    ):
        assert expected in text


def test_tabs_are_in_order(make_window: Any, two_cases: dict[str, int]) -> None:
    window = make_window()
    tabs = window.pane.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Overview",
        "Edit",
        "Timeline",
        "Letter",
        "History",
    ]


def test_history_lists_each_change(qtbot: Any, make_window: Any, two_cases: dict[str, int]) -> None:
    window = make_window()
    pick(window, two_cases["Wilson"])
    retype(qtbot, field(window, "claim.employer"), "Wilson Freight LLC")
    assert window.save()
    window.pane.tabs.setCurrentWidget(window.pane.history)
    history = window.pane.history
    rows = [
        [history.topLevelItem(i).text(c) for c in range(5)]
        for i in range(history.topLevelItemCount())
    ]
    assert rows[0][2:] == ["changed", "Employer", "Sample Employer Inc. → Wilson Freight LLC"]
    assert history.topLevelItem(0).toolTip(3) == "claim.employer"  # the path stays at hand
    assert rows[-1][2] == "imported"
    assert rows[0][1]  # who


def test_timeline_item_opens_in_the_editor(make_window: Any, two_cases: dict[str, int]) -> None:
    window = make_window()
    pick(window, two_cases["Wilson"])
    window.pane.tabs.setCurrentWidget(window.timeline)
    case = window.loaded_case
    treatment = case.treatments[0].id
    window.timeline.item_activated.emit("treatment", treatment)
    assert window.pane.tabs.currentWidget() is window.editor
    assert window.editor.current_section() == "Treatments"


# ---------------------------------------------------------------------------- files


def test_import_in_the_background_with_a_report(
    qtbot: Any, make_window: Any, tmp_path: Path, file_dialogs: Any
) -> None:
    bad = load_case(EXAMPLES / "clean.json")
    bad_path = tmp_path / "bad-wage.json"
    save_case(bad, bad_path)
    bad_path.write_text(bad_path.read_text().replace('"1340.00"', '"12.345"'))
    good = [str(p) for p in sorted(EXAMPLES.glob("*.json"))]
    file_dialogs.open_files.append([*good, str(bad_path)])

    window = make_window()
    window.import_action.trigger()
    qtbot.waitUntil(lambda: window.last_report is not None, timeout=30000)
    report = window.last_report.report
    assert [Path(i.path).name for i in report.imported] == [Path(p).name for p in good]
    assert [Path(r.path).name for r in report.refused] == ["bad-wage.json"]
    lines = window.last_report.text.toPlainText().splitlines()
    refused = [line for line in lines if line.startswith("Refused")]
    assert refused and all(str(bad_path) in line for line in refused)
    assert any("Average weekly wage" in line for line in refused)
    assert "2 of 3 case files imported; 1 refused" in window.last_report.summary.text()
    assert window.store.count() == 2
    assert window.case_list.model.rowCount() == 2
    assert window.pages.currentWidget() is window.splitter
    if os.environ.get("MMI_SHOTS"):
        SHOTS.mkdir(exist_ok=True)
        window.last_report.grab().save(str(SHOTS / "main-import-report.png"))
    window.last_report.close()


# issue 11 item 7
@pytest.mark.parametrize("choice", ["replace", "skip"])
def test_importing_a_case_already_there_asks_replace_or_skip(
    qtbot: Any, make_window: Any, tmp_path: Path, file_dialogs: Any, messages: Any,
    choice: str,
) -> None:
    from mmi_desktop.ui.dialogs import Button

    window = make_window()
    file_dialogs.open_files.append([str(EXAMPLES / "clean.json")])
    window.import_action.trigger()
    qtbot.waitUntil(lambda: window.last_report is not None, timeout=30000)
    window.last_report.close()
    assert window.store.count() == 1
    newer = load_case(EXAMPLES / "clean.json")
    newer.client.phone = "(559) 555-0142"
    path = tmp_path / "clean-again.json"
    save_case(newer, path)
    window.files.last_report = None
    messages.clear()
    messages.answer(Button.Yes if choice == "replace" else Button.No)
    file_dialogs.open_files.append([str(path)])
    window.import_action.trigger()
    qtbot.waitUntil(lambda: window.last_report is not None, timeout=30000)
    asked = messages.shown[0]
    assert "the same case as case 1 (Wilson, Derek)" in asked.all_text
    assert "Replace case 1" in asked.all_text
    stored = window.store.load(1)
    assert window.store.count() == 1
    summary = window.last_report.summary.text()
    if choice == "replace":
        assert stored.case.client.phone == "(559) 555-0142" and stored.version == 2
        assert "1 replacing a case already there" in summary
        assert ("replace", str(path)) in [(r.action, r.path) for r in window.store.audit(1)]
    else:
        assert stored.case.client.phone != "(559) 555-0142" and stored.version == 1
        assert "1 not added: the case is already there" in summary
    window.last_report.close()


def test_import_cancelled_keeps_what_was_done(
    qtbot: Any, make_window: Any, file_dialogs: Any
) -> None:
    from mmi_desktop.ui.tasks import Task, import_case_files

    window = make_window()
    files = [str(p) for p in sorted(EXAMPLES.glob("*.json"))]
    task = Task(lambda t: None, "test")
    task.cancel()
    report = import_case_files(window.workspace, files, task)
    assert report.cancelled and report.not_read == files and window.store.count() == 0


def test_cancel_in_the_progress_dialog_stops_the_import(
    qtbot: Any, make_window: Any, file_dialogs: Any
) -> None:
    import threading

    from mmi_desktop.ui.tasks import Task

    window = make_window()
    window.pool.setMaxThreadCount(1)
    gate = threading.Event()
    blocker = Task(lambda t: gate.wait(5), "hold the pool")
    blocker.start(window.pool)  # the import waits behind it, so Cancel comes first
    files = [str(p) for p in sorted(EXAMPLES.glob("*.json"))]
    file_dialogs.open_files.append(files)
    window.import_action.trigger()
    assert window.busy() and not window.import_action.isEnabled()
    window.progress.canceled.emit()  # the Cancel button, Escape or closing the dialog
    gate.set()
    qtbot.waitUntil(lambda: window.last_report is not None, timeout=30000)
    assert window.last_report.report.not_read == files
    assert "the import was cancelled" in window.last_report.summary.text()
    assert window.store.count() == 0
    assert window.import_action.isEnabled()


def test_a_failing_task_reports_a_message_naming_the_log(qtbot: Any) -> None:
    from PySide6.QtCore import QThreadPool

    from mmi_desktop.logsetup import log_file
    from mmi_desktop.ui.tasks import Task

    def job(task: Task) -> None:
        raise OSError("disk full")

    task = Task(job, "Exporting cases")
    with qtbot.waitSignal(task.signals.failed, timeout=30000) as signal:
        task.start(QThreadPool())
    message = signal.args[0]
    assert message.startswith("Exporting cases failed (disk full). Details")
    assert str(log_file()) in message


def test_a_message_ending_in_a_full_stop_gets_no_second_one() -> None:
    from mmi_desktop.logsetup import unexpected

    message = unexpected("Saving", OSError("The disk is full."))
    assert "Saving failed (The disk is full). Details are in the log" in message
    assert ".." not in message


def test_export_file_names_are_safe_and_unique() -> None:
    from mmi_desktop.domain.model import Client
    from mmi_desktop.ui.tasks import export_file_name

    name = export_file_name(Client("María José", "Hernández-Villalobos"), 12)
    assert name == "0012-Hernandez-Villalobos-Maria-Jose.json"
    assert export_file_name(Client("", "../../etc"), 3) == "0003-etc.json"


def test_export_writes_one_file_per_case(
    qtbot: Any,
    make_window: Any,
    two_cases: dict[str, int],
    tmp_path: Path,
    file_dialogs: Any,
    messages: Any,
) -> None:
    folder = tmp_path / "export"
    file_dialogs.folders.append(str(folder))
    window = make_window()
    window.export_action.trigger()
    qtbot.waitUntil(lambda: not window.busy() and bool(messages.shown), timeout=30000)
    files = sorted(folder.glob("*.json"))
    assert len(files) == 2
    assert "2 case files written" in messages.shown[-1].text
    names = {load_case(f).client.last_name for f in files}
    assert names == set(two_cases)


# issue 11 item 8 (the window's export and calendar)
def test_export_and_calendar_in_the_window_write_the_others_and_name_a_damaged_case(
    qtbot: Any, make_window: Any, two_cases: dict[str, int], tmp_path: Path, db_path: Path,
    file_dialogs: Any, messages: Any,
) -> None:
    damaged = min(two_cases.values())
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE cases SET document = '{' WHERE id = ?", (damaged,))
    conn.commit()
    conn.close()
    name = next(n for n, i in two_cases.items() if i == damaged)
    folder = tmp_path / "export"
    file_dialogs.folders.append(str(folder))
    window = make_window()
    window.export_action.trigger()
    qtbot.waitUntil(lambda: not window.busy() and bool(messages.shown), timeout=30000)
    assert len(list(folder.glob("*.json"))) == 1
    shown = messages.shown[-1]
    assert "1 case file written" in shown.text
    assert f"Case {damaged} ({name}," in shown.informative and "damaged" in shown.informative
    messages.clear()
    ics = tmp_path / "all.ics"
    file_dialogs.save_files.append(str(ics))
    window.files.export_calendar_all()
    qtbot.waitUntil(lambda: not window.busy() and bool(messages.shown), timeout=30000)
    assert ics.exists() and name not in ics.read_text()
    assert f"Case {damaged} ({name}," in messages.shown[-1].informative


def test_backup_copies_the_database(
    qtbot: Any,
    make_window: Any,
    two_cases: dict[str, int],
    tmp_path: Path,
    file_dialogs: Any,
    messages: Any,
) -> None:
    target = tmp_path / "copy.backup-1.sqlite"
    file_dialogs.save_files.append(str(target))
    window = make_window()
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: target.exists() and not window.busy(), timeout=30000)
    with sqlite3.connect(target) as conn:
        assert conn.execute("select count(*) from cases").fetchone()[0] == 2


def test_about_names_version_and_database(make_window: Any, messages: Any) -> None:
    window = make_window()
    window.about_action.trigger()
    shown = messages.shown[-1]
    assert "MMI Desktop" in shown.text
    assert window.db.location in shown.informative


# ---------------------------------------------------------------------------- samples


def test_sample_cases_open_in_their_own_database(qtbot: Any, make_window: Any, home: Path) -> None:
    window = make_window()
    window.welcome.firm_card.skip_button.click()  # the firm's page first (issue 16)
    if not window.welcome.samples_button.isVisibleTo(window.welcome):
        pytest.skip("mmi_desktop.store.samples.load_samples is not there yet")
    own = window.db.path
    qtbot.mouseClick(window.welcome.samples_button, Qt.MouseButton.LeftButton)
    assert window.case_list.model.rowCount() > 0
    assert window.db.path != own
    assert "demo" in window.windowTitle().lower()
    with sqlite3.connect(own) as conn:
        assert conn.execute("select count(*) from cases").fetchone()[0] == 0


# ---------------------------------------------------------------------------- window state


def test_window_size_splitter_and_columns_are_remembered(
    qtbot: Any, make_window: Any, two_cases: dict[str, int]
) -> None:
    window = make_window()
    # The offscreen screen is 800×800 and Qt fits a restored window to its screen, so the
    # height is the telling figure here (the first-run default is 800).
    window.resize(900, 640)
    window.splitter.setSizes([380, 520])
    window.case_list.view.setColumnWidth(COL_CLIENT, 233)
    window.case_list.view.sortByColumn(COL_DOI, Qt.SortOrder.DescendingOrder)
    qtbot.wait(10)
    sizes = window.splitter.sizes()
    order = [window.case_list.proxy.index(r, COL_DOI).data() for r in range(2)]
    assert order == sorted(order, key=lambda d: (d[6:], d[:5]), reverse=True)
    window.close()

    again = make_window()
    assert (again.width(), again.height()) == (900, 640)
    assert again.splitter.sizes() == sizes
    assert again.case_list.view.columnWidth(COL_CLIENT) == 233
    assert [again.case_list.proxy.index(r, COL_DOI).data() for r in range(2)] == order


def test_qsettings_are_isolated(isolated_qsettings: Path) -> None:
    assert QSettings().fileName().startswith(str(isolated_qsettings))


def test_tab_order_runs_filter_list_tabs(make_window: Any) -> None:
    window = make_window()

    def next_stop(widget: Any) -> Any:
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or not widget.isVisible():
            widget = widget.nextInFocusChain()
        return widget

    window.pages.setCurrentWidget(window.splitter)
    assert next_stop(window.case_list.filter_edit) is window.case_list.view
    assert next_stop(window.case_list.view) is window.pane.tabs or not window.pane.isVisible()


# ---------------------------------------------------------------------------- app start


def test_run_app_opens_the_window_on_the_database(
    qtbot: Any, db_path: Path, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mmi_desktop.ui.app import run_app
    from mmi_desktop.ui.main_window import MainWindow

    store.import_cases([load_case(EXAMPLES / "clean.json")])
    seen: dict[str, Any] = {}

    def windows() -> list[Any]:
        return [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]

    def event_loop(app: Any) -> int:
        # The real loop would end the test session's application when it quits.
        qtbot.waitUntil(lambda: bool(windows()) and windows()[0].loaded, timeout=30000)
        window = windows()[0]
        seen["title"], seen["rows"] = window.windowTitle(), window.case_list.model.rowCount()
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    saved = sys.excepthook
    try:
        assert run_app(str(db_path), title_suffix=" — test") == 0
    finally:
        sys.excepthook = saved
    assert seen == {"title": "test — MMI Desktop[*]", "rows": 1}
    assert QApplication.organizationName() and QApplication.applicationName()


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path, messages: Any) -> None:
    from mmi_desktop.ui.app import run_app

    path = tmp_path / "cases.sqlite"
    path.write_bytes(b"this is not a database")
    assert run_app(str(path)) == 2
    assert path.read_bytes() == b"this is not a database"
    assert "not an MMI Desktop database" in messages.shown[-1].text


def test_newest_backup_is_offered_and_a_copy_opened(
    qtbot: Any, tmp_path: Path, store: Any, db_path: Path, messages: Any
) -> None:
    from mmi_desktop.store.backups import backups_of
    from mmi_desktop.store.database import online_backup
    from mmi_desktop.ui.app import open_or_explain

    store.import_cases([load_case(EXAMPLES / "clean.json")])
    old = online_backup(store.db, tmp_path / "cases.backup-20240101-0000.sqlite")
    newest = online_backup(store.db, tmp_path / "cases.backup-20250101-0000.sqlite")
    os.utime(old, (1_600_000_000, 1_600_000_000))
    broken = tmp_path / "cases.sqlite"
    store.db.close()
    for suffix in ("-wal", "-shm"):
        Path(str(broken) + suffix).unlink(missing_ok=True)
    broken.write_bytes(b"garbage, not sqlite")
    assert backups_of(broken)[0] == newest
    before = newest.read_bytes()

    messages.answer(Button.Open)
    db, note = open_or_explain(str(broken))
    assert db is not None
    try:
        assert "cases.backup-20250101-0000.sqlite" in messages.shown[-1].informative
        assert CaseStore(db).count() == 1
        assert db.path != newest and db.path.name.startswith("cases.restored-")
        assert "copy of backup" in note
    finally:
        db.close()
    assert broken.read_bytes() == b"garbage, not sqlite"
    assert newest.read_bytes() == before


def test_uncaught_errors_are_logged_and_shown(messages: Any) -> None:
    from mmi_desktop.logsetup import log_file
    from mmi_desktop.ui.app import install_excepthook

    saved = sys.excepthook
    try:
        install_excepthook()
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = saved
    assert "The last action failed (boom)" in messages.shown[-1].text
    assert "ZeroDivisionError" not in messages.shown[-1].text  # (Python's name: in the log)
    assert str(log_file()) in messages.shown[-1].text
    assert "ZeroDivisionError: boom" in log_file().read_text()


# issue 11 item 13
def test_an_uncaught_error_with_an_unwritable_log_folder_is_still_shown_once(
    messages: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_log: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from mmi_desktop.ui.app import install_excepthook

    home = tmp_path / "home"
    home.mkdir()
    (home / "logs").write_text("a file where the log folder should be")
    monkeypatch.setenv("MMI_DESKTOP_HOME", str(home))
    saved = sys.excepthook
    try:
        install_excepthook()
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)  # must not raise
    finally:
        sys.excepthook = saved
    assert len(messages.shown) == 1 and "boom" in messages.shown[0].text
    assert "Error in sys.excepthook" not in capsys.readouterr().err


# issue 11 item 13
def test_the_error_hook_survives_a_failing_dialog(
    messages: Any, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from mmi_desktop.ui import dialogs
    from mmi_desktop.ui.app import install_excepthook

    def broken_tell(*_a: Any, **_k: Any) -> None:
        raise RuntimeError("no dialog today")

    monkeypatch.setattr(dialogs, "tell", broken_tell)
    saved = sys.excepthook
    try:
        install_excepthook()
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = saved
    assert "could not be reported" in capfd.readouterr().err


# ---------------------------------------------------------------------------- screenshots


def test_screenshots_at_1280_by_800(qtbot: Any, make_window: Any, store: Any) -> None:
    """Grabs the welcome screen and the window with cases (long names included); kept in
    shots/ (git-ignored) to look at."""
    from mmi_desktop import paths

    out = SHOTS if os.environ.get("MMI_SHOTS") else None
    welcome = make_window()
    welcome.resize(1280, 800)
    image = welcome.grab()
    assert (image.width(), image.height()) == (1280, 800)
    if out:
        out.mkdir(exist_ok=True)
        image.save(str(out / "main-welcome.png"))
    welcome.close()

    files = sorted(EXAMPLES.glob("*.json")) + sorted(paths.resource("samples").glob("*.json"))
    cases = [load_case(p) for p in files]
    long = load_case(EXAMPLES / "clean.json")
    long.client.first_name = "María Guadalupe de los Ángeles"
    long.client.last_name = "Hernández-Villalobos y Castañeda"
    long.claim.employer = "Valley Packing and Cold Storage Cooperative of the San Joaquin"
    long.claim.average_weekly_wage = Decimal("1020.00")
    cases.append(long)
    store.import_cases(cases)
    window = make_window()
    window.resize(1280, 800)
    long_id = next(
        s.id for s in window.case_list.model.summaries() if s.last_name.startswith("Hernández")
    )
    pick(window, long_id)
    header = window.pane.header.name.text()
    assert header.endswith("…") and header.startswith("María Guadalupe")  # cut, not clipped
    pages = (
        ("overview", window.pane.overview_page),
        ("edit", window.editor),
        ("timeline", window.timeline),
        ("letter", window.pane.letter_page),
        ("history", window.pane.history),
    )
    for name, page in pages:
        window.pane.tabs.setCurrentWidget(page)
        if page is window.pane.letter_page:
            qtbot.waitUntil(
                lambda: window.pane.letter_page.pdf_bytes.startswith(b"%PDF"), timeout=5000
            )
        qtbot.wait(20)
        image = window.grab()
        assert (image.width(), image.height()) == (1280, 800)
        if out:
            image.save(str(out / f"main-{name}.png"))
    window.pane.tabs.setCurrentWidget(window.editor)
    window.editor.show_section("Claim")
    retype(qtbot, field(window, "claim.average_weekly_wage"), "12x0")
    assert window.pane.dirty_label.text() == "Unsaved changes"
    assert window.revert_action.isEnabled()
    if out:
        window.grab().save(str(out / "main-unsaved.png"))
    window.editor.mark_clean()


def test_letter_tab_shows_the_letter_of_the_open_case(
    qtbot: Any, make_window: Any, two_cases: dict[str, int]
) -> None:
    window = make_window()
    pick(window, two_cases["Wilson"])
    letter = window.pane.letter_page
    assert letter.pdf_bytes == b""  # rendered only when its tab is shown
    window.pane.tabs.setCurrentWidget(letter)
    qtbot.waitUntil(lambda: letter.pdf_bytes.startswith(b"%PDF"), timeout=30000)


# issue 11 items 8 and 13 (found breaking it: a zeroed date under one row broke the list)
def test_a_damaged_row_is_left_out_of_the_list_and_said(
    qtbot: Any, make_window: Any, db_path: Path, messages: Any
) -> None:
    from mmi_desktop.store.database import open_database
    from mmi_desktop.store.samples import sample_files

    db = open_database(db_path)
    CaseStore(db).import_cases([load_case(p) for p in sample_files()[:5]])
    db.close()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE cases SET date_of_injury = X'00000000' WHERE id = 2")
    conn.commit()
    conn.close()
    window = make_window()
    qtbot.wait(200)
    assert window.case_list.model.rowCount() == 4
    assert "damaged case left out of the list (case 2)" in window.statusBar().currentMessage()
    assert messages.shown == []


# issue 11 item 14 (the window on a database it may only read)
def test_the_window_reads_a_read_only_database_and_a_save_says_why_not(
    qtbot: Any, make_window: Any, tmp_path: Path, messages: Any
) -> None:
    from mmi_desktop.store.database import open_database
    from tests.mounting import remount_read_only, small_tmpfs

    with small_tmpfs(tmp_path / "disk", "4m") as disk:
        path = disk / "cases.sqlite"
        db = open_database(path)
        try:
            ids = add_examples(CaseStore(db))
        finally:
            db.close()
        remount_read_only(disk)
        window = make_window(path)
        assert window.case_list.model.rowCount() == len(ids)
        assert window.open_case(min(ids.values()))
        phone = window.editor.field_widget("client.phone")
        phone.setText("(559) 555-0100")
        messages.clear()
        assert window.save() is False
        text = "\n".join(messages.texts())
        assert "read-only" in text and "writing needs write access" in text
        window.editor.mark_clean()
        window.close()
        window.pool.waitForDone(5000)
        qtbot.wait(1500)  # what the window had queued runs while the disk is still there
        window.db.close()


def test_the_demo_database_shows_a_bar_and_leads_back_to_my_cases(
    qtbot: Any, make_window: Any, home: Path
) -> None:
    """Issue 17 item 5: while on the demo database a coloured bar says so, the title says it
    once (it ends with the app's name, so Qt adds nothing), and File → Open my cases goes
    back to the caseworker's own database."""
    from mmi_desktop import paths

    window = make_window()
    assert not window.demo_bar.isVisibleTo(window)
    assert not window.my_cases_action.isEnabled()
    window.welcome.firm_card.skip_button.click()  # the firm's page first (issue 16)
    if not window.welcome.samples_button.isVisibleTo(window.welcome):
        pytest.skip("no sample cases in this checkout")
    qtbot.mouseClick(window.welcome.samples_button, Qt.MouseButton.LeftButton)
    assert window.demo_bar.isVisibleTo(window)
    assert "invented" in window.demo_bar.label.text()
    title = window.windowTitle().replace("[*]", "")
    assert title.endswith("MMI Desktop") and title.count("MMI Desktop") == 1
    assert "Demo database" in title
    assert window.my_cases_action.isEnabled()
    qtbot.mouseClick(window.demo_bar.back_button, Qt.MouseButton.LeftButton)
    assert window.db.path is not None
    assert window.db.path.resolve() == paths.default_database().resolve()
    assert not window.demo_bar.isVisibleTo(window)
    assert "Demo" not in window.windowTitle()


def test_a_new_case_opens_on_the_client_section(
    qtbot: Any, make_window: Any, two_cases: dict[str, int]
) -> None:
    """Issue 17 item 6: whatever section the last case was left on, a new case starts with
    the client."""
    from mmi_desktop.ui.editor.editor import SECTIONS

    window = make_window()
    window.open_case(next(iter(two_cases.values())))
    window.editor.show_section(SECTIONS[5])  # MMI declarations
    window.new_action.trigger()
    assert window.editor.nav.currentIndex() == 0
    assert window.pane.tabs.currentWidget() is window.editor


def test_the_first_window_fits_the_screens_free_area(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17 item 2: on a first run the window is never larger than the screen's free area
    (a 1366×768 screen less its task bar), and 1280×800 where there is room."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from mmi_desktop.ui import window_parts

    window = make_window()
    for free, expected in (((1366, 728), (1280, 728)), ((1920, 1040), (1280, 800))):
        monkeypatch.setattr(QScreen, "availableGeometry",
                            lambda _self, f=free: QRect(0, 0, *f))
        size = window_parts.first_size(window)
        assert (size.width(), size.height()) == expected


def test_the_agenda_is_the_home_view_and_keeps_done_in_the_store(
    qtbot: Any, make_window: Any, two_cases: dict[str, int], db_path: Path
) -> None:
    """Issue 17 item 1 (wiring): with no case open the right-hand pane is the agenda, read
    from the store; Done is kept (audit-logged) and reversible; a line opens its case."""
    from mmi_desktop.store.agenda import AgendaStore
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.database import open_database

    window = make_window()
    home = window.agenda_home
    assert window.right.currentWidget() is home.page
    def first_item() -> Any:
        return next((i for _group, items in home.view.model.groups() for i in items), None)

    qtbot.waitUntil(lambda: first_item() is not None, timeout=30000)
    item = first_item()
    home.view.doneToggled.emit(item.key, True)
    db = open_database(db_path)
    try:
        marks = AgendaStore(db, "check").marks()
        assert marks[item.key].done_by
        assert any(a.action == "agenda_done" for a in CaseStore(db).audit())
    finally:
        db.close()
    home.view.doneToggled.emit(item.key, False)
    db = open_database(db_path)
    try:
        reopened = AgendaStore(db, "check").marks().get(item.key)
        assert reopened is None or reopened.done_at is None
    finally:
        db.close()
    home.view.openCaseRequested.emit(item.case_id)
    assert window.case_id == item.case_id
    assert window.right.currentWidget() is window.pane
    window.current.close()
    assert window.right.currentWidget() is home.page

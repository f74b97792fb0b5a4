"""The rating schedule in the window: the occupation and impairment-number pickers, driven by
keyboard, the group's meaning beside its number, and the rating shown and copied as text."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.model import Case
from mmi_desktop.paths import resource
from mmi_desktop.ui.analysis_panel import AnalysisPanel
from mmi_desktop.ui.editor import CaseEditor
from mmi_desktop.ui.editor.editor import CLAIM, DECLARATIONS_S
from mmi_desktop.ui.schedule_picker import SchedulePicker, impairment_spec, occupation_spec

AS_OF = date(2026, 11, 27)


def sample(name: str) -> Case:
    return load_case(next(resource("samples").glob(f"*-{name}.json")), today=AS_OF)


@pytest.fixture
def editor(qtbot: QtBot) -> CaseEditor:
    widget = CaseEditor(today=lambda: AS_OF)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def panel(qtbot: QtBot) -> AnalysisPanel:
    view = AnalysisPanel()
    qtbot.addWidget(view)
    view.resize(700, 900)
    view.show()
    qtbot.waitExposed(view)
    return view


def _drive_picker(qtbot: QtBot, keys: str, moves: int = 0) -> None:
    """When the picker dialog opens: type `keys`, press Down `moves` times, then Enter."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SchedulePicker)
        dialog.search.clear()
        qtbot.keyClicks(dialog.search, keys)
        for _ in range(moves):
            qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    QTimer.singleShot(0, act)


# --- the picker dialog ----------------------------------------------------------------------


def test_the_occupation_picker_finds_by_words_and_moves_by_keys(qtbot: QtBot) -> None:
    picker = SchedulePicker(occupation_spec())
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.search, "truck dr")
    titles = [o.title for o in picker.model.items]
    assert titles[0] == "TRUCK DRIVER" and all("TRUCK" in t for t in titles)
    assert "Group 350: Drivers; medium work" in picker.description.text()
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)  # the list moves, the typing stays
    assert picker.view.currentIndex().row() == 1
    assert picker.search.hasFocus() or picker.search.text() == "truck dr"
    chosen = picker.chosen()
    assert chosen is not None and chosen.title == titles[1]
    picker.search.setText("no such job at all")
    assert picker.model.items == [] and not picker.ok.isEnabled()
    assert "No match" in picker.count.text()


def test_the_impairment_picker_finds_lumbar_dre(qtbot: QtBot) -> None:
    picker = SchedulePicker(impairment_spec(), "lumbar DRE")
    qtbot.addWidget(picker)
    assert [r.number for r in picker.model.items] == ["15.03.01.00"]
    assert "FEC rank 5" in picker.description.text()
    picker.search.setText("15.01")
    assert {r.number[:5] for r in picker.model.items} == {"15.01"}


# --- in the editor ----------------------------------------------------------------------------


def test_choosing_an_occupation_fills_the_title_and_group(qtbot: QtBot, editor: CaseEditor) -> None:
    case = sample("ramirez")
    case.claim.occupation, case.claim.occupational_group = "Fork lift", None
    editor.load(case)
    editor.show_section(CLAIM)
    note = editor.findChild(object, "groupNote")
    assert note is not None and note.warns() and "stops before" in note.text()
    button = editor.findChild(QPushButton, "findOccupation")
    assert button is not None and button.text() == "Find &occupation…"
    _drive_picker(qtbot, "forklift")
    button.click()
    built = editor.current_case()
    assert built is not None
    assert (built.claim.occupation, built.claim.occupational_group) == ("Forklift operator", 351)
    assert not note.warns() and note.text() == "Drivers; medium work"


def test_a_title_typed_by_hand_keeps_a_group_chosen_by_hand(editor: CaseEditor) -> None:
    editor.load(sample("ramirez"))
    editor.field_widget("claim.occupation").setText("Yard jockey")
    editor.field_widget("claim.occupational_group").set_int_value(350)
    built = editor.current_case()
    assert built is not None
    assert (built.claim.occupation, built.claim.occupational_group) == ("Yard jockey", 350)
    note = editor.findChild(object, "groupNote")
    assert note.text() == "Drivers; medium work"
    editor.field_widget("claim.occupational_group").set_int_value(399)
    assert note.warns() and "not one of the schedule's 45 groups" in note.text()


def test_finding_a_number_sets_the_current_impairment(qtbot: QtBot, editor: CaseEditor) -> None:
    editor.load(sample("ramirez"))
    editor.select_item("declaration", "m1")
    editor.show_section(DECLARATIONS_S)
    table = editor.table("mmi_declarations.impairments")
    table.select_rows([0])
    button = editor.findChild(QPushButton, "findImpairmentNumber")
    assert button is not None
    _drive_picker(qtbot, "lumbar range soft")
    button.click()
    built = editor.current_case()
    assert built is not None
    assert built.mmi_declarations[0].impairments[0].impairment_number == "15.03.02.02"


def test_finding_a_number_with_no_impairment_adds_one(qtbot: QtBot, editor: CaseEditor) -> None:
    case = sample("ramirez")
    case.mmi_declarations[0].impairments = []
    editor.load(case)
    editor.select_item("declaration", "m1")
    button = editor.findChild(QPushButton, "findImpairmentNumber")
    _drive_picker(qtbot, "knee menisectomy")
    button.click()
    built = editor.current_case()
    assert built is not None
    assert [i.impairment_number for i in built.mmi_declarations[0].impairments] == ["17.05.10.04"]


# --- in the analysis panel --------------------------------------------------------------------


def test_the_rating_strings_and_steps_are_shown_and_copied(panel: AnalysisPanel) -> None:
    case = sample("salazar")
    panel.set_result(case, analyze(case, AS_OF), None, AS_OF)
    text = panel.rating_view.plain_text()
    lines = text.splitlines()
    assert lines[0] == "lumbar spine: 15.03.01.00 - 30 - [1.4]42 - 350G - 45 - 51"
    assert lines[1].startswith("cervical spine: 15.01.01.00 - 15 - [1.4]21 - 350G - 23 - 27; ")
    assert "× 90% (LC 4663) = 24" in lines[1]
    assert (
        lines[3]
        == "sleep disorder: 13.03.00.00 - 5 - [1.4]7 - 350H - 10 - 12; left out (LC 4660.1(c))"
    )
    assert lines[4:6] == ["51 C 24 = 63", "63 C 17 = 69"]
    assert "Combined rating: 69% (PDRS 2005)" in lines
    assert lines[-1] == "PD uses the entered rating: 74%"
    assert not panel.rating_view.warning_box.isVisible()
    assert panel.rating_section.summary.text() == "69%"
    panel.rating_view.copy_button.click()
    assert QGuiApplication.clipboard().text() == text


def test_a_warning_says_what_the_rating_needs(panel: AnalysisPanel) -> None:
    case = copy.deepcopy(sample("dominguez"))
    case.client.date_of_birth = None
    case.claim.occupational_group = None
    panel.set_result(case, analyze(case, AS_OF), None, AS_OF)
    view = panel.rating_view
    assert view.warning_box.isVisible()
    assert view.warning.text() == (
        "The full rating needs the client's occupational group (the schedule's Section 3: "
        "choose the occupation); the client's date of birth (for the age at injury)."
    )
    assert view.plain_text().splitlines()[-1].startswith("Estimate: 13% (")
    assert panel.rating_section.summary.text() == "incomplete"
    assert panel.money_values["pd_percent"].text() == "13%  (estimate)"


def test_no_rating_section_before_mmi(panel: AnalysisPanel) -> None:
    case = sample("walsh")
    assert not case.mmi_declarations
    panel.set_result(case, analyze(case, AS_OF), None, AS_OF)
    assert not panel.rating_section.isVisible()


def test_an_entered_final_rating_is_said(panel: AnalysisPanel) -> None:
    case = copy.deepcopy(sample("dominguez"))
    case.mmi_declarations[-1].impairments[0].final_rating = Decimal(9)
    panel.set_result(case, analyze(case, AS_OF), None, AS_OF)
    first = panel.rating_view.plain_text().splitlines()[0]
    assert first.endswith("; entered final rating 9% used")

"""The case editor, driven as a person would: typing, clicking, keys."""

from __future__ import annotations

import copy
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.model import (
    Case,
    Language,
    ProviderRole,
    StatusChange,
    TreatmentStatus,
)
from mmi_desktop.ui.editor import CaseEditor
from mmi_desktop.ui.timeline import TimelineView
from mmi_desktop.ui.widgets import DateEdit, MoneyEdit, has_problem
from tests.conftest import EXAMPLES

TODAY = date(2024, 7, 1)
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


@pytest.fixture
def editor(qtbot: QtBot) -> CaseEditor:
    widget = CaseEditor(today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def pending() -> Case:
    return load_case(EXAMPLES / "pending-surgery.json")


def typed(value: object) -> object:
    """A case as nested tuples that also compare types: a str where an enum belongs, or an
    int where a Decimal belongs, would break `is` checks in the domain while `==` passes."""
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(typed(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def paths(editor: CaseEditor) -> set[str]:
    return {p.path for p in editor.problems()}


def retype(qtbot: QtBot, widget: QLineEdit, text: str) -> None:
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def wait_until_edited(qtbot: QtBot, view: QAbstractItemView) -> None:
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState, timeout=2000)


# ----------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_example_comes_back_unchanged(editor: CaseEditor, path: Path) -> None:
    case = load_case(path)
    original = copy.deepcopy(case)
    editor.load(case)
    assert editor.current_case() == case
    assert typed(editor.current_case()) == typed(case)
    assert editor.problems() == []
    assert not editor.is_dirty()
    assert case == original  # loading does not touch the caller's case


def test_there_are_examples_to_round_trip() -> None:
    assert len(EXAMPLE_FILES) >= 2


def test_a_new_case_starts_blank_with_the_defaults(editor: CaseEditor, pending: Case) -> None:
    editor.load(pending)
    editor.load(None)
    assert editor.current_case() is None  # no date of injury yet
    assert {
        "client.first_name",
        "client.last_name",
        "claim.date_of_injury",
        "claim.body_parts",
    } <= paths(editor)
    assert editor.table("treatments").model.rowCount() == 0
    language = editor.field_widget("client.language")
    assert isinstance(language, QComboBox) and language.currentText() == "English"
    assert editor.field_widget("claim.represented").isChecked()
    assert not editor.is_dirty()


def test_a_blank_case_filled_in_becomes_a_case(qtbot: QtBot, editor: CaseEditor) -> None:
    editor.load(None)
    qtbot.keyClicks(editor.field_widget("client.first_name"), "Rosa")
    qtbot.keyClicks(editor.field_widget("client.last_name"), "Delgado")
    qtbot.keyClicks(editor.field_widget("claim.date_of_injury").line_edit(), "03/08/2023")
    parts = editor.field_widget("claim.body_parts")
    qtbot.keyClicks(parts.entry, "lumbar spine")
    qtbot.keyClick(parts.entry, Qt.Key.Key_Return)
    case = editor.current_case()
    assert case is not None
    assert editor.problems() == []
    assert case.client.full_name == "Rosa Delgado"
    assert case.claim.date_of_injury == date(2023, 3, 8)
    assert case.claim.body_parts == ["lumbar spine"]
    assert case.client.address is None
    assert case.client.language is Language.EN
    assert case.claim.represented is True
    assert editor.is_dirty()


# ----------------------------------------------------------------------------- validation


@pytest.mark.parametrize("bad", ["12.345", "abc"])
def test_a_bad_wage_is_named_marked_and_listed(
    qtbot: QtBot,
    editor: CaseEditor,
    pending: Case,
    bad: str,
) -> None:
    editor.load(pending)
    editor.show_section("Claim")
    wage = editor.field_widget("claim.average_weekly_wage")
    assert isinstance(wage, MoneyEdit)
    retype(qtbot, wage, bad)
    problems = [p for p in editor.problems() if p.path == "claim.average_weekly_wage"]
    assert len(problems) == 1
    assert bad in problems[0].message
    assert editor.current_case() is None
    assert wage.property("problem") is True
    assert bad in wage.toolTip()
    listed = [editor.problems_list.item(i).text() for i in range(editor.problems_list.count())]
    assert any(t.startswith("Average weekly wage: ") and bad in t for t in listed)
    assert editor.problems_list.isVisible()
    assert editor.nav.tabText(editor.section_names().index("Claim")) == "Claim (1)"

    retype(qtbot, wage, "1020")
    assert "claim.average_weekly_wage" not in paths(editor)
    assert wage.property("problem") is False
    assert bad not in wage.toolTip()
    assert editor.problems_list.count() == 0
    assert editor.nav.tabText(editor.section_names().index("Claim")) == "Claim"
    case = editor.current_case()
    assert case is not None and case.claim.average_weekly_wage == Decimal("1020.00")


def test_domain_rules_mark_their_fields(qtbot: QtBot, editor: CaseEditor, pending: Case) -> None:
    editor.load(pending)
    zip_edit = editor.field_widget("client.address.zip")
    retype(qtbot, zip_edit, "9581")
    assert "client.address.zip" in paths(editor)
    assert has_problem(zip_edit)
    assert "ZIP code" in zip_edit.toolTip()
    # A rule about one date reported while another field cannot be read at all.
    doi = editor.field_widget("claim.date_of_injury")
    assert isinstance(doi, DateEdit)
    retype(qtbot, doi.line_edit(), "02/30/2024")
    assert {"client.address.zip", "claim.date_of_injury"} <= paths(editor)
    assert has_problem(doi)
    assert editor.current_case() is None


def test_a_future_date_of_injury_uses_the_domain_rule(
    qtbot: QtBot,
    editor: CaseEditor,
    pending: Case,
) -> None:
    editor.load(pending)
    doi = editor.field_widget("claim.date_of_injury")
    retype(qtbot, doi.line_edit(), "08/01/2024")  # after TODAY
    messages = [p.message for p in editor.problems() if p.path == "claim.date_of_injury"]
    assert messages and "future" in messages[0]
    assert editor.current_case() is not None  # readable, but breaks a rule
    # Shown to the person with the date the office's way.
    assert "08/01/2024" in doi.line_edit().toolTip()


def test_a_bad_table_cell_is_marked_with_its_path(editor: CaseEditor, pending: Case) -> None:
    editor.load(pending)
    editor.select_item("declaration", "m1")
    impairments = editor.table("mmi_declarations.impairments")
    model = impairments.model
    index = impairments.index(0, "wpi")
    assert model.setData(index, "abc")
    assert "mmi_declarations[0].impairments[0].wpi" in paths(editor)
    assert "abc" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "abc"
    # The declaration's row shows that something under it is wrong.
    declarations = editor.table("mmi_declarations").model
    assert (
        declarations.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.DecorationRole)
        is not None
    )
    assert model.setData(index, "150")  # readable, but out of range: the domain's rule
    messages = [
        p.message for p in editor.problems() if p.path == "mmi_declarations[0].impairments[0].wpi"
    ]
    assert messages and "between 0 and 100" in messages[0]
    assert model.setData(index, "7")
    assert not any("impairments" in p for p in paths(editor))
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is None
    case = editor.current_case()
    assert case is not None and case.mmi_declarations[0].impairments[0].wpi == Decimal(7)


@pytest.mark.parametrize(("typed", "reason"), [
    ("8.1234567", "more than 6 decimal places"),
    ("1" * 13, "too large a number"),
])
def test_the_editor_refuses_a_number_the_case_file_would_refuse(
    editor: CaseEditor, pending: Case, typed: str, reason: str
) -> None:
    """What the editor keeps must be readable back: the reader's digit and place limits."""
    editor.load(pending)
    editor.select_item("declaration", "m1")
    impairments = editor.table("mmi_declarations.impairments")
    assert impairments.model.setData(impairments.index(0, "wpi"), typed)
    messages = [
        p.message for p in editor.problems() if p.path == "mmi_declarations[0].impairments[0].wpi"
    ]
    assert messages and reason in messages[0]


def test_the_editor_refuses_a_visit_count_the_case_file_would_refuse(
    editor: CaseEditor, pending: Case
) -> None:
    editor.load(pending)
    treatments = editor.table("treatments")
    for typed in ("9" * 13, "9" * 5000):
        assert treatments.model.setData(treatments.index(0, "authorized_visits"), typed)
        messages = [p.message for p in editor.problems()
                    if p.path == "treatments[0].authorized_visits"]
        assert messages and "too large a number" in messages[0]
    assert treatments.model.setData(treatments.index(0, "authorized_visits"), "12")
    assert not [p for p in editor.problems() if p.path == "treatments[0].authorized_visits"]


def test_a_history_out_of_order_marks_the_entry(editor: CaseEditor, pending: Case) -> None:
    pending.treatments[1].history.reverse()  # e.g. a record typed in the wrong order
    editor.load(pending)
    path = "treatments[1].history[1].date"
    assert path in paths(editor)
    treatments = editor.table("treatments").model
    assert (
        treatments.headerData(1, Qt.Orientation.Vertical, Qt.ItemDataRole.DecorationRole)
        is not None
    )
    editor.select_item("treatment", "t2")
    history = editor.table("treatments.history")
    assert history.model.prefix == "treatments[1].history"
    tip = history.model.data(history.index(1, "date"), Qt.ItemDataRole.ToolTipRole)
    assert "out of date order" in tip
    listed = [editor.problems_list.item(i).text() for i in range(editor.problems_list.count())]
    assert any(
        t.startswith(
            "Treatment 2 (Left shoulder decompression) › Status change 2 › "
            "Date: is out of date order"
        )
        for t in listed
    )


def test_activating_a_problem_goes_to_its_cell(
    qtbot: QtBot, editor: CaseEditor, pending: Case
) -> None:
    pending.treatments[2].history.reverse()
    editor.load(pending)
    editor.show_section("Client")
    editor.problems_list.setCurrentRow(0)
    qtbot.keyClick(editor.problems_list, Qt.Key.Key_Return)
    assert editor.current_section() == "Treatments"
    assert editor.table("treatments").current_row() == 2
    history = editor.table("treatments.history")
    assert history.model.prefix == "treatments[2].history"
    assert history.current_row() == 1


# ----------------------------------------------------------------------------- status history


def test_adding_a_status_change_through_the_ui(
    qtbot: QtBot, editor: CaseEditor, pending: Case
) -> None:
    editor.load(pending)
    editor.select_item("treatment", "t2")
    history = editor.table("treatments.history")
    assert history.title.text() == "Status history of treatment 2: Left shoulder decompression"
    qtbot.mouseClick(history.add_button, Qt.MouseButton.LeftButton)
    assert history.model.rowCount() == 4
    # The new entry opens on its date; type one and go on to the status with Tab.
    date_editor = history.view.viewport().findChild(DateEdit)
    assert date_editor is not None
    retype(qtbot, date_editor.line_edit(), "06/08/2024")
    qtbot.keyClick(date_editor.line_edit(), Qt.Key.Key_Tab)
    combo = history.view.viewport().findChild(QComboBox)
    assert combo is not None
    combo.setCurrentIndex(combo.findData(TreatmentStatus.AUTHORIZED))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    wait_until_edited(qtbot, history.view)  # Qt commits on Enter after the event

    case = editor.current_case()
    assert case is not None
    t2 = case.treatment("t2")
    assert t2 is not None
    # Entered last, it is kept in date order.
    assert t2.history == [
        StatusChange(date(2024, 6, 1), TreatmentStatus.RECOMMENDED),
        StatusChange(date(2024, 6, 5), TreatmentStatus.REQUESTED),
        StatusChange(date(2024, 6, 8), TreatmentStatus.AUTHORIZED),
        StatusChange(date(2024, 6, 12), TreatmentStatus.UNDER_REVIEW),
    ]
    assert editor.problems() == []
    assert editor.is_dirty()
    latest = editor.table("treatments").model
    assert latest.data(latest.index(1, latest.column_of("latest"))) == "under review 06/12/2024"

    timeline = TimelineView()
    qtbot.addWidget(timeline)
    timeline.set_case(case)
    t2_events = [(e.day, e.text) for e in timeline.events() if e.item_id == "t2"]
    assert t2_events == [
        (date(2024, 6, 1), "Left shoulder decompression — recommended"),
        (date(2024, 6, 5), "Left shoulder decompression — requested"),
        (date(2024, 6, 8), "Left shoulder decompression — authorized"),
        (date(2024, 6, 12), "Left shoulder decompression — under review"),
    ]
    days = [e.day for e in timeline.events()]
    assert days == sorted(days)


def test_removing_a_status_change(qtbot: QtBot, editor: CaseEditor, pending: Case) -> None:
    editor.load(pending)
    editor.select_item("treatment", "t2")
    history = editor.table("treatments.history")
    history.select_rows([2])
    qtbot.mouseClick(history.remove_button, Qt.MouseButton.LeftButton)
    case = editor.current_case()
    assert case is not None
    assert [h.status for h in case.treatment("t2").history] == [
        TreatmentStatus.RECOMMENDED,
        TreatmentStatus.REQUESTED,
    ]


# ----------------------------------------------------------------------------- rows


def test_delete_key_removes_rows_and_undo_puts_them_back(
    qtbot: QtBot,
    editor: CaseEditor,
    pending: Case,
) -> None:
    editor.load(pending)
    editor.select_item("visit", "2024-03-22")
    visits = editor.table("visits")
    qtbot.keyClick(visits.view, Qt.Key.Key_Delete)
    case = editor.current_case()
    assert case is not None
    assert [v.date for v in case.visits] == [date(2024, 2, 14), date(2024, 5, 1), date(2024, 6, 20)]
    assert editor.is_dirty()
    qtbot.keyClick(visits.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_case() == pending
    assert not editor.is_dirty()
    assert visits.current_row() == 1


def test_new_items_get_ids(qtbot: QtBot, editor: CaseEditor, pending: Case) -> None:
    editor.load(pending)
    editor.show_section("Treatments")
    treatments = editor.table("treatments")
    qtbot.mouseClick(treatments.add_button, Qt.MouseButton.LeftButton)
    ids = [r.values["id"] for r in treatments.model.rows]
    assert ids == ["t1", "t2", "t3", "t4"]
    assert "treatments[3].description" in paths(editor)  # a description is still needed

    editor.show_section("MMI declarations")
    declarations = editor.table("mmi_declarations")
    qtbot.mouseClick(declarations.add_button, Qt.MouseButton.LeftButton)
    assert [r.values["id"] for r in declarations.model.rows] == ["m1", "m2"]


def test_a_new_provider_takes_its_id_from_the_name(
    qtbot: QtBot,
    editor: CaseEditor,
    pending: Case,
) -> None:
    editor.load(pending)
    editor.show_section("Providers")
    providers = editor.table("providers")
    qtbot.mouseClick(providers.add_button, Qt.MouseButton.LeftButton)
    assert providers.model.rows[-1].values["id"] == "p1"
    name_editor = providers.view.viewport().findChild(QLineEdit)
    assert name_editor is not None
    qtbot.keyClicks(name_editor, "Dr. Ana Reyes")
    qtbot.keyClick(name_editor, Qt.Key.Key_Return)
    wait_until_edited(qtbot, providers.view)
    case = editor.current_case()
    assert case is not None
    assert case.providers[-1].id == "reyes"
    assert case.providers[-1].name == "Dr. Ana Reyes"
    assert case.providers[-1].role is ProviderRole.SPECIALIST  # there is a PTP already


def test_renaming_a_provider_id_follows_its_references(editor: CaseEditor, pending: Case) -> None:
    editor.load(pending)
    providers = editor.table("providers")
    assert providers.model.setData(providers.index(0, "id"), "ortega")
    case = editor.current_case()
    assert case is not None
    assert editor.problems() == []
    assert {t.provider for t in case.treatments} == {"ortega"}
    assert {v.provider for v in case.visits} == {"ortega"}
    assert case.mmi_declarations[0].provider == "ortega"


def test_a_dangling_provider_reference_is_reported(editor: CaseEditor, pending: Case) -> None:
    editor.load(pending)
    visits = editor.table("visits")
    assert visits.model.setData(visits.index(0, "provider"), "nobody")
    assert "visits[0].provider" in paths(editor)
    assert visits.model.data(visits.index(0, "provider")) == "nobody"


# ----------------------------------------------------------------------------- navigation


def test_sections(editor: CaseEditor) -> None:
    assert editor.section_names() == [
        "Client",
        "Claim",
        "Providers",
        "Treatments",
        "Visits",
        "MMI declarations",
        "Temporary disability",
        "Notes",
    ]
    editor.show_section("Visits")
    assert editor.current_section() == "Visits"
    assert editor.stack.currentWidget() is editor.visits_section
    with pytest.raises(ValueError, match="no editor section"):
        editor.show_section("Nope")


@pytest.mark.parametrize(
    ("kind", "item_id", "section", "table", "rows"),
    [
        ("provider", "ptp", "Providers", "providers", [0]),
        ("treatment", "t3", "Treatments", "treatments", [2]),
        ("visit", "2024-05-01", "Visits", "visits", [2]),
        ("declaration", "m1", "MMI declarations", "mmi_declarations", [0]),
        ("td_period", "2024-02-13", "Temporary disability", "temporary_disability", [0]),
    ],
)
def test_select_item_shows_the_section_and_row(
    editor: CaseEditor,
    pending: Case,
    kind: str,
    item_id: str,
    section: str,
    table: str,
    rows: list[int],
) -> None:
    editor.load(pending)
    editor.show_section("Notes" if section != "Notes" else "Client")
    # Move the current row away first, so the selection has to change.
    panel = editor.table(table)
    if panel.model.rowCount() > 1:
        panel.select_rows([panel.model.rowCount() - 1], focus=False)
    editor.select_item(kind, item_id)
    assert editor.current_section() == section
    assert panel.selected_rows() == rows
    assert panel.current_row() == rows[0]


def test_select_item_shows_a_treatments_history(editor: CaseEditor, pending: Case) -> None:
    editor.load(pending)
    editor.select_item("treatment", "t3")
    history = editor.table("treatments.history")
    assert [r.values["status"] for r in history.model.rows] == [
        TreatmentStatus.AUTHORIZED,
        TreatmentStatus.IN_PROGRESS,
        TreatmentStatus.COMPLETED,
    ]


def test_select_item_body_part(editor: CaseEditor, pending: Case) -> None:
    editor.load(pending)
    editor.select_item("body_part", "neck")
    assert editor.current_section() == "Claim"
    parts = editor.field_widget("claim.body_parts")
    assert parts.list.currentItem().text() == "neck"


def test_select_item_refuses_an_unknown_kind(editor: CaseEditor) -> None:
    with pytest.raises(ValueError, match="unknown item kind"):
        editor.select_item("letter", "x")


# ----------------------------------------------------------------------------- dirty state


def test_dirty_tracking(qtbot: QtBot, editor: CaseEditor, pending: Case) -> None:
    editor.load(pending)
    assert not editor.is_dirty()
    first = editor.field_widget("client.first_name")
    with qtbot.waitSignal(editor.dirty_changed) as dirty, qtbot.waitSignal(editor.changed):
        qtbot.keyClicks(first, "x")
    assert dirty.args == [True]
    assert editor.is_dirty()
    with qtbot.waitSignal(editor.dirty_changed) as clean:
        editor.mark_clean()
    assert clean.args == [False]
    assert not editor.is_dirty()
    # Editing back to the saved state is clean again; away from it, dirty.
    qtbot.keyClick(first, Qt.Key.Key_Backspace)
    assert editor.is_dirty()
    qtbot.keyClicks(first, "x")
    assert not editor.is_dirty()


def test_loading_resets_dirty(qtbot: QtBot, editor: CaseEditor, pending: Case) -> None:
    editor.load(pending)
    qtbot.keyClicks(editor.field_widget("client.phone"), "9")
    assert editor.is_dirty()
    with qtbot.waitSignal(editor.dirty_changed) as signal:
        editor.load(pending)  # Revert
    assert signal.args == [False]
    assert editor.current_case() == pending


def test_every_part_is_editable(qtbot: QtBot, editor: CaseEditor, pending: Case) -> None:
    editor.load(pending)
    notes = editor.field_widget("notes")
    notes.setPlainText("Called the adjuster.")
    td = editor.table("temporary_disability")
    assert td.model.setData(td.index(0, "end"), "")  # still open
    declarations = editor.table("mmi_declarations")
    assert declarations.model.setData(declarations.index(0, "future_medical"), False)
    restrictions = editor.table("mmi_declarations.restrictions")
    assert restrictions.model.setData(restrictions.index(0, "permanent"), None)
    case = editor.current_case()
    assert case is not None
    assert case.notes == "Called the adjuster."
    assert case.temporary_disability[0].end is None
    assert case.mmi_declarations[0].future_medical is False
    assert case.mmi_declarations[0].restrictions[0].permanent is None
    assert editor.problems() == []


# ----------------------------------------------------------------- the rating's own keys


def test_pain_add_on_and_prior_award_are_edited_in_the_impairments(
    editor: CaseEditor, pending: Case
) -> None:
    pending.mmi_declarations[0].impairments[0].fec_factor = Decimal("1.2")
    editor.load(pending)
    editor.select_item("declaration", "m1")
    table = editor.table("mmi_declarations.impairments")
    headers = [
        table.model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for i in range(table.model.columnCount())
    ]
    assert "Pain +" in headers and "Prior award %" in headers
    assert "FEC" not in headers  # no longer asked for: the schedule gives the rank
    assert table.model.setData(table.index(0, "pain_add_on"), "2")
    assert table.model.setData(table.index(0, "prior_award_pct"), "12")
    case = editor.current_case()
    assert case is not None
    imp = case.mmi_declarations[0].impairments[0]
    assert (imp.pain_add_on, imp.prior_award_pct) == (Decimal(2), Decimal(12))
    assert imp.fec_factor == Decimal("1.2")  # still read, and kept as it was
    assert table.model.setData(table.index(0, "pain_add_on"), "4")
    assert "mmi_declarations[0].impairments[0].pain_add_on" in paths(editor)


def test_the_lc_4660_1_c_exception_is_chosen_on_the_claim(
    editor: CaseEditor, pending: Case
) -> None:
    editor.load(pending)
    combo = editor.field_widget("claim.psych_sleep_sexual_exception")
    assert isinstance(combo, QComboBox)
    assert combo.currentData() is None
    combo.setCurrentIndex(combo.findData("catastrophic_injury"))
    case = editor.current_case()
    assert case is not None
    assert case.claim.psych_sleep_sexual_exception is not None
    assert case.claim.psych_sleep_sexual_exception.value == "catastrophic_injury"
    editor.load(case)
    assert editor.field_widget("claim.psych_sleep_sexual_exception").currentData() == (
        "catastrophic_injury"
    )
# issue 11 item 12 (the editor validates with the same rule as the import)
@pytest.mark.parametrize("typed_in", ["Ana\x1b[2J", "\u202eAna", "Ana\x07"])
def test_a_control_character_in_a_name_is_named_and_marked(
    qtbot: QtBot, editor: CaseEditor, pending: Case, typed_in: str
) -> None:
    editor.load(pending)
    first = editor.field_widget("client.first_name")
    assert isinstance(first, QLineEdit)
    first.setText(typed_in)  # (pasted: a person cannot type most of these)
    problems = [p for p in editor.problems() if p.path == "client.first_name"]
    assert len(problems) == 1 and "U+" in problems[0].message
    assert typed_in not in problems[0].message  # named by code point, never shown raw
    assert has_problem(first)
    listed = [editor.problems_list.item(i).text() for i in range(editor.problems_list.count())]
    assert any(t.startswith("First name: ") and "U+" in t for t in listed)
    first.setText("Ana")
    assert "client.first_name" not in paths(editor)


def test_notes_keep_their_line_breaks_in_the_editor(
    qtbot: QtBot, editor: CaseEditor, pending: Case
) -> None:
    editor.load(pending)
    editor.show_section(editor.section_names()[-1])
    notes = editor.field_widget("notes")
    notes.setPlainText("Called.\n\tLeft a message.")  # type: ignore[attr-defined]
    assert "notes" not in paths(editor)
    case = editor.current_case()
    assert case is not None and case.notes == "Called.\n\tLeft a message."

"""The timeline: every dated event in date order, by month, linked to the editor's items."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from pytestqt.qtbot import QtBot

from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.model import Case, TDPeriod
from mmi_desktop.ui.editor import CaseEditor
from mmi_desktop.ui.timeline import (
    COL_DATE,
    COL_EVENT,
    COL_TYPE,
    ID_ROLE,
    KIND_ROLE,
    TimelineView,
    case_events,
)
from tests.conftest import EXAMPLES


@pytest.fixture
def pending() -> Case:
    return load_case(EXAMPLES / "pending-surgery.json")


@pytest.fixture
def timeline(qtbot: QtBot, pending: Case) -> TimelineView:
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_case(pending)
    return view


def rows(view: TimelineView) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """What the tree shows: month rows with their event rows (date, type, text)."""
    model = view.model
    out = []
    for r in range(model.rowCount()):
        month = model.index(r, 0)
        children = [
            tuple(model.index(c, col, month).data() for col in (COL_DATE, COL_TYPE, COL_EVENT))
            for c in range(model.rowCount(month))
        ]
        out.append((month.data(), children))
    return out


def event_index(view: TimelineView, kind: str, item_id: str, text: str) -> QModelIndex:
    model = view.model
    for r in range(model.rowCount()):
        month = model.index(r, 0)
        for c in range(model.rowCount(month)):
            index = model.index(c, 0, month)
            if (index.data(KIND_ROLE), index.data(ID_ROLE)) == (kind, item_id) and model.index(
                c, COL_EVENT, month
            ).data() == text:
                return index
    raise AssertionError(f"no event {kind} {item_id} {text!r}")


def test_events_are_grouped_by_month_in_date_order(timeline: TimelineView) -> None:
    shown = rows(timeline)
    assert [month for month, _ in shown] == ["February 2024", "March 2024", "May 2024", "June 2024"]
    february = shown[0][1]
    assert february == [
        ("02/12/2024", "Injury", "Date of injury at Sample Employer Inc."),
        ("02/13/2024", "TD", "Temporary disability begins"),
        ("02/14/2024", "Visit", "Visit with Dr. Miguel Ortega — worsening"),
    ]
    june = shown[3][1]
    assert june == [
        ("06/01/2024", "Treatment", "Left shoulder decompression — recommended"),
        ("06/05/2024", "Treatment", "Left shoulder decompression — requested"),
        ("06/12/2024", "Treatment", "Left shoulder decompression — under review"),
        ("06/20/2024", "Visit", "Visit with Dr. Miguel Ortega — unchanged"),
        ("06/24/2024", "MMI", "MMI declared by Dr. Miguel Ortega — left shoulder, neck"),
        ("06/24/2024", "TD", "Temporary disability ends"),
        ("06/28/2024", "Report", "MMI report received from Dr. Miguel Ortega (m1)"),
    ]
    days = [e.day for e in timeline.events()]
    assert days == sorted(days)
    assert "18 events, 02/12/2024 to 06/28/2024" in timeline.summary.text()


def test_every_dated_field_becomes_an_event(pending: Case) -> None:
    events = case_events(pending)
    status_changes = sum(len(t.history) for t in pending.treatments)
    counts = {
        c: sum(1 for e in events if e.category == c)
        for c in ("injury", "status", "visit", "mmi", "report", "td_start", "td_end")
    }
    assert counts == {
        "injury": 1,
        "status": status_changes,
        "visit": len(pending.visits),
        "mmi": 1,
        "report": 1,
        "td_start": 1,
        "td_end": 1,
    }


def test_an_open_td_period_has_no_end_event(pending: Case) -> None:
    pending.temporary_disability = [TDPeriod(date(2024, 2, 13), None)]
    texts = [e.text for e in case_events(pending) if e.kind == "td_period"]
    assert texts == ["Temporary disability begins (still open)"]


def test_mmi_rows_stand_out_by_word_icon_and_weight(timeline: TimelineView) -> None:
    mmi = event_index(
        timeline, "declaration", "m1", "MMI declared by Dr. Miguel Ortega — left shoulder, neck"
    )
    type_cell = mmi.siblingAtColumn(COL_TYPE)
    assert type_cell.data() == "MMI"
    assert type_cell.data(Qt.ItemDataRole.DecorationRole) is not None
    font = mmi.siblingAtColumn(COL_EVENT).data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    visit = event_index(timeline, "visit", "2024-06-20", "Visit with Dr. Miguel Ortega — unchanged")
    visit_font = visit.siblingAtColumn(COL_EVENT).data(Qt.ItemDataRole.FontRole)
    assert not (isinstance(visit_font, QFont) and visit_font.bold())
    assert visit.siblingAtColumn(COL_TYPE).data(Qt.ItemDataRole.DecorationRole) is None


def test_enter_on_an_event_asks_to_open_its_item(qtbot: QtBot, timeline: TimelineView) -> None:
    index = event_index(timeline, "treatment", "t2", "Left shoulder decompression — requested")
    timeline.tree.setCurrentIndex(index)
    timeline.tree.setFocus()
    with qtbot.waitSignal(timeline.item_activated) as signal:
        qtbot.keyClick(timeline.tree, Qt.Key.Key_Return)
    assert signal.args == ["treatment", "t2"]


def test_double_click_on_an_event_asks_to_open_its_item(
    qtbot: QtBot, timeline: TimelineView
) -> None:
    index = event_index(timeline, "visit", "2024-05-01", "Visit with Dr. Miguel Ortega — improving")
    rect = timeline.tree.visualRect(index.siblingAtColumn(COL_EVENT))
    with qtbot.waitSignal(timeline.item_activated) as signal:
        qtbot.mouseClick(timeline.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(timeline.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["visit", "2024-05-01"]


def test_activating_opens_the_item_in_the_editor(
    qtbot: QtBot,
    timeline: TimelineView,
    pending: Case,
) -> None:
    editor = CaseEditor(today=lambda: date(2024, 7, 1))
    qtbot.addWidget(editor)
    editor.load(pending)
    timeline.item_activated.connect(editor.select_item)
    index = event_index(timeline, "td_period", "2024-02-13", "Temporary disability ends")
    timeline.tree.setCurrentIndex(index)
    qtbot.keyClick(timeline.tree, Qt.Key.Key_Return)
    assert editor.current_section() == "Temporary disability"
    assert editor.table("temporary_disability").current_row() == 0
    injury = event_index(
        timeline, "claim", "date_of_injury", "Date of injury at Sample Employer Inc."
    )
    timeline.tree.setCurrentIndex(injury)
    qtbot.keyClick(timeline.tree, Qt.Key.Key_Return)
    assert editor.current_section() == "Claim"


def test_select_item_selects_all_events_of_the_item(timeline: TimelineView) -> None:
    timeline.select_item("treatment", "t1")
    selected = timeline.selected_events()
    assert [(e.day, e.text) for e in selected] == [
        (date(2024, 3, 1), "MRI left shoulder — recommended"),
        (date(2024, 3, 5), "MRI left shoulder — authorized"),
        (date(2024, 3, 20), "MRI left shoulder — completed"),
    ]
    timeline.select_item("declaration", "m1")
    assert [e.category for e in timeline.selected_events()] == ["mmi", "report"]
    timeline.select_item("treatment", "t9")
    assert timeline.selected_events() == []


def test_highlight_marks_evidence_and_can_be_cleared(timeline: TimelineView) -> None:
    timeline.highlight({"t2"})
    marked = event_index(timeline, "treatment", "t2", "Left shoulder decompression — requested")
    other = event_index(timeline, "treatment", "t1", "MRI left shoulder — authorized")
    assert marked.data(Qt.ItemDataRole.DecorationRole) is not None
    assert marked.data(Qt.ItemDataRole.ToolTipRole) == "Evidence for a flag"
    assert marked.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert other.data(Qt.ItemDataRole.DecorationRole) is None
    assert "marks evidence" in timeline.summary.text()
    timeline.highlight(set())
    marked = event_index(timeline, "treatment", "t2", "Left shoulder decompression — requested")
    assert marked.data(Qt.ItemDataRole.DecorationRole) is None
    assert not marked.data(Qt.ItemDataRole.ToolTipRole)


def test_evidence_survives_a_refresh(timeline: TimelineView, pending: Case) -> None:
    timeline.highlight({"m1"})
    timeline.set_case(pending)
    mmi = event_index(
        timeline, "declaration", "m1", "MMI report received from Dr. Miguel Ortega (m1)"
    )
    assert mmi.data(Qt.ItemDataRole.ToolTipRole) == "Evidence for a flag"


def test_a_folded_month_stays_folded_after_an_edit(timeline: TimelineView, pending: Case) -> None:
    march = timeline.model.index(1, 0)
    assert march.data() == "March 2024"
    timeline.tree.collapse(march)
    timeline.set_case(pending)
    assert not timeline.tree.isExpanded(timeline.model.index(1, 0))
    assert timeline.tree.isExpanded(timeline.model.index(0, 0))


def test_no_case_shows_nothing(timeline: TimelineView) -> None:
    timeline.set_case(None)
    assert timeline.model.rowCount() == 0
    assert timeline.events() == []
    assert timeline.summary.text() == "No case open."


def test_every_example_has_a_timeline_in_date_order(qtbot: QtBot) -> None:
    view = TimelineView()
    qtbot.addWidget(view)
    for path in sorted(EXAMPLES.glob("*.json")):
        case = load_case(path)
        view.set_case(case)
        shown = [e for _, events in rows(view) for e in events]
        assert len(shown) == len(case_events(case)) > 1
        days = [date(int(d[6:]), int(d[:2]), int(d[3:5])) for d, _, _ in shown]
        assert days == sorted(days)


def test_the_new_dates_of_issue_12_become_events(pending: Case) -> None:
    from decimal import Decimal

    from mmi_desktop.domain.model import Resolution, ResolutionKind, ServiceMethod

    entry = pending.treatments[0].history[-1]
    entry.served, entry.served_by = entry.date, ServiceMethod.PERSONAL
    declaration = pending.mmi_declarations[0]
    declaration.report_date = declaration.date
    pending.resolution = Resolution(
        ResolutionKind.COMPROMISE_AND_RELEASE, date(2024, 9, 3), date(2024, 9, 20), Decimal("9")
    )
    events = case_events(pending)
    texts = [e.text for e in events]
    assert any(t.endswith("UR decision served in person") for t in texts)
    assert sum(1 for e in events if e.category == "report") == 2
    settled = [e for e in events if e.category == "settlement"]
    assert [(e.day, e.text) for e in settled] == [
        (date(2024, 9, 3), "Compromise and Release signed"),
        (date(2024, 9, 20), "Compromise and Release approved"),
    ]
    assert [e.day for e in events] == sorted(e.day for e in events)

"""Flags, money and deadlines in the main window: the analysis panel follows the editor,
evidence opens in the editor and the timeline, dismissals last, settings change the result,
Needs attention and the list's markers read the store's cache, calendar export."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.model import TreatmentCategory, TreatmentStatus
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.samples import load_samples
from mmi_desktop.ui.analysis_panel import local_day
from mmi_desktop.ui.attention import COL_CLIENT as ATT_CLIENT
from mmi_desktop.ui.case_list import COL_FLAGS, COL_NEXT
from mmi_desktop.ui.widgets import format_us_date
from tests.conftest import EXAMPLES

AS_OF = date(2026, 11, 27)
SHOTS = Path(__file__).resolve().parents[2] / "shots"


@pytest.fixture
def open_window(qtbot: QtBot, make_window: Callable[..., Any]) -> Callable[..., Any]:
    """A main window on the test database as of AS_OF (again and again: a restart), at
    1280 × 800, with Needs attention read and no background work left."""

    def make() -> Any:
        window = make_window(today=lambda: AS_OF)
        window.resize(1280, 800)
        qtbot.waitUntil(lambda: window.attention_ready and not window.busy(), timeout=30000)
        return window

    return make


def store_of(db_path: Path) -> tuple[Any, CaseStore]:
    from mmi_desktop.store.database import open_database

    db = open_database(db_path)
    return db, CaseStore(db, today=lambda: AS_OF)


def add(db_path: Path, *names: str) -> list[int]:
    db, store = store_of(db_path)
    try:
        return [store.create(load_case(EXAMPLES / f"{n}.json", today=AS_OF)) for n in names]
    finally:
        db.close()


def rules(window: Any) -> list[str]:
    return [c.flag.rule for c in window.analysis_panel.cards]


def live_rules(window: Any) -> list[str]:
    return [c.flag.rule for c in window.analysis_panel.live_cards()]


def settle(qtbot: QtBot, window: Any) -> None:
    """Let the debounced analysis run."""
    qtbot.waitUntil(lambda: not window.analysis_pending(), timeout=3000)


# ---------------------------------------------------------------------------- the panel


def test_a_pending_surgery_appears_while_editing(
    qtbot: QtBot, db_path: Path, open_window: Callable[..., Any]
) -> None:
    (case_id,) = add(db_path, "clean")
    window = open_window()
    assert window.open_case(case_id)
    assert rules(window) == []
    # The physical therapy (t2) becomes a surgery scheduled before the MMI date (07/10/2023).
    window.editor.select_item("treatment", "t2")
    treatments = window.editor.table("treatments")
    row = treatments.model.find_row("id", "t2")
    assert treatments.model.setData(treatments.index(row, "category"), TreatmentCategory.SURGERY)
    history = window.editor.table("treatments.history")
    last = history.model.rowCount() - 1
    assert history.model.setData(history.index(last, "status"), TreatmentStatus.SCHEDULED)
    settle(qtbot, window)
    assert rules(window) == ["SURGERY_PENDING"]
    card = window.analysis_panel.card("SURGERY_PENDING")
    assert card is not None and card.badge.text() == "High"
    assert window.editor.is_dirty()  # nothing was saved
    _, store = store_of(db_path)
    cached = store.markers(AS_OF).get(case_id)
    assert cached is None or cached.flag_count == 0
    # The header says it too, while the editor is in front.
    assert "1 flag" in window.pane.header.attention.text()
    assert window.pane.header.attention.isVisible()

    # Clicking the evidence selects the surgery in the editor and in the timeline.
    window.pane.tabs.setCurrentWidget(window.pane.overview_page)
    qtbot.mouseClick(card.evidence_buttons[0], Qt.MouseButton.LeftButton)
    assert window.pane.tabs.currentWidget() is window.editor
    assert window.editor.current_section() == "Treatments"
    assert treatments.selected_rows() == [row]
    selected = window.timeline.selected_events()
    assert selected and {e.item_id for e in selected} == {"t2"}
    assert {e.kind for e in selected} == {"treatment"}


def test_an_unreadable_editor_keeps_the_last_analysis(
    qtbot: QtBot, db_path: Path, open_window: Callable[..., Any]
) -> None:
    (case_id,) = add(db_path, "pending-surgery")
    window = open_window()
    window.open_case(case_id)
    assert rules(window) == ["SURGERY_PENDING"]
    wage = window.editor.field_widget("claim.average_weekly_wage")
    wage.setText("a lot")
    wage.editingFinished.emit()
    settle(qtbot, window)
    assert rules(window) == ["SURGERY_PENDING"]
    assert window.analysis_panel.notice.isVisible()
    assert "cannot be read" in window.analysis_panel.notice.text()


def test_dismissal_lasts_and_the_flag_returns_when_the_surgery_changes(
    qtbot: QtBot,
    db_path: Path,
    open_window: Callable[..., Any],
    dismiss_answers: Any,
) -> None:
    (case_id,) = add(db_path, "pending-surgery")
    dismiss_answers.queue.append(("Surgery withdrawn by the PTP by phone on 06/30", True))
    window = open_window()
    window.open_case(case_id)
    card = window.analysis_panel.card("SURGERY_PENDING")
    assert card is not None and card.dismiss_button is not None
    qtbot.mouseClick(card.dismiss_button, Qt.MouseButton.LeftButton)
    card = window.analysis_panel.card("SURGERY_PENDING")
    assert card is not None and card.is_dismissed()
    assert window.analysis_panel.live_cards() == []
    # Needs attention no longer counts it (its only reason was the high flag).
    assert all(i.case_id != case_id for i in window.attention_view.model.items())
    window.close()

    again = open_window()  # a restart
    again.open_case(case_id)
    card = again.analysis_panel.card("SURGERY_PENDING")
    assert card is not None and card.is_dismissed() and card.dismissed_label is not None
    _, store = store_of(db_path)
    row = store.dismissals(case_id)[0]
    assert card.dismissed_label.text() == (
        f"Dismissed by {row.os_user} on {format_us_date(local_day(row.at))}: "
        "Surgery withdrawn by the PTP by phone on 06/30"
    )
    assert "Dismissed by" in card.dismissed_label.text()

    # The surgery's history changes (denied, inside the IMR window): the flag is back, at
    # once in the panel, and after saving in Needs attention.
    again.editor.select_item("treatment", "t2")
    history = again.editor.table("treatments.history")
    last = history.model.rowCount() - 1
    assert history.model.setData(history.index(last, "status"), TreatmentStatus.DENIED)
    settle(qtbot, again)
    assert live_rules(again) == ["SURGERY_PENDING"]
    assert again.save()
    assert any(i.case_id == case_id for i in again.attention_view.model.items())


def test_dismissing_needs_a_saved_case_and_a_reason(
    qtbot: QtBot,
    db_path: Path,
    open_window: Callable[..., Any],
    dismiss_answers: Any,
    messages: Any,
) -> None:
    (case_id,) = add(db_path, "pending-surgery")
    dismiss_answers.queue.append(("", True))
    window = open_window()
    window.open_case(case_id)
    card = window.analysis_panel.card("SURGERY_PENDING")
    assert card is not None and card.dismiss_button is not None
    qtbot.mouseClick(card.dismiss_button, Qt.MouseButton.LeftButton)
    assert dismiss_answers.ok_enabled == [False]  # no reason: the dialog could not be OK'd
    assert live_rules(window) == ["SURGERY_PENDING"]
    _, store = store_of(db_path)
    assert store.dismissals(case_id) == []


def test_a_changed_threshold_changes_the_result(
    qtbot: QtBot, db_path: Path, open_window: Callable[..., Any]
) -> None:
    (case_id,) = add(db_path, "clean")  # MMI 314 days after the injury
    window = open_window()
    window.open_case(case_id)
    assert rules(window) == []
    window.settings_action.trigger()
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.threshold_fields["early_mmi_days"].setText("400")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not window.busy(), timeout=30000)
    settle(qtbot, window)
    assert rules(window) == ["EARLY_MMI"]
    # The cache was refreshed: the list's marker and the store agree.
    _, store = store_of(db_path)
    assert store.markers(AS_OF)[case_id].flag_count == 1
    model = window.case_list.model
    assert model.index(model.row_of(case_id), COL_FLAGS).data() == "medium"


# ---------------------------------------------------------------------------- across cases


@pytest.fixture
def samples(db_path: Path) -> dict[str, int]:
    db, store = store_of(db_path)
    try:
        load_samples(store, AS_OF)
        return {s.last_name.split()[0]: s.id for s in store.summaries()}
    finally:
        db.close()


def test_needs_attention_lists_close_deadlines_only(
    qtbot: QtBot, samples: dict[str, int], open_window: Callable[..., Any]
) -> None:
    window = open_window()
    items = window.attention_view.model.items()
    ids = [i.case_id for i in items]
    # Domínguez: first PD payment due 11/30/2026, within 14 days: listed first.
    assert ids[0] == samples["Domínguez"]
    # Pruitt: deadlines passed (2025) or far (2029), no high flag: not listed.
    assert samples["Pruitt"] not in ids
    assert window.navigator.attention_button.text() == f"Needs attention ({len(items)})"
    # One click on a line opens that case.
    window.navigator.show_page(window.navigator.ATTENTION)
    view = window.attention_view.view
    row = ids.index(samples["Brooks"])
    rect = view.visualRect(window.attention_view.model.index(row, ATT_CLIENT))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.case_id == samples["Brooks"]
    assert window.case_list.current_case_id() == samples["Brooks"]


def test_the_list_shows_markers_and_next_deadlines(
    qtbot: QtBot, samples: dict[str, int], open_window: Callable[..., Any]
) -> None:
    window = open_window()
    model = window.case_list.model

    def cell(case_id: int, col: int, role: Any = Qt.ItemDataRole.DisplayRole) -> Any:
        return model.index(model.row_of(case_id), col).data(role)

    assert cell(samples["Domínguez"], COL_FLAGS) == "high"
    assert cell(samples["Domínguez"], COL_FLAGS, Qt.ItemDataRole.DecorationRole) is not None
    assert cell(samples["Domínguez"], COL_NEXT) == "11/30/2026"
    assert cell(samples["Pruitt"], COL_FLAGS) == "medium"
    assert cell(samples["Pruitt"], COL_NEXT) == "05/21/2029"
    assert cell(samples["Chen"], COL_FLAGS) == ""
    # Refreshed after a save: Pruitt's report now says whether future care is needed, and
    # only the two body-part flags and the physician's role are left (all medium).
    window.open_case(samples["Pruitt"])
    declarations = window.editor.table("mmi_declarations")
    assert declarations.model.setData(declarations.index(0, "future_medical"), True)
    assert window.save()
    assert "INCOMPLETE_REPORT" not in rules(window)
    tip = cell(samples["Pruitt"], COL_FLAGS, Qt.ItemDataRole.ToolTipRole)
    assert tip is not None and "3 open flags" in tip


def test_export_calendar_of_this_case_and_of_all(
    qtbot: QtBot,
    samples: dict[str, int],
    open_window: Callable[..., Any],
    file_dialogs: Any,
    tmp_path: Path,
) -> None:
    window = open_window()
    window.open_case(samples["Domínguez"])
    one = tmp_path / "one.ics"
    file_dialogs.save_files.append(str(one))
    window.calendar_case_action.trigger()
    text = one.read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == len(window.analysis_panel.analysis().deadlines)
    assert "Domínguez" in text
    every = tmp_path / "all.ics"
    file_dialogs.save_files.append(str(every))
    window.calendar_all_action.trigger()
    qtbot.waitUntil(lambda: every.exists() and not window.busy(), timeout=20000)
    text = every.read_text(encoding="utf-8")
    assert "Pruitt" in text and "Domínguez" in text
    assert text.count("BEGIN:VEVENT") > 27


def test_screenshots(
    qtbot: QtBot, samples: dict[str, int], open_window: Callable[..., Any]
) -> None:
    """Grabs for a person to look at (shots/ is git-ignored)."""
    SHOTS.mkdir(exist_ok=True)
    window = open_window()
    window.navigator.show_page(window.navigator.ATTENTION)
    window.open_case(samples["Domínguez"])
    window.pane.tabs.setCurrentWidget(window.pane.overview_page)
    qtbot.wait(50)
    assert window.grab().save(str(SHOTS / "window-panel-dominguez.png"))
    window.open_case(samples["Villaseñor-Betancourt"])
    qtbot.wait(50)
    assert window.grab().save(str(SHOTS / "window-panel-villasenor.png"))
    window.settings_action.trigger()
    dialog = window.settings_dialog
    qtbot.waitExposed(dialog)
    assert dialog.grab().save(str(SHOTS / "window-settings.png"))
    dialog.reject()
    case = copy.deepcopy(window.loaded_case)
    assert case is not None


def test_the_timeline_marks_evidence_with_the_flags_severity(
    qtbot: QtBot, db_path: Path, open_window: Callable[..., Any]
) -> None:
    (case_id,) = add(db_path, "pending-surgery")
    window = open_window()
    window.open_case(case_id)
    window.pane.tabs.setCurrentWidget(window.timeline)
    model = window.timeline.model
    tips = {}
    for r in range(model.rowCount()):
        month = model.index(r, 0)
        for c in range(model.rowCount(month)):
            index = model.index(c, 0, month)
            tips.setdefault(index.data(Qt.ItemDataRole.UserRole + 11), set()).add(
                index.data(Qt.ItemDataRole.ToolTipRole)
            )
    assert tips["t2"] == {"Evidence for a high flag"}
    assert tips["t1"] == {""}


def test_the_page_of_the_list_is_remembered_and_find_shows_all_cases(
    qtbot: QtBot, db_path: Path, open_window: Callable[..., Any]
) -> None:
    add(db_path, "pending-surgery")
    window = open_window()
    assert window.navigator.page() == window.navigator.ALL  # the first time
    window.attention_action.trigger()
    assert window.attention_view.isVisible() and not window.case_list.isVisible()
    window.close()
    again = open_window()
    assert again.navigator.page() == again.navigator.ATTENTION
    again.find_action.trigger()
    assert again.navigator.page() == again.navigator.ALL
    qtbot.waitUntil(lambda: again.case_list.filter_edit.hasFocus(), timeout=2000)


def test_another_case_shows_its_panel_from_the_top(
    qtbot: QtBot, samples: dict[str, int], open_window: Callable[..., Any]
) -> None:
    window = open_window()
    window.open_case(samples["Pruitt"])
    bar = window.analysis_panel.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.value() > 0
    window.open_case(samples["Domínguez"])
    assert bar.value() == 0


def test_a_dismissed_flag_can_be_restored_and_undo_takes_each_step_back(
    qtbot: QtBot,
    db_path: Path,
    open_window: Callable[..., Any],
    dismiss_answers: Any,
) -> None:
    """Issue 17 item 4: Restore on a dismissed card shows the flag again (audit-logged);
    Edit → Undo takes back the restore, then the dismissal."""
    (case_id,) = add(db_path, "pending-surgery")
    dismiss_answers.queue.append(("PTP withdrew the surgery by phone", True))
    window = open_window()
    window.open_case(case_id)
    card = window.analysis_panel.card("SURGERY_PENDING")
    assert card is not None and card.restore_button is None
    qtbot.mouseClick(card.dismiss_button, Qt.MouseButton.LeftButton)
    card = window.analysis_panel.card("SURGERY_PENDING")
    assert card is not None and card.is_dismissed() and card.restore_button is not None
    assert window.undo_action.isEnabled() and "Dismiss flag" in window.undo_action.text()

    qtbot.mouseClick(card.restore_button, Qt.MouseButton.LeftButton)
    assert live_rules(window) == ["SURGERY_PENDING"]
    _, store = store_of(db_path)
    assert store.dismissals(case_id) == []
    trail = [(a.action, a.path) for a in store.audit(case_id)]
    assert ("dismiss_flag", card.flag.key) in trail and ("restore_flag", card.flag.key) in trail
    assert "Restore flag" in window.undo_action.text()

    window.undo_action.trigger()  # the restore taken back: dismissed again, same reason
    assert live_rules(window) == []
    assert [d.reason for d in store.dismissals(case_id)] == ["PTP withdrew the surgery by phone"]
    window.undo_action.trigger()  # the dismissal taken back
    assert live_rules(window) == ["SURGERY_PENDING"]
    assert store.dismissals(case_id) == []
    assert not window.editor.is_dirty()  # none of this touched the editor
    window.redo_action.trigger()
    assert live_rules(window) == []


def test_history_says_a_flag_was_dismissed_and_restored_with_the_reason(
    qtbot: QtBot, db_path: Path, open_window: Callable[..., Any], dismiss_answers: Any,
) -> None:
    (case_id,) = add(db_path, "pending-surgery")
    dismiss_answers.queue.append(("Not needed per PTP", True))
    window = open_window()
    window.open_case(case_id)
    card = window.analysis_panel.card("SURGERY_PENDING")
    assert card is not None and card.dismiss_button is not None
    qtbot.mouseClick(card.dismiss_button, Qt.MouseButton.LeftButton)
    card = window.analysis_panel.card("SURGERY_PENDING")
    assert card is not None and card.restore_button is not None
    qtbot.mouseClick(card.restore_button, Qt.MouseButton.LeftButton)
    window.pane.tabs.setCurrentWidget(window.pane.history)
    history = window.pane.history
    rows = [[history.topLevelItem(i).text(c) for c in range(5)]
            for i in range(history.topLevelItemCount())]
    assert rows[0][2] == "flag restored" and rows[0][4] == "Not needed per PTP"
    assert rows[1][2] == "flag dismissed" and rows[1][4] == "Not needed per PTP"

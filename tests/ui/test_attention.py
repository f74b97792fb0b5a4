"""Needs attention on its own: what it lists from the store's cache, in which order, and the
navigation above the case list."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.samples import load_samples
from mmi_desktop.ui.attention import (
    COL_CLIENT,
    COL_DEADLINE,
    COL_DUE,
    COL_FLAGS,
    AttentionTableModel,
    CaseNavigator,
    NeedsAttentionView,
    attention_job,
)

AS_OF = date(2026, 11, 27)


@pytest.fixture
def samples(db: Any) -> CaseStore:
    store = CaseStore(db, today=lambda: AS_OF)
    load_samples(store, AS_OF)
    return store


@pytest.fixture
def view(qtbot: QtBot) -> NeedsAttentionView:
    widget = NeedsAttentionView()
    qtbot.addWidget(widget)
    widget.resize(760, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def names(view: NeedsAttentionView) -> list[str]:
    m = view.model
    return [m.index(r, COL_CLIENT).data() for r in range(m.rowCount())]


def row_of(view: NeedsAttentionView, last_name: str) -> int:
    return next(i for i, n in enumerate(names(view)) if n.startswith(last_name + ","))


def test_model(qapp: Any, qtmodeltester: Any, samples: CaseStore) -> None:
    model = AttentionTableModel()
    model.set_items(samples.needs_attention(14, AS_OF), AS_OF, 14)
    qtmodeltester.check(model)
    assert model.rowCount() > 0


def test_lists_close_deadlines_and_high_flags_nearest_first(
    view: NeedsAttentionView, samples: CaseStore
) -> None:
    view.set_items(samples.needs_attention(14, AS_OF), AS_OF, 14)
    shown = names(view)
    # Domínguez: first PD payment due 11/30/2026, 3 days away: the nearest of all.
    assert shown[0] == "Domínguez, Luz María"
    m = view.model
    assert m.index(0, COL_DUE).data() == "11/30/2026\nin 3 days"
    assert m.index(0, COL_DEADLINE).data() == "First PD payment due"
    assert m.index(0, COL_FLAGS).data() == (
        "High: A diagnostic test was still pending when MMI was declared"
    )
    assert m.index(0, COL_FLAGS).data(Qt.ItemDataRole.DecorationRole) is not None
    dues = [m.item(r).deadline for r in range(m.rowCount()) if m.item(r).deadline]
    assert dues == sorted(dues) and all(AS_OF <= d <= AS_OF + timedelta(days=14) for d in dues)
    # A high flag with no close deadline is listed after the deadlines, with no date.
    nguyen = row_of(view, "Nguyen")
    assert m.index(nguyen, COL_DUE).data() == "—"
    assert nguyen > max(r for r in range(m.rowCount()) if m.item(r).deadline)
    # Pruitt: deadlines passed (2025) or far (2029), medium flags only: not listed.
    assert not any(n.startswith("Pruitt") for n in shown)
    # A long Spanish name is there whole (the view elides it, the tooltip has it).
    long_name = "Villaseñor-Betancourt de la Cruz, María de los Ángeles"
    assert long_name in shown
    assert long_name in m.index(row_of(view, "Villaseñor-Betancourt de la Cruz"), COL_CLIENT).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert view.summary.text().startswith(
        f"{len(shown)} cases with a high flag or a deadline in the next 14 days (to 12/11/2026)."
    )


def test_the_window_decides(view: NeedsAttentionView, samples: CaseStore) -> None:
    view.set_items(samples.needs_attention(3, AS_OF), AS_OF, 3)
    near = [view.model.item(r) for r in range(view.count()) if view.model.item(r).deadline]
    assert [i.display_name for i in near] == ["Domínguez, Luz María"]
    # The next day Domínguez's deadline is 2 days away; a week later it has passed.
    view.set_items(
        samples.needs_attention(3, AS_OF + timedelta(days=7)), AS_OF + timedelta(days=7), 3
    )
    assert "Domínguez, Luz María" in names(view)  # still listed for its high flag...
    row = row_of(view, "Domínguez")
    assert view.model.item(row).deadline is None  # ...but no longer for the deadline


def test_one_click_opens_a_case(view: NeedsAttentionView, samples: CaseStore, qtbot: QtBot) -> None:
    view.set_items(samples.needs_attention(14, AS_OF), AS_OF, 14)
    row = row_of(view, "Brooks")
    rect = view.view.visualRect(view.model.index(row, COL_CLIENT))
    with qtbot.waitSignal(view.case_chosen, timeout=1000) as blocker:
        qtbot.mouseClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [view.model.item(row).case_id]


def test_empty(view: NeedsAttentionView) -> None:
    view.set_items([], AS_OF, 14)
    assert view.empty.isVisible() and not view.view.isVisible()
    assert view.empty.text() == (
        "Nothing needs attention: no high flags, and no deadlines in the next 14 days "
        "(to 12/11/2026)."
    )


def test_select_case_marks_the_open_case(
    view: NeedsAttentionView, samples: CaseStore, qtbot: QtBot
) -> None:
    view.set_items(samples.needs_attention(14, AS_OF), AS_OF, 14)
    row = row_of(view, "Walsh")
    with qtbot.assertNotEmitted(view.case_chosen):
        view.select_case(view.model.item(row).case_id)
    assert [i.row() for i in view.view.selectionModel().selectedRows()] == [row]
    view.select_case(999_999)
    assert view.view.selectionModel().selectedRows() == []


def test_attention_job_reads_the_cache(samples: CaseStore) -> None:
    items, markers = attention_job(samples, 14, AS_OF)(None)
    assert [i.display_name for i in items][:1] == ["Domínguez, Luz María"]
    assert markers[items[0].case_id].top_severity is not None


def test_navigator(qtbot: QtBot) -> None:
    attention, cases = NeedsAttentionView(), QLabel("all cases")
    nav = CaseNavigator(attention, cases)
    qtbot.addWidget(nav)
    nav.show()
    assert nav.attention_button.text() == "Needs attention"
    nav.set_count(1234)
    assert nav.attention_button.text() == "Needs attention (1,234)"
    assert nav.page() == nav.ALL and cases.isVisible() and not attention.isVisible()
    with qtbot.waitSignal(nav.page_changed) as blocker:
        qtbot.mouseClick(nav.attention_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [nav.ATTENTION]
    assert attention.isVisible() and not cases.isVisible()
    assert nav.attention_button.isChecked() and not nav.all_button.isChecked()
    qtbot.mouseClick(nav.all_button, Qt.MouseButton.LeftButton)
    assert nav.page() == nav.ALL and cases.isVisible()

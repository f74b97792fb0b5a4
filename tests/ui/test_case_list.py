"""The case list: its table model, the filter proxy, and the panel a caseworker types into."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QPersistentModelIndex, Qt

from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.results import Severity
from mmi_desktop.domain.stage import Stage
from mmi_desktop.store.cases import CaseSummary
from mmi_desktop.ui.case_list import (
    COL_CLAIM,
    COL_CLIENT,
    COL_DOI,
    COL_FLAGS,
    COL_NEXT,
    COL_STAGE,
    HEADERS,
    OBJECT_ROLE,
    SORT_ROLE,
    Attention,
    CaseFilterProxy,
    CaseTableModel,
)
from mmi_desktop.ui.case_list_panel import CaseListPanel

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def summary(
    case_id: int,
    first: str,
    last: str,
    doi: date,
    claim: str | None = None,
    adj: str | None = None,
    employer: str | None = None,
    stage: Stage = Stage.TREATING,
) -> CaseSummary:
    return CaseSummary(
        case_id, first, last, doi, claim, adj, employer, "en", stage
    )


ROWS = [
    summary(
        1,
        "Maria",
        "Lopez",
        date(2023, 3, 8),
        "05A2345678",
        "ADJ12345678",
        "Valley Packing Co.",
        Stage.AT_MMI,
    ),
    summary(2, "Kevin", "Tran", date(2024, 5, 6), "C-778899", None, "Central Valley Farms"),
    summary(
        3, "Rosa", "Delgado", date(2021, 11, 30), None, "ADJ99887766", "Fresno Unified", Stage.RATED
    ),
    summary(4, "Derek", "Wilson", date(2022, 8, 30), "C-20220830", None, "Sample Employer Inc."),
]


def names(model: Any) -> list[str]:
    return [model.index(r, COL_CLIENT).data() for r in range(model.rowCount())]


@pytest.fixture
def model() -> CaseTableModel:
    m = CaseTableModel()
    m.set_summaries(ROWS)
    return m


@pytest.fixture
def proxy(model: CaseTableModel) -> CaseFilterProxy:
    p = CaseFilterProxy()
    p.setSourceModel(model)
    return p


@pytest.fixture
def panel(qtbot: Any) -> CaseListPanel:
    widget = CaseListPanel()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    widget.set_summaries(ROWS)
    return widget


# ---------------------------------------------------------------------------- the model


def test_model_passes_qtmodeltester(qtmodeltester: Any, model: CaseTableModel) -> None:
    qtmodeltester.check(model, force_py=True)


def test_model_stays_consistent_through_changes(qtmodeltester: Any) -> None:
    m = CaseTableModel()
    qtmodeltester.check(m, force_py=True)
    m.set_summaries(ROWS)
    m.upsert(summary(9, "Ana", "Abarca", date(2020, 1, 2)))
    m.upsert(summary(2, "Kevin", "Zeller", date(2024, 5, 6)))
    m.remove(3)
    m.sort(COL_DOI, Qt.SortOrder.DescendingOrder)
    m.set_attention({1: Attention(Severity.HIGH, date(2023, 12, 18))})
    assert names(m) == ["Zeller, Kevin", "Lopez, Maria", "Wilson, Derek", "Abarca, Ana"]


def test_proxy_with_filter_passes_qtmodeltester(qtmodeltester: Any, proxy: CaseFilterProxy) -> None:
    proxy.set_filter_text("valley")
    qtmodeltester.check(proxy, force_py=True)
    assert proxy.rowCount() == 2


def test_proxy_stays_consistent_while_rows_change_under_a_filter(
    qtmodeltester: Any, model: CaseTableModel, proxy: CaseFilterProxy
) -> None:
    # The tester stays connected: every signal the proxy sends below is checked against it.
    proxy.set_filter_text("valley")
    qtmodeltester.check(proxy, force_py=True)
    model.upsert(summary(5, "Ana", "Reyes", date(2025, 1, 2), employer="Valley Orchards"))
    model.upsert(summary(6, "Bo", "Aaron", date(2025, 1, 3)))  # added, hidden
    model.upsert(summary(2, "Kevin", "Tran", date(2024, 5, 6), employer="Harbor Builders"))
    model.upsert(summary(4, "Derek", "Wilson", date(2022, 8, 30), employer="Valley Steel"))
    assert names(proxy) == ["Lopez, Maria", "Reyes, Ana", "Wilson, Derek"]
    model.remove(6)  # hidden, first by name: the rows shown move up under the filter
    assert names(proxy) == ["Lopez, Maria", "Reyes, Ana", "Wilson, Derek"]
    model.remove(1)  # shown
    assert names(proxy) == ["Reyes, Ana", "Wilson, Derek"]
    model.set_attention({5: Attention(Severity.HIGH, date(2025, 3, 1))})
    proxy.sort(COL_DOI, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["Reyes, Ana", "Wilson, Derek"]
    proxy.set_filter_text("")
    assert names(proxy) == [
        "Reyes, Ana",
        "Tran, Kevin",
        "Wilson, Derek",
        "Delgado, Rosa",
    ]
    proxy.set_filter_text("a")
    model.set_summaries(ROWS)
    assert names(proxy) == ["Tran, Kevin", "Lopez, Maria", "Wilson, Derek", "Delgado, Rosa"]


def test_an_edit_that_ends_a_match_hides_the_row_at_once(
    model: CaseTableModel, proxy: CaseFilterProxy
) -> None:
    proxy.set_filter_text("valley")
    seen: list[list[str]] = []
    model.dataChanged.connect(lambda *_args: seen.append(names(proxy)))  # before re-sorting
    model.upsert(summary(2, "Kevin", "Tran", date(2024, 5, 6), employer="Harbor Builders"))
    assert seen == [["Lopez, Maria"]]


def test_a_new_case_joins_a_filtered_list_only_if_it_matches(
    model: CaseTableModel, proxy: CaseFilterProxy
) -> None:
    proxy.set_filter_text("valley")
    seen: list[list[str]] = []
    model.rowsInserted.connect(lambda *_args: seen.append(names(proxy)))  # before re-sorting
    model.upsert(summary(5, "Bo", "Aaron", date(2025, 1, 3)))
    model.upsert(summary(6, "Ana", "Reyes", date(2025, 1, 2), employer="Valley Orchards"))
    assert seen == [["Lopez, Maria", "Tran, Kevin"], ["Lopez, Maria", "Tran, Kevin", "Reyes, Ana"]]


def test_proxy_maps_shown_rows_both_ways_and_hidden_rows_nowhere(
    model: CaseTableModel, proxy: CaseFilterProxy
) -> None:
    proxy.set_filter_text("valley")
    for row in range(proxy.rowCount()):
        shown = proxy.index(row, COL_DOI)
        source = proxy.mapToSource(shown)
        assert source.column() == COL_DOI
        assert source.data() == shown.data()
        assert proxy.mapFromSource(source) == shown
    hidden = model.index(model.row_of(3), COL_CLIENT)  # Delgado, no "valley"
    assert not proxy.mapFromSource(hidden).isValid()


def test_an_index_the_view_keeps_follows_its_case(
    model: CaseTableModel, proxy: CaseFilterProxy
) -> None:
    # What the view's selection and current row rest on.
    def tran() -> QPersistentModelIndex:
        return QPersistentModelIndex(proxy.mapFromSource(model.index(model.row_of(2), 0)))

    kept = tran()
    proxy.set_filter_text("valley")  # Lopez and Tran
    assert kept.row() == 1 and kept.data() == "Tran, Kevin"
    proxy.sort(COL_DOI, Qt.SortOrder.DescendingOrder)  # Tran first
    assert kept.row() == 0 and kept.data() == "Tran, Kevin"
    model.upsert(summary(5, "Ana", "Reyes", date(2025, 1, 2), employer="Valley Orchards"))
    assert kept.row() == 1 and kept.data() == "Tran, Kevin"
    proxy.set_filter_text("wilson")
    assert not kept.isValid()


def test_headers_stay_when_nothing_matches(proxy: CaseFilterProxy) -> None:
    proxy.set_filter_text("nobody")
    assert proxy.rowCount() == 0
    headers = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(len(HEADERS))]
    assert headers == list(HEADERS)


def test_markers_reach_a_filtered_list(model: CaseTableModel, proxy: CaseFilterProxy) -> None:
    proxy.set_filter_text("valley")  # Lopez and Tran
    changed: list[tuple[int, int, int, int]] = []
    proxy.dataChanged.connect(
        lambda a, b, _roles=(): changed.append((a.row(), a.column(), b.row(), b.column()))
    )
    model.set_attention({2: Attention(Severity.MEDIUM, date(2024, 7, 1))})
    assert changed == [(0, COL_FLAGS, 1, COL_NEXT)]
    tran = proxy.mapFromSource(model.index(model.row_of(2), COL_FLAGS))
    assert "medium" in tran.data()
    assert tran.siblingAtColumn(COL_NEXT).data() == "07/01/2024"


def test_rows_show_client_date_claim_and_derived_stage(model: CaseTableModel) -> None:
    assert HEADERS[COL_FLAGS] and HEADERS[COL_NEXT]  # the analysis columns have their place
    row = model.row_of(1)
    assert row is not None

    def cell(col: int) -> Any:
        return model.index(row, col).data()

    assert cell(COL_CLIENT) == "Lopez, Maria"
    assert cell(COL_DOI) == "03/08/2023"
    assert cell(COL_CLAIM) == "05A2345678"
    assert cell(COL_STAGE) == "at MMI"
    assert cell(COL_FLAGS) == "" and cell(COL_NEXT) == ""
    assert model.index(row, COL_CLIENT).data(OBJECT_ROLE) == ROWS[0]
    tip = model.index(row, COL_CLIENT).data(Qt.ItemDataRole.ToolTipRole)
    assert "Valley Packing Co." in tip and "ADJ12345678" in tip


def test_missing_claim_number_shows_empty_not_none(model: CaseTableModel) -> None:
    row = model.row_of(3)
    assert model.index(row, COL_CLAIM).data() == ""


def test_flag_marker_has_a_word_and_a_colour(model: CaseTableModel) -> None:
    model.set_attention({1: Attention(Severity.HIGH, date(2023, 12, 18))})
    row = model.row_of(1)
    assert "high" in model.index(row, COL_FLAGS).data()
    assert model.index(row, COL_FLAGS).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(row, COL_NEXT).data() == "12/18/2023"


def test_model_holds_summaries_only(model: CaseTableModel) -> None:
    assert all(isinstance(s, CaseSummary) for s in model.summaries())


def test_summaries_from_the_store_draw_without_documents(store: Any) -> None:
    for path in sorted(EXAMPLES.glob("*.json")):
        store.import_cases([load_case(path)])
    m = CaseTableModel()
    m.set_summaries(store.summaries())
    assert m.rowCount() == len(list(EXAMPLES.glob("*.json")))
    assert "Wilson, Derek" in names(m)
    row = m.row_of(next(s.id for s in m.summaries() if s.last_name == "Wilson"))
    assert m.index(row, COL_DOI).data() == "08/30/2022"


# ---------------------------------------------------------------------------- sorting


def test_sorts_by_name_by_default(proxy: CaseFilterProxy) -> None:
    assert names(proxy) == ["Delgado, Rosa", "Lopez, Maria", "Tran, Kevin", "Wilson, Derek"]


def test_sorts_dates_as_dates_not_text(proxy: CaseFilterProxy) -> None:
    proxy.sort(COL_DOI, Qt.SortOrder.AscendingOrder)
    dois = [proxy.index(r, COL_DOI).data() for r in range(proxy.rowCount())]
    assert dois == ["11/30/2021", "08/30/2022", "03/08/2023", "05/06/2024"]
    proxy.sort(COL_DOI, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, COL_DOI).data() == "05/06/2024"


def test_sorts_stage_in_case_order_then_name(proxy: CaseFilterProxy) -> None:
    proxy.sort(COL_STAGE, Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["Tran, Kevin", "Wilson, Derek", "Lopez, Maria", "Delgado, Rosa"]


def test_sort_role_gives_comparable_keys(model: CaseTableModel) -> None:
    for col in range(len(HEADERS)):
        keys = [model.index(r, col).data(SORT_ROLE) for r in range(model.rowCount())]
        sorted(keys)  # would raise on None mixed with text


def test_new_row_lands_in_sorted_place(proxy: CaseFilterProxy, model: CaseTableModel) -> None:
    model.upsert(summary(5, "Ana", "Martinez", date(2020, 2, 2)))
    assert names(proxy) == [
        "Delgado, Rosa",
        "Lopez, Maria",
        "Martinez, Ana",
        "Tran, Kevin",
        "Wilson, Derek",
    ]


# ---------------------------------------------------------------------------- filtering


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lopez", ["Lopez, Maria"]),
        ("MARIA", ["Lopez, Maria"]),
        ("05a23", ["Lopez, Maria"]),  # claim number, any case
        ("adj9988", ["Delgado, Rosa"]),  # ADJ number
        ("fresno unified", ["Delgado, Rosa"]),  # employer, two words
        ("valley", ["Lopez, Maria", "Tran, Kevin"]),
        ("kevin tran", ["Tran, Kevin"]),  # every word, any order
        ("tran kevin", ["Tran, Kevin"]),
        ("nobody", []),
        ("", ["Delgado, Rosa", "Lopez, Maria", "Tran, Kevin", "Wilson, Derek"]),
    ],
)
def test_filter_matches_name_claim_adj_employer(
    proxy: CaseFilterProxy, text: str, expected: list[str]
) -> None:
    proxy.set_filter_text(text)
    assert names(proxy) == expected


def test_filter_ignores_accents_both_ways(model: CaseTableModel, proxy: CaseFilterProxy) -> None:
    model.upsert(summary(7, "José Luis", "Ramírez Ochoa", date(2025, 6, 2)))
    for typed in ("ramirez", "RAMÍREZ", "jose luis"):
        proxy.set_filter_text(typed)
        assert names(proxy) == ["Ramírez Ochoa, José Luis"], typed


def test_filter_does_not_match_other_columns(proxy: CaseFilterProxy) -> None:
    proxy.set_filter_text("2023")  # a date of injury, not a searched field
    assert names(proxy) == []
    proxy.set_filter_text("rated")  # a stage
    assert names(proxy) == []


def test_filter_follows_a_renamed_case(proxy: CaseFilterProxy, model: CaseTableModel) -> None:
    proxy.set_filter_text("zeller")
    assert names(proxy) == []
    model.upsert(summary(2, "Kevin", "Zeller", date(2024, 5, 6)))
    assert names(proxy) == ["Zeller, Kevin"]


def test_typing_narrows_the_list_as_you_type(qtbot: Any, panel: CaseListPanel) -> None:
    seen = []
    panel.filter_edit.textChanged.connect(lambda _t: seen.append(panel.visible_count()))
    qtbot.keyClicks(panel.filter_edit, "lop")
    assert seen == [4, 2, 1]  # "l": everyone; "lo": Lopez and "Sample Employer"; "lop"
    assert "1 of 4 cases" in panel.count_label.text()
    panel.filter_edit.clear()
    assert panel.visible_count() == 4
    assert panel.count_label.isHidden()


def test_big_list_filters_correctly() -> None:
    rows = [
        summary(i, f"First{i}", f"Last{i}", date(2020, 1, 1), f"CL{i:05d}")
        for i in range(1, 10_001)
    ]
    m = CaseTableModel()
    m.set_summaries(rows)
    p = CaseFilterProxy()
    p.setSourceModel(m)
    p.set_filter_text("cl0999")
    assert p.rowCount() == 10  # CL09990 … CL09999
    p.set_filter_text("")
    assert p.rowCount() == 10_000


# ---------------------------------------------------------------------------- selection


def test_selection_survives_filtering(qtbot: Any, panel: CaseListPanel) -> None:
    picked: list[int] = []
    panel.case_selected.connect(picked.append)
    row = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(2), 0))
    panel.view.setCurrentIndex(row)
    assert picked == [2]

    def selected_ids() -> list[int]:
        return [i.data(OBJECT_ROLE).id for i in panel.view.selectionModel().selectedRows()]

    qtbot.keyClicks(panel.filter_edit, "valley")  # still shows Tran
    assert selected_ids() == [2]
    panel.filter_edit.setText("wilson")  # hides Tran
    assert selected_ids() == []
    assert panel.current_case_id() == 2
    panel.filter_edit.clear()  # Tran is back, and selected again
    assert selected_ids() == [2]
    assert panel.current_case_id() == 2
    assert picked == [2]  # filtering never picked another case


def test_rows_picked_for_letters_stay_picked_while_they_match(panel: CaseListPanel) -> None:
    selection = panel.view.selectionModel()
    for case_id in (1, 2):  # Lopez and Tran, as Ctrl-click would, without opening a case
        index = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(case_id), 0))
        selection.select(
            index,
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    assert panel.selected_case_ids() == [1, 2]
    panel.filter_edit.setText("valley")  # both still shown
    assert panel.selected_case_ids() == [1, 2]
    panel.filter_edit.setText("lopez")
    assert panel.selected_case_ids() == [1]
    assert panel.view.model().index(0, 0).data() == "Lopez, Maria"


def test_select_case_in_code_does_not_signal(panel: CaseListPanel) -> None:
    picked: list[int] = []
    panel.case_selected.connect(picked.append)
    assert panel.select_case(4)
    assert panel.current_case_id() == 4
    assert not panel.select_case(999)
    assert picked == []


def test_arrow_keys_pick_the_next_case(qtbot: Any, panel: CaseListPanel) -> None:
    picked: list[int] = []
    panel.case_selected.connect(picked.append)
    panel.select_case(3)  # Delgado, first by name
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    assert picked == [1]  # Lopez


def test_down_from_the_filter_goes_to_the_first_match_when_the_open_case_is_hidden(
    qtbot: Any, panel: CaseListPanel
) -> None:
    picked: list[int] = []
    panel.case_selected.connect(picked.append)
    panel.select_case(3)  # Delgado, open
    qtbot.keyClicks(panel.filter_edit, "valley")  # Lopez and Tran; Delgado hidden
    assert not panel.view.currentIndex().isValid()  # no stray row left current
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Down)
    assert picked == [1]  # Lopez, the first match
    assert panel.view.currentIndex().row() == 0


def test_escape_clears_the_filter(qtbot: Any, panel: CaseListPanel) -> None:
    qtbot.keyClicks(panel.filter_edit, "lopez")
    assert panel.visible_count() == 1
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Escape)
    assert panel.filter_edit.text() == ""
    assert panel.visible_count() == 4


def test_filter_stays_right_when_rows_change_under_it(
    proxy: CaseFilterProxy, model: CaseTableModel
) -> None:
    # The proxy decides matches in one pass and keeps them; every change of the rows
    # (sorting, adding, editing, removing) must make it decide again.
    proxy.set_filter_text("valley")
    assert sorted(names(proxy)) == ["Lopez, Maria", "Tran, Kevin"]
    proxy.sort(COL_DOI, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["Tran, Kevin", "Lopez, Maria"]
    model.upsert(summary(5, "Ana", "Reyes", date(2025, 1, 2), employer="Valley Orchards"))
    assert names(proxy) == ["Reyes, Ana", "Tran, Kevin", "Lopez, Maria"]
    model.upsert(summary(2, "Kevin", "Tran", date(2024, 5, 6), employer="Harbor Builders"))
    assert names(proxy) == ["Reyes, Ana", "Lopez, Maria"]
    model.remove(1)
    assert names(proxy) == ["Reyes, Ana"]
    model.set_summaries(ROWS)
    assert sorted(names(proxy)) == ["Lopez, Maria", "Tran, Kevin"]


def test_rows_added_before_the_first_filter_are_found(
    proxy: CaseFilterProxy, model: CaseTableModel
) -> None:
    # The filter's text is made when first needed; rows that came and went before that
    # (and after it) are matched all the same.
    model.set_summaries(ROWS)
    model.upsert(summary(5, "Ana", "Reyes", date(2025, 1, 2), employer="Valley Orchards"))
    model.remove(2)
    proxy.set_filter_text("valley")
    assert names(proxy) == ["Lopez, Maria", "Reyes, Ana"]
    model.upsert(summary(6, "Luis", "Vega", date(2025, 3, 4), employer="Valley Farms"))
    model.upsert(summary(1, "Maria", "Lopez", date(2023, 3, 8), employer="Harbor Builders"))
    assert names(proxy) == ["Reyes, Ana", "Vega, Luis"]


def test_sorting_again_the_same_way_keeps_new_rows_in_place(
    proxy: CaseFilterProxy, model: CaseTableModel
) -> None:
    proxy.sort(COL_DOI, Qt.SortOrder.AscendingOrder)
    first = names(proxy)
    proxy.sort(COL_DOI, Qt.SortOrder.AscendingOrder)  # nothing changed: the same order
    assert names(proxy) == first
    model.upsert(summary(7, "Zoe", "Adams", date(1999, 1, 1)))  # the oldest injury
    proxy.sort(COL_DOI, Qt.SortOrder.AscendingOrder)
    assert names(proxy)[0] == "Adams, Zoe"
    proxy.sort(COL_CLIENT, Qt.SortOrder.DescendingOrder)
    assert names(proxy)[0] == "Wilson, Derek" and names(proxy)[-1] == "Adams, Zoe"


# ---------------------------------------------------------------- a list read from the database
def _list_database(n: int) -> Any:
    """A `Run` over a cases table holding only the list's columns (n invented cases), and
    the number of rows each query handed back."""
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE cases (id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, "
        "date_of_injury DATE, claim_number TEXT, adj_number TEXT, employer TEXT, "
        "language TEXT, stage TEXT)"
    )
    lasts = ["Lopez", "Ramírez", "nguyen", "Smith", "Okafor"]
    conn.executemany(
        "INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?, ?, 'en', ?)",
        [
            (i, f"First{i:04d}", lasts[i % 5], date(2020, 1, 1 + i % 28).isoformat(),
             f"C-{i:05d}" if i % 4 else None, f"ADJ{i}", "Valley Packing" if i % 7 == 0 else None,
             list(Stage)[i % 4].value)
            for i in range(1, n + 1)
        ],
    )
    handed: list[int] = []

    def run(sql: str, params: dict[str, Any]) -> list[Any]:
        rows = conn.execute(sql, params).fetchall()
        handed.append(len(rows))
        return rows

    return run, handed


def test_a_database_list_reads_only_the_rows_shown(qtbot: Any) -> None:
    from mmi_desktop.store.case_list import DatabaseList, load_list

    run, handed = _list_database(3000)
    panel = CaseListPanel()
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.set_summaries(load_list(DatabaseList(run)))
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.model.rowCount() == 3000
    qtbot.waitUntil(lambda: len(panel.model._rows) > 0)  # painted
    full_rows = sum(n for n in handed if n < 3000)  # (the order and the index: 3,000 each)
    assert 0 < full_rows <= 2 * CaseTableModel.BLOCK  # a screenful's block or two, not 3,000
    assert len(panel.model._rows) <= 2 * CaseTableModel.BLOCK
    # The last row, and back: read on demand, in blocks.
    panel.view.scrollToBottom()
    panel.view.viewport().repaint()
    assert panel.model.index(2999, COL_CLIENT).data() == panel.model.summary(2999).display_name
    assert len(panel.model._rows) <= 4 * CaseTableModel.BLOCK


def test_a_database_list_sorts_filters_and_keeps_the_selection(qtbot: Any) -> None:
    from mmi_desktop.store.case_list import DatabaseList, load_list

    run, _handed = _list_database(500)
    panel = CaseListPanel()
    qtbot.addWidget(panel)
    panel.set_summaries(load_list(DatabaseList(run)))
    model = panel.model
    first = [model.summary(r).last_name.lower() for r in range(model.rowCount())]
    assert first == sorted(first)
    assert panel.select_case(137)
    for col in (COL_DOI, COL_STAGE, COL_CLAIM, COL_CLIENT):
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
            panel.view.sortByColumn(col, order)
            keys = [model.index(r, col).data(SORT_ROLE) for r in range(model.rowCount())]
            assert keys == sorted(keys, reverse=order == Qt.SortOrder.DescendingOrder), col
            assert panel.current_case_id() == 137
            current = panel.view.currentIndex()
            assert current.data(OBJECT_ROLE).id == 137
    panel.filter_edit.setText("ramirez c-001")  # accents and case ignored, every word
    shown = [panel.proxy.index(r, 0).data(OBJECT_ROLE) for r in range(panel.proxy.rowCount())]
    assert shown and all(s.last_name == "Ramírez" and "C-001" in s.claim_number for s in shown)
    assert {s.id for s in shown} == {i for i in range(1, 501)
                                     if i % 5 == 1 and i % 4 and f"{i:05d}".startswith("001")}
    panel.filter_edit.setText("valley")
    assert panel.visible_count() == len([i for i in range(1, 501) if i % 7 == 0])


def test_a_database_list_passes_the_model_tester(qtbot: Any, qtmodeltester: Any) -> None:
    from mmi_desktop.store.case_list import DatabaseList, load_list

    run, _handed = _list_database(300)
    model = CaseTableModel()
    model.set_list(load_list(DatabaseList(run)))
    qtmodeltester.check(model)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter_text("lopez")
    qtmodeltester.check(proxy)
    model.sort(COL_DOI, Qt.SortOrder.DescendingOrder)
    model.remove(5)
    qtmodeltester.check(model)


def test_a_first_page_shows_the_total_then_the_whole_list(qtbot: Any) -> None:
    from mmi_desktop.store.case_list import DatabaseList, load_list, read_first_page

    run, _handed = _list_database(700)
    page = read_first_page(run, 50)
    panel = CaseListPanel()
    qtbot.addWidget(panel)
    panel.set_summaries(page.rows, page.total)
    assert panel.model.rowCount() == 50 and panel.model.case_count() == 700
    panel.select_case(page.rows[10].id)
    panel.set_summaries(load_list(DatabaseList(run)))
    assert panel.model.rowCount() == 700 and panel.model.case_count() == 700
    assert panel.current_case_id() == page.rows[10].id
    assert [panel.model.summary(r).id for r in range(50)] == [s.id for s in page.rows]


def test_typing_on_narrows_to_the_same_rows_as_a_fresh_filter(qtbot: Any) -> None:
    from mmi_desktop.store.case_list import DatabaseList, load_list

    run, _handed = _list_database(400)
    model = CaseTableModel()
    model.set_list(load_list(DatabaseList(run)))
    typing = CaseFilterProxy()
    typing.setSourceModel(model)
    for text in ["r", "ra", "ram", "ramí", "ramír c", "ramir c-0", "ramir c-00", "lo",
                 "lop ad", "lop adj1", "lop adj12", "lopez", "o", "ok a", "ok adj"]:
        typing.set_filter_text(text)
        fresh = CaseFilterProxy()
        fresh.setSourceModel(model)
        fresh.set_filter_text(text)
        got = [typing.index(r, 0).data(OBJECT_ROLE).id for r in range(typing.rowCount())]
        want = [fresh.index(r, 0).data(OBJECT_ROLE).id for r in range(fresh.rowCount())]
        assert got == want, text
    assert typing.rowCount() > 0

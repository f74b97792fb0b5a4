"""One change broadcast (issue 13): a save is published once and every view follows it; a
change made elsewhere (`hub.external`) reaches the list and the open case by the same path;
one save builds the case from the editor once and analyses it once."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from mmi_desktop.services.changes import Change
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import open_database
from mmi_desktop.ui.case_list import COL_CLIENT
from tests.ui.test_main_window import add_examples


def _row_text(window: Any, case_id: int) -> str:
    model = window.case_list.model
    row = model.row_of(case_id)
    return "" if row is None or row < 0 else str(model.index(row, COL_CLIENT).data())


def _cases(db_path: Path) -> dict[str, int]:
    db = open_database(db_path)
    try:
        return add_examples(CaseStore(db))
    finally:
        db.close()


def _rename_elsewhere(db_path: Path, case_id: int, last_name: str) -> None:
    """Another caseworker's save, through their own connection."""
    db = open_database(db_path)
    try:
        store = CaseStore(db)
        stored = store.load(case_id)
        case = copy.deepcopy(stored.case)
        case.client.last_name = last_name
        store.save(case_id, case, stored.version)
    finally:
        db.close()


def test_one_save_is_published_once_and_builds_and_analyses_the_case_once(
        qtbot: Any, make_window: Any, db_path: Path, monkeypatch: Any) -> None:
    ids = sorted(_cases(db_path).values())
    window = make_window()
    assert window.open_case(ids[0])
    seen: list[Change] = []
    window.hub.changed.connect(seen.append)
    builds: list[int] = []
    real_build = type(window.editor).current_case

    def counted_build(editor: Any) -> Any:
        builds.append(1)
        return real_build(editor)

    monkeypatch.setattr(type(window.editor), "current_case", counted_build)
    analyses: list[int] = []
    real_analyse = window.workspace.analyse

    def counted_analyse(*args: Any, **kwargs: Any) -> Any:
        analyses.append(1)
        return real_analyse(*args, **kwargs)

    monkeypatch.setattr(window.workspace, "analyse", counted_analyse)
    window.editor.field_widget("client.last_name").setText("Quintero-Save")
    qtbot.waitUntil(lambda: not window.analysis_pending(), timeout=30000)
    builds.clear()
    analyses.clear()

    assert window.save()
    assert seen == [Change.saved(ids[0])]
    assert builds == []  # built once per edit (already, for the analysis as typed)
    assert len(analyses) == 1
    assert "Quintero-Save" in _row_text(window, ids[0])
    assert "Quintero-Save" in window.pane.header.name.toolTip()
    assert window.attention_view is not None and window.attention_ready


def test_a_change_made_elsewhere_reaches_the_list_and_the_open_case(
        qtbot: Any, make_window: Any, db_path: Path) -> None:
    ids = sorted(_cases(db_path).values())
    window = make_window()
    assert window.open_case(ids[0])
    _rename_elsewhere(db_path, ids[0], "Elsewhere-Open")
    _rename_elsewhere(db_path, ids[1], "Elsewhere-Other")

    window.hub.external(Change.saved(ids[0], ids[1]))

    assert "Elsewhere-Other" in _row_text(window, ids[1])
    assert "Elsewhere-Open" in _row_text(window, ids[0])
    assert window.loaded_case.client.last_name == "Elsewhere-Open"  # read again
    assert window.editor.field_widget("client.last_name").text() == "Elsewhere-Open"
    assert window.version == 2  # the next save is checked against theirs


def test_a_change_made_elsewhere_keeps_unsaved_edits_of_the_open_case(
        qtbot: Any, make_window: Any, db_path: Path) -> None:
    ids = sorted(_cases(db_path).values())
    window = make_window()
    assert window.open_case(ids[0])
    window.editor.field_widget("client.phone").setText("(559) 555-0199")
    _rename_elsewhere(db_path, ids[0], "Theirs")

    window.hub.external(Change.saved(ids[0]))

    assert window.editor.is_dirty()
    assert window.editor.field_widget("client.phone").text() == "(559) 555-0199"
    assert window.version == 1  # saving now meets 'changed elsewhere', as before


def test_a_case_deleted_elsewhere_leaves_the_list_and_closes(
        qtbot: Any, make_window: Any, db_path: Path) -> None:
    ids = sorted(_cases(db_path).values())
    window = make_window()
    assert window.open_case(ids[0])
    rows = window.case_list.model.rowCount()
    db = open_database(db_path)
    try:
        CaseStore(db).delete(ids[0])
    finally:
        db.close()

    window.hub.external(Change.deleted(ids[0]))

    assert window.case_list.model.rowCount() == rows - 1
    assert _row_text(window, ids[0]) == ""
    assert window.case_id is None and not window.has_case()


def test_an_empty_change_is_not_published(make_window: Any) -> None:
    window = make_window()
    seen: list[Change] = []
    window.hub.changed.connect(seen.append)
    window.hub.publish(Change())
    window.hub.external(Change())
    assert seen == [] and window.hub.published == 0

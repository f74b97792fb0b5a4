"""File → Letters for selected cases: one PDF per selected case, in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel

from mmi_desktop.domain.casefile import load_case
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import open_database
from tests.conftest import EXAMPLES


def fill(db_path: Path) -> list[int]:
    db = open_database(db_path)
    try:
        store = CaseStore(db)
        return [store.create(load_case(EXAMPLES / n)) for n in
                ("clean.json", "pending-surgery.json", "clean.json")]
    finally:
        db.close()


def test_letters_for_three_selected_cases(qtbot: Any, make_window: Any, db_path: Path,
                                          tmp_path: Path, file_dialogs: Any) -> None:
    ids = fill(db_path)
    window = make_window()
    view = window.case_list.view
    selection = view.selectionModel()
    proxy = window.case_list.proxy
    for row in range(proxy.rowCount()):
        selection.select(proxy.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    assert sorted(window.case_list.selected_case_ids()) == sorted(ids)
    out = tmp_path / "letters"
    out.mkdir()
    file_dialogs.folders.append(str(out))
    window.letters_action.trigger()
    worker = window.last_batch
    assert worker is not None
    qtbot.waitUntil(lambda: len(list(out.glob("*.pdf"))) == 3, timeout=30000)
    names = sorted(p.name for p in out.glob("*.pdf"))
    assert names == sorted([f"{ids[0]:04d}-Wilson-Derek.pdf", f"{ids[1]:04d}-Gutierrez-Ana.pdf",
                            f"{ids[2]:04d}-Wilson-Derek.pdf"])
    window.pool.waitForDone(10000)


def test_no_selection_says_so(make_window: Any, messages: Any, file_dialogs: Any) -> None:
    window = make_window()
    window.letters_action.trigger()
    assert any("Select one or more cases" in t for t in messages.texts())
    assert file_dialogs.asked == []
    assert window.last_batch is None


def test_cancelled_folder_writes_nothing(make_window: Any, db_path: Path,
                                        file_dialogs: Any) -> None:
    fill(db_path)
    window = make_window()
    window.open_case(window.store.ids()[0])
    window.letters_action.trigger()  # the folder dialog answers Cancel
    assert file_dialogs.asked and window.last_batch is None

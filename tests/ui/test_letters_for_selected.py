"""File → Letters for selected cases: one PDF per selected case, in the background."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.casefile import load_case
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import open_database
from tests.conftest import EXAMPLES

THREE = ("clean.json", "pending-surgery.json", "clean.json")


def fill(db_path: Path, names: tuple[str, ...] = THREE) -> list[int]:
    db = open_database(db_path)
    try:
        store = CaseStore(db)
        return [store.create(load_case(EXAMPLES / n)) for n in names]
    finally:
        db.close()


def select_all(window: Any) -> None:
    """Select every row of the case list, as Ctrl+A or Shift-clicks would."""
    selection = window.case_list.view.selectionModel()
    proxy = window.case_list.proxy
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in range(proxy.rowCount()):
        selection.select(proxy.index(row, 0), flags)


def letters_into(window: Any, folder: Path, file_dialogs: Any) -> Any:
    """Answer the folder dialog with `folder`, run 'Letters for selected cases…', return
    the batch it started."""
    folder.mkdir(exist_ok=True)
    file_dialogs.folders.append(str(folder))
    window.letters_action.trigger()
    assert window.last_batch is not None
    return window.last_batch


def summaries(messages: Any) -> list[str]:
    return [m.text for m in messages.shown if m.title == "Letters"]


def progress_dialogs_shown() -> list[QProgressDialog]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.isVisible()
    ]


def test_letters_for_three_selected_cases(
    qtbot: Any, make_window: Any, db_path: Path, tmp_path: Path, file_dialogs: Any, messages: Any
) -> None:
    ids = fill(db_path)
    window = make_window()
    select_all(window)
    assert sorted(window.case_list.selected_case_ids()) == sorted(ids)
    out = tmp_path / "letters"
    letters_into(window, out, file_dialogs)
    qtbot.waitUntil(lambda: bool(summaries(messages)), timeout=30000)
    assert summaries(messages) == [f"3 of 3 letters written to {out}."]
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        [
            f"{ids[0]:04d}-Wilson-Derek.pdf",
            f"{ids[1]:04d}-Gutierrez-Ana.pdf",
            f"{ids[2]:04d}-Wilson-Derek.pdf",
        ]
    )
    window.pool.waitForDone(10000)


def start_held(
    window: Any, folder: Path, file_dialogs: Any, hold_at: int
) -> tuple[Any, threading.Event]:
    """Start the batch with its worker held after letter `hold_at` until the returned
    event is set: a Cancel pressed meanwhile lands at a known point, not a race."""
    # Hold the pool's only thread, so the batch cannot start before it is watched.
    window.pool.setMaxThreadCount(1)
    pool_free, release = threading.Event(), threading.Event()
    window.pool.start(lambda: pool_free.wait(10))
    task = letters_into(window, folder, file_dialogs)

    def after_each_letter(done: int, total: int, name: str) -> None:
        if done == hold_at:  # runs in the worker thread
            release.wait(10)

    task.signals.progress.connect(after_each_letter, Qt.ConnectionType.DirectConnection)
    pool_free.set()
    return task, release


def press_cancel(qtbot: Any, task: Any, label: str) -> None:
    """Wait for the progress dialog to read `label`, then press its Cancel."""
    dialog = task.controller.dialog
    qtbot.waitUntil(lambda: dialog.labelText().startswith(label), timeout=30000)
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    cancel.click()
    assert dialog.labelText() == "Cancelling after the letter in hand…"


def test_cancel_stops_after_the_letter_in_hand(
    qtbot: Any, make_window: Any, db_path: Path, tmp_path: Path, file_dialogs: Any, messages: Any
) -> None:
    fill(db_path, THREE * 3)
    window = make_window()
    select_all(window)
    out = tmp_path / "letters"
    task, release = start_held(window, out, file_dialogs, hold_at=1)
    press_cancel(qtbot, task, "Letter 1 of 9: ")
    release.set()
    qtbot.waitUntil(lambda: bool(summaries(messages)), timeout=30000)
    assert summaries(messages) == [f"Cancelled. 1 of 9 letters written to {out}."]
    written = list(out.iterdir())  # hidden temporary files too
    assert len(written) == 1 and written[0].suffix == ".pdf"
    assert written[0].stat().st_size > 1000
    qtbot.waitUntil(lambda: not progress_dialogs_shown())
    window.pool.waitForDone(10000)


def test_cancel_during_the_last_letter_is_not_reported_as_cancelled(
    qtbot: Any, make_window: Any, db_path: Path, tmp_path: Path, file_dialogs: Any, messages: Any
) -> None:
    fill(db_path)
    window = make_window()
    select_all(window)
    out = tmp_path / "letters"
    task, release = start_held(window, out, file_dialogs, hold_at=3)
    press_cancel(qtbot, task, "Letter 3 of 3: ")
    release.set()
    qtbot.waitUntil(lambda: bool(summaries(messages)), timeout=30000)
    assert summaries(messages) == [f"3 of 3 letters written to {out}."]
    assert len(list(out.iterdir())) == 3
    window.pool.waitForDone(10000)


def test_a_case_deleted_after_selection_is_not_written(
    qtbot: Any, make_window: Any, db_path: Path, tmp_path: Path, file_dialogs: Any, messages: Any
) -> None:
    ids = fill(db_path)
    window = make_window()
    select_all(window)
    window.store.delete(ids[1])  # elsewhere, say: the list still shows it selected
    out = tmp_path / "letters"
    letters_into(window, out, file_dialogs)
    qtbot.waitUntil(lambda: bool(summaries(messages)), timeout=30000)
    (text,) = summaries(messages)
    head, _, rest = text.partition("\n\nNot written:\n")
    assert head == f"2 of 3 letters written to {out}."
    assert rest.startswith(f"• case {ids[1]:04d}: There is no case {ids[1]}")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{ids[0]:04d}-Wilson-Derek.pdf", f"{ids[2]:04d}-Wilson-Derek.pdf"]
    )
    window.pool.waitForDone(10000)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_dismissed_flags_are_left_out_of_the_letters(
    qtbot: Any, make_window: Any, db_path: Path, tmp_path: Path, file_dialogs: Any, messages: Any
) -> None:
    kept, dismissed = fill(db_path, ("pending-surgery.json", "pending-surgery.json"))
    window = make_window()
    case = window.store.load(dismissed).case
    (flag,) = analyze(case, window.today(), window.thresholds()).flags
    window.store.dismiss_flag(dismissed, case, flag, "The physician withdrew the request")
    select_all(window)
    out = tmp_path / "letters"
    letters_into(window, out, file_dialogs)
    qtbot.waitUntil(lambda: bool(summaries(messages)), timeout=30000)
    assert summaries(messages) == [f"2 of 2 letters written to {out}."]
    surgery = flag.facts["item"]  # the letter names it in either language
    assert surgery in pdf_text(out / f"{kept:04d}-Gutierrez-Ana.pdf")
    assert surgery not in pdf_text(out / f"{dismissed:04d}-Gutierrez-Ana.pdf")
    window.pool.waitForDone(10000)


def test_no_selection_says_so(make_window: Any, messages: Any, file_dialogs: Any) -> None:
    window = make_window()
    window.letters_action.trigger()
    assert any("Select one or more cases" in t for t in messages.texts())
    assert file_dialogs.asked == []
    assert window.last_batch is None


def test_cancelled_folder_writes_nothing(
    make_window: Any, db_path: Path, file_dialogs: Any
) -> None:
    fill(db_path)
    window = make_window()
    window.open_case(window.store.ids()[0])
    window.letters_action.trigger()  # the folder dialog answers Cancel
    assert file_dialogs.asked and window.last_batch is None

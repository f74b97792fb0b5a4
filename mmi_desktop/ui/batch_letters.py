"""'Letters for selected cases…': one PDF per case, written in the background with Cancel."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.thresholds import Thresholds
from mmi_desktop.services.documents import BatchResult
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.ui.tasks import Task

log = logging.getLogger(__name__)

# Batches still running, so neither their task nor their dialog is collected mid-run.
_RUNNING: set[Task] = set()


def letters_job(
    case_ids: Sequence[int],
    store_factory: Callable[[], CaseStore],
    out_dir: Path,
    as_of: date,
    firm: FirmDetails,
    thresholds: Thresholds | None = None,
) -> Callable[[Task], BatchResult]:
    """The batch as a `Task` job (services.documents.letters_batch, as the command line
    runs it): its own store, opened in the worker thread and closed at the end; Cancel
    stops it before the next case."""
    ids = list(case_ids)

    def job(task: Task) -> BatchResult:
        from mmi_desktop.services.documents import letters_batch
        from mmi_desktop.services.workspace import Workspace

        store = store_factory()
        try:
            return letters_batch(
                Workspace(store.db, today=store.today), Path(out_dir), as_of, ids, firm=firm,
                thresholds=thresholds, progress=task.report, cancelled=lambda: task.cancelled)
        finally:
            store.db.close()

    return job


def summary_text(result: BatchResult, out_dir: Path, total: int) -> str:
    """The sentence shown when a batch ends."""
    n = len(result.written)
    head = f"{n} of {total} letter{'s' if total != 1 else ''} written to {out_dir}."
    if result.cancelled:
        head = f"Cancelled. {head}"
    if result.failures:
        lines = "\n".join(f"• case {key}: {reason}" for key, reason in result.failures[:10])
        more = len(result.failures) - 10
        head += f"\n\nNot written:\n{lines}" + (f"\n… and {more} more" if more > 0 else "")
    return head


class BatchLettersController(QObject):
    """The GUI side of a batch: its slots run on the GUI thread and drive the dialog."""

    def __init__(
        self,
        parent: QWidget | None,
        task: Task,
        dialog: QProgressDialog,
        total: int,
        out_dir: Path,
    ) -> None:
        super().__init__(dialog)
        self.parent_widget, self.task, self.dialog = parent, task, dialog
        self.total, self.out_dir = total, out_dir
        dialog.canceled.connect(self.on_cancel)
        task.signals.progress.connect(self.on_progress)
        task.signals.finished.connect(self.on_finished)
        task.signals.failed.connect(self.on_failed)

    def on_progress(self, done: int, total: int, name: str) -> None:
        self.dialog.setValue(min(done, total))
        self.dialog.setLabelText(f"Letter {done} of {total}: {name}")

    def on_cancel(self) -> None:
        self.task.cancel()
        self.dialog.setLabelText("Cancelling after the letter in hand…")

    def _finish(self) -> None:
        _RUNNING.discard(self.task)
        self.dialog.canceled.disconnect(self.on_cancel)
        self.dialog.close()
        self.dialog.deleteLater()

    def on_finished(self, result: BatchResult) -> None:
        self._finish()
        text = summary_text(result, self.out_dir, self.total)
        if result.failures:
            QMessageBox.warning(self.parent_widget, "Letters", text)
        else:
            QMessageBox.information(self.parent_widget, "Letters", text)

    def on_failed(self, message: str) -> None:
        self._finish()
        QMessageBox.critical(self.parent_widget, "Letters", message)


def start_batch_letters(
    parent: QWidget | None,
    case_ids: Sequence[int],
    store_factory: Callable[[], CaseStore],
    out_dir: Path,
    as_of: date,
    firm: FirmDetails,
    thresholds: Thresholds | None = None,
    pool: QThreadPool | None = None,
) -> Task:
    """Write the letters of `case_ids` into `out_dir` in the background, with a progress
    dialog whose Cancel stops after the letter in hand; the window stays usable.

    `store_factory` is called in the worker thread and must open its own database, e.g.
    `lambda: CaseStore(open_database(url))`; the job closes it when done.
    """
    total = len(case_ids)
    dialog = QProgressDialog("Writing letters…", "Cancel", 0, max(total, 1), parent)
    dialog.setWindowTitle("Letters for selected cases")
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0)
    dialog.setValue(0)

    job = letters_job(case_ids, store_factory, out_dir, as_of, firm, thresholds)
    task = Task(job, "Writing the letters")
    controller = BatchLettersController(parent, task, dialog, total, Path(out_dir))
    # The task (kept in _RUNNING) holds its controller, and through it the dialog, until
    # the batch ends; callers reach the dialog through it too.
    task.controller = controller  # type: ignore[attr-defined]
    _RUNNING.add(task)
    dialog.show()
    return task.start(pool)

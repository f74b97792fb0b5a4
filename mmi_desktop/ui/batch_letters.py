"""'Letters for selected cases…': one PDF per case, written in the background with Cancel."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.model import Case
from mmi_desktop.domain.naming import case_key
from mmi_desktop.domain.thresholds import Thresholds
from mmi_desktop.store.cases import CaseStore

log = logging.getLogger(__name__)

# Workers still running, so neither they nor their dialogs are collected mid-run.
_RUNNING: set[BatchLettersWorker] = set()


@dataclass
class BatchResult:
    """What a batch did: the files written, the cases that failed, whether it was cancelled."""

    written: list[Path] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False


class BatchSignals(QObject):
    """Emitted from the worker thread, delivered on the GUI thread."""

    progress = Signal(int, str)  # cases done, the file just written
    finished = Signal(object)  # BatchResult
    failed = Signal(str)  # a message for a person


class BatchLettersWorker(QRunnable):
    """Writes the letters on the thread pool through its own store; never touches widgets."""

    def __init__(
        self,
        case_ids: Sequence[int],
        store_factory: Callable[[], CaseStore],
        out_dir: Path,
        as_of: date,
        firm: FirmDetails,
        thresholds: Thresholds | None = None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the Python object owns it; it is in _RUNNING while it runs
        self.case_ids = list(case_ids)
        self.store_factory = store_factory
        self.out_dir = Path(out_dir)
        self.as_of = as_of
        self.firm = firm
        self.thresholds = thresholds
        self.signals = BatchSignals()
        self.result = BatchResult()
        self.controller: BatchLettersController | None = None
        self._cancel = threading.Event()
        self.done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _items(self, store: CaseStore) -> Iterator[tuple[str, Case]]:
        for case_id in self.case_ids:
            if self.cancelled:
                return
            try:
                stored = store.load(case_id)
            except Exception as exc:  # a case deleted since it was selected, say
                log.warning("Letter for case %s skipped: %s", case_id, exc)
                self.result.failures.append((case_key(case_id), str(exc)))
                continue
            yield case_key(case_id), stored.case

    def run(self) -> None:
        store: CaseStore | None = None
        try:
            store = self.store_factory()  # its own database connection, in this thread
            from mmi_desktop.letters.batch import write_letters  # ReportLab: only when used

            self.result.written = write_letters(
                self._items(store),
                self.out_dir,
                self.as_of,
                self.firm,
                self.thresholds,
                progress=lambda done, name: self.signals.progress.emit(done, name),
                cancelled=lambda: self.cancelled,
                failures=self.result.failures,
                adjust=lambda key, case, analysis: store.without_dismissed(
                    int(key), case, analysis
                ),
            )
            self.result.cancelled = self.cancelled
        except Exception as exc:  # reported to the person; the traceback goes to the log
            log.exception("Batch letters failed")
            self.done.set()
            self.signals.failed.emit(f"The letters could not be written: {exc}")
        else:
            self.done.set()
            self.signals.finished.emit(self.result)
        finally:
            if store is not None:
                store.db.close()


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
        worker: BatchLettersWorker,
        dialog: QProgressDialog,
        total: int,
    ) -> None:
        super().__init__(dialog)
        self.parent_widget, self.worker, self.dialog, self.total = parent, worker, dialog, total
        dialog.canceled.connect(self.on_cancel)
        worker.signals.progress.connect(self.on_progress)
        worker.signals.finished.connect(self.on_finished)
        worker.signals.failed.connect(self.on_failed)

    def on_progress(self, done: int, name: str) -> None:
        self.dialog.setValue(min(done, self.total))
        self.dialog.setLabelText(f"Letter {done} of {self.total}: {name}")

    def on_cancel(self) -> None:
        self.worker.cancel()
        self.dialog.setLabelText("Cancelling after the letter in hand…")

    def _finish(self) -> None:
        _RUNNING.discard(self.worker)
        self.dialog.canceled.disconnect(self.on_cancel)
        self.dialog.close()
        self.dialog.deleteLater()

    def on_finished(self, result: BatchResult) -> None:
        self._finish()
        text = summary_text(result, self.worker.out_dir, self.total)
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
) -> BatchLettersWorker:
    """Write the letters of `case_ids` into `out_dir` in the background, with a progress
    dialog whose Cancel stops after the letter in hand; the window stays usable.

    `store_factory` is called in the worker thread and must open its own database, e.g.
    `lambda: CaseStore(open_database(url))`; the worker closes it when done.
    """
    total = len(case_ids)
    dialog = QProgressDialog("Writing letters…", "Cancel", 0, max(total, 1), parent)
    dialog.setWindowTitle("Letters for selected cases")
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0)
    dialog.setValue(0)

    worker = BatchLettersWorker(case_ids, store_factory, out_dir, as_of, firm, thresholds)
    worker.controller = BatchLettersController(parent, worker, dialog, total)
    _RUNNING.add(worker)
    dialog.show()
    (pool or QThreadPool.globalInstance()).start(worker)
    return worker

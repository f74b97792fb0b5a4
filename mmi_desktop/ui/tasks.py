"""Background work on the thread pool: a generic task, and the jobs the window runs in it.

A task never touches widgets: it reports through signals (delivered on the GUI thread) and
checks a cancel flag between steps. The store opens a session per call, so a task works
through its own sessions, never the window's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from mmi_desktop.logsetup import unexpected
from mmi_desktop.services.exchange import (  # noqa: F401  (the window's names for them)
    Duplicate,
    ExportReport,
    Imported,
    ImportReport,
    Refused,
    export_file_name,
    import_files,
)
from mmi_desktop.services.exchange import export_cases as export_all

if TYPE_CHECKING:  # the store loads SQLAlchemy: in the background, after the first paint
    from mmi_desktop.services.workspace import Workspace
    from mmi_desktop.store.cases import CaseStore


class TaskSignals(QObject):
    """How a task reports: emitted from the worker thread, received on the GUI thread."""

    progress = Signal(int, int, str)  # steps done, steps in all (0: unknown), what now
    finished = Signal(object)  # the result
    failed = Signal(str)  # a message for a person, naming the log


class Task(QRunnable):
    """Runs `job(task)` on the thread pool; `job` calls `task.report(...)` and checks
    `task.cancelled` between steps."""

    def __init__(self, job: Callable[[Task], Any], what: str) -> None:
        super().__init__()
        # Python keeps the task (the window holds it until it ends), not the pool: a task
        # the pool deleted under its Python wrapper would break the signal hand-over.
        self.setAutoDelete(False)
        self.job = job
        self.what = what
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, text: str = "") -> None:
        self.signals.progress.emit(done, total, text)

    def run(self) -> None:
        try:
            result = self.job(self)
        except Exception as exc:  # reported to the person; the traceback goes to the log
            self.done.set()
            self._emit(self.signals.failed, unexpected(self.what, exc))
        else:
            self.done.set()
            self._emit(self.signals.finished, result)

    @staticmethod
    def _emit(signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the window closed while the task ran: nobody left to tell
            pass

    def start(self, pool: QThreadPool | None = None) -> Task:
        (pool or QThreadPool.globalInstance()).start(self)
        return self


# ---------------------------------------------------------------------------- import


def import_case_files(workspace: Workspace, paths: Sequence[str | Path], task: Task
                      ) -> ImportReport:
    """The import the command line runs too (services.exchange), reporting to `task`: each
    file in its own transaction, duplicates set aside for the person to decide."""
    report, _change = import_files(workspace, paths, progress=task.report,
                                   cancelled=lambda: task.cancelled)
    return report


def export_cases(workspace: Workspace, folder: str | Path, task: Task) -> ExportReport:
    """The export the command line runs too (services.exchange), reporting to `task`."""
    return export_all(workspace, folder, progress=task.report, cancelled=lambda: task.cancelled)


def backup_job(workspace: Workspace, target: str | Path) -> Callable[[Task], Path]:
    def job(task: Task) -> Path:
        from mmi_desktop.services.backups import backup_to

        task.report(0, 0, Path(target).name)
        # The save dialog has asked before a file is replaced.
        return backup_to(workspace, Path(target), replace=True)

    return job


def summaries_job(store: CaseStore) -> Callable[[Task], Any]:
    """Read the case list off the GUI thread, so the window paints before it is filled."""

    def job(task: Task) -> Any:
        return store.summaries()

    return job

"""Background work on the thread pool: a generic task, and the jobs the window runs in it.

A task never touches widgets: it reports through signals (delivered on the GUI thread) and
checks a cancel flag between steps. The store opens a session per call, so a task works
through its own sessions, never the window's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from mmi_desktop.domain.casefile import dumps_case
from mmi_desktop.domain.model import Client
from mmi_desktop.domain.naming import case_key, file_stem
from mmi_desktop.files import make_folder, write_atomically
from mmi_desktop.logsetup import unexpected
from mmi_desktop.store.importing import (  # noqa: F401  (the window's names for them)
    Duplicate,
    Imported,
    ImportReport,
    Refused,
    import_files,
)

if TYPE_CHECKING:  # the store loads SQLAlchemy: in the background, after the first paint
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.database import Database


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


def import_case_files(store: CaseStore, paths: Sequence[str | Path], task: Task) -> ImportReport:
    """The import the command line runs too (store.importing), reporting to `task`: each
    file in its own transaction, duplicates set aside for the person to decide."""
    return import_files(store, paths, progress=task.report, cancelled=lambda: task.cancelled)


# ---------------------------------------------------------------------------- export


def export_file_name(client: Client, case_id: int) -> str:
    """`0012-Ramirez-Jose.json`: the command line's export names, safe on every OS."""
    return file_stem(case_key(case_id), client) + ".json"


@dataclass
class ExportReport:
    folder: str
    written: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    cancelled: bool = False


def export_cases(store: CaseStore, folder: str | Path, task: Task) -> ExportReport:
    """Write every case as one `mmi-case/1` file in `folder` (a file is written whole or
    not at all)."""
    target = Path(folder)
    make_folder(target)
    report = ExportReport(str(target))
    total = store.count()
    damaged: list[Any] = []
    for i, stored in enumerate(store.iter_cases(damaged=damaged)):
        if task.cancelled:
            report.cancelled = True
            break
        name = export_file_name(stored.case.client, stored.id)
        task.report(i, total, name)
        path = target / name
        try:
            write_atomically(path, dumps_case(stored.case).encode("utf-8"))
        except OSError as exc:
            report.failed.append(f"{path}: {exc.strerror or exc}")
        else:
            report.written.append(str(path))
    report.failed.extend(str(case) for case in damaged)  # every other case was written
    task.report(total, total, "")
    return report


# ---------------------------------------------------------------------------- other jobs


def backup_job(db: Database, target: str | Path) -> Callable[[Task], Path]:
    def job(task: Task) -> Path:
        from mmi_desktop.store.database import online_backup

        task.report(0, 0, Path(target).name)
        return online_backup(db, Path(target))

    return job


def summaries_job(store: CaseStore) -> Callable[[Task], Any]:
    """Read the case list off the GUI thread, so the window paints before it is filled."""

    def job(task: Task) -> Any:
        return store.summaries()

    return job

"""Opening the database on a worker thread while the window already shows the case list
it read straight from the file: SQLAlchemy (a quarter of a second) loads there."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from mmi_desktop.logsetup import unexpected
from mmi_desktop.store.dbfile import DatabaseError

if TYPE_CHECKING:
    from mmi_desktop.store.database import Database


def warm_up_the_engine() -> None:
    """Load the analysis engine and this year's court calendar (the holidays library reads
    every country's module the first time), off the GUI thread: the first case a person
    opens then opens as fast as the next."""
    from datetime import date

    from mmi_desktop.domain import analysis  # noqa: F401
    from mmi_desktop.domain.deadlines import is_business_day

    is_business_day(date.today())


class DatabaseOpening(QObject):
    """One database being opened; `opened` or `failed` arrives on the GUI thread, and
    `wait()` gives the database to whoever needs it sooner."""

    opened = Signal(object)  # the Database
    failed = Signal(str)  # a message for a person

    def __init__(self, url: str, path: Path) -> None:
        super().__init__()
        self.url, self.path, self.location = url, path, str(path)
        self._future: Future[Database] = Future()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="open-database", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            from mmi_desktop.store.database import open_database

            db = open_database(self.url)
            warm_up_the_engine()
        except Exception as exc:  # said to the person by whoever listens to `failed`
            self._future.set_exception(exc)
            self.failed.emit(str(exc) if isinstance(exc, DatabaseError)
                             else unexpected("Opening the database", exc))
            return
        self._future.set_result(db)
        self.opened.emit(db)

    def wait(self) -> Database:
        """The open database, waiting for it (and starting the open) if need be; raises
        what the open raised."""
        self.start()
        return self._future.result()

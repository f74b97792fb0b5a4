"""Starting the desktop app: the QApplication, the error hook, the database, the window."""

from __future__ import annotations

import logging
import shutil
import sys
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from mmi_desktop import paths
from mmi_desktop.logsetup import setup_logging, unexpected
from mmi_desktop.store.backups import backup_if_due, backups_of
from mmi_desktop.store.database import (
    Database,
    DatabaseError,
    open_database,
    sqlite_path,
    to_url,
)
from mmi_desktop.store.settings import SettingsStore
from mmi_desktop.ui import dialogs
from mmi_desktop.ui.dialogs import Button, Icon
from mmi_desktop.ui.tasks import Task

EXIT_DATABASE = 2
log = logging.getLogger(__name__)


def install_excepthook() -> None:
    """An error nobody caught goes to the log with its traceback; the person sees a short
    message naming the log, and the app goes on."""
    showing = False

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        message = unexpected("The last action", exc.with_traceback(tb))
        if showing or QApplication.instance() is None:
            print(message, file=sys.stderr)
            return
        showing = True
        try:
            dialogs.tell(
                None,
                "MMI Desktop: something went wrong",
                message,
                informative="Your saved cases are safe. If this happens again, "
                "send the log file to whoever supports MMI Desktop.",
                icon=Icon.Critical,
            )
        finally:
            showing = False

    sys.excepthook = hook


def open_or_explain(db_url: str) -> tuple[Database | None, str]:
    """Open the database; on failure say why and offer a copy of the newest backup. Returns
    the database (or None: quit) and a note for the title. The file that failed is never
    touched, and neither is the backup: a copy of it is opened."""
    try:
        return open_database(db_url), ""
    except DatabaseError as exc:
        message = str(exc)
    path = sqlite_path(to_url(db_url))
    found = backups_of(path) if path is not None and path.exists() else []
    newest = found[0] if found else None
    if newest is None:
        dialogs.tell(None, "MMI Desktop cannot open the database", message, icon=Icon.Critical)
        return None, ""
    made = datetime.fromtimestamp(newest.stat().st_mtime).strftime("%m/%d/%Y %H:%M")
    answer = dialogs.ask(
        None,
        Icon.Critical,
        "MMI Desktop cannot open the database",
        message,
        Button.Open | Button.Close,
        default=Button.Close,
        informative=(
            f"The newest backup next to it is {newest.name} ({made}). Open a copy "
            "of that backup? The backup itself and the file above are left as "
            "they are."
        ),
        labels={Button.Open: "Open a copy of the backup", Button.Close: "Quit"},
    )
    if answer != Button.Open:
        return None, ""
    assert path is not None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    copy = path.with_name(f"{path.stem}.restored-{stamp}{path.suffix}")
    try:
        shutil.copy2(newest, copy)
        return open_database(copy), f" — copy of backup {newest.name}"
    except (OSError, DatabaseError) as exc:
        dialogs.tell(None, "MMI Desktop cannot open the backup", str(exc), icon=Icon.Critical)
        return None, ""


def start_daily_backup(window: QWidget) -> None:
    """Once a day, a rotating backup next to the database, in the background."""
    db = getattr(window, "db", None)
    if db is None or db.path is None:
        return

    def job(task: Task) -> Path | None:
        return backup_if_due(db, SettingsStore(db).backup_keep())

    task = Task(job, "The daily backup")
    task.signals.failed.connect(lambda message: log.warning("%s", message))
    window._daily_backup_task = task  # type: ignore[attr-defined]  # kept until it ends
    task.start()


def run_app(db_url: str, *, title_suffix: str = "") -> int:
    """Show the main window on a database until the person quits; the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName(paths.APP_AUTHOR)
    app.setApplicationName(paths.APP_NAME)
    app.setApplicationDisplayName(paths.APP_NAME)
    setup_logging()
    install_excepthook()

    db, note = open_or_explain(db_url)
    if db is None:
        return EXIT_DATABASE

    from mmi_desktop.ui.main_window import MainWindow  # after the database: first paint sooner

    window = MainWindow(db, title_suffix=title_suffix + note)
    window.show()
    log.info("MMI Desktop window shown on %s", db.location)
    QTimer.singleShot(0, window.start)
    QTimer.singleShot(2000, lambda: start_daily_backup(window))
    if db.backup_made is not None:
        QTimer.singleShot(
            0,
            lambda: window.statusBar().showMessage(
                f"The database was upgraded; the old one was kept as {db.backup_made}", 15000
            ),
        )
    try:
        return app.exec()
    finally:
        window.db.close()  # the window may have switched to the sample database

"""Starting the desktop app: the QApplication, the error hook, the database, the window."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from mmi_desktop import paths
from mmi_desktop.logsetup import setup_logging, unexpected
from mmi_desktop.store.case_list import peek_first_page
from mmi_desktop.store.dbfile import DatabaseError, plain_sqlite_file
from mmi_desktop.ui import dialogs
from mmi_desktop.ui.dialogs import Button, Icon
from mmi_desktop.ui.tasks import Task

if TYPE_CHECKING:
    from mmi_desktop.store.database import Database
    from mmi_desktop.ui.main_window import MainWindow

EXIT_DATABASE = 2
# Set, the app prints "painted" once the case list first paints and quits: how
# benchmarks/bundle.py times the start of the bundle and of the source install alike.
TIME_START = "MMI_DESKTOP_TIME_START"
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
        try:
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
        except Exception as failure:  # the hook itself must never fail (Python would loop)
            stream = sys.__stderr__
            if stream is not None:
                print(f"MMI Desktop: an error could not be reported ({kind.__name__}; "
                      f"{failure.__class__.__name__}).", file=stream)

    sys.excepthook = hook


def open_or_explain(db_url: str) -> tuple[Database | None, str]:
    """Open the database; on failure say why and offer a copy of the newest backup. Returns
    the database (or None: quit) and a note for the title. The file that failed is never
    touched, and neither is the backup: a copy of it is opened."""
    from mmi_desktop.store.backups import backups_of
    from mmi_desktop.store.database import open_database, sqlite_path, to_url

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


def start_daily_backup(window: MainWindow) -> None:
    """Once a day, a rotating backup next to the database, in the background (once the
    database has opened)."""
    if not window.database_ready:
        if window.isVisible():  # (a window closed on a failed open waits for nothing)
            QTimer.singleShot(1000, lambda: start_daily_backup(window))
        return
    db = window.db
    if db.path is None:
        return
    from mmi_desktop.store.backups import backup_if_due
    from mmi_desktop.store.settings import SettingsStore

    def job(task: Task) -> Path | None:
        return backup_if_due(db, SettingsStore(db).backup_keep())

    task = Task(job, "The daily backup")
    task.signals.failed.connect(lambda message: log.warning("%s", message))
    window._daily_backup_task = task  # type: ignore[attr-defined]  # kept until it ends
    task.start()


def launch(db_url: str, *, title_suffix: str = "", quick: bool = True) -> MainWindow | None:
    """The window on a database, shown (None: the database could not be opened and the
    person chose to quit). An up-to-date SQLite file has its case list read straight from
    the file and painted at once, while the database opens on a worker thread (`quick`
    False: the database is opened first, as after such an open failed)."""
    from mmi_desktop.ui.main_window import MainWindow
    from mmi_desktop.ui.opening import DatabaseOpening

    path = plain_sqlite_file(db_url) if quick else None
    page = peek_first_page(path) if path is not None else None
    if path is not None and page is not None:
        opening = DatabaseOpening(db_url, path)
        window = MainWindow(opening, summaries=page.rows, list_total=page.total,
                            title_suffix=title_suffix)
        # The full open found what the quick look could not (a damaged page): say so as
        # at any failed open, offering the newest backup.
        opening.failed.connect(lambda _message: _reopen(window, db_url, title_suffix))
    else:
        db, note = open_or_explain(db_url)
        if db is None:
            return None
        window = MainWindow(db, title_suffix=title_suffix + note)
        if db.backup_made is not None:
            made = db.backup_made
            QTimer.singleShot(
                0,
                lambda: window.statusBar().showMessage(
                    f"The database was upgraded; the old one was kept as {made}", 15000
                ),
            )
    window.show()

    def begin() -> None:
        """What waits for the first paint: the log, the database or list read in the
        background, the daily backup."""
        if window.started:
            return
        setup_logging()
        log.info("MMI Desktop window shown on %s", window.location)
        window.start()
        # The open case's pane is built while the person looks at the list (about 0.15 s
        # once), so the first case they pick opens as fast as the next.
        QTimer.singleShot(400, window.prepare_case_pane)
        QTimer.singleShot(2000, lambda: start_daily_backup(window))

    # Just after the list has painted (the timer: should the window not paint, minimised).
    window.first_painted.connect(lambda: QTimer.singleShot(0, begin))
    QTimer.singleShot(1000, begin)
    return window


def _reopen(failed: MainWindow, db_url: str, title_suffix: str) -> None:
    """After a background open failed: close that window and open as at start, which says
    why and may offer a copy of the newest backup."""
    failed.close()
    app = QApplication.instance()
    if launch(db_url, title_suffix=title_suffix, quick=False) is None and app is not None:
        app.exit(EXIT_DATABASE)


def app_icon() -> QIcon:
    """The app's icon at every size drawn (resources/icons, made by tools/make_icons.py)."""
    icon = QIcon()
    for png in sorted(paths.resource("icons").glob("mmi-desktop-*.png")):
        icon.addFile(str(png))
    return icon


def make_application() -> QApplication:
    """The QApplication with the app's names (where QSettings keeps the window's state) and
    its icon on every window."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName(paths.APP_AUTHOR)
    app.setApplicationName(paths.APP_NAME)
    app.setApplicationDisplayName(paths.APP_NAME)
    app.setWindowIcon(app_icon())
    return app


def run_app(db_url: str, *, title_suffix: str = "") -> int:
    """Show the main window on a database until the person quits; the exit code."""
    app = make_application()
    install_excepthook()  # its messages set the log up, should they come first

    window = launch(db_url, title_suffix=title_suffix)
    if window is None:
        return EXIT_DATABASE
    if os.environ.get(TIME_START):  # say when the list first paints, and quit
        window.first_painted.connect(lambda: (print("painted", flush=True), app.quit()))
    try:
        return app.exec()
    finally:
        from mmi_desktop.ui.main_window import MainWindow

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.close_database()  # whichever it shows now (the samples, a backup)

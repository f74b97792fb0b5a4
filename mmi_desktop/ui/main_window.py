"""The main window: the case list on the left, the open case on the right, menus, status bar.

The list paints first (its first page read from the file before SQLAlchemy loads); the
open case's editor, analysis panel, timeline and letter are built when first needed.

Its parts: `OpenCase` (ui/open_case.py) owns the case being edited, `FileActions` the File
menu's work; every write is published once on the `ChangeHub`, which every view listens to.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QUndoGroup, QUndoStack
from PySide6.QtWidgets import QMainWindow, QWidget

import mmi_desktop
from mmi_desktop.domain.model import Case
from mmi_desktop.domain.thresholds import Thresholds
from mmi_desktop.services.changes import Change
from mmi_desktop.store.case_list import LoadedList, list_job
from mmi_desktop.store.records import CaseSummary, StoreError
from mmi_desktop.ui import dialogs
from mmi_desktop.ui.attention import (
    CaseNavigator,
    refresh_attention,
    refresh_stale_analyses,
)
from mmi_desktop.ui.case_pane import CasePane, summary_of
from mmi_desktop.ui.change_hub import ChangeHub
from mmi_desktop.ui.file_actions import FileActions
from mmi_desktop.ui.open_case import OpenCase
from mmi_desktop.ui.opening import DatabaseOpening
from mmi_desktop.ui.tasks import Task
from mmi_desktop.ui.window_parts import (
    build_actions,
    build_central,
    build_menus,
    build_pane,
    restore_state,
    save_state,
)

if TYPE_CHECKING:  # loaded when first needed: the list paints without them
    from mmi_desktop.services.workspace import Workspace
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.database import Database
    from mmi_desktop.ui.analysis_panel import AnalysisPanel
    from mmi_desktop.ui.editor import CaseEditor
    from mmi_desktop.ui.timeline import TimelineView

__all__ = ["MainWindow", "app_version", "summary_of"]


def app_version() -> str:
    """The version, from the one place it is written (the wheel's metadata reads it too)."""
    return mmi_desktop.__version__


class MainWindow(QMainWindow):
    """One database's cases."""

    cases_loaded = Signal()
    first_painted = Signal()  # the case list has painted once: background work may start

    def __init__(
        self,
        db: Database | DatabaseOpening,
        *,
        summaries: list[CaseSummary] | None = None,
        list_total: int | None = None,
        settings: QSettings | None = None,
        title_suffix: str = "",
        pool: QThreadPool | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        """On an open database; or on one still opening, with its list (read from the
        file) to paint meanwhile."""
        super().__init__()
        # The day the analysis counts from (deadlines, Needs attention); tests fix it.
        self.today: Callable[[], date] = today or date.today
        self._db: Database | None = None
        self._store: CaseStore | None = None
        self._opening: DatabaseOpening | None = None
        self.settings = settings if settings is not None else QSettings()
        self.title_suffix = title_suffix
        self.pool = pool or QThreadPool.globalInstance()
        self.loaded = False
        self.attention_task: Task | None = None
        self.attention_ready = False  # Needs attention and the list's markers are filled in
        self._pane: CasePane | None = None  # built when the first case opens
        self._started = False
        # A list read from the file, whose markers wait for the database to open.
        self._list_awaits_store = False
        self.undo_group = QUndoGroup(self)  # Undo/Redo: the editor's stack, once it exists
        # Dismissals and restores of the open case's flags: Undo takes them back until the
        # editor changes again (then Undo is the editor's).
        self.case_actions = QUndoStack(self)
        self.undo_group.addStack(self.case_actions)
        self.hub = ChangeHub(self)  # every write, published once; the views listen
        self.current = OpenCase(self)
        self.files = FileActions(self)
        self.hub.changed.connect(self._on_change)

        self.setObjectName("mainWindow")
        self.setMinimumSize(900, 560)
        if isinstance(db, DatabaseOpening):
            self._opening = db
            db.opened.connect(self._attach)
        else:
            self._attach(db)
        self._build()
        build_actions(self)
        build_menus(self)
        restore_state(self)
        if summaries is not None:  # (the first page of `list_total` cases)
            self._show_summaries(summaries, list_total)
            self._list_awaits_store = True
        self.update_title()
        self.update_actions()
        self.update_status()

    # ------------------------------------------------------------------ the database
    @property
    def db(self) -> Database:
        """The open database; waits for the background open if it is still under way."""
        if self._db is None:
            assert self._opening is not None
            self._attach(self._opening.wait())
        assert self._db is not None
        return self._db

    @property
    def store(self) -> CaseStore:
        self.db  # noqa: B018  (opens it, if it is still opening)
        assert self._store is not None
        return self._store

    @property
    def workspace(self) -> Workspace:
        self.db  # noqa: B018  (opens it, if it is still opening)
        return self._workspace

    @property
    def database_ready(self) -> bool:
        return self._db is not None

    @property
    def location(self) -> str:
        """Where the database is, for people; known before it has opened."""
        return self._db.location if self._db is not None else self._pending().location

    @property
    def db_path(self) -> Path | None:
        return self._db.path if self._db is not None else self._pending().path

    def close_database(self) -> None:
        """Close the database (if it ever opened): at the app's end."""
        if self._db is not None:
            self._db.close()

    def _pending(self) -> DatabaseOpening:
        assert self._opening is not None
        return self._opening

    def _attach(self, db: Database) -> None:
        """Use an open database (at once, or when the background open ends)."""
        if db is self._db:
            return
        from mmi_desktop.services.workspace import Workspace

        self._workspace = Workspace(db, today=self.today)
        self._db, self._store = db, self._workspace.store
        self._opening = None
        if self._list_awaits_store:  # the list was read from the file: now its markers
            self._list_awaits_store = False
            # ... and the whole list, if more than its first page, in the background.
            if self.case_list.model.case_count() > self.case_list.model.rowCount():
                task = Task(list_job(db), "Reading the case list")
                task.signals.finished.connect(self._on_whole_list)
                self.files.run(task)
            self._after_list()
            self.update_status()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        build_central(self)

    def _ensure_pane(self) -> CasePane:
        """The open case's pane (editor, analysis, timeline, letter, history), built when
        first needed: the window paints its list sooner without it."""
        if self._pane is None:
            self._pane = build_pane(self)
        return self._pane

    def prepare_case_pane(self) -> None:
        """Build the open case's pane ahead of need (the app does it once the list shows)."""
        if self.isVisible():
            self._ensure_pane()

    @property
    def pane_built(self) -> bool:
        return self._pane is not None

    @property
    def pane(self) -> CasePane:
        return self._ensure_pane()

    @property
    def editor(self) -> CaseEditor:
        return self._ensure_pane().editor

    @property
    def timeline(self) -> TimelineView:
        return self._ensure_pane().timeline

    @property
    def analysis_panel(self) -> AnalysisPanel:
        return self._ensure_pane().analysis_panel


    # ------------------------------------------------------------------ the open case
    # (its work is OpenCase's: these are the window's names for it)
    @property
    def case_id(self) -> int | None:
        return self.current.case_id

    @property
    def version(self) -> int:
        return self.current.version

    @property
    def is_new(self) -> bool:
        return self.current.is_new

    @property
    def loaded_case(self) -> Case | None:
        return self.current.loaded_case

    @property
    def saved_at(self) -> datetime | None:
        return self.current.saved_at

    def has_case(self) -> bool:
        return self.current.has_case()

    def open_case(self, case_id: int) -> bool:
        """Open a case (asking first about unsaved changes); False if it stayed closed."""
        return self.current.open(case_id)

    def new_case(self) -> None:
        self.current.new()

    def close_case(self) -> None:
        self.current.close()

    def may_leave_case(self) -> bool:
        return self.current.may_leave()

    def save(self) -> bool:
        return self.current.save()

    def revert(self) -> None:
        self.current.revert()

    def delete_case(self) -> None:
        self.current.delete()

    def analysis_pending(self) -> bool:
        return self.current.analysis_pending()

    def thresholds(self) -> Thresholds:
        """The firm's rule thresholds (the workspace reads them once, again after Settings)."""
        return self.workspace.thresholds()

    def _on_case_picked(self, case_id: int) -> None:
        if not self.open_case(case_id):
            # Cancelled: the list goes back to the case still open (after this signal).
            keep = self.case_id
            QTimer.singleShot(0, lambda: self.case_list.select_case(keep))

    def _on_attention_picked(self, case_id: int) -> None:
        if not self.open_case(case_id):
            self.attention_view.select_case(self.case_id)

    def _on_timeline_item(self, kind: str, item_id: str) -> None:
        self.pane.tabs.setCurrentWidget(self.editor)
        self.editor.select_item(kind, item_id)

    def find_case(self) -> None:
        self.navigator.show_page(CaseNavigator.ALL)
        self.case_list.focus_filter()

    # ------------------------------------------------------------------ the case list
    def start(self) -> None:
        """After the first paint: open the database in the background if it is still to
        open (the list is already shown), else read the case list in the background."""
        if self._started:
            return
        self._started = True
        if self._opening is not None:
            self._opening.start()
        if self.loaded:  # the list came with the window
            self.cases_loaded.emit()
            return
        self.update_status("Loading cases…")
        task = Task(list_job(self.store.db), "Reading the case list")
        task.signals.finished.connect(self._on_summaries)
        task.signals.failed.connect(self._on_load_failed)
        self.files.run(task)

    @property
    def started(self) -> bool:
        return self._started

    def reload_cases(self) -> None:
        """Read the case list again, now (after an import, a delete, a change of database)."""
        self._on_summaries(list_job(self.store.db)(None))

    def _on_summaries(self, summaries: list[CaseSummary] | LoadedList) -> None:
        self._show_summaries(summaries)
        self._say_left_out(summaries)
        self._after_list()
        self.cases_loaded.emit()

    def _say_left_out(self, summaries: list[CaseSummary] | LoadedList) -> None:
        if isinstance(summaries, LoadedList):
            left_out = summaries.left_out
        else:
            left_out = self._store.left_out if self._store is not None else []
        if left_out:  # damaged records: the others are listed, these are named
            numbers = ", ".join(str(i) for i in left_out[:5]) + ("…" if len(left_out) > 5 else "")
            self.statusBar().showMessage(
                f"{len(left_out)} damaged case{'s' if len(left_out) != 1 else ''} left out "
                f"of the list (case {numbers}); restore the database from a backup.", 60000)

    def _on_whole_list(self, loaded: LoadedList) -> None:
        """The whole list, read once the database opened, in place of the first page."""
        self.case_list.set_summaries(loaded)
        self._say_left_out(loaded)
        self.update_status()

    def _show_summaries(
        self, summaries: list[CaseSummary] | LoadedList, total: int | None = None
    ) -> None:
        self.case_list.set_summaries(summaries, total)
        self.loaded = True
        self.show_page()
        self.update_status()
        self.update_actions()

    def _after_list(self) -> None:
        """Once the list shows: its markers, Needs attention, stale analyses (in the
        background), and the agenda, the home view while no case is open."""
        from mmi_desktop.ui.agenda_home import attach_agenda  # (not before the first paint)

        refresh_attention(self, background=True)
        refresh_stale_analyses(self)
        attach_agenda(self)

    def _on_load_failed(self, _message: str) -> None:
        self.loaded = True
        self.update_status("The case list could not be read")

    def show_page(self) -> None:
        empty = self.case_list.model.rowCount() == 0 and not self.has_case()
        self.pages.setCurrentWidget(self.welcome if empty and self.loaded else self.splitter)
        if empty and self.loaded:  # the welcome asks for the firm first while it is missing
            self.files.ask_firm_on_welcome()
        self.right.setCurrentWidget(self.pane if self.has_case() else self.home)

    # ------------------------------------------------------------------ one change
    def _on_change(self, change: Change) -> None:
        """The list, Needs attention and the status bar after a write (the open case
        listens for itself): the rows it touched, or the whole list when it was large."""
        mine = set() if self.hub.from_elsewhere else {self.case_id}  # its row: OpenCase's
        others = (change.cases | change.added) - mine
        if change.everything or len(others) > 200:
            self.reload_cases()  # also Needs attention, in the background
        else:
            for case_id in sorted(others):
                try:
                    self.case_list.model.upsert(summary_of(case_id, self.store.load(case_id).case))
                except StoreError:  # gone or damaged: the next full read says which
                    self.case_list.model.remove(case_id)
            for case_id in change.removed:
                self.case_list.model.remove(case_id)
            if change.attention_changed:
                refresh_attention(self)
        if change.thresholds:
            refresh_stale_analyses(self)
        self.show_page()
        self.update_status()

    # ------------------------------------------------------------------ the File menu's
    @property
    def last_report(self) -> QWidget | None:
        return self.files.last_report  # type: ignore[no-any-return]

    @property
    def last_batch(self) -> Any:
        return self.files.last_batch

    @property
    def settings_dialog(self) -> Any:
        return self.files.settings_dialog

    @property
    def progress(self) -> Any:
        return self.files.progress

    def busy(self) -> bool:
        return self.files.busy()

    def is_demo(self) -> bool:
        return self.files.is_demo()

    def set_database(self, db: Database, *, title_suffix: str = "") -> None:
        """Show another database in this window (the sample cases)."""
        old = self.db
        self.close_case()
        self._attach(db)
        self.title_suffix = title_suffix
        self.welcome.set_location(db.location)
        self.current.saved_at = None
        self.hub.publish(Change.all())  # every view reads the other database
        self.update_title()
        if old is not db:
            old.close()

    # ------------------------------------------------------------------ status, title
    def update_status(self, message: str | None = None) -> None:
        parts = [self.location]
        if message:
            parts.append(message)
        elif self.loaded:
            n = self.case_list.model.case_count()
            parts.append(f"{n:,} case{'s' if n != 1 else ''}")
        if self.saved_at is not None:
            parts.append(f"saved {self.saved_at:%H:%M}")
        self.status_label.setText("  ·  ".join(parts))

    def update_title(self) -> None:
        parts = []
        if self.is_new:
            parts.append("New case")
        elif self.loaded_case is not None:
            parts.append(self.loaded_case.client.display_name)
        demo = self.is_demo()
        self.demo_bar.setVisible(demo)
        self.my_cases_action.setEnabled(demo)
        if demo:
            parts.append("Demo database")
        note = self.title_suffix.strip(" —")
        if note and note != "demo":
            parts.append(note)  # e.g. "copy of backup cases.backup-….sqlite"
        # Qt appends the application's display name to a title that does not end with it
        # ("MMI Desktop — demo — MMI Desktop"): the title ends with it here.
        parts.append("MMI Desktop")
        self.setWindowTitle(" — ".join(parts) + "[*]")

    def update_actions(self) -> None:
        has_case = self.has_case()
        dirty = has_case and self.editor.is_dirty()
        busy = self.busy()
        self.save_action.setEnabled(has_case)
        self.revert_action.setEnabled(dirty)
        if self._pane is not None:
            self._pane.save_button.setEnabled(has_case)
            self._pane.revert_button.setEnabled(dirty)
        self.delete_action.setEnabled(self.case_id is not None)
        self.import_action.setEnabled(not busy)
        self.welcome.import_button.setEnabled(not busy)
        self.export_action.setEnabled(not busy and self.loaded)
        self.backup_action.setEnabled(not busy and self.db_path is not None)
        self.calendar_case_action.setEnabled(has_case)
        self.calendar_all_action.setEnabled(not busy and self.loaded)

    def about(self) -> None:
        dialogs.show_about(self, app_version(), self.location)

    # ------------------------------------------------------------------ closing
    def save_window_state(self) -> None:
        save_state(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_leave_case():
            event.ignore()
            return
        for task in list(self.files.tasks):
            task.cancel()
        for task in list(self.files.tasks):
            task.done.wait(10)  # let a running save or file finish before the database closes
        self.save_window_state()
        event.accept()

"""The agenda as the window's home view: shown on the right while no case is open, read from
the store in the background after every change the hub broadcasts; Done, owners, notes and
follow-ups are kept in the store (audit-logged) in the caseworker's name."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from mmi_desktop.ui import dialogs
from mmi_desktop.ui.agenda import AgendaView
from mmi_desktop.ui.dialogs import Icon
from mmi_desktop.ui.tasks import Task

if TYPE_CHECKING:
    from mmi_desktop.store.agenda import AgendaStore
    from mmi_desktop.ui.main_window import MainWindow


class AgendaHome(QObject):
    """Puts an `AgendaView` in the window's right-hand pane, keeps it up to date, and writes
    what the caseworker does in it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.page = QWidget(window)
        self.page.setObjectName("agendaHome")
        layout = QVBoxLayout(self.page)
        layout.setContentsMargins(8, 8, 8, 8)
        title = QLabel("<b>Agenda</b> — every open deadline and follow-up, overdue first. "
                       "Pick a line (Enter) or a case on the left to open it.", self.page)
        title.setWordWrap(True)
        title.setTextFormat(Qt.TextFormat.RichText)
        self.view = AgendaView(self.page)
        layout.addWidget(title)
        layout.addWidget(self.view, 1)
        window.right.addWidget(self.page)
        window.home = self.page
        if not window.has_case():
            window.right.setCurrentWidget(self.page)
        self._task: Task | None = None
        self._store: AgendaStore | None = None
        self.view.openCaseRequested.connect(window.open_case)
        self.view.doneToggled.connect(self._done)
        self.view.ownerChanged.connect(lambda key, owner: self._write("set_owner", key, owner))
        self.view.noteChanged.connect(lambda key, note: self._write("set_note", key, note))
        self.view.followUpAdded.connect(
            lambda *args: self._write("add_follow_up", *args, refresh=True))
        self.view.followUpEdited.connect(
            lambda *args: self._write("edit_follow_up", *args, refresh=True))
        self.view.followUpDeleted.connect(
            lambda fid: self._write("delete_follow_up", fid, refresh=True))
        window.hub.changed.connect(lambda _change: self.refresh())
        self.refresh()

    def store(self) -> AgendaStore:
        """The agenda of the window's database, in the caseworker's name (the one set in
        Settings, else the OS user's)."""
        from mmi_desktop.store.agenda import AgendaStore
        from mmi_desktop.store.cases import os_user

        if self._store is None or self._store.db is not self.w.db:
            name = self.w.workspace.settings.caseworker_name() or os_user()
            self._store = AgendaStore(self.w.db, name)
        return self._store

    def refresh(self) -> None:
        """Read the agenda again, off the GUI thread (thousands of deadlines at a firm)."""
        store, today = self.store(), self.w.today()

        def job(_task: Any) -> tuple[Any, Any, Any]:
            items, marks = store.agenda()
            return items, marks, store.clients()

        task = Task(job, "Reading the agenda")
        task.signals.finished.connect(lambda result: self._show(result, today))
        self._task = task  # kept alive until it ends; not busy work (it blocks nothing)
        task.start(self.w.pool)

    def _show(self, result: tuple[Any, Any, Any], today: date) -> None:
        items, marks, clients = result
        self.view.show_agenda(items, marks, today, clients)
        self.view.set_current_case(self.w.case_id)

    def _done(self, key: str, done: bool) -> None:
        try:
            if done:
                self.view.set_mark(self.store().mark_done(key))
            else:
                self.store().reopen(key)
        except Exception as exc:  # the store said no (another window, a lost server)
            self._refused(exc)

    def _write(self, what: str, *args: Any, refresh: bool = False) -> None:
        try:
            getattr(self.store(), what)(*args)
        except Exception as exc:
            self._refused(exc)
            return
        if refresh:
            self.refresh()

    def _refused(self, exc: Exception) -> None:
        dialogs.tell(self.w, "Agenda", str(exc), icon=Icon.Warning)
        self.refresh()


def attach_agenda(window: MainWindow) -> AgendaHome:
    """The window's agenda (made once, when the database has opened)."""
    home = getattr(window, "agenda_home", None)
    if home is None:
        home = window.agenda_home = AgendaHome(window)
    return home

"""The File menu's work: import, export, backup, letters, calendar, the sample cases, the
settings. Each calls the same services the command line calls (in a background task when it
takes a while) and publishes what it changed on the window's change hub."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog

from mmi_desktop import paths
from mmi_desktop.domain.errors import CaseError
from mmi_desktop.domain.naming import case_key, file_stem
from mmi_desktop.files import write_atomically
from mmi_desktop.logsetup import unexpected
from mmi_desktop.services.changes import Change
from mmi_desktop.services.exchange import ExportReport, ImportReport
from mmi_desktop.store.dbfile import DatabaseError
from mmi_desktop.store.records import StoreError
from mmi_desktop.ui import dialogs
from mmi_desktop.ui.attention import calendar_job
from mmi_desktop.ui.dialogs import Button, Icon
from mmi_desktop.ui.tasks import Task, backup_job, export_cases

if TYPE_CHECKING:
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.ui.main_window import MainWindow
    from mmi_desktop.ui.settings_dialog import SettingsDialog

SETTINGS_GROUP = "mainWindow"


def samples_loader() -> Callable[[CaseStore], int] | None:
    from mmi_desktop.store.samples import load_samples, sample_files

    return load_samples if sample_files() else None


class FileActions(QObject):
    """The File menu of one window; the tasks it runs are kept until they end."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.tasks: set[Task] = set()
        self.progress: QProgressDialog | None = None
        self.last_report: Any = None
        self.last_batch: Any = None  # the letters batch in progress or last run
        self.settings_dialog: SettingsDialog | None = None

    # ------------------------------------------------------------------ folders
    def folder(self, key: str) -> str:
        value = self.w.settings.value(f"{SETTINGS_GROUP}/{key}")
        return str(value) if value else str(Path.home())

    def remember_folder(self, key: str, folder: str | Path) -> None:
        self.w.settings.setValue(f"{SETTINGS_GROUP}/{key}", str(folder))

    # ------------------------------------------------------------------ settings
    def open_settings(self) -> None:
        from mmi_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.w.workspace.settings, self.w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_settings_saved(dialog))
        self.settings_dialog = dialog
        dialog.open()

    def _on_settings_saved(self, dialog: SettingsDialog) -> None:
        self.w.hub.publish(self.w.workspace.settings_changed(dialog.thresholds_changed))
        if self.w.has_case():  # a letter on show takes the new firm at once
            self.w.current.refresh_current_tab()

    def open_firm_settings(self) -> None:
        """Settings, on the firm's details (from a letter's "Firm details…")."""
        self.open_settings()
        if self.settings_dialog is not None:
            self.settings_dialog.tabs.setCurrentIndex(0)
            self.settings_dialog.firm_fields["name"].setFocus()

    def print_letter(self) -> bool:
        """Ctrl+P: the open case's letter, through the system print dialog (shown on the
        Letter tab first, brought up to date)."""
        w = self.w
        if not w.has_case():
            dialogs.tell(w, "Print letter", "Open a case first.")
            return False
        letter = w.pane.letter_page
        w.pane.tabs.setCurrentWidget(letter)
        w.current.refresh_current_tab()
        if not letter.may_send():
            missing = letter.missing()
            dialogs.tell(
                w, "Print letter",
                ("The firm's details lack " + ", ".join(missing)
                 + ". Set them (Firm details…) or tick Draft to print it marked DRAFT.")
                if missing and letter.pdf_bytes else "There is no letter to print for this case.",
            )
            return False
        return bool(letter.print_letter())

    def ask_firm_on_welcome(self) -> None:
        """The welcome screen asks for the firm first while its letters could not be
        signed (name, phone or signer missing), unless skipped in this session."""
        from mmi_desktop.domain.firm import missing_for_letters

        w = self.w
        if w.welcome.firm_skipped or w.welcome.showing_firm_setup():
            return
        try:
            settings = w.workspace.settings
            missing = missing_for_letters(settings.firm())
        except Exception as exc:  # the settings could not be read: the choices still show
            unexpected("Reading the firm's details", exc)
            return
        if missing:
            w.welcome.show_firm_setup(settings)
        else:
            w.welcome.show_choices()

    # ------------------------------------------------------------------ calendar, letters
    def export_calendar_case(self) -> None:
        w = self.w
        last = w.current.last
        if last is None:
            dialogs.tell(w, "Export calendar", "Open a case first.")
            return
        _, case, analysis, _dismissed = last
        case_id = w.current.case_id or 0
        name = file_stem(case_key(case_id), case.client) + "-deadlines.ics"
        target, _ = QFileDialog.getSaveFileName(
            w, "Export the case's deadlines",
            str(Path(self.folder("calendarFolder")) / name), "Calendar (*.ics)")
        if not target:
            return
        self.remember_folder("calendarFolder", Path(target).parent)
        try:
            from mmi_desktop.services.documents import calendar_file

            write_atomically(Path(target), calendar_file([(case_id, case, analysis)]))
        except OSError as exc:
            dialogs.tell(w, "Export calendar", f"{target}: {exc.strerror or exc}",
                         icon=Icon.Warning)
            return
        w.update_status(f"{len(analysis.deadlines)} deadlines written to {target}")

    def export_calendar_all(self) -> None:
        w = self.w
        target, _ = QFileDialog.getSaveFileName(
            w, "Export every case's deadlines",
            str(Path(self.folder("calendarFolder")) / "mmi-deadlines.ics"), "Calendar (*.ics)")
        if not target:
            return
        self.remember_folder("calendarFolder", Path(target).parent)
        left_out: list[str] = []
        task = Task(calendar_job(w.workspace, w.today(), target, left_out),
                    "Exporting the calendar")
        self.with_progress(task, "Exporting the calendar…", w.case_list.model.rowCount())

        def done(n: int | None) -> None:
            if n is None:
                dialogs.tell(w, "Export calendar", "Cancelled: nothing was written.")
                return
            dialogs.tell(
                w, "Export calendar",
                f"The deadlines of {n:,} case{'s' if n != 1 else ''} were written to {target}.",
                informative=("Left out:\n" + "\n".join(left_out[:20])) if left_out else "",
                icon=Icon.Warning if left_out else Icon.Information)

        task.signals.finished.connect(done)
        self.run(task)

    def letters_for_selected(self) -> None:
        """One PDF per selected case into a chosen folder, in the background."""
        w = self.w
        ids = w.case_list.selected_case_ids()
        if not ids:
            dialogs.tell(w, "Letters for selected cases",
                         "Select one or more cases in the list first (Shift- or Ctrl-click).")
            return
        from mmi_desktop.ui import batch_letters

        firm = w.workspace.firm()
        options = batch_letters.ask_batch_options(w, firm, len(ids))
        if options == "fix":
            self.open_firm_settings()
            return
        if not isinstance(options, batch_letters.BatchOptions):
            return
        folder = QFileDialog.getExistingDirectory(
            w, f"Folder for {len(ids)} letter{'s' if len(ids) != 1 else ''}",
            self.folder("lettersFolder"))
        if not folder:
            return
        self.remember_folder("lettersFolder", folder)
        from mmi_desktop.store.cases import CaseStore
        from mmi_desktop.store.database import open_database
        from mmi_desktop.ui.batch_letters import start_batch_letters

        url = w.db.url
        self.last_batch = start_batch_letters(
            w, ids, lambda: CaseStore(open_database(url)), Path(folder), w.today(),
            firm, w.thresholds(), pool=w.pool, options=options)

    # ------------------------------------------------------------------ import, export
    def import_files(self) -> None:
        w = self.w
        files, _ = QFileDialog.getOpenFileNames(
            w, "Import case files", self.folder("importFolder"),
            "Case files (*.json);;All files (*)")
        if not files:
            return
        self.remember_folder("importFolder", Path(files[0]).parent)
        from mmi_desktop.services.exchange import import_files

        workspace = w.workspace
        task = Task(lambda t: import_files(workspace, files, progress=t.report,
                                           cancelled=lambda: t.cancelled),
                    "Importing case files")
        self.with_progress(task, "Importing case files…", len(files))
        task.signals.finished.connect(lambda result: self._on_imported(*result))
        self.run(task)

    def _on_imported(self, report: ImportReport, change: Change) -> None:
        w = self.w
        change = change | self._decide_duplicates(report)
        w.hub.publish(change)
        dialog = dialogs.ImportReportDialog(report, w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_report = dialog
        dialog.open()
        if report.imported and not w.current.has_case():
            w.open_case(report.imported[0].case_id)

    def _decide_duplicates(self, report: ImportReport) -> Change:
        """For each file whose case is already there: replace that case, or skip the file.
        A replaced case keeps every changed field in its history; a skipped file stays in
        the report as not added."""
        from mmi_desktop.services.exchange import replace_one

        w, current = self.w, self.w.current
        change = Change()
        skip_rest = False
        for dup in list(report.duplicates):
            if skip_rest or not dup.replaceable:
                continue
            match = dup.matches[0]
            rest = len(report.duplicates) > 1
            answer = dialogs.ask(
                w, Icon.Question, "Case already there", f"{Path(dup.path).name} is {match}.",
                Button.Yes | Button.No | (Button.NoToAll if rest else Button.NoButton),
                default=Button.No,
                informative=(f"Replace case {match.case_id} with the file's version? Every "
                             "field it changes is kept in the case's history. Skip leaves "
                             "the case as it is and the file not imported."),
                labels={Button.Yes: f"Replace case {match.case_id}", Button.No: "Skip",
                        Button.NoToAll: "Skip the rest"},
            )
            if answer == Button.NoToAll:
                skip_rest = True
            if answer != Button.Yes:
                continue
            if current.case_id == match.case_id and w.editor.is_dirty():
                dialogs.tell(w, "Case already there",
                             f"Case {match.case_id} is open with changes not saved: save or "
                             "revert them first, then import the file again.",
                             icon=Icon.Warning)
                continue
            try:
                done, replaced = replace_one(w.workspace, dup)
            except (CaseError, StoreError, DatabaseError) as exc:
                dialogs.tell(w, "Case already there", str(exc), icon=Icon.Warning)
                continue
            report.duplicates.remove(dup)
            report.imported.append(done)
            change = change | replaced
            if current.case_id == match.case_id:
                current.read_again(match.case_id)
        return change

    def export_cases(self) -> None:
        w = self.w
        folder = QFileDialog.getExistingDirectory(
            w, "Export every case to a folder", self.folder("exportFolder"))
        if not folder:
            return
        self.remember_folder("exportFolder", folder)
        workspace = w.workspace
        task = Task(lambda t: export_cases(workspace, folder, t), "Exporting cases")
        self.with_progress(task, "Exporting cases…", w.case_list.model.rowCount())
        task.signals.finished.connect(self._on_exported)
        self.run(task)

    def _on_exported(self, report: ExportReport) -> None:
        n = len(report.written)
        text = f"{n} case file{'s' if n != 1 else ''} written to {report.folder}."
        if report.cancelled:
            text += " The export was cancelled before the end."
        informative = ""
        if report.failed:
            informative = "Not written:\n" + "\n".join(report.failed[:20])
        icon = Icon.Warning if report.failed or report.cancelled else Icon.Information
        dialogs.tell(self.w, "Export", text, informative=informative, icon=icon)

    def backup(self) -> None:
        w = self.w
        path = w.db.path
        if path is None:
            dialogs.tell(w, "Backup", "Backups are made of local databases only; this one is "
                         f"at {w.db.location}.", icon=Icon.Warning)
            return
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        suggested = path.with_name(f"{path.stem}.backup-{stamp}.sqlite")
        target, _ = QFileDialog.getSaveFileName(
            w, "Back up the database", str(suggested), "Database (*.sqlite)")
        if not target:
            return
        if Path(target).resolve() == path.resolve():
            dialogs.tell(w, "Backup", "Choose another file: a backup cannot replace the "
                         "database itself.", icon=Icon.Warning)
            return
        task = Task(backup_job(w.workspace, target), "Backing up the database")
        self.with_progress(task, "Backing up the database…", 0)
        task.signals.finished.connect(
            lambda result: dialogs.tell(w, "Backup", f"The database was copied to {result}."))
        self.run(task)

    # ------------------------------------------------------------------ tasks
    def with_progress(self, task: Task, label: str, total: int) -> QProgressDialog:
        progress = QProgressDialog(label, "Cancel", 0, total, self.w)
        progress.setWindowTitle("MMI Desktop")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setValue(0)

        def on_progress(done: int, total_now: int, text: str) -> None:
            if total_now:
                progress.setMaximum(total_now)
                progress.setValue(done)
            if text:
                progress.setLabelText(f"{label}\n{text}")

        task.signals.progress.connect(on_progress)
        progress.canceled.connect(task.cancel)
        task.signals.finished.connect(progress.close)
        task.signals.failed.connect(progress.close)
        self.progress = progress
        return progress

    def run(self, task: Task) -> None:
        """Start a task, keeping it alive until it ends; a failure is shown and logged."""
        self.tasks.add(task)

        def done(*_args: object) -> None:
            self.tasks.discard(task)
            self.w.update_actions()

        task.signals.finished.connect(done)
        task.signals.failed.connect(done)
        task.signals.failed.connect(
            lambda message: dialogs.tell(self.w, task.what, message, icon=Icon.Critical))
        self.w.update_actions()
        task.start(self.w.pool)

    def busy(self) -> bool:
        return bool(self.tasks)

    # ------------------------------------------------------------------ samples
    def open_samples(self) -> None:
        """Switch to the demo database, filled with the sample cases (the user's own
        database is left as it is)."""
        w = self.w
        loader = samples_loader()
        if loader is None or not w.current.may_leave():
            return
        from mmi_desktop.store.cases import CaseStore
        from mmi_desktop.store.database import open_database

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            demo_path = paths.demo_database()
            if w.db.path is not None and w.db.path.resolve() == demo_path.resolve():
                db, store = w.db, w.store
            else:
                db = open_database(demo_path)
                store = CaseStore(db)
            if store.count() == 0:
                loader(store)
            from mmi_desktop.services.workspace import Workspace, give_demo_firm

            give_demo_firm(Workspace(db))  # the demo's letters are signed by an invented firm
        except (DatabaseError, StoreError, CaseError) as exc:
            QApplication.restoreOverrideCursor()
            dialogs.tell(w, "Sample cases", str(exc), icon=Icon.Warning)
            return
        except Exception as exc:
            QApplication.restoreOverrideCursor()
            dialogs.tell(w, "Sample cases", unexpected("Opening the sample cases", exc),
                         icon=Icon.Critical)
            return
        QApplication.restoreOverrideCursor()
        if db is not w.db:
            w.set_database(db, title_suffix=" — demo")
        else:
            w.hub.publish(Change.all())

    def is_demo(self) -> bool:
        """Whether the window shows the demo database (the sample cases)."""
        path = self.w.db_path
        if path is None:
            return False
        try:
            return path.resolve() == paths.demo_database().resolve()
        except OSError:
            return False

    def open_my_cases(self) -> None:
        """Leave the demo database for the caseworker's own (created if it is not there)."""
        w = self.w
        if not self.is_demo() or not w.current.may_leave():
            return
        from mmi_desktop.store.database import open_database

        try:
            db = open_database(paths.default_database(), create=True)
        except DatabaseError as exc:
            dialogs.tell(w, "Open my cases", str(exc), icon=Icon.Warning)
            return
        w.set_database(db)

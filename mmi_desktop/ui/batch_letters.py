"""'Letters for selected cases…': one PDF per case, written in the background with Cancel,
and (on request) one combined file to print; the end dialog opens the folder or prints."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.firm import FirmDetails, missing_for_letters
from mmi_desktop.domain.model import Case
from mmi_desktop.domain.naming import case_key
from mmi_desktop.domain.thresholds import Thresholds
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.ui.tasks import Task

log = logging.getLogger(__name__)

# Batches still running, so neither their task nor their dialog is collected mid-run.
_RUNNING: set[Task] = set()


@dataclass
class BatchResult:
    """What a batch did: the files written, the cases that failed, whether it was cancelled."""

    written: list[Path] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False
    combined: Path | None = None  # the one file to print, when asked for and written
    combined_pages: int = 0
    combined_error: str = ""  # why the combined file was not written, when it was not


@dataclass(frozen=True)
class BatchOptions:
    """How the batch writes: one combined file to print (its name in the folder, None for
    none), each letter padded to an even page count in it, DRAFT across every page."""

    combined_name: str | None = "all-letters.pdf"
    duplex: bool = False
    draft: bool = False


def letters_job(
    case_ids: Sequence[int],
    store_factory: Callable[[], CaseStore],
    out_dir: Path,
    as_of: date,
    firm: FirmDetails,
    thresholds: Thresholds | None = None,
    options: BatchOptions = BatchOptions(combined_name=None),
) -> Callable[[Task], BatchResult]:
    """The batch as a `Task` job: its own store, opened in the worker thread and closed at
    the end; Cancel stops it before the next case. The combined file (`options`) is written
    after the letters, from the letters written, unless the batch was cancelled."""
    ids = list(case_ids)
    combined = Path(out_dir) / options.combined_name if options.combined_name else None

    def job(task: Task) -> BatchResult:
        result = BatchResult()

        def items(store: CaseStore) -> Iterator[tuple[str, Case]]:
            for case_id in ids:
                if task.cancelled:
                    return
                try:
                    stored = store.load(case_id)
                except Exception as exc:  # a case deleted since it was selected, say
                    log.warning("Letter for case %s skipped: %s", case_id, exc)
                    result.failures.append((case_key(case_id), str(exc)))
                    continue
                yield case_key(case_id), stored.case

        store = store_factory()
        try:
            from mmi_desktop.letters.batch import write_letters  # ReportLab: only when used

            result.written = write_letters(
                items(store),
                Path(out_dir),
                as_of,
                firm,
                thresholds,
                progress=lambda done, name: task.report(done, len(ids), name),
                cancelled=lambda: task.cancelled,
                failures=result.failures,
                adjust=lambda key, case, analysis: store.without_dismissed(
                    int(key), case, analysis
                ),
                draft=options.draft,
                reserved=(combined.name,) if combined is not None else (),
            )
        finally:
            store.db.close()
        # A Cancel pressed while the last letter was being written stopped nothing.
        handled = len(result.written) + len(result.failures)
        result.cancelled = task.cancelled and handled < len(ids)
        if combined is not None and result.written and not result.cancelled:
            from mmi_desktop.letters.batch import combine_letters

            try:
                result.combined_pages = combine_letters(
                    result.written, combined, duplex=options.duplex
                )
                result.combined = combined
            except Exception as exc:  # the letters stand; the end dialog says why
                log.exception("The combined file %s was not written", combined)
                result.combined_error = f"{combined.name} was not written: {exc}"
        return result

    return job


def summary_text(result: BatchResult, out_dir: Path, total: int) -> str:
    """The sentence shown when a batch ends."""
    n = len(result.written)
    head = f"{n} of {total} letter{'s' if total != 1 else ''} written to {out_dir}."
    if result.cancelled:
        head = f"Cancelled. {head}"
    if result.combined_error:
        head += f"\nThe one file to print: {result.combined_error}"
    if result.combined is not None:
        pages = result.combined_pages
        head += (f"\nAll of them in one file to print: {result.combined.name} "
                 f"({pages} page{'s' if pages != 1 else ''}).")
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
        self.result = result
        text = summary_text(result, self.out_dir, self.total)
        box = QMessageBox(self.parent_widget)
        box.setWindowTitle("Letters")
        box.setIcon(
            QMessageBox.Icon.Warning if result.failures or result.combined_error
            else QMessageBox.Icon.Information
        )
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setDefaultButton(QMessageBox.StandardButton.Ok)
        if result.written:
            box.addButton(QMessageBox.StandardButton.Open).setText("Open folder")
        if result.combined is not None:
            box.addButton(QMessageBox.StandardButton.Apply).setText("Print all…")
        answer = box.exec()
        box.deleteLater()
        if answer == QMessageBox.StandardButton.Open.value:
            open_folder(self.out_dir)
        elif answer == QMessageBox.StandardButton.Apply.value and result.combined is not None:
            print_file(self.parent_widget, result.combined)

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
    options: BatchOptions = BatchOptions(combined_name=None),
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

    job = letters_job(case_ids, store_factory, out_dir, as_of, firm, thresholds, options)
    task = Task(job, "Writing the letters")
    controller = BatchLettersController(parent, task, dialog, total, Path(out_dir))
    # The task (kept in _RUNNING) holds its controller, and through it the dialog, until
    # the batch ends; callers reach the dialog through it too.
    task.controller = controller  # type: ignore[attr-defined]
    _RUNNING.add(task)
    dialog.show()
    return task.start(pool)


def open_folder(folder: Path) -> bool:
    """Show the folder in the system's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def print_file(parent: QWidget | None, path: Path) -> bool:
    """The system print dialog, then the PDF at `path` printed page by page; True when
    printed. A file that cannot be read or a printer that fails is said in a message."""
    from PySide6.QtGui import QPageSize
    from PySide6.QtPdf import QPdfDocument

    from mmi_desktop.ui import letter_tab  # the dialog is looked up there (tests patch it)

    document = QPdfDocument(parent)
    try:
        document.load(str(path))
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() <= 0:
            QMessageBox.warning(parent, "Print all", f"{path} could not be read for printing.")
            return False
        printer = letter_tab.QPrinter(letter_tab.QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
        printer.setDocName(path.name)
        dialog = letter_tab.QPrintDialog(printer, parent)
        dialog.setMinMax(1, document.pageCount())
        if dialog.exec() != letter_tab.QPrintDialog.DialogCode.Accepted:
            return False
        try:
            letter_tab.print_pdf(document, printer)
        except OSError as exc:
            QMessageBox.warning(parent, "Print all", str(exc))
            return False
        return True
    finally:
        document.close()
        document.deleteLater()


class BatchOptionsDialog(QDialog):
    """Before the batch: what is missing from the firm's details (with a button to set
    them), the combined file, duplex padding and Draft. OK is refused while details are
    missing and Draft is not ticked."""

    def __init__(self, firm: FirmDetails, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from mmi_desktop.ui.letter_tab import FirmBanner

        self.setWindowTitle("Letters for selected cases")
        self.setObjectName("batchOptions")
        self.fix_requested = False
        self.missing = missing_for_letters(firm)
        self.banner = FirmBanner(self)
        self.banner.set_missing(self.missing, draft_possible=False)
        self.banner.fix_button.clicked.connect(self._fix)

        intro = QLabel(
            f"One PDF per case for {count} case{'s' if count != 1 else ''}, written into a "
            "folder you choose next.", self,
        )
        intro.setWordWrap(True)
        self.combined_box = QCheckBox("Also write all of them in &one file to print:", self)
        self.combined_box.setChecked(True)
        self.combined_name = QLineEdit(BatchOptions().combined_name or "", self)
        self.combined_name.setObjectName("combinedName")
        self.combined_name.setAccessibleName("Combined file name")
        self.combined_box.toggled.connect(self.combined_name.setEnabled)
        self.duplex_box = QCheckBox(
            "For printing on &both sides: each letter starts on the front of a sheet "
            "(a blank page after a letter of an odd number of pages)", self,
        )
        self.combined_box.toggled.connect(self.duplex_box.setEnabled)
        self.draft_box = QCheckBox("&Draft: DRAFT across every page (to review, not to mail)",
                                   self)
        self.draft_box.toggled.connect(self._update_ok)
        self.problem = QLabel(self)
        self.problem.setObjectName("batchProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a00000;")
        self.combined_name.textChanged.connect(self._update_ok)
        self.combined_box.toggled.connect(self._update_ok)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose folder…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        name_row = QHBoxLayout()
        name_row.addWidget(self.combined_box)
        name_row.addWidget(self.combined_name, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(intro)
        layout.addLayout(name_row)
        self.duplex_box.setContentsMargins(20, 0, 0, 0)
        layout.addWidget(self.duplex_box)
        layout.addWidget(self.draft_box)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(max(self.sizeHint().width(), 560), self.sizeHint().height())
        self._update_ok()

    def reasons(self) -> list[str]:
        """Why OK is refused (empty when it is not)."""
        out = []
        if self.missing and not self.draft_box.isChecked():
            out.append("Letters are not written while the firm's " + ", ".join(self.missing)
                       + " are missing, unless Draft is ticked.")
        if self.combined_box.isChecked():
            name = self.combined_name.text().strip()
            if not name:
                out.append("Combined file name: type a name, or untick the option.")
            elif "/" in name or "\\" in name or name in (".", ".."):
                out.append("Combined file name: a file name only, not a folder.")
        return out

    def _update_ok(self, *_args: object) -> None:
        reasons = self.reasons()
        self.problem.setText("\n".join(reasons))
        self.problem.setVisible(bool(reasons))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not reasons)

    def _fix(self) -> None:
        self.fix_requested = True
        self.reject()

    def options(self) -> BatchOptions:
        name: str | None = None
        if self.combined_box.isChecked():
            name = self.combined_name.text().strip()
            if not name.lower().endswith(".pdf"):
                name += ".pdf"
        return BatchOptions(
            combined_name=name,
            duplex=bool(name) and self.duplex_box.isChecked(),
            draft=self.draft_box.isChecked(),
        )


def ask_batch_options(
    parent: QWidget | None, firm: FirmDetails, count: int
) -> BatchOptions | str | None:
    """The options dialog: the options chosen, "fix" when its "Firm details…" was pressed,
    None when cancelled. (Tests replace this function.)"""
    dialog = BatchOptionsDialog(firm, count, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.options()
        return "fix" if dialog.fix_requested else None
    finally:
        dialog.deleteLater()

"""The Letter tab: a live preview of the client's summary letter, saved or printed from here."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.firm import FirmDetails, missing_for_letters
from mmi_desktop.domain.model import Case, Language
from mmi_desktop.domain.results import Analysis
from mmi_desktop.files import write_atomically

log = logging.getLogger(__name__)

MAX_PRINT_DPI = 300
LANGUAGE_CHOICES: tuple[tuple[str, Language | None], ...] = (
    ("Auto (client's language)", None),
    ("English", Language.EN),
    ("Español", Language.ES),
)


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Print a loaded PDF page by page (rendered at the printer's resolution); pages printed."""
    count = document.pageCount()
    if count <= 0:
        return 0
    first, last = 0, count - 1
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(0, printer.fromPage() - 1)
        last = min(count - 1, max(first, printer.toPage() - 1))
    # The letter carries its own margins: map the page image to the whole sheet, not to the
    # printable area inside the printer's margins (which would shrink it a second time).
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("The printer could not be started.")
    printed = 0
    try:
        # Rendered at most at 300 dpi: sharp on paper, and a page image stays near 30 MB
        # where a 1200 dpi "high resolution" printer would ask for over 500 MB.
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        for index in range(first, last + 1):
            if printed:
                printer.newPage()
            points = document.pagePointSize(index)
            pixels = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(index, pixels)
            area = painter.viewport()
            scaled = pixels.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            # Centred, so a letter page printed on A4 keeps even side margins.
            x = area.x() + (area.width() - scaled.width()) // 2
            y = area.y() + (area.height() - scaled.height()) // 2
            target = QRect(x, y, scaled.width(), scaled.height())
            painter.drawImage(target, image)
            printed += 1
    finally:
        painter.end()
    return printed


class FirmBanner(QFrame):
    """A strip saying which of the firm's details a letter cannot go out without are
    missing, with a button that opens Settings on the firm page; hidden when none is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firmBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#firmBanner { background: #fff4ce; border: 1px solid #e0c060; border-radius: 4px; }"
            " #firmBanner QLabel { color: #4a3b00; }"
        )
        self.text = QLabel(self)
        self.text.setObjectName("firmBannerText")
        self.text.setWordWrap(True)
        self.fix_button = QPushButton("Firm details…", self)
        self.fix_button.setObjectName("firmBannerFix")
        self.fix_button.setToolTip("Open Settings on the firm's details")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.fix_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def set_missing(self, missing: list[str], *, draft_possible: bool) -> None:
        if not missing:
            self.hide()
            return
        what = ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "") + missing[-1]
        tail = (" Set them, or tick Draft to print the letter marked DRAFT."
                if draft_possible else " Set them, or write the letters as drafts.")
        self.text.setText(
            f"<b>Not ready to mail:</b> {what} {'is' if len(missing) == 1 else 'are'} "
            "missing from the firm's details, so letters would go out unsigned or without "
            f"a number to call.{tail}"
        )
        self.show()


def _identity(case: Case | None) -> tuple[object, ...] | None:
    """Which client's case this is, for telling a newly opened case from a re-saved one."""
    if case is None:
        return None
    return (case.client.full_name, case.claim.claim_number, case.claim.date_of_injury)


class LetterTab(QWidget):
    """The summary letter of the open case, previewed as it will print."""

    rendered = Signal()  # the preview shows a newly rendered letter
    fix_firm_requested = Signal()  # "Firm details…": open Settings on the firm page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case: Case | None = None
        self._analysis: Analysis | None = None
        self._firm = FirmDetails()
        self._pdf: bytes = b""
        self._buffer: QBuffer | None = None

        self.lang_combo = QComboBox()
        for label, lang in LANGUAGE_CHOICES:
            self.lang_combo.addItem(label, lang.value if lang else "")  # plain str in a QVariant
        self.lang_combo.setToolTip("The letter's language; Auto follows the client's language.")
        self.lang_combo.currentIndexChanged.connect(self.refresh)
        lang_label = QLabel("&Language:")
        lang_label.setBuddy(self.lang_combo)

        self.save_button = QPushButton("Save as PDF…")
        self.save_button.clicked.connect(self.save_as_pdf)
        self.print_button = QPushButton("Print…")
        self.print_button.clicked.connect(self.print_letter)

        self.draft_box = QCheckBox("&Draft")
        self.draft_box.setObjectName("letterDraft")
        self.draft_box.setToolTip(
            "Print DRAFT across every page: a letter to review, not to mail. Needed to save "
            "or print while the firm's details are missing."
        )
        self.draft_box.toggled.connect(self.refresh)

        bar = QHBoxLayout()
        bar.addWidget(lang_label)
        bar.addWidget(self.lang_combo)
        bar.addSpacing(12)
        bar.addWidget(self.draft_box)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        bar.addWidget(self.print_button)

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.view)

        self.banner = FirmBanner(self)
        self.banner.fix_button.clicked.connect(self.fix_firm_requested)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._show_message("Open a case to see the letter to the client.")

    # ------------------------------------------------------------------ state
    def set_case(self, case: Case | None, analysis: Analysis | None, firm: FirmDetails) -> None:
        """Show the letter for this case (None: no case open). Opening another client's
        case puts the language back to Auto; the same case again (after a save) keeps it."""
        if _identity(case) != _identity(self._case):
            self.lang_combo.blockSignals(True)
            self.lang_combo.setCurrentIndex(0)
            self.lang_combo.blockSignals(False)
        self._case, self._analysis, self._firm = case, analysis, firm
        self.banner.set_missing(missing_for_letters(firm), draft_possible=True)
        self.refresh()

    def missing(self) -> list[str]:
        """The labels of the firm's details a letter cannot go out without, still blank."""
        return missing_for_letters(self._firm)

    def is_draft(self) -> bool:
        return self.draft_box.isChecked()

    def may_send(self) -> bool:
        """Whether the letter shown may be saved or printed: the firm can sign it, or it
        is marked DRAFT on every page."""
        return bool(self._pdf) and (self.is_draft() or not self.missing())

    def language(self) -> Language | None:
        """The chosen override; None follows the client's language."""
        value = self.lang_combo.currentData()
        return Language(value) if value else None

    def set_language(self, lang: Language | None) -> None:
        index = self.lang_combo.findData(lang.value if lang else "")
        self.lang_combo.setCurrentIndex(max(index, 0))

    def effective_language(self) -> Language | None:
        if self._case is None:
            return None
        return self.language() or self._case.client.language

    @property
    def pdf_bytes(self) -> bytes:
        """The letter now shown, as PDF bytes (empty when none)."""
        return self._pdf

    def refresh(self) -> None:
        """Render the letter again (after the case, the analysis, the firm or the language)."""
        if self._case is None or self._analysis is None:
            self._set_pdf(b"")
            self._show_message(
                "Open a case to see the letter to the client."
                if self._case is None
                else "The letter appears once the case has been analysed."
            )
            return
        try:
            # ReportLab loads on the first letter shown, not when the window opens.
            from mmi_desktop.letters.scripts import UnprintableText
            from mmi_desktop.letters.summary import render_summary_letter

            pdf = render_summary_letter(
                self._case, self._analysis, self._firm, self.language(), draft=self.is_draft()
            )
        except UnprintableText as exc:  # the caseworker can correct the field it names
            log.warning("Letter refused: %s", exc)
            self._set_pdf(b"")
            self._show_message(f"{exc} Change it in the case to see the letter.")
            return
        except Exception:  # shown in the tab; the details go to the log
            log.exception("Rendering the letter failed")
            self._set_pdf(b"")
            self._show_message(
                "The letter could not be made for this case. The details are in the log."
            )
            return
        self._set_pdf(pdf)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self.save_button.setEnabled(False)
        self.print_button.setEnabled(False)

    def _set_pdf(self, pdf: bytes) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        self._pdf = pdf
        if not pdf:
            return
        # QPdfDocument reads from the device while it is open: keep the buffer alive.
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            log.error("The letter preview could not load the PDF: %s", self.document.error())
            self._show_message("The letter could not be shown.")
            return
        self.stack.setCurrentWidget(self.view)
        self._enable_actions()
        self.rendered.emit()

    def _enable_actions(self) -> None:
        allowed = self.may_send()
        why = "" if allowed or not self._pdf else (
            "The firm's details lack " + ", ".join(self.missing())
            + ": set them (Firm details…) or tick Draft."
        )
        for button in (self.save_button, self.print_button):
            button.setEnabled(allowed)
            button.setToolTip(why)

    # ------------------------------------------------------------------ actions
    def suggested_file_name(self) -> str:
        if self._case is None:
            return "letter.pdf"
        lang = self.effective_language()
        suffix = f"-{lang.value}" if lang else ""
        from mmi_desktop.letters.batch import letter_stem

        return f"{letter_stem('letter', self._case.client)}{suffix}.pdf"

    def save_as_pdf(self) -> Path | None:
        """Ask where, then write the letter there; the path written, or None."""
        if not self.may_send():
            return None
        start = str(Path.home() / self.suggested_file_name())
        name, _ = QFileDialog.getSaveFileName(self, "Save letter as PDF", start, "PDF (*.pdf)")
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_atomically(path, self._pdf)
        except OSError as exc:
            QMessageBox.warning(
                self, "Letter not saved", f"The letter could not be saved to {path}:\n{exc}"
            )
            return None
        return path

    def print_letter(self) -> bool:
        """Show the system print dialog and print the letter; True when printed."""
        if not self.may_send() or self.document.pageCount() <= 0:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))  # the letter's own size
        printer.setDocName(self.suggested_file_name())
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.document.pageCount())
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        try:
            print_pdf(self.document, printer)
        except OSError as exc:
            QMessageBox.warning(self, "Letter not printed", str(exc))
            return False
        return True

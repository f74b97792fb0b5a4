"""The Letter tab (preview, language, save, print) and letters for selected cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QThreadPool
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton

from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.model import Language
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import open_database
from mmi_desktop.ui.batch_letters import BatchResult, start_batch_letters
from mmi_desktop.ui.letter_tab import LetterTab, print_pdf
from tests.letters.helpers import PENDING_AS_OF, before_mmi, example, make_firm, pdf_text


@pytest.fixture
def tab(qtbot: Any) -> LetterTab:
    widget = LetterTab()
    qtbot.addWidget(widget)
    widget.resize(800, 900)
    widget.show()
    return widget


@pytest.fixture
def pending() -> tuple[Any, Any]:
    case = example("pending-surgery")
    return case, analyze(case, PENDING_AS_OF)


def test_without_a_case_there_is_nothing_to_save_or_print(tab: LetterTab) -> None:
    tab.set_case(None, None, make_firm())
    assert tab.pdf_bytes == b""
    assert not tab.save_button.isEnabled() and not tab.print_button.isEnabled()
    assert "Open a case" in tab.message.text()


def test_the_preview_shows_the_clients_letter(tab: LetterTab, pending: tuple[Any, Any]) -> None:
    case, analysis = pending
    tab.set_case(case, analysis, make_firm())
    assert tab.document.pageCount() == len(PdfReader(_stream(tab.pdf_bytes)).pages) >= 1
    assert tab.stack.currentWidget() is tab.view
    assert tab.save_button.isEnabled() and tab.print_button.isEnabled()
    assert "Apreciable Ana Gutierrez:" in pdf_text(tab.pdf_bytes)  # Auto: the client's language


def test_the_language_can_be_chosen(tab: LetterTab, pending: tuple[Any, Any]) -> None:
    case, analysis = pending
    tab.set_case(case, analysis, make_firm())
    tab.set_language(Language.EN)
    assert tab.effective_language() is Language.EN
    assert "Dear Ana Gutierrez," in pdf_text(tab.pdf_bytes)
    tab.lang_combo.setCurrentIndex(tab.lang_combo.findText("Español"))
    assert "Apreciable Ana Gutierrez:" in pdf_text(tab.pdf_bytes)
    tab.set_language(None)
    assert tab.language() is None and "Apreciable" in pdf_text(tab.pdf_bytes)


def test_the_language_choice_is_per_case(tab: LetterTab, pending: tuple[Any, Any]) -> None:
    case, analysis = pending
    tab.set_case(case, analysis, make_firm())
    tab.set_language(Language.EN)
    tab.set_case(case, analysis, make_firm(phone="(916) 555-0100"))  # the same case again
    assert tab.language() is Language.EN
    assert "call us at (916) 555-0100" in pdf_text(tab.pdf_bytes)
    other = example("clean")
    tab.set_case(other, analyze(other, date(2023, 8, 1)), make_firm())
    assert tab.language() is None


def test_a_case_still_being_analysed_shows_no_letter(
    tab: LetterTab, pending: tuple[Any, Any]
) -> None:
    case, _ = pending
    tab.set_case(case, None, make_firm())
    assert tab.pdf_bytes == b"" and "analysed" in tab.message.text()


def test_a_new_case_replaces_the_preview(tab: LetterTab, pending: tuple[Any, Any]) -> None:
    case, analysis = pending
    tab.set_case(case, analysis, make_firm())
    earlier = before_mmi(case)
    tab.set_case(earlier, analyze(earlier, date(2024, 5, 1)), make_firm())
    text = pdf_text(tab.pdf_bytes)
    assert "Su médico todavía no ha determinado" in text
    assert tab.document.pageCount() >= 1


def test_a_letter_that_cannot_be_made_is_said_in_the_tab(
    tab: LetterTab, pending: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import mmi_desktop.letters.summary as module  # the tab imports it when it renders

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("font missing")

    monkeypatch.setattr(module, "render_summary_letter", broken)
    case, analysis = pending
    tab.set_case(case, analysis, make_firm())
    assert "could not be made" in tab.message.text()
    assert not tab.save_button.isEnabled()


def test_a_letter_with_characters_no_font_draws_names_the_field(
    tab: LetterTab, pending: tuple[Any, Any]
) -> None:
    case, analysis = pending
    case.claim.employer = "Acme 🏭"
    tab.set_case(case, analysis, make_firm())
    assert tab.message.text() == (
        "The employer has characters the letter cannot print: “🏭” (U+1F3ED). "
        "Change it in the case to see the letter."
    )
    assert not tab.save_button.isEnabled() and not tab.print_button.isEnabled()


def test_save_as_pdf_writes_the_letter_shown(
    tab: LetterTab, pending: tuple[Any, Any], tmp_path: Path, file_dialogs: Any
) -> None:
    case, analysis = pending
    tab.set_case(case, analysis, make_firm())
    file_dialogs.save_files.append(str(tmp_path / "carta"))  # no suffix typed
    path = tab.save_as_pdf()
    assert path == tmp_path / "carta.pdf"
    assert path.read_bytes() == tab.pdf_bytes
    assert tab.suggested_file_name() == "letter-Gutierrez-Ana-es.pdf"
    # Cancel in the dialog: nothing written.
    assert tab.save_as_pdf() is None


def test_save_errors_are_shown(
    tab: LetterTab, pending: tuple[Any, Any], tmp_path: Path, file_dialogs: Any, messages: Any
) -> None:
    case, analysis = pending
    tab.set_case(case, analysis, make_firm())
    file_dialogs.save_files.append(str(tmp_path / "no-such-folder" / "letter.pdf"))
    assert tab.save_as_pdf() is None
    assert any("could not be saved" in t for t in messages.texts())


def test_printing_renders_every_page_onto_the_printer(
    tab: LetterTab, pending: tuple[Any, Any], tmp_path: Path
) -> None:
    case, analysis = pending
    tab.set_case(case, analysis, make_firm())
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_pdf(tab.document, printer) == tab.document.pageCount()
    printed = PdfReader(str(out))
    assert len(printed.pages) == tab.document.pageCount()
    assert all(len(page.images) == 1 for page in printed.pages)  # each page a rendered image


def test_printing_a_page_range(tab: LetterTab, pending: tuple[Any, Any], tmp_path: Path) -> None:
    case, analysis = pending
    tab.set_case(case, analysis, make_firm())
    assert tab.document.pageCount() >= 2
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "page2.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    assert print_pdf(tab.document, printer) == 1


# ---------------------------------------------------------------------- batch
@pytest.fixture
def filled_db(tmp_path: Path) -> tuple[str, list[int]]:
    path = tmp_path / "batch.sqlite"
    db = open_database(path)
    try:
        ids = CaseStore(db).import_cases(
            [example("pending-surgery"), example("clean"), example("clean")]
        )
    finally:
        db.close()
    return str(path), ids


def test_letters_for_selected_cases_in_the_background(
    qtbot: Any, tmp_path: Path, filled_db: tuple[str, list[int]], messages: Any
) -> None:
    url, ids = filled_db
    out = tmp_path / "letters"
    pool = QThreadPool()
    threads: list[object] = []
    gate_open = __import__("threading").Event()

    def factory() -> CaseStore:
        import threading

        threads.append(threading.current_thread())
        gate_open.wait(10)  # the worker waits until the test listens for its end
        return CaseStore(open_database(url))

    worker = start_batch_letters(None, ids, factory, out, PENDING_AS_OF, make_firm(), pool=pool)
    # Listen first, then let the worker go: a quick `finished` is never emitted to nobody.
    with qtbot.waitSignal(worker.signals.finished, timeout=20000) as blocker:
        gate_open.set()
    result: BatchResult = blocker.args[0]
    assert not result.cancelled and result.failures == []
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(p.name for p in result.written)
    assert names == [
        f"{ids[0]:04d}-Gutierrez-Ana.pdf",
        f"{ids[1]:04d}-Wilson-Derek.pdf",
        f"{ids[2]:04d}-Wilson-Derek.pdf",
    ]
    import threading

    assert threads and threads[0] is not threading.main_thread()  # its own session, off the GUI
    qtbot.waitUntil(lambda: any("3 of 3 letters written" in t for t in messages.texts()))
    pool.waitForDone(5000)


def test_batch_letters_can_be_cancelled(
    qtbot: Any, tmp_path: Path, filled_db: tuple[str, list[int]], messages: Any
) -> None:
    url, ids = filled_db
    out = tmp_path / "letters"
    pool = QThreadPool()
    gate_open = __import__("threading").Event()

    def slow_factory() -> CaseStore:
        gate_open.wait(10)  # hold the worker until Cancel has been pressed
        return CaseStore(open_database(url))

    worker = start_batch_letters(
        None, ids, slow_factory, out, PENDING_AS_OF, make_firm(), pool=pool
    )
    assert worker.controller is not None
    cancel_button = worker.controller.dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Cancel"
    cancel_button.click()
    assert worker.cancelled
    # issue 11 item 18: listen first, then open the gate (the other order could miss a
    # `finished` emitted before waitSignal connected).
    with qtbot.waitSignal(worker.signals.finished, timeout=20000) as blocker:
        gate_open.set()
    result: BatchResult = blocker.args[0]
    assert result.cancelled and result.written == []
    assert not out.exists() or list(out.iterdir()) == []
    qtbot.waitUntil(lambda: any(t.startswith("Letters\nCancelled.") for t in messages.texts()))
    pool.waitForDone(5000)


def _stream(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


def test_printing_at_high_resolution_fills_the_page(
    tab: LetterTab, pending: tuple[Any, Any], tmp_path: Path
) -> None:
    case, analysis = pending
    tab.set_case(case, analysis, make_firm())
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "hi.pdf"))
    printer.setFromTo(1, 1)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    assert print_pdf(tab.document, printer) == 1
    image = next(iter(PdfReader(str(tmp_path / "hi.pdf")).pages[0].images)).image
    assert image is not None and 2000 <= image.width <= 2600  # 8.5 in at up to 300 dpi


def test_print_shows_the_print_dialog_and_prints_on_letter_paper(
    tab: LetterTab, pending: tuple[Any, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mmi_desktop.ui.letter_tab as module

    out = tmp_path / "dialog.pdf"
    shown: list[tuple[int, int]] = []

    class FakePrintDialog:
        DialogCode = module.QPrintDialog.DialogCode

        def __init__(self, printer: QPrinter, parent: Any = None) -> None:
            self.printer = printer

        def setMinMax(self, low: int, high: int) -> None:  # noqa: N802 (Qt's name)
            shown.append((low, high))

        def exec(self) -> Any:
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(out))
            return self.DialogCode.Accepted

    monkeypatch.setattr(module, "QPrintDialog", FakePrintDialog)
    case, analysis = pending
    tab.set_case(case, analysis, make_firm())
    assert tab.print_letter()
    assert shown == [(1, tab.document.pageCount())]
    pages = PdfReader(str(out)).pages
    assert len(pages) == tab.document.pageCount()
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert (round(width), round(height)) == (612, 792)  # US Letter in points

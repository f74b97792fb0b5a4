"""Issue 16 in the window: no unsigned letter by accident (the missing-details banner, its
button, Draft), Ctrl+P printing the open letter."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.model import Language
from mmi_desktop.ui.letter_tab import LetterTab
from tests.letters.helpers import PENDING_AS_OF, example, make_firm, pdf_text


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


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def test_a_firm_without_phone_and_signer_is_named_and_blocks_save_and_print(
    tab: LetterTab, pending: tuple[Any, Any]
) -> None:
    case, analysis = pending
    tab.set_case(case, analysis, replace(make_firm(), phone="", signing_attorney=""))
    assert tab.banner.isVisible()
    assert "Phone and Signer are missing" in tab.banner.text.text()
    assert tab.pdf_bytes  # the preview still shows the letter
    assert not tab.save_button.isEnabled() and not tab.print_button.isEnabled()
    assert "Phone, Signer" in tab.save_button.toolTip()
    assert tab.save_as_pdf() is None and tab.print_letter() is False


def test_a_complete_firm_shows_no_banner(tab: LetterTab, pending: tuple[Any, Any]) -> None:
    case, analysis = pending
    tab.set_case(case, analysis, replace(make_firm(), phone=""))
    assert tab.banner.isVisible()
    tab.set_case(case, analysis, make_firm())
    assert not tab.banner.isVisible()
    assert tab.save_button.isEnabled() and tab.print_button.isEnabled()


def test_the_banner_button_asks_for_the_firm_page(
    qtbot: Any, tab: LetterTab, pending: tuple[Any, Any]
) -> None:
    case, analysis = pending
    tab.set_case(case, analysis, FirmDetails())
    assert "Firm name, Phone and Signer are missing" in tab.banner.text.text()
    with qtbot.waitSignal(tab.fix_firm_requested, timeout=1000):
        tab.banner.fix_button.click()


def test_draft_marks_every_page_and_allows_saving(
    tab: LetterTab, pending: tuple[Any, Any], tmp_path: Path, file_dialogs: Any
) -> None:
    case, analysis = pending
    tab.set_case(case, analysis, FirmDetails())
    tab.set_language(Language.EN)  # a Spanish letter says BORRADOR
    assert all("DRAFT" not in text for text in _pages(tab.pdf_bytes))
    tab.draft_box.setChecked(True)
    pages = _pages(tab.pdf_bytes)
    assert len(pages) >= 2 and all("DRAFT" in text for text in pages)
    assert tab.document.pageCount() == len(pages)  # the preview shows the marked letter
    assert tab.save_button.isEnabled() and tab.print_button.isEnabled()
    file_dialogs.save_files.append(str(tmp_path / "draft.pdf"))
    saved = tab.save_as_pdf()
    assert saved is not None and all("DRAFT" in t for t in _pages(saved.read_bytes()))
    tab.draft_box.setChecked(False)
    assert not tab.save_button.isEnabled()
    assert "Ana Gutierrez" in pdf_text(tab.pdf_bytes)


def _patch_print_dialog(monkeypatch: pytest.MonkeyPatch, out: Path) -> list[QPrinter]:
    import mmi_desktop.ui.letter_tab as module

    used: list[QPrinter] = []

    class FakePrintDialog:
        DialogCode = module.QPrintDialog.DialogCode

        def __init__(self, printer: QPrinter, parent: Any = None) -> None:
            self.printer = printer
            used.append(printer)

        def setMinMax(self, low: int, high: int) -> None:  # noqa: N802 (Qt's name)
            pass

        def exec(self) -> Any:
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(out))
            return self.DialogCode.Accepted

    monkeypatch.setattr(module, "QPrintDialog", FakePrintDialog)
    return used


def test_a_draft_prints_through_the_print_dialog(
    tab: LetterTab, pending: tuple[Any, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "printed.pdf"
    used = _patch_print_dialog(monkeypatch, out)
    case, analysis = pending
    tab.set_case(case, analysis, FirmDetails())
    assert tab.print_letter() is False and used == []  # refused before any dialog
    tab.draft_box.setChecked(True)
    assert tab.print_letter() is True
    assert len(PdfReader(str(out)).pages) == tab.document.pageCount()


# ---------------------------------------------------------------------- in the window
def _window_with_case(make_window: Any, db_path: Path) -> tuple[Any, int]:
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.database import open_database

    db = open_database(db_path)
    try:
        (case_id,) = CaseStore(db).import_cases([example("pending-surgery")])
    finally:
        db.close()
    window = make_window()
    window.open_case(case_id)
    return window, case_id


def test_the_banner_opens_settings_on_the_firm_page_and_saving_clears_it(
    qtbot: Any, make_window: Any, db_path: Path
) -> None:
    from PySide6.QtCore import Qt

    window, _ = _window_with_case(make_window, db_path)
    letter = window.pane.letter_page
    window.pane.tabs.setCurrentWidget(letter)
    assert letter.banner.isVisible() and not letter.print_button.isEnabled()
    letter.banner.fix_button.click()
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isVisible() and dialog.tabs.currentIndex() == 0
    firm = make_firm()
    dialog.firm_fields["name"].setText(firm.name)
    dialog.firm_fields["phone"].setText(firm.phone)
    dialog.firm_fields["signing_attorney"].setText(firm.signing_attorney)
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not letter.banner.isVisible(), timeout=30000)
    assert letter.print_button.isEnabled()
    assert firm.phone in pdf_text(letter.pdf_bytes)


def test_ctrl_p_prints_the_open_letter(
    qtbot: Any, make_window: Any, db_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, messages: Any,
) -> None:
    out = tmp_path / "ctrl-p.pdf"
    used = _patch_print_dialog(monkeypatch, out)
    window, _ = _window_with_case(make_window, db_path)
    assert window.print_letter_action.shortcut().toString() == "Ctrl+P"
    window.print_letter_action.trigger()  # no firm yet: refused, and told why
    assert used == [] and not out.exists()
    assert any("Firm name, Phone, Signer" in t for t in messages.texts())
    letter = window.pane.letter_page
    assert window.pane.tabs.currentWidget() is letter
    letter.draft_box.setChecked(True)
    window.print_letter_action.trigger()
    assert len(used) == 1
    assert len(PdfReader(str(out)).pages) == letter.document.pageCount() >= 1

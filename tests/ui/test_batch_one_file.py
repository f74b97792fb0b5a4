"""Issue 16 in the batch: one combined file to print (duplex padding), the end dialog's
"Open folder" and "Print all…", the options dialog refusing unsigned letters."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.ui import batch_letters
from mmi_desktop.ui.batch_letters import BatchOptions, BatchOptionsDialog
from tests.letters.helpers import make_firm
from tests.ui.test_letters_for_selected import fill, letters_into, select_all, summaries

FIVE = ("clean.json", "pending-surgery.json", "clean.json", "pending-surgery.json",
        "clean.json")


def _run_batch(qtbot: Any, make_window: Any, db_path: Path, out: Path, file_dialogs: Any,
               messages: Any, batch_options: Any, options: BatchOptions) -> Any:
    fill(db_path, FIVE)
    window = make_window()
    select_all(window)
    batch_options.queue.append(options)
    task = letters_into(window, out, file_dialogs)
    qtbot.waitUntil(lambda: bool(summaries(messages)), timeout=60000)
    window.pool.waitForDone(10000)
    return task.controller.result


def test_the_batch_writes_one_combined_file_of_all_the_pages(
    qtbot: Any, make_window: Any, db_path: Path, tmp_path: Path, file_dialogs: Any,
    messages: Any, batch_options: Any,
) -> None:
    out = tmp_path / "letters"
    result = _run_batch(qtbot, make_window, db_path, out, file_dialogs, messages,
                        batch_options, BatchOptions(combined_name="print-me.pdf"))
    letters = sorted(p for p in out.iterdir() if p.name != "print-me.pdf")
    assert len(letters) == 5 == len(result.written)
    total = sum(len(PdfReader(p).pages) for p in letters)
    combined = PdfReader(out / "print-me.pdf")
    assert len(combined.pages) == total == result.combined_pages
    assert "print-me.pdf" in summaries(messages)[0]


def test_duplex_and_draft_reach_the_letters_and_the_combined_file(
    qtbot: Any, make_window: Any, db_path: Path, tmp_path: Path, file_dialogs: Any,
    messages: Any, batch_options: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import mmi_desktop.letters.batch as letters_batch

    real = letters_batch.combine_letters
    calls: list[bool] = []

    def spy(letters: Any, target: Path, *, duplex: bool = False) -> int:
        calls.append(duplex)
        return real(letters, target, duplex=duplex)

    monkeypatch.setattr(letters_batch, "combine_letters", spy)
    out = tmp_path / "letters"
    result = _run_batch(qtbot, make_window, db_path, out, file_dialogs, messages,
                        batch_options,
                        BatchOptions(combined_name="all.pdf", duplex=True, draft=True))
    assert calls == [True]  # (the padding itself: tests/letters, with odd-page letters)
    counts = [len(PdfReader(p).pages) for p in result.written]
    padded = sum(n + n % 2 for n in counts)
    assert len(PdfReader(out / "all.pdf").pages) == padded == result.combined_pages
    for path in [*result.written, out / "all.pdf"]:
        for page in PdfReader(path).pages:
            text = page.extract_text() or ""
            assert "DRAFT" in text or "BORRADOR" in text


def test_the_end_dialog_opens_the_folder(
    qtbot: Any, make_window: Any, db_path: Path, tmp_path: Path, file_dialogs: Any,
    messages: Any, batch_options: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(batch_letters.QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    messages.answer(QMessageBox.StandardButton.Open)
    out = tmp_path / "letters"
    _run_batch(qtbot, make_window, db_path, out, file_dialogs, messages, batch_options,
               BatchOptions(combined_name="all.pdf"))
    assert opened == [str(out)]


def test_print_all_prints_the_combined_file_through_the_print_dialog(
    qtbot: Any, make_window: Any, db_path: Path, tmp_path: Path, file_dialogs: Any,
    messages: Any, batch_options: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import mmi_desktop.ui.letter_tab as module

    printed = tmp_path / "printed.pdf"
    ranges: list[tuple[int, int]] = []

    class FakePrintDialog:
        DialogCode = module.QPrintDialog.DialogCode

        def __init__(self, printer: QPrinter, parent: Any = None) -> None:
            self.printer = printer

        def setMinMax(self, low: int, high: int) -> None:  # noqa: N802 (Qt's name)
            ranges.append((low, high))

        def exec(self) -> Any:
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(printed))
            return self.DialogCode.Accepted

    monkeypatch.setattr(module, "QPrintDialog", FakePrintDialog)
    messages.answer(QMessageBox.StandardButton.Apply)  # "Print all…"
    out = tmp_path / "letters"
    result = _run_batch(qtbot, make_window, db_path, out, file_dialogs, messages,
                        batch_options, BatchOptions(combined_name="all.pdf", duplex=True))
    pages = len(PdfReader(out / "all.pdf").pages)
    assert ranges == [(1, pages)] and pages == result.combined_pages
    assert len(PdfReader(printed).pages) == pages


def test_a_cancelled_batch_writes_no_combined_file(tmp_path: Path) -> None:
    result = batch_letters.BatchResult(cancelled=True)
    assert "one file" not in batch_letters.summary_text(result, tmp_path, 3)


# ---------------------------------------------------------------------- the options dialog
def _ok(dialog: BatchOptionsDialog) -> Any:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_options_refuse_unsigned_letters_unless_draft(qtbot: Any) -> None:
    dialog = BatchOptionsDialog(replace(make_firm(), signing_attorney=""), 3)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.banner.isVisible() and "Signer is missing" in dialog.banner.text.text()
    assert not _ok(dialog).isEnabled()
    assert "Signer" in dialog.problem.text()
    dialog.draft_box.setChecked(True)
    assert _ok(dialog).isEnabled()
    assert dialog.options() == BatchOptions(combined_name="all-letters.pdf", draft=True)


def test_options_with_a_complete_firm(qtbot: Any) -> None:
    dialog = BatchOptionsDialog(make_firm(), 3)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.banner.isVisible() and _ok(dialog).isEnabled()
    dialog.duplex_box.setChecked(True)
    dialog.combined_name.setText("  week 49  ")
    assert dialog.options() == BatchOptions(combined_name="week 49.pdf", duplex=True)
    dialog.combined_name.setText("sub/dir.pdf")
    assert not _ok(dialog).isEnabled() and "Combined file name" in dialog.problem.text()
    dialog.combined_box.setChecked(False)
    assert _ok(dialog).isEnabled()
    assert dialog.options() == BatchOptions(combined_name=None, duplex=False)


def test_options_fix_button_opens_the_firm_settings(
    qtbot: Any, make_window: Any, db_path: Path, batch_options: Any, file_dialogs: Any
) -> None:
    fill(db_path)
    window = make_window()
    select_all(window)
    batch_options.queue.append("fix")
    window.letters_action.trigger()
    assert batch_options.asked == [FirmDetails()]
    assert file_dialogs.asked == [] and window.last_batch is None
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isVisible() and dialog.tabs.currentIndex() == 0
    dialog.reject()


def test_the_dialogs_fix_button_reports_fix(qtbot: Any) -> None:
    dialog = BatchOptionsDialog(FirmDetails(), 1)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.banner.fix_button.click()
    assert dialog.fix_requested and dialog.result() == BatchOptionsDialog.DialogCode.Rejected


def test_a_combined_file_that_cannot_be_written_leaves_the_letters_and_says_why(
    qtbot: Any, make_window: Any, db_path: Path, tmp_path: Path, file_dialogs: Any,
    messages: Any, batch_options: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import mmi_desktop.letters.batch as letters_batch

    def refuse(letters: Any, target: Path, *, duplex: bool = False) -> int:
        raise OSError("No space left on device")

    monkeypatch.setattr(letters_batch, "combine_letters", refuse)
    out = tmp_path / "letters"
    result = _run_batch(qtbot, make_window, db_path, out, file_dialogs, messages,
                        batch_options, BatchOptions(combined_name="all.pdf"))
    assert len(result.written) == 5 and all(p.exists() for p in result.written)
    assert result.combined is None and not (out / "all.pdf").exists()
    summary = summaries(messages)[0]
    assert summary.startswith("5 of 5 letters written")
    assert "all.pdf was not written: No space left on device" in summary

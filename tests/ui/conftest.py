"""UI fixtures: isolated QSettings, answered message boxes and file dialogs, a main window on
a temporary database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QFileDialog, QMessageBox

Button = QMessageBox.StandardButton


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path) -> Path:
    """QSettings() anywhere in the test writes under tmp_path, never the user's settings."""
    folder = tmp_path / "qsettings"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
    return folder


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "window.ini"


@dataclass
class Shown:
    title: str
    text: str
    informative: str
    details: str
    answer: Any

    @property
    def all_text(self) -> str:
        return "\n".join((self.title, self.text, self.informative, self.details))


@dataclass
class Messages:
    """Every message box shown, and the answers queued for the next ones (default: the
    box's default button, else its first)."""

    shown: list[Shown] = field(default_factory=list)
    answers: list[Any] = field(default_factory=list)

    def answer(self, *buttons: Any) -> None:
        self.answers.extend(buttons)

    def texts(self) -> list[str]:
        return [m.all_text for m in self.shown]

    def clear(self) -> None:
        self.shown.clear()


@pytest.fixture(autouse=True)
def messages(monkeypatch: pytest.MonkeyPatch) -> Messages:
    log = Messages()

    def fake_exec(box: QMessageBox) -> int:
        if log.answers:
            answer = log.answers.pop(0)
        elif box.defaultButton() is not None:
            answer = box.standardButton(box.defaultButton())
        else:
            buttons = box.buttons()
            answer = box.standardButton(buttons[0]) if buttons else Button.Ok
        log.shown.append(
            Shown(box.windowTitle(), box.text(), box.informativeText(), box.detailedText(), answer)
        )
        return int(Button(answer).value)

    def fake_static(kind: str) -> Callable[..., Any]:
        def static(parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            answer = log.answers.pop(0) if log.answers else Button.Ok
            log.shown.append(Shown(title, text, "", "", answer))
            return answer

        return static

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(fake_static(kind)))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(fake_static("about")))
    return log


@dataclass
class FileDialogs:
    """Queued answers for QFileDialog's static functions ('' or [] means Cancel)."""

    open_files: list[list[str]] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    save_files: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)


@pytest.fixture(autouse=True)
def file_dialogs(monkeypatch: pytest.MonkeyPatch) -> FileDialogs:
    state = FileDialogs()

    def get_open_file_names(parent: Any = None, caption: str = "", *a: Any, **k: Any) -> Any:
        state.asked.append(caption)
        return (state.open_files.pop(0) if state.open_files else [], "")

    def get_existing_directory(parent: Any = None, caption: str = "", *a: Any, **k: Any) -> str:
        state.asked.append(caption)
        return state.folders.pop(0) if state.folders else ""

    def get_save_file_name(parent: Any = None, caption: str = "", *a: Any, **k: Any) -> Any:
        state.asked.append(caption)
        return (state.save_files.pop(0) if state.save_files else "", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(get_open_file_names))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(get_existing_directory))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    return state


@pytest.fixture
def make_window(qtbot: Any, db_path: Path, settings_path: Path) -> Iterator[Callable[..., Any]]:
    """Open a main window on the test database (again and again: a restart), shown and with
    its case list read."""
    from mmi_desktop.store.database import open_database
    from mmi_desktop.ui.main_window import MainWindow

    opened: list[Any] = []

    def make(path: Path | None = None, *, today: Callable[[], Any] | None = None) -> MainWindow:
        db = open_database(path or db_path)
        settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        window = MainWindow(db, settings=settings, pool=QThreadPool(), today=today)
        qtbot.addWidget(window)
        opened.append(window)
        window.show()
        qtbot.waitExposed(window)
        window.start()
        qtbot.waitUntil(lambda: window.loaded, timeout=30000)
        return window

    yield make
    for window in opened:
        if window.isVisible():
            if window.has_case():  # (the pane is built only if a case was opened)
                window.editor.mark_clean()
            window.close()
        window.pool.waitForDone(5000)
        window.db.close()


@dataclass
class DismissAnswers:
    """Reasons typed into the dismiss dialog, one per dialog: (text, press OK?). OK is
    pressed only when the dialog enables it; otherwise the dialog is cancelled."""

    queue: list[tuple[str, bool]] = field(default_factory=list)
    ok_enabled: list[bool] = field(default_factory=list)  # what each dialog allowed


@pytest.fixture
def dismiss_answers(monkeypatch: pytest.MonkeyPatch) -> DismissAnswers:
    from mmi_desktop.ui.dismiss_dialog import DismissDialog

    answers = DismissAnswers()

    def fake_exec(dialog: DismissDialog) -> int:
        text, press = answers.queue.pop(0) if answers.queue else ("", False)
        dialog.reason.setPlainText(text)
        answers.ok_enabled.append(dialog.ok_button.isEnabled())
        if press and dialog.ok_button.isEnabled():
            dialog.ok_button.click()
        else:
            dialog.reject()
        return int(dialog.result())

    monkeypatch.setattr(DismissDialog, "exec", fake_exec)
    return answers


@dataclass
class BatchOptionAnswers:
    """What the batch's options dialog answers, one per batch (default: no combined file,
    no draft, as before issue 16); `asked` records the firm each dialog was shown."""

    queue: list[Any] = field(default_factory=list)
    asked: list[Any] = field(default_factory=list)


@pytest.fixture(autouse=True)
def batch_options(monkeypatch: pytest.MonkeyPatch) -> BatchOptionAnswers:
    from mmi_desktop.ui import batch_letters

    answers = BatchOptionAnswers()

    def ask(parent: Any, firm: Any, count: int) -> Any:
        answers.asked.append(firm)
        if answers.queue:
            return answers.queue.pop(0)
        return batch_letters.BatchOptions(combined_name=None)

    monkeypatch.setattr(batch_letters, "ask_batch_options", ask)
    return answers

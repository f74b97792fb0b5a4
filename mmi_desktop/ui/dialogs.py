"""Dialogs of the window: questions, problem lists, the import report, About.

Every message box is built here and shown with `exec()`, so tests replace one method
(`QMessageBox.exec`) to answer them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.errors import Problem
from mmi_desktop.ui.tasks import ImportReport

Button = QMessageBox.StandardButton
Icon = QMessageBox.Icon


def ask(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = Button.Ok,
    *,
    default: QMessageBox.StandardButton | None = None,
    informative: str = "",
    details: str = "",
    labels: Mapping[QMessageBox.StandardButton, str] | None = None,
) -> QMessageBox.StandardButton:
    """Show a message box and return the button pressed (Escape gives the Cancel/No one)."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if informative:
        box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    if default is not None:
        box.setDefaultButton(default)
    for button, label in (labels or {}).items():
        widget = box.button(button)
        if widget is not None:
            widget.setText(label)
    return Button(box.exec())


def tell(
    parent: QWidget | None,
    title: str,
    text: str,
    informative: str = "",
    icon: QMessageBox.Icon = Icon.Information,
) -> None:
    ask(parent, icon, title, text, Button.Ok, informative=informative)


def problem_lines(problems: Iterable[Problem]) -> str:
    return "\n".join(f"• {p}" for p in problems)


def show_problems(parent: QWidget | None, title: str, text: str, problems: list[Problem]) -> None:
    """Why something was refused: each problem on its own line with the field's path."""
    shown = problems[:12]
    more = len(problems) - len(shown)
    informative = problem_lines(shown) + (f"\n… and {more} more" if more > 0 else "")
    ask(
        parent,
        Icon.Warning,
        title,
        text,
        Button.Ok,
        informative=informative,
        details=problem_lines(problems) if more > 0 else "",
    )


def ask_unsaved(parent: QWidget | None, name: str) -> QMessageBox.StandardButton:
    """Save / Discard / Cancel before leaving a case with unsaved changes."""
    return ask(
        parent,
        Icon.Question,
        "Unsaved changes",
        f"The case of {name} has changes that are not saved.",
        Button.Save | Button.Discard | Button.Cancel,
        default=Button.Save,
        informative="Save them before you go on?",
        labels={Button.Discard: "Discard changes"},
    )


class ImportReportDialog(QDialog):
    """What an import did: a summary, then one line per imported file and per problem."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.report = report
        n_ok, n_bad = len(report.imported), len(report.refused)
        n_dup = len(report.duplicates)
        parts = [f"{n_ok} of {report.total} case file{'s' if report.total != 1 else ''} "
                 "imported"]
        replaced = sum(1 for i in report.imported if i.replaced)
        if replaced:
            parts[0] += f" ({replaced} replacing a case already there)"
        if n_bad:
            parts.append(f"{n_bad} refused (nothing of a refused file was saved)")
        if n_dup:
            parts.append(f"{n_dup} not added: the case is already there")
        if report.cancelled:
            parts.append(f"{len(report.not_read)} not read: the import was cancelled")
        self.summary = QLabel("; ".join(parts) + ".", self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("importLines")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText("\n".join(report.lines()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton("Copy report", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(940, 440)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.summary.text() + "\n" + self.text.toPlainText())


def show_about(parent: QWidget | None, version: str, location: str) -> None:
    """Help → About: the app's icon, its version and the database it shows."""
    box = QMessageBox(Icon.NoIcon, "About MMI Desktop", f"MMI Desktop {version}", Button.Ok,
                      parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    icon = QApplication.windowIcon()
    if not icon.isNull():
        box.setIconPixmap(icon.pixmap(64, 64))
    box.setInformativeText(
        "Case tracking for California workers' compensation: MMI declarations, "
        f"ratings, deadlines and client letters.\n\nDatabase: {location}"
    )
    box.exec()

"""The dialog that asks why a flag is dismissed: OK stays disabled until a reason is typed,
Tab leaves the reason box (it types no tab), and the reason is kept with the caseworker's
name and the date."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class DismissDialog(QDialog):
    """Asks why the flag `title` is not a concern for this case."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dismissDialog")
        self.setWindowTitle("Dismiss flag")
        layout = QVBoxLayout(self)
        self.question = QLabel(
            f"Why is “{title}” not a concern for this case?\n"
            "The reason is kept with your name and today's date. The flag comes back by itself "
            "if its evidence changes.", self)
        self.question.setWordWrap(True)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("dismissReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText("e.g. The PTP withdrew the surgery request by phone")
        self.question.setBuddy(self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Dismiss flag")
        self.ok_button.setEnabled(False)
        self.hint = QLabel("Type a reason to dismiss the flag.", self)
        self.hint.setObjectName("dismissHint")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._on_text)
        layout.addWidget(self.question)
        layout.addWidget(self.reason, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.resize(480, 260)
        self.reason.setFocus()

    def _on_text(self) -> None:
        ok = bool(self.text())
        self.ok_button.setEnabled(ok)
        self.hint.setVisible(not ok)

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def accept(self) -> None:
        if self.text():  # Enter in a box with no reason does nothing
            super().accept()


def ask_reason(parent: QWidget | None, title: str) -> str | None:
    """The reason typed, or None when the caseworker cancels."""
    dialog = DismissDialog(title, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.text() or None
    finally:
        dialog.deleteLater()

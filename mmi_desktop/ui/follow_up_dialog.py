"""The agenda's "Add follow-up" dialog: the client, the day it is due, what, and who; each
field refused by its label."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.agenda import (
    OWNER_MAX,
    TEXT_MAX,
)
from mmi_desktop.ui.widgets import DateEdit, format_us_date, set_problem


class FollowUpDialog(QDialog):
    """Add (or change) a follow-up: the client, the day it is due, what, and who."""

    def __init__(
        self,
        parent: QWidget | None,
        clients: Mapping[int, str],
        today: date,
        case_id: int | None = None,
        owner_choices: Sequence[str] = (),
        *,
        due: date | None = None,
        text: str = "",
        title: str = "Add follow-up",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._today = today
        self._editing = bool(text)
        self.client = QComboBox(self)
        self.client.setEditable(True)
        self.client.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.client.lineEdit().setPlaceholderText("Type a client's name")
        for cid, name in sorted(clients.items(), key=lambda kv: (kv[1].casefold(), kv[0])):
            self.client.addItem(name, cid)
        completer = self.client.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        found = self.client.findData(case_id) if case_id is not None else -1
        self.client.setCurrentIndex(found)
        if found < 0:
            self.client.setEditText("")
        self.client.setEnabled(not self._editing)
        self.due = DateEdit(self, today=today)
        self.due.set_date(due or today)
        self.text = QLineEdit(text, self)
        self.text.setMaxLength(TEXT_MAX)
        self.text.setPlaceholderText("e.g. Call the client about the QME appointment")
        self.owner = QComboBox(self)
        self.owner.setEditable(True)
        self.owner.addItems(["", *owner_choices])
        self.owner.lineEdit().setMaxLength(OWNER_MAX)
        self.owner.lineEdit().setPlaceholderText("Optional: who looks after it")
        self.owner.setEnabled(not self._editing)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #8c1d18")
        self.problem.hide()
        form = QFormLayout()
        form.addRow("&Client:", self.client)
        form.addRow("&Due date:", self.due)
        form.addRow("&Text:", self.text)
        form.addRow("&Owner:", self.owner)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._update_ok)
        self._update_ok()
        self.setMinimumWidth(440)
        (self.text if self._editing or found >= 0 else self.client).setFocus()

    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def _update_ok(self) -> None:
        self.ok_button().setEnabled(bool(self.text.text().strip()))

    def case_id(self) -> int | None:
        typed = self.client.currentText().strip()
        index = self.client.findText(typed, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            return None
        data = self.client.itemData(index)
        return int(data) if data is not None else None

    def problems(self) -> list[tuple[QWidget, str]]:
        """What stops the follow-up, each said with its field's label."""
        found: list[tuple[QWidget, str]] = []
        if self.case_id() is None:
            found.append((self.client, "Client: choose a client from the list"))
        due = self.due.date()
        if due is None:
            why = self.due.error() or "a date is needed (MM/DD/YYYY)"
            found.append((self.due, f"Due date: {why}"))
        elif not self._editing and due < self._today:
            found.append((self.due, f"Due date: {format_us_date(due)} has passed; choose "
                                    "today or a later day"))
        if not self.text.text().strip():
            found.append((self.text, "Text: say what is to be done; it cannot be empty"))
        return found

    def accept(self) -> None:
        problems = self.problems()
        for widget in (self.client, self.due, self.text):
            set_problem(widget, next((m for w, m in problems if w is widget), None))
        if problems:
            self.problem.setText("\n".join(m for _, m in problems))
            self.problem.show()
            problems[0][0].setFocus()
            return
        super().accept()

    def value(self) -> tuple[int, date, str, str]:
        case_id, due = self.case_id(), self.due.date()
        assert case_id is not None and due is not None
        return case_id, due, self.text.text().strip(), self.owner.currentText().strip()

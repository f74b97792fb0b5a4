"""The welcome screen's first page on a new database: the firm's details that letters print
(name, address, phone, who signs and their title; logo and email optional), saved to the
database's settings, or skipped for now."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.firm import REQUIRED_FOR_LETTERS, FirmDetails
from mmi_desktop.store.settings import SettingsStore
from mmi_desktop.ui.settings_dialog import FIRM_LABELS, IMAGE_FILTER, firm_problems
from mmi_desktop.ui.widgets import PROBLEM_STYLE, set_problem

FIELDS = ("name", "address", "phone", "signing_attorney", "signer_title", "email", "logo_path")
REQUIRED_HERE = ("name", "address", "phone", "signing_attorney", "signer_title")


class FirmSetupCard(QFrame):
    """Who sends the letters. Save checks every field (each problem named by its label)
    and writes them in one go; Skip leaves the settings as they are."""

    saved = Signal(object)  # the FirmDetails written
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firmSetupCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(PROBLEM_STYLE)
        self.settings: SettingsStore | None = None
        self._firm = FirmDetails()

        title = QLabel("Who sends the letters?", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            "Client letters print your firm's name, address and phone at the top and are "
            "signed by the attorney or caseworker named here. You can change these later in "
            "Settings.",
            self,
        )
        intro.setWordWrap(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        for name in FIELDS:
            widget: QLineEdit | QPlainTextEdit
            if name == "address":
                widget = QPlainTextEdit(self)
                widget.setTabChangesFocus(True)
                widget.setFixedHeight(widget.fontMetrics().lineSpacing() * 3 + 12)
                widget.setPlaceholderText("Street\nCity, CA ZIP")
            else:
                widget = QLineEdit(self)
            widget.setObjectName(f"setup_{name}")
            widget.setAccessibleName(FIRM_LABELS[name])
            self.fields[name] = widget
            label = FIRM_LABELS[name] + ("" if name in REQUIRED_HERE else " (optional)")
            if name == "logo_path":
                choose = QPushButton("Choose…", self)
                choose.setObjectName("setupChooseLogo")
                choose.clicked.connect(self.choose_logo)
                row = QHBoxLayout()
                row.addWidget(widget, 1)
                row.addWidget(choose)
                form.addRow(label + ":", row)
            else:
                form.addRow(label + ":", widget)
        self.fields["phone"].setPlaceholderText("(555) 555-0100")  # type: ignore[union-attr]
        self.fields["signer_title"].setPlaceholderText(  # type: ignore[union-attr]
            "Attorney at Law")
        self.fields["email"].setPlaceholderText("office@example.com")  # type: ignore[union-attr]
        self.fields["logo_path"].setPlaceholderText("No logo")  # type: ignore[union-attr]

        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("firmSetupProblems")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #a00000;")
        self.problem_label.hide()

        self.save_button = QPushButton("Save and continue", self)
        self.save_button.setObjectName("firmSetupSave")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.skip_button = QPushButton("Skip for now", self)
        self.skip_button.setObjectName("firmSetupSkip")
        self.skip_button.setToolTip(
            "Letters then show what is missing, and can be printed only as drafts."
        )
        self.skip_button.clicked.connect(self.skipped)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addLayout(buttons)

    def load(self, settings: SettingsStore) -> None:
        """Fill the fields from the database's settings (what is already set is kept)."""
        self.settings = settings
        self._firm = settings.firm()
        for name, widget in self.fields.items():
            value = getattr(self._firm, name)
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
            else:
                widget.setText(value)
            set_problem(widget, None)
        self.problem_label.hide()

    def entered(self) -> FirmDetails:
        values = {}
        for name, widget in self.fields.items():
            text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            if name == "address":
                text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
            values[name] = text.strip()
        return replace(self._firm, **values)

    def problems(self) -> list[tuple[str, str]]:
        """(field, reason) for each value that cannot be saved, the fields marked."""
        firm = self.entered()
        found = [
            (name, "is needed on every letter")
            for name in REQUIRED_FOR_LETTERS
            if not getattr(firm, name)
        ]
        for name, reason in firm_problems(firm):
            if name not in dict(found):  # one reason a field (the first found)
                found.append((name, reason))
        for name, widget in self.fields.items():
            reason = next((r for f, r in found if f == name), None)
            set_problem(widget, f"{FIRM_LABELS[name]}: {reason}" if reason else None)
        return found

    def save(self) -> bool:
        """Check, then write the firm's details; True when saved (nothing is written
        while any field has a problem)."""
        problems = self.problems()
        if not problems and self.settings is not None:
            firm = self.entered()
            try:
                self.settings.save(firm=firm)
            except Exception as exc:  # a database that refuses the write: said here
                self._show([f"Not saved: {exc}"])
                return False
            self.problem_label.hide()
            self.saved.emit(firm)
            return True
        self._show([f"• {FIRM_LABELS[f]}: {r}" for f, r in problems])
        return False

    def _show(self, lines: list[str]) -> None:
        self.problem_label.setText("Not saved; fix these first:\n" + "\n".join(lines))
        self.problem_label.show()

    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose the firm's logo", "", IMAGE_FILTER)
        if path:
            self.fields["logo_path"].setText(path)  # type: ignore[union-attr]

"""The first screen on an empty database: the firm's details first (while letters could not
be signed; skippable), then start a case, import files, or try the samples."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from mmi_desktop.store.settings import SettingsStore
    from mmi_desktop.ui.firm_setup import FirmSetupCard


class WelcomePage(QWidget):
    """Shown instead of the case list while the database holds no case."""

    new_case = Signal()
    import_files = Signal()
    open_samples = Signal()
    firm_saved = Signal(object)  # the FirmDetails saved on the first page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card = QFrame(self)
        card.setObjectName("welcomeCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setFixedWidth(600)

        title = QLabel("Welcome to MMI Desktop", card)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel("This database has no cases yet. Start one of these ways:", card)
        intro.setWordWrap(True)

        self._rows: dict[QPushButton, QLabel] = {}
        self.new_button = self._choice(
            card,
            "New case…",
            "Type in a client's case: who, the claim, the treating doctors.",
        )
        self.import_button = self._choice(
            card,
            "Import case files…",
            "Add cases from mmi-case/1 files (.json). A file with a problem is refused "
            "whole, and the report says why.",
        )
        self.samples_button = self._choice(
            card,
            "Open the sample cases",
            "Look around with made-up clients, in a separate demo database: "
            "your own database stays empty.",
        )
        self.new_button.clicked.connect(self.new_case)
        self.import_button.clicked.connect(self.import_files)
        self.samples_button.clicked.connect(self.open_samples)

        self.location = QLabel(card)
        self.location.setObjectName("welcomeLocation")
        self.location.setWordWrap(True)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location.setStyleSheet("color: palette(placeholder-text); font-size: small;")

        layout = QVBoxLayout(card)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(8)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(14)
        grid.setColumnStretch(1, 1)
        for row, button in enumerate((self.new_button, self.import_button, self.samples_button)):
            grid.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self._rows[button], row, 1)
        layout.addLayout(grid)
        layout.addSpacing(8)
        layout.addWidget(self.location)

        self.choices_card = card
        self._firm_card: FirmSetupCard | None = None  # built when first asked for
        self.firm_skipped = False  # this session: the firm page is not shown again
        self.cards = QStackedWidget(self)
        self.cards.addWidget(card)
        self.cards.setFixedWidth(600)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.cards, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    @property
    def firm_card(self) -> FirmSetupCard:
        """The firm's page (its module loads the settings store: not before first paint)."""
        if self._firm_card is None:
            from mmi_desktop.ui.firm_setup import FirmSetupCard

            self._firm_card = FirmSetupCard(self)
            self._firm_card.saved.connect(self._on_firm_saved)
            self._firm_card.skipped.connect(self.skip_firm)
            self.cards.addWidget(self._firm_card)
        return self._firm_card

    def show_firm_setup(self, settings: SettingsStore) -> None:
        """The firm page, filled from the database's settings."""
        self.firm_card.load(settings)
        self.cards.setCurrentWidget(self.firm_card)
        self.firm_card.fields["name"].setFocus()

    def show_choices(self) -> None:
        self.cards.setCurrentWidget(self.choices_card)

    def showing_firm_setup(self) -> bool:
        return self._firm_card is not None and self.cards.currentWidget() is self._firm_card

    def skip_firm(self) -> None:
        self.firm_skipped = True
        self.show_choices()

    def _on_firm_saved(self, firm: object) -> None:
        self.show_choices()
        self.firm_saved.emit(firm)

    def _choice(self, card: QWidget, label: str, explanation: str) -> QPushButton:
        button = QPushButton(label, card)
        button.setMinimumHeight(34)
        button.setFixedWidth(200)
        note = QLabel(explanation, card)
        note.setWordWrap(True)
        note.setContentsMargins(0, 2, 0, 0)
        note.setStyleSheet("color: palette(placeholder-text);")
        self._rows[button] = note
        return button

    def set_location(self, location: str) -> None:
        self.location.setText(f"Database: {location}")

    def set_samples_available(self, available: bool) -> None:
        self.samples_button.setVisible(available)
        self._rows[self.samples_button].setVisible(available)

"""Settings kept in the database: the firm's details (letterhead) and the rule thresholds.

Every field is checked before anything is written, each problem named by its field with
the reason; a refused save writes nothing. The thresholds are checked by the domain's own
`Thresholds` (the same rules the store and the command line use).
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.thresholds import DEFAULT_THRESHOLDS, MAXIMUM, Thresholds
from mmi_desktop.store.backups import DEFAULT_KEEP
from mmi_desktop.store.settings import SettingsStore
from mmi_desktop.ui import dialogs
from mmi_desktop.ui.dialogs import Icon
from mmi_desktop.ui.widgets import PROBLEM_STYLE, problem_icon, set_problem

FIRM_LABELS = {
    "name": "Firm name",
    "address": "Address",
    "phone": "Phone",
    "email": "Email",
    "signing_attorney": "Signs the letters",
    "signer_title": "Signer's title",
    "logo_path": "Logo",
}

# (label, what the setting does) for each threshold, in the order shown.
THRESHOLD_TEXT: dict[str, tuple[str, str]] = {
    "early_mmi_days": (
        "Early MMI (days after injury)",
        "EARLY_MMI: MMI declared fewer days than this after the date of injury.",
    ),
    "post_surgery_days": (
        "Recovery after surgery (days)",
        "RECENT_SURGERY: MMI declared fewer days than this after a surgery was completed.",
    ),
    "after_mmi_days": (
        "Surgery after MMI (days)",
        "SURGERY_AFTER_MMI: a surgery first recommended, requested or done within this "
        "many days after MMI.",
    ),
    "trend_window_days": (
        "Recent trend (days before MMI)",
        "NOT_STABLE: the last visit with a trend, if this many days or fewer before MMI, "
        "says improving or worsening. FUTURE_MEDICAL_DENIED: treatment completed this many "
        "days or fewer before a report that denies future medical care.",
    ),
    "min_visits": (
        "Minimum visits before MMI",
        "LITTLE_TREATMENT: fewer visits than this on or before the MMI date.",
    ),
    "retroactive_mmi_days": (
        "Retroactive MMI (days before the report)",
        "RETROACTIVE_MMI: the MMI date lies more than this many days before the date of "
        "the report that declares it.",
    ),
    "imr_window_days": (
        "IMR window after a denial (days)",
        "A denied treatment still counts as pending for this many days (an appeal to "
        "independent medical review could still be filed); counted from the service of the "
        "decision, plus mailing time, when that date is recorded.",
    ),
    "deadline_warning_days": (
        "Deadline warning (days)",
        "Deadlines this many days away or fewer are marked in the case and listed in "
        "Needs attention.",
    ),
}
RULE_FIELDS = tuple(k for k in THRESHOLD_TEXT if k != "deadline_warning_days")
_WHOLE = re.compile(r"^\s*[+-]?\d+\s*$")
_PHONE = re.compile(r"^[0-9 ()+.\-/xXextEXT#]*$")
LOGO_SIZE = QSize(240, 90)
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.bmp *.gif)"


def threshold_problems(texts: dict[str, str]) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """The values typed for the thresholds, and (field, reason) for each that cannot be used
    (the reasons are the domain's)."""
    values: dict[str, int] = {}
    problems: list[tuple[str, str]] = []
    for name, text in texts.items():
        if not _WHOLE.match(text):
            shown = text.strip()
            problems.append(
                (
                    name,
                    f"must be a whole number of {_unit(name)}, got {shown!r}"
                    if shown
                    else f"must be a whole number of {_unit(name)}; it is empty",
                )
            )
            continue
        value = int(text)
        try:
            Thresholds(**{name: value})  # type: ignore[arg-type]
        except ValueError as exc:
            problems.append((name, str(exc).partition(": ")[2]))
            continue
        values[name] = value
    return values, problems


def _unit(name: str) -> str:
    return "visits" if name == "min_visits" else "days"


def firm_problems(firm: FirmDetails) -> list[tuple[str, str]]:
    """The domain's problems with the firm's details, and the ones the app can check: a logo
    that is not a readable image, a phone number with letters in it."""
    problems = list(firm.problems())
    if firm.phone.strip() and not _PHONE.match(firm.phone.strip()):
        problems.append(
            ("phone", f"may hold digits, spaces and ( ) + - . only, got {firm.phone!r}")
        )
    elif firm.phone.strip() and sum(c.isdigit() for c in firm.phone) < 7:
        problems.append(("phone", f"needs at least 7 digits, got {firm.phone!r}"))
    if firm.logo_path:
        path = Path(firm.logo_path)
        if not path.is_file():
            problems.append(("logo_path", f"there is no file {firm.logo_path}"))
        elif not QImageReader(str(path)).canRead():
            problems.append(
                (
                    "logo_path",
                    f"{path.name} is not an image this app can read (PNG, JPEG, BMP or GIF)",
                )
            )
    return problems


class SettingsDialog(QDialog):
    """Firm details and rule thresholds, read from and saved to the database's settings."""

    def __init__(self, settings: SettingsStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self.setStyleSheet(PROBLEM_STYLE)
        self.settings = settings
        self.saved_firm: FirmDetails | None = None
        self.saved_thresholds: Thresholds | None = None
        self.thresholds_changed = False
        self._firm = settings.firm()
        self._thresholds = settings.thresholds()
        self._backup_keep = settings.backup_keep()

        self.tabs = QTabWidget(self)
        # Each page scrolls rather than squeeze its wrapped hints on a small screen.
        self.tabs.addTab(_scrolling(self._firm_page()), "Firm")
        self.tabs.addTab(_scrolling(self._rules_page()), "Rules and deadlines")
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("settingsProblems")
        self.problem_label.setWordWrap(True)
        self.problem_label.setProperty("problem", True)
        self.problem_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.load(self._firm, self._thresholds)
        self.resize(self.sizeHint())

    # ------------------------------------------------------------------ building
    def _firm_page(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        intro = QLabel("Printed at the top of every letter, with the attorney who signs it.", page)
        intro.setWordWrap(True)
        outer.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        outer.addLayout(form)
        outer.addStretch(1)
        self.firm_fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        for name in ("name", "address", "phone", "email", "signing_attorney", "signer_title"):
            widget: QLineEdit | QPlainTextEdit
            if name == "address":
                widget = QPlainTextEdit(page)
                widget.setTabChangesFocus(True)
                widget.setFixedHeight(widget.fontMetrics().lineSpacing() * 4 + 12)
                widget.setPlaceholderText("Street\nCity, CA ZIP")
            else:
                widget = QLineEdit(page)
            widget.setObjectName(f"firm_{name}")
            widget.setAccessibleName(FIRM_LABELS[name])
            self.firm_fields[name] = widget
            form.addRow(FIRM_LABELS[name] + ":", widget)
        self.firm_fields["phone"].setPlaceholderText("(555) 555-0100")  # type: ignore[union-attr]
        self.firm_fields["email"].setPlaceholderText("office@example.com")  # type: ignore[union-attr]

        self.logo_edit = QLineEdit(page)
        self.logo_edit.setObjectName("firm_logo_path")
        self.logo_edit.setAccessibleName("Logo file")
        self.logo_edit.setPlaceholderText("No logo")
        self.logo_edit.textChanged.connect(self._show_logo)
        self.firm_fields["logo_path"] = self.logo_edit
        choose = QPushButton("Choose…", page)
        choose.setObjectName("chooseLogo")
        choose.clicked.connect(self.choose_logo)
        remove = QPushButton("Remove", page)
        remove.setObjectName("removeLogo")
        remove.clicked.connect(lambda: self.logo_edit.setText(""))
        row = QHBoxLayout()
        row.addWidget(self.logo_edit, 1)
        row.addWidget(choose)
        row.addWidget(remove)
        form.addRow("Logo:", row)
        self.logo_preview = QLabel(page)
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFixedSize(LOGO_SIZE + QSize(12, 12))
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        form.addRow("Preview:", self.logo_preview)
        return page

    def _rules_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        intro = QLabel(
            "When a premature-MMI rule fires, and when a deadline counts as close. Each "
            "value is a whole number; the default is shown beside it. After a change every "
            "case is analysed again.",
            page,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(3, 1)
        self.threshold_fields: dict[str, QLineEdit] = {}
        self.threshold_hints: dict[str, QLabel] = {}
        for name, (label, what) in THRESHOLD_TEXT.items():
            row = grid.rowCount()
            if name == "deadline_warning_days":
                grid.addWidget(_separator(page), row, 0, 1, 4)
                row += 1
            edit = QLineEdit(page)
            edit.setObjectName(f"threshold_{name}")
            edit.setAccessibleName(label)
            # Room for five digits and the problem icon a refused value gets.
            edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("00000") + 48)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setToolTip(what)
            name_label = QLabel(label + ":", page)
            name_label.setBuddy(edit)
            default = getattr(DEFAULT_THRESHOLDS, name)
            limits = QLabel(f"default {default} · 0 to {MAXIMUM[name]:,}", page)
            limits.setObjectName(f"default_{name}")
            limits.setStyleSheet("color:#5f6368;")
            hint = QLabel(what, page)
            hint.setObjectName(f"hint_{name}")
            hint.setWordWrap(True)
            hint.setStyleSheet("color:#5f6368; font-size:small;")
            grid.addWidget(name_label, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(limits, row, 2, 1, 2)
            grid.addWidget(hint, row + 1, 1, 1, 3)
            spacer = QWidget(page)
            spacer.setFixedHeight(6)
            grid.addWidget(spacer, row + 2, 0)
            self.threshold_fields[name] = edit
            self.threshold_hints[name] = hint
        layout.addLayout(grid)
        keep_row = QHBoxLayout()
        self.backup_keep = QSpinBox(page)
        self.backup_keep.setObjectName("backupKeep")
        self.backup_keep.setRange(1, 1000)
        self.backup_keep.setAccessibleName("Backups to keep")
        self.backup_keep.setToolTip(
            "A backup is made next to the database once a day; older ones beyond this "
            "number are deleted."
        )
        keep_label = QLabel("Backups to keep:", page)
        keep_label.setBuddy(self.backup_keep)
        keep_row.addWidget(keep_label)
        keep_row.addWidget(self.backup_keep)
        keep_row.addWidget(QLabel(f"default {DEFAULT_KEEP} · one backup a day", page))
        keep_row.addStretch(1)
        layout.addWidget(_separator(page))
        layout.addLayout(keep_row)
        self.reset_button = QPushButton("Reset to defaults", page)
        self.reset_button.setObjectName("resetThresholds")
        self.reset_button.setToolTip("Put the defaults of the rule catalogue back (saved on Save)")
        self.reset_button.clicked.connect(self.reset_thresholds)
        bottom = QHBoxLayout()
        bottom.addWidget(self.reset_button)
        bottom.addStretch(1)
        layout.addLayout(bottom)
        layout.addStretch(1)
        return page

    def sizeHint(self) -> QSize:
        return QSize(760, 680)

    # ------------------------------------------------------------------ values
    def load(self, firm: FirmDetails, thresholds: Thresholds) -> None:
        for name, widget in self.firm_fields.items():
            value = getattr(firm, name)
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
            else:
                widget.setText(value)
        self._set_thresholds(thresholds)
        self.backup_keep.setValue(self._backup_keep)
        self._show_logo()

    def _set_thresholds(self, thresholds: Thresholds) -> None:
        for name, edit in self.threshold_fields.items():
            edit.setText(str(getattr(thresholds, name)))

    def reset_thresholds(self) -> None:
        self._set_thresholds(DEFAULT_THRESHOLDS)
        for edit in self.threshold_fields.values():
            set_problem(edit, None)
        self.tabs.setTabIcon(1, QIcon())

    def firm_entered(self) -> FirmDetails:
        values = {}
        for name, widget in self.firm_fields.items():
            text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            values[name] = text.strip()
        # Details the dialog has no field for (set from the command line, or by a newer
        # version) are kept, not cleared.
        return replace(self._firm, **values)

    def threshold_texts(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.threshold_fields.items()}

    def choose_logo(self) -> None:
        current = self.logo_edit.text().strip()
        folder = str(Path(current).parent) if current else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Choose the firm's logo", folder, IMAGE_FILTER)
        if path:
            self.logo_edit.setText(path)

    def _show_logo(self, *_args: object) -> None:
        path = self.logo_edit.text().strip()
        if not path:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("No logo")
            return
        pixmap = QPixmap(path)
        if pixmap.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("Cannot show this file")
            return
        self.logo_preview.setText("")
        self.logo_preview.setPixmap(
            pixmap.scaled(
                LOGO_SIZE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    # ------------------------------------------------------------------ saving
    def problems(self) -> list[tuple[str, str]]:
        """(field label, reason) for every value that cannot be saved; marks the fields."""
        firm = self.firm_entered()
        firm_bad = firm_problems(firm)
        _, rules_bad = threshold_problems(self.threshold_texts())
        for name, widget in self.firm_fields.items():
            reason = next((r for f, r in firm_bad if f == name), None)
            set_problem(widget, f"{FIRM_LABELS[name]}: {reason}" if reason else None)
        for name, edit in self.threshold_fields.items():
            reason = next((r for f, r in rules_bad if f == name), None)
            set_problem(edit, f"{THRESHOLD_TEXT[name][0]}: {reason}" if reason else None)
        # The tab of a page with a problem says so (icon and tooltip), seen from the other.
        for index, bad in ((0, firm_bad), (1, rules_bad)):
            self.tabs.setTabIcon(index, problem_icon() if bad else QIcon())
            self.tabs.setTabToolTip(index, f"{len(bad)} to fix" if bad else "")
        return [(FIRM_LABELS[f], r) for f, r in firm_bad] + [
            (THRESHOLD_TEXT[f][0], r) for f, r in rules_bad
        ]

    def save(self) -> None:
        """Check every field; write the firm and the thresholds only when all are right."""
        problems = self.problems()
        if problems:
            lines = "\n".join(f"• {label}: {reason}" for label, reason in problems)
            self.problem_label.setText("Not saved; fix these first:\n" + lines)
            self.problem_label.show()
            dialogs.tell(
                self,
                "Settings not saved",
                "The settings were not saved: fix these first. Nothing was changed.",
                informative=lines,
                icon=Icon.Warning,
            )
            first = problems[0][0]
            self._focus_label(first)
            return
        firm = self.firm_entered()
        values, _ = threshold_problems(self.threshold_texts())
        thresholds = Thresholds(**values)
        keep = self.backup_keep.value()
        try:
            # One transaction: the firm, the thresholds and the backups, or none of them.
            self.settings.save(
                firm=firm if firm != self._firm else None,
                thresholds=thresholds if thresholds != self._thresholds else None,
                backup_keep=keep if keep != self._backup_keep else None,
            )
        except ValueError as exc:  # the store's own check; nothing of this save was written
            dialogs.tell(self, "Settings not saved", str(exc), icon=Icon.Warning)
            return
        self.saved_firm = firm
        self.saved_thresholds = thresholds
        self.thresholds_changed = thresholds != self._thresholds
        self.problem_label.hide()
        self.accept()

    def _focus_label(self, label: str) -> None:
        for name, widget in self.firm_fields.items():
            if FIRM_LABELS[name] == label:
                self.tabs.setCurrentIndex(0)
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        for name, edit in self.threshold_fields.items():
            if THRESHOLD_TEXT[name][0] == label:
                self.tabs.setCurrentIndex(1)
                edit.setFocus(Qt.FocusReason.OtherFocusReason)
                edit.selectAll()
                return


def _scrolling(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(page)
    return area


def _separator(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


assert set(THRESHOLD_TEXT) == {f.name for f in fields(Thresholds)}, "a threshold has no label"

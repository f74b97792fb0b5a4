"""The editor's forms (client, claim, notes): one field object per case-format path."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.model import (
    InjuryType,
    Language,
    PsychSleepSexualException,
    ResolutionKind,
    ReturnToWorkOffer,
    TDCapException,
)
from mmi_desktop.ui.editor.rating_fields import group_row, occupation_row
from mmi_desktop.ui.editor.rows import Invalid, enum_long_label
from mmi_desktop.ui.widgets import (
    DateEdit,
    MoneyEdit,
    OptionalIntSpin,
    StringListEdit,
    set_problem,
)


class FormField:
    """One input bound to one path of the case format (`claim.average_weekly_wage`)."""

    def __init__(self, path: str, label: str, widget: QWidget) -> None:
        self.path = path
        self.label = label
        self.widget = widget
        self.label_widget: QLabel | None = None

    def read(self) -> Any:
        """The value, None, or Invalid(text, reason)."""
        raise NotImplementedError

    def write(self, value: Any) -> None:
        raise NotImplementedError

    def connect(self, slot: Callable[[], None]) -> None:
        raise NotImplementedError

    def mark(self, message: str | None) -> None:
        set_problem(self.widget, message)
        if self.label_widget is not None:
            set_problem(self.label_widget, message)

    def focus(self) -> None:
        self.widget.setFocus(Qt.FocusReason.OtherFocusReason)


class TextField(FormField):
    widget: QLineEdit

    def __init__(self, path: str, label: str, required: bool = False, hint: str = "") -> None:
        super().__init__(path, label, QLineEdit())
        self.required = required
        self.widget.setPlaceholderText(hint or ("required" if required else ""))

    def read(self) -> Any:
        text = self.widget.text().strip()
        return text if (text or self.required) else None

    def write(self, value: Any) -> None:
        self.widget.setText(value or "")

    def connect(self, slot: Callable[[], None]) -> None:
        self.widget.textChanged.connect(slot)


class DateField(FormField):
    widget: DateEdit

    def __init__(
        self, path: str, label: str, required: bool = False, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(path, label, DateEdit(today=today()))
        self.required = required

    def read(self) -> Any:
        error = self.widget.error()
        if error:
            return Invalid(self.widget.text(), error)
        value = self.widget.date()
        if value is None and self.required:
            return Invalid("", "is required")
        return value

    def write(self, value: Any) -> None:
        self.widget.set_date(value)

    def connect(self, slot: Callable[[], None]) -> None:
        self.widget.changed.connect(slot)


class MoneyField(FormField):
    widget: MoneyEdit

    def __init__(self, path: str, label: str) -> None:
        super().__init__(path, label, MoneyEdit())

    def read(self) -> Any:
        error = self.widget.error()
        return Invalid(self.widget.text(), error) if error else self.widget.value()

    def write(self, value: Any) -> None:
        self.widget.set_value(value)

    def connect(self, slot: Callable[[], None]) -> None:
        self.widget.changed.connect(slot)


class IntField(FormField):
    widget: OptionalIntSpin

    def __init__(self, path: str, label: str, minimum: int, maximum: int) -> None:
        super().__init__(path, label, OptionalIntSpin(minimum, maximum))

    def read(self) -> Any:
        return self.widget.int_value()

    def write(self, value: Any) -> None:
        self.widget.set_int_value(value)

    def connect(self, slot: Callable[[], None]) -> None:
        self.widget.changed.connect(slot)


class EnumField(FormField):
    widget: QComboBox

    def __init__(self, path: str, label: str, enum: type[StrEnum]) -> None:
        super().__init__(path, label, QComboBox())
        self.enum = enum
        for member in enum:
            self.widget.addItem(enum_long_label(member), member.value)

    def read(self) -> Any:
        # Qt hands a str back for a StrEnum member: make it the member again.
        return self.enum(self.widget.currentData())

    def write(self, value: Any) -> None:
        self.widget.setCurrentIndex(max(0, self.widget.findData(value)))

    def connect(self, slot: Callable[[], None]) -> None:
        self.widget.currentIndexChanged.connect(slot)


class OptionalEnumField(FormField):
    """A choice of an enum's values or none (None), each offered with its own words (or the
    enum's long label)."""

    widget: QComboBox

    def __init__(
        self,
        path: str,
        label: str,
        enum: type[StrEnum],
        none: str = "(none)",
        words: dict[str, str] | None = None,
    ) -> None:
        super().__init__(path, label, QComboBox())
        self.enum = enum
        self.widget.addItem(none, None)
        words = words or {}
        for member in enum:
            self.widget.addItem(words.get(member.value, enum_long_label(member)), member.value)

    def read(self) -> Any:
        data = self.widget.currentData()
        return None if data is None else self.enum(data)

    def write(self, value: Any) -> None:
        position = self.widget.findData(value.value if isinstance(value, StrEnum) else None)
        self.widget.setCurrentIndex(max(0, position))

    def connect(self, slot: Callable[[], None]) -> None:
        self.widget.currentIndexChanged.connect(slot)


class TriStateField(FormField):
    """Yes, no, or not known."""

    widget: QComboBox

    def __init__(self, path: str, label: str, unknown: str = "not known") -> None:
        super().__init__(path, label, QComboBox())
        for text, value in ((unknown, None), ("yes", True), ("no", False)):
            self.widget.addItem(text, value)

    def read(self) -> Any:
        value = self.widget.currentData()
        return value if isinstance(value, bool) else None

    def write(self, value: Any) -> None:
        self.widget.setCurrentIndex({None: 0, True: 1, False: 2}.get(value, 0))

    def connect(self, slot: Callable[[], None]) -> None:
        self.widget.currentIndexChanged.connect(slot)


class BoolField(FormField):
    widget: QCheckBox

    def __init__(self, path: str, label: str, text: str) -> None:
        super().__init__(path, label, QCheckBox(text))

    def read(self) -> Any:
        return self.widget.isChecked()

    def write(self, value: Any) -> None:
        self.widget.setChecked(bool(value))

    def connect(self, slot: Callable[[], None]) -> None:
        self.widget.toggled.connect(slot)


class ListField(FormField):
    widget: StringListEdit

    def __init__(self, path: str, label: str, noun: str) -> None:
        super().__init__(path, label, StringListEdit(noun))

    def read(self) -> Any:
        return self.widget.strings()

    def write(self, value: Any) -> None:
        self.widget.set_strings(list(value or []))

    def connect(self, slot: Callable[[], None]) -> None:
        self.widget.changed.connect(slot)

    def mark(self, message: str | None) -> None:
        set_problem(self.widget.list, message)
        if self.label_widget is not None:
            set_problem(self.label_widget, message)

    def mark_items(self, problems: dict[int, str]) -> None:
        self.widget.set_item_problems(problems)


class NotesField(FormField):
    widget: QPlainTextEdit

    def __init__(self, path: str, label: str) -> None:
        super().__init__(path, label, QPlainTextEdit())
        self.widget.setPlaceholderText(
            "Anything about the case worth keeping: calls, client concerns, what to check next."
        )
        self.widget.setTabChangesFocus(True)

    def read(self) -> Any:
        text = self.widget.toPlainText()
        return text if text.strip() else None

    def write(self, value: Any) -> None:
        self.widget.setPlainText(value or "")

    def connect(self, slot: Callable[[], None]) -> None:
        self.widget.textChanged.connect(slot)


def _add_row(form: QFormLayout, field: FormField, widget: QWidget | None = None) -> None:
    label = QLabel(field.label + ":")
    label.setBuddy(field.widget)
    field.label_widget = label
    form.addRow(label, widget or field.widget)


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(8)
    form.setVerticalSpacing(6)
    return form


class ClientSection(QWidget):
    """Who the client is and how to reach them."""

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        f = {
            "first": TextField("client.first_name", "First name", required=True),
            "last": TextField("client.last_name", "Last name", required=True),
            "dob": DateField("client.date_of_birth", "Date of birth", today=today),
            "language": EnumField("client.language", "Language", Language),
            "phone": TextField("client.phone", "Phone", hint="e.g. (559) 555-0142"),
            "email": TextField("client.email", "Email"),
            "line1": TextField("client.address.line1", "Address line 1"),
            "line2": TextField("client.address.line2", "Address line 2"),
            "city": TextField("client.address.city", "City"),
            "state": TextField("client.address.state", "State"),
            "zip": TextField("client.address.zip", "ZIP"),
        }
        self.fields: list[FormField] = list(f.values())
        f["language"].widget.setToolTip("The language of the client's letters")
        f["state"].widget.setMaxLength(2)
        f["state"].widget.setMaximumWidth(
            f["state"].widget.fontMetrics().horizontalAdvance("MMM") + 24
        )
        f["zip"].widget.setMaximumWidth(
            f["zip"].widget.fontMetrics().horizontalAdvance("00000-00000") + 40
        )

        person = QGroupBox("Client")
        form = _form()
        for key in ("first", "last", "dob", "language"):
            _add_row(form, f[key])
        f["dob"].widget.setMaximumWidth(220)
        f["language"].widget.setMaximumWidth(220)
        person.setLayout(form)

        contact = QGroupBox("Contact")
        form2 = _form()
        for key in ("phone", "email", "line1", "line2", "city"):
            _add_row(form2, f[key])
        place = QHBoxLayout()
        place.setContentsMargins(0, 0, 0, 0)
        state_label, zip_label = QLabel("State:"), QLabel("ZIP:")
        state_label.setBuddy(f["state"].widget)
        zip_label.setBuddy(f["zip"].widget)
        f["state"].label_widget, f["zip"].label_widget = state_label, zip_label
        place.addWidget(state_label)
        place.addWidget(f["state"].widget)
        place.addSpacing(16)
        place.addWidget(zip_label)
        place.addWidget(f["zip"].widget)
        place.addStretch(1)
        form2.addRow(place)
        contact.setLayout(form2)

        layout = QVBoxLayout(self)
        layout.addWidget(person)
        layout.addWidget(contact)
        layout.addStretch(1)


class ClaimSection(QWidget):
    """The claim: numbers, injury, employer, wage and the body parts claimed."""

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        f = {
            "claim": TextField("claim.claim_number", "Claim #"),
            "adj": TextField("claim.adj_number", "ADJ #", hint="e.g. ADJ12345678"),
            "type": EnumField("claim.injury_type", "Injury type", InjuryType),
            "doi": DateField("claim.date_of_injury", "Date of injury", required=True, today=today),
            "represented": BoolField("claim.represented", "Represented", "Client has an attorney"),
            "employer": TextField("claim.employer", "Employer"),
            "admin": TextField("claim.claims_administrator", "Claims administrator"),
            "occupation": TextField("claim.occupation", "Occupation"),
            "group": IntField("claim.occupational_group", "Occupational group", 100, 599),
            "wage": MoneyField("claim.average_weekly_wage", "Average weekly wage"),
            "psych": OptionalEnumField(
                "claim.psych_sleep_sexual_exception",
                "Psych, sleep, sexual",
                PsychSleepSexualException,
                "not rated after a physical injury (from 2013)",
                {
                    "violent_act": "rated: the injury came from a violent act",
                    "catastrophic_injury": "rated: a catastrophic injury",
                },
            ),
            "parts": ListField("claim.body_parts", "Body parts", "body part"),
            "td_cap": OptionalEnumField(
                "claim.td_cap_exception", "TD cap exception", TDCapException, "none (104 weeks)"
            ),
            "rtw": OptionalEnumField("claim.rtw_offer", "Return-to-work offer", ReturnToWorkOffer),
            "fifty": TriStateField("claim.employer_50_or_more", "Employer of 50 or more"),
            "res_kind": OptionalEnumField(
                "resolution.kind", "Resolved by", ResolutionKind, "not resolved yet"
            ),
            "res_signed": DateField("resolution.signed", "Signed", today=today),
            "res_approved": DateField("resolution.approved", "Approved", today=today),
            "res_amount": MoneyField("resolution.amount", "Amount"),
            "res_medical": TriStateField(
                "resolution.future_medical_open", "Future medical open", "as usual for the kind"
            ),
        }
        self.fields: list[FormField] = list(f.values())
        self.body_parts: ListField = f["parts"]  # type: ignore[assignment]
        f["claim"].widget.setToolTip("The claims administrator's claim number")
        f["adj"].widget.setToolTip("WCAB case number")
        f["doi"].widget.setToolTip("For a cumulative trauma, the LC 5412 date of injury")
        f["group"].widget.setToolTip("PDRS occupational group number (100-599); empty if not known")
        f["type"].widget.setToolTip("Specific injury or cumulative trauma")
        f["psych"].widget.setToolTip(
            "LC 4660.1(c): for injuries from 2013, psychiatric, sleep and sexual-function "
            "impairment arising out of a physical injury adds nothing to the rating, unless the "
            "injury came from a violent act or was catastrophic (loss of a limb, paralysis, a "
            "severe burn or head injury)."
        )
        f["td_cap"].widget.setToolTip(
            "LC 4656(c)(3): for these injuries TD may be paid up to 240 weeks within five years"
        )
        f["rtw"].widget.setToolTip(
            "LC 4658(d)(2)-(3), injuries 2005-2012: the employer's offer of regular, modified or "
            "alternative work within 60 days of P&S raises or lowers PD by 15 %"
        )
        f["fifty"].widget.setToolTip(
            "The return-to-work adjustment applies only to employers of 50 or more employees"
        )
        f["res_kind"].widget.setToolTip(
            "How the case was resolved; the stage becomes 'settled' and the client letter "
            "explains what it means for future medical care"
        )
        f["res_signed"].widget.setToolTip("The date the parties signed")
        f["res_approved"].widget.setToolTip("The date of the award or the order approving")
        f["res_amount"].widget.setToolTip(
            "Stipulations: the PD awarded; Compromise and Release: the lump sum"
        )
        f["res_medical"].widget.setToolTip(
            "Whether future medical care stays open; left as usual: open after stipulations, "
            "closed after a compromise and release"
        )

        claim = QGroupBox("Claim")
        left = _form()
        for key in ("claim", "adj", "type", "doi", "represented"):
            _add_row(left, f[key])
        right = _form()
        group_box, self.group_note = group_row(f["group"])  # type: ignore[arg-type]
        composite = {
            "occupation": occupation_row(f["occupation"], f["group"]),  # type: ignore[arg-type]
            "group": group_box,
        }
        for key in ("employer", "admin", "occupation", "group", "wage", "psych"):
            _add_row(right, f[key], composite.get(key))
        for key in ("type", "doi", "group", "wage"):
            f[key].widget.setMaximumWidth(220)
        grid = QGridLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(24)
        claim.setLayout(grid)

        parts = QGroupBox("Body parts claimed")
        parts_layout = QVBoxLayout(parts)
        label = QLabel("At least one. The treatment and rating lists offer these names.")
        label.setWordWrap(True)
        f["parts"].label_widget = label
        parts_layout.addWidget(label)
        parts_layout.addWidget(f["parts"].widget)
        f["parts"].widget.list.setMinimumHeight(f["parts"].widget.fontMetrics().height() * 6)
        f["parts"].widget.setMaximumHeight(f["parts"].widget.fontMetrics().height() * 14)

        law = QGroupBox("Benefits rules")
        law_form = _form()
        for key in ("td_cap", "rtw", "fifty"):
            _add_row(law_form, f[key])
            f[key].widget.setMaximumWidth(420)
        law.setLayout(law_form)

        settled = QGroupBox("Settlement")
        settled_left, settled_right = _form(), _form()
        for key in ("res_kind", "res_amount", "res_medical"):
            _add_row(settled_left, f[key])
        for key in ("res_signed", "res_approved"):
            _add_row(settled_right, f[key])
            f[key].widget.setMaximumWidth(220)
        settled_grid = QGridLayout()
        settled_grid.addLayout(settled_left, 0, 0)
        settled_grid.addLayout(settled_right, 0, 1)
        settled_grid.setColumnStretch(0, 1)
        settled_grid.setColumnStretch(1, 1)
        settled_grid.setHorizontalSpacing(24)
        settled.setLayout(settled_grid)

        layout = QVBoxLayout(self)
        layout.addWidget(claim)
        layout.addWidget(parts)
        layout.addWidget(law)
        layout.addWidget(settled)
        layout.addStretch(1)


class NotesSection(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.notes = NotesField("notes", "Notes")
        self.fields: list[FormField] = [self.notes]
        layout = QVBoxLayout(self)
        layout.addWidget(self.notes.widget)

"""The editor's tables: rows of values as typed, their columns, and one table model for all.

A cell holds a domain value (date, Decimal, enum member, text) or `Invalid` — what the
person typed and why it cannot be read — so a bad entry stays on screen, marked, until it is
fixed. The model knows the case-format path of its rows (`treatments[2].history`) and marks
the cells that `CaseEditor.problems()` names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum, StrEnum, auto
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from mmi_desktop.domain.casefile import MAX_DIGITS, parse_int, parse_number
from mmi_desktop.domain.model import (
    CombineMethod,
    InjuryType,
    Language,
    ProviderRole,
    ResolutionKind,
    ReturnToWorkOffer,
    ServiceMethod,
    TDCapException,
    TreatmentCategory,
    TreatmentStatus,
)
from mmi_desktop.ui.widgets import (
    PROBLEM_BACKGROUND,
    PROBLEM_FOREGROUND,
    format_us_date,
    parse_us_date,
    problem_icon,
)

OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Invalid:
    """Text typed into a field that cannot be read, with the reason."""

    text: str
    reason: str


class Kind(Enum):
    TEXT = auto()  # optional text: empty means None
    REQUIRED = auto()  # required text: empty stays "" and validate_case names it
    DATE = auto()  # required date
    OPT_DATE = auto()  # date that may be empty
    ENUM = auto()
    OPT_ENUM = auto()  # an enum value that may be empty
    PROVIDER = auto()  # a provider id, picked by name
    INT = auto()  # optional whole number
    NUMBER = auto()  # optional decimal number (percent, factor)
    TRISTATE = auto()  # yes / no / unknown
    BODY_PART = auto()  # optional text, offered the claim's body parts
    COMPUTED = auto()  # read-only, derived from the row


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: Kind
    enum: type[StrEnum] | None = None
    tip: str = ""
    chars: int = 10  # a width hint in average characters
    compute: Callable[[Row], str] | None = None
    maximum: int = 9999
    stretch: bool = False  # takes the room left over (descriptions, notes)


class Row:
    """One item of a list (a treatment, a visit...): its values and its own lists."""

    __slots__ = ("values", "children", "auto_id")

    def __init__(
        self, values: dict[str, Any], children: dict[str, list[Row]] | None = None
    ) -> None:
        self.values = values
        self.children: dict[str, list[Row]] = children or {}
        self.auto_id = False  # the id was generated and may follow the name (providers)

    def freeze(self) -> tuple[object, ...]:
        """A comparable copy, for dirty tracking."""
        values = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in self.values.items())
        children = tuple((k, tuple(r.freeze() for r in rows)) for k, rows in self.children.items())
        return values, children


# ----------------------------------------------------------------------------- labels

_LABELS: dict[StrEnum, str] = {
    TreatmentStatus.UNDER_REVIEW: "under review",
    TreatmentStatus.IMR_REQUESTED: "IMR requested",
    TreatmentStatus.IMR_UPHELD: "IMR upheld denial",
    TreatmentStatus.IMR_OVERTURNED: "IMR overturned denial",
    TreatmentStatus.IN_PROGRESS: "in progress",
    ProviderRole.INSURER_EXAMINER: "insurer examiner",
    CombineMethod.CVC: "CVC",
    CombineMethod.ADD: "add",
    ServiceMethod.ELECTRONIC: "electronic",
    Language.EN: "English",
    Language.ES: "Spanish",
    InjuryType.SPECIFIC: "specific",
    InjuryType.CUMULATIVE: "cumulative trauma",
}
_LONG_LABELS: dict[StrEnum, str] = {
    ProviderRole.PTP: "PTP — primary treating physician",
    ProviderRole.QME: "QME — qualified medical evaluator",
    ProviderRole.AME: "AME — agreed medical evaluator",
    ProviderRole.SPECIALIST: "specialist — secondary treating physician",
    ProviderRole.INSURER_EXAMINER: "insurer examiner — chosen by employer or insurer",
    TreatmentCategory.DIAGNOSTIC: "diagnostic (MRI, CT, EMG, X-ray, labs)",
    TreatmentCategory.THERAPY: "therapy (PT, chiropractic, acupuncture)",
    TreatmentCategory.REFERRAL: "referral to a specialist",
    TreatmentStatus.MODIFIED: "modified (authorized in part)",
    TreatmentStatus.DENIED: "denied (UR denial)",
    TreatmentStatus.DECLINED: "declined by the client",
    CombineMethod.CVC: "combine (CVC, the default)",
    CombineMethod.ADD: "add (give the reason)",
    ServiceMethod.MAIL: "mail (adds 5 days, CCP 1013)",
    ServiceMethod.ELECTRONIC: "electronic (adds 2 court days)",
    ServiceMethod.PERSONAL: "personal (adds nothing)",
    ReturnToWorkOffer.OFFERED: "offered within 60 days of P&S (PD −15 %)",
    ReturnToWorkOffer.NOT_OFFERED: "not offered within 60 days of P&S (PD +15 %)",
    ReturnToWorkOffer.ENDED_BY_EMPLOYER: "offered, then ended by the employer (PD +15 %)",
    ResolutionKind.STIPULATED_AWARD: "Stipulations with Request for Award",
    ResolutionKind.COMPROMISE_AND_RELEASE: "Compromise and Release",
    TDCapException.HEPATITIS_B: "acute or chronic hepatitis B",
    TDCapException.HEPATITIS_C: "acute or chronic hepatitis C",
    TDCapException.HIV: "HIV",
    TDCapException.HIGH_VELOCITY_EYE_INJURY: "high-velocity eye injury",
    TDCapException.CHEMICAL_EYE_BURNS: "chemical burns to the eyes",
}


def enum_label(member: StrEnum) -> str:
    """How a value is shown in a cell: `under_review` -> 'under review'."""
    return _LABELS.get(member, member.value.replace("_", " "))


def enum_long_label(member: StrEnum) -> str:
    """How a value is offered in a picker, with what it means when that helps."""
    return _LONG_LABELS.get(member, enum_label(member))


def tristate_label(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "unknown"}[value]


def format_number(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


# ----------------------------------------------------------------------------- parsing


def parse_cell(column: Column, value: object, today: date | None = None) -> Any:
    """A cell value from what an editor delivers (text or a value): the domain value, None,
    or Invalid with the reason. The same rules as the form fields."""
    kind = column.kind
    if isinstance(value, Invalid):
        return value
    if kind in (Kind.TEXT, Kind.BODY_PART):
        text = "" if value is None else str(value).strip()
        return text or None
    if kind is Kind.REQUIRED:
        return "" if value is None else str(value).strip()
    if kind in (Kind.DATE, Kind.OPT_DATE):
        if isinstance(value, date) or value is None:
            parsed: date | None = value
        else:
            try:
                parsed = parse_us_date(str(value), today)
            except ValueError as exc:
                return Invalid(str(value), str(exc))
        if parsed is None and kind is Kind.DATE:
            return Invalid("", "is required")
        return parsed
    if kind is Kind.INT:
        if value is None or isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        if not text:
            return None
        digits = text.lstrip("+-")
        if not digits.isdigit() or len(text) - len(digits) > 1:
            return Invalid(text, f"must be a whole number, got {text!r}")
        if len(digits.lstrip("0")) > MAX_DIGITS:
            return Invalid(text, f"is too large a number ({len(digits.lstrip('0'))} digits)")
        try:
            # The reader's own rule, so the editor keeps nothing the file would refuse.
            return parse_int(int(text))
        except ValueError as exc:
            return Invalid(text, str(exc))
    if kind is Kind.NUMBER:
        if value is None or isinstance(value, Decimal):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return Decimal(str(value))
        text = str(value).strip().rstrip("%").strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return Invalid(str(value), f"must be a number, got {str(value).strip()!r}")
        if not number.is_finite():
            return Invalid(str(value), f"must be a number, got {str(value).strip()!r}")
        try:
            return parse_number(number)  # the reader's rule: digits and decimal places
        except ValueError as exc:
            return Invalid(str(value), str(exc))
    if kind is Kind.OPT_ENUM and value in (None, ""):
        return None
    if kind in (Kind.ENUM, Kind.OPT_ENUM):
        assert column.enum is not None
        if isinstance(value, column.enum):
            return value
        for member in column.enum:
            if value in (member.value, enum_label(member), enum_long_label(member)):
                return member
        raise ValueError(f"{value!r} is not a {column.enum.__name__}")
    if kind is Kind.TRISTATE:
        if value is None or isinstance(value, bool):
            return value
        return {"yes": True, "no": False}.get(str(value).strip().lower())
    if kind is Kind.PROVIDER:
        return None if value in (None, "") else str(value)
    return value


# ----------------------------------------------------------------------------- the model


class TableContext(Protocol):
    """What cells need from the rest of the case to show themselves."""

    def provider_label(self, provider_id: str) -> str | None: ...

    def today(self) -> date: ...

    def problem_map(self) -> Mapping[str, str]:
        """The case's current problems, path -> message."""
        ...


class RowTableModel(QAbstractTableModel):
    """A list of Rows under a case-format path, one column per field."""

    edited = Signal(int, str, object, object)  # row, key, old value, new value
    structure_changed = Signal()

    def __init__(
        self,
        columns: Iterable[Column],
        context: TableContext,
        order_key: str | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns: tuple[Column, ...] = tuple(columns)
        self._keys = {c.key: i for i, c in enumerate(self.columns)}
        self._context = context
        self._rows: list[Row] = []
        self.prefix = ""
        # Rows are kept in order of this key (a date) as it is edited: a status change
        # entered late still lands where it belongs.
        self._order_key = order_key
        self._cell_problems: dict[tuple[int, str], str] = {}
        self._row_problems: dict[int, list[str]] = {}

    # -- rows
    @property
    def rows(self) -> list[Row]:
        return self._rows

    def set_rows(self, rows: list[Row], prefix: str) -> None:
        """Show `rows` (the list itself, edited in place) as the items at `prefix`."""
        self.beginResetModel()
        self._rows = rows
        self.prefix = prefix
        self._cell_problems, self._row_problems = {}, {}
        self.endResetModel()
        self.set_problems(self._context.problem_map())

    def set_prefix(self, prefix: str) -> None:
        self.prefix = prefix

    def column_of(self, key: str) -> int:
        return self._keys[key]

    def row_of(self, row: Row) -> int:
        return next((i for i, r in enumerate(self._rows) if r is row), -1)

    def find_row(self, key: str, value: object) -> int:
        return next((i for i, r in enumerate(self._rows) if r.values.get(key) == value), -1)

    def insert_row(self, position: int, row: Row) -> None:
        position = max(0, min(position, len(self._rows)))
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, row)
        self.endInsertRows()
        self.structure_changed.emit()

    def remove_rows(self, positions: Iterable[int]) -> list[tuple[int, Row]]:
        """Remove rows by position; returns (position, row) pairs in ascending order."""
        removed = []
        for position in sorted(set(positions), reverse=True):
            if 0 <= position < len(self._rows):
                self.beginRemoveRows(QModelIndex(), position, position)
                removed.append((position, self._rows.pop(position)))
                self.endRemoveRows()
        if removed:
            self.structure_changed.emit()
        return sorted(removed, key=lambda pair: pair[0])

    def order_position(self, row_index: int) -> int:
        """Where row `row_index` belongs by the order key (stable: after equal dates)."""
        assert self._order_key is not None
        value = self._rows[row_index].values.get(self._order_key)
        if not isinstance(value, date):
            return row_index
        position = 0
        for i, other in enumerate(self._rows):
            if i == row_index:
                continue
            other_value = other.values.get(self._order_key)
            if isinstance(other_value, date) and other_value > value:
                break
            position += 1
        return position

    def _keep_order(self, row_index: int) -> None:
        target = self.order_position(row_index)
        if target == row_index:
            return
        # beginMoveRows counts the destination before the move.
        destination = target + 1 if target > row_index else target
        self.beginMoveRows(QModelIndex(), row_index, row_index, QModelIndex(), destination)
        self._rows.insert(target, self._rows.pop(row_index))
        self.endMoveRows()
        self.structure_changed.emit()

    def refresh(self, key: str | None = None) -> None:
        """Redraw one column (or all), after something it shows changed elsewhere."""
        if not self._rows:
            return
        first = self._keys[key] if key else 0
        last = self._keys[key] if key else len(self.columns) - 1
        self.dataChanged.emit(self.index(0, first), self.index(len(self._rows) - 1, last))

    def refresh_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    # -- problems
    def set_problems(self, problems: Mapping[str, str]) -> None:
        """Mark the cells named by `problems` (path -> message) under this model's prefix."""
        cells: dict[tuple[int, str], str] = {}
        rows: dict[int, list[str]] = {}
        head = self.prefix + "["
        if self.prefix:
            for path, message in problems.items():
                if not path.startswith(head):
                    continue
                number, _, rest = path[len(head) :].partition("]")
                if not number.isdigit():
                    continue
                row = int(number)
                key = rest[1:] if rest.startswith(".") else rest
                if key in self._keys:
                    cells[(row, key)] = message
                rows.setdefault(row, []).append(f"{rest.lstrip('.') or 'row'}: {message}")
        if cells == self._cell_problems and rows == self._row_problems:
            return
        self._cell_problems, self._row_problems = cells, rows
        self.refresh()
        if self._rows:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._rows) - 1)

    def cell_problem(self, row: int, key: str) -> str | None:
        return self._cell_problems.get((row, key))

    def row_problems(self, row: int) -> list[str]:
        return self._row_problems.get(row, [])

    # -- Qt
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.columns):
                return None
            column = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.title
            if role == Qt.ItemDataRole.ToolTipRole:
                return column.tip or column.title
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        if role == Qt.ItemDataRole.DecorationRole and section in self._row_problems:
            return problem_icon()
        if role == Qt.ItemDataRole.ToolTipRole and section in self._row_problems:
            return "\n".join(self._row_problems[section])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].kind is Kind.COMPUTED:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.EditRole:
            return row.values.get(column.key)
        if role == OBJECT_ROLE:
            return row
        problem = self._cell_problems.get((index.row(), column.key))
        if role == Qt.ItemDataRole.ToolTipRole:
            if problem:
                return f"{column.title}: {problem}"
            text = self.display(row, column)
            return text if len(text) > column.chars else None
        if role == Qt.ItemDataRole.DecorationRole:
            return problem_icon() if problem else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return PROBLEM_BACKGROUND if problem else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if problem:
                return PROBLEM_FOREGROUND
            if column.kind is Kind.COMPUTED:
                return QColor("#49454f")
            return None
        if role == Qt.ItemDataRole.FontRole and column.kind is Kind.COMPUTED:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in (Kind.INT, Kind.NUMBER):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def display(self, row: Row, column: Column) -> str:
        if column.kind is Kind.COMPUTED:
            return column.compute(row) if column.compute else ""
        value = row.values.get(column.key)
        if isinstance(value, Invalid):
            return value.text
        if value is None:
            return "unknown" if column.kind is Kind.TRISTATE else ""
        kind = column.kind
        if kind in (Kind.DATE, Kind.OPT_DATE):
            return format_us_date(value)
        if kind in (Kind.ENUM, Kind.OPT_ENUM):
            return enum_label(value)
        if kind is Kind.TRISTATE:
            return tristate_label(value)
        if kind is Kind.PROVIDER:
            return self._context.provider_label(value) or value
        if kind is Kind.NUMBER:
            return format_number(value)
        return str(value)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self.columns[index.column()]
        if column.kind is Kind.COMPUTED:
            return False
        try:
            new = parse_cell(column, value, self._context.today())
        except ValueError:
            return False
        row = self._rows[index.row()]
        old = row.values.get(column.key)
        if new == old and type(new) is type(old):
            return False
        row.values[column.key] = new
        self.dataChanged.emit(index, index)
        if column.key == self._order_key:
            self._keep_order(index.row())
        self.edited.emit(self.row_of(row), column.key, old, new)
        return True

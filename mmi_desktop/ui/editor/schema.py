"""The lists of a case as editor rows: their columns, and the way rows become a Case again.

Building a case from rows collects a Problem for every cell that cannot be read (with the
case-format path) and puts a harmless stand-in there, so validate_case can still check the
rest and every problem shows at once.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from mmi_desktop.domain import fields as declared
from mmi_desktop.domain.errors import Problem
from mmi_desktop.domain.formatting import us_date as format_us_date
from mmi_desktop.domain.model import (
    CombineMethod,
    ProviderRole,
    ServiceMethod,
    TreatmentCategory,
    TreatmentStatus,
    Trend,
)
from mmi_desktop.ui.editor.rows import Column, Invalid, Kind, Row, enum_label

# A stand-in for a required date that cannot be read: before 1900, so the only rule it
# breaks is on its own path (already reported), and it never makes another date look early.
PLACEHOLDER_DATE = date.min


def _latest_status(row: Row) -> str:
    history = row.children.get("history") or []
    if not history:
        return "no status yet"
    last = history[-1].values
    status, day = last.get("status"), last.get("date")
    when = f" {format_us_date(day)}" if isinstance(day, date) else ""
    return f"{enum_label(status)}{when}" if status else ""


PROVIDER_COLUMNS = (
    Column(
        "id", "ID", Kind.REQUIRED, tip="Short id other lists use to name this provider", chars=8
    ),
    Column("name", "Name", Kind.REQUIRED, chars=26),
    Column("specialty", "Specialty", Kind.TEXT, chars=28, stretch=True),
    Column("role", "Role", Kind.ENUM, ProviderRole, chars=14),
)
TREATMENT_COLUMNS = (
    Column("id", "ID", Kind.REQUIRED, chars=4),
    Column("category", "Category", Kind.ENUM, TreatmentCategory, chars=10),
    Column("description", "Description", Kind.REQUIRED, chars=20, stretch=True),
    Column(
        "latest",
        "Latest status",
        Kind.COMPUTED,
        chars=24,
        compute=_latest_status,
        tip="The last entry of the status history (edit it below)",
    ),
    Column("body_part", "Body part", Kind.BODY_PART, chars=12),
    Column("provider", "Provider", Kind.PROVIDER, chars=17),
    Column("authorized_visits", "Auth.", Kind.INT, tip="Authorized visits", chars=4),
    Column("completed_visits", "Done", Kind.INT, tip="Completed visits", chars=4),
)
HISTORY_COLUMNS = (
    Column("date", "Date", Kind.DATE, chars=15),
    Column("status", "Status", Kind.ENUM, TreatmentStatus, chars=22, stretch=True),
    Column(
        "served",
        "Served",
        Kind.OPT_DATE,
        chars=15,
        tip="For a UR decision: the date it was served (the IMR window runs from service)",
    ),
    Column(
        "served_by",
        "Served by",
        Kind.OPT_ENUM,
        ServiceMethod,
        chars=12,
        tip="How the UR decision was served; empty with a date served: by mail",
    ),
)
VISIT_COLUMNS = (
    Column("date", "Date", Kind.DATE, chars=15),
    Column("provider", "Provider", Kind.PROVIDER, chars=20),
    Column("trend", "Trend", Kind.ENUM, Trend, chars=11),
    Column("note", "Note", Kind.TEXT, chars=30, stretch=True),
)
DECLARATION_COLUMNS = (
    Column("id", "ID", Kind.REQUIRED, chars=4),
    Column("date", "MMI date", Kind.DATE, chars=15),
    Column("provider", "Provider", Kind.PROVIDER, chars=17, stretch=True),
    Column(
        "report_date",
        "Report date",
        Kind.OPT_DATE,
        chars=15,
        tip="The date the report itself bears (an MMI date long before it is retroactive)",
    ),
    Column(
        "report_received",
        "Received",
        Kind.OPT_DATE,
        chars=15,
        tip="The date the report was received",
    ),
    Column(
        "future_medical",
        "Future med.",
        Kind.TRISTATE,
        chars=8,
        tip="Does the report provide for future medical care?",
    ),
    Column(
        "combine",
        "Ratings",
        Kind.ENUM,
        CombineMethod,
        chars=6,
        tip="Combine ratings with the CVC (default) or add them (needs a reason)",
    ),
    Column("combine_reason", "Reason to add", Kind.TEXT, chars=14),
    Column("pd_percent", "PD %", Kind.NUMBER, tip="Final permanent disability rating", chars=5),
)
IMPAIRMENT_COLUMNS = (
    Column("body_part", "Body part", Kind.BODY_PART, chars=14, stretch=True),
    Column(
        "impairment_number",
        "Impairment #",
        Kind.TEXT,
        chars=12,
        tip="PDRS impairment number, e.g. 15.03.01.00",
    ),
    Column("wpi", "WPI %", Kind.NUMBER, chars=5, tip="Whole person impairment"),
    Column(
        "final_rating",
        "Final %",
        Kind.NUMBER,
        chars=6,
        tip="Rating after occupation and age adjustment",
    ),
    Column(
        "apportionment_pct",
        "Apport. %",
        Kind.NUMBER,
        chars=7,
        tip="LC 4663: share caused by other factors (empty: not addressed)",
    ),
    Column(
        "pain_add_on",
        "Pain +",
        Kind.NUMBER,
        chars=5,
        tip="WPI added for pain: 0 to 3, whole numbers; at most 3 for the injury",
    ),
    Column(
        "prior_award_pct",
        "Prior award %",
        Kind.NUMBER,
        chars=8,
        tip="LC 4664: a prior PD award for the same part of the body, in points (subtracted)",
    ),
)
RESTRICTION_COLUMNS = (
    Column("text", "Restriction", Kind.REQUIRED, chars=30, stretch=True),
    Column("body_part", "Body part", Kind.BODY_PART, chars=14),
    Column("permanent", "Permanent", Kind.TRISTATE, chars=9),
)
TD_COLUMNS = (
    Column("start", "Start", Kind.DATE, chars=15),
    Column(
        "end",
        "End",
        Kind.OPT_DATE,
        chars=15,
        stretch=True,
        tip="Empty while the period is still open",
    ),
)


@dataclass(frozen=True)
class ListSpec:
    """One list of the case format and how its rows map to domain objects. The key, the
    class built, the item's name and the values kept on a row without a column come from
    the field declarations (domain/fields.py); the columns hold what only the editor decides
    (short headings, widths, tips, computed columns)."""

    field: declared.Field
    columns: tuple[Column, ...]
    children: tuple[ListSpec, ...] = ()

    def __post_init__(self) -> None:
        known = set(self.field.keys)
        stray = [c.key for c in self.columns if c.kind is not Kind.COMPUTED and c.key not in known]
        if stray:
            raise ValueError(f"columns {stray} of {self.key} are no field of the case format")

    @property
    def key(self) -> str:
        return self.field.key

    @property
    def make(self) -> type:
        assert self.field.record is not None
        return self.field.record

    @property
    def item(self) -> str:
        """One row's name: 'Treatment'."""
        return self.field.item

    def _uncolumned(self) -> list[declared.Field]:
        shown = {c.key for c in self.columns} | {c.key for c in self.children}
        return [f for f in self.field.fields if f.key not in shown]

    @property
    def extra(self) -> tuple[str, ...]:
        """Lists kept on the row that are no column (a declaration's body parts)."""
        return tuple(f.key for f in self._uncolumned() if f.kind is declared.Kind.TEXTS)

    @property
    def kept(self) -> tuple[str, ...]:
        """Single values kept on the row that are no column (an impairment's FEC factor, no
        longer asked for since the schedule gives the rank, kept as it was read)."""
        return tuple(f.key for f in self._uncolumned() if f.kind is not declared.Kind.TEXTS)


HISTORY = ListSpec(declared.HISTORY, HISTORY_COLUMNS)
IMPAIRMENTS = ListSpec(declared.IMPAIRMENTS, IMPAIRMENT_COLUMNS)
RESTRICTIONS = ListSpec(declared.RESTRICTIONS, RESTRICTION_COLUMNS)
PROVIDERS = ListSpec(declared.PROVIDERS, PROVIDER_COLUMNS)
TREATMENTS = ListSpec(declared.TREATMENTS, TREATMENT_COLUMNS, (HISTORY,))
VISITS = ListSpec(declared.VISITS, VISIT_COLUMNS)
DECLARATIONS = ListSpec(declared.DECLARATIONS, DECLARATION_COLUMNS, (IMPAIRMENTS, RESTRICTIONS))
TD_PERIODS = ListSpec(declared.TD_PERIODS, TD_COLUMNS)
LISTS = (PROVIDERS, TREATMENTS, VISITS, DECLARATIONS, TD_PERIODS)


def _stored_keys(spec: ListSpec) -> list[str]:
    columns = [c.key for c in spec.columns if c.kind is not Kind.COMPUTED]
    return columns + list(spec.extra) + list(spec.kept)


def rows_from_items(spec: ListSpec, items: list[Any]) -> list[Row]:
    """Rows holding copies of the items' values (the case passed in is never edited)."""
    keys = _stored_keys(spec)
    out = []
    for item in items:
        values = {}
        for key in keys:
            value = getattr(item, key)
            values[key] = list(value) if isinstance(value, list) else value
        children = {
            child.key: rows_from_items(child, getattr(item, child.key)) for child in spec.children
        }
        out.append(Row(values, children))
    return out


def items_from_rows(
    spec: ListSpec, rows: list[Row], prefix: str, problems: list[Problem]
) -> list[Any]:
    """Domain objects from rows; a cell that cannot be read adds a Problem and a stand-in."""
    names = {f.name for f in fields(spec.make)}
    columns = [c for c in spec.columns if c.kind is not Kind.COMPUTED]
    out = []
    for i, row in enumerate(rows):
        path = f"{prefix}[{i}]"
        kwargs: dict[str, Any] = {}
        for column in columns:
            value = row.values.get(column.key)
            if isinstance(value, Invalid):
                problems.append(Problem(f"{path}.{column.key}", value.reason))
                value = PLACEHOLDER_DATE if column.kind is Kind.DATE else None
            elif column.kind is Kind.DATE and value is None:
                problems.append(Problem(f"{path}.{column.key}", "is required"))
                value = PLACEHOLDER_DATE
            kwargs[column.key] = value
        for key in spec.extra:
            kwargs[key] = list(row.values.get(key) or [])
        for key in spec.kept:
            kwargs[key] = row.values.get(key)
        for child in spec.children:
            kwargs[child.key] = items_from_rows(
                child, row.children.get(child.key, []), f"{path}.{child.key}", problems
            )
        out.append(spec.make(**{k: v for k, v in kwargs.items() if k in names}))
    return out

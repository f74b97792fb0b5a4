"""The editor's list sections: providers, treatments with their status history, visits,
MMI declarations with impairments and restrictions, and temporary disability periods."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.model import (
    CombineMethod,
    ProviderRole,
    TreatmentCategory,
    TreatmentStatus,
    Trend,
)
from mmi_desktop.ui.editor.delegates import DelegateContext
from mmi_desktop.ui.editor.rating_fields import attach_impairment_picker
from mmi_desktop.ui.editor.rows import Row
from mmi_desktop.ui.editor.schema import (
    DECLARATION_COLUMNS,
    HISTORY_COLUMNS,
    IMPAIRMENT_COLUMNS,
    PROVIDER_COLUMNS,
    RESTRICTION_COLUMNS,
    TD_COLUMNS,
    TREATMENT_COLUMNS,
    VISIT_COLUMNS,
)
from mmi_desktop.ui.editor.tables import DetailLink, TablePanel
from mmi_desktop.ui.widgets import StringListEdit

_TITLES = {"dr", "dr.", "md", "m.d.", "do", "d.o.", "dc", "d.c.", "phd", "ph.d.", "np", "pa"}


class SectionContext(DelegateContext, Protocol):
    def providers_rows(self) -> list[Row]: ...


def next_id(letter: str, ids: Iterable[object]) -> str:
    """The next free id like t4 (one above the highest number used with that letter)."""
    numbers = [
        int(m[1]) for i in ids if isinstance(i, str) and (m := re.fullmatch(letter + r"(\d+)", i))
    ]
    return f"{letter}{max(numbers, default=0) + 1}"


def provider_slug(name: str, taken: Iterable[object]) -> str | None:
    """A short id from a provider's name: 'Dr. Ana Reyes' -> 'reyes' (then reyes2...)."""
    words = [w for w in re.split(r"[\s,]+", name.strip()) if w and w.lower() not in _TITLES]
    if not words:
        return None
    base = re.sub(r"[^a-z0-9]+", "-", words[-1].lower()).strip("-")
    if not base:
        return None
    used = {t for t in taken if isinstance(t, str)}
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}{n}", n + 1
    return slug


def _ids(rows: list[Row]) -> list[object]:
    return [r.values.get("id") for r in rows]


class ProvidersSection(QWidget):
    def __init__(self, context: SectionContext, undo: QUndoStack) -> None:
        super().__init__()
        self.panel = TablePanel(
            PROVIDER_COLUMNS,
            context,
            undo,
            noun="provider",
            add_text="&Add provider",
            remove_text="&Remove provider",
            new_row=self._new_row,
            first_edit_key="name",
        )
        hint = QLabel(
            "Treatments, visits and MMI declarations pick providers from this list. "
            "Changing an ID updates those references."
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(hint)

    def _new_row(self) -> tuple[int, Row]:
        rows = self.panel.model.rows
        has_ptp = any(r.values.get("role") is ProviderRole.PTP for r in rows)
        row = Row(
            {
                "id": next_id("p", _ids(rows)),
                "name": "",
                "specialty": None,
                "role": ProviderRole.SPECIALIST if has_ptp else ProviderRole.PTP,
            }
        )
        row.auto_id = True
        return len(rows), row


class TreatmentsSection(QWidget):
    def __init__(self, context: SectionContext, undo: QUndoStack) -> None:
        super().__init__()
        self._context = context
        self.panel = TablePanel(
            TREATMENT_COLUMNS,
            context,
            undo,
            noun="treatment",
            add_text="&Add treatment",
            remove_text="&Remove treatment",
            new_row=self._new_treatment,
            first_edit_key="category",
        )
        self.history = TablePanel(
            HISTORY_COLUMNS,
            context,
            undo,
            noun="status change",
            add_text="Add &status change",
            remove_text="Re&move status change",
            new_row=self._new_status,
            first_edit_key="date",
            title="Status history",
            order_key="date",
        )
        self.link = DetailLink(self.panel, self.history, "history", self._bound)
        self.history.model.edited.connect(lambda *_: self._refresh_parent())
        self.history.rows_changed.connect(self._refresh_parent)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.panel)
        splitter.addWidget(self.history)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _bound(self, row: Row | None) -> None:
        if row is None:
            self.history.title.setText("Status history (select a treatment)")
            return
        description = row.values.get("description") or ""
        index = self.panel.model.row_of(row)  # (by its number, not its id: issue 17)
        which = f"treatment {index + 1}" if index >= 0 else "the treatment"
        self.history.title.setText(f"Status history of {which}: {description}")

    def _refresh_parent(self) -> None:
        row = self.link.parent_row
        if row is not None:
            self.panel.model.refresh_row(self.panel.model.row_of(row))

    def _new_treatment(self) -> tuple[int, Row]:
        rows = self.panel.model.rows
        ptp = next(
            (
                r.values.get("id")
                for r in self._context.providers_rows()
                if r.values.get("role") is ProviderRole.PTP
            ),
            None,
        )
        row = Row(
            {
                "id": next_id("t", _ids(rows)),
                "category": TreatmentCategory.OTHER,
                "description": "",
                "body_part": None,
                "provider": ptp,
                "authorized_visits": None,
                "completed_visits": None,
            },
            {"history": []},
        )
        return len(rows), row

    def _new_status(self) -> tuple[int, Row]:
        rows = self.history.model.rows
        last = rows[-1].values.get("status") if rows else None
        row = Row({"date": self._context.today(), "status": last or TreatmentStatus.RECOMMENDED})
        return len(rows), row


class VisitsSection(QWidget):
    def __init__(self, context: SectionContext, undo: QUndoStack) -> None:
        super().__init__()
        self._context = context
        self.panel = TablePanel(
            VISIT_COLUMNS,
            context,
            undo,
            noun="visit",
            add_text="&Add visit",
            remove_text="&Remove visit",
            new_row=self._new_row,
            first_edit_key="date",
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)

    def _new_row(self) -> tuple[int, Row]:
        rows = self.panel.model.rows
        provider = (
            rows[-1].values.get("provider")
            if rows
            else next(
                (
                    r.values.get("id")
                    for r in self._context.providers_rows()
                    if r.values.get("role") is ProviderRole.PTP
                ),
                None,
            )
        )
        row = Row(
            {
                "date": self._context.today(),
                "provider": provider,
                "trend": Trend.UNKNOWN,
                "note": None,
            }
        )
        return len(rows), row


class DeclarationsSection(QWidget):
    def __init__(self, context: SectionContext, undo: QUndoStack) -> None:
        super().__init__()
        self._context = context
        self.panel = TablePanel(
            DECLARATION_COLUMNS,
            context,
            undo,
            noun="MMI declaration",
            add_text="&Add declaration",
            remove_text="&Remove declaration",
            new_row=self._new_row,
            first_edit_key="date",
        )
        self.impairments = TablePanel(
            IMPAIRMENT_COLUMNS,
            context,
            undo,
            noun="impairment",
            title="Impairments",
            add_text="Add &impairment",
            remove_text="Remove impairment",
            new_row=lambda: (
                len(self.impairments.model.rows),
                Row(
                    {
                        "body_part": None,
                        "impairment_number": None,
                        "wpi": None,
                        "final_rating": None,
                        "apportionment_pct": None,
                        "pain_add_on": None,
                        "prior_award_pct": None,
                        "fec_factor": None,
                    }
                ),
            ),
            first_edit_key="body_part",
        )
        self.find_number = attach_impairment_picker(self.impairments)
        self.restrictions = TablePanel(
            RESTRICTION_COLUMNS,
            context,
            undo,
            noun="restriction",
            title="Restrictions",
            add_text="Add res&triction",
            remove_text="Remove restriction",
            new_row=lambda: (
                len(self.restrictions.model.rows),
                Row({"text": "", "body_part": None, "permanent": None}),
            ),
            first_edit_key="text",
        )
        self.body_parts = StringListEdit("body part", compact=True)
        self.body_parts.setToolTip("The body parts the report found at MMI")
        self.body_parts.changed.connect(self._body_parts_edited)
        self._row: Row | None = None
        self.detail = QGroupBox("Selected declaration")
        parts_box = QVBoxLayout()
        parts_label = QLabel("Body parts found at MMI:")
        parts_label.setBuddy(self.body_parts.entry)
        parts_box.addWidget(parts_label)
        parts_box.addWidget(self.body_parts, 1)
        tables = QVBoxLayout()
        tables.addWidget(self.impairments, 1)
        tables.addWidget(self.restrictions, 1)
        detail_layout = QHBoxLayout(self.detail)
        detail_layout.addLayout(parts_box, 1)
        detail_layout.addLayout(tables, 3)
        self.impairments_link = DetailLink(self.panel, self.impairments, "impairments", self._bound)
        self.restrictions_link = DetailLink(self.panel, self.restrictions, "restrictions")

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.panel)
        splitter.addWidget(self.detail)
        self.panel.view.setMinimumHeight(
            self.panel.view.verticalHeader().defaultSectionSize() * 4 + 8
        )
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # The body parts covered are a list on the declaration row itself, not a child table.
    def _bound(self, row: Row | None) -> None:
        self._row = row
        self.body_parts.setEnabled(row is not None)
        values = list(row.values.get("body_parts") or []) if row is not None else []
        if values != self.body_parts.strings():
            self.body_parts.set_strings(values)
        self.body_parts.set_suggestions(self._context.body_part_choices())
        if row is None:
            self.detail.setTitle("Selected declaration (select one above)")
        else:
            self.detail.setTitle(f"Declaration {row.values.get('id')}")

    def _body_parts_edited(self) -> None:
        if self._row is not None:
            self._row.values["body_parts"] = self.body_parts.strings()
            self.panel.rows_changed.emit()

    def _new_row(self) -> tuple[int, Row]:
        rows = self.panel.model.rows
        row = Row(
            {
                "id": next_id("m", _ids(rows)),
                "date": self._context.today(),
                "provider": None,
                "report_received": None,
                "future_medical": None,
                "combine": CombineMethod.CVC,
                "combine_reason": None,
                "pd_percent": None,
                "body_parts": [],
            },
            {"impairments": [], "restrictions": []},
        )
        return len(rows), row


class TDSection(QWidget):
    def __init__(self, context: SectionContext, undo: QUndoStack) -> None:
        super().__init__()
        self._context = context
        self.panel = TablePanel(
            TD_COLUMNS,
            context,
            undo,
            noun="TD period",
            add_text="&Add TD period",
            remove_text="&Remove TD period",
            new_row=self._new_row,
            first_edit_key="start",
        )
        hint = QLabel(
            "Periods of temporary disability. Leave the end empty while a period is still open."
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.panel, 1)

    def _new_row(self) -> tuple[int, Row]:
        rows = self.panel.model.rows
        last_end = rows[-1].values.get("end") if rows else None
        if isinstance(last_end, date):
            start = last_end + timedelta(days=1)
        else:
            start = self._context.today()
        return len(rows), Row({"start": start, "end": None})

"""CaseEditor: every part of a case, editable, checked by the domain's rules as you type."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.casefile import validate_case
from mmi_desktop.domain.errors import Problem
from mmi_desktop.domain.formatting import us_date as format_us_date
from mmi_desktop.domain.model import (
    Address,
    Case,
    Claim,
    Client,
    InjuryType,
    Language,
    Resolution,
)
from mmi_desktop.ui.editor.forms import (
    ClaimSection,
    ClientSection,
    FormField,
    ListField,
    NotesSection,
)
from mmi_desktop.ui.editor.rows import Invalid, Row
from mmi_desktop.ui.editor.schema import (
    DECLARATIONS,
    LISTS,
    PLACEHOLDER_DATE,
    PROVIDERS,
    TD_PERIODS,
    TREATMENTS,
    VISITS,
    ListSpec,
    items_from_rows,
    rows_from_items,
)
from mmi_desktop.ui.editor.sections import (
    DeclarationsSection,
    ProvidersSection,
    TDSection,
    TreatmentsSection,
    VisitsSection,
    provider_slug,
)
from mmi_desktop.ui.editor.tables import TablePanel
from mmi_desktop.ui.widgets import PROBLEM_STYLE, problem_icon

CLIENT, CLAIM, PROVIDERS_S, TREATMENTS_S, VISITS_S, DECLARATIONS_S, TD_S, NOTES = (
    "Client",
    "Claim",
    "Providers",
    "Treatments",
    "Visits",
    "MMI declarations",
    "Temporary disability",
    "Notes",
)
SECTIONS = (CLIENT, CLAIM, PROVIDERS_S, TREATMENTS_S, VISITS_S, DECLARATIONS_S, TD_S, NOTES)
_SECTION_OF = {
    "client": CLIENT,
    "claim": CLAIM,
    "resolution": CLAIM,
    "providers": PROVIDERS_S,
    "treatments": TREATMENTS_S,
    "visits": VISITS_S,
    "mmi_declarations": DECLARATIONS_S,
    "temporary_disability": TD_S,
    "notes": NOTES,
}
# Tab labels short enough for the case pane of the main window; the tooltip has the name.
_TAB_LABELS = {DECLARATIONS_S: "MMI", TD_S: "TD periods"}
ITEM_KINDS = ("provider", "treatment", "visit", "declaration", "td_period", "body_part")
_ADDRESS = ("line1", "line2", "city", "state", "zip")
_RESOLUTION = ("kind", "signed", "approved", "amount", "future_medical_open")
_TOKEN = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _frozen(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def us_dates(text: str) -> str:
    """Dates inside a domain message shown the office's way: 2024-06-12 -> 06/12/2024."""
    return _ISO.sub(lambda m: f"{m[2]}/{m[3]}/{m[1]}", text)


class CaseEditor(QWidget):
    """Edits one case: client, claim, providers, treatments, visits, MMI declarations,
    temporary disability and notes. Problems are shown as you type, on the field and in a
    list at the bottom; the rules are the domain's (validate_case)."""

    changed = Signal()
    dirty_changed = Signal(bool)

    def __init__(
        self, parent: QWidget | None = None, today: Callable[[], date] | None = None
    ) -> None:
        super().__init__(parent)
        self._today = today or date.today
        self.undo_stack = QUndoStack(self)  # row removals; wire Edit > Undo to it
        self._loading = False
        self._dirty = False
        self._baseline: object = None
        self._had_address = False
        self._problems: list[Problem] = []
        self._problem_map: dict[str, str] = {}
        self._auto_id = False
        self.setStyleSheet(PROBLEM_STYLE)

        # Sections as tabs across the top: the tables need the width more than a side list.
        self.nav = QTabBar(self)
        self.nav.setDocumentMode(True)
        self.nav.setExpanding(False)
        self.nav.setUsesScrollButtons(True)
        self.nav.setIconSize(QSize(14, 14))
        self.nav.setAccessibleName("Sections")
        self.stack = QStackedWidget(self)
        self.client_section = ClientSection(self._today)
        self.claim_section = ClaimSection(self._today)
        self.providers_section = ProvidersSection(self, self.undo_stack)
        self.treatments_section = TreatmentsSection(self, self.undo_stack)
        self.visits_section = VisitsSection(self, self.undo_stack)
        self.declarations_section = DeclarationsSection(self, self.undo_stack)
        self.td_section = TDSection(self, self.undo_stack)
        self.notes_section = NotesSection()
        pages: list[QWidget] = [
            self.client_section,
            self.claim_section,
            self.providers_section,
            self.treatments_section,
            self.visits_section,
            self.declarations_section,
            self.td_section,
            self.notes_section,
        ]
        for name, page in zip(SECTIONS, pages, strict=True):
            if page in (self.client_section, self.claim_section):
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setFrameShape(QFrame.Shape.NoFrame)
                scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                scroll.setWidget(page)
                page = scroll
            self.stack.addWidget(page)
            self.nav.addTab(_TAB_LABELS.get(name, name))
            self.nav.setTabToolTip(self.nav.count() - 1, name)
        self.nav.currentChanged.connect(self.stack.setCurrentIndex)

        self.problems_title = QLabel(self)
        self.problems_list = QListWidget(self)
        self.problems_list.setAccessibleName("Problems")
        self.problems_list.setToolTip("Double-click or press Enter to go to the field")
        self.problems_list.setMaximumHeight(self.problems_list.fontMetrics().height() * 6 + 12)
        self.problems_list.itemActivated.connect(
            lambda item: self.go_to_path(item.data(Qt.ItemDataRole.UserRole))
        )
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        bottom_layout.addWidget(self.problems_title)
        bottom_layout.addWidget(self.problems_list)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(0)
        top_layout.addWidget(self.nav)
        top_layout.addWidget(self.stack, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self._fields: dict[str, FormField] = {}
        for section in (self.client_section, self.claim_section, self.notes_section):
            for field in section.fields:
                self._fields[field.path] = field
                field.connect(self._edited)
        self.claim_section.body_parts.connect(self._claim_body_parts_edited)

        self._panels: dict[str, TablePanel] = {
            PROVIDERS.key: self.providers_section.panel,
            TREATMENTS.key: self.treatments_section.panel,
            VISITS.key: self.visits_section.panel,
            DECLARATIONS.key: self.declarations_section.panel,
            TD_PERIODS.key: self.td_section.panel,
        }
        self._child_panels: dict[tuple[str, str], TablePanel] = {
            ("treatments", "history"): self.treatments_section.history,
            ("mmi_declarations", "impairments"): self.declarations_section.impairments,
            ("mmi_declarations", "restrictions"): self.declarations_section.restrictions,
        }
        for panel in [*self._panels.values(), *self._child_panels.values()]:
            panel.model.edited.connect(
                lambda row, key, old, new, p=panel: self._cell_edited(p, row, key, old, new)
            )
            panel.rows_changed.connect(self._edited)

        self.nav.setCurrentIndex(0)
        self.load(None)

    # ------------------------------------------------------------------ context for cells
    def today(self) -> date:
        return self._today()

    def providers_rows(self) -> list[Row]:
        return self.providers_section.panel.model.rows

    def provider_label(self, provider_id: str) -> str | None:
        row = next((r for r in self.providers_rows() if r.values.get("id") == provider_id), None)
        return (row.values.get("name") or provider_id) if row is not None else None

    def provider_choices(self) -> list[tuple[str, str]]:
        out = []
        for row in self.providers_rows():
            pid = row.values.get("id")
            if pid:
                out.append((pid, f"{row.values.get('name') or '(no name)'} ({pid})"))
        return out

    def body_part_choices(self) -> list[str]:
        seen: dict[str, None] = {}
        for part in self.claim_section.body_parts.read():
            if part.strip():
                seen.setdefault(part.strip(), None)
        return list(seen)

    def problem_map(self) -> Mapping[str, str]:
        return self._problem_map

    # ------------------------------------------------------------------ API
    def load(self, case: Case | None) -> None:
        """Show `case` (None: a new blank case); it becomes the clean state."""
        self._loading = True
        try:
            self.undo_stack.clear()
            values = self._form_values(case)
            for path, field in self._fields.items():
                field.write(values.get(path))
            self._had_address = case is not None and case.client.address is not None
            for spec in LISTS:
                items = getattr(case, spec.key) if case is not None else []
                self._panels[spec.key].set_rows(rows_from_items(spec, items), spec.key)
            for panel in self._panels.values():
                if panel.model.rowCount():
                    panel.select_rows([0], focus=False)
            self.treatments_section.link.rebind()
            self.declarations_section.impairments_link.rebind()
            self.declarations_section.restrictions_link.rebind()
        finally:
            self._loading = False
        self._revalidate()
        self._baseline = self._snapshot()
        self._set_dirty(False)

    def current_case(self) -> Case | None:
        """The case as entered; None while some field cannot be read (see problems())."""
        case, parse_problems = self._build()
        return None if parse_problems else case

    def problems(self) -> list[Problem]:
        """Every problem: fields that cannot be read, then the rules the case breaks."""
        case, parse_problems = self._build()
        unreadable = {p.path for p in parse_problems}
        rules = [p for p in validate_case(case, self._today()) if p.path not in unreadable]
        return parse_problems + rules

    def is_dirty(self) -> bool:
        return self._dirty

    def mark_clean(self) -> None:
        """The state on screen is saved: it becomes the baseline for is_dirty()."""
        self._baseline = self._snapshot()
        self._set_dirty(False)

    def field_widget(self, path: str) -> QWidget | None:
        """The input of a form field by its case-format path (`claim.date_of_injury`)."""
        field = self._fields.get(path)
        return field.widget if field is not None else None

    def table(self, path: str) -> TablePanel | None:
        """The table of a list by its key (`visits`) or child key (`treatments.history`)."""
        if path in self._panels:
            return self._panels[path]
        parent, _, child = path.partition(".")
        return self._child_panels.get((parent, child))

    def section_names(self) -> list[str]:
        return list(SECTIONS)

    def current_section(self) -> str:
        return SECTIONS[self.stack.currentIndex()]

    def show_section(self, name: str) -> None:
        if name not in SECTIONS:
            raise ValueError(f"no editor section {name!r}; sections: {', '.join(SECTIONS)}")
        self.nav.setCurrentIndex(SECTIONS.index(name))

    def select_item(self, kind: str, item_id: str) -> None:
        """Show the section of an item and select its row (visits by ISO date, TD periods by
        ISO start date, body parts by name). Also 'claim' with a claim field name."""
        if kind == "body_part":
            self.show_section(CLAIM)
            self.claim_section.body_parts.widget.select_string(item_id)
            self.claim_section.body_parts.widget.list.setFocus()
            return
        if kind == "claim":
            self.show_section(CLAIM)
            field = self._fields.get(f"claim.{item_id}")
            if field is not None:
                field.focus()
            return
        targets = {
            "provider": (PROVIDERS_S, PROVIDERS.key, "id"),
            "treatment": (TREATMENTS_S, TREATMENTS.key, "id"),
            "declaration": (DECLARATIONS_S, DECLARATIONS.key, "id"),
            "visit": (VISITS_S, VISITS.key, "date"),
            "td_period": (TD_S, TD_PERIODS.key, "start"),
        }
        if kind not in targets:
            raise ValueError(f"unknown item kind {kind!r}; kinds: {', '.join(ITEM_KINDS)}")
        section, key, field_name = targets[kind]
        self.show_section(section)
        panel = self._panels[key]
        rows = [
            i
            for i, row in enumerate(panel.model.rows)
            if _item_key(row.values.get(field_name)) == item_id
        ]
        panel.select_rows(rows)

    # ------------------------------------------------------------------ building the case
    def _form_values(self, case: Case | None) -> dict[str, Any]:
        if case is None:
            return {
                "client.language": Language.EN,
                "claim.injury_type": InjuryType.SPECIFIC,
                "claim.represented": True,
                "claim.body_parts": [],
            }
        c, cl = case.client, case.claim
        values: dict[str, Any] = {
            f"client.{k}": getattr(c, k)
            for k in ("first_name", "last_name", "date_of_birth", "language", "phone", "email")
        }
        for k in _ADDRESS:
            values[f"client.address.{k}"] = getattr(c.address, k) if c.address else None
        for path in self._fields:
            if path.startswith("claim."):
                values[path] = getattr(cl, path.removeprefix("claim."))
        values["notes"] = case.notes
        resolution = case.resolution
        for key in _RESOLUTION:
            values[f"resolution.{key}"] = getattr(resolution, key) if resolution else None
        return values

    def _build(self) -> tuple[Case, list[Problem]]:
        problems: list[Problem] = []

        def get(path: str, placeholder: Any = None) -> Any:
            value = self._fields[path].read()
            if isinstance(value, Invalid):
                problems.append(Problem(path, value.reason))
                return placeholder
            return value

        address_parts = {k: get(f"client.address.{k}") for k in _ADDRESS}
        address = None
        if self._had_address or any(v is not None for v in address_parts.values()):
            address = Address(**address_parts)
        client = Client(
            first_name=get("client.first_name"),
            last_name=get("client.last_name"),
            date_of_birth=get("client.date_of_birth"),
            language=get("client.language"),
            phone=get("client.phone"),
            email=get("client.email"),
            address=address,
        )
        # Every claim field of the form, by its path (a new claim key needs only its field).
        claim_values = {
            path.removeprefix("claim."): get(path)
            for path in self._fields
            if path.startswith("claim.") and path != "claim.date_of_injury"
        }
        claim_values["body_parts"] = list(claim_values["body_parts"])
        claim = Claim(
            date_of_injury=get("claim.date_of_injury", PLACEHOLDER_DATE), **claim_values
        )
        lists = {
            spec.key: items_from_rows(spec, self._panels[spec.key].model.rows, spec.key, problems)
            for spec in LISTS
        }
        settled = {key: get(f"resolution.{key}") for key in _RESOLUTION}
        resolution = None
        if settled["kind"] is not None:
            resolution = Resolution(**settled)
        elif any(v is not None for v in settled.values()):
            problems.append(Problem("resolution.kind", "is required to record a settlement"))
        case = Case(
            client=client, claim=claim, notes=get("notes"), resolution=resolution, **lists
        )
        return case, problems

    def _snapshot(self) -> object:
        fields = tuple((path, _frozen(f.read())) for path, f in self._fields.items())
        lists = tuple(
            tuple(row.freeze() for row in self._panels[spec.key].model.rows) for spec in LISTS
        )
        return fields, lists

    # ------------------------------------------------------------------ reacting to edits
    def _edited(self) -> None:
        if self._loading:
            return
        self._revalidate()
        self.changed.emit()
        self._set_dirty(self._snapshot() != self._baseline)

    def _claim_body_parts_edited(self) -> None:
        if not self._loading:
            self.declarations_section.body_parts.set_suggestions(self.body_part_choices())

    def _cell_edited(self, panel: TablePanel, row: int, key: str, old: Any, new: Any) -> None:
        if panel is self._panels[PROVIDERS.key] and not self._loading:
            self._provider_edited(row, key, old, new)
        self._edited()

    def _provider_edited(self, row: int, key: str, old: Any, new: Any) -> None:
        panel = self._panels[PROVIDERS.key]
        provider = panel.model.rows[row]
        if key == "id":
            if not self._auto_id:
                provider.auto_id = False
            still_there = any(r.values.get("id") == old for r in panel.model.rows)
            if isinstance(old, str) and old and not still_there:
                self._rename_provider_references(old, new)
        elif key == "name":
            if provider.auto_id:
                others = [r.values.get("id") for r in panel.model.rows if r is not provider]
                slug = provider_slug(new or "", others)
                if slug and slug != provider.values.get("id"):
                    self._auto_id = True
                    try:
                        panel.model.setData(panel.index(row, "id"), slug)
                    finally:
                        self._auto_id = False
            for other in self._provider_panels():
                other.model.refresh("provider")

    def _provider_panels(self) -> list[TablePanel]:
        return [
            self._panels[TREATMENTS.key],
            self._panels[VISITS.key],
            self._panels[DECLARATIONS.key],
        ]

    def _rename_provider_references(self, old: str, new: Any) -> None:
        for other in self._provider_panels():
            for row in other.model.rows:
                if row.values.get("provider") == old:
                    row.values["provider"] = new or None
            other.model.refresh("provider")

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    # ------------------------------------------------------------------ showing problems
    def _revalidate(self) -> None:
        problems = self.problems()
        if problems == self._problems and not self._loading:
            return
        self._problems = problems
        merged: dict[str, str] = {}
        for p in problems:
            message = us_dates(p.message)
            merged[p.path] = f"{merged[p.path]}; {message}" if p.path in merged else message
        self._problem_map = merged
        for path, field in self._fields.items():
            field.mark(merged.get(path))
            if isinstance(field, ListField):
                head = path + "["
                field.mark_items(
                    {
                        int(p[len(head) : -1]): m
                        for p, m in merged.items()
                        if p.startswith(head) and p.endswith("]") and p[len(head) : -1].isdigit()
                    }
                )
        for panel in [*self._panels.values(), *self._child_panels.values()]:
            panel.model.set_problems(merged)
        self._show_problem_list(problems)

    def _show_problem_list(self, problems: list[Problem]) -> None:
        counts = dict.fromkeys(SECTIONS, 0)
        self.problems_list.clear()
        for p in problems:
            section = _SECTION_OF.get(_TOKEN.match(p.path)[1] if _TOKEN.match(p.path) else "")
            if section:
                counts[section] += 1
            item = QListWidgetItem(
                problem_icon(), f"{self.describe_path(p.path)}: {us_dates(p.message)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, p.path)
            self.problems_list.addItem(item)
        for i, name in enumerate(SECTIONS):
            n = counts[name]
            label = _TAB_LABELS.get(name, name)
            self.nav.setTabText(i, f"{label} ({n})" if n else label)
            self.nav.setTabIcon(i, problem_icon() if n else QIcon())
            self.nav.setTabToolTip(i, f"{name}: {n} problem{'s' if n != 1 else ''}" if n else name)
        total = len(problems)
        if total:
            self.problems_title.setText(
                f"<b>{total} problem{'s' if total != 1 else ''}</b> — double-click one to go to it"
            )
        else:
            self.problems_title.setText("No problems found.")
        self.problems_list.setVisible(bool(total))

    def describe_path(self, path: str) -> str:
        """A person's name for a case-format path: 'Treatment t2 › Status change 3 › Date'."""
        field = self._fields.get(path)
        if field is not None:
            return field.label
        tokens = _TOKEN.findall(path)
        if not tokens:
            return path
        if tokens[0][0] == "claim" and len(tokens) == 2 and tokens[1][0] == "body_parts":
            return f"Body part {int(tokens[1][1]) + 1}" if tokens[1][1] else "Body parts"
        if tokens[0][0] in ("client", "claim"):
            field_path = ".".join(t[0] for t in tokens)
            if field_path in self._fields:
                return self._fields[field_path].label
            return tokens[-1][0].replace("_", " ").capitalize()
        spec = next((s for s in LISTS if s.key == tokens[0][0]), None)
        if spec is None or not tokens[0][1]:
            return path
        rows: list[Row] = self._panels[spec.key].model.rows
        parts: list[str] = []
        row: Row | None = None
        for name, index in tokens:
            child = (
                spec
                if (not parts and name == spec.key)
                else next((c for c in spec.children if c.key == name), None)
            )
            if child is not None and index:
                if parts:
                    rows = row.children.get(name, []) if row is not None else []
                i = int(index)
                row = rows[i] if i < len(rows) else None
                parts.append(_item_name(child, row, i))
                spec = child
                continue
            column = next((c for c in spec.columns if c.key == name), None)
            parts.append(column.title if column else name.replace("_", " ").capitalize())
        return " › ".join(parts)

    def go_to_path(self, path: str) -> None:
        """Show the field or cell of a problem path and put the cursor there."""
        tokens = _TOKEN.findall(path)
        if not tokens or tokens[0][0] not in _SECTION_OF:
            return
        self.show_section(_SECTION_OF[tokens[0][0]])
        field = self._fields.get(path)
        if field is not None:
            field.focus()
            return
        if tokens[0][0] == "claim" and len(tokens) > 1 and tokens[1][0] == "body_parts":
            widget = self.claim_section.body_parts.widget
            if tokens[1][1]:
                widget.list.setCurrentRow(int(tokens[1][1]))
            widget.list.setFocus()
            return
        panel = self._panels.get(tokens[0][0])
        if panel is None or not tokens[0][1]:
            return
        row = int(tokens[0][1])
        key = tokens[1][0] if len(tokens) > 1 and not tokens[1][1] else None
        panel.select_rows([row], key if key in _column_keys(panel) else None)
        if len(tokens) > 1 and tokens[1][1]:
            child = self._child_panels.get((tokens[0][0], tokens[1][0]))
            if child is not None:
                child_key = tokens[2][0] if len(tokens) > 2 else None
                child.select_rows(
                    [int(tokens[1][1])], child_key if child_key in _column_keys(child) else None
                )

    # ------------------------------------------------------------------ keys
    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Reached from tables and buttons (text fields keep their own undo).
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo_stack.undo()
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Redo):
            self.undo_stack.redo()
            event.accept()
            return
        super().keyPressEvent(event)


def _item_key(value: object) -> str | None:
    if isinstance(value, date):
        return value.isoformat()
    return value if isinstance(value, str) else None


def _column_keys(panel: TablePanel) -> set[str]:
    return {c.key for c in panel.model.columns}


def _item_name(spec: ListSpec, row: Row | None, index: int) -> str:
    number = index + 1
    if row is None:
        return f"{spec.item} {number}"
    v = row.values
    # Items by their number and what a person wrote, never by their ids (issue 17).
    if spec.key == "providers":
        name = v.get("name") or ""
        return f"Provider {number}" + (f" ({name})" if name else "")
    if spec.key == "treatments":
        description = v.get("description") or ""
        short = description if len(description) <= 28 else description[:27] + "…"
        return f"Treatment {number}" + (f" ({short})" if short else "")
    if spec.key == "visits":
        day = v.get("date")
        return f"Visit of {format_us_date(day)}" if isinstance(day, date) else f"Visit {number}"
    if spec.key == "mmi_declarations":
        return f"MMI declaration {number}"
    if spec.key == "temporary_disability":
        start = v.get("start")
        return (
            f"TD period from {format_us_date(start)}"
            if isinstance(start, date)
            else f"TD period {number}"
        )
    return f"{spec.item} {number}"

"""The open case's pane: its header (who, date of injury, stage), the Save/Revert bar, and
the tabs (Overview with the analysis, Edit, Timeline, Letter, History)."""

from __future__ import annotations

import html
import json
from datetime import UTC, date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.domain.fields import label
from mmi_desktop.domain.model import Case, Language, TreatmentStatus
from mmi_desktop.domain.stage import stage_of
from mmi_desktop.store.records import CaseSummary
from mmi_desktop.ui.case_list import us_date

if TYPE_CHECKING:
    from mmi_desktop.ui.analysis_panel import AnalysisPanel
    from mmi_desktop.ui.editor import CaseEditor
    from mmi_desktop.ui.timeline import TimelineView


_CLOSED_STATUSES = {
    TreatmentStatus.COMPLETED,
    TreatmentStatus.CANCELLED,
    TreatmentStatus.DECLINED,
    TreatmentStatus.IMR_UPHELD,
}
_LANGUAGES = {Language.EN: "English", Language.ES: "Spanish"}



def summary_of(case_id: int, case: Case) -> CaseSummary:
    """The list row of a case just saved, without reading the list again."""
    c, cl = case.client, case.claim
    return CaseSummary(
        case_id,
        c.first_name,
        c.last_name,
        cl.date_of_injury,
        cl.claim_number,
        cl.adj_number,
        cl.employer,
        c.language.value,
        stage_of(case),
    )


# ----------------------------------------------------------------------------- the open case


class CaseHeader(QFrame):
    """Who, date of injury and stage: what a caseworker checks first about the open case."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseHeader")
        self._name = ""
        self.name = QLabel(self)
        self.name.setObjectName("caseHeaderName")
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Long names and employers may not widen the pane (that would squeeze the list):
        # the name is cut, the facts wrap.
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.name.setMinimumWidth(120)
        self.facts = QLabel(self)
        self.facts.setObjectName("caseHeaderFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The analysis issue puts the flag count and the nearest deadline here.
        self.attention = QLabel(self)
        self.attention.setObjectName("caseHeaderAttention")
        self.attention.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        layout.addWidget(self.name)
        layout.addWidget(self.facts)
        layout.addWidget(self.attention)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_name()

    def _show_name(self) -> None:
        """The name, cut with an ellipsis when the pane is narrower than it."""
        width = max(40, self.name.width())
        self.name.setText(
            self.name.fontMetrics().elidedText(self._name, Qt.TextElideMode.ElideRight, width)
        )

    def set_case(self, case: Case | None, new: bool = False) -> None:
        if case is None:
            self._name = "New case" if new else ""
            self._show_name()
            self.facts.setText(
                "Not saved yet: fill in the Edit tab, then Save (Ctrl+S)." if new else ""
            )
            return
        self._name = case.client.full_name + ("  (new, not saved yet)" if new else "")
        self.name.setToolTip(case.client.full_name)
        self._show_name()
        cl = case.claim
        parts = [f"DOI {us_date(cl.date_of_injury)}", str(stage_of(case).value)]
        if cl.claim_number:
            parts.append(f"Claim # {cl.claim_number}")
        if cl.adj_number:
            parts.append(cl.adj_number)
        self.facts.setText("  ·  ".join(parts))
        self.facts.setToolTip(cl.employer or "")


def _row(label: str, value: object) -> str:
    if value is None or value == "" or value == []:
        shown = '<span style="color:#777">not known</span>'
    else:
        shown = html.escape(str(value))
    return (
        f"<tr><td style='padding:2px 16px 2px 0; color:#555'>{html.escape(label)}</td>"
        f"<td style='padding:2px 0'>{shown}</td></tr>"
    )


def _heading(text: str) -> str:
    return (
        f"<tr><td colspan='2' style='padding:14px 0 4px 0'><b style='font-size:large'>"
        f"{html.escape(text)}</b></td></tr>"
    )


def overview_html(case: Case) -> str:
    """The key facts of a case, as the Overview tab shows them."""
    c, cl = case.client, case.claim
    address = None
    if c.address:
        a = c.address
        city = " ".join(x for x in (f"{a.city}," if a.city else None, a.state, a.zip) if x)
        address = ", ".join(x for x in (a.line1, a.line2, city) if x) or None
    wage = f"${cl.average_weekly_wage:,.2f}" if cl.average_weekly_wage is not None else None
    occupation = cl.occupation
    if occupation and cl.occupational_group:
        occupation = f"{occupation} (group {cl.occupational_group})"
    out = [
        "<table>",
        _heading("Client"),
        _row("Name", c.full_name),
        _row("Date of birth", us_date(c.date_of_birth) or None),
        _row("Language", _LANGUAGES.get(c.language, c.language.value)),
        _row("Phone", c.phone),
        _row("Email", c.email),
        _row("Address", address),
        _heading("Claim"),
        _row("Date of injury", f"{us_date(cl.date_of_injury)} ({cl.injury_type.value})"),
        _row("Claim #", cl.claim_number),
        _row("ADJ #", cl.adj_number),
        _row("Employer", cl.employer),
        _row("Claims administrator", cl.claims_administrator),
        _row("Occupation", occupation),
        _row("Average weekly wage", wage),
        _row("Represented", "yes" if cl.represented else "no"),
        _row("Body parts", ", ".join(cl.body_parts)),
        _heading("Where the case stands"),
        _row("Stage", stage_of(case).value),
    ]
    latest = case.latest_declaration()
    if latest is not None:
        provider = case.provider(latest.provider)
        by = f" by {provider.name} ({provider.role.value})" if provider else ""
        out.append(_row("Latest MMI declaration", f"{us_date(latest.date)}{by}"))
        if latest.report_received:
            out.append(_row("Report received", us_date(latest.report_received)))
        wpis = [
            f"{i.body_part or '?'} {i.wpi}% WPI" for i in latest.impairments if i.wpi is not None
        ]
        if wpis:
            out.append(_row("Impairment", "; ".join(wpis)))
        if latest.pd_percent is not None:
            out.append(_row("PD rating", f"{latest.pd_percent}%"))
        if latest.future_medical is not None:
            out.append(_row("Future medical", "yes" if latest.future_medical else "no"))
    today = date.today()
    open_items = []
    for t in case.treatments:
        status = t.status_on(today)
        if status is not None and status.status not in _CLOSED_STATUSES:
            label = status.status.value.replace("_", " ")
            open_items.append(f"{t.description}: {label} since {us_date(status.date)}")
    out.append(_row("Open treatment", "; ".join(open_items) or "none"))
    if case.temporary_disability:
        spans = [
            f"{us_date(p.start)} – {us_date(p.end) if p.end else 'ongoing'}"
            for p in case.temporary_disability
        ]
        out.append(_row("Temporary disability", "; ".join(spans)))
    if case.providers:
        out.append(_heading("Providers"))
        for p in case.providers:
            detail = p.role.value + (f", {p.specialty}" if p.specialty else "")
            out.append(_row(p.name, detail))
    out.append("</table>")
    if case.notes:
        out.append(f"<h3>Notes</h3><p>{html.escape(case.notes).replace(chr(10), '<br>')}</p>")
    return "".join(out)


def _audit_json(text: str | None) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def _audit_value(text: str | None) -> str:
    if text is None:
        return ""
    try:
        value = json.loads(text)
    except ValueError:
        value = text
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 80 else shown[:77] + "…"


class HistoryView(QTreeWidget):
    """The audit log of one case: when, who, which field, old → new."""

    ACTIONS = {"create": "created", "import": "imported", "update": "changed", "delete": "deleted",
               "replace": "replaced from a file", "dismiss_flag": "flag dismissed",
               "restore_flag": "flag restored"}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseHistory")
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setHeaderLabels(["When", "Who", "What", "Field", "Old → new"])
        for col, width in enumerate((125, 80, 70, 210)):
            self.setColumnWidth(col, width)

    def set_rows(self, rows: list[Any]) -> None:
        self.clear()
        items = []
        for r in reversed(rows):  # newest first
            when = r.at.replace(tzinfo=UTC).astimezone().strftime("%m/%d/%Y %H:%M")
            what = self.ACTIONS.get(r.action, r.action)
            if r.action == "update":
                change = (
                    f"{_audit_value(r.old_value) or '(empty)'} → "
                    f"{_audit_value(r.new_value) or '(empty)'}"
                )
            elif r.action in ("dismiss_flag", "restore_flag"):
                given = _audit_json(r.new_value if r.action == "dismiss_flag" else r.old_value)
                change = str(given.get("reason", "")) if isinstance(given, dict) else ""
            else:
                change = ""
            # A changed field by its name ("Treatment 1 › Status"); its path in the tooltip.
            field = label(r.path) if r.action == "update" and r.path else (
                r.path or "(whole case)")
            item = QTreeWidgetItem([when, r.os_user, what, field, change])
            item.setToolTip(3, r.path or "")
            item.setToolTip(4, change)
            items.append(item)
        self.addTopLevelItems(items)


class CasePane(QWidget):
    """The open case: header, Save/Revert bar, and the tabs."""

    def __init__(
        self,
        editor: CaseEditor,
        timeline: TimelineView,
        analysis_panel: AnalysisPanel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.header = CaseHeader(self)
        self.editor = editor
        self.timeline = timeline
        self.analysis_panel = analysis_panel

        self.dirty_label = QLabel("", self)
        self.dirty_label.setObjectName("dirtyLabel")
        self.dirty_label.setStyleSheet("font-style: italic;")
        self.dirty_label.setMinimumWidth(
            self.dirty_label.fontMetrics().horizontalAdvance("Unsaved changes") + 12
        )
        self.save_button = QPushButton("Save", self)
        self.save_button.setToolTip("Save the case (Ctrl+S)")
        self.revert_button = QPushButton("Revert", self)
        self.revert_button.setToolTip("Discard the changes made since the last save")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.header, 1)
        bar.addWidget(self.dirty_label)
        bar.addWidget(self.revert_button)
        bar.addWidget(self.save_button)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("caseTabs")
        self.tabs.setDocumentMode(True)
        self.overview_page = QWidget(self)
        overview_layout = QVBoxLayout(self.overview_page)
        overview_layout.setContentsMargins(0, 0, 0, 0)
        # The analysis (flags, money, deadlines) above the facts.
        overview_layout.addWidget(analysis_panel, 2)
        self.overview = QTextBrowser(self.overview_page)
        self.overview.setObjectName("caseOverview")
        self.overview.setOpenLinks(False)
        overview_layout.addWidget(self.overview, 1)
        from mmi_desktop.ui.letter_tab import LetterTab

        self.letter_page = LetterTab(self)
        self.history = HistoryView(self)

        self.tabs.addTab(self.overview_page, "Overview")
        self.tabs.addTab(self.editor, "Edit")
        self.tabs.addTab(self.timeline, "Timeline")
        self.tabs.addTab(self.letter_page, "Letter")
        self.tabs.addTab(self.history, "History")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

    def show_analysis(self, case: Case, analysis: Any, dismissed: dict[str, Any],
                      as_of: date, warning_days: int) -> None:
        """The open case's analysis in the panel and the header's flag and deadline line."""
        from mmi_desktop.ui.analysis_panel import attention_html

        self.analysis_panel.set_result(case, analysis, dismissed, as_of, warning_days)
        self.header.attention.setText(
            attention_html(analysis, set(dismissed), as_of, warning_days))
        self.header.attention.show()


def evidence_marks(analysis: Any, dismissed: dict[str, Any]) -> dict[str, Any]:
    """Which timeline items the open flags point at, each with its flag's severity (the most
    severe flag wins)."""
    from mmi_desktop.domain.evidence import evidence_target

    return {
        evidence_target(ref)[1]: flag.severity
        for flag in reversed(analysis.flags)  # the most severe flag last: it wins
        if flag.key not in dismissed
        for ref in flag.evidence
    }

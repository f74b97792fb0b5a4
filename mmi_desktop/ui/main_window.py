"""The main window: the case list on the left, the open case on the right, menus, status bar.

The window paints its case list first and builds the rest when it is needed: the list comes
either straight from the database file (read before SQLAlchemy has loaded, while the
database opens on a worker thread) or from the store in the background; the open case's
editor, analysis panel, timeline and letter are built when the first case opens; a case's
document is read when it is opened.
"""

from __future__ import annotations

import copy
import html
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QObject,
    QSettings,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QResizeEvent,
    QUndoCommand,
    QUndoGroup,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressDialog,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

import mmi_desktop
from mmi_desktop import paths
from mmi_desktop.domain.errors import CaseError
from mmi_desktop.domain.evidence import evidence_target
from mmi_desktop.domain.model import Case, Language, TreatmentStatus
from mmi_desktop.domain.naming import case_key, file_stem
from mmi_desktop.domain.results import Analysis, Flag, Severity
from mmi_desktop.domain.stage import stage_of
from mmi_desktop.domain.thresholds import Thresholds
from mmi_desktop.files import write_atomically
from mmi_desktop.logsetup import unexpected
from mmi_desktop.store.dbfile import DatabaseError
from mmi_desktop.store.records import (
    CaseNotFoundError,
    CaseSummary,
    StaleCaseError,
    StoredCase,
    StoreError,
)
from mmi_desktop.ui import dialogs
from mmi_desktop.ui.attention import (
    REFRESH_WHAT,
    CaseNavigator,
    NeedsAttentionView,
    attention_job,
    calendar_job,
    refresh_job,
    stale_count,
)
from mmi_desktop.ui.case_list import Attention, CaseListPanel, us_date
from mmi_desktop.ui.dialogs import Button, Icon
from mmi_desktop.ui.opening import DatabaseOpening
from mmi_desktop.ui.tasks import (
    ExportReport,
    ImportReport,
    Task,
    backup_job,
    export_cases,
    import_case_files,
    summaries_job,
)
from mmi_desktop.ui.welcome import WelcomePage

if TYPE_CHECKING:  # loaded when first needed: the list paints without them
    from mmi_desktop.services.workspace import Workspace
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.database import Database
    from mmi_desktop.store.settings import SettingsStore
    from mmi_desktop.ui.analysis_panel import AnalysisPanel
    from mmi_desktop.ui.editor import CaseEditor
    from mmi_desktop.ui.settings_dialog import SettingsDialog
    from mmi_desktop.ui.timeline import TimelineView

SETTINGS_GROUP = "mainWindow"
_CLOSED_STATUSES = {
    TreatmentStatus.COMPLETED,
    TreatmentStatus.CANCELLED,
    TreatmentStatus.DECLINED,
    TreatmentStatus.IMR_UPHELD,
}
_LANGUAGES = {Language.EN: "English", Language.ES: "Spanish"}


def app_version() -> str:
    """The version, from the one place it is written (the wheel's metadata reads it too)."""
    return mmi_desktop.__version__


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
            item = QTreeWidgetItem([when, r.os_user, what, r.path or "(whole case)", change])
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


# ----------------------------------------------------------------------------- the window


class DemoBar(QFrame):
    """A coloured bar across the window while the demo database is open: its cases are
    invented, and the way back to the caseworker's own cases is one click away."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBar")
        self.setStyleSheet(
            "#demoBar { background: #fff3cd; border-bottom: 1px solid #e0c36a; }"
            "#demoBar QLabel { color: #5c4400; font-weight: bold; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 8, 4)
        self.label = QLabel(
            "Demo database — invented cases. Do not type a real client here.", self)
        self.label.setWordWrap(True)
        self.back_button = QPushButton("Open my cases", self)
        self.back_button.setToolTip("Go back to your own database (File → Open my cases)")
        layout.addWidget(self.label, 1)
        layout.addWidget(self.back_button)
        self.hide()


class FlagCommand(QUndoCommand):
    """A dismissal or a restore of a flag, as an undoable step (Edit → Undo)."""

    def __init__(self, window: MainWindow, case_id: int, case: Case, flag: Flag, reason: str,
                 *, dismiss: bool) -> None:
        super().__init__("Dismiss flag" if dismiss else "Restore flag")
        self.window, self.case_id, self.case, self.flag = window, case_id, case, flag
        self.reason, self.dismiss = reason, dismiss
        self._done_once = False

    def apply(self, *, dismiss: bool) -> bool:
        return self.window.set_dismissed(self.case_id, self.case, self.flag, self.reason,
                                         dismiss)

    def redo(self) -> None:
        if not self._done_once:  # pushed after it was done
            self._done_once = True
            return
        self.apply(dismiss=self.dismiss)

    def undo(self) -> None:
        self.apply(dismiss=not self.dismiss)


class FirstPaint(QObject):
    """Emits a signal once, when a widget first paints."""

    def __init__(self, widget: QWidget, signal: Any) -> None:
        super().__init__(widget)
        self._signal = signal
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._signal.emit()
        return False


class MainWindow(QMainWindow):
    """One database's cases."""

    cases_loaded = Signal()
    first_painted = Signal()  # the case list has painted once: background work may start

    def __init__(
        self,
        db: Database | DatabaseOpening,
        *,
        summaries: list[CaseSummary] | None = None,
        settings: QSettings | None = None,
        title_suffix: str = "",
        pool: QThreadPool | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        """On an open database; or on one still opening, with its list (read from the
        file) to paint meanwhile."""
        super().__init__()
        # The day the analysis counts from (deadlines, Needs attention); tests fix it.
        self.today: Callable[[], date] = today or date.today
        self._db: Database | None = None
        self._store: CaseStore | None = None
        self._opening: DatabaseOpening | None = None
        self.settings = settings if settings is not None else QSettings()
        self.title_suffix = title_suffix
        self.pool = pool or QThreadPool.globalInstance()
        self.loaded = False
        self.saved_at: datetime | None = None
        self.last_report: QWidget | None = None
        self.last_batch: Any = None  # the letters batch in progress or last run
        self._attention_task: Task | None = None
        self.attention_ready = False  # Needs attention and the list's markers are filled in
        self._tasks: set[Task] = set()
        # The open case: its id (None for a new one), the version it was read at, and the
        # record as loaded or last saved (what Revert goes back to).
        self.case_id: int | None = None
        self.version = 0
        self.is_new = False
        self.loaded_case: Case | None = None
        self._stale_tabs: set[QWidget] = set()
        # What the analysis panel shows: for which case (id, new?), of which record.
        self._analysed: tuple[tuple[int | None, bool], Case, Analysis] | None = None
        self._thresholds: Thresholds | None = None  # read from the settings when first needed
        self.settings_dialog: SettingsDialog | None = None
        self._pane: CasePane | None = None  # built when the first case opens
        self._started = False
        # A list read from the file, whose markers wait for the database to open.
        self._list_awaits_store = False
        self.undo_group = QUndoGroup(self)  # Undo/Redo: the editor's stack, once it exists
        # Dismissals and restores of the open case's flags: Undo takes them back until the
        # editor changes again (then Undo is the editor's).
        self.case_actions = QUndoStack(self)
        self.undo_group.addStack(self.case_actions)

        self.setObjectName("mainWindow")
        self.setMinimumSize(900, 560)
        if isinstance(db, DatabaseOpening):
            self._opening = db
            db.opened.connect(self._attach)
        else:
            self._attach(db)
        self._build()
        self._build_actions()
        self._build_menus()
        self._restore_state()
        if summaries is not None:
            self._show_summaries(summaries)
            self._list_awaits_store = True
        self._update_title()
        self._update_actions()
        self._update_status()

    # ------------------------------------------------------------------ the database
    @property
    def db(self) -> Database:
        """The open database; waits for the background open if it is still under way."""
        if self._db is None:
            assert self._opening is not None
            self._attach(self._opening.wait())
        assert self._db is not None
        return self._db

    @property
    def store(self) -> CaseStore:
        self.db  # noqa: B018  (opens it, if it is still opening)
        assert self._store is not None
        return self._store

    @property
    def workspace(self) -> Workspace:
        self.db  # noqa: B018  (opens it, if it is still opening)
        return self._workspace

    @property
    def database_ready(self) -> bool:
        return self._db is not None

    @property
    def location(self) -> str:
        """Where the database is, for people; known before it has opened."""
        return self._db.location if self._db is not None else self._pending().location

    @property
    def db_path(self) -> Path | None:
        return self._db.path if self._db is not None else self._pending().path

    def close_database(self) -> None:
        """Close the database (if it ever opened): at the app's end."""
        if self._db is not None:
            self._db.close()

    def _pending(self) -> DatabaseOpening:
        assert self._opening is not None
        return self._opening

    def _attach(self, db: Database) -> None:
        """Use an open database (at once, or when the background open ends)."""
        if db is self._db:
            return
        from mmi_desktop.services.workspace import Workspace

        self._workspace = Workspace(db, today=self.today)
        self._db, self._store = db, self._workspace.store
        self._opening = None
        if self._list_awaits_store:  # the list was read from the file: now its markers
            self._list_awaits_store = False
            self._after_list()
            self._update_status()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.case_list = CaseListPanel(self)
        self.attention_view = NeedsAttentionView(self)
        self.navigator = CaseNavigator(self.attention_view, self.case_list, self)
        # The analysis follows the editor, redone once typing pauses.
        self._analysis_timer = QTimer(self)
        self._analysis_timer.setSingleShot(True)
        self._analysis_timer.setInterval(150)
        self._analysis_timer.timeout.connect(self._refresh_analysis)
        self.empty_label = QLabel(
            "Pick a case on the left, or start one with File → New case (Ctrl+N).", self
        )
        self.empty_label.setObjectName("noCaseLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.right = QStackedWidget(self)
        self.right.addWidget(self.empty_label)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)

        self.welcome = WelcomePage(self)
        self.welcome.set_location(self.location)
        self.welcome.set_samples_available(self._samples_loader() is not None)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.welcome)
        self.demo_bar = DemoBar(self)
        self.demo_bar.back_button.clicked.connect(self.open_my_cases)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.demo_bar)
        column.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusText")
        self.statusBar().addWidget(self.status_label, 1)

        self._paint_watch = FirstPaint(self.case_list.view.viewport(), self.first_painted)
        self.case_list.case_selected.connect(self._on_case_picked)
        self.welcome.new_case.connect(self.new_case)
        self.welcome.import_files.connect(self.import_files)
        self.welcome.open_samples.connect(self.open_samples)
        self.attention_view.case_chosen.connect(self._on_attention_picked)
        self.setTabOrder(self.case_list.filter_edit, self.case_list.view)

    def _ensure_pane(self) -> CasePane:
        """The open case's pane (editor, analysis, timeline, letter, history), built when
        first needed: the window paints its list sooner without it."""
        if self._pane is not None:
            return self._pane
        from mmi_desktop.ui.analysis_panel import AnalysisPanel
        from mmi_desktop.ui.editor import CaseEditor
        from mmi_desktop.ui.timeline import TimelineView

        editor = CaseEditor(today=self.today)
        timeline = TimelineView()
        panel = AnalysisPanel(self)
        pane = CasePane(editor, timeline, panel, self)
        # The header's flag and deadline line wraps rather than widen the pane.
        pane.header.attention.setWordWrap(True)
        pane.header.attention.setTextFormat(Qt.TextFormat.RichText)
        self._pane = pane
        self.right.addWidget(pane)

        editor.dirty_changed.connect(self._on_dirty_changed)
        editor.changed.connect(self._on_editor_changed)
        timeline.item_activated.connect(self._on_timeline_item)
        pane.tabs.currentChanged.connect(self._on_tab_changed)
        pane.save_button.clicked.connect(self.save)
        pane.revert_button.clicked.connect(self.revert)
        panel.evidence_activated.connect(self._show_evidence)
        panel.dismiss_requested.connect(self._dismiss_flag)
        panel.restore_requested.connect(self._restore_flag)
        pane.letter_page.fix_firm_requested.connect(self.open_firm_settings)
        self.undo_group.addStack(editor.undo_stack)
        self.undo_group.setActiveStack(editor.undo_stack)

        self.setTabOrder(self.case_list.view, pane.tabs)
        self.setTabOrder(pane.tabs, pane.revert_button)
        self.setTabOrder(pane.revert_button, pane.save_button)
        self._update_actions()
        return pane

    def prepare_case_pane(self) -> None:
        """Build the open case's pane ahead of need (the app does it once the list shows)."""
        if self.isVisible():
            self._ensure_pane()

    @property
    def pane(self) -> CasePane:
        return self._ensure_pane()

    @property
    def editor(self) -> CaseEditor:
        return self._ensure_pane().editor

    @property
    def timeline(self) -> TimelineView:
        return self._ensure_pane().timeline

    @property
    def analysis_panel(self) -> AnalysisPanel:
        return self._ensure_pane().analysis_panel

    def _action(
        self, text: str, slot: Callable[[], Any], shortcut: Any = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action("&New case", self.new_case, "Ctrl+N", "Start a new case")
        self.import_action = self._action(
            "&Import case files…", self.import_files, tip="Add cases from mmi-case/1 files"
        )
        self.export_action = self._action(
            "&Export…", self.export_cases, tip="Write every case as an mmi-case/1 file"
        )
        self.backup_action = self._action(
            "&Backup…", self.backup, tip="Copy the database to a file of your choice"
        )
        self.letters_action = self._action(
            "&Letters for selected cases…",
            self.letters_for_selected,
            "Ctrl+Shift+L",
            "Write a client summary letter (PDF) for each case selected in the list",
        )
        self.print_letter_action = self._action(
            "&Print letter…",
            self.print_letter,
            QKeySequence.StandardKey.Print,
            "Print the open case's letter to the client (the system print dialog)",
        )
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.save_action = self._action("&Save", self.save, "Ctrl+S", "Save the open case")
        self.revert_action = self._action(
            "&Revert", self.revert, tip="Discard the changes made since the last save"
        )
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.delete_action = self._action(
            "&Delete case…", self.delete_case, tip="Delete the open case"
        )
        self.find_action = self._action(
            "&Find case",
            self.find_case,
            "Ctrl+F",
            "Type a name, claim #, ADJ # or employer",
        )
        self.attention_action = self._action(
            "Needs &attention",
            lambda: self.navigator.show_page(CaseNavigator.ATTENTION),
            "Ctrl+1",
            "Cases with a high flag or a deadline within the warning window",
        )
        self.all_cases_action = self._action(
            "A&ll cases", lambda: self.navigator.show_page(CaseNavigator.ALL), "Ctrl+2"
        )
        self.settings_action = self._action(
            "&Settings…",
            self.open_settings,
            "Ctrl+,",
            "Firm details, rule thresholds and the deadline warning",
        )
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.calendar_case_action = self._action(
            "Export calendar (this case)…",
            self.export_calendar_case,
            tip="The open case's deadlines as an iCalendar (.ics) file",
        )
        self.calendar_all_action = self._action(
            "Export calendar (all cases)…",
            self.export_calendar_all,
            tip="Every case's deadlines as one iCalendar (.ics) file",
        )
        self.my_cases_action = self._action(
            "Open &my cases", self.open_my_cases,
            tip="Leave the demo database and go back to your own cases",
        )
        self.about_action = self._action("&About MMI Desktop", self.about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.letters_action)
        file_menu.addAction(self.print_letter_action)
        file_menu.addSeparator()
        file_menu.addAction(self.calendar_case_action)
        file_menu.addAction(self.calendar_all_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.my_cases_action)
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.save_action)
        edit_menu.addAction(self.revert_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.delete_action)
        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.find_action)
        view_menu.addAction(self.attention_action)
        view_menu.addAction(self.all_cases_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

    # ------------------------------------------------------------------ window state
    def _restore_state(self) -> None:
        s = self.settings
        s.beginGroup(SETTINGS_GROUP)
        try:
            geometry = s.value("geometry")
            if isinstance(geometry, QByteArray) and not geometry.isEmpty():
                self.restoreGeometry(geometry)
            else:
                self.resize(1280, 800)
            for key, restore in (
                ("state", self.restoreState),
                ("splitter", self.splitter.restoreState),
                ("caseListHeader", self.case_list.view.horizontalHeader().restoreState),
            ):
                value = s.value(key)
                if isinstance(value, QByteArray) and not value.isEmpty():
                    restore(value)
            # The list the person last looked at (all cases at first; Needs attention shows
            # its count above the list either way).
            page = str(s.value("casesPage", "all"))
            self.navigator.show_page(
                CaseNavigator.ATTENTION if page == "attention" else CaseNavigator.ALL
            )
        finally:
            s.endGroup()

    def save_window_state(self) -> None:
        s = self.settings
        s.beginGroup(SETTINGS_GROUP)
        s.setValue("geometry", self.saveGeometry())
        s.setValue("state", self.saveState())
        if self.pages.currentWidget() is self.splitter:  # sizes seen by the person
            s.setValue("splitter", self.splitter.saveState())
        s.setValue("caseListHeader", self.case_list.view.horizontalHeader().saveState())
        all_cases = self.navigator.page() == CaseNavigator.ALL
        s.setValue("casesPage", "all" if all_cases else "attention")
        s.endGroup()
        s.sync()

    def _folder(self, key: str) -> str:
        value = self.settings.value(f"{SETTINGS_GROUP}/{key}")
        return str(value) if value else str(Path.home())

    def _remember_folder(self, key: str, folder: str | Path) -> None:
        self.settings.setValue(f"{SETTINGS_GROUP}/{key}", str(folder))

    # ------------------------------------------------------------------ loading
    def start(self) -> None:
        """After the first paint: open the database in the background if it is still to
        open (the list is already shown), else read the case list in the background."""
        if self._started:
            return
        self._started = True
        if self._opening is not None:
            self._opening.start()
        if self.loaded:  # the list came with the window
            self.cases_loaded.emit()
            return
        self._update_status("Loading cases…")
        task = Task(summaries_job(self.store), "Reading the case list")
        task.signals.finished.connect(self._on_summaries)
        task.signals.failed.connect(self._on_load_failed)
        self._run(task)

    @property
    def started(self) -> bool:
        return self._started

    def reload_cases(self) -> None:
        """Read the case list again, now (after an import, a delete, a change of database)."""
        self._on_summaries(self.store.summaries())

    def _on_summaries(self, summaries: list[CaseSummary]) -> None:
        self._show_summaries(summaries)
        left_out = self._store.left_out if self._store is not None else []
        if left_out:  # damaged records: the others are listed, these are named
            numbers = ", ".join(str(i) for i in left_out[:5]) + ("…" if len(left_out) > 5 else "")
            self.statusBar().showMessage(
                f"{len(left_out)} damaged case{'s' if len(left_out) != 1 else ''} left out "
                f"of the list (case {numbers}); restore the database from a backup.", 60000)
        self._after_list()
        self.cases_loaded.emit()

    def _show_summaries(self, summaries: list[CaseSummary]) -> None:
        self.case_list.set_summaries(summaries)
        self.loaded = True
        self._show_page()
        self._update_status()
        self._update_actions()

    def _after_list(self) -> None:
        """What the list needs from the store once it is shown: its markers and Needs
        attention (in the background), and any analysis to bring up to date."""
        self._refresh_attention(background=True)
        self._refresh_stale_analyses()

    def _on_load_failed(self, _message: str) -> None:
        self.loaded = True
        self._update_status("The case list could not be read")

    def _show_page(self) -> None:
        empty = self.case_list.model.rowCount() == 0 and self.case_id is None and not self.is_new
        self.pages.setCurrentWidget(self.welcome if empty and self.loaded else self.splitter)
        if empty and self.loaded:
            self._ask_firm_on_welcome()
        self.right.setCurrentWidget(self.pane if self.has_case() else self.empty_label)

    # ------------------------------------------------------------------ the open case
    def has_case(self) -> bool:
        return self.case_id is not None or self.is_new

    def open_case(self, case_id: int) -> bool:
        """Open a case (asking first about unsaved changes); False if it stayed closed."""
        if case_id == self.case_id:
            return True
        if not self.may_leave_case():
            return False
        return self._open(case_id)

    def _open(self, case_id: int) -> bool:
        try:
            stored = self.store.load(case_id)
        except CaseNotFoundError as exc:
            dialogs.tell(self, "Case not found", str(exc), icon=Icon.Warning)
            self.reload_cases()
            return False
        except StoreError as exc:
            dialogs.tell(self, "Cannot open the case", str(exc), icon=Icon.Warning)
            return False
        self._show_stored(stored)
        return True

    def _show_stored(self, stored: StoredCase) -> None:
        if stored.id != self.case_id:
            self._forget_case_actions()
        self.case_id, self.version, self.is_new = stored.id, stored.version, False
        self.loaded_case = stored.case
        self.editor.load(copy.deepcopy(stored.case))
        self.editor.mark_clean()
        self.case_list.select_case(stored.id)
        self._refresh_case_views()

    def _refresh_case_views(self) -> None:
        case = self.loaded_case
        self.pane.header.set_case(case, new=self.is_new)
        self._stale_tabs = {
            self.pane.overview_page,
            self.timeline,
            self.pane.history,
            self.pane.letter_page,
        }
        self._refresh_current_tab()
        self._refresh_analysis()
        self._show_page()
        self._update_title()
        self._update_actions()
        self._on_dirty_changed(self.editor.is_dirty())

    def _on_case_picked(self, case_id: int) -> None:
        if not self.open_case(case_id):
            # Cancelled: the list goes back to the case still open (after this signal).
            keep = self.case_id
            QTimer.singleShot(0, lambda: self.case_list.select_case(keep))

    def new_case(self) -> None:
        if not self.may_leave_case():
            return
        self._forget_case_actions()
        self.case_id, self.version, self.is_new, self.loaded_case = None, 0, True, None
        self.editor.load(None)
        self.editor.mark_clean()
        self.case_list.select_case(None)
        self._refresh_case_views()
        self.pages.setCurrentWidget(self.splitter)
        self.pane.tabs.setCurrentWidget(self.editor)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _forget_case_actions(self) -> None:
        """Dismissals belong to their case: another case's Undo does not reach them."""
        self.case_actions.clear()
        if self._pane is not None:
            self.undo_group.setActiveStack(self.editor.undo_stack)

    def close_case(self) -> None:
        self._forget_case_actions()
        self.case_id, self.version, self.is_new, self.loaded_case = None, 0, False, None
        if self._pane is not None:
            self.editor.load(None)
            self.editor.mark_clean()
        self.case_list.select_case(None)
        self._refresh_analysis()
        self._show_page()
        self._update_title()
        self._update_actions()

    def may_leave_case(self) -> bool:
        """True when the open case may be left: no unsaved changes, or the person saved or
        discarded them."""
        if not self.has_case() or not self.editor.is_dirty():
            return True
        answer = dialogs.ask_unsaved(self, self._case_name())
        if answer == Button.Save:
            return self.save()
        return answer == Button.Discard

    def _case_name(self) -> str:
        case = self.editor.current_case() or self.loaded_case
        if case is not None and case.client.full_name.strip():
            return case.client.full_name
        return "this new client" if self.is_new else "this client"

    # ------------------------------------------------------------------ saving
    def save(self) -> bool:
        """Write the open case in one transaction; refused, changing nothing, when the
        editor reports problems or the case changed elsewhere."""
        if not self.has_case():
            return False
        problems = self.editor.problems()
        if problems:
            dialogs.show_problems(
                self,
                "Not saved",
                "The case was not saved: fix these first. Nothing was changed.",
                problems,
            )
            self.pane.tabs.setCurrentWidget(self.editor)
            self.editor.go_to_path(problems[0].path)  # the cursor goes to the first one
            return False
        case = self.editor.current_case()
        if case is None:
            dialogs.tell(
                self,
                "Not saved",
                "There is nothing to save yet: fill in at least "
                "the client's name and the date of injury.",
                icon=Icon.Warning,
            )
            return False
        try:
            if self.is_new:
                case_id, version = self.store.create(case), 1
            else:
                assert self.case_id is not None
                case_id = self.case_id
                version = self.store.save(case_id, case, self.version)
        except StaleCaseError as exc:
            return self._on_stale(exc)
        except CaseError as exc:
            dialogs.show_problems(
                self,
                "Not saved",
                "The case was not saved: fix these first. Nothing was changed.",
                exc.problems,
            )
            return False
        except CaseNotFoundError as exc:
            dialogs.tell(
                self,
                "Not saved",
                str(exc),
                informative="Your changes are still in the editor. Export or copy what you need.",
                icon=Icon.Warning,
            )
            return False
        except Exception as exc:  # the disk, the database: tell, log, keep the edits
            dialogs.tell(
                self,
                "Not saved",
                unexpected("Saving the case", exc),
                informative="Your changes are still in the editor.",
                icon=Icon.Critical,
            )
            return False
        self.case_id, self.version, self.is_new = case_id, version, False
        self.loaded_case = copy.deepcopy(case)
        self.editor.mark_clean()
        self.case_list.model.upsert(summary_of(case_id, case))
        self.case_list.select_case(case_id)
        self._refresh_attention()
        self.saved_at = datetime.now()
        self._refresh_case_views()
        self._update_status()
        return True

    def _on_stale(self, exc: StaleCaseError) -> bool:
        fields = exc.changes[:15]
        listing = "\n".join(f"• {f}" for f in fields)
        if len(exc.changes) > len(fields):
            listing += f"\n… and {len(exc.changes) - len(fields)} more"
        answer = dialogs.ask(
            self,
            Icon.Warning,
            "Changed elsewhere",
            "This case was changed elsewhere since you opened it. Nothing was saved; your "
            "changes are still in the editor.",
            Button.Save | Button.Discard | Button.Cancel,
            default=Button.Cancel,
            informative="Fields where the saved case and yours differ:\n" + listing,
            labels={
                Button.Save: "Save mine over it",
                Button.Discard: "Load the saved case",
                Button.Cancel: "Keep editing",
            },
        )
        if answer == Button.Save:
            self.version = exc.actual
            return self.save()
        if answer == Button.Discard:
            self._open_fresh(exc.case_id)
        return False

    def _open_fresh(self, case_id: int) -> None:
        self.case_id = None
        self._open(case_id)

    def revert(self) -> None:
        """Go back to the case as loaded or last saved."""
        if not self.has_case() or not self.editor.is_dirty():
            return
        answer = dialogs.ask(
            self,
            Icon.Question,
            "Revert",
            f"Discard the changes to the case of {self._case_name()}?",
            Button.Discard | Button.Cancel,
            default=Button.Cancel,
            labels={Button.Discard: "Discard changes"},
        )
        if answer != Button.Discard:
            return
        self.editor.load(copy.deepcopy(self.loaded_case) if self.loaded_case else None)
        self.editor.mark_clean()
        self._refresh_case_views()

    def delete_case(self) -> None:
        if self.case_id is None:
            if self.is_new:
                self.revert()
            return
        name = self._case_name()
        answer = dialogs.ask(
            self,
            Icon.Warning,
            "Delete case",
            f"Delete the case of {name}?",
            Button.Yes | Button.Cancel,
            default=Button.Cancel,
            informative="It is removed from the list for everyone who uses this database. "
            "The audit log keeps a copy of it.",
            labels={Button.Yes: "Delete"},
        )
        if answer != Button.Yes:
            return
        case_id = self.case_id
        try:
            self.store.delete(case_id)
        except StoreError as exc:
            dialogs.tell(self, "Not deleted", str(exc), icon=Icon.Warning)
            return
        self.close_case()
        self.case_list.model.remove(case_id)
        self._refresh_attention()
        self._show_page()
        self._update_status()

    # ------------------------------------------------------------------ editor signals
    def _on_dirty_changed(self, dirty: bool) -> None:
        self.setWindowModified(bool(dirty))
        self.pane.dirty_label.setText("Unsaved changes" if dirty else "")
        self._update_actions()

    def _on_editor_changed(self) -> None:
        self.undo_group.setActiveStack(self.editor.undo_stack)
        self._analysis_timer.start()
        self._stale_tabs |= {self.pane.overview_page, self.timeline, self.pane.letter_page}
        if self.pane.tabs.currentWidget() is not self.editor:
            self._refresh_current_tab()

    def _on_tab_changed(self, _index: int) -> None:
        self._refresh_current_tab()

    def _refresh_current_tab(self) -> None:
        page = self.pane.tabs.currentWidget()
        if page not in self._stale_tabs or not self.has_case():
            return
        self._stale_tabs.discard(page)
        case = self._shown_case()
        if page is self.pane.overview_page:
            self.pane.overview.setHtml(
                overview_html(case) if case else "<p>Fill in the Edit tab to see the case here.</p>"
            )
        elif page is self.timeline:
            self.timeline.set_case(case)
        elif page is self.pane.history:
            self.pane.history.set_rows(self.store.audit(self.case_id) if self.case_id else [])
        elif page is self.pane.letter_page:
            self._refresh_letter(case)

    def _shown_case(self) -> Case | None:
        """What the views show: the editor's case while it is valid, else the saved one."""
        if self.editor.is_dirty():
            current = self.editor.current_case()
            if current is not None:
                return current
        return self.loaded_case

    def _settings_store(self) -> SettingsStore:
        from mmi_desktop.store.settings import SettingsStore

        return SettingsStore(self.db)

    def _refresh_letter(self, case: Case | None) -> None:
        """The letter is rendered only while its tab is shown (a PDF takes a moment)."""
        settings = self._settings_store()
        analysis = None
        if case is not None:
            try:
                from mmi_desktop.domain.analysis import analyze

                analysis = analyze(case, self.today(), settings.thresholds())
                if self.case_id is not None:  # the client is not told of dismissed flags
                    analysis = self.store.without_dismissed(self.case_id, case, analysis)
            except Exception as exc:  # the letter says it needs the analysis; the log why
                unexpected("Analysing the case for its letter", exc)
        self.pane.letter_page.set_case(case, analysis, settings.firm())

    def _on_timeline_item(self, kind: str, item_id: str) -> None:
        self.pane.tabs.setCurrentWidget(self.editor)
        self.editor.select_item(kind, item_id)

    # ------------------------------------------------------------------ analysis
    def thresholds(self) -> Thresholds:
        """The firm's rule thresholds (read once, again after Settings changes them)."""
        if self._thresholds is None:
            self._thresholds = self._settings_store().thresholds()
        return self._thresholds

    def analysis_pending(self) -> bool:
        """True while an edit waits for the analysis to be redone."""
        return self._analysis_timer.isActive()

    def _refresh_analysis(self) -> None:
        """Analyse the editor's case (before it is saved) into the panel and the header."""
        self._analysis_timer.stop()
        if self._pane is None:  # no case has been open yet: nothing to show
            return
        panel, header = self.analysis_panel, self.pane.header
        which = (self.case_id, self.is_new)  # the open case; an older analysis is not its
        if self._analysed is not None and self._analysed[0] != which:
            self._analysed = None
            panel.scroll_to_top()
        if not self.has_case():
            panel.set_result(None, None)
            panel.set_notice(None)
            header.attention.hide()
            self._highlight({})
            return
        case = self.editor.current_case() if self.editor.is_dirty() else self.loaded_case
        notice = None
        if case is None:  # a field that cannot be read (or a new case not filled in yet)
            if self._analysed is None:
                panel.set_result(None, None)
                panel.set_notice(
                    "The analysis starts once the client's name and the date of injury are "
                    "filled in."
                )
                header.attention.hide()
                return
            case = self._analysed[1]
            notice = (
                "Some entries in the Edit tab cannot be read yet: this is the analysis of the "
                "case as it last could be read."
            )
        as_of, warning = self.today(), self.thresholds().deadline_warning_days
        try:
            from mmi_desktop.domain.analysis import analyze  # loaded with the first case

            analysis = analyze(case, as_of, self.thresholds())
        except Exception as exc:  # an odd record must not take the window down; the log says why
            panel.set_notice(unexpected("Analysing the case", exc))
            return
        self._analysed = (which, case, analysis)
        dismissed = (
            self.store.live_dismissals(self.case_id, case, analysis.flags)
            if self.case_id is not None
            else {}
        )
        panel.set_result(case, analysis, dismissed, as_of, warning)
        panel.set_notice(notice)
        from mmi_desktop.ui.analysis_panel import attention_html

        header.attention.setText(attention_html(analysis, set(dismissed), as_of, warning))
        header.attention.show()
        self._highlight(
            {
                evidence_target(ref)[1]: flag.severity
                for flag in reversed(analysis.flags)  # the most severe flag last: it wins
                if flag.key not in dismissed
                for ref in flag.evidence
            }
        )

    def _highlight(self, evidence: dict[str, Severity]) -> None:
        """Mark the open flags' evidence in the timeline (only when it changed)."""
        if evidence != getattr(self, "_highlighted", None):
            self._highlighted = evidence
            self.timeline.highlight(evidence)

    def _show_evidence(self, kind: str, item_id: str) -> None:
        """Select an evidence item in the editor (shown) and in the timeline."""
        self.timeline.set_case(self._shown_case())
        self._stale_tabs.discard(self.timeline)
        self.timeline.select_item(kind, item_id)
        self.pane.tabs.setCurrentWidget(self.editor)
        try:
            self.editor.select_item(kind, item_id)
        except ValueError:  # an item kind the editor has no row for: the section is enough
            pass

    def _dismiss_flag(self, flag: Flag) -> None:
        if self.case_id is None or self._analysed is None:
            dialogs.tell(
                self,
                "Dismiss flag",
                "Save the case first: a dismissal is kept with the saved case.",
                icon=Icon.Information,
            )
            return
        from mmi_desktop.ui.analysis_panel import ask_dismiss_reason

        reason = ask_dismiss_reason(self, flag)
        if reason is None:
            return
        command = FlagCommand(self, self.case_id, self._analysed[1], flag, reason, dismiss=True)
        if command.apply(dismiss=True):
            self._push_case_action(command)

    def _restore_flag(self, flag: Flag) -> None:
        """Show a dismissed flag again; Undo dismisses it again with the same reason."""
        if self.case_id is None or self._analysed is None:
            return
        case = self._analysed[1]
        dismissal = self.store.dismissal_for(self.case_id, case, flag)
        if dismissal is None:
            return
        command = FlagCommand(self, self.case_id, case, flag, dismissal.reason, dismiss=False)
        if command.apply(dismiss=False):
            self._push_case_action(command)

    def _push_case_action(self, command: FlagCommand) -> None:
        """Edit → Undo now takes back this dismissal or restore (until the editor changes)."""
        self.case_actions.push(command)
        self.undo_group.setActiveStack(self.case_actions)

    def set_dismissed(self, case_id: int, case: Case, flag: Flag, reason: str,
                      dismissed: bool) -> bool:
        """Dismiss or restore `flag` of a saved case; False (said) when it could not be."""
        try:
            if dismissed:
                self.workspace.dismiss(case_id, case, flag, reason)
            else:
                self.workspace.restore(case_id, flag.key)
        except (ValueError, StoreError) as exc:
            title = "Not dismissed" if dismissed else "Not restored"
            dialogs.tell(self, title, str(exc), icon=Icon.Warning)
            return False
        if case_id == self.case_id:
            self._refresh_analysis()
        self._refresh_attention()
        return True

    def _refresh_attention(self, background: bool = False) -> None:
        """Needs attention, its count, and the list's flag and deadline columns, from the
        store's cache (a few indexed queries, however many cases there are). At start they
        are read in the background, so the list paints first."""
        as_of, warning = self.today(), self.thresholds().deadline_warning_days
        job = attention_job(self.store, warning, as_of)
        if background:
            task = Task(job, "Reading Needs attention")
            task.signals.finished.connect(
                lambda result: self._show_attention(*result, as_of, warning)
            )
            task.signals.failed.connect(self._update_status)
            # A read that blocks nothing: kept alive here, not counted as busy work.
            self._attention_task = task
            task.start(self.pool)
            return
        try:
            items, markers = job(None)
        except Exception as exc:  # the list still works without its markers
            self._update_status(unexpected("Reading Needs attention", exc))
            return
        self._show_attention(items, markers, as_of, warning)

    def _show_attention(
        self, items: list[Any], markers: dict[int, Any], as_of: date, warning: int
    ) -> None:
        self.attention_ready = True
        self.attention_view.set_items(items, as_of, warning)
        self.attention_view.select_case(self.case_id)
        self.navigator.set_count(len(items))
        self.case_list.model.set_attention(
            {
                case_id: Attention(
                    m.top_severity, m.next_deadline, m.flag_count, m.next_deadline_kind
                )
                for case_id, m in markers.items()
            }
        )

    def _refresh_stale_analyses(self) -> None:
        """Analyse again, in the background, the cases whose cached analysis is out of date
        (new thresholds, a new engine, an upgraded database)."""
        if not stale_count(self.store) or any(t.what == REFRESH_WHAT for t in self._tasks):
            return
        store = self.store
        task = Task(refresh_job(store), REFRESH_WHAT)
        self._with_progress(task, REFRESH_WHAT + "…", 0)
        task.signals.finished.connect(lambda _n: self._refresh_attention())
        self._run(task)

    def _on_attention_picked(self, case_id: int) -> None:
        if not self.open_case(case_id):
            self.attention_view.select_case(self.case_id)

    def find_case(self) -> None:
        self.navigator.show_page(CaseNavigator.ALL)
        self.case_list.focus_filter()

    def open_settings(self) -> None:
        from mmi_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self._settings_store(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_settings_saved(dialog))
        self.settings_dialog = dialog
        dialog.open()

    def open_firm_settings(self) -> None:
        """Settings, on the firm's details (from a letter's "Firm details…")."""
        self.open_settings()
        if self.settings_dialog is not None:
            self.settings_dialog.tabs.setCurrentIndex(0)
            self.settings_dialog.firm_fields["name"].setFocus()

    def print_letter(self) -> bool:
        """Ctrl+P: the open case's letter, through the system print dialog (shown on the
        Letter tab first, brought up to date)."""
        if not self.has_case():
            dialogs.tell(self, "Print letter", "Open a case first.")
            return False
        letter = self.pane.letter_page
        self.pane.tabs.setCurrentWidget(letter)
        self._refresh_current_tab()
        if not letter.may_send():
            missing = letter.missing()
            dialogs.tell(
                self, "Print letter",
                ("The firm's details lack " + ", ".join(missing)
                 + ". Set them (Firm details…) or tick Draft to print it marked DRAFT.")
                if missing and letter.pdf_bytes else "There is no letter to print for this case.",
            )
            return False
        return letter.print_letter()

    def _ask_firm_on_welcome(self) -> None:
        """The welcome screen asks for the firm first while its letters could not be
        signed (name, phone or signer missing), unless skipped in this session."""
        from mmi_desktop.domain.firm import missing_for_letters

        if self.welcome.firm_skipped or self.welcome.showing_firm_setup():
            return
        try:
            settings = self._settings_store()
            missing = missing_for_letters(settings.firm())
        except Exception as exc:  # the settings could not be read: the choices still show
            unexpected("Reading the firm's details", exc)
            return
        if missing:
            self.welcome.show_firm_setup(settings)
        else:
            self.welcome.show_choices()

    def _on_settings_saved(self, dialog: SettingsDialog) -> None:
        self._thresholds = None
        if dialog.thresholds_changed:
            self.store.forget_thresholds()
            self._refresh_stale_analyses()
        self._refresh_attention()
        self._refresh_analysis()
        if self._pane is not None:
            self._stale_tabs.add(self._pane.letter_page)
            self._refresh_current_tab()  # a letter on show takes the new firm at once

    def export_calendar_case(self) -> None:
        if self._analysed is None:
            dialogs.tell(self, "Export calendar", "Open a case first.")
            return
        _, case, analysis = self._analysed
        name = file_stem(case_key(self.case_id or 0), case.client) + "-deadlines.ics"
        target, _ = QFileDialog.getSaveFileName(
            self,
            "Export the case's deadlines",
            str(Path(self._folder("calendarFolder")) / name),
            "Calendar (*.ics)",
        )
        if not target:
            return
        self._remember_folder("calendarFolder", Path(target).parent)
        try:
            from mmi_desktop.calendar_ics import deadlines_to_ics  # icalendar: only when used

            write_atomically(Path(target), deadlines_to_ics([(self.case_id or 0, case, analysis)]))
        except OSError as exc:
            dialogs.tell(
                self, "Export calendar", f"{target}: {exc.strerror or exc}", icon=Icon.Warning
            )
            return
        self._update_status(f"{len(analysis.deadlines)} deadlines written to {target}")

    def export_calendar_all(self) -> None:
        target, _ = QFileDialog.getSaveFileName(
            self,
            "Export every case's deadlines",
            str(Path(self._folder("calendarFolder")) / "mmi-deadlines.ics"),
            "Calendar (*.ics)",
        )
        if not target:
            return
        self._remember_folder("calendarFolder", Path(target).parent)
        left_out: list[str] = []
        task = Task(
            calendar_job(self.store, self.thresholds(), self.today(), target, left_out),
            "Exporting the calendar",
        )
        self._with_progress(task, "Exporting the calendar…", self.case_list.model.rowCount())

        def done(n: int | None) -> None:
            if n is None:
                dialogs.tell(self, "Export calendar", "Cancelled: nothing was written.")
            else:
                dialogs.tell(
                    self,
                    "Export calendar",
                    f"The deadlines of {n:,} case{'s' if n != 1 else ''} were written to {target}.",
                    informative=("Left out:\n" + "\n".join(left_out[:20])) if left_out else "",
                    icon=Icon.Warning if left_out else Icon.Information,
                )

        task.signals.finished.connect(done)
        self._run(task)

    def letters_for_selected(self) -> None:
        """One PDF per selected case into a chosen folder, in the background."""
        ids = self.case_list.selected_case_ids()
        if not ids:
            dialogs.tell(self, "Letters for selected cases",
                         "Select one or more cases in the list first (Shift- or Ctrl-click).")
            return
        from mmi_desktop.ui import batch_letters

        firm = self._settings_store().firm()
        options = batch_letters.ask_batch_options(self, firm, len(ids))
        if options == "fix":
            self.open_firm_settings()
            return
        if not isinstance(options, batch_letters.BatchOptions):
            return
        folder = QFileDialog.getExistingDirectory(
            self, f"Folder for {len(ids)} letter{'s' if len(ids) != 1 else ''}",
            self._folder("lettersFolder"),
        )
        if not folder:
            return
        self._remember_folder("lettersFolder", folder)
        from mmi_desktop.store.cases import CaseStore
        from mmi_desktop.store.database import open_database
        from mmi_desktop.ui.batch_letters import start_batch_letters

        url = self.db.url
        self.last_batch = start_batch_letters(
            self, ids, lambda: CaseStore(open_database(url)), Path(folder), self.today(),
            firm, self.thresholds(), pool=self.pool, options=options,
        )

    # ------------------------------------------------------------------ files
    def import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Import case files",
            self._folder("importFolder"),
            "Case files (*.json);;All files (*)",
        )
        if not files:
            return
        self._remember_folder("importFolder", Path(files[0]).parent)
        workspace = self.workspace
        task = Task(lambda t: import_case_files(workspace, files, t), "Importing case files")
        self._with_progress(task, "Importing case files…", len(files))
        task.signals.finished.connect(self._on_imported)
        self._run(task)

    def _on_imported(self, report: ImportReport) -> None:
        self._decide_duplicates(report)
        self.reload_cases()
        dialog = dialogs.ImportReportDialog(report, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_report = dialog
        dialog.open()
        if report.imported and not self.has_case():
            self.open_case(report.imported[0].case_id)

    def _decide_duplicates(self, report: ImportReport) -> None:
        """For each file whose case is already there: replace that case, or skip the file.
        A replaced case keeps every changed field in its history; a skipped file stays in
        the report as not added."""
        from mmi_desktop.store.importing import replace_duplicate

        skip_rest = False
        for dup in list(report.duplicates):
            if skip_rest or not dup.replaceable:
                continue
            match = dup.matches[0]
            rest = len(report.duplicates) > 1
            answer = dialogs.ask(
                self, Icon.Question, "Case already there",
                f"{Path(dup.path).name} is {match}.",
                Button.Yes | Button.No | (Button.NoToAll if rest else Button.NoButton),
                default=Button.No,
                informative=(f"Replace case {match.case_id} with the file's version? Every "
                             "field it changes is kept in the case's history. Skip leaves "
                             "the case as it is and the file not imported."),
                labels={Button.Yes: f"Replace case {match.case_id}", Button.No: "Skip",
                        Button.NoToAll: "Skip the rest"},
            )
            if answer == Button.NoToAll:
                skip_rest = True
            if answer != Button.Yes:
                continue
            if self.case_id == match.case_id and self.editor.is_dirty():
                dialogs.tell(self, "Case already there",
                             f"Case {match.case_id} is open with changes not saved: save or "
                             "revert them first, then import the file again.",
                             icon=Icon.Warning)
                continue
            try:
                done = replace_duplicate(self.store, dup)
            except (CaseError, StoreError, DatabaseError) as exc:
                dialogs.tell(self, "Case already there", str(exc), icon=Icon.Warning)
                continue
            report.duplicates.remove(dup)
            report.imported.append(done)
            if self.case_id == match.case_id:
                self._open_fresh(match.case_id)

    def export_cases(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Export every case to a folder", self._folder("exportFolder")
        )
        if not folder:
            return
        self._remember_folder("exportFolder", folder)
        workspace = self.workspace
        task = Task(lambda t: export_cases(workspace, folder, t), "Exporting cases")
        self._with_progress(task, "Exporting cases…", self.case_list.model.rowCount())
        task.signals.finished.connect(self._on_exported)
        self._run(task)

    def _on_exported(self, report: ExportReport) -> None:
        n = len(report.written)
        text = f"{n} case file{'s' if n != 1 else ''} written to {report.folder}."
        if report.cancelled:
            text += " The export was cancelled before the end."
        informative = ""
        if report.failed:
            informative = "Not written:\n" + "\n".join(report.failed[:20])
        icon = Icon.Warning if report.failed or report.cancelled else Icon.Information
        dialogs.tell(self, "Export", text, informative=informative, icon=icon)

    def backup(self) -> None:
        path = self.db.path
        if path is None:
            dialogs.tell(
                self,
                "Backup",
                f"Backups are made of local databases only; this one is at {self.db.location}.",
                icon=Icon.Warning,
            )
            return
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        suggested = path.with_name(f"{path.stem}.backup-{stamp}.sqlite")
        target, _ = QFileDialog.getSaveFileName(
            self, "Back up the database", str(suggested), "Database (*.sqlite)"
        )
        if not target:
            return
        if Path(target).resolve() == path.resolve():
            dialogs.tell(
                self,
                "Backup",
                "Choose another file: a backup cannot replace the database itself.",
                icon=Icon.Warning,
            )
            return
        task = Task(backup_job(self.workspace, target), "Backing up the database")
        self._with_progress(task, "Backing up the database…", 0)
        task.signals.finished.connect(
            lambda result: dialogs.tell(self, "Backup", f"The database was copied to {result}.")
        )
        self._run(task)

    def _with_progress(self, task: Task, label: str, total: int) -> QProgressDialog:
        progress = QProgressDialog(label, "Cancel", 0, total, self)
        progress.setWindowTitle("MMI Desktop")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setValue(0)

        def on_progress(done: int, total_now: int, text: str) -> None:
            if total_now:
                progress.setMaximum(total_now)
                progress.setValue(done)
            if text:
                progress.setLabelText(f"{label}\n{text}")

        task.signals.progress.connect(on_progress)
        progress.canceled.connect(task.cancel)
        task.signals.finished.connect(progress.close)
        task.signals.failed.connect(progress.close)
        self.progress = progress
        return progress

    def _run(self, task: Task) -> None:
        """Start a task, keeping it alive until it ends; a failure is shown and logged."""
        self._tasks.add(task)

        def done(*_args: object) -> None:
            self._tasks.discard(task)
            self._update_actions()

        task.signals.finished.connect(done)
        task.signals.failed.connect(done)
        task.signals.failed.connect(
            lambda message: dialogs.tell(self, task.what, message, icon=Icon.Critical)
        )
        self._update_actions()
        task.start(self.pool)

    def busy(self) -> bool:
        return bool(self._tasks)

    # ------------------------------------------------------------------ samples
    @staticmethod
    def _samples_loader() -> Callable[[CaseStore], int] | None:
        from mmi_desktop.store.samples import load_samples, sample_files

        return load_samples if sample_files() else None

    def open_samples(self) -> None:
        """Switch to the demo database, filled with the sample cases (the user's own
        database is left as it is)."""
        loader = self._samples_loader()
        if loader is None or not self.may_leave_case():
            return
        from mmi_desktop.store.cases import CaseStore
        from mmi_desktop.store.database import open_database

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            demo_path = paths.demo_database()
            if self.db.path is not None and self.db.path.resolve() == demo_path.resolve():
                db, store = self.db, self.store
            else:
                db = open_database(demo_path)
                store = CaseStore(db)
            if store.count() == 0:
                loader(store)
            from mmi_desktop.services.workspace import Workspace, give_demo_firm

            give_demo_firm(Workspace(db))  # the demo's letters are signed by an invented firm
        except (DatabaseError, StoreError, CaseError) as exc:
            QApplication.restoreOverrideCursor()
            dialogs.tell(self, "Sample cases", str(exc), icon=Icon.Warning)
            return
        except Exception as exc:
            QApplication.restoreOverrideCursor()
            dialogs.tell(
                self,
                "Sample cases",
                unexpected("Opening the sample cases", exc),
                icon=Icon.Critical,
            )
            return
        QApplication.restoreOverrideCursor()
        if db is not self.db:
            self.set_database(db, title_suffix=" — demo")
        else:
            self.reload_cases()

    def is_demo(self) -> bool:
        """Whether the window shows the demo database (the sample cases)."""
        path = self.db_path
        if path is None:
            return False
        try:
            return path.resolve() == paths.demo_database().resolve()
        except OSError:
            return False

    def open_my_cases(self) -> None:
        """Leave the demo database for the caseworker's own (created if it is not there)."""
        if not self.is_demo() or not self.may_leave_case():
            return
        from mmi_desktop.store.database import DatabaseError, open_database

        try:
            db = open_database(paths.default_database(), create=True)
        except DatabaseError as exc:
            dialogs.tell(self, "Open my cases", str(exc), icon=Icon.Warning)
            return
        self.set_database(db)

    def set_database(self, db: Database, *, title_suffix: str = "") -> None:
        """Show another database in this window (the sample cases)."""
        old = self.db
        self.close_case()
        self._attach(db)
        self._thresholds = None  # the other database's settings
        self.title_suffix = title_suffix
        self.welcome.set_location(db.location)
        self.saved_at = None
        self.reload_cases()
        self._update_title()
        if old is not db:
            old.close()

    # ------------------------------------------------------------------ status, title
    def _update_status(self, message: str | None = None) -> None:
        parts = [self.location]
        if message:
            parts.append(message)
        elif self.loaded:
            n = self.case_list.model.rowCount()
            parts.append(f"{n:,} case{'s' if n != 1 else ''}")
        if self.saved_at is not None:
            parts.append(f"saved {self.saved_at:%H:%M}")
        self.status_label.setText("  ·  ".join(parts))

    def _update_title(self) -> None:
        parts = []
        if self.is_new:
            parts.append("New case")
        elif self.loaded_case is not None:
            parts.append(self.loaded_case.client.display_name)
        demo = self.is_demo()
        self.demo_bar.setVisible(demo)
        self.my_cases_action.setEnabled(demo)
        if demo:
            parts.append("Demo database")
        note = self.title_suffix.strip(" —")
        if note and note != "demo":
            parts.append(note)  # e.g. "copy of backup cases.backup-….sqlite"
        # Qt appends the application's display name to a title that does not end with it
        # ("MMI Desktop — demo — MMI Desktop"): the title ends with it here.
        parts.append("MMI Desktop")
        self.setWindowTitle(" — ".join(parts) + "[*]")

    def _update_actions(self) -> None:
        has_case = self.has_case()
        dirty = has_case and self.editor.is_dirty()
        busy = self.busy()
        self.save_action.setEnabled(has_case)
        self.revert_action.setEnabled(dirty)
        if self._pane is not None:
            self._pane.save_button.setEnabled(has_case)
            self._pane.revert_button.setEnabled(dirty)
        self.delete_action.setEnabled(self.case_id is not None)
        self.import_action.setEnabled(not busy)
        self.welcome.import_button.setEnabled(not busy)
        self.export_action.setEnabled(not busy and self.loaded)
        self.backup_action.setEnabled(not busy and self.db_path is not None)
        self.calendar_case_action.setEnabled(has_case)
        self.calendar_all_action.setEnabled(not busy and self.loaded)

    def about(self) -> None:
        dialogs.show_about(self, app_version(), self.location)

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_leave_case():
            event.ignore()
            return
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            task.done.wait(10)  # let a running save or file finish before the database closes
        self.save_window_state()
        event.accept()

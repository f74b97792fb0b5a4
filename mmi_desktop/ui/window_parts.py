"""The window's furniture: the demo bar, its actions and menus, the state it remembers
between runs, and a first-paint watch."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mmi_desktop.ui.attention import CaseNavigator, NeedsAttentionView
from mmi_desktop.ui.case_list_panel import CaseListPanel
from mmi_desktop.ui.case_pane import CasePane, evidence_marks
from mmi_desktop.ui.file_actions import samples_loader
from mmi_desktop.ui.welcome import WelcomePage

if TYPE_CHECKING:
    from mmi_desktop.ui.main_window import MainWindow

SETTINGS_GROUP = "mainWindow"


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



def action(window: MainWindow, text: str, slot: Callable[[], Any], shortcut: Any = None,
           tip: str = "") -> QAction:
    made = QAction(text, window)
    if shortcut is not None:
        made.setShortcut(QKeySequence(shortcut))
    if tip:
        made.setStatusTip(tip)
    made.triggered.connect(lambda _checked=False: slot())
    window.addAction(made)
    return made


def build_actions(self: MainWindow) -> None:
    """The window's actions (menus, shortcuts), each calling the window or its parts."""
    self.new_action = action(self, "&New case", self.new_case, "Ctrl+N", "Start a new case")
    self.import_action = action(self,
        "&Import case files…", self.files.import_files, tip="Add cases from mmi-case/1 files"
    )
    self.export_action = action(self,
        "&Export…", self.files.export_cases, tip="Write every case as an mmi-case/1 file"
    )
    self.backup_action = action(self,
        "&Backup…", self.files.backup, tip="Copy the database to a file of your choice"
    )
    self.letters_action = action(self,
        "&Letters for selected cases…",
        self.files.letters_for_selected,
        "Ctrl+Shift+L",
        "Write a client summary letter (PDF) for each case selected in the list",
    )
    self.print_letter_action = action(self,
        "&Print letter…",
        self.files.print_letter,
        QKeySequence.StandardKey.Print,
        "Print the open case's letter to the client (the system print dialog)",
    )
    self.quit_action = action(self, "&Quit", self.close, "Ctrl+Q")
    self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    self.save_action = action(self, "&Save", self.save, "Ctrl+S", "Save the open case")
    self.revert_action = action(self,
        "&Revert", self.revert, tip="Discard the changes made since the last save"
    )
    self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
    self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
    self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
    self.delete_action = action(self,
        "&Delete case…", self.delete_case, tip="Delete the open case"
    )
    self.find_action = action(self,
        "&Find case",
        self.find_case,
        "Ctrl+F",
        "Type a name, claim #, ADJ # or employer",
    )
    self.attention_action = action(self,
        "Needs &attention",
        lambda: self.navigator.show_page(CaseNavigator.ATTENTION),
        "Ctrl+1",
        "Cases with a high flag or a deadline within the warning window",
    )
    self.all_cases_action = action(self,
        "A&ll cases", lambda: self.navigator.show_page(CaseNavigator.ALL), "Ctrl+2"
    )
    self.settings_action = action(self,
        "&Settings…",
        self.files.open_settings,
        "Ctrl+,",
        "Firm details, rule thresholds and the deadline warning",
    )
    self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    self.calendar_case_action = action(self,
        "Export calendar (this case)…",
        self.files.export_calendar_case,
        tip="The open case's deadlines as an iCalendar (.ics) file",
    )
    self.calendar_all_action = action(self,
        "Export calendar (all cases)…",
        self.files.export_calendar_all,
        tip="Every case's deadlines as one iCalendar (.ics) file",
    )
    self.my_cases_action = action(self,
        "Open &my cases", self.files.open_my_cases,
        tip="Leave the demo database and go back to your own cases",
    )
    self.about_action = action(self, "&About MMI Desktop", self.about)
    self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

def build_menus(self: MainWindow) -> None:
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


def first_size(window: QWidget) -> QSize:
    """The window's size on a first run: 1280×800 where the screen has room for it, else
    the screen's available area (a 1366×768 screen less its task bar), so the list's bottom
    and the status bar are never off screen."""
    wanted = QSize(1280, 800)
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return wanted
    free = screen.availableGeometry().size()
    return wanted.boundedTo(free)


def restore_state(self: MainWindow) -> None:
    """Geometry, splitter, list columns and the list shown, as the person left them."""
    s = self.settings
    s.beginGroup(SETTINGS_GROUP)
    try:
        geometry = s.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:  # first run: the screen's free area (1366×768 office screens included)
            self.resize(first_size(self))
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

def save_state(self: MainWindow) -> None:
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


def build_central(self: MainWindow) -> None:
    """The list (with Needs attention) beside the open case, the welcome page, the demo
    bar, the status bar."""
    self.case_list = CaseListPanel(self)
    self.attention_view = NeedsAttentionView(self)
    self.navigator = CaseNavigator(self.attention_view, self.case_list, self)
    self.empty_label = QLabel(
        "Pick a case on the left, or start one with File → New case (Ctrl+N).", self
    )
    self.empty_label.setObjectName("noCaseLabel")
    self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    self.empty_label.setWordWrap(True)
    self.right = QStackedWidget(self)
    self.right.addWidget(self.empty_label)
    self.home = self.empty_label  # the agenda, once the database has opened

    self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
    self.splitter.setObjectName("mainSplitter")
    self.splitter.setChildrenCollapsible(False)
    self.splitter.addWidget(self.navigator)
    self.splitter.addWidget(self.right)
    self.splitter.setStretchFactor(0, 0)
    self.splitter.setStretchFactor(1, 1)

    self.welcome = WelcomePage(self)
    self.welcome.set_location(self.location)
    self.welcome.set_samples_available(samples_loader() is not None)
    self.pages = QStackedWidget(self)
    self.pages.addWidget(self.splitter)
    self.pages.addWidget(self.welcome)
    self.demo_bar = DemoBar(self)
    self.demo_bar.back_button.clicked.connect(self.files.open_my_cases)
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
    self.welcome.import_files.connect(self.files.import_files)
    self.welcome.open_samples.connect(self.files.open_samples)
    self.attention_view.case_chosen.connect(self._on_attention_picked)
    self.setTabOrder(self.case_list.filter_edit, self.case_list.view)


def build_pane(self: MainWindow) -> CasePane:
    """The open case's pane (editor, analysis, timeline, letter, history), built when
    first needed: the window paints its list sooner without it."""
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
    current = self.current
    current.analysed.connect(lambda case, analysis, dismissed: pane.show_analysis(
        case, analysis, dismissed, current.as_of, current.warning_days))
    current.analysed.connect(lambda _case, analysis, dismissed: current.highlight(
        evidence_marks(analysis, dismissed)))

    editor.dirty_changed.connect(current.on_dirty_changed)
    editor.changed.connect(current.on_editor_changed)
    timeline.item_activated.connect(self._on_timeline_item)
    pane.tabs.currentChanged.connect(lambda _i: current.refresh_current_tab())
    pane.save_button.clicked.connect(self.save)
    pane.revert_button.clicked.connect(self.revert)
    panel.evidence_activated.connect(current.show_evidence)
    panel.dismiss_requested.connect(current.dismiss)
    panel.restore_requested.connect(current.restore)
    pane.letter_page.fix_firm_requested.connect(self.files.open_firm_settings)
    self.undo_group.addStack(editor.undo_stack)
    self.undo_group.setActiveStack(editor.undo_stack)

    self.setTabOrder(self.case_list.view, pane.tabs)
    self.setTabOrder(pane.tabs, pane.revert_button)
    self.setTabOrder(pane.revert_button, pane.save_button)
    self.update_actions()
    return pane

"""The case being edited: which one, the version it was read at, the record Revert goes back
to; its save, revert, delete and dismissals, each through the services, each publishing one
`Change`; and its analysis, done once per edit and sent as `analysed(case, analysis,
dismissed)` to the panel, the header and the timeline."""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QWidget

from mmi_desktop.domain.errors import CaseError
from mmi_desktop.domain.model import Case
from mmi_desktop.domain.results import Analysis, Flag
from mmi_desktop.logsetup import unexpected
from mmi_desktop.services.changes import Change
from mmi_desktop.store.records import (
    CaseNotFoundError,
    StaleCaseError,
    StoredCase,
    StoreError,
)
from mmi_desktop.ui import dialogs
from mmi_desktop.ui.case_pane import overview_html, summary_of
from mmi_desktop.ui.dialogs import Button, Icon

if TYPE_CHECKING:
    from mmi_desktop.ui.main_window import MainWindow

NOT_SAVED = "The case was not saved: fix these first. Nothing was changed."


class FlagCommand(QUndoCommand):
    """A dismissal or a restore of a flag, as an undoable step (Edit → Undo)."""

    def __init__(self, owner: OpenCase, case_id: int, case: Case, flag: Flag, reason: str,
                 *, dismiss: bool) -> None:
        super().__init__("Dismiss flag" if dismiss else "Restore flag")
        self.owner, self.case_id, self.case, self.flag = owner, case_id, case, flag
        self.reason, self.dismiss = reason, dismiss
        self._done_once = False

    def apply(self, *, dismiss: bool) -> bool:
        return self.owner.set_dismissed(self.case_id, self.case, self.flag, self.reason, dismiss)

    def redo(self) -> None:
        if not self._done_once:  # pushed after it was done
            self._done_once = True
            return
        self.apply(dismiss=self.dismiss)

    def undo(self) -> None:
        self.apply(dismiss=not self.dismiss)


class OpenCase(QObject):
    """The open case of a window (none, a stored one, or a new one not saved yet)."""

    analysed = Signal(object, object, object)  # case, analysis, dismissed flags (key -> why)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.case_id: int | None = None
        self.version = 0
        self.is_new = False
        self.loaded_case: Case | None = None  # as loaded or last saved: what Revert shows
        self.saved_at: datetime | None = None
        self.as_of: date = window.today()
        self.warning_days = 0
        # The last analysis shown: for which case (id, new?), of which record, its dismissals.
        self.last: tuple[tuple[int | None, bool], Case, Analysis, dict[str, Any]] | None = None
        self._stale_tabs: set[QWidget] = set()
        self._built: tuple[Case | None] | None = None  # the editor's case, built once per edit
        self._highlighted: dict[str, Any] | None = None
        # The analysis follows the editor, redone once typing pauses.
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.refresh_analysis)
        window.hub.changed.connect(self._on_change)

    # ------------------------------------------------------------------ state
    def has_case(self) -> bool:
        return self.case_id is not None or self.is_new

    def editor_case(self) -> Case | None:
        """The editor's case, built once per edit (None while a field cannot be read)."""
        if self._built is None:
            self._built = (self.w.editor.current_case(),)
        return self._built[0]

    def shown_case(self) -> Case | None:
        """What the views show: the editor's case while it is valid, else the saved one."""
        if self.w.editor.is_dirty():
            current = self.editor_case()
            if current is not None:
                return current
        return self.loaded_case

    def name(self) -> str:
        case = self.editor_case() or self.loaded_case
        if case is not None and case.client.full_name.strip():
            return case.client.full_name
        return "this new client" if self.is_new else "this client"

    # ------------------------------------------------------------------ opening
    def open(self, case_id: int) -> bool:
        """Open a case (asking first about unsaved changes); False if it stayed closed."""
        if case_id == self.case_id:
            return True
        if not self.may_leave():
            return False
        return self.read(case_id)

    def read(self, case_id: int) -> bool:
        try:
            stored = self.w.workspace.load(case_id)
        except CaseNotFoundError as exc:
            dialogs.tell(self.w, "Case not found", str(exc), icon=Icon.Warning)
            self.w.reload_cases()
            return False
        except StoreError as exc:
            dialogs.tell(self.w, "Cannot open the case", str(exc), icon=Icon.Warning)
            return False
        self._show_stored(stored)
        return True

    def _show_stored(self, stored: StoredCase) -> None:
        if stored.id != self.case_id:
            self.forget_actions()
        self.case_id, self.version, self.is_new = stored.id, stored.version, False
        self.loaded_case = stored.case
        self._load_editor(copy.deepcopy(stored.case))
        self.w.case_list.select_case(stored.id)
        self.refresh_views()

    def _load_editor(self, case: Case | None) -> None:
        editor = self.w.editor
        editor.load(case)
        editor.mark_clean()
        self._built = None

    def refresh_views(self) -> None:
        pane, w = self.w.pane, self.w
        pane.header.set_case(self.loaded_case, new=self.is_new)
        self._stale_tabs = {pane.overview_page, pane.timeline, pane.history, pane.letter_page}
        self.refresh_current_tab()
        self.refresh_analysis()
        w.show_page()
        w.update_title()
        w.update_actions()
        self.on_dirty_changed(w.editor.is_dirty())

    def new(self) -> None:
        if not self.may_leave():
            return
        self.forget_actions()
        self.case_id, self.version, self.is_new, self.loaded_case = None, 0, True, None
        self._load_editor(None)
        w = self.w
        w.case_list.select_case(None)
        self.refresh_views()
        w.pages.setCurrentWidget(w.splitter)
        w.pane.tabs.setCurrentWidget(w.editor)
        from mmi_desktop.ui.editor.editor import SECTIONS  # (built with the first case)

        w.editor.show_section(SECTIONS[0])  # a new case starts with the client, not the last page
        w.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def forget_actions(self) -> None:
        """Dismissals belong to their case: another case's Undo does not reach them."""
        self.w.case_actions.clear()
        if self.w.pane_built:
            self.w.undo_group.setActiveStack(self.w.editor.undo_stack)

    def close(self) -> None:
        self.forget_actions()
        self.case_id, self.version, self.is_new, self.loaded_case = None, 0, False, None
        w = self.w
        if w.pane_built:
            self._load_editor(None)
        w.case_list.select_case(None)
        self.refresh_analysis()
        w.show_page()
        w.update_title()
        w.update_actions()

    def may_leave(self) -> bool:
        """True when the open case may be left: no unsaved changes, or the person saved or
        discarded them."""
        if not self.has_case() or not self.w.editor.is_dirty():
            return True
        answer = dialogs.ask_unsaved(self.w, self.name())
        if answer == Button.Save:
            return self.save()
        return answer == Button.Discard

    # ------------------------------------------------------------------ saving
    def save(self) -> bool:
        """Write the open case in one transaction; refused, changing nothing, when the
        editor reports problems or the case changed elsewhere."""
        if not self.has_case():
            return False
        w, editor = self.w, self.w.editor
        problems = editor.problems()
        if problems:
            dialogs.show_problems(w, "Not saved", NOT_SAVED, problems)
            w.pane.tabs.setCurrentWidget(editor)
            editor.go_to_path(problems[0].path)  # the cursor goes to the first one
            return False
        case = self.editor_case() if editor.is_dirty() or self.is_new else self.loaded_case
        if case is None:
            dialogs.tell(w, "Not saved", "There is nothing to save yet: fill in at least "
                         "the client's name and the date of injury.", icon=Icon.Warning)
            return False
        try:
            if self.is_new:
                (case_id, change), version = w.workspace.create(case), 1
            else:
                assert self.case_id is not None
                case_id = self.case_id
                version, change = w.workspace.save(case_id, case, self.version)
        except StaleCaseError as exc:
            return self._on_stale(exc)
        except CaseError as exc:
            dialogs.show_problems(w, "Not saved", NOT_SAVED, exc.problems)
            return False
        except CaseNotFoundError as exc:
            dialogs.tell(w, "Not saved", str(exc), informative="Your changes are still in the "
                         "editor. Export or copy what you need.", icon=Icon.Warning)
            return False
        except Exception as exc:  # the disk, the database: tell, log, keep the edits
            dialogs.tell(w, "Not saved", unexpected("Saving the case", exc),
                         informative="Your changes are still in the editor.", icon=Icon.Critical)
            return False
        self.case_id, self.version, self.is_new = case_id, version, False
        self.loaded_case = copy.deepcopy(case)
        editor.mark_clean()
        self.saved_at = datetime.now()
        w.hub.publish(change)  # the list, Needs attention, the status bar, this case's views
        return True

    def _on_stale(self, exc: StaleCaseError) -> bool:
        fields = exc.changes[:15]
        from mmi_desktop.domain.fields import label  # the field's name, not its path

        listing = "\n".join(f"• {label(f)}" for f in fields)
        if len(exc.changes) > len(fields):
            listing += f"\n… and {len(exc.changes) - len(fields)} more"
        answer = dialogs.ask(
            self.w, Icon.Warning, "Changed elsewhere",
            "This case was changed elsewhere since you opened it. Nothing was saved; your "
            "changes are still in the editor.",
            Button.Save | Button.Discard | Button.Cancel, default=Button.Cancel,
            informative="Fields where the saved case and yours differ:\n" + listing,
            labels={Button.Save: "Save mine over it", Button.Discard: "Load the saved case",
                    Button.Cancel: "Keep editing"},
        )
        if answer == Button.Save:
            self.version = exc.actual
            return self.save()
        if answer == Button.Discard:
            self.read_again(exc.case_id)
        return False

    def read_again(self, case_id: int) -> None:
        self.case_id = None
        self.read(case_id)

    def revert(self) -> None:
        """Go back to the case as loaded or last saved."""
        if not self.has_case() or not self.w.editor.is_dirty():
            return
        answer = dialogs.ask(
            self.w, Icon.Question, "Revert",
            f"Discard the changes to the case of {self.name()}?",
            Button.Discard | Button.Cancel, default=Button.Cancel,
            labels={Button.Discard: "Discard changes"},
        )
        if answer != Button.Discard:
            return
        self._load_editor(copy.deepcopy(self.loaded_case) if self.loaded_case else None)
        self.refresh_views()

    def delete(self) -> None:
        if self.case_id is None:
            if self.is_new:
                self.revert()
            return
        answer = dialogs.ask(
            self.w, Icon.Warning, "Delete case", f"Delete the case of {self.name()}?",
            Button.Yes | Button.Cancel, default=Button.Cancel,
            informative="It is removed from the list for everyone who uses this database. "
            "The audit log keeps a copy of it.",
            labels={Button.Yes: "Delete"},
        )
        if answer != Button.Yes:
            return
        try:
            change = self.w.workspace.delete(self.case_id)
        except StoreError as exc:
            dialogs.tell(self.w, "Not deleted", str(exc), icon=Icon.Warning)
            return
        self.w.hub.publish(change)  # closes this case (below), leaves the list

    # ------------------------------------------------------------------ one change, every view
    def _on_change(self, change: Change) -> None:
        """What a write did to the open case: gone, saved, its flags or the settings."""
        w = self.w
        if change.everything:
            self.last = None
        if self.case_id is not None and self.case_id in change.removed:
            self.close()
            return
        if w.hub.from_elsewhere:  # the list reads its rows itself; here the open case
            if self.case_id is not None and self.case_id in change.cases:
                if not w.editor.is_dirty():
                    self.read_again(self.case_id)  # theirs is shown (and the next save
                    return                         # is checked against it)
                self._stale_tabs.add(w.pane.history)  # the edits stay; a save will ask
        elif self.case_id is not None and (self.case_id in change.cases
                                           or self.case_id in change.added):
            assert self.loaded_case is not None  # this window's own save of the open case
            w.case_list.model.upsert(summary_of(self.case_id, self.loaded_case))
            w.case_list.select_case(self.case_id)
            self.refresh_views()
            return
        if change.touches(self.case_id) and self.has_case() and w.pane_built:
            if change.settings or change.everything:
                self._stale_tabs.add(w.pane.letter_page)
            if self.case_id is not None and self.case_id in change.dismissals:
                self._stale_tabs |= {w.pane.history, w.pane.letter_page}
            self.refresh_analysis()
            self.refresh_current_tab()

    # ------------------------------------------------------------------ editor, tabs
    def on_dirty_changed(self, dirty: bool) -> None:
        self.w.setWindowModified(bool(dirty))
        self.w.pane.dirty_label.setText("Unsaved changes" if dirty else "")
        self.w.update_actions()

    def on_editor_changed(self) -> None:
        w = self.w
        self._built = None
        w.undo_group.setActiveStack(w.editor.undo_stack)
        self.timer.start()
        self._stale_tabs |= {w.pane.overview_page, w.timeline, w.pane.letter_page}
        if w.pane.tabs.currentWidget() is not w.editor:
            self.refresh_current_tab()

    def refresh_current_tab(self) -> None:
        pane = self.w.pane
        page = pane.tabs.currentWidget()
        if page not in self._stale_tabs or not self.has_case():
            return
        self._stale_tabs.discard(page)
        case = self.shown_case()
        if page is pane.overview_page:
            pane.overview.setHtml(
                overview_html(case) if case else "<p>Fill in the Edit tab to see the case here.</p>"
            )
        elif page is pane.timeline:
            pane.timeline.set_case(case)
        elif page is pane.history:
            pane.history.set_rows(self.w.store.audit(self.case_id) if self.case_id else [])
        elif page is pane.letter_page:
            self._refresh_letter(case)

    def _refresh_letter(self, case: Case | None) -> None:
        """The letter is rendered only while its tab is shown (a PDF takes a moment)."""
        workspace = self.w.workspace
        analysis = None
        if case is not None:
            try:
                last = self.last
                if last is not None and last[1] == case and last[0][0] == self.case_id:
                    analysis = _for_client(last[2], last[3])  # the one shown: not redone
                else:
                    analysis = workspace.client_analysis(case, self.case_id, self.w.today())
            except Exception as exc:  # the letter says it needs the analysis; the log why
                unexpected("Analysing the case for its letter", exc)
        self.w.pane.letter_page.set_case(case, analysis, workspace.firm())

    def show_evidence(self, kind: str, item_id: str) -> None:
        """Select an evidence item in the editor (shown) and in the timeline."""
        pane, editor = self.w.pane, self.w.editor
        pane.timeline.set_case(self.shown_case())
        self._stale_tabs.discard(pane.timeline)
        pane.timeline.select_item(kind, item_id)
        pane.tabs.setCurrentWidget(editor)
        try:
            editor.select_item(kind, item_id)
        except ValueError:  # an item kind the editor has no row for: the section is enough
            pass

    # ------------------------------------------------------------------ analysis
    def analysis_pending(self) -> bool:
        """True while an edit waits for the analysis to be redone."""
        return self.timer.isActive()

    def refresh_analysis(self) -> None:
        """Analyse the editor's case (before it is saved); `analysed` carries it to the views."""
        self.timer.stop()
        w = self.w
        if not w.pane_built:  # no case has been open yet: nothing to show
            return
        panel, header = w.analysis_panel, w.pane.header
        which = (self.case_id, self.is_new)  # the open case; an older analysis is not its
        if self.last is not None and self.last[0] != which:
            self.last = None
            panel.scroll_to_top()
        if not self.has_case():
            panel.set_result(None, None)
            panel.set_notice(None)
            header.attention.hide()
            self.highlight({})
            return
        case = self.editor_case() if w.editor.is_dirty() else self.loaded_case
        notice = None
        if case is None:  # a field that cannot be read (or a new case not filled in yet)
            if self.last is None:
                panel.set_result(None, None)
                panel.set_notice("The analysis starts once the client's name and the date of "
                                 "injury are filled in.")
                header.attention.hide()
                return
            case = self.last[1]
            notice = ("Some entries in the Edit tab cannot be read yet: this is the analysis "
                      "of the case as it last could be read.")
        try:
            result = w.workspace.analyse(case, self.case_id, w.today())
        except Exception as exc:  # an odd record must not take the window down; the log says why
            panel.set_notice(unexpected("Analysing the case", exc))
            return
        self.as_of, self.warning_days = result.as_of, result.warning_days
        self.last = (which, case, result.analysis, result.dismissed)
        self.analysed.emit(case, result.analysis, result.dismissed)
        panel.set_notice(notice)

    def highlight(self, evidence: dict[str, Any]) -> None:
        """Mark the open flags' evidence in the timeline (only when it changed)."""
        if evidence != self._highlighted:
            self._highlighted = evidence
            self.w.timeline.highlight(evidence)

    # ------------------------------------------------------------------ dismissals
    def dismiss(self, flag: Flag) -> None:
        if self.case_id is None or self.last is None:
            dialogs.tell(self.w, "Dismiss flag",
                         "Save the case first: a dismissal is kept with the saved case.",
                         icon=Icon.Information)
            return
        from mmi_desktop.ui.flag_card import ask_dismiss_reason

        reason = ask_dismiss_reason(self.w, flag)
        if reason is None:
            return
        command = FlagCommand(self, self.case_id, self.last[1], flag, reason, dismiss=True)
        if command.apply(dismiss=True):
            self._push(command)

    def restore(self, flag: Flag) -> None:
        """Show a dismissed flag again; Undo dismisses it again with the same reason."""
        if self.case_id is None or self.last is None:
            return
        case = self.last[1]
        dismissal = self.w.store.dismissal_for(self.case_id, case, flag)
        if dismissal is None:
            return
        command = FlagCommand(self, self.case_id, case, flag, dismissal.reason, dismiss=False)
        if command.apply(dismiss=False):
            self._push(command)

    def _push(self, command: FlagCommand) -> None:
        """Edit → Undo now takes back this dismissal or restore (until the editor changes)."""
        self.w.case_actions.push(command)
        self.w.undo_group.setActiveStack(self.w.case_actions)

    def set_dismissed(self, case_id: int, case: Case, flag: Flag, reason: str,
                      dismissed: bool) -> bool:
        """Dismiss or restore `flag` of a saved case; False (said) when it could not be."""
        try:
            if dismissed:
                change = self.w.workspace.dismiss(case_id, case, flag, reason)
            else:
                change = self.w.workspace.restore(case_id, flag.key)
        except (ValueError, StoreError) as exc:
            title = "Not dismissed" if dismissed else "Not restored"
            dialogs.tell(self.w, title, str(exc), icon=Icon.Warning)
            return False
        self.w.hub.publish(change)
        return True


def _for_client(analysis: Analysis, dismissed: dict[str, Any]) -> Analysis:
    if not dismissed:
        return analysis
    from dataclasses import replace

    return replace(analysis, flags=tuple(f for f in analysis.flags if f.key not in dismissed))

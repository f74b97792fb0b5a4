"""One open database and the use cases on its cases: open, save, delete, dismiss, analyse
(for the caseworker, or for the client), settings. Each write returns a `Change`.

The analysis engine and SQLAlchemy load when first used, not with this module: the window
imports it before its first paint."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from mmi_desktop.services.changes import Change

if TYPE_CHECKING:
    from mmi_desktop.domain.firm import FirmDetails
    from mmi_desktop.domain.model import Case
    from mmi_desktop.domain.results import Analysis, Flag
    from mmi_desktop.domain.thresholds import Thresholds
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.database import Database
    from mmi_desktop.store.records import StoredCase
    from mmi_desktop.store.settings import SettingsStore


@dataclass(frozen=True)
class CaseAnalysis:
    """A case's analysis as the caseworker sees it: every flag, and which are dismissed."""

    case: Case
    analysis: Analysis
    dismissed: dict[str, Any]  # flag key -> its dismissal (who, when, why)
    as_of: date
    warning_days: int

    def for_client(self) -> Analysis:
        """What a client letter shows: the flags a caseworker dismissed left out."""
        if not self.dismissed:
            return self.analysis
        from dataclasses import replace

        return replace(self.analysis,
                       flags=tuple(f for f in self.analysis.flags if f.key not in self.dismissed))


class Workspace:
    """The database the command line or the window works on, with the firm's settings
    (the thresholds read once, again after a change of settings)."""

    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        from mmi_desktop.store.cases import CaseStore
        from mmi_desktop.store.settings import SettingsStore

        self.db = db
        self.today = today
        self.store: CaseStore = CaseStore(db, today=today)
        self.settings: SettingsStore = SettingsStore(db)
        self._thresholds: Thresholds | None = None

    @classmethod
    def open(cls, target: str, *, create: bool = False,
             today: Callable[[], date] = date.today) -> Workspace:
        """The database at `target` (a path or URL); only `create` makes a new one."""
        from mmi_desktop.store.database import open_database

        return cls(open_database(target, create=create), today=today)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ settings
    def thresholds(self) -> Thresholds:
        """The firm's rule thresholds, read once."""
        if self._thresholds is None:
            self._thresholds = self.settings.thresholds()
        return self._thresholds

    def firm(self) -> FirmDetails:
        return self.settings.firm()

    def save_settings(self, firm: FirmDetails | None = None,
                      thresholds: Thresholds | None = None,
                      backup_keep: int | None = None) -> Change:
        """Write any of them in one transaction (checked first)."""
        old = self.thresholds()
        self.settings.save(firm=firm, thresholds=thresholds, backup_keep=backup_keep)
        return self.settings_changed(thresholds is not None and thresholds != old)

    def settings_changed(self, thresholds: bool) -> Change:
        """Forget what was read of the settings (saved here or elsewhere)."""
        self._thresholds = None
        if thresholds:
            self.store.forget_thresholds()
        return Change(settings=True, thresholds=thresholds)

    # ------------------------------------------------------------------ cases
    def load(self, case_id: int) -> StoredCase:
        return self.store.load(case_id)

    def create(self, case: Case) -> tuple[int, Change]:
        case_id = self.store.create(case)
        return case_id, Change.created(case_id)

    def save(self, case_id: int, case: Case, expected_version: int) -> tuple[int, Change]:
        """The new version; StaleCaseError when it changed since `expected_version`."""
        version = self.store.save(case_id, case, expected_version)
        return version, Change.saved(case_id)

    def delete(self, case_id: int) -> Change:
        self.store.delete(case_id)
        return Change.deleted(case_id)

    def dismiss(self, case_id: int, case: Case, flag: Flag, reason: str) -> Change:
        self.store.dismiss_flag(case_id, case, flag, reason)
        return Change(dismissals=frozenset({case_id}))

    def restore(self, case_id: int, flag_key: str) -> Change:
        """Show a dismissed flag again (audit-logged)."""
        self.store.restore_flag(case_id, flag_key)
        return Change(dismissals=frozenset({case_id}))

    # ------------------------------------------------------------------ analysis
    def analyse(self, case: Case, case_id: int | None = None,
                as_of: date | None = None) -> CaseAnalysis:
        """The case's analysis with its live dismissals (none for a case not saved yet)."""
        from mmi_desktop.domain.analysis import analyze  # the engine: when first needed

        day = as_of or self.today()
        thresholds = self.thresholds()
        analysis = analyze(case, day, thresholds)
        dismissed: dict[str, Any] = (
            self.store.live_dismissals(case_id, case, analysis.flags)
            if case_id is not None else {}
        )
        return CaseAnalysis(case, analysis, dismissed, day, thresholds.deadline_warning_days)

    def client_analysis(self, case: Case, case_id: int | None = None,
                        as_of: date | None = None) -> Analysis:
        """What the client is told: the analysis less the flags a caseworker dismissed."""
        return self.analyse(case, case_id, as_of).for_client()


def analyse_file_case(case: Case, as_of: date, thresholds: Thresholds | None = None) -> Analysis:
    """A case read from a file, with no database: the catalogue's thresholds unless given."""
    from mmi_desktop.domain.analysis import analyze

    return analyze(case, as_of, thresholds)


def each_case(workspace: Workspace, ids: Iterable[int] | None,
              damaged: list[Any], failed: list[tuple[int, str]]) -> Iterable[StoredCase]:
    """The stored cases `ids` (every case when None); a damaged or missing one is noted in
    `damaged` / `failed` and skipped, so one bad record never stops the others."""
    if ids is None:
        yield from workspace.store.iter_cases(damaged=damaged)
        return
    from mmi_desktop.store.records import StoreError

    for case_id in ids:
        try:
            yield workspace.store.load(case_id)
        except StoreError as exc:
            failed.append((case_id, str(exc)))


def give_demo_firm(workspace: Workspace) -> bool:
    """The demo database's invented firm, unless a firm was set there (the command line's
    --demo and the window's sample cases); True when it was given."""
    from mmi_desktop.domain.firm import FirmDetails, demo_firm

    if workspace.firm() != FirmDetails():
        return False
    workspace.save_settings(firm=demo_firm())
    return True

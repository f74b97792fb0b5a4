"""Saving, loading, listing and deleting cases, each change one transaction with its audit."""

from __future__ import annotations

import getpass
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.orm import Session

from mmi_desktop.domain.casefile import case_to_dict, parse_case, validate_case
from mmi_desktop.domain.duplicates import DuplicateIndex, Match
from mmi_desktop.domain.errors import CaseError
from mmi_desktop.domain.evidence import evidence_digest
from mmi_desktop.domain.model import Case
from mmi_desktop.domain.results import Analysis, Flag
from mmi_desktop.domain.stage import stage_of
from mmi_desktop.domain.thresholds import Thresholds
from mmi_desktop.store import analysis_cache
from mmi_desktop.store.analysis_cache import AttentionItem, CaseMarkers
from mmi_desktop.store.database import Database
from mmi_desktop.store.models import AuditRow, CaseRow, DismissalRow, SettingRow
from mmi_desktop.store.records import (  # noqa: F401  (the store's names for them)
    LIST_SQL,
    CaseNotFoundError,
    CaseSummary,
    DamagedCase,
    DamagedCaseError,
    StaleCaseError,
    StoredCase,
    StoreError,
    readable_summaries,
    summary_from_row,
)

log = logging.getLogger(__name__)

# What a damaged record raises while it is read: a value the driver cannot convert (a
# zeroed page under a date), a malformed page, a document that is no longer a case. Not an
# OperationalError (locked, busy, disk I/O): that is no fault of one case.
_DAMAGE = (ValueError, TypeError, SQLAlchemyDatabaseError, DamagedCaseError)


IMPORT_LOCK = 1404  # the PostgreSQL advisory lock key that imports take in turn


class _Duplicated(Exception):
    def __init__(self, matches: list[Match]) -> None:
        super().__init__(matches)
        self.matches = matches


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name on this machine (a service account without one)
        return "unknown"


# The caseworker's name on this PC's SQLite database (set in Settings).
CASEWORKER_NAME_KEY = "caseworker_name"
UNNAMED = "unnamed caseworker"


def caseworker_name(s: Session) -> str:
    """Who the audit log and a dismissal name, read in the writing transaction. On the
    firm server: the display name of the database role (or the role's own name); on a
    SQLite file: the name set in Settings, else the OS user, but never "root" (the shared
    administrator account names nobody). Read once a transaction."""
    known = s.info.get("caseworker_name")
    if known is None:
        known = s.info["caseworker_name"] = _caseworker_name(s)
    return str(known)


def _caseworker_name(s: Session) -> str:
    if s.get_bind().dialect.name == "postgresql":
        found = s.execute(text(
            "SELECT coalesce((SELECT display_name FROM caseworkers WHERE role = current_user),"
            " current_user)")).scalar()
        return str(found)
    setting = s.get(SettingRow, CASEWORKER_NAME_KEY)
    if setting is not None:
        try:
            name = json.loads(setting.value)
        except ValueError:
            name = None
        if isinstance(name, str) and name.strip():
            return name.strip()
    user = os_user().strip()
    return UNNAMED if user in ("", "root", "unknown") else user


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """{'claim.body_parts[0]': 'neck', …}: the paths an audit row names."""
    out: dict[str, Any] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else key))
    elif isinstance(value, list) and value:
        for i, item in enumerate(value):
            out.update(_flatten(item, f"{prefix}[{i}]"))
    else:
        out[prefix] = value
    return out


def document_changes(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(path, old, new) for every leaf that differs between two case documents."""
    a, b = _flatten(old), _flatten(new)
    return [(k, a.get(k), b.get(k)) for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)]


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


class CaseStore:
    """The cases of one database."""

    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today
        self._cached_thresholds: Thresholds | None = None
        self.left_out: list[int] = []  # cases the last list could not read (damaged)

    # ------------------------------------------------------------------ reading
    def count(self) -> int:
        with self.db.session() as s:
            return s.scalar(select(func.count(CaseRow.id))) or 0

    def summaries(self) -> list[CaseSummary]:
        """The case list; a row that cannot be read (a damaged record) is left out, its id
        kept in `left_out` for the window to say so."""
        with self.db.session() as s:
            found, self.left_out = readable_summaries(s.execute(text(LIST_SQL)))
        for case_id in self.left_out:
            log.warning("Case %s left out of the list: its record cannot be read", case_id)
        return found

    def ids(self) -> list[int]:
        with self.db.session() as s:
            return list(s.scalars(select(CaseRow.id).order_by(CaseRow.id)))

    def load(self, case_id: int) -> StoredCase:
        try:
            with self.db.session() as s:
                row = s.get(CaseRow, case_id)
                if row is None:
                    raise CaseNotFoundError(f"There is no case {case_id} in {self.db.location}.")
                return self._stored(row)
        except DamagedCaseError:
            raise
        except _DAMAGE as exc:
            raise self._damaged(case_id, exc).error() from None

    def iter_cases(
        self, batch: int = 500, *, damaged: list[DamagedCase] | None = None
    ) -> Iterator[StoredCase]:
        """Every case, read in batches (export, batch letters, analysis of all). A case whose
        record cannot be read stops the loop with a StoreError, unless a `damaged` list is
        given: then it is added there (its number and name) and the others go on."""
        last = 0
        while True:
            try:
                with self.db.session() as s:
                    rows = list(s.scalars(
                        select(CaseRow).where(CaseRow.id > last).order_by(CaseRow.id).limit(batch)
                    ))
                    stored = [self._stored(r) for r in rows]
            except _DAMAGE as exc:
                if damaged is None:
                    if isinstance(exc, DamagedCaseError):
                        raise
                    raise StoreError(f"A case in {self.db.location} is damaged and cannot be "
                                     "read; restore the database from a backup.") from exc
                # Read this batch case by case, to name the damaged one and keep the rest.
                with self.db.session() as s:
                    ids = list(s.scalars(select(CaseRow.id).where(CaseRow.id > last)
                                         .order_by(CaseRow.id).limit(batch)))
                if not ids:
                    return
                for case_id in ids:
                    try:
                        yield self.load(case_id)
                    except DamagedCaseError as bad:
                        damaged.append(bad.args[1])
                    except CaseNotFoundError:  # deleted meanwhile
                        pass
                last = ids[-1]
                continue
            if not stored:
                return
            yield from stored
            last = stored[-1].id

    def _damaged(self, case_id: int, exc: BaseException) -> DamagedCase:
        log.warning("Case %s cannot be read: %s", case_id, exc)
        name = ""
        try:
            with self.db.session() as s:
                found = s.execute(
                    select(CaseRow.last_name, CaseRow.first_name).where(CaseRow.id == case_id)
                ).first()
            if found is not None and all(isinstance(v, str) for v in found):
                name = ", ".join(v for v in found if v)
        except _DAMAGE:
            pass
        return DamagedCase(case_id, name)

    def _stored(self, row: CaseRow) -> StoredCase:
        try:
            case = parse_case(row.document, today=None, stored=True)
        except (ValueError, TypeError) as exc:  # (CaseError and JSON errors are ValueErrors)
            raise self._damaged(row.id, exc).error() from None
        return StoredCase(row.id, row.version, case, row.created_at, row.updated_at)

    def audit(self, case_id: int | None = None) -> list[AuditRow]:
        with self.db.session() as s:
            q = select(AuditRow).order_by(AuditRow.id)
            if case_id is not None:
                q = q.where(AuditRow.case_id == case_id)
            return list(s.scalars(q))

    # ------------------------------------------------------------------ writing
    def _check(self, case: Case) -> dict[str, Any]:
        problems = validate_case(case, self.today())
        if problems:
            raise CaseError(problems)
        return case_to_dict(case)

    def _fill(self, row: CaseRow, case: Case, document: dict[str, Any]) -> None:
        c, cl = case.client, case.claim
        row.first_name, row.last_name = c.first_name, c.last_name
        row.date_of_injury = cl.date_of_injury
        row.claim_number, row.adj_number, row.employer = cl.claim_number, cl.adj_number, cl.employer
        row.language = c.language.value
        row.stage = stage_of(case).value
        row.document = document

    def _thresholds(self, s: Session) -> Thresholds:
        if self._cached_thresholds is None:
            self._cached_thresholds = analysis_cache.thresholds_in(s)
        return self._cached_thresholds

    def forget_thresholds(self) -> None:
        """Read the thresholds from the settings again (after they were changed)."""
        self._cached_thresholds = None

    def _log(self, s: Session, case_id: int | None, action: str, path: str = "",
             old: Any = None, new: Any = None) -> None:
        s.add(AuditRow(at=now(), os_user=caseworker_name(s), case_id=case_id, action=action,
                       path=path,
                       old_value=_json(old), new_value=_json(new)))

    def _insert(self, s: Session, case: Case, document: dict[str, Any], action: str) -> int:
        stamp = now()
        row = CaseRow(version=1, created_at=stamp, updated_at=stamp)
        self._fill(row, case, document)
        s.add(row)
        s.flush()
        analysis_cache.write_cache(s, row, case, document, self._thresholds(s), self.today())
        self._log(s, row.id, action, "", None, document)
        return row.id

    def create(self, case: Case) -> int:
        """Add a new case; returns its id. CaseError (nothing written) if it is not valid."""
        document = self._check(case)
        with self.db.session() as s:
            return self._insert(s, case, document, "create")

    def import_cases(self, cases: Iterable[Case]) -> list[int]:
        """Add several cases in one transaction: all of them or none."""
        prepared = [(c, self._check(c)) for c in cases]
        with self.db.session() as s:
            return [self._insert(s, c, d, "import") for c, d in prepared]

    def save(self, case_id: int, case: Case, expected_version: int) -> int:
        """Replace a case if nobody changed it since `expected_version`; returns the new one."""
        document = self._check(case)
        with self.db.session() as s:
            # On a server the row is locked (FOR UPDATE) before its version is compared: two
            # PCs saving version N at once would otherwise both pass and one edit be lost.
            # (SQLite's one writer at a time does the same for a file.)
            row = s.get(CaseRow, case_id, with_for_update=True)
            if row is None:
                raise CaseNotFoundError(f"Case {case_id} no longer exists; nothing was saved.")
            old = row.document
            if row.version != expected_version:
                changes = [p for p, _, _ in document_changes(old, document)]
                raise StaleCaseError(case_id, expected_version, row.version, changes)
            return self._update(s, row, case, old, document)

    def replace(self, case_id: int, case: Case, source: str = "") -> int:
        """Put `case` (read from the file `source`) in place of an existing case, whatever
        its version: an import that the person chose to let update a duplicate. The trail
        keeps a 'replaced' row naming the file and one row per changed field. Returns the
        new version."""
        document = self._check(case)
        with self.db.session() as s:
            row = s.get(CaseRow, case_id, with_for_update=True)
            if row is None:
                raise CaseNotFoundError(f"Case {case_id} no longer exists; nothing was saved.")
            self._log(s, case_id, "replace", source)
            return self._update(s, row, case, row.document, document)

    def import_new(self, case: Case, index: DuplicateIndex) -> int | list[Match]:
        """Add `case` unless it duplicates a case already there; returns its id, or the
        cases it duplicates (nothing written). The check is made inside the transaction
        that adds it, once it holds the database's write lock, against `index` and every
        case added since the index was read (by another window or command, say): two
        imports of one file at the same moment make one case."""
        document = self._check(case)
        try:
            with self.db.session() as s:
                if s.get_bind().dialect.name == "postgresql":
                    # One import at a time on a server, as SQLite's write lock makes it on a
                    # file: two PCs importing one file at once still make one case.
                    s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK})
                case_id = self._insert(s, case, document, "import")
                since = select(CaseRow.id, CaseRow.first_name, CaseRow.last_name,
                               CaseRow.date_of_injury, CaseRow.claim_number, CaseRow.adj_number
                               ).where(CaseRow.id > index.newest, CaseRow.id != case_id)
                for row in s.execute(since):
                    index.add(*row)
                matches = index.matches(case)
                if matches:
                    raise _Duplicated(matches)  # (the transaction is rolled back)
        except _Duplicated as found:
            return found.matches
        index.add_case(case_id, case)
        return case_id

    def duplicates(self) -> DuplicateIndex:
        """The identifying fields of every case, read from the list's index."""
        index = DuplicateIndex()
        for c in self.summaries():
            index.add(c.id, c.first_name, c.last_name, c.date_of_injury, c.claim_number,
                      c.adj_number)
        return index

    def _update(self, s: Session, row: CaseRow, case: Case, old: dict[str, Any],
                document: dict[str, Any]) -> int:
        diff = document_changes(old, document)
        if not diff:
            return row.version
        self._fill(row, case, document)
        analysis_cache.write_cache(s, row, case, document, self._thresholds(s), self.today())
        row.version += 1
        row.updated_at = now()
        for path, before, after in diff:
            self._log(s, row.id, "update", path, before, after)
        return row.version

    def delete(self, case_id: int) -> None:
        with self.db.session() as s:
            row = s.get(CaseRow, case_id, with_for_update=True)
            if row is None:
                raise CaseNotFoundError(f"There is no case {case_id}.")
            self._log(s, case_id, "delete", "", row.document, None)
            s.execute(delete(CaseRow).where(CaseRow.id == case_id))

    # ------------------------------------------------------------------ analysis cache
    def markers(self, as_of: date | None = None) -> dict[int, CaseMarkers]:
        with self.db.session() as s:
            return analysis_cache.markers(s, as_of or self.today())

    def needs_attention(self, warning_days: int, as_of: date | None = None) -> list[AttentionItem]:
        with self.db.session() as s:
            return analysis_cache.needs_attention(s, as_of or self.today(), warning_days)

    def refresh_analysis(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        batch: int = 200,
    ) -> int:
        """Re-analyse every case whose cache is stale (new thresholds, new engine, or a case
        from an older schema), in batches of one transaction each; returns how many."""
        with self.db.session() as s:
            thresholds = analysis_cache.thresholds_in(s)
            todo = analysis_cache.stale_case_ids(s, thresholds)
        done = 0
        for start in range(0, len(todo), batch):
            if cancelled and cancelled():
                break
            ids = todo[start:start + batch]
            with self.db.session() as s:
                try:
                    rows = list(s.scalars(select(CaseRow).where(CaseRow.id.in_(ids))
                                          .order_by(CaseRow.id).with_for_update()))
                except _DAMAGE:  # a record that cannot be read: the batch case by case
                    rows = []
                    for case_id in ids:
                        try:
                            found = s.get(CaseRow, case_id, with_for_update=True)
                        except _DAMAGE as exc:
                            log.warning("Case %s not analysed: it cannot be read (%s)",
                                        case_id, exc)
                            continue
                        if found is not None:
                            rows.append(found)
                for row in rows:
                    try:
                        document = row.document
                        case = parse_case(document, stored=True)
                    except (ValueError, TypeError) as exc:  # a damaged case: the rest go on
                        log.warning("Case %s not analysed: it cannot be read (%s)", row.id, exc)
                        continue
                    analysis_cache.write_cache(s, row, case, document, thresholds, self.today())
                    done += 1
            if progress:
                progress(done, len(todo))
        return done

    # ------------------------------------------------------------------ dismissals
    def dismiss_flag(self, case_id: int, case: Case, flag: Flag, reason: str) -> None:
        """Keep a caseworker's dismissal (who, when, why) for the flag's current evidence."""
        if not reason.strip():
            raise ValueError("Reason: say why the flag is dismissed")
        with self.db.session() as s:
            if s.get(CaseRow, case_id) is None:
                raise CaseNotFoundError(f"There is no case {case_id}.")
            digest = evidence_digest(case, flag)
            s.add(DismissalRow(case_id=case_id, flag_key=flag.key, evidence_digest=digest,
                               reason=reason.strip(), os_user=caseworker_name(s), at=now()))
            self._log(s, case_id, "dismiss_flag", flag.key, None,
                      {"reason": reason.strip(), "rule": flag.rule})

    def restore_flag(self, case_id: int, flag_key: str) -> int:
        """Take back the dismissals of a flag (it shows again); the audit log keeps what
        was taken back. The number of dismissals removed."""
        with self.db.session() as s:
            if s.get(CaseRow, case_id) is None:
                raise CaseNotFoundError(f"There is no case {case_id}.")
            rows = list(s.scalars(select(DismissalRow).where(
                DismissalRow.case_id == case_id, DismissalRow.flag_key == flag_key)))
            for row in rows:
                self._log(s, case_id, "restore_flag", flag_key,
                          {"reason": row.reason, "by": row.os_user}, None)
                s.delete(row)
            return len(rows)

    def dismissals(self, case_id: int) -> list[DismissalRow]:
        with self.db.session() as s:
            return list(s.scalars(
                select(DismissalRow).where(DismissalRow.case_id == case_id)
                .order_by(DismissalRow.id)
            ))

    def dismissal_for(self, case_id: int, case: Case, flag: Flag) -> DismissalRow | None:
        """The dismissal that still applies to `flag` (same evidence), or None."""
        return self.live_dismissals(case_id, case, [flag]).get(flag.key)

    def live_dismissals(
        self, case_id: int, case: Case, flags: Iterable[Flag]
    ) -> dict[str, DismissalRow]:
        """{flag key: its dismissal} for the flags still dismissed (evidence unchanged):
        one query and one fingerprint of the case, however many flags."""
        rows = self.dismissals(case_id)
        if not rows:
            return {}
        by_key: dict[str, list[DismissalRow]] = {}
        for row in rows:
            by_key.setdefault(row.flag_key, []).append(row)
        document = case_to_dict(case)
        found: dict[str, DismissalRow] = {}
        for flag in flags:
            candidates = by_key.get(flag.key)
            if not candidates:
                continue
            digest = evidence_digest(case, flag, document)
            for row in reversed(candidates):  # the latest dismissal wins
                if row.evidence_digest == digest:
                    found[flag.key] = row
                    break
        return found

    def without_dismissed(self, case_id: int, case: Case, analysis: Analysis) -> Analysis:
        """The analysis less the flags still dismissed: what a client letter should show."""
        live = self.live_dismissals(case_id, case, analysis.flags)
        if not live:
            return analysis
        return replace(analysis, flags=tuple(f for f in analysis.flags if f.key not in live))

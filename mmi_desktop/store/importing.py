"""Importing case files, for the command line and the window alike: each file read with the
case-format rules and added in its own transaction; a refused file changes nothing and the
others go on; a file that duplicates a case already there is not added twice (it replaces
that case only when the person says so).

Qt-free, with progress and cancel callbacks, so both front ends run the same loop."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.duplicates import DuplicateIndex, Match
from mmi_desktop.domain.errors import CaseError
from mmi_desktop.store.dbfile import DatabaseError
from mmi_desktop.store.records import StoreError

if TYPE_CHECKING:
    from mmi_desktop.domain.model import Case
    from mmi_desktop.store.cases import CaseStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Imported:
    path: str
    case_id: int
    name: str
    replaced: bool = False  # an existing case updated from the file


@dataclass(frozen=True)
class Refused:
    path: str
    problems: tuple[str, ...]

    @property
    def reason(self) -> str:
        """The refusal on one line: the first problem, and how many more."""
        more = len(self.problems) - 1
        return self.problems[0] + (f" (and {more} more problem{'s' if more > 1 else ''})"
                                   if more > 0 else "")


@dataclass(frozen=True)
class Duplicate:
    """A file not imported because the database already holds its case."""

    path: str
    case: Case
    matches: tuple[Match, ...]

    @property
    def reason(self) -> str:
        if len(self.matches) > 1:
            return ("matches several cases: "
                    + "; ".join(str(m) for m in self.matches)
                    + " (correct them by hand)")
        return str(self.matches[0])

    @property
    def replaceable(self) -> bool:
        """One existing case to update; a file matching several is never let replace any."""
        return len(self.matches) == 1


@dataclass
class ImportReport:
    """What an import did, file by file."""

    imported: list[Imported] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    not_read: list[str] = field(default_factory=list)  # left when the import was cancelled

    @property
    def cancelled(self) -> bool:
        return bool(self.not_read)

    @property
    def total(self) -> int:
        return len(self.imported) + len(self.refused) + len(self.duplicates) + len(self.not_read)

    def lines(self) -> list[str]:
        """The report as text: one line per imported file, one per problem of a refused one."""
        out: list[str] = []
        for item in self.imported:
            verb = "Replaced" if item.replaced else "Imported"
            out.append(f"{verb}  {item.path}  ({item.name})")
        for refused in self.refused:
            for problem in refused.problems:
                out.append(f"Refused   {refused.path}  {problem}")
        for dup in self.duplicates:
            out.append(f"Not added {dup.path}  {dup.reason}")
        for path in self.not_read:
            out.append(f"Not read  {path}  (import cancelled)")
        return out

    def summary(self) -> list[str]:
        """How many files were imported, then each one refused and why, one line each."""
        n = self.total
        refused = len(self.refused) + len(self.duplicates)
        head = f"Imported {len(self.imported)} of {n} file{'s' if n != 1 else ''}"
        replaced = sum(1 for i in self.imported if i.replaced)
        if replaced:
            head += f" ({replaced} updating a case already there)"
        if refused:
            head += f"; {refused} refused:"
        else:
            head += "."
        out = [head]
        out += [f"  {r.path}: {r.reason}" for r in self.refused]
        out += [f"  {d.path}: {d.reason}" for d in self.duplicates]
        if self.not_read:
            out.append(f"  {len(self.not_read)} not read: the import was cancelled")
        return out


def import_files(
    store: CaseStore,
    paths: Sequence[str | Path],
    *,
    replace: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    each: Callable[[Imported | Refused | Duplicate], None] | None = None,
) -> ImportReport:
    """Import each file in its own transaction. A file that duplicates one case already
    there replaces it when `replace` is true, else is set aside in `report.duplicates`
    (nothing written) for the person to decide. `each` hears of every file as it is done."""
    report = ImportReport()
    index: DuplicateIndex | None = None
    total = len(paths)
    for i, raw in enumerate(paths):
        path = str(raw)
        if cancelled is not None and cancelled():
            report.not_read.extend(str(p) for p in paths[i:])
            break
        if progress is not None:
            progress(i, total, Path(path).name)
        outcome: Imported | Refused | Duplicate
        try:
            case = load_case(path, today=store.today())
            if index is None:
                index = store.duplicates()
            added = store.import_new(case, index)
            if isinstance(added, int):
                outcome = Imported(path, added, case.client.display_name)
                report.imported.append(outcome)
            elif replace and len(added) == 1:
                outcome = replace_duplicate(store, Duplicate(path, case, tuple(added)), index)
                report.imported.append(outcome)
            else:
                outcome = Duplicate(path, case, tuple(added))
                report.duplicates.append(outcome)
        except CaseError as exc:
            outcome = Refused(path, tuple(str(p) for p in exc.problems) or (str(exc),))
            report.refused.append(outcome)
        except (StoreError, DatabaseError) as exc:
            outcome = Refused(path, (str(exc),))
            report.refused.append(outcome)
        except Exception as exc:  # e.g. the disk is full: this file is refused, go on
            from mmi_desktop.logsetup import unexpected

            outcome = Refused(path, (unexpected(f"Importing {path}", exc),))
            report.refused.append(outcome)
        if each is not None:
            each(outcome)
    if progress is not None:
        progress(total - len(report.not_read), total, "")
    return report


def replace_duplicate(
    store: CaseStore, duplicate: Duplicate, index: DuplicateIndex | None = None
) -> Imported:
    """Update the one case a file duplicates from that file (a full audit trail)."""
    if not duplicate.replaceable:
        raise StoreError(f"{duplicate.path} {duplicate.reason}; nothing was replaced.")
    (match,) = duplicate.matches
    store.replace(match.case_id, duplicate.case, source=duplicate.path)
    if index is not None:
        index.add_case(match.case_id, duplicate.case)
    return Imported(duplicate.path, match.case_id, duplicate.case.client.display_name,
                    replaced=True)

"""What the firm sends out: a client's summary letter (PDF), a batch of them, and the
deadlines as a calendar file. ReportLab and icalendar load when first used."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mmi_desktop.domain.naming import case_key
from mmi_desktop.services.workspace import Workspace, each_case

if TYPE_CHECKING:
    from mmi_desktop.domain.firm import FirmDetails
    from mmi_desktop.domain.model import Case, Language
    from mmi_desktop.domain.results import Analysis
    from mmi_desktop.domain.thresholds import Thresholds

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


def letter_pdf(case: Case, analysis: Analysis, firm: FirmDetails,
               language: Language | None, as_of: date, *, draft: bool = False) -> bytes:
    """The client's summary letter (DRAFT across every page when `draft`); UnprintableText
    when a name has a character no bundled font draws."""
    from mmi_desktop.letters.summary import render_summary_letter

    return render_summary_letter(case, analysis, firm, language, as_of, draft=draft)


def stored_case_letter(workspace: Workspace, case_id: int, language: Language | None,
                       as_of: date) -> bytes:
    """The letter of a stored case, its dismissed flags left out."""
    case = workspace.load(case_id).case
    return letter_pdf(case, workspace.client_analysis(case, case_id, as_of), workspace.firm(),
                      language, as_of)


@dataclass
class BatchResult:
    """What a batch did: the files written, the cases left out (key, reason), cancelled?"""

    written: list[Path] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    damaged: list[Any] = field(default_factory=list)
    cancelled: bool = False


def letters_batch(
    workspace: Workspace,
    out_dir: Path,
    as_of: date,
    case_ids: Sequence[int] | None = None,
    *,
    firm: FirmDetails | None = None,
    thresholds: Thresholds | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    draft: bool = False,
    reserved: Sequence[str] = (),
) -> BatchResult:
    """One letter per case (`case_ids`, or every case) into `out_dir`; a case that cannot
    be read or printed is left out and named, the others are written. The firm and the
    thresholds are the database's unless given (a batch the window started keeps those it
    started with)."""
    from mmi_desktop.letters.batch import write_letters  # ReportLab: only when used

    result = BatchResult()
    failed: list[tuple[int, str]] = []
    total = len(case_ids) if case_ids is not None else workspace.store.count()

    def items() -> Iterator[tuple[str, Case]]:
        for stored in each_case(workspace, case_ids, result.damaged, failed):
            yield case_key(stored.id), stored.case

    result.written = write_letters(
        items(), Path(out_dir), as_of, firm if firm is not None else workspace.firm(),
        thresholds if thresholds is not None else workspace.thresholds(),
        progress=(lambda done, name: progress(done, total, name)) if progress else None,
        cancelled=cancelled, failures=result.failures,
        adjust=lambda key, case, analysis: workspace.store.without_dismissed(
            int(key), case, analysis),
        draft=draft, reserved=reserved,
    )
    result.failures[:0] = [(case_key(i), reason) for i, reason in failed]
    handled = len(result.written) + len(result.failures) + len(result.damaged)
    result.cancelled = bool(cancelled and cancelled()) and handled < total
    return result


def calendar_entries(
    workspace: Workspace, as_of: date, case_ids: Iterable[int] | None = None, *,
    progress: Progress | None = None, cancelled: Cancelled | None = None,
    damaged: list[Any] | None = None,
) -> list[tuple[int, Case, Analysis]] | None:
    """(case id, case, analysis) for each case's deadlines; None when cancelled."""
    damaged = damaged if damaged is not None else []
    failed: list[tuple[int, str]] = []
    ids = list(case_ids) if case_ids is not None else None
    total = len(ids) if ids is not None else workspace.store.count()
    entries = []
    for i, stored in enumerate(each_case(workspace, ids, damaged, failed)):
        if cancelled is not None and cancelled():
            return None
        if progress is not None:
            progress(i, total, stored.case.client.display_name)
        analysis = workspace.analyse(stored.case, None, as_of).analysis
        entries.append((stored.id, stored.case, analysis))
    damaged.extend(f"case {i}: {reason}" for i, reason in failed)
    return entries


def calendar_file(entries: Iterable[tuple[int, Case, Analysis]]) -> bytes:
    from mmi_desktop.calendar_ics import deadlines_to_ics  # icalendar: only when used

    return deadlines_to_ics(entries)

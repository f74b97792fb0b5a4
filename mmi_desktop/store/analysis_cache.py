"""Each case's flags and deadlines, cached in the store so that the case list and Needs
attention never analyse every case. Written in the same transaction as the case itself;
refreshed for every case when the rule thresholds or the engine change (the stamp)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from mmi_desktop.domain.evidence import evidence_digest
from mmi_desktop.domain.model import Case, Language
from mmi_desktop.domain.results import Analysis, Severity
from mmi_desktop.domain.stage import Stage, deadlines_still_open
from mmi_desktop.domain.thresholds import Thresholds
from mmi_desktop.store.models import CaseRow, DeadlineRow, DismissalRow, FlagRow, SettingRow

THRESHOLDS_KEY = "thresholds"
# Bump when the analysis engine's results change, so every cached analysis is redone.
# 2: issue 12 (the law corrected, five new rules) and the full 2005 rating; 3: a settled
# case keeps only the deadlines still open (domain.stage.deadlines_still_open)
ENGINE_VERSION = "3"


def thresholds_in(session: Session) -> Thresholds:
    row = session.get(SettingRow, THRESHOLDS_KEY)
    return Thresholds.from_dict(json.loads(row.value) if row else {})


def stamp_of(thresholds: Thresholds) -> str:
    """Identifies the analysis a cache row came from: engine version and thresholds."""
    text = json.dumps([ENGINE_VERSION, thresholds.to_dict()], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def write_cache(
    session: Session,
    row: CaseRow,
    case: Case,
    document: dict[str, Any],
    thresholds: Thresholds,
    as_of: date,
) -> Analysis:
    """Replace the cached flags and deadlines of one case (inside the caller's transaction)."""
    from mmi_desktop.domain.analysis import analyze  # the engine loads with the first write

    result = analyze(case, as_of, thresholds)
    session.execute(delete(FlagRow).where(FlagRow.case_id == row.id))
    session.execute(delete(DeadlineRow).where(DeadlineRow.case_id == row.id))
    session.add_all(
        FlagRow(
            case_id=row.id,
            flag_key=f.key,
            rule=f.rule,
            severity=f.severity.value,
            declaration=f.declaration,
            title=f.text(Language.EN).title,
            evidence_digest=evidence_digest(case, f, document),
        )
        for f in result.flags
    )
    session.add_all(
        DeadlineRow(case_id=row.id, kind=d.kind, declaration=d.declaration, due=d.due,
                    estimated=d.estimated)
        for d in deadlines_still_open(case, result.deadlines)
    )
    row.analysis_stamp = stamp_of(thresholds)
    return result


@dataclass(frozen=True, slots=True)
class CaseMarkers:
    """What the case list shows of a case's analysis."""

    top_severity: Severity | None
    flag_count: int
    next_deadline: date | None
    next_deadline_kind: str | None


def _live_flags(session: Session) -> Any:
    """Flag rows not dismissed for their current evidence."""
    dismissed = (
        select(DismissalRow.id)
        .where(DismissalRow.case_id == FlagRow.case_id)
        .where(DismissalRow.flag_key == FlagRow.flag_key)
        .where(DismissalRow.evidence_digest == FlagRow.evidence_digest)
        .exists()
    )
    return select(FlagRow).where(~dismissed)


def markers(session: Session, as_of: date) -> dict[int, CaseMarkers]:
    """Severity, live flag count and next deadline for every case, in two queries."""
    live = _live_flags(session).subquery()
    rank = {"high": 0, "medium": 1, "low": 2}
    flags: dict[int, tuple[int, int]] = {}
    for case_id, severity, count in session.execute(
        select(live.c.case_id, live.c.severity, func.count()).group_by(
            live.c.case_id, live.c.severity
        )
    ):
        best, total = flags.get(case_id, (9, 0))
        flags[case_id] = (min(best, rank.get(severity, 9)), total + count)
    deadlines: dict[int, tuple[date, str]] = {}
    for case_id, due, kind in session.execute(
        select(DeadlineRow.case_id, DeadlineRow.due, DeadlineRow.kind)
        .where(DeadlineRow.due >= as_of)
        .order_by(DeadlineRow.case_id, DeadlineRow.due)
    ):
        deadlines.setdefault(case_id, (due, kind))
    names = {v: k for k, v in rank.items()}
    out: dict[int, CaseMarkers] = {}
    for case_id in flags.keys() | deadlines.keys():
        best, total = flags.get(case_id, (9, 0))
        due, kind = deadlines.get(case_id, (None, None))  # type: ignore[assignment]
        out[case_id] = CaseMarkers(
            Severity(names[best]) if best in names else None, total, due, kind
        )
    return out


@dataclass(frozen=True, slots=True)
class AttentionItem:
    """One line of Needs attention: a case with a high flag or a close deadline."""

    case_id: int
    display_name: str
    date_of_injury: date
    high_flags: tuple[str, ...]  # titles of live high flags
    deadline: date | None  # the nearest deadline within the window
    deadline_kind: str | None


def needs_attention(session: Session, as_of: date, warning_days: int) -> list[AttentionItem]:
    """Cases with live high flags or a deadline from as_of to as_of + warning_days, nearest
    deadline first (cases with only flags after them, by name)."""
    horizon = as_of + timedelta(days=warning_days)
    live = _live_flags(session).where(FlagRow.severity == "high").subquery()
    high: dict[int, list[str]] = {}
    # A settled case's MMI finding is no longer in question: its flags stay in the window only.
    settled = select(CaseRow.id).where(CaseRow.stage == Stage.SETTLED.value)
    for case_id, title in session.execute(
        select(live.c.case_id, live.c.title).where(live.c.case_id.not_in(settled))
    ):
        high.setdefault(case_id, []).append(title)
    near: dict[int, tuple[date, str]] = {}
    for case_id, due, kind in session.execute(
        select(DeadlineRow.case_id, DeadlineRow.due, DeadlineRow.kind)
        .where(DeadlineRow.due >= as_of, DeadlineRow.due <= horizon)
        .order_by(DeadlineRow.due)
    ):
        near.setdefault(case_id, (due, kind))
    ids = high.keys() | near.keys()
    if not ids:
        return []
    # Every case's name, read from the list's covering index: one scan, however many cases
    # need attention (an IN of their ids would outgrow SQLite's limit on bound values).
    people = {
        r.id: r
        for r in session.execute(
            select(CaseRow.id, CaseRow.first_name, CaseRow.last_name, CaseRow.date_of_injury)
        )
        if r.id in ids
    }
    items = [
        AttentionItem(
            case_id=i,
            display_name=f"{people[i].last_name}, {people[i].first_name}",
            date_of_injury=people[i].date_of_injury,
            high_flags=tuple(high.get(i, ())),
            deadline=near[i][0] if i in near else None,
            deadline_kind=near[i][1] if i in near else None,
        )
        for i in ids
        if i in people
    ]
    items.sort(key=lambda a: (a.deadline is None, a.deadline or date.max, a.display_name))
    return items


def stale_case_ids(session: Session, thresholds: Thresholds) -> list[int]:
    stamp = stamp_of(thresholds)
    return list(
        session.scalars(
            select(CaseRow.id).where(
                or_(CaseRow.analysis_stamp.is_(None), CaseRow.analysis_stamp != stamp)
            )
        )
    )


def mark_all_stale(session: Session) -> None:
    session.execute(update(CaseRow).values(analysis_stamp=None))


ProgressFn = Callable[[int, int], None]

"""Where a case stands, derived from its record (never typed by hand)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from mmi_desktop.domain.model import Case, ResolutionKind
from mmi_desktop.domain.results import Deadline


class Stage(StrEnum):
    TREATING = "treating"
    AT_MMI = "at MMI"
    RATED = "rated"
    SETTLED = "settled"


def stage_of(case: Case) -> Stage:
    """Treating before any MMI declaration; rated once the latest one has a PD rating
    (a final PD % or a final rating for every impairment); at MMI in between; settled once
    the case records how it was resolved (stipulated award or compromise and release)."""
    if case.resolution is not None:
        return Stage.SETTLED
    latest = case.latest_declaration()
    if latest is None:
        return Stage.TREATING
    if latest.pd_percent is not None or (
        latest.impairments and all(i.final_rating is not None for i in latest.impairments)
    ):
        return Stage.RATED
    return Stage.AT_MMI


def deadlines_still_open(case: Case, deadlines: Sequence[Deadline]) -> list[Deadline]:
    """The deadlines that still call for the firm's action. Once a case is settled the MMI
    finding is no longer in question: only the petition for new and further disability of an
    award remains (LC 5410; a compromise and release cannot be reopened), as in the client's
    letter (docs/law.md, 'Settlement')."""
    from mmi_desktop.domain.deadlines import NEW_AND_FURTHER  # loaded by the analysis already

    resolution = case.resolution
    if resolution is None:
        return list(deadlines)
    if resolution.kind is not ResolutionKind.STIPULATED_AWARD:
        return []
    return [d for d in deadlines if d.kind == NEW_AND_FURTHER]

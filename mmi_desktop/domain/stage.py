"""Where a case stands, derived from its record (never typed by hand)."""

from __future__ import annotations

from enum import StrEnum

from mmi_desktop.domain.model import Case


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

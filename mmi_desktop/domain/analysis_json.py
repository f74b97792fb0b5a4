"""An analysis as the `mmi-analysis/1` JSON document (case-format.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mmi_desktop.domain.model import Language
from mmi_desktop.domain.rating import ImpairmentRating, Rating
from mmi_desktop.domain.results import (
    Analysis,
    Benefits,
    Deadline,
    Flag,
    PDBenefit,
    SJDBStatus,
)

FORMAT = "mmi-analysis/1"


def money(value: Decimal | None) -> str | None:
    """Money as a decimal string with two places ('290.00'); None stays null."""
    return None if value is None else f"{value:.2f}"


def number(value: Decimal | None) -> int | float | None:
    """A figure as a JSON number: whole numbers as integers (14), others as decimals (46.25)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _pd(pd: PDBenefit | None) -> dict[str, Any] | None:
    if pd is None:
        return None
    return {
        "percent": number(pd.percent),
        "weeks": number(pd.weeks),
        "weekly_rate": money(pd.weekly_rate),
        "total": money(pd.total),
        "life_pension_weekly": money(pd.life_pension_weekly),
        "basis": pd.basis,
        "rtw_adjustment_pct": pd.rtw_adjustment_pct,
        "adjusted_weekly_rate": money(pd.adjusted_weekly_rate),
    }


def _sjdb(sjdb: SJDBStatus | None, lang: Language) -> dict[str, Any] | None:
    if sjdb is None:
        return None
    return {
        "status": sjdb.state.value,
        "declaration": sjdb.declaration,
        "explanation": sjdb.how[lang],
    }


def _benefits(benefits: Benefits, lang: Language) -> dict[str, Any]:
    return {
        "td_weekly_rate": money(benefits.td_weekly_rate),
        "td_weeks_paid": number(benefits.td_weeks_paid),
        "td_weeks_remaining_under_cap": number(benefits.td_weeks_remaining_under_cap),
        "pd": _pd(benefits.pd),
        "sjdb": _sjdb(benefits.sjdb, lang),
    }


def _flag(flag: Flag, lang: Language) -> dict[str, Any]:
    text = flag.text(lang)
    return {
        "rule": flag.rule,
        "severity": flag.severity.value,
        "declaration": flag.declaration,
        "title": text.title,
        "explanation": text.explanation,
        "evidence": list(flag.evidence),
        "actions": list(text.actions),
    }


def _deadline(deadline: Deadline, lang: Language) -> dict[str, Any]:
    return {
        "kind": deadline.kind,
        "declaration": deadline.declaration,
        "due": deadline.due.isoformat(),
        "basis": deadline.basis[lang],
        "estimated": deadline.estimated,
    }


def _rated_impairment(part: ImpairmentRating, lang: Language) -> dict[str, Any]:
    return {
        "impairment_number": part.impairment_number,
        "wpi": number(part.wpi),
        "fec_rank": part.fec_rank,
        "fec_adjusted": part.fec_adjusted,
        "occupational_group": part.occupational_group,
        "variant": part.variant,
        "occupation_adjusted": part.occupation_adjusted,
        "age": part.age,
        "age_adjusted": part.age_adjusted,
        "apportionment_pct": number(part.apportionment_pct),
        "final": part.rating,
        "string": part.string,
        "source": part.source,
        "body_part": part.body_part,
        "pain_add_on": number(part.pain_add_on),
        "prior_award_pct": number(part.prior_award_pct),
        "left_out": part.left_out[lang] if part.left_out else None,
    }


def _rating(rating: Rating | None, lang: Language) -> dict[str, Any] | None:
    if rating is None:
        return None
    missing = [m[lang] for m in rating.missing]
    if not rating.complete and not missing and rating.reason is not None:
        missing = [rating.reason[lang]]
    return {
        "schedule": rating.schedule,
        "impairments": [_rated_impairment(p, lang) for p in rating.parts],
        "combined": rating.combined,
        "steps": list(rating.steps),
        "complete": rating.complete,
        "missing": missing,
    }


def analysis_to_json(analysis: Analysis, lang: Language = Language.EN) -> dict[str, Any]:
    """The analysis as a JSON-ready dict, its words in `lang`."""
    return {
        "format": FORMAT,
        "as_of": analysis.as_of.isoformat(),
        "flags": [_flag(f, lang) for f in analysis.flags],
        "benefits": _benefits(analysis.benefits, lang),
        "rating": _rating(analysis.rating, lang),
        "deadlines": [_deadline(d, lang) for d in analysis.deadlines],
        "thresholds": dict(analysis.thresholds),
    }

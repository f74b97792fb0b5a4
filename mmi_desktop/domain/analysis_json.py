"""An analysis as the `mmi-analysis/1` JSON document (case-format.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mmi_desktop.domain.model import Language
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


def analysis_to_json(analysis: Analysis, lang: Language = Language.EN) -> dict[str, Any]:
    """The analysis as a JSON-ready dict, its words in `lang`."""
    return {
        "format": FORMAT,
        "as_of": analysis.as_of.isoformat(),
        "flags": [_flag(f, lang) for f in analysis.flags],
        "benefits": _benefits(analysis.benefits, lang),
        "deadlines": [_deadline(d, lang) for d in analysis.deadlines],
        "thresholds": dict(analysis.thresholds),
    }

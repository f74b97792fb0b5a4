"""The one analysis of a case that the app, the letters and the command line all use."""

from __future__ import annotations

from datetime import date

from mmi_desktop.domain.benefits import compute_benefits
from mmi_desktop.domain.deadlines import OBJECTION_TO_REPORT, case_deadlines
from mmi_desktop.domain.model import Case
from mmi_desktop.domain.results import Analysis, Flag
from mmi_desktop.domain.rules import RULE_ORDER, evaluate
from mmi_desktop.domain.thresholds import DEFAULT_THRESHOLDS, Thresholds


def analyze(case: Case, as_of: date, thresholds: Thresholds | None = None) -> Analysis:
    """Flags (highest severity first), benefits and deadlines (by due date) as of a date."""
    used = thresholds if thresholds is not None else DEFAULT_THRESHOLDS
    benefits = compute_benefits(case, as_of)
    deadlines = case_deadlines(case, as_of, benefits.sjdb)
    objections = {
        d.declaration: d
        for d in deadlines
        if d.kind == OBJECTION_TO_REPORT and d.declaration is not None
    }
    flags = evaluate(case, as_of, used, objections)
    order = {m.id: i for i, m in enumerate(case.mmi_declarations)}

    def flag_key(flag: Flag) -> tuple[int, int, int, tuple[str, ...]]:
        return (
            flag.severity.rank,
            RULE_ORDER.get(flag.rule, len(RULE_ORDER)),
            order.get(flag.declaration, len(order)),
            flag.evidence,
        )

    flags.sort(key=flag_key)
    return Analysis(
        as_of=as_of,
        flags=tuple(flags),
        benefits=benefits,
        deadlines=deadlines,
        thresholds=used.to_dict(),
    )

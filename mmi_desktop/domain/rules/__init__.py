"""The premature-MMI rule catalogue (premature-mmi-rules.md), one named check per rule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from functools import cache

from mmi_desktop.domain.deadlines import objection_deadlines
from mmi_desktop.domain.model import Case
from mmi_desktop.domain.results import Deadline, Flag, Severity
from mmi_desktop.domain.rules.base import Rule, RuleContext, by_category
from mmi_desktop.domain.rules.evaluation import no_exam_after_treatment, specialty_not_evaluated
from mmi_desktop.domain.rules.record import (
    body_parts_not_addressed,
    early_mmi,
    future_medical_denied,
    incomplete_report,
    little_treatment,
    not_stable,
    not_treating_or_evaluator,
    retroactive_mmi,
)
from mmi_desktop.domain.rules.treatment import (
    diagnostics_pending,
    recent_surgery,
    referral_pending,
    surgery_after_mmi,
    surgery_pending,
    surgical_consult_pending,
    therapy_incomplete,
    treatment_pending,
)
from mmi_desktop.domain.thresholds import DEFAULT_THRESHOLDS, Thresholds

# In the catalogue's order (the rules issue 12 added after those of their severity); the
# analysis sorts flags by severity, then by this order.
RULES: tuple[Rule, ...] = (
    surgery_pending,
    diagnostics_pending,
    surgery_after_mmi,
    specialty_not_evaluated,
    surgical_consult_pending,
    therapy_incomplete,
    referral_pending,
    treatment_pending,
    recent_surgery,
    early_mmi,
    not_stable,
    body_parts_not_addressed,
    not_treating_or_evaluator,
    future_medical_denied,
    no_exam_after_treatment,
    retroactive_mmi,
    little_treatment,
    incomplete_report,
)
RULE_ORDER: dict[str, int] = {r.id: i for i, r in enumerate(RULES)}
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}

__all__ = [
    "RULES",
    "RULES_BY_ID",
    "RULE_ORDER",
    "SEVERITY_RANK",
    "Rule",
    "RuleContext",
    "evaluate",
    "run_rule",
]


# (kept for callers of the rules package; the ranking itself is Severity.rank)
SEVERITY_RANK = {severity: severity.rank for severity in Severity}


@cache
def _by_severity(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """The rules most severe first, then in catalogue order."""
    return tuple(
        sorted(rules, key=lambda r: (r.severity.rank, RULE_ORDER.get(r.id, len(RULES))))
    )


def evaluate(
    case: Case,
    as_of: date,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    objections: Mapping[str, Deadline] | None = None,
    rules: tuple[Rule, ...] = RULES,
) -> list[Flag]:
    """Every flag of every declaration, at most one flag per treatment and declaration.

    A treatment that two rules would flag for the same declaration (a surgery both pending
    and completed recently, say) is flagged by the more severe rule, then the earlier one in
    the catalogue. Flags pointing at anything else are never dropped. `objections` are the
    declarations' OBJECTION_TO_REPORT deadlines, computed here when not given.
    """
    if objections is None:
        objections = objection_deadlines(case)
    treatment_ids = {t.id for t in case.treatments}
    ordered = _by_severity(rules)
    flags: list[Flag] = []
    grouped = by_category(case)
    for declaration in case.mmi_declarations:
        ctx = RuleContext.build(
            case, declaration, as_of, thresholds, objections.get(declaration.id), grouped
        )
        claimed: set[str] = set()
        for rule_ in ordered:
            for flag in rule_(ctx):
                ids = set(flag.evidence)
                if ids and ids <= treatment_ids and ids <= claimed:
                    continue
                taken = ids & treatment_ids & claimed
                if taken:
                    # A flag about something else (the report's future medical care, a
                    # claimed condition) keeps its own evidence and leaves out treatments a
                    # more severe or earlier flag already points at.
                    flag = replace(flag, evidence=tuple(e for e in flag.evidence if e not in taken))
                claimed |= ids & treatment_ids
                flags.append(flag)
    return flags


def run_rule(
    rule_: Rule,
    case: Case,
    as_of: date,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    objections: Mapping[str, Deadline] | None = None,
) -> list[Flag]:
    """One rule over every declaration of a case (for tests and the rule editor)."""
    return evaluate(case, as_of, thresholds, objections, rules=(rule_,))

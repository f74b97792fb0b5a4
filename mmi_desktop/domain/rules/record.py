"""Rules about the declaration itself against the record: timing, stability, coverage,
who declared it, how much treatment came before, and what the report leaves out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from mmi_desktop.domain.analysis_text import Fixed, Items, Money, Phrase, Quoted, both
from mmi_desktop.domain.benefits import round_cents, td_spans, td_weekly_rate, td_weeks
from mmi_desktop.domain.model import ProviderRole, Treatment, TreatmentStatus, Trend
from mmi_desktop.domain.rating import impairment_label
from mmi_desktop.domain.results import Flag, Severity
from mmi_desktop.domain.rules.base import (
    Rule,
    RuleContext,
    Step,
    body_part_evidence,
    client_letter,
    normalize_body_part,
    open_entry,
    rule,
    second_opinion,
    supplemental,
    supplemental_stability,
    visit_evidence,
)


@rule("EARLY_MMI", Severity.MEDIUM)
def early_mmi(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """The declaration is less than `early_mmi_days` after the date of injury.

    Facts: date_of_injury, days, threshold, mmi_date, objection_due, objection_estimated.
    """
    doi = ctx.case.claim.date_of_injury
    days = (ctx.mmi_date - doi).days
    limit = ctx.thresholds.early_mmi_days
    if days >= limit:
        return
    explanation = both(
        "rules.EARLY_MMI.explanation", mmi_date=ctx.mmi_date, days=days, doi=doi, threshold=limit
    )
    facts: dict[str, object] = {"date_of_injury": doi, "days": days, "threshold": limit}
    actions: list[Step] = [supplemental_stability(), second_opinion(), client_letter()]
    yield rule_.flag(ctx, ("claim:date_of_injury",), facts, explanation, actions)


@rule("NOT_STABLE", Severity.MEDIUM)
def not_stable(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """The last visit on or before the declaration whose trend is known is at most
    `trend_window_days` before it and says improving or worsening.

    Facts: visit_date, trend, days, provider (the visit's provider name, or None), mmi_date,
    objection_due, objection_estimated.
    """
    known = [v for v in ctx.case.visits if v.date <= ctx.mmi_date and v.trend is not Trend.UNKNOWN]
    if not known:
        return
    last = max(known, key=lambda v: v.date)
    days = (ctx.mmi_date - last.date).days
    if days > ctx.thresholds.trend_window_days:
        return
    if last.trend not in (Trend.IMPROVING, Trend.WORSENING):
        return
    explanation = both(
        "rules.NOT_STABLE.explanation",
        visit_date=last.date,
        days=days,
        mmi_date=ctx.mmi_date,
        trend=Phrase(f"trend.{last.trend.value}"),
    )
    provider = ctx.case.provider(last.provider)
    facts: dict[str, object] = {
        "visit_date": last.date,
        "trend": last.trend.value,
        "days": days,
        "provider": provider.name if provider else None,
    }
    actions: list[Step] = [supplemental_stability(), client_letter()]
    yield rule_.flag(ctx, (visit_evidence(last.date),), facts, explanation, actions)


@rule("BODY_PARTS_NOT_ADDRESSED", Severity.MEDIUM)
def body_parts_not_addressed(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """One flag for each claimed body part missing from the declaration's body parts.

    Facts: body_part (as the claim writes it), covered (the declaration's list), mmi_date,
    objection_due, objection_estimated.
    """
    seen: set[str] = set()
    covered = ctx.declaration.body_parts
    for part in ctx.case.claim.body_parts:
        key = normalize_body_part(part)
        if not key or key in ctx.covered or key in seen:
            continue
        seen.add(key)
        if covered:
            explanation = both(
                "rules.BODY_PARTS_NOT_ADDRESSED.explanation",
                body_part=Quoted(part),
                mmi_date=ctx.mmi_date,
                covered=Items(tuple(Quoted(c) for c in covered)),
            )
        else:
            explanation = both(
                "rules.BODY_PARTS_NOT_ADDRESSED.explanation_none",
                body_part=Quoted(part),
                mmi_date=ctx.mmi_date,
            )
        facts: dict[str, object] = {"body_part": part, "covered": list(covered)}
        actions: list[Step] = [supplemental(Quoted(part)), client_letter()]
        yield rule_.flag(ctx, (body_part_evidence(part),), facts, explanation, actions)


_TREATING_OR_EVALUATOR = frozenset({ProviderRole.PTP, ProviderRole.QME, ProviderRole.AME})


@rule("NOT_TREATING_OR_EVALUATOR", Severity.MEDIUM)
def not_treating_or_evaluator(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """The declaring provider's role is not PTP, QME or AME (an unknown provider: no flag).

    Facts: provider (name), provider_id, role, mmi_date, objection_due, objection_estimated.
    """
    provider = ctx.case.provider(ctx.declaration.provider)
    if provider is None or provider.role in _TREATING_OR_EVALUATOR:
        return
    explanation = both(
        "rules.NOT_TREATING_OR_EVALUATOR.explanation",
        mmi_date=ctx.mmi_date,
        provider=provider.name,
        role=Phrase(f"role.{provider.role.value}"),
    )
    facts: dict[str, object] = {
        "provider": provider.name,
        "provider_id": provider.id,
        "role": provider.role.value,
    }
    actions: list[Step] = [both("actions.ask_ptp"), client_letter()]
    yield rule_.flag(ctx, (f"provider:{provider.id}",), facts, explanation, actions)


@rule("LITTLE_TREATMENT", Severity.LOW)
def little_treatment(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """Fewer than `min_visits` visits on or before the declaration. A case with no visits
    recorded at all does not fire: the absence of data is not evidence.

    Facts: count, threshold, mmi_date. Evidence: the visits counted (none when 0).
    """
    if not ctx.case.visits:
        return
    before = sorted({v.date for v in ctx.case.visits if v.date <= ctx.mmi_date})
    count = sum(1 for v in ctx.case.visits if v.date <= ctx.mmi_date)
    limit = ctx.thresholds.min_visits
    if count >= limit:
        return
    variant = {0: "explanation_none", 1: "explanation_one"}.get(count, "explanation")
    explanation = both(
        f"rules.LITTLE_TREATMENT.{variant}", count=count, mmi_date=ctx.mmi_date, threshold=limit
    )
    facts: dict[str, object] = {"count": count, "threshold": limit}
    actions: list[Step] = [both("actions.review_visits"), second_opinion()]
    evidence = tuple(visit_evidence(d) for d in before)
    yield rule_.flag(ctx, evidence, facts, explanation, actions)


@rule("INCOMPLETE_REPORT", Severity.LOW)
def incomplete_report(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """One flag per declaration listing what its report leaves out: future medical care,
    an impairment for a covered body part, apportionment (LC 4663(c)).

    Facts: future_medical_missing (bool), body_parts_without_impairment (list),
    impairments_without_apportionment (list of labels), mmi_date.
    """
    declaration = ctx.declaration
    evidence: list[str] = []
    problems: list[object] = []
    future_missing = declaration.future_medical is None
    if future_missing:
        evidence.append(f"declaration:{declaration.id}:future_medical")
        problems.append(Phrase("rules.INCOMPLETE_REPORT.future_medical"))

    rated = {normalize_body_part(i.body_part) for i in declaration.impairments if i.body_part}
    without_impairment: list[str] = []
    seen: set[str] = set()
    for part in declaration.body_parts:
        key = normalize_body_part(part)
        if not key or key in rated or key in seen:
            continue
        seen.add(key)
        without_impairment.append(part)
        evidence.append(body_part_evidence(part))
        problems.append(
            Phrase("rules.INCOMPLETE_REPORT.no_impairment", values=(("body_part", Quoted(part)),))
        )

    without_apportionment: list[str] = []
    for index, impairment in enumerate(declaration.impairments):
        if impairment.apportionment_pct is not None:
            continue
        label = impairment_label(impairment, index)
        without_apportionment.append(label)
        evidence.append(f"impairment:{declaration.id}:{index}")
        problems.append(
            Phrase("rules.INCOMPLETE_REPORT.no_apportionment", values=(("label", Quoted(label)),))
        )

    if not problems:
        return
    explanation = both(
        "rules.INCOMPLETE_REPORT.explanation",
        mmi_date=ctx.mmi_date,
        problems=Items(tuple(problems)),
    )
    facts: dict[str, object] = {
        "future_medical_missing": future_missing,
        "body_parts_without_impairment": without_impairment,
        "impairments_without_apportionment": without_apportionment,
    }
    actions: list[Step] = [supplemental(Phrase("actions.missing_points"))]
    yield rule_.flag(ctx, tuple(evidence), facts, explanation, actions)


@rule("FUTURE_MEDICAL_DENIED", Severity.MEDIUM)
def future_medical_denied(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """The report says no future medical care while treatment (for a covered body part, or
    none) was open on the declaration's date or completed within `trend_window_days` before
    it: care that was still going on, or had only just ended, argues that some will be needed.

    Facts: items (descriptions), open (descriptions of those open), window, mmi_date,
    objection_due, objection_estimated.
    """
    declaration = ctx.declaration
    if declaration.future_medical is not False:
        return
    window = ctx.thresholds.trend_window_days
    open_items: list[Treatment] = []
    recent: list[Treatment] = []
    for t in ctx.case.treatments:
        if not ctx.covers(t.body_part):
            continue
        if open_entry(t, ctx.mmi_date, ctx.thresholds.imr_window_days) is not None:
            open_items.append(t)
            continue
        done = [
            h.date
            for h in t.history
            if h.status is TreatmentStatus.COMPLETED and h.date <= ctx.mmi_date
        ]
        if done and (ctx.mmi_date - max(done)).days <= window:
            recent.append(t)
    if not open_items and not recent:
        return
    care: list[object] = []
    if open_items:
        items = Items(tuple(Quoted(t.description) for t in open_items))
        care.append(Phrase("rules.FUTURE_MEDICAL_DENIED.open", values=(("items", items),)))
    if recent:
        items = Items(tuple(Quoted(t.description) for t in recent))
        care.append(
            Phrase(
                "rules.FUTURE_MEDICAL_DENIED.recent", values=(("items", items), ("window", window))
            )
        )
    explanation = both(
        "rules.FUTURE_MEDICAL_DENIED.explanation", mmi_date=ctx.mmi_date, care=Items(tuple(care))
    )
    facts: dict[str, object] = {
        "items": [t.description for t in open_items + recent],
        "open": [t.description for t in open_items],
        "window": window,
    }
    evidence = (
        f"declaration:{declaration.id}:future_medical",
        *(t.id for t in open_items + recent),
    )
    actions: list[Step] = [supplemental(Phrase("actions.future_medical")), client_letter()]
    yield rule_.flag(ctx, evidence, facts, explanation, actions)


@rule("RETROACTIVE_MMI", Severity.MEDIUM)
def retroactive_mmi(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """The MMI date lies more than `retroactive_mmi_days` before the report's own date: a
    date reached back to, which an insurer may use to call the TD paid since an overpayment.
    The flag shows the TD recorded after the MMI date (and its amount at the TD rate).

    Facts: report_date, days, threshold, td_days_after, td_weeks_after, td_amount_after
    (None without a TD rate), mmi_date, objection_due, objection_estimated.
    """
    declaration = ctx.declaration
    report = declaration.report_date
    if report is None:
        return
    days = (report - ctx.mmi_date).days
    limit = ctx.thresholds.retroactive_mmi_days
    if days <= limit:
        return
    after = [
        (max(start, ctx.mmi_date + timedelta(days=1)), end)
        for start, end in td_spans(ctx.case.temporary_disability, ctx.as_of)
        if end > ctx.mmi_date
    ]
    td_days = sum((end - start).days + 1 for start, end in after)
    weeks = td_weeks(td_days)
    claim = ctx.case.claim
    rate = td_weekly_rate(claim.average_weekly_wage, claim.date_of_injury).value
    amount = round_cents(rate * Decimal(td_days) / 7) if rate is not None else None
    if td_days == 0:
        td_text = Phrase("rules.RETROACTIVE_MMI.no_td")
    elif amount is None:
        td_text = Phrase(
            "rules.RETROACTIVE_MMI.td", values=(("days", td_days), ("weeks", Fixed(weeks)))
        )
    else:
        td_text = Phrase(
            "rules.RETROACTIVE_MMI.td_amount",
            values=(("days", td_days), ("weeks", Fixed(weeks)), ("amount", Money(amount))),
        )
    explanation = both(
        "rules.RETROACTIVE_MMI.explanation",
        report_date=report,
        mmi_date=ctx.mmi_date,
        days=days,
        threshold=limit,
        td=td_text,
    )
    facts: dict[str, object] = {
        "report_date": report,
        "days": days,
        "threshold": limit,
        "td_days_after": td_days,
        "td_weeks_after": weeks,
        "td_amount_after": amount,
    }
    actions: list[Step] = [
        supplemental(Phrase("actions.retroactive_date")),
        both("actions.contest_overpayment", mmi_date=ctx.mmi_date) if td_days else None,
        client_letter(),
    ]
    evidence = (f"declaration:{declaration.id}:report_date",)
    yield rule_.flag(ctx, evidence, facts, explanation, actions)

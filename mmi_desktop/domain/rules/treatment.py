"""Rules about treatment still under way, still to come, or just done when MMI was declared.

Facts of the pending-treatment flags (SURGERY_PENDING, DIAGNOSTICS_PENDING,
REFERRAL_PENDING, TREATMENT_PENDING, THERAPY_INCOMPLETE while open):
item, category, body_part, status, date (the date of that status entry), mmi_date,
objection_due, objection_estimated.
"""

from __future__ import annotations

from collections.abc import Iterator

from mmi_desktop.domain.analysis_text import Category, Phrase, Quoted, Status, both, join
from mmi_desktop.domain.model import StatusChange, Treatment, TreatmentCategory, TreatmentStatus
from mmi_desktop.domain.results import Flag, Severity
from mmi_desktop.domain.rules.base import (
    REVIEW_STATUSES,
    Rule,
    RuleContext,
    Step,
    client_letter,
    open_entry,
    rule,
    second_opinion,
    supplemental,
    supplemental_stability,
)
from mmi_desktop.domain.specialties import is_surgical

C = TreatmentCategory


def _pending_actions(treatment: Treatment, entry: StatusChange) -> list[Step]:
    item = Quoted(treatment.description)
    review = both("actions.pursue_review", item=item) if entry.status in REVIEW_STATUSES else None
    return [supplemental(item), review, client_letter()]


def _pending_facts(treatment: Treatment, entry: StatusChange) -> dict[str, object]:
    return {
        "item": treatment.description,
        "category": treatment.category.value,
        "body_part": treatment.body_part,
        "status": entry.status.value,
        "date": entry.date,
    }


def _pending_values(
    ctx: RuleContext, treatment: Treatment, entry: StatusChange
) -> dict[str, object]:
    return {
        "category": Category(treatment.category, cap=True),
        "item": Quoted(treatment.description),
        "status": Status(entry.status, treatment.category),
        "mmi_date": ctx.mmi_date,
        "status_date": entry.date,
    }


def _pending(rule_: Rule, ctx: RuleContext, *categories: TreatmentCategory) -> Iterator[Flag]:
    """One flag for each treatment of these categories open on the declaration's date, for
    a body part the declaration covers (or with none): a pending shoulder surgery says
    nothing about a knee found at MMI (BODY_PARTS_NOT_ADDRESSED speaks for the shoulder)."""
    window = ctx.thresholds.imr_window_days
    for treatment in ctx.treatments(*categories):
        if not ctx.covers(treatment.body_part):
            continue
        entry = open_entry(treatment, ctx.mmi_date, window)
        if entry is None:
            continue
        explanation = both(
            f"rules.{rule_.id}.explanation", **_pending_values(ctx, treatment, entry)
        )
        yield rule_.flag(
            ctx,
            (treatment.id,),
            _pending_facts(treatment, entry),
            explanation,
            _pending_actions(treatment, entry),
        )


@rule("SURGERY_PENDING", Severity.HIGH)
def surgery_pending(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """A surgery is open on the declaration's date."""
    return _pending(rule_, ctx, C.SURGERY)


@rule("DIAGNOSTICS_PENDING", Severity.HIGH)
def diagnostics_pending(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """A diagnostic test is open on the declaration's date."""
    return _pending(rule_, ctx, C.DIAGNOSTIC)


@rule("REFERRAL_PENDING", Severity.MEDIUM)
def referral_pending(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """A referral to a specialist is open on the declaration's date."""
    return _pending(rule_, ctx, C.REFERRAL)


@rule("SURGICAL_CONSULT_PENDING", Severity.HIGH)
def surgical_consult_pending(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """A referral to a surgeon or for a surgical consultation (its description or its
    provider's specialty says so: resources/rules/specialties.json) is open on the
    declaration's date, for a covered body part or none. A surgeon's opinion still to come
    may mean surgery, and so no MMI yet. Facts as the pending-treatment flags."""
    window = ctx.thresholds.imr_window_days
    for treatment in ctx.treatments(C.REFERRAL):
        if not ctx.covers(treatment.body_part):
            continue
        provider = ctx.case.provider(treatment.provider)
        if not (
            is_surgical(treatment.description)
            or (provider is not None and is_surgical(provider.specialty))
        ):
            continue
        entry = open_entry(treatment, ctx.mmi_date, window)
        if entry is None:
            continue
        explanation = both(
            "rules.SURGICAL_CONSULT_PENDING.explanation", **_pending_values(ctx, treatment, entry)
        )
        yield rule_.flag(
            ctx,
            (treatment.id,),
            _pending_facts(treatment, entry),
            explanation,
            _pending_actions(treatment, entry),
        )


@rule("TREATMENT_PENDING", Severity.MEDIUM)
def treatment_pending(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """An injection, medication or other treatment is open on the declaration's date."""
    return _pending(rule_, ctx, C.INJECTION, C.MEDICATION, C.OTHER)


_AFTER_MMI_EVENTS = frozenset(
    {TreatmentStatus.RECOMMENDED, TreatmentStatus.REQUESTED, TreatmentStatus.COMPLETED}
)


@rule("SURGERY_AFTER_MMI", Severity.HIGH)
def surgery_after_mmi(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """A surgery for a covered body part (or none given) is first recommended, requested or
    completed after the declaration, within `after_mmi_days` (inclusive).

    Facts: item, body_part, status (the first such entry's), date, days_after, mmi_date,
    objection_due, objection_estimated.
    """
    window = ctx.thresholds.after_mmi_days
    for treatment in ctx.treatments(C.SURGERY):
        part = treatment.body_part
        if not ctx.covers(part):
            continue
        events = [e for e in treatment.history if e.status in _AFTER_MMI_EVENTS]
        if not events:
            continue
        first = min(events, key=lambda e: e.date)
        days = (first.date - ctx.mmi_date).days
        # Entries dated after as_of have not happened yet as of the analysis.
        if days <= 0 or days > window or first.date > ctx.as_of:
            continue
        explanation = both(
            "rules.SURGERY_AFTER_MMI.explanation",
            item=Quoted(treatment.description),
            event=Phrase(f"event.{first.status.value}"),
            status_date=first.date,
            days=days,
            mmi_date=ctx.mmi_date,
            window=window,
        )
        facts: dict[str, object] = {
            "item": treatment.description,
            "body_part": part,
            "status": first.status.value,
            "date": first.date,
            "days_after": days,
        }
        actions: list[Step] = [supplemental(Quoted(treatment.description)), client_letter()]
        yield rule_.flag(ctx, (treatment.id,), facts, explanation, actions)


@rule("THERAPY_INCOMPLETE", Severity.MEDIUM)
def therapy_incomplete(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """A therapy is open on the declaration's date, or was closed as completed by then with
    fewer visits done than authorized.

    Facts: reason ('open' or 'short_course'), item, category, body_part, status, date,
    completed_visits, authorized_visits, mmi_date, objection_due, objection_estimated.
    """
    window = ctx.thresholds.imr_window_days
    for treatment in ctx.treatments(C.THERAPY):
        if not ctx.covers(treatment.body_part):
            continue
        done, authorized = treatment.completed_visits, treatment.authorized_visits
        counts_known = done is not None and authorized is not None
        facts = {"completed_visits": done, "authorized_visits": authorized}
        entry = open_entry(treatment, ctx.mmi_date, window)
        if entry is not None:
            explanation = both(
                "rules.THERAPY_INCOMPLETE.explanation_open",
                **_pending_values(ctx, treatment, entry),
            )
            if counts_known:
                visits = both(
                    "rules.THERAPY_INCOMPLETE.visits", completed=done, authorized=authorized
                )
                explanation = join([explanation, visits])
            yield rule_.flag(
                ctx,
                (treatment.id,),
                {"reason": "open", **_pending_facts(treatment, entry), **facts},
                explanation,
                _pending_actions(treatment, entry),
            )
            continue
        closed = treatment.status_on(ctx.mmi_date)
        if (
            closed is None
            or closed.status is not TreatmentStatus.COMPLETED
            or done is None
            or authorized is None
            or done >= authorized
        ):
            continue
        explanation = both(
            "rules.THERAPY_INCOMPLETE.explanation_short",
            category=Category(treatment.category, cap=True),
            item=Quoted(treatment.description),
            status_date=closed.date,
            completed=done,
            authorized=authorized,
            mmi_date=ctx.mmi_date,
        )
        yield rule_.flag(
            ctx,
            (treatment.id,),
            {"reason": "short_course", **_pending_facts(treatment, closed), **facts},
            explanation,
            [supplemental(Quoted(treatment.description)), client_letter()],
        )


@rule("RECENT_SURGERY", Severity.MEDIUM)
def recent_surgery(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """A surgery was completed less than `post_surgery_days` before the declaration.

    Facts: item, body_part, date (the completion), days_before, mmi_date, objection_due,
    objection_estimated.
    """
    limit = ctx.thresholds.post_surgery_days
    for treatment in ctx.treatments(C.SURGERY):
        done = [
            e.date
            for e in treatment.history
            if e.status is TreatmentStatus.COMPLETED and e.date <= ctx.mmi_date
        ]
        if not done:
            continue
        completed = max(done)
        days = (ctx.mmi_date - completed).days
        if days >= limit:
            continue
        explanation = both(
            "rules.RECENT_SURGERY.explanation",
            item=Quoted(treatment.description),
            surgery_date=completed,
            days=days,
            mmi_date=ctx.mmi_date,
            threshold=limit,
        )
        facts: dict[str, object] = {
            "item": treatment.description,
            "body_part": treatment.body_part,
            "date": completed,
            "days_before": days,
        }
        actions: list[Step] = [supplemental_stability(), second_opinion(), client_letter()]
        yield rule_.flag(ctx, (treatment.id,), facts, explanation, actions)

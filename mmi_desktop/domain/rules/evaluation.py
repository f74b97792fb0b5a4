"""Rules about who examined what before MMI was declared: a claimed condition of another
specialty never evaluated (or its evaluation still pending), and a declaring physician who
last saw the client before the last treatment was done."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from mmi_desktop.domain.analysis_text import Items, Phrase, Quoted, Status, both
from mmi_desktop.domain.model import (
    Case,
    Language,
    TreatmentCategory,
    TreatmentStatus,
)
from mmi_desktop.domain.results import Flag, Severity
from mmi_desktop.domain.rules.base import (
    REVIEW_STATUSES,
    Rule,
    RuleContext,
    Step,
    body_part_evidence,
    client_letter,
    normalize_body_part,
    open_entry,
    rule,
    supplemental,
    visit_evidence,
)
from mmi_desktop.domain.specialties import Specialty, practices, specialty_of_body_part

C = TreatmentCategory
# An evaluation asked for: a referral to the specialist, or a test (a sleep study, testing).
_EVALUATIONS = (C.REFERRAL, C.DIAGNOSTIC)
# A treatment with one of these entries by a date was seen by someone by then.
_SEEN = frozenset({TreatmentStatus.IN_PROGRESS, TreatmentStatus.COMPLETED})


@dataclass(frozen=True)
class Label:
    """A name kept as data in each language (a specialty's)."""

    text: dict[Language, str]

    def render(self, lang: Language) -> str:
        return self.text[lang]


@dataclass(frozen=True)
class PendingItem:
    """'“Psychology referral”, in utilization review (UR)': a pending item and its status."""

    description: str
    status: TreatmentStatus
    category: TreatmentCategory

    def render(self, lang: Language) -> str:
        status = Status(self.status, self.category).render(lang)
        return f"{Quoted(self.description).render(lang)}, {status}"


def _evaluated(case: Case, part: str, specialty: Specialty, day: date) -> bool:
    """Whether the record shows the condition looked at by `day`: a provider of the
    specialty saw the client (a visit, a declaration, treatment under way or done), or a
    treatment for that very body part was under way or done (someone examined it). Any
    doubt counts as evaluated: the rule must not cry wolf on a thin record."""
    key = normalize_body_part(part)
    of_specialty = {p.id for p in case.providers if practices(specialty, p.specialty)}
    if any(v.provider in of_specialty and v.date <= day for v in case.visits):
        return True
    if any(m.provider in of_specialty and m.date <= day for m in case.mmi_declarations):
        return True
    for t in case.treatments:
        seen = any(h.status in _SEEN and h.date <= day for h in t.history)
        if not seen:
            continue
        if t.provider in of_specialty:
            return True
        if t.body_part is not None and normalize_body_part(t.body_part) == key:
            return True
    return False


@rule("SPECIALTY_NOT_EVALUATED", Severity.HIGH)
def specialty_not_evaluated(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """One flag for each claimed body part or condition of another specialty (psyche,
    sleep, internal, GI, neurology ... in resources/rules/specialties.json) whose
    evaluation was pending on the declaration's date, or which no one of that specialty
    (nor any treatment for it) had seen by then. A declaration by a physician of that
    specialty does not fire for it.

    Facts: body_part, specialty (key), reason ('pending' or 'never'), pending (item
    descriptions), mmi_date, objection_due, objection_estimated.
    """
    case = ctx.case
    declaring = case.provider(ctx.declaration.provider)
    window = ctx.thresholds.imr_window_days
    seen: set[str] = set()
    for part in case.claim.body_parts:
        key = normalize_body_part(part)
        specialty = specialty_of_body_part(part) if key else None
        if specialty is None or key in seen:
            continue
        seen.add(key)
        if declaring is not None and practices(specialty, declaring.specialty):
            continue
        of_specialty = {p.id for p in case.providers if practices(specialty, p.specialty)}
        pending = []
        for t in ctx.treatments(*_EVALUATIONS):
            for_part = t.body_part is not None and normalize_body_part(t.body_part) == key
            if not (for_part or (t.body_part is None and t.provider in of_specialty)):
                continue
            entry = open_entry(t, ctx.mmi_date, window)
            if entry is not None:
                pending.append((t, entry))
        label = Label(dict(specialty.label))
        values = {"body_part": Quoted(part), "specialty": label, "mmi_date": ctx.mmi_date}
        actions: list[Step] = []
        if pending:
            items = Items(
                tuple(PendingItem(t.description, e.status, t.category) for t, e in pending)
            )
            explanation = both(
                "rules.SPECIALTY_NOT_EVALUATED.explanation_pending", items=items, **values
            )
            for t, e in pending:
                if e.status in REVIEW_STATUSES:
                    actions.append(both("actions.pursue_review", item=Quoted(t.description)))
            reason = "pending"
        elif not _evaluated(case, part, specialty, ctx.mmi_date):
            explanation = both("rules.SPECIALTY_NOT_EVALUATED.explanation_never", **values)
            reason = "never"
        else:
            continue
        # 8 CCR 31.7: a panel in another specialty when the evaluator's does not reach it.
        ask = "actions.additional_panel" if ctx.evaluator else "actions.specialty_referral"
        actions.insert(0, both(ask, specialty=label, body_part=Quoted(part)))
        actions.append(client_letter())
        facts: dict[str, object] = {
            "body_part": part,
            "specialty": specialty.key,
            "reason": reason,
            "pending": [t.description for t, _ in pending],
        }
        evidence = (body_part_evidence(part), *(t.id for t, _ in pending))
        yield rule_.flag(ctx, evidence, facts, explanation, actions)



@rule("NO_EXAM_AFTER_TREATMENT", Severity.MEDIUM)
def no_exam_after_treatment(rule_: Rule, ctx: RuleContext) -> Iterator[Flag]:
    """The declaring physician's last visit on or before the declaration is before the last
    treatment (for a covered body part, or none) completed on or before it: the physician
    declared MMI without examining the client after that treatment. A physician with no
    visit recorded does not fire (the absence of data is not evidence).

    Facts: provider (name), last_visit, item, completed (its completion date), days,
    mmi_date, objection_due, objection_estimated.
    """
    provider = ctx.case.provider(ctx.declaration.provider)
    if provider is None:
        return
    own = [v.date for v in ctx.case.visits if v.provider == provider.id and v.date <= ctx.mmi_date]
    if not own:
        return
    last_visit = max(own)
    latest: tuple[date, str, str] | None = None
    for t in ctx.case.treatments:
        if not ctx.covers(t.body_part):
            continue
        done = [
            h.date
            for h in t.history
            if h.status is TreatmentStatus.COMPLETED and h.date <= ctx.mmi_date
        ]
        if done and (latest is None or max(done) > latest[0]):
            latest = (max(done), t.id, t.description)
    if latest is None or last_visit >= latest[0]:
        return
    completed, tid, description = latest
    explanation = both(
        "rules.NO_EXAM_AFTER_TREATMENT.explanation",
        provider=provider.name,
        last_visit=last_visit,
        item=Quoted(description),
        completed=completed,
        days=(completed - last_visit).days,
        mmi_date=ctx.mmi_date,
    )
    facts: dict[str, object] = {
        "provider": provider.name,
        "last_visit": last_visit,
        "item": description,
        "completed": completed,
        "days": (completed - last_visit).days,
    }
    actions: list[Step] = [
        supplemental(Phrase("actions.reexamination")),
        client_letter(),
    ]
    yield rule_.flag(ctx, (tid, visit_evidence(last_visit)), facts, explanation, actions)

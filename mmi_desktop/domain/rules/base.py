"""What every premature-MMI rule shares: the context it reads, how a flag is built.

Evidence ids (what a flag points at, for the timeline to highlight):
- a treatment: its own id, as in the case file (`t2`);
- a visit: `visit:YYYY-MM-DD` (its date);
- a body part: `body_part:NAME`, NAME lower case with single spaces (`body_part:left shoulder`);
- the declaring provider: `provider:ID`;
- the date of injury: `claim:date_of_injury`;
- a field of a declaration: `declaration:ID:FIELD` (`declaration:m1:future_medical`);
- an impairment: `impairment:DECLARATION_ID:INDEX` (0-based place in the declaration's list).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from mmi_desktop.domain import rates
from mmi_desktop.domain.analysis_text import LANGUAGES, Phrase, Text, both, lazy_by_language, render
from mmi_desktop.domain.deadlines import next_business_day
from mmi_desktop.domain.model import (
    EVALUATOR_ROLES,
    Case,
    Language,
    MMIDeclaration,
    Provider,
    ServiceMethod,
    StatusChange,
    Treatment,
    TreatmentCategory,
    TreatmentStatus,
)
from mmi_desktop.domain.results import Deadline, Flag, LocalText, Severity
from mmi_desktop.domain.thresholds import Thresholds

OPEN_STATUSES = frozenset(
    {
        TreatmentStatus.RECOMMENDED,
        TreatmentStatus.REQUESTED,
        TreatmentStatus.UNDER_REVIEW,
        TreatmentStatus.AUTHORIZED,
        TreatmentStatus.MODIFIED,
        TreatmentStatus.IMR_REQUESTED,
        TreatmentStatus.IMR_OVERTURNED,
        TreatmentStatus.SCHEDULED,
        TreatmentStatus.IN_PROGRESS,
    }
)
# Statuses where a UR or IMR decision (or the chance to ask for one) is still pending.
REVIEW_STATUSES = frozenset(
    {
        TreatmentStatus.REQUESTED,
        TreatmentStatus.UNDER_REVIEW,
        TreatmentStatus.MODIFIED,
        TreatmentStatus.DENIED,
        TreatmentStatus.IMR_REQUESTED,
    }
)




@lru_cache(maxsize=4096)
def normalize_body_part(name: str) -> str:
    """Body parts compare without case or extra spaces."""
    return " ".join(name.split()).casefold()


def body_part_evidence(name: str) -> str:
    return f"body_part:{normalize_body_part(name)}"


def visit_evidence(day: date) -> str:
    return f"visit:{day.isoformat()}"


def imr_last_day(entry: StatusChange, imr_window_days: int) -> date | None:
    """The last day to ask for IMR of a UR decision whose service is recorded: service plus
    the time CCP 1013 / 1010.6 add for how it was served (mail when not said), plus the
    window, moved off a weekend or holiday (an act: CCP 12a). None when service is unknown."""
    if entry.served is None:
        return None
    way = (entry.served_by or ServiceMethod.MAIL).value
    extension = rates.service_extensions()[way]
    end = entry.served + timedelta(days=imr_window_days)
    if extension.court_days:
        # CCP 1010.6(a)(3)(B) extends the period "by two court days": counted on from the
        # end of the period, each a day the courts are open.
        for _ in range(extension.days):
            end = next_business_day(end + timedelta(days=1))
        return end
    return next_business_day(end + timedelta(days=extension.days))


def open_entry(treatment: Treatment, day: date, imr_window_days: int) -> StatusChange | None:
    """The status entry that makes a treatment open on `day`, or None if it is closed
    or did not exist yet. A denial is open while less than `imr_window_days` old, or, when
    its service is recorded, up to the last day to ask for IMR (imr_last_day)."""
    entry = treatment.status_on(day)
    if entry is None:
        return None
    if entry.status in OPEN_STATUSES:
        return entry
    if entry.status is TreatmentStatus.DENIED:
        last = imr_last_day(entry, imr_window_days)
        if last is not None:
            return entry if day <= last else None
        if (day - entry.date).days < imr_window_days:
            return entry
    return None


def by_category(case: Case) -> dict[TreatmentCategory, tuple[Treatment, ...]]:
    grouped: dict[TreatmentCategory, list[Treatment]] = {}
    for t in case.treatments:
        grouped.setdefault(t.category, []).append(t)
    return {category: tuple(items) for category, items in grouped.items()}


@dataclass(frozen=True)
class RuleContext:
    """One declaration read against the case record."""

    case: Case
    declaration: MMIDeclaration
    as_of: date
    thresholds: Thresholds
    objection: Deadline | None  # the declaration's OBJECTION_TO_REPORT deadline
    covered: frozenset[str]  # the declaration's body parts, normalized
    by_category: Mapping[TreatmentCategory, tuple[Treatment, ...]]

    @classmethod
    def build(
        cls,
        case: Case,
        declaration: MMIDeclaration,
        as_of: date,
        thresholds: Thresholds,
        objection: Deadline | None,
        grouped: Mapping[TreatmentCategory, tuple[Treatment, ...]] | None = None,
    ) -> RuleContext:
        """`grouped`: the case's treatments by category, when already at hand."""
        covered = frozenset(normalize_body_part(b) for b in declaration.body_parts)
        if grouped is None:
            grouped = by_category(case)
        return cls(case, declaration, as_of, thresholds, objection, covered, grouped)

    def treatments(self, *categories: TreatmentCategory) -> Iterator[Treatment]:
        """The case's treatments of these categories, in the record's order."""
        if len(categories) == 1:
            return iter(self.by_category.get(categories[0], ()))
        return (t for t in self.case.treatments if t.category in categories)

    @property
    def mmi_date(self) -> date:
        return self.declaration.date

    def covers(self, body_part: str | None) -> bool:
        """Whether a treatment for `body_part` bears on this declaration: it has no body
        part, the declaration lists none (coverage unknown), or the declaration covers it."""
        if body_part is None or not body_part.strip() or not self.covered:
            return True
        return normalize_body_part(body_part) in self.covered

    @property
    def evaluator(self) -> Provider | None:
        """The QME or AME who declared MMI, or None for anyone else (or nobody known).
        LC 4062(a) objections are to the treating physician's findings, not an evaluator's."""
        provider = self.case.provider(self.declaration.provider)
        if provider is not None and provider.role in EVALUATOR_ROLES:
            return provider
        return None

    def review_actions(self) -> list[Text]:
        """How to challenge the declaration: the LC 4062(a) objection for a treating
        physician's report; for a QME's or AME's, a supplemental report or a deposition."""
        evaluator = self.evaluator
        if evaluator is None:
            objection = self.objection_action()
            return [objection] if objection is not None else []
        values = {"role": Phrase(f"role_short.{evaluator.role.value}"), "name": evaluator.name}
        return [both("actions.evaluator_deposition", **values)]

    def objection_action(self) -> Text | None:
        """'Object to the report and request a panel QME by ...', with the deadline."""
        deadline = self.objection
        if deadline is None or self.evaluator is not None:
            return None
        estimated: object = Phrase("actions.estimated") if deadline.estimated else ""
        key = "actions.object_passed" if deadline.due < self.as_of else "actions.object"
        return both(key, due=deadline.due, estimated=estimated)

    def objection_facts(self) -> dict[str, object]:
        deadline = self.objection
        return {
            "objection_due": deadline.due if deadline else None,
            "objection_estimated": deadline.estimated if deadline else None,
        }


@dataclass(frozen=True)
class Action:
    """An action whose wording depends on who declared MMI: the treating physician (the
    key as it is) or a QME/AME (the key's `_evaluator` form, or nothing when `evaluator`
    says the action does not fit an evaluator's report)."""

    key: str
    values: tuple[tuple[str, object], ...] = ()
    for_evaluator: bool = True

    def resolve(self, ctx: RuleContext) -> Text | None:
        evaluator = ctx.evaluator
        if evaluator is None:
            return both(self.key, **dict(self.values))
        if not self.for_evaluator:
            return None
        role = Phrase(f"role_short.{evaluator.role.value}")
        return both(f"{self.key}_evaluator", role=role, name=evaluator.name, **dict(self.values))


# One step a flag offers: a text, an action worded by who declared MMI, or nothing.
Step = Text | Action | None

CheckFn = Callable[["Rule", RuleContext], Iterable[Flag]]


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue: its id, severity and the check that yields its flags."""

    id: str
    severity: Severity
    check: CheckFn

    def __call__(self, ctx: RuleContext) -> list[Flag]:
        return list(self.check(self, ctx))

    @property
    def uses_objection(self) -> bool:
        """High and medium flags offer the objection (and show its deadline)."""
        return self.severity is not Severity.LOW

    def flag(
        self,
        ctx: RuleContext,
        evidence: Iterable[str],
        facts: dict[str, object],
        explanation: Text,
        actions: Iterable[Step],
    ) -> Flag:
        """A flag of this rule, titled from the wording catalogue."""
        steps: list[Text] = []
        if self.uses_objection:
            steps.extend(ctx.review_actions())
            facts = {**facts, **ctx.objection_facts()}
        for action in actions:
            if isinstance(action, Action):
                resolved = action.resolve(ctx)
                if resolved is not None:
                    steps.append(resolved)
            elif action is not None:
                steps.append(action)
        rule_id = self.id

        def write() -> dict[Language, LocalText]:
            return {
                lang: LocalText(
                    title=render(lang, f"rules.{rule_id}.title"),
                    explanation=explanation[lang],
                    actions=tuple(step[lang] for step in steps),
                )
                for lang in LANGUAGES
            }

        texts = lazy_by_language(write)
        facts = {"mmi_date": ctx.mmi_date, **facts}
        return Flag(self.id, self.severity, ctx.declaration.id, tuple(evidence), texts, facts)


def rule(rule_id: str, severity: Severity) -> Callable[[CheckFn], Rule]:
    """Declare a check function as a catalogue rule."""

    def wrap(check: CheckFn) -> Rule:
        return Rule(rule_id, severity, check)

    return wrap


def client_letter() -> Text:
    return both("actions.client_letter")


def second_opinion() -> Action:
    """A second opinion within the MPN: about a treating physician, so not for a QME/AME."""
    return Action("actions.second_opinion", for_evaluator=False)


def supplemental(item: object) -> Action:
    return Action("actions.supplemental", (("item", item),))


def supplemental_stability() -> Action:
    return Action("actions.supplemental_stability")

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
from datetime import date
from functools import lru_cache

from mmi_desktop.domain.analysis_text import LANGUAGES, Phrase, Text, both, lazy_by_language, render
from mmi_desktop.domain.model import (
    Case,
    Language,
    MMIDeclaration,
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


def open_entry(treatment: Treatment, day: date, imr_window_days: int) -> StatusChange | None:
    """The status entry that makes a treatment open on `day`, or None if it is closed
    or did not exist yet. A denial is open while less than `imr_window_days` old."""
    entry = treatment.status_on(day)
    if entry is None:
        return None
    if entry.status in OPEN_STATUSES:
        return entry
    if entry.status is TreatmentStatus.DENIED and (day - entry.date).days < imr_window_days:
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

    def objection_action(self) -> Text | None:
        """'Object to the report and request a panel QME by ...', with the deadline."""
        deadline = self.objection
        if deadline is None:
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
        actions: Iterable[Text | None],
    ) -> Flag:
        """A flag of this rule, titled from the wording catalogue."""
        steps: list[Text] = []
        if self.uses_objection:
            objection = ctx.objection_action()
            if objection is not None:
                steps.append(objection)
            facts = {**facts, **ctx.objection_facts()}
        steps.extend(a for a in actions if a is not None)
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


def second_opinion() -> Text:
    return both("actions.second_opinion")


def supplemental(item: object) -> Text:
    return both("actions.supplemental", item=item)


def supplemental_stability() -> Text:
    return both("actions.supplemental_stability")

"""From the physician's WPI to the PD rating, by the 2005 rating schedule (PDRS).

For each impairment of a declaration: WPI (+ any pain add-on) -> FEC (the Section 2 rank and
table for injuries 2005-2012; x 1.4 from 2013, LC 4660.1(b)) -> occupational variant
(group x impairment number, Section 4) -> occupational adjustment (Section 5) -> age
adjustment (age at injury, Section 6) -> LC 4663 apportionment -> LC 4664 prior award.
The impairments of one arm or leg are combined first and held to the extremity's maximum;
then everything is combined by the Combined Values Chart (Section 8), largest first, or
added where the firm recorded why (Kite).

An entered `final_rating` stands for the schedule's figure of its impairment. When the
full rating cannot be had (no group, no date of birth, a number the schedule does not
know), the rating says what is missing and falls back to the estimate the app always
made: the FEC-adjusted figure (or the entered final rating), apportioned and combined.
All figures and rules come from the tables in pdrs.py; every step rounds half up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from mmi_desktop.domain import rates
from mmi_desktop.domain.analysis_text import Items, Phrase, Quoted, Text, both
from mmi_desktop.domain.model import (
    Case,
    CombineMethod,
    Impairment,
    MMIDeclaration,
    PsychSleepSexualException,
)
from mmi_desktop.domain.pdrs import Extremity, Schedule, schedule

_ONE = Decimal(1)
_HUNDRED = Decimal(100)
SEP = " - "
COMPUTED = "computed"
ENTERED = "entered"


def round_whole(value: Decimal) -> int:
    """Half up to a whole number (7.5 -> 8), as the rating steps require."""
    return int(value.quantize(_ONE, rounding=ROUND_HALF_UP))


def combine_values(ratings: Sequence[int]) -> tuple[int, list[str]]:
    """The Combined Values Chart, largest first, and the steps as raters write them."""
    ordered = sorted(ratings, reverse=True)
    if not ordered:
        return 0, []
    table = schedule()
    current = ordered[0]
    steps: list[str] = []
    for b in ordered[1:]:
        combined = table.combine(current, b)
        steps.append(f"{current} C {b} = {combined}")
        current = combined
    return min(current, 100), steps


def add_values(ratings: Sequence[int]) -> int:
    """Ratings added instead of combined (Kite; Vigil), never above 100."""
    return min(sum(ratings), 100)


def _add_steps(ratings: Sequence[int]) -> tuple[int, list[str]]:
    total = add_values(ratings)
    if len(ratings) < 2:
        return total, []
    return total, [" + ".join(str(v) for v in ratings) + f" = {total}"]


def apportion(rating: Decimal, pct: Decimal | None) -> int:
    """The rating x (1 - pct/100), whole (LC 4663); no apportionment entered counts as none."""
    if not pct and rating == rating.to_integral_value():
        return int(rating)
    share = _ONE - (pct or Decimal(0)) / _HUNDRED
    return round_whole(rating * share)


def subtract_prior_award(rating: int, prior: Decimal | None) -> int:
    """The rating less a prior award's percentage points (LC 4664(b)), never below 0."""
    if prior is None:
        return rating
    return max(0, round_whole(Decimal(rating) - prior))


def age_on(birth: date, day: date) -> int:
    """Completed years on a day."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


_LEFT = re.compile(r"\b(left|lt|izquierd[oa]s?)\b", re.IGNORECASE)
_RIGHT = re.compile(r"\b(right|rt|derech[oa]s?)\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def side_of(body_part: str | None) -> str | None:
    """'left' or 'right' when the body part names one side only."""
    if not body_part:
        return None
    left, right = bool(_LEFT.search(body_part)), bool(_RIGHT.search(body_part))
    if left == right:
        return None
    return "left" if left else "right"


def _num(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def impairment_label(impairment: Impairment, index: int) -> str:
    """How an impairment is named in text: its body part, else its number, else its place."""
    return impairment.body_part or impairment.impairment_number or f"#{index + 1}"


def _label_phrase(impairment: Impairment, index: int) -> Phrase:
    if impairment.body_part:
        return Phrase(
            "reasons.impairment_label_body_part",
            values=(("body_part", Quoted(impairment.body_part)),),
        )
    if impairment.impairment_number:
        return Phrase(
            "reasons.impairment_label_number", values=(("number", impairment.impairment_number),)
        )
    return Phrase("reasons.impairment_label_index", values=(("index", index + 1),))


# --- results ------------------------------------------------------------------------------


@dataclass(slots=True)  # not frozen: made for every impairment of every case, and read only
class ImpairmentRating:
    """One impairment's way from WPI to the rating that is combined."""

    index: int
    label: str
    body_part: str | None
    impairment_number: str | None
    wpi: Decimal | None  # the impairment standard rated: the WPI plus any pain add-on
    pain_add_on: Decimal | None
    fec_rank: int | None  # None from 2013 (flat 1.4) and where the schedule gives none
    fec_factor: Decimal | None  # the flat or entered factor used instead of a rank
    fec_adjusted: int | None
    occupational_group: int | None
    variant: str | None
    occupation_adjusted: int | None
    age: int | None
    age_adjusted: int | None  # the schedule's rating of this impairment, when computed
    final_rating: Decimal | None  # the firm's entered rating, which wins when present
    apportionment_pct: Decimal | None
    prior_award_pct: Decimal | None
    rating: int | None  # after apportionment and prior award: the figure combined
    string: str | None  # '15.03.01.00 - 10 - [5]13 - 351G - 15 - 13' (the known part)
    source: str  # COMPUTED or ENTERED
    extremity: str | None  # 'left leg', 'right arm'... when the schedule groups it
    left_out: Text | None = None  # why the impairment does not count (LC 4660.1(c))
    missing: tuple[Text, ...] = ()  # what the schedule's rating of it still needs
    estimate: int | None = None  # the fallback figure (FEC-adjusted or entered, apportioned)

    @property
    def fec_rating(self) -> int | None:
        return self.fec_adjusted


@dataclass(slots=True)  # not frozen: one for every case analysed; treat it as a value
class Rating:
    """The PD rating of one declaration computed from its impairments."""

    percent: Decimal | None  # what PD uses: the full rating, else the estimate
    parts: tuple[ImpairmentRating, ...]
    method: CombineMethod
    combine_reason: str | None
    estimate: bool  # percent is the fallback estimate, not the schedule's full rating
    string: str | None  # the strings and the combining steps in one line
    reason: Text | None = None  # why percent is None
    combined: int | None = None  # the schedule's full rating, when it can be had
    steps: tuple[str, ...] = ()  # the combining steps of the full rating
    missing: tuple[Text, ...] = ()  # what the full rating still needs
    schedule: str = "PDRS 2005"
    notes: tuple[Text, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return self.combined is not None

    @property
    def apportionment_missing(self) -> tuple[str, ...]:
        """Labels of the impairments (those that count) whose apportionment is not addressed."""
        return tuple(
            p.label for p in self.parts if p.apportionment_pct is None and p.left_out is None
        )


# --- one impairment -----------------------------------------------------------------------


@dataclass(slots=True)
class _Claim:
    """What the rating needs to know of the case besides the declaration."""

    doi: date
    group: int | None
    age: int | None
    exception: PsychSleepSexualException | None
    physical_injury: bool


@dataclass(frozen=True, slots=True)
class _Chain:
    """The schedule's steps for one impairment standard, from the FEC step to the age step."""

    rank: int | None
    factor: Decimal | None  # the flat or entered factor used instead of a rank
    fec: int | None
    variant: str | None
    occupation: int | None
    aged: int | None
    string: str | None
    fec_problem: str | None  # why no FEC figure: "range" (entered factor) or "rank"


@lru_cache(maxsize=65536)
def _chain(
    number: str | None,
    wpi: Decimal | None,
    entered_factor: Decimal | None,
    rule: rates.FECRule,
    group: int | None,
    age: int | None,
) -> _Chain:
    """WPI -> FEC -> variant -> occupation -> age, as far as the facts go (pure, cached: the
    same number, WPI, group and age recur across cases)."""
    table = schedule()
    facts = _number_facts(number, group)
    rank: int | None = None
    factor: Decimal | None = None
    fec: int | None = None
    problem: str | None = None
    if wpi is None:
        pass
    elif rule.method == "flat" and rule.factor is not None:
        factor = rule.factor
        fec = min(round_whole(wpi * rule.factor), rule.max_rating)
    elif facts.rank is not None:
        rank = facts.rank
        fec = min(table.fec_adjust(wpi, facts.rank), rule.max_rating)
    elif entered_factor is not None and rule.factor_min <= entered_factor <= rule.factor_max:
        factor = entered_factor
        fec = min(round_whole(wpi * entered_factor), rule.max_rating)
    else:
        problem = "range" if entered_factor is not None else "rank"
    variant = facts.variant
    occupation = table.occupation_adjust(fec, variant) if fec is not None and variant else None
    aged = table.age_adjust(occupation, age) if occupation is not None and age is not None else None
    string = _string(number, wpi, rank, factor, fec, group, variant, occupation, aged)
    return _Chain(rank, factor, fec, variant, occupation, aged, string, problem)


def _fec_reason(
    chain: _Chain, rule: rates.FECRule, impairment: Impairment, index: int, doi: date
) -> Text | None:
    """Why an impairment has no FEC figure, in words."""
    if impairment.wpi is None:
        return both("reasons.no_wpi", label=_label_phrase(impairment, index))
    if chain.fec_problem == "range":
        return both(
            "reasons.fec_factor_range",
            factor=str(impairment.fec_factor),
            label=_label_phrase(impairment, index),
            factor_min=str(rule.factor_min),
            factor_max=str(rule.factor_max),
        )
    if chain.fec_problem == "rank":
        return both(
            "rating.no_fec_rank",
            doi=doi,
            label=_label_phrase(impairment, index),
            factor_min=str(rule.factor_min),
            factor_max=str(rule.factor_max),
        )
    return None


@dataclass(frozen=True)
class _Facts:
    """What the schedule says of one impairment number for one group (cached per pair)."""

    rank: int | None = None
    variant: str | None = None
    number_problem: str | None = None  # the wording key of why the number does not serve
    variant_problem: str | None = None  # the wording key of why no variant is found
    see: tuple[str, ...] = ()


@lru_cache(maxsize=4096)
def _number_facts(number: str | None, group: int | None) -> _Facts:
    """The FEC rank and variant of an impairment number, or what stands in the way."""
    table = schedule()
    if not number:
        return _Facts(number_problem="rating.missing_number")
    known_group = group is not None and group in table.group_index
    if number in table.see_rows:
        entry = table.impairments.get(number)
        rank = entry.fec_rank if entry is not None else None
        see = table.see_rows[number].see
        return _Facts(rank=rank, variant_problem="rating.see_other_rows", see=see)
    entry = table.impairments.get(number)
    if entry is not None and entry.fec_rank is None:
        return _Facts(number_problem="rating.variable_rank")
    if entry is not None:
        if not known_group or group is None:
            return _Facts(rank=entry.fec_rank)
        variant = table.variant(number, group)
        problem = None if variant is not None else "rating.no_variant_row"
        return _Facts(rank=entry.fec_rank, variant=variant, variant_problem=problem)
    base = table.analogy_base(number)
    if not base:
        return _Facts(number_problem="rating.number_not_in_schedule")
    ranks = {b.fec_rank for b in base}
    if len(ranks) != 1 or None in ranks:
        return _Facts(number_problem="rating.analogy_ambiguous")
    rank = ranks.pop()
    if not known_group or group is None:
        return _Facts(rank=rank)
    direct = table.variant(number, group)
    letters = {direct} if direct is not None else {table.variant(b.number, group) for b in base}
    if len(letters) == 1 and None not in letters:
        return _Facts(rank=rank, variant=letters.pop())
    return _Facts(rank=rank, variant_problem="rating.analogy_ambiguous")


def _problem(key: str, facts: _Facts, impairment: Impairment, index: int) -> Text:
    """A problem of the facts, in words."""
    return both(
        key,
        number=impairment.impairment_number or "",
        label=_label_phrase(impairment, index),
        rows=Items(facts.see),
    )


def _string(
    number: str | None,
    wpi: Decimal | None,
    rank: int | None,
    factor: Decimal | None,
    fec: int | None,
    group: int | None,
    variant: str | None,
    occupation: int | None,
    age_adjusted: int | None,
) -> str | None:
    """The rating string as raters write it, up to the first step that is not known."""
    pieces: list[str] = [number] if number else []
    if wpi is None:
        return number
    pieces.append(str(round_whole(wpi)))
    if fec is None:
        return SEP.join(pieces)
    bracket = str(rank) if rank is not None else (_num(factor) if factor is not None else "")
    pieces.append(f"[{bracket}]{fec}")
    if group is None or variant is None or occupation is None:
        return SEP.join(pieces)
    pieces += [f"{group}{variant}", str(occupation)]
    if age_adjusted is not None:
        pieces.append(str(age_adjusted))
    return SEP.join(pieces)


def _left_out(table: Schedule, impairment: Impairment, index: int, claim: _Claim) -> Text | None:
    """Why LC 4660.1(c) leaves an impairment out of the rating, or None."""
    rule = table.psych_rule
    number = impairment.impairment_number
    if claim.doi < rule.applies_from or not number or not claim.physical_injury:
        return None
    kind = rule.categories.get(number)
    if kind is None:
        return None
    if claim.exception is not None and claim.exception.value in rule.exceptions:
        return None
    return both(
        "rating.left_out_4660_1_c",
        label=_label_phrase(impairment, index),
        kind=Phrase(f"rating.kind_{kind}"),
    )


def rate_impairment(
    impairment: Impairment, index: int, rule: rates.FECRule, claim: _Claim
) -> tuple[ImpairmentRating, Text | None]:
    """One impairment rated as far as the record allows, and why no estimate can be had."""
    table = schedule()
    label = impairment_label(impairment, index)
    number = impairment.impairment_number
    side = side_of(impairment.body_part)
    limb = _extremity(number) if number else None
    extremity = f"{side} {limb.name}" if limb is not None and side is not None else None
    if limb is not None and side is None:
        extremity = f"? {limb.name}"
    wpi = None
    if impairment.wpi is not None:
        wpi = min(impairment.wpi + (impairment.pain_add_on or Decimal(0)), _HUNDRED)
    left_out = _left_out(table, impairment, index, claim)
    facts = _number_facts(number, claim.group)
    chain = _chain(number, wpi, impairment.fec_factor, rule, claim.group, claim.age)
    fec = chain.fec
    aged = chain.aged
    missing: list[Text] = []
    if impairment.final_rating is None and left_out is None:
        if wpi is None:
            missing.append(both("rating.missing_wpi", label=_label_phrase(impairment, index)))
        for key in (facts.number_problem, facts.variant_problem):
            if key is not None:
                missing.append(_problem(key, facts, impairment, index))

    used: Decimal | None
    if impairment.final_rating is not None:
        used = impairment.final_rating
    elif aged is not None:
        used = Decimal(aged)
    else:
        used = None
    final = None
    if used is not None and left_out is None and not missing:
        final = subtract_prior_award(
            apportion(used, impairment.apportionment_pct), impairment.prior_award_pct
        )

    fallback: Decimal | None = impairment.final_rating
    if fallback is None and fec is not None:
        fallback = Decimal(fec)
    estimate = None
    if fallback is not None and left_out is None:
        estimate = subtract_prior_award(
            apportion(fallback, impairment.apportionment_pct), impairment.prior_award_pct
        )
    part = ImpairmentRating(
        index,
        label,
        impairment.body_part,
        number,
        wpi,
        impairment.pain_add_on,
        chain.rank,
        chain.factor,
        fec,
        claim.group,
        chain.variant,
        chain.occupation,
        claim.age,
        aged,
        impairment.final_rating,
        impairment.apportionment_pct,
        impairment.prior_award_pct,
        final,
        chain.string,
        ENTERED if impairment.final_rating is not None else COMPUTED,
        extremity,
        left_out,
        tuple(missing),
        estimate,
    )
    if estimate is not None or left_out is not None:
        return part, None
    return part, _fec_reason(chain, rule, impairment, index, claim.doi)


@lru_cache(maxsize=4096)
def _extremity(number: str) -> Extremity | None:
    return schedule().extremity_of(number)


# --- extremities and the whole -------------------------------------------------------------


@lru_cache(maxsize=4096)
def _maximum(
    rule: rates.FECRule, limb: Extremity, variant: str, group: int, age: int
) -> tuple[int, str] | None:
    """The extremity's amputation value adjusted for FEC, occupation and age, and its string."""
    table = schedule()
    number = limb.maximum_number
    entry = table.impairments[number]
    if rule.method == "flat" and rule.factor is not None:
        rank, factor = None, rule.factor
        fec = min(round_whole(limb.maximum_wpi * rule.factor), rule.max_rating)
    elif entry.fec_rank is not None:
        rank, factor = entry.fec_rank, None
        fec = table.fec_adjust(limb.maximum_wpi, entry.fec_rank)
    else:
        return None
    occupation = table.occupation_adjust(fec, variant)
    aged = table.age_adjust(occupation, age)
    string = _string(number, limb.maximum_wpi, rank, factor, fec, group, variant, occupation, aged)
    return aged, string or ""


def _combine(method: CombineMethod) -> Callable[[Sequence[int]], tuple[int, list[str]]]:
    return _add_steps if method is CombineMethod.ADD else combine_values


def _full_rating(
    parts: Sequence[ImpairmentRating], method: CombineMethod, rule: rates.FECRule, claim: _Claim
) -> tuple[int, list[str]]:
    """The extremities combined and held to their maximum, then everything combined."""
    table = schedule()
    combine = _combine(method)
    counted = [p for p in parts if p.rating is not None]
    values: list[int] = []
    steps: list[str] = []
    done: set[str] = set()
    for part in counted:
        if part.extremity is None:
            values.append(part.rating or 0)
            continue
        if part.extremity in done:
            continue
        done.add(part.extremity)
        members = [p for p in counted if p.extremity == part.extremity]
        composite, member_steps = combine([p.rating or 0 for p in members])
        steps += member_steps
        limb = table.extremity_of(part.impairment_number or "")
        letters = [p.variant for p in members if p.variant]
        variant = max(letters, key="CDEFGHIJ".index) if letters else None
        if limb is not None and variant is None and claim.group is not None:
            variant = table.variant(limb.maximum_number, claim.group)
        maximum = None
        if limb is not None and variant is not None and claim.group is not None:
            if claim.age is not None:
                maximum = _maximum(rule, limb, variant, claim.group, claim.age)
        if maximum is not None and composite > maximum[0]:
            steps.append(f"{composite} → {maximum[0]} (max {maximum[1]})")
            composite = maximum[0]
        values.append(composite)
    total, final_steps = combine(values)
    return total, steps + final_steps


def rate_declaration(
    declaration: MMIDeclaration,
    doi: date,
    occupational_group: int | None = None,
    date_of_birth: date | None = None,
    exception: PsychSleepSexualException | None = None,
    physical_injury: bool | None = None,
) -> Rating:
    """The PD rating computed from a declaration's impairments (its pd_percent is not used)."""
    method = declaration.combine
    table = schedule()
    if not declaration.impairments:
        reason = both("reasons.no_impairments", mmi_date=declaration.date)
        return Rating(None, (), method, declaration.combine_reason, False, None, reason)
    lookup = rates.fec_rule(doi)
    rule = lookup.value
    if rule is None or doi < table.applies_from:
        reason = lookup.reason or both("rating.before_schedule", doi=doi)
        return Rating(None, (), method, declaration.combine_reason, False, None, reason)
    if physical_injury is None:
        physical_injury = _has_physical(declaration.impairments)
    age = age_on(date_of_birth, doi) if date_of_birth is not None else None
    claim = _Claim(doi, occupational_group, age, exception, physical_injury)

    parts: list[ImpairmentRating] = []
    no_estimate: Text | None = None
    for index, impairment in enumerate(declaration.impairments):
        part, why = rate_impairment(impairment, index, rule, claim)
        parts.append(part)
        if why is not None and no_estimate is None:
            no_estimate = why

    parts = _sides(parts)
    missing = _claim_missing(parts, claim) + [m for p in parts for m in p.missing]
    notes = tuple(p.left_out for p in parts if p.left_out is not None)
    counted = [p for p in parts if p.left_out is None]
    combined: int | None = None
    steps: list[str] = []
    if not missing and counted and all(p.rating is not None for p in counted):
        combined, steps = _full_rating(counted, method, rule, claim)
    elif not counted:
        combined, steps = 0, []
    if combined is not None:
        strings = [p.string for p in counted if p.string]
        string = "; ".join(strings + steps) or None
        return Rating(
            Decimal(combined), tuple(parts), method, declaration.combine_reason, False, string,
            combined=combined, steps=tuple(steps), schedule=table.name, notes=notes,
        )  # fmt: skip

    if no_estimate is not None:
        return Rating(
            None, tuple(parts), method, declaration.combine_reason, False, None, no_estimate,
            missing=tuple(missing), schedule=table.name, notes=notes,
        )  # fmt: skip
    values = [p.estimate for p in counted if p.estimate is not None]
    percent, estimate_steps = _combine(method)(values)
    strings = [p.string for p in counted if p.string]
    string = "; ".join(strings + estimate_steps) or None
    return Rating(
        Decimal(percent), tuple(parts), method, declaration.combine_reason, True, string,
        missing=tuple(missing), schedule=table.name, notes=notes,
    )  # fmt: skip


def _sides(parts: list[ImpairmentRating]) -> list[ImpairmentRating]:
    """An arm or leg impairment whose side is not written needs it only when the declaration
    rates another impairment of the same kind of limb (they might be one extremity)."""
    if not any(p.extremity is not None and p.extremity.startswith("? ") for p in parts):
        return parts
    out: list[ImpairmentRating] = []
    for part in parts:
        if part.extremity is None or not part.extremity.startswith("? ") or part.left_out:
            out.append(part)
            continue
        limb = part.extremity[2:]
        others = [
            p
            for p in parts
            if p is not part and p.left_out is None and (p.extremity or "").endswith(" " + limb)
        ]
        if not others:
            out.append(replace(part, extremity=limb))
            continue
        label = Phrase(
            "reasons.impairment_label_body_part", values=(("body_part", Quoted(part.label)),)
        )
        why = both("rating.missing_side", label=label)
        out.append(replace(part, rating=None, missing=(*part.missing, why)))
    return out


def _has_physical(impairments: Sequence[Impairment]) -> bool:
    """Whether a list of impairments rates a physical injury (anything but psychiatric, sleep
    or sexual-function impairment; an impairment without a number counts as physical)."""
    categories = schedule().psych_rule.categories
    return any(
        not i.impairment_number or i.impairment_number not in categories for i in impairments
    )


def _claim_missing(parts: Sequence[ImpairmentRating], claim: _Claim) -> list[Text]:
    """What the case lacks for the impairments that are rated from the schedule."""
    table = schedule()
    needs = [p for p in parts if p.final_rating is None and p.left_out is None]
    if not needs:
        return []
    missing: list[Text] = []
    if claim.group is None:
        missing.append(both("rating.missing_group"))
    elif claim.group not in table.group_index:
        missing.append(both("rating.unknown_group", group=claim.group))
    if claim.age is None:
        missing.append(both("rating.missing_birth"))
    return missing


def rate_case(case: Case, declaration: MMIDeclaration) -> Rating:
    """A declaration of a case rated with the case's group, date of birth and exception."""
    claim = case.claim
    physical = any(_has_physical(m.impairments) for m in case.mmi_declarations if m.impairments)
    return rate_declaration(
        declaration,
        claim.date_of_injury,
        claim.occupational_group,
        case.client.date_of_birth,
        claim.psych_sleep_sexual_exception,
        physical,
    )

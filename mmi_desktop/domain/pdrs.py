"""The 2005 rating schedule (PDRS) as data: its tables, loaded once and indexed for lookup.

The tables are resources/rates/pdrs/*.json, derived from the official PDF by
tools/extract_pdrs.py; the rules the schedule states in words are
resources/rates/rating_rules.json. Every lookup here is a plain function of those tables:
the rating steps that use them are in rating.py.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cache, lru_cache
from typing import Any

from mmi_desktop.paths import resource

NUMBER = re.compile(r"\d\d\.\d\d\.\d\d\.\d\d")
VARIANT_LETTERS = "CDEFGHIJ"


def _load(*parts: str) -> dict[str, Any]:
    with resource("rates", *parts).open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def half_up(value: Fraction) -> int:
    """Exact half-up rounding of a non-negative number (44.5 -> 45)."""
    return math.floor(value + Fraction(1, 2))


@dataclass(frozen=True)
class ScheduleImpairment:
    """A Section 2 row: the number, its title and FEC rank (None: 'Variable')."""

    number: str
    title: str
    fec_rank: int | None
    chapter: str


@dataclass(frozen=True)
class VariantRow:
    """A Section 4 row: an exact number, a number with XX pairs, or a range of prefixes."""

    key: str
    label: str
    variants: str  # one letter per group, in Schedule.groups order
    pairs: tuple[str | None, ...]  # None = XX (any); for a range, the first pair only
    low: str | None = None  # a range's second pair, from and to
    high: str | None = None

    @property
    def specificity(self) -> float:
        """Fixed pairs; a range of second pairs sits between one and two fixed pairs."""
        if self.low is not None:
            return 1.5
        return float(sum(p is not None for p in self.pairs))

    def matches(self, number: str) -> bool:
        pairs = number.split(".")
        if self.low is not None and self.high is not None:
            return pairs[0] == self.pairs[0] and self.low <= pairs[1] <= self.high
        return all(p is None or p == q for p, q in zip(self.pairs, pairs, strict=True))


@dataclass(frozen=True)
class SeeRow:
    """A Section 4 row that names other rows instead of giving variants (13.07.08.00)."""

    key: str
    text: str
    see: tuple[str, ...]


@dataclass(frozen=True)
class AgeBand:
    low: int | None
    high: int | None

    def contains(self, age: int) -> bool:
        return (self.low is None or self.low <= age) and (self.high is None or age <= self.high)


@dataclass(frozen=True)
class Extremity:
    """An arm or a leg: which numbers belong to it, and its amputation value."""

    name: str
    prefixes: tuple[str, ...]
    maximum_number: str
    maximum_wpi: Decimal

    def holds(self, number: str) -> bool:
        return number.startswith(self.prefixes)


@dataclass(frozen=True)
class PsychSleepSexualRule:
    """LC 4660.1(c): no increase for these impairments arising out of a physical injury."""

    applies_from: date
    categories: Mapping[str, str]  # impairment number -> psychiatric | sleep | sexual
    exceptions: tuple[str, ...]
    source: str


@dataclass(frozen=True, eq=False)  # one object, hashed by identity (lookups are cached)
class Schedule:
    """The tables the rating needs, indexed."""

    name: str
    applies_from: date
    impairments: Mapping[str, ScheduleImpairment]
    fec_table: Mapping[int, tuple[int, ...]]  # rank -> adjusted rating of WPI 1..100
    fec_first: Fraction
    fec_last: Fraction
    fec_steps: int
    groups: tuple[int, ...]
    group_index: Mapping[int, int]
    exact_rows: Mapping[str, VariantRow]
    other_rows: tuple[VariantRow, ...]  # wildcards and ranges, most specific first
    see_rows: Mapping[str, SeeRow]
    occupational: Mapping[str, tuple[int, ...]]  # variant -> rating 0..100
    age_bands: tuple[AgeBand, ...]
    age_columns: tuple[tuple[int, ...], ...]  # band -> rating 1..100
    cvc: tuple[tuple[int, ...], ...]  # cvc[a - 1][b - 1], 1 <= b <= a <= 99
    pain_max: Decimal
    analogy_pair: str
    extremities: tuple[Extremity, ...]
    psych_rule: PsychSleepSexualRule

    # --- FEC ---------------------------------------------------------------------------------

    def fec_factor(self, rank: int) -> Fraction:
        """The exact factor of a rank: 1.1 to 1.4 in seven equal steps."""
        return self.fec_first + (self.fec_last - self.fec_first) * (rank - 1) / self.fec_steps

    def fec_adjust(self, wpi: Decimal, rank: int) -> int:
        """The FEC-adjusted rating: the table for a whole WPI, the exact product otherwise."""
        if wpi == wpi.to_integral_value() and 1 <= wpi <= 100:
            return self.fec_table[rank][int(wpi) - 1]
        return min(100, half_up(Fraction(wpi) * self.fec_factor(rank)))

    # --- Section 2 and 4 -----------------------------------------------------------------------

    def analogy_base(self, number: str) -> tuple[ScheduleImpairment, ...]:
        """For an analogy number (last pair 99): the schedule's numbers it stands beside."""
        if not number.endswith("." + self.analogy_pair):
            return ()
        stem = number[: -len(self.analogy_pair)]
        return tuple(i for n, i in self.impairments.items() if n.startswith(stem))

    def variant_row(self, number: str) -> VariantRow | None:
        return _variant_row(self, number)

    def variant(self, number: str, group: int) -> str | None:
        row = self.variant_row(number)
        index = self.group_index.get(group)
        if row is None or index is None:
            return None
        return row.variants[index]

    # --- Sections 5, 6 and 8 -------------------------------------------------------------------

    def occupation_adjust(self, rating: int, variant: str) -> int:
        return self.occupational[variant][rating]

    def age_band(self, age: int) -> int:
        return _age_band(self, age)

    def age_adjust(self, rating: int, age: int) -> int:
        if rating == 0:  # Section 6 starts at 1: nothing to adjust
            return 0
        return self.age_columns[self.age_band(age)][rating - 1]

    def combine(self, a: int, b: int) -> int:
        """Two ratings combined by the Combined Values Chart (Section 8)."""
        a, b = max(a, b), min(a, b)
        if b <= 0:
            return a
        if a >= 100:
            return 100
        return self.cvc[a - 1][b - 1]

    def extremity_of(self, number: str) -> Extremity | None:
        return next((e for e in self.extremities if e.holds(number)), None)


@lru_cache(maxsize=256)
def _age_band(schedule: Schedule, age: int) -> int:
    return next(i for i, band in enumerate(schedule.age_bands) if band.contains(age))


@lru_cache(maxsize=2048)
def _variant_row(schedule: Schedule, number: str) -> VariantRow | None:
    """The most specific Section 4 row holding a number (exact beats XX beats a range)."""
    exact = schedule.exact_rows.get(number)
    if exact is not None:
        return exact
    return next((row for row in schedule.other_rows if row.matches(number)), None)


def _variant_rows(data: dict[str, Any]) -> tuple[dict[str, VariantRow], tuple[VariantRow, ...]]:
    exact: dict[str, VariantRow] = {}
    other: list[VariantRow] = []
    for r in data["rows"]:
        if r["kind"] == "exact":
            exact[r["key"]] = VariantRow(r["key"], r["label"], r["variants"], ())
        elif r["kind"] == "wildcard":
            pairs = tuple(None if p == "XX" else p for p in r["key"].split("."))
            other.append(VariantRow(r["key"], r["label"], r["variants"], pairs))
        else:
            first, low = r["from"].split(".")
            first_to, high = r["to"].split(".")
            if first != first_to:
                raise ValueError(f"variant range across chapters: {r['key']}")
            other.append(VariantRow(r["key"], r["label"], r["variants"], (first,), low, high))
    other.sort(key=lambda row: -row.specificity)
    return exact, tuple(other)


@cache
def pain_add_on_max() -> Decimal:
    """The most WPI added for pain for one injury (PDRS Section 1 II.C.3)."""
    return Decimal(_load("rating_rules.json")["pain_add_on"]["max_wpi_per_injury"])


@cache
def schedule() -> Schedule:
    """The schedule's tables (read once)."""
    rules = _load("rating_rules.json")
    imp = _load("pdrs", "impairments.json")
    var = _load("pdrs", "variants.json")
    occ = _load("pdrs", "occupational_adjustment.json")
    age = _load("pdrs", "age_adjustment.json")
    cvc = _load("pdrs", "combined_values.json")
    exact, other = _variant_rows(var)
    factor = rules["fec_rank_factor"]
    psych = rules["psych_sleep_sexual"]
    categories = {n: kind for kind, ns in psych["impairment_numbers"].items() for n in ns}
    return Schedule(
        name=rules["schedule"],
        applies_from=date.fromisoformat(rules["applies_from"]),
        impairments={
            r["number"]: ScheduleImpairment(r["number"], r["title"], r["fec_rank"], r["number"][:2])
            for r in imp["impairments"]
        },
        fec_table={int(k): tuple(v) for k, v in imp["fec_table"]["ranks"].items()},
        fec_first=Fraction(factor["first"]),
        fec_last=Fraction(factor["last"]),
        fec_steps=int(factor["steps"]),
        groups=tuple(var["groups"]),
        group_index={g: i for i, g in enumerate(var["groups"])},
        exact_rows=exact,
        other_rows=other,
        see_rows={s["key"]: SeeRow(s["key"], s["text"], tuple(s["see"])) for s in var["see"]},
        occupational={v: tuple(col) for v, col in occ["variants"].items()},
        age_bands=tuple(AgeBand(b["from"], b["to"]) for b in age["bands"]),
        age_columns=tuple(tuple(col) for col in age["columns"]),
        cvc=tuple(tuple(row) for row in cvc["rows"]),
        pain_max=pain_add_on_max(),
        analogy_pair=rules["analogy_suffix"]["pair"],
        extremities=tuple(
            Extremity(
                e["name"], tuple(e["prefixes"]), e["maximum_number"], Decimal(e["maximum_wpi"])
            )
            for e in rules["extremities"]["rows"]
        ),
        psych_rule=PsychSleepSexualRule(
            date.fromisoformat(psych["applies_from"]),
            categories,
            tuple(psych["exceptions"]),
            psych["source"],
        ),
    )


# --- Section 3: occupations, for the pickers ---------------------------------------------------


@dataclass(frozen=True)
class Group:
    number: int
    kind_of_work: str
    strength: str

    @property
    def description(self) -> str:
        return f"{self.kind_of_work}; {self.strength.lower()} work"


@dataclass(frozen=True)
class Occupation:
    title: str
    industry: str
    group: int


@cache
def groups() -> Mapping[int, Group]:
    data = _load("pdrs", "occupations.json")
    return {g["group"]: Group(g["group"], g["kind_of_work"], g["strength"]) for g in data["groups"]}


@cache
def occupations() -> tuple[Occupation, ...]:
    """Section 3A: every occupation title, its industry and group (read on first use)."""
    data = _load("pdrs", "occupations.json")
    return tuple(Occupation(o["title"], o["industry"], o["group"]) for o in data["occupations"])


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^0-9a-z]+", text.casefold()) if w]


def _matches(words: list[str], haystack: tuple[str, ...]) -> bool:
    """Every word typed starts a word of the haystack ('fork op' finds FORKLIFT OPERATOR)."""
    return all(any(h.startswith(w) for h in haystack) for w in words)


@cache
def _occupation_index() -> tuple[tuple[Occupation, str, tuple[str, ...]], ...]:
    """Each occupation with its first title word and the words a search looks at."""
    index = []
    for occ in occupations():
        title = _words(occ.title)
        haystack = (*title, *_words(occ.industry), str(occ.group))
        index.append((occ, title[0] if title else "", haystack))
    return tuple(index)


def search_occupations(text: str, limit: int | None = 50) -> list[Occupation]:
    """Occupations whose title, industry or group holds every word typed (as a word start);
    titles that start with the first word come first, then by title."""
    words = _words(text)
    if not words:
        return list(occupations()[:limit])
    found = [
        (0 if first.startswith(words[0]) else 1, occ.title, occ)
        for occ, first, haystack in _occupation_index()
        if _matches(words, haystack)
    ]
    found.sort(key=lambda item: (item[0], item[1]))
    return [occ for _, _, occ in found[:limit]]


@cache
def _impairment_index() -> tuple[tuple[ScheduleImpairment, tuple[str, ...]], ...]:
    index = []
    for row in schedule().impairments.values():
        haystack = (
            *_words(row.title),
            *_words(_abbreviations(row.title)),
            row.number,
            row.number.replace(".", ""),
        )
        index.append((row, haystack))
    return tuple(index)


def search_impairments(text: str, limit: int | None = 50) -> list[ScheduleImpairment]:
    """Section 2 numbers whose number or title holds every word typed ('lumbar dre')."""
    typed = text.strip()
    if re.fullmatch(r"[\d.]+", typed):  # the start of a number: 15.03, 1503
        digits = typed.replace(".", "")
        rows = [
            row
            for row, _ in _impairment_index()
            if row.number.startswith(typed) or row.number.replace(".", "").startswith(digits)
        ]
        return rows[:limit]
    words = _words(typed)
    rows = [row for row, haystack in _impairment_index() if not words or _matches(words, haystack)]
    return rows[:limit]


def _abbreviations(title: str) -> str:
    """The abbreviations a title spells out, so that 'DRE' or 'ROM' finds it."""
    known = {
        "Diagnosis-related Estimate": "DRE",
        "Diagnosis-based Estimate": "DBE",
        "Range of Motion": "ROM",
        "Range of motion": "ROM",
    }
    return " ".join(abbr for full, abbr in known.items() if full in title)

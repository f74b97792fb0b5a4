"""The benefit tables as data: each row with its source and the injury dates it applies to.

The tables live in resources/rates/*.json and are loaded once. A lookup by date of injury
gives a `Lookup`: the row, or None with the reason in words when the tables do not cover
that date (never a guess from a neighbouring row).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, Generic, Protocol, TypeVar

from mmi_desktop.domain.analysis_text import Phrase, Text, both
from mmi_desktop.paths import resource


class DatedRow(Protocol):
    @property
    def applies_from(self) -> date | None: ...

    @property
    def applies_to(self) -> date | None: ...


R = TypeVar("R", bound=DatedRow)
T = TypeVar("T")


@dataclass(frozen=True)
class Lookup(Generic[T]):
    """A table row found for a date of injury, or None and why (in each language)."""

    value: T | None
    reason: Text | None = None


@dataclass(frozen=True)
class TDLimits:
    applies_from: date
    applies_to: date | None
    minimum: Decimal
    maximum: Decimal
    source: str


@dataclass(frozen=True)
class RatingBand:
    """A band of ratings, both ends inclusive, in 0.25 % steps."""

    low: Decimal
    high: Decimal
    value: Decimal

    def contains(self, rating: Decimal) -> bool:
        return self.low <= rating <= self.high


@dataclass(frozen=True)
class PDWeeklyLimits:
    applies_from: date
    applies_to: date | None
    minimum: Decimal
    bands: tuple[RatingBand, ...]  # value = the weekly maximum for the band
    source: str

    def maximum_for(self, rating: Decimal) -> Decimal | None:
        return next((b.value for b in self.bands if b.contains(rating)), None)


@dataclass(frozen=True)
class PDWeeksTable:
    applies_from: date
    applies_to: date | None
    step: Decimal
    bands: tuple[RatingBand, ...]  # value = weeks per 1 %
    source: str


@dataclass(frozen=True)
class LifePensionRule:
    applies_from: date
    applies_to: date | None
    rating_from: Decimal
    rating_to: Decimal
    factor: Decimal
    rating_base: Decimal
    awe_cap: Decimal
    source: str


@dataclass(frozen=True)
class TDCapRule:
    applies_from: date
    applies_to: date | None
    max_weeks: int
    within_years: int
    source: str
    # The LC 4656(c)(3) conditions this row is for; empty for the general cap.
    conditions: frozenset[str] = frozenset()
    # What the window runs from: 'injury' (the date of injury) or 'first_td' (the first day
    # of TD, LC 4656(c)(1)).
    window_from: str = "injury"


@dataclass(frozen=True)
class FECRule:
    """'flat': one factor for every impairment; 'rank': a factor per impairment, entered."""

    applies_from: date
    applies_to: date | None
    method: str
    factor: Decimal | None
    factor_min: Decimal
    factor_max: Decimal
    max_rating: int
    source: str


@dataclass(frozen=True)
class SJDBRule:
    applies_from: date
    applies_to: date | None
    voucher_amount: Decimal
    offer_window_days: int
    rtw_supplement_amount: Decimal
    rtw_apply_within_years: int
    source: str


@dataclass(frozen=True)
class RTWAdjustment:
    applies_from: date
    applies_to: date | None
    increase_pct: int
    decrease_pct: int
    offer_window_days: int
    min_employees: int
    source: str


@dataclass(frozen=True)
class DeadlinePeriods:
    applies_from: date
    applies_to: date | None
    objection_days_represented: int
    objection_days_unrepresented: int
    pd_first_payment_days: int
    pd_late_increase_pct: int
    new_and_further_years: int
    td_after_doi_years_lc_4661_5: int
    qme_report_days: int
    panel_qme_appointment_days: int
    source: str


@dataclass(frozen=True)
class ServiceExtension:
    """Time added to a period that runs from service, by the way of service (CCP 1013)."""

    days: int
    court_days: bool
    source: str


@dataclass(frozen=True)
class CountedHoliday:
    """A holiday a due date moves over, in the years `first` to `last` (None: no limit)."""

    name: str
    first: int | None
    last: int | None
    source: str

    def counts_in(self, year: int) -> bool:
        return (self.first is None or self.first <= year) and (
            self.last is None or year <= self.last
        )


@dataclass(frozen=True)
class HolidayPolicy:
    country: str
    subdivision: str
    counted: tuple[CountedHoliday, ...]
    description: str

    def counts(self, name: str, year: int) -> bool:
        """Whether a holiday of the library's calendar (by its name, observed days
        included) moves a deadline in `year`."""
        base = name.removesuffix(" (observed)")
        return any(h.name == base and h.counts_in(year) for h in self.counted)


def _load(name: str) -> dict[str, Any]:
    with resource("rates", f"{name}.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _bands(rows: list[dict[str, str]], value_key: str) -> tuple[RatingBand, ...]:
    return tuple(
        RatingBand(Decimal(b["from"]), Decimal(b["to"]), Decimal(b[value_key])) for b in rows
    )


def _span(row: dict[str, Any]) -> tuple[date, date | None]:
    start = _day(row["applies_from"])
    if start is None:
        raise ValueError(f"rate table row without applies_from: {row}")
    return start, _day(row.get("applies_to"))


@cache
def td_limits_table() -> tuple[TDLimits, ...]:
    return tuple(
        TDLimits(*_span(r), Decimal(r["min"]), Decimal(r["max"]), r["source"])
        for r in _load("td_limits")["rows"]
    )


@cache
def pd_weekly_limits_table() -> tuple[PDWeeklyLimits, ...]:
    return tuple(
        PDWeeklyLimits(*_span(r), Decimal(r["min"]), _bands(r["bands"], "max"), r["source"])
        for r in _load("pd_weekly_limits")["rows"]
    )


@cache
def pd_weeks_table() -> tuple[PDWeeksTable, ...]:
    return tuple(
        PDWeeksTable(
            *_span(r), Decimal(r["step"]), _bands(r["bands"], "weeks_per_percent"), r["source"]
        )
        for r in _load("pd_weeks")["rows"]
    )


@cache
def life_pension_table() -> tuple[LifePensionRule, ...]:
    return tuple(
        LifePensionRule(
            *_span(r),
            Decimal(r["rating_from"]),
            Decimal(r["rating_to"]),
            Decimal(r["factor"]),
            Decimal(r["rating_base"]),
            Decimal(r["awe_cap"]),
            r["source"],
        )
        for r in _load("life_pension")["rows"]
    )


def _td_cap_row(r: dict[str, Any]) -> TDCapRule:
    return TDCapRule(
        *_span(r),
        int(r["max_weeks"]),
        int(r["within_years"]),
        r["source"],
        frozenset(r.get("conditions", ())),
        r.get("window_from", "injury"),
    )


@cache
def td_cap_table() -> tuple[TDCapRule, ...]:
    return tuple(_td_cap_row(r) for r in _load("td_cap")["rows"])


@cache
def td_cap_exception_table() -> tuple[TDCapRule, ...]:
    return tuple(_td_cap_row(r) for r in _load("td_cap")["exceptions"])


@cache
def fec_table() -> tuple[FECRule, ...]:
    return tuple(
        FECRule(
            *_span(r),
            r["method"],
            Decimal(r["factor"]) if r["factor"] is not None else None,
            Decimal(r["factor_min"]),
            Decimal(r["factor_max"]),
            int(r["max_rating"]),
            r["source"],
        )
        for r in _load("fec")["rows"]
    )


@cache
def sjdb_table() -> tuple[SJDBRule, ...]:
    return tuple(
        SJDBRule(
            *_span(r),
            Decimal(r["voucher_amount"]),
            int(r["offer_window_days"]),
            Decimal(r["rtw_supplement_amount"]),
            int(r["rtw_apply_within_years"]),
            r["source"],
        )
        for r in _load("sjdb")["rows"]
    )


@cache
def rtw_adjustment_table() -> tuple[RTWAdjustment, ...]:
    return tuple(
        RTWAdjustment(
            *_span(r),
            int(r["increase_pct"]),
            int(r["decrease_pct"]),
            int(r["offer_window_days"]),
            int(r["min_employees"]),
            r["source"],
        )
        for r in _load("pd_rtw_adjustment")["rows"]
    )


@cache
def deadline_periods_table() -> tuple[DeadlinePeriods, ...]:
    fields = (
        "objection_days_represented",
        "objection_days_unrepresented",
        "pd_first_payment_days",
        "pd_late_increase_pct",
        "new_and_further_years",
        "td_after_doi_years_lc_4661_5",
        "qme_report_days",
        "panel_qme_appointment_days",
    )
    rows = []
    for r in _load("deadlines")["rows"]:
        start, end = _span(r)
        periods = {f: int(r[f]) for f in fields}
        rows.append(DeadlinePeriods(start, end, source=r["source"], **periods))
    return tuple(rows)


@cache
def deadline_moves() -> dict[str, bool]:
    """For each deadline kind, whether a due date on a weekend or holiday moves to the
    next business day (CCP 12a: acts move, ends of benefits do not)."""
    return {kind: bool(row["moves"]) for kind, row in _load("deadlines")["kinds"].items()}


@cache
def service_extensions() -> dict[str, ServiceExtension]:
    """Days added to a period that runs from service, by how the document was served."""
    rows = _load("deadlines")["service_extensions"]
    return {
        way: ServiceExtension(int(row["days"]), bool(row["court_days"]), row["source"])
        for way, row in rows.items()
        if isinstance(row, dict)
    }


@cache
def holiday_policy() -> HolidayPolicy:
    data = _load("holidays")
    return HolidayPolicy(
        country=data["country"],
        subdivision=data["subdivision"],
        counted=tuple(
            CountedHoliday(h["name"], h["from"], h["to"], h["source"]) for h in data["counted"]
        ),
        description=data["description"],
    )


def find_row(rows: tuple[R, ...], doi: date) -> R | None:
    """The row whose dates include `doi` (applies_to None = still in force)."""
    for row in rows:
        start, end = row.applies_from, row.applies_to
        if (start is None or start <= doi) and (end is None or doi <= end):
            return row
    return None


def _lookup(table: str, rows: tuple[R, ...], doi: date) -> Lookup[R]:
    row = find_row(rows, doi)
    if row is not None:
        return Lookup(row)
    return Lookup(None, outside_reason(table, rows, doi))


def outside_reason(table: str, rows: tuple[DatedRow, ...], doi: date) -> Text:
    """Why a date of injury has no row: the table's name and the dates it covers."""
    starts = [r.applies_from for r in rows if r.applies_from is not None]
    ends = [r.applies_to for r in rows]
    first = min(starts) if starts else None
    last = None if any(e is None for e in ends) else max(e for e in ends if e is not None)
    if first is None:
        coverage = Phrase("reasons.coverage_none")
    elif last is None:
        coverage = Phrase("reasons.coverage_open", values=(("start", first),))
    else:
        coverage = Phrase("reasons.coverage_range", values=(("start", first), ("end", last)))
    return both(
        "reasons.outside_table", table=Phrase(f"tables.{table}"), doi=doi, coverage=coverage
    )


@lru_cache(maxsize=4096)
def td_limits(doi: date) -> Lookup[TDLimits]:
    """TD weekly limits for the year of the injury (LC 4453, 4653)."""
    return _lookup("td_limits", td_limits_table(), doi)


@lru_cache(maxsize=4096)
def pd_weekly_limits(doi: date) -> Lookup[PDWeeklyLimits]:
    """PD weekly limits by date of injury (LC 4453(b))."""
    return _lookup("pd_weekly_limits", pd_weekly_limits_table(), doi)


@lru_cache(maxsize=4096)
def pd_weeks_bands(doi: date) -> Lookup[PDWeeksTable]:
    """PD weeks per 1 % by rating band (LC 4658(d))."""
    return _lookup("pd_weeks", pd_weeks_table(), doi)


@lru_cache(maxsize=4096)
def life_pension_rule(doi: date) -> Lookup[LifePensionRule]:
    """Life pension factor and AWE cap (LC 4659(a))."""
    return _lookup("life_pension", life_pension_table(), doi)


@lru_cache(maxsize=4096)
def td_cap_rule(doi: date, exception: str | None = None) -> Lookup[TDCapRule]:
    """104 weeks of TD within 5 years (LC 4656(c)(2)); 240 for an injury or condition of
    LC 4656(c)(3) (`exception`, a TDCapException value)."""
    if exception is not None:
        rows = tuple(r for r in td_cap_exception_table() if exception in r.conditions)
        return _lookup("td_cap", rows, doi)
    return _lookup("td_cap", td_cap_table(), doi)


@lru_cache(maxsize=4096)
def fec_rule(doi: date) -> Lookup[FECRule]:
    """How WPI is adjusted for future earning capacity (LC 4660, 4660.1)."""
    return _lookup("fec", fec_table(), doi)


@lru_cache(maxsize=4096)
def sjdb_rule(doi: date) -> Lookup[SJDBRule]:
    """The supplemental job displacement voucher (LC 4658.7)."""
    return _lookup("sjdb", sjdb_table(), doi)


@lru_cache(maxsize=4096)
def rtw_adjustment(doi: date) -> Lookup[RTWAdjustment]:
    """The +/-15 % PD rate adjustment by return-to-work offer (LC 4658(d)(2)-(3))."""
    return _lookup("pd_rtw_adjustment", rtw_adjustment_table(), doi)


@lru_cache(maxsize=4096)
def deadline_periods(doi: date) -> Lookup[DeadlinePeriods]:
    """The periods behind the deadlines (LC 4062(a), 4650, 5410, 4661.5)."""
    return _lookup("deadlines", deadline_periods_table(), doi)

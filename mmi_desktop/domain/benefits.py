"""TD and PD figures of a case, each with how it was computed (ca-workers-comp.md)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from mmi_desktop.domain import rates
from mmi_desktop.domain.analysis_text import (
    Fixed,
    Items,
    Money,
    Pct,
    Phrase,
    Quoted,
    Text,
    Written,
    both,
    join,
)
from mmi_desktop.domain.model import (
    PS_REPORT_ROLES,
    Case,
    CombineMethod,
    MMIDeclaration,
    ReturnToWorkOffer,
    TDPeriod,
)
from mmi_desktop.domain.rating import Rating, rate_case
from mmi_desktop.domain.results import Benefits, PDBenefit, SJDBState, SJDBStatus

_CENT = Decimal("0.01")
_QUARTER = Decimal("0.25")
_HUNDRED = Decimal(100)
_TWO = Decimal(2)
_THREE = Decimal(3)
_SEVEN = Decimal(7)


def round_cents(value: Decimal) -> Decimal:
    """Half up to the cent (115.9605 -> 115.96; 0.005 -> 0.01)."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def two_thirds(awe: Decimal) -> Decimal:
    """2/3 x AWE to the cent, half up (880.00 -> 586.67)."""
    return round_cents(awe * _TWO / _THREE)


def clamp(value: Decimal, minimum: Decimal, maximum: Decimal) -> Decimal:
    return min(max(value, minimum), maximum)


# --- TD ---------------------------------------------------------------------------------


def td_spans(periods: list[TDPeriod], as_of: date) -> list[tuple[date, date]]:
    """The TD periods as inclusive (start, end) spans, an open period ending on `as_of`,
    overlaps merged so that no day counts twice; periods starting after `as_of` with no
    end are left out."""
    spans: list[tuple[date, date]] = []
    for p in periods:
        end = p.end if p.end is not None else as_of
        if end >= p.start:
            spans.append((p.start, end))
    spans.sort()
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + timedelta(days=1):
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def td_days_paid(periods: list[TDPeriod], as_of: date) -> int:
    """Days of TD, each period counted from start to end inclusive."""
    return sum((end - start).days + 1 for start, end in td_spans(periods, as_of))


def td_weeks(days: int) -> Decimal:
    """Days / 7 to two decimals, half up."""
    return round_cents(Decimal(days) / _SEVEN)


def td_weekly_rate(awe: Decimal | None, doi: date) -> rates.Lookup[Decimal]:
    """2/3 x AWE held between the limits of the injury year, or None and why."""
    if awe is None:
        return rates.Lookup(None, both("reasons.no_awe"))
    limits = rates.td_limits(doi)
    if limits.value is None:
        return rates.Lookup(None, limits.reason)
    return rates.Lookup(clamp(two_thirds(awe), limits.value.minimum, limits.value.maximum))


def _td_rate_how(awe: Decimal | None, doi: date, rate: rates.Lookup[Decimal]) -> Text:
    limits = rates.td_limits(doi).value
    if rate.value is None or awe is None or limits is None:
        return both("benefits.td_rate_unknown", reason=Written(rate.reason))
    raw = two_thirds(awe)
    key = "benefits.td_rate"
    if raw < limits.minimum:
        key = "benefits.td_rate_min"
    elif raw > limits.maximum:
        key = "benefits.td_rate_max"
    return both(
        key,
        awe=Money(awe),
        raw=Money(raw),
        year=doi.year,
        minimum=Money(limits.minimum),
        maximum=Money(limits.maximum),
    )


def lc_4661_5_date(case: Case, as_of: date) -> date | None:
    """The first day of TD paid two or more years after the injury, if any (LC 4661.5)."""
    periods = rates.deadline_periods(case.claim.date_of_injury).value
    if periods is None:
        return None
    doi = case.claim.date_of_injury
    cutoff = add_years(doi, periods.td_after_doi_years_lc_4661_5)
    for start, end in td_spans(case.temporary_disability, as_of):
        if end >= cutoff:
            return max(start, cutoff)
    return None


def td_cap_for(case: Case) -> rates.Lookup[rates.TDCapRule]:
    """The TD cap of the case: LC 4656(c)(2), or (c)(3) for a listed injury or condition."""
    exception = case.claim.td_cap_exception
    return rates.td_cap_rule(case.claim.date_of_injury, exception.value if exception else None)


def td_window_start(case: Case, rule: rates.TDCapRule) -> date | None:
    """What the cap's window runs from: the date of injury, or (LC 4656(c)(1)) the first day
    of TD, None before any TD."""
    if rule.window_from == "first_td":
        starts = [p.start for p in case.temporary_disability]
        return min(starts) if starts else None
    return case.claim.date_of_injury


def td_window_end(case: Case, rule: rates.TDCapRule) -> date | None:
    """The last day of the window within which the capped TD weeks can be paid: the same
    day `within_years` after its start (CCP 12: the first day excluded, the last included);
    None while a window that runs from the first TD day has not started."""
    start = td_window_start(case, rule)
    return add_years(start, rule.within_years) if start is not None else None


def td_weeks_remaining(case: Case, as_of: date, weeks_paid: Decimal) -> Decimal | None:
    """Weeks of TD still payable under the cap as of a date: none once the window after the
    injury has closed (LC 4656(c)(2)-(3)); None when no cap row covers the injury."""
    rule = td_cap_for(case).value
    if rule is None:
        return None
    end = td_window_end(case, rule)
    if end is not None and as_of > end:
        return Decimal(0)
    return max(Decimal(0), Decimal(rule.max_weeks) - weeks_paid)


def _td_cap_how(case: Case, as_of: date, remaining: Decimal, rule: rates.TDCapRule) -> Text:
    exception = case.claim.td_cap_exception
    law: object = "LC 4656(c)(1)" if rule.window_from == "first_td" else "LC 4656(c)(2)"
    if exception is not None:
        law = Phrase("benefits.td_cap_exception_law", values=(("condition", Phrase(
            f"td_cap_exception.{exception.value}")),))
    end = td_window_end(case, rule)
    first_td = rule.window_from == "first_td"
    if end is None:
        return both(
            "benefits.td_cap_no_td", remaining=Fixed(remaining), cap=rule.max_weeks, law=law,
            years=rule.within_years,
        )
    if as_of > end:
        key = "benefits.td_cap_closed_first_td" if first_td else "benefits.td_cap_closed"
        return both(key, years=rule.within_years, end=end, law=law)
    return both(
        "benefits.td_cap_first_td" if first_td else "benefits.td_cap",
        remaining=Fixed(remaining),
        cap=rule.max_weeks,
        years=rule.within_years,
        law=law,
        end=end,
    )


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February (the earlier date)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- PD ---------------------------------------------------------------------------------


def round_quarter(rating: Decimal) -> Decimal:
    """A rating to the nearest 0.25 %, half up (12.125 -> 12.25)."""
    return (rating / _QUARTER).quantize(Decimal(1), rounding=ROUND_HALF_UP) * _QUARTER


def pd_weeks(rating: Decimal, table: rates.PDWeeksTable) -> Decimal:
    """Weeks of PD for a rating (LC 4658(d)): each 0.25 % step earns 0.25 x its band's weeks.

    The rating is first taken to the nearest 0.25 %. Steps above the last band (100 %,
    permanent total) earn nothing here; the caller handles 100 %.
    """
    rating = round_quarter(rating)
    weeks = Decimal(0)
    for band in table.bands:
        if rating < band.low:
            break
        top = min(rating, band.high)
        steps = (top - band.low) / table.step + 1
        weeks += steps * table.step * band.value
    return weeks.quantize(_CENT)


def pd_weekly_rate(awe: Decimal | None, doi: date, rating: Decimal) -> rates.Lookup[Decimal]:
    """2/3 x AWE held between the PD limits for the injury date and rating band."""
    if awe is None:
        return rates.Lookup(None, both("reasons.no_awe"))
    limits = rates.pd_weekly_limits(doi)
    if limits.value is None:
        return rates.Lookup(None, limits.reason)
    rounded = round_quarter(rating)
    maximum = limits.value.maximum_for(rounded)
    if maximum is None:
        return rates.Lookup(None, both("reasons.no_band", percent=Pct(rounded)))
    return rates.Lookup(clamp(two_thirds(awe), limits.value.minimum, maximum))


def life_pension_weekly(awe: Decimal | None, doi: date, rating: Decimal) -> rates.Lookup[Decimal]:
    """1.5 % x min(AWE, cap) x (rating - 60) for ratings 70 to 99.75 % (LC 4659(a))."""
    rule = rates.life_pension_rule(doi)
    if rule.value is None:
        return rates.Lookup(None, rule.reason)
    if awe is None:
        return rates.Lookup(None, both("reasons.no_awe"))
    r = rule.value
    used = min(awe, r.awe_cap)
    return rates.Lookup(round_cents(r.factor * used * (rating - r.rating_base)))


def which_rating(case: Case, declaration: MMIDeclaration, rating: Rating | None = None) -> Rating:
    """The rating that counts for a declaration: its pd_percent, else the computed one."""
    if declaration.pd_percent is not None:
        return Rating(
            declaration.pd_percent, (), declaration.combine, declaration.combine_reason, False, None
        )
    return rating if rating is not None else rate_case(case, declaration)


def _pd_benefit(
    case: Case, declaration: MMIDeclaration, td_rate: rates.Lookup[Decimal], computed: Rating
) -> PDBenefit:
    claim = case.claim
    doi, awe = claim.date_of_injury, claim.average_weekly_wage
    rating = which_rating(case, declaration, computed)
    percent = rating.percent
    how: list[Text] = []
    if percent is None:
        how.append(both("benefits.pd_unknown", reason=Written(rating.reason)))
        return PDBenefit(None, None, None, None, None, None, False, False, join(how))

    if declaration.pd_percent is not None:
        how.append(both("benefits.pd_entered", percent=Pct(percent), mmi_date=declaration.date))
    else:
        key = "benefits.pd_estimate_computed" if rating.estimate else "benefits.pd_computed"
        how.append(
            both(key, percent=Pct(percent), mmi_date=declaration.date, rating=rating.string or "")
        )
        entered = [p.label for p in rating.parts if p.source == "entered" and p.left_out is None]
        if entered:
            how.append(
                both("benefits.pd_entered_parts", labels=Items(tuple(Quoted(e) for e in entered)))
            )
        if rating.method is CombineMethod.ADD:
            how.append(both("benefits.pd_added", reason=rating.combine_reason or "—"))
        how.extend(rating.notes)
        missing = rating.apportionment_missing
        if missing:
            how.append(
                both(
                    "benefits.pd_apportionment_missing",
                    labels=Items(tuple(Quoted(m) for m in missing)),
                )
            )
        if rating.estimate:
            needs = Items(tuple(Written(m) for m in rating.missing))
            how.append(both("benefits.pd_estimate", missing=needs))

    rounded = round_quarter(percent)
    if rounded >= _HUNDRED:
        if td_rate.value is None:
            how.append(both("benefits.permanent_total_unknown", reason=Written(td_rate.reason)))
        else:
            how.append(both("benefits.permanent_total", rate=Money(td_rate.value)))
        return PDBenefit(
            percent,
            None,
            td_rate.value,
            None,
            None,
            rating.string,
            rating.estimate,
            True,
            join(how),
            _basis(declaration, rating),
        )

    table = rates.pd_weeks_bands(doi)
    weeks: Decimal | None = None
    if table.value is None:
        how.append(both("benefits.pd_weeks_unknown", reason=Written(table.reason)))
    else:
        weeks = pd_weeks(percent, table.value)
        if rounded == percent:
            how.append(both("benefits.pd_weeks", weeks=Fixed(weeks), percent=Pct(percent)))
        else:
            how.append(
                both(
                    "benefits.pd_weeks_rounded",
                    weeks=Fixed(weeks),
                    percent=Pct(percent),
                    rounded=Pct(rounded),
                )
            )

    rate = pd_weekly_rate(awe, doi, percent)
    total: Decimal | None = None
    if rate.value is None or awe is None:
        how.append(both("benefits.pd_rate_unknown", reason=Written(rate.reason)))
    else:
        how.append(_pd_rate_how(awe, doi, percent, rate.value))
        if weeks is not None:
            total = round_cents(weeks * rate.value)
            how.append(
                both(
                    "benefits.pd_total",
                    weeks=Fixed(weeks),
                    rate=Money(rate.value),
                    total=Money(total),
                )
            )

    pension: Decimal | None = None
    pension_rule = rates.life_pension_rule(doi)
    # The pension band is the same in every row; a DOI outside the table still says why.
    band = pension_rule.value or rates.life_pension_table()[0]
    # The rating in its 0.25 steps, as for the weeks and the weekly rate: one rating, one band.
    if band.rating_from <= rounded <= band.rating_to:
        lookup = life_pension_weekly(awe, doi, rounded)
        pension = lookup.value
        rule = pension_rule.value
        if pension is None or awe is None or rule is None:
            how.append(both("benefits.life_pension_unknown", reason=Written(lookup.reason)))
        else:
            key = "benefits.life_pension_capped" if awe > rule.awe_cap else "benefits.life_pension"
            how.append(
                both(
                    key,
                    awe=Money(awe),
                    cap=Money(rule.awe_cap),
                    percent=rounded,
                    weekly=Money(pension),
                )
            )

    adjustment: tuple[int, Decimal] | None = None
    if rate.value is not None and rounded > 0:
        adjustment = _rtw_adjustment(case, declaration, rate.value, how)

    return PDBenefit(
        percent,
        weeks,
        rate.value,
        total,
        pension,
        rating.string if declaration.pd_percent is None else None,
        rating.estimate,
        False,
        join(how),
        _basis(declaration, rating),
        adjustment[0] if adjustment else None,
        adjustment[1] if adjustment else None,
    )


def _basis(declaration: MMIDeclaration, rating: Rating) -> str:
    if declaration.pd_percent is not None:
        return "entered"
    return "estimate" if rating.estimate else "rating"


def _rtw_adjustment(
    case: Case, declaration: MMIDeclaration, rate: Decimal, how: list[Text]
) -> tuple[int, Decimal] | None:
    """LC 4658(d)(2)-(3): the weekly PD rate raised or lowered 15 % by the employer's
    return-to-work offer, once the offer (or its absence) is recorded; says why not when
    it cannot apply (an injury outside 2005-2012, an employer under 50 employees)."""
    claim = case.claim
    offer = claim.rtw_offer
    if offer is None:
        return None
    rule = rates.rtw_adjustment(claim.date_of_injury).value
    if rule is None:
        how.append(both("benefits.rtw_not_in_force"))
        return None
    if claim.employer_50_or_more is None:
        how.append(both("benefits.rtw_size_unknown", employees=rule.min_employees))
        return None
    if not claim.employer_50_or_more:
        how.append(both("benefits.rtw_small_employer", employees=rule.min_employees))
        return None
    lowered = offer is ReturnToWorkOffer.OFFERED
    pct = -rule.decrease_pct if lowered else rule.increase_pct
    adjusted = round_cents(rate * (_HUNDRED + pct) / _HUNDRED)
    ps_date, _ = all_conditions_ps(case)
    since = (ps_date or declaration).date + timedelta(days=rule.offer_window_days)
    how.append(
        both(
            f"benefits.rtw_{offer.value}",
            rate=Money(rate),
            pct=Pct(abs(pct)),
            adjusted=Money(adjusted),
            factor=Fixed((_HUNDRED + pct) / _HUNDRED),
            days=rule.offer_window_days,
            since=since,
        )
    )
    return pct, adjusted


def _pd_rate_how(awe: Decimal, doi: date, percent: Decimal, rate: Decimal) -> Text:
    limits = rates.pd_weekly_limits(doi).value
    assert limits is not None  # the caller computed the rate from them
    maximum = limits.maximum_for(round_quarter(percent)) or rate
    raw = two_thirds(awe)
    key = "benefits.pd_rate"
    if raw < limits.minimum:
        key = "benefits.pd_rate_min"
    elif raw > maximum:
        key = "benefits.pd_rate_max"
    return both(
        key,
        awe=Money(awe),
        raw=Money(raw),
        doi=doi,
        minimum=Money(limits.minimum),
        maximum=Money(maximum),
    )


# --- SJDB voucher ----------------------------------------------------------------------


def _normalized(name: str) -> str:
    return " ".join(name.split()).casefold()


def all_conditions_ps(case: Case) -> tuple[MMIDeclaration | None, list[str]]:
    """The first report of the PTP, an AME or a QME after which every claimed body part has
    been found permanent and stationary (the body parts of such reports up to it taken
    together), and the claimed parts no such report has covered yet (LC 4658.7(b)(1);
    docs/law.md says why together). A report whose provider is not known counts."""
    claimed = {_normalized(p): p for p in case.claim.body_parts if p.strip()}
    covered: set[str] = set()
    for declaration in sorted(case.mmi_declarations, key=lambda m: m.date):
        provider = case.provider(declaration.provider)
        if provider is not None and provider.role not in PS_REPORT_ROLES:
            continue  # only the PTP's, an AME's or a QME's report counts (LC 4658.7(b)(1))
        covered |= {_normalized(p) for p in declaration.body_parts}
        if set(claimed) <= covered:
            return declaration, []
    return None, [part for key, part in claimed.items() if key not in covered]


_UNRATED = object()


def sjdb_status(case: Case, percent: Decimal | None | object = _UNRATED) -> SJDBStatus | None:
    """Whether the voucher's offer window runs, has not started yet, or does not apply
    (no permanent partial disability: a rating of 0 % or 100 %). `percent`: the latest
    declaration's rating when the caller already has it."""
    rule = rates.sjdb_rule(case.claim.date_of_injury).value
    latest = case.latest_declaration()
    if rule is None or latest is None:
        return None
    if percent is _UNRATED:
        percent = which_rating(case, latest).percent
    if isinstance(percent, Decimal):
        rounded = round_quarter(percent)
        if rounded <= 0 or rounded >= _HUNDRED:
            key = "benefits.sjdb_zero" if rounded <= 0 else "benefits.sjdb_permanent_total"
            return SJDBStatus(SJDBState.NOT_APPLICABLE, None, both(key, percent=Pct(percent)))
    start, missing = all_conditions_ps(case)
    if start is None:
        how = both(
            "benefits.sjdb_not_started",
            missing=Items(tuple(Quoted(p) for p in missing)),
            days=rule.offer_window_days,
        )
        return SJDBStatus(SJDBState.NOT_STARTED, None, how)
    received = start.report_received
    how = both(
        "benefits.sjdb_window" if received else "benefits.sjdb_window_estimated",
        mmi_date=start.date,
        received=received or start.date,
        days=rule.offer_window_days,
    )
    return SJDBStatus(SJDBState.WINDOW, start.id, how)


# --- all together -------------------------------------------------------------------------


def compute_benefits(case: Case, as_of: date) -> Benefits:
    """TD rate, TD weeks and the cap, and PD from the latest MMI declaration."""
    claim = case.claim
    doi, awe = claim.date_of_injury, claim.average_weekly_wage
    td_rate = td_weekly_rate(awe, doi)
    how: list[Text] = [_td_rate_how(awe, doi, td_rate)]

    periods = case.temporary_disability
    days = td_days_paid(periods, as_of)
    weeks = td_weeks(days)
    if not periods:
        how.append(both("benefits.td_weeks_none"))
    elif any(p.end is None for p in periods):
        how.append(both("benefits.td_weeks_open", days=days, weeks=Fixed(weeks), as_of=as_of))
    else:
        how.append(both("benefits.td_weeks", days=days, weeks=Fixed(weeks)))

    cap = td_cap_for(case)
    remaining = td_weeks_remaining(case, as_of, weeks)
    if cap.value is None or remaining is None:
        how.append(both("benefits.td_cap_unknown", reason=Written(cap.reason)))
    else:
        how.append(_td_cap_how(case, as_of, remaining, cap.value))

    late = lc_4661_5_date(case, as_of)
    if late is not None:
        how.append(both("benefits.lc_4661_5", date=late))

    declaration = case.latest_declaration()
    pd: PDBenefit | None = None
    rating: Rating | None = None
    if declaration is not None:
        rating = rate_case(case, declaration)
        pd = _pd_benefit(case, declaration, td_rate, rating)
    sjdb = sjdb_status(case, pd.percent if pd is not None else None)
    return Benefits(td_rate.value, weeks, remaining, pd, join(how), rating, sjdb)

"""Deadlines of a case (docs/law.md, 'Deadlines'), moved off weekends and holidays.

A due date for an act that falls on a Saturday, Sunday or holiday moves to the next
business day (CCP 12-12a); the end of a benefit (the TD cap) does not. Which kinds move is
data (resources/rates/deadlines.json, "kinds"). The holidays are the days of the maintained
`holidays` library for US/CA whose names and years resources/rates/holidays.json counts
(with the source of each); the sets are built once per year.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any

import holidays as holiday_calendars

from mmi_desktop.domain import rates
from mmi_desktop.domain.analysis_text import Money, Pct, Phrase, both
from mmi_desktop.domain.benefits import (
    add_years,
    sjdb_status,
    td_cap_for,
    td_spans,
    td_window_end,
    td_window_start,
)
from mmi_desktop.domain.model import TREATING_ROLES, Case, MMIDeclaration
from mmi_desktop.domain.results import Deadline, SJDBState, SJDBStatus

OBJECTION_TO_REPORT = "OBJECTION_TO_REPORT"
PD_FIRST_PAYMENT = "PD_FIRST_PAYMENT"
SJDB_OFFER_WINDOW = "SJDB_OFFER_WINDOW"
TD_CAP = "TD_CAP"
NEW_AND_FURTHER = "NEW_AND_FURTHER"

KINDS: tuple[str, ...] = (
    OBJECTION_TO_REPORT,
    PD_FIRST_PAYMENT,
    SJDB_OFFER_WINDOW,
    TD_CAP,
    NEW_AND_FURTHER,
)
_KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}
_ONE_DAY = timedelta(days=1)
_OBSERVED_SHIFT = {5: timedelta(days=-1), 6: timedelta(days=1)}  # Saturday, Sunday


@cache
def holidays_in(year: int) -> frozenset[date]:
    """The holidays a deadline moves over in one year (observed days included)."""
    policy = rates.holiday_policy()
    # The next year too: its New Year's Day on a Saturday is observed on this year's Dec 31.
    calendar = holiday_calendars.country_holidays(
        policy.country, subdiv=policy.subdivision, years=(year, year + 1), language="en_US"
    )
    counted = {
        day
        for day in calendar
        if any(policy.counts(n, day.year) for n in calendar.get_list(day))
    }
    # A holiday on a Sunday is also kept the Monday after (Gov. Code 6700), one on a Saturday
    # the Friday before (Cal. Rules of Court 1.11): the library gives these observed days for
    # the federal holidays but not for every state one (Cesar Chavez Day on a Saturday).
    observed = {day + _OBSERVED_SHIFT[day.weekday()] for day in counted if day.weekday() >= 5}
    return frozenset(day for day in counted | observed if day.year == year)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays_in(day.year)


def next_business_day(day: date) -> date:
    """`day` itself when it is a business day, else the next one."""
    while not is_business_day(day):
        day += _ONE_DAY
    return day


def _deadline(
    kind: str,
    declaration: str | None,
    raw_due: date,
    key: str,
    estimated: bool = False,
    **values: object,
) -> Deadline:
    due = next_business_day(raw_due) if rates.deadline_moves()[kind] else raw_due
    moved: object = ""
    if due != raw_due:
        moved = Phrase("deadlines.moved", values=(("date", raw_due),))
    basis = both(f"deadlines.{key}", moved=moved, **values)
    return Deadline(kind, declaration, due, basis, estimated)


def objection_deadline(case: Case, declaration: MMIDeclaration) -> Deadline | None:
    """LC 4062(a): report received + 20 days (represented) or 30 (not); from the MMI date,
    estimated, when the receipt date is unknown. None for a QME's or AME's report."""
    periods = rates.deadline_periods(case.claim.date_of_injury).value
    if periods is None:
        return None
    provider = case.provider(declaration.provider)
    if provider is not None and provider.role not in TREATING_ROLES:
        # LC 4062(a) objections are to the treating physician's determinations: a QME's or
        # AME's report is answered by a supplemental report or a deposition instead, and the
        # report of a physician who does not treat (the insurer's own examiner, another)
        # starts no objection period.
        return None
    represented = case.claim.represented
    days = (
        periods.objection_days_represented if represented else periods.objection_days_unrepresented
    )
    who = Phrase("deadlines.represented" if represented else "deadlines.unrepresented")
    received = declaration.report_received
    if received is None:
        return _deadline(
            OBJECTION_TO_REPORT,
            declaration.id,
            declaration.date + timedelta(days=days),
            "OBJECTION_TO_REPORT_estimated",
            estimated=True,
            days=days,
            represented=who,
            mmi_date=declaration.date,
        )
    return _deadline(
        OBJECTION_TO_REPORT,
        declaration.id,
        received + timedelta(days=days),
        "OBJECTION_TO_REPORT",
        days=days,
        represented=who,
        received=received,
    )


def objection_deadlines(case: Case) -> dict[str, Deadline]:
    """The OBJECTION_TO_REPORT deadline of each declaration, by declaration id."""
    found = {m.id: objection_deadline(case, m) for m in case.mmi_declarations}
    return {mid: dl for mid, dl in found.items() if dl is not None}


def _pd_first_payment(case: Case, as_of: date, periods: rates.DeadlinePeriods) -> Deadline | None:
    """LC 4650(b): 14 days after the last day of the last TD period, once TD has ended."""
    td = case.temporary_disability
    if not td or any(p.end is None for p in td):
        return None
    last_end = max(p.end for p in td if p.end is not None)
    if last_end > as_of:
        return None
    return _deadline(
        PD_FIRST_PAYMENT,
        None,
        last_end + timedelta(days=periods.pd_first_payment_days),
        "PD_FIRST_PAYMENT",
        days=periods.pd_first_payment_days,
        end=last_end,
        pct=Pct(periods.pd_late_increase_pct),
    )


def _sjdb_offer_window(case: Case, status: SJDBStatus | None) -> Deadline | None:
    """LC 4658.7(b)(1): 60 days from receipt of the first report finding every claimed
    condition permanent and stationary (DOI on or after 2013), for permanent partial
    disability only (not at 0 % or 100 %)."""
    rule = rates.sjdb_rule(case.claim.date_of_injury).value
    if rule is None or status is None or status.state is not SJDBState.WINDOW:
        return None
    first = next(m for m in case.mmi_declarations if m.id == status.declaration)
    common: dict[str, Any] = {
        "days": rule.offer_window_days,
        "voucher": Money(rule.voucher_amount),
        "rtw": Money(rule.rtw_supplement_amount),
    }
    window = timedelta(days=rule.offer_window_days)
    if first.report_received is None:
        return _deadline(
            SJDB_OFFER_WINDOW,
            first.id,
            first.date + window,
            "SJDB_OFFER_WINDOW_estimated",
            estimated=True,
            mmi_date=first.date,
            **common,
        )
    return _deadline(
        SJDB_OFFER_WINDOW,
        first.id,
        first.report_received + window,
        "SJDB_OFFER_WINDOW",
        received=first.report_received,
        **common,
    )


def td_cap_day(case: Case, as_of: date, cap_days: int) -> date | None:
    """The day of TD number `cap_days` (all periods together, an open period running on),
    or None when no TD period is open."""
    open_periods = [p for p in case.temporary_disability if p.end is None]
    if not open_periods:
        return None
    # Extend the open period far enough that the count certainly reaches cap_days.
    horizon = max(as_of, max(p.start for p in open_periods)) + timedelta(days=cap_days)
    counted = 0
    for start, end in td_spans(case.temporary_disability, horizon):
        length = (end - start).days + 1
        if counted + length >= cap_days:
            return start + timedelta(days=cap_days - counted - 1)
        counted += length
    return None


def _td_cap(case: Case, as_of: date) -> Deadline | None:
    """LC 4656(c)(2)-(3): while TD is open, the day it reaches the cap (104 weeks, or 240
    for a listed injury), or the end of the five years after the injury if that comes
    first. The end of a benefit: it does not move off weekends and holidays."""
    doi = case.claim.date_of_injury
    rule = td_cap_for(case).value
    if rule is None:
        return None
    cap_days = rule.max_weeks * 7
    day = td_cap_day(case, as_of, cap_days)
    if day is None:
        return None
    window_end = td_window_end(case, rule)
    law = "LC 4656(c)(2)"
    if rule.conditions:
        law = "LC 4656(c)(3)"
    elif rule.window_from == "first_td":
        law = "LC 4656(c)(1)"
    if window_end is not None and window_end < day:
        key = "TD_CAP_first_td" if rule.window_from == "first_td" else "TD_CAP_five_years"
        return _deadline(
            TD_CAP,
            None,
            window_end,
            key,
            law=law,
            weeks=rule.max_weeks,
            years=rule.within_years,
            doi=doi,
            start=td_window_start(case, rule) or doi,
        )
    return _deadline(TD_CAP, None, day, "TD_CAP", law=law, weeks=rule.max_weeks, day=cap_days)


def _new_and_further(case: Case, periods: rates.DeadlinePeriods) -> Deadline:
    """LC 5410: five years from the date of injury."""
    doi = case.claim.date_of_injury
    years = periods.new_and_further_years
    return _deadline(
        NEW_AND_FURTHER, None, add_years(doi, years), "NEW_AND_FURTHER", years=years, doi=doi
    )


_NOT_GIVEN = object()


def case_deadlines(
    case: Case, as_of: date, sjdb: SJDBStatus | None | object = _NOT_GIVEN
) -> tuple[Deadline, ...]:
    """Every deadline of the case, by due date (then kind). `sjdb`: the voucher's status
    when the caller has it (the benefits computed it), else it is worked out here."""
    status = sjdb_status(case) if sjdb is _NOT_GIVEN else sjdb
    assert status is None or isinstance(status, SJDBStatus)
    periods = rates.deadline_periods(case.claim.date_of_injury).value
    if periods is None:
        return ()
    found: list[Deadline | None] = [objection_deadline(case, m) for m in case.mmi_declarations]
    found += [
        _pd_first_payment(case, as_of, periods),
        _sjdb_offer_window(case, status),
        _td_cap(case, as_of),
        _new_and_further(case, periods),
    ]
    deadlines = [d for d in found if d is not None]
    deadlines.sort(key=lambda d: (d.due, _KIND_ORDER[d.kind], d.declaration or ""))
    return tuple(deadlines)

"""Deadlines per ca-workers-comp.md, moved over weekends and California holidays."""

from __future__ import annotations

from datetime import date

import pytest

from mmi_desktop.domain.benefits import compute_benefits
from mmi_desktop.domain.deadlines import (
    NEW_AND_FURTHER,
    OBJECTION_TO_REPORT,
    PD_FIRST_PAYMENT,
    SJDB_OFFER_WINDOW,
    TD_CAP,
    case_deadlines,
    holidays_in,
    is_business_day,
    next_business_day,
)
from mmi_desktop.domain.model import Case, Language, TDPeriod
from mmi_desktop.domain.results import Deadline, SJDBState

from .conftest import AS_OF, d, declaration, make_case

EN, ES = Language.EN, Language.ES


def of_kind(case: Case, kind: str, as_of: date = AS_OF) -> list[Deadline]:
    return [dl for dl in case_deadlines(case, as_of) if dl.kind == kind]


# ------------------------------------------------------------------------------- calendar


@pytest.mark.parametrize(
    ("day", "name"),
    [
        ("2024-01-01", "New Year's Day"),
        ("2024-01-15", "Martin Luther King Jr. Day"),
        ("2024-02-19", "Presidents' Day"),
        ("2025-03-31", "Cesar Chavez Day"),
        ("2024-04-01", "Cesar Chavez Day observed (March 31 was a Sunday)"),
        ("2024-05-27", "Memorial Day"),
        ("2024-06-19", "Juneteenth"),
        ("2023-06-19", "Juneteenth, its first year as a California holiday (AB 1655)"),
        ("2027-06-18", "Juneteenth observed (June 19, 2027 is a Saturday)"),
        ("2009-02-12", "Lincoln Day, while state offices still closed on it"),
        ("2008-10-13", "Columbus Day, while state offices still closed on it"),
        ("2026-07-03", "Independence Day observed (July 4 is a Saturday)"),
        ("2024-09-02", "Labor Day"),
        ("2024-11-11", "Veterans Day"),
        ("2024-11-28", "Thanksgiving"),
        ("2024-11-29", "Day after Thanksgiving"),
        ("2024-12-25", "Christmas"),
    ],
)
def test_california_holidays_are_not_business_days(day: str, name: str) -> None:
    assert not is_business_day(d(day)), name


@pytest.mark.parametrize(
    ("day", "why"),
    [
        ("2028-02-15", "Susan B. Anthony Day: listed by the library, excluded by holidays.json"),
        ("2027-10-29", "Diwali 2027: listed by the library from 2026, excluded"),
        ("2025-02-12", "Lincoln Day: a judicial holiday, but state offices are open"),
        ("2025-09-26", "Native American Day: a judicial holiday, but state offices are open"),
        ("2024-10-14", "Columbus Day: not a California state holiday since 2009"),
        ("2010-02-12", "Lincoln Day 2010: state offices open from 2010"),
        ("2021-06-18", "Juneteenth 2021 (federal observed day): not a California holiday"),
        ("2022-06-20", "Juneteenth 2022 (federal observed day): not a California holiday"),
        ("2024-09-27", "Native American Day: a judicial holiday, but state offices are open"),
    ],
)
def test_days_the_app_does_not_treat_as_holidays(day: str, why: str) -> None:
    assert d(day).weekday() < 5
    assert is_business_day(d(day)), why


def test_juneteenth_2022_does_not_move_a_20_day_objection() -> None:
    # Report received 2022-05-31: 20 days later is Mon 2022-06-20, a federal holiday (the
    # observed Juneteenth) but not yet a California one, so the deadline stays there.
    m = declaration(day=d("2022-05-20"), received=d("2022-05-31"))
    (dl,) = of_kind(make_case(doi=d("2021-09-01"), declarations=[m]), OBJECTION_TO_REPORT)
    assert dl.due == d("2022-06-20")
    assert "weekend day or holiday" not in dl.basis[EN]


def test_juneteenth_2023_moves_a_deadline() -> None:
    # Received 2023-05-30: 20 days later is Mon 2023-06-19, Juneteenth, a holiday from 2023.
    m = declaration(day=d("2023-05-20"), received=d("2023-05-30"))
    (dl,) = of_kind(make_case(doi=d("2022-09-01"), declarations=[m]), OBJECTION_TO_REPORT)
    assert dl.due == d("2023-06-20")


def test_the_calendar_counts_only_the_holidays_the_table_names() -> None:
    from mmi_desktop.domain import rates

    policy = rates.holiday_policy()
    assert policy.counts("Juneteenth National Independence Day (observed)", 2023)
    assert not policy.counts("Juneteenth National Independence Day", 2022)
    assert policy.counts("Lincoln's Birthday", 2009)
    assert not policy.counts("Lincoln's Birthday", 2010)
    assert not policy.counts("Some Future Day The Library Adds", 2030)
    assert all(h.source.strip() for h in policy.counted)


def test_holiday_sets_are_built_once_per_year() -> None:
    assert holidays_in(2025) is holidays_in(2025)
    assert all(h.year == 2025 for h in holidays_in(2025))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2024-07-17", "2024-07-17"),  # a Wednesday stays
        ("2024-07-20", "2024-07-22"),  # Saturday -> Monday
        ("2024-07-21", "2024-07-22"),  # Sunday -> Monday
        ("2024-11-28", "2024-12-02"),  # Thanksgiving, the day after, the weekend
        ("2024-12-25", "2024-12-26"),
        ("2025-03-29", "2025-04-01"),  # Saturday, Sunday, Cesar Chavez Day
        ("2023-01-14", "2023-01-17"),  # Saturday, Sunday, Martin Luther King Jr. Day
    ],
)
def test_next_business_day(day: str, expected: str) -> None:
    assert next_business_day(d(day)) == d(expected)


# ---------------------------------------------------------------------------- the objection


def test_objection_from_receipt_when_represented() -> None:
    m = declaration(day=d("2024-06-24"), received=d("2024-06-28"))
    (dl,) = of_kind(make_case(declarations=[m]), OBJECTION_TO_REPORT)
    assert dl.due == d("2024-07-18")
    assert dl.declaration == "m1"
    assert dl.estimated is False
    assert (
        dl.basis[EN]
        == "LC 4062(a): 20 days from receipt of the report (06/28/2024) when represented"
    )
    assert "28 de junio de 2024" in dl.basis[ES] and "tiene abogado" in dl.basis[ES]


def test_objection_is_30_days_when_not_represented() -> None:
    m = declaration(day=d("2024-06-24"), received=d("2024-06-28"))
    (dl,) = of_kind(make_case(declarations=[m], represented=False), OBJECTION_TO_REPORT)
    assert dl.due == d("2024-07-29")  # 07/28 is a Sunday
    assert "30 days" in dl.basis[EN] and "not represented" in dl.basis[EN]
    assert "07/28/2024 is a weekend day or holiday" in dl.basis[EN]
    assert "no tiene abogado" in dl.basis[ES]


def test_objection_estimated_from_the_mmi_date_without_a_receipt_date() -> None:
    m = declaration(day=d("2024-06-24"))
    m.report_received = None
    (dl,) = of_kind(make_case(declarations=[m]), OBJECTION_TO_REPORT)
    assert dl.due == d("2024-07-15")  # 07/14 is a Sunday
    assert dl.estimated is True
    assert "estimated" in dl.basis[EN] and "06/24/2024" in dl.basis[EN]
    assert "estimada" in dl.basis[ES]


def test_one_objection_per_declaration() -> None:
    m1 = declaration("m1", d("2024-06-24"), received=d("2024-06-28"))
    m2 = declaration("m2", d("2025-01-10"), received=d("2025-01-13"))
    found = of_kind(make_case(declarations=[m1, m2]), OBJECTION_TO_REPORT)
    assert [(dl.declaration, dl.due) for dl in found] == [
        ("m1", d("2024-07-18")),
        ("m2", d("2025-02-03")),  # 02/02 is a Sunday
    ]


# ---------------------------------------------------------------------- first PD payment


def test_pd_first_payment_14_days_after_td_ends() -> None:
    case = make_case(
        td=[TDPeriod(d("2024-02-13"), d("2024-03-01")), TDPeriod(d("2024-04-01"), d("2024-06-24"))]
    )
    (dl,) = of_kind(case, PD_FIRST_PAYMENT)
    assert dl.due == d("2024-07-08")
    assert dl.declaration is None
    assert "LC 4650(b)" in dl.basis[EN] and "10%" in dl.basis[EN] and "06/24/2024" in dl.basis[EN]


def test_no_pd_first_payment_while_td_is_open_or_not_ended_yet() -> None:
    assert of_kind(make_case(td=[TDPeriod(d("2024-02-13"), None)]), PD_FIRST_PAYMENT) == []
    assert of_kind(make_case(td=[]), PD_FIRST_PAYMENT) == []
    ended_later = make_case(td=[TDPeriod(d("2024-02-13"), d("2024-06-24"))])
    assert of_kind(ended_later, PD_FIRST_PAYMENT, as_of=d("2024-06-23")) == []


# --------------------------------------------------------------------------------- SJDB


def test_sjdb_window_from_the_first_declarations_report() -> None:
    m1 = declaration("m1", d("2024-06-24"), received=d("2024-06-28"))
    m2 = declaration("m2", d("2025-01-10"), received=d("2025-01-13"))
    (dl,) = of_kind(make_case(declarations=[m2, m1]), SJDB_OFFER_WINDOW)
    assert dl.due == d("2024-08-27")
    assert dl.declaration == "m1"
    assert "$6,000.00" in dl.basis[EN] and "LC 4658.7" in dl.basis[EN]
    assert "$5,000.00" in dl.basis[EN] and "LC 139.48" in dl.basis[EN]
    assert "vale de desplazamiento laboral suplementario" in dl.basis[ES]


def test_sjdb_only_for_injuries_from_2013() -> None:
    m = declaration(day=d("2013-06-24"), received=d("2013-06-28"))
    assert of_kind(make_case(doi=d("2012-12-31"), declarations=[m]), SJDB_OFFER_WINDOW) == []
    assert len(of_kind(make_case(doi=d("2013-01-01"), declarations=[m]), SJDB_OFFER_WINDOW)) == 1


def test_no_sjdb_window_before_any_declaration() -> None:
    assert of_kind(make_case(declarations=[]), SJDB_OFFER_WINDOW) == []


@pytest.mark.parametrize("pct", ["0", "100", "99.9"])
def test_no_sjdb_window_without_permanent_partial_disability(pct: str) -> None:
    # LC 4658.7(a): the voucher is for permanent partial disability; 0 % is none and 100 %
    # (99.9 taken as 100) is permanent total.
    m = declaration(day=d("2024-06-24"), received=d("2024-06-28"), pd_percent=pct)
    case = make_case(declarations=[m])
    assert of_kind(case, SJDB_OFFER_WINDOW) == []
    status = compute_benefits(case, AS_OF).sjdb
    assert status is not None and status.state is SJDBState.NOT_APPLICABLE
    assert "LC 4658.7(a)" in status.how[EN] and "incapacidad permanente parcial" in status.how[ES]


@pytest.mark.parametrize("pct", ["0.25", "99.75"])
def test_sjdb_window_at_the_edges_of_partial_disability(pct: str) -> None:
    m = declaration(day=d("2024-06-24"), received=d("2024-06-28"), pd_percent=pct)
    assert len(of_kind(make_case(declarations=[m]), SJDB_OFFER_WINDOW)) == 1


def test_sjdb_window_waits_for_a_report_covering_every_claimed_condition() -> None:
    # Claimed: lumbar spine and left shoulder. m1 finds only the shoulder P&S; m2 (later)
    # the lumbar spine too: the 60 days run from m2's receipt.
    m1 = declaration("m1", d("2024-06-24"), received=d("2024-06-28"), body_parts=["left shoulder"])
    m2 = declaration(
        "m2", d("2024-10-01"), received=d("2024-10-04"), body_parts=["Lumbar  Spine"]
    )
    case = make_case(body_parts=["lumbar spine", "left shoulder"], declarations=[m1, m2])
    (dl,) = of_kind(case, SJDB_OFFER_WINDOW)
    assert dl.declaration == "m2"
    assert dl.due == d("2024-12-03")  # 2024-10-04 + 60 days
    status = compute_benefits(case, AS_OF).sjdb
    assert status is not None and status.state is SJDBState.WINDOW and status.declaration == "m2"


def test_sjdb_window_not_started_while_a_condition_is_not_yet_ps() -> None:
    m1 = declaration("m1", d("2024-06-24"), received=d("2024-06-28"), body_parts=["left shoulder"])
    case = make_case(body_parts=["lumbar spine", "left shoulder"], declarations=[m1])
    assert of_kind(case, SJDB_OFFER_WINDOW) == []
    status = compute_benefits(case, AS_OF).sjdb
    assert status is not None and status.state is SJDBState.NOT_STARTED
    assert "has not started" in status.how[EN] and "“lumbar spine”" in status.how[EN]
    assert "no ha comenzado" in status.how[ES]


# ------------------------------------------------------------------------------- TD cap


def test_td_cap_is_the_728th_day_of_one_open_period() -> None:
    case = make_case(td=[TDPeriod(d("2024-02-13"), None)])
    (dl,) = of_kind(case, TD_CAP)
    # day 1 = 2024-02-13, day 728 = 2026-02-09 (a Monday)
    assert dl.due == d("2026-02-09")
    assert "day 728" in dl.basis[EN] and "104 weeks" in dl.basis[EN]


def test_td_cap_counts_earlier_periods() -> None:
    # 10 days first, then an open period from 2024-03-01: day 728 is its 718th day.
    case = make_case(
        td=[TDPeriod(d("2024-02-13"), d("2024-02-22")), TDPeriod(d("2024-03-01"), None)]
    )
    (dl,) = of_kind(case, TD_CAP)
    assert dl.due == d("2026-02-16")  # 2024-03-01 + 717 days, Presidents' Day: not moved


def test_td_cap_is_not_moved_off_a_weekend() -> None:
    # TD from Sun 2024-03-03 reaches 104 weeks (day 728) on Sat 2026-02-28: the end of a
    # benefit, not the last day of an act, so CCP 12a does not move it.
    case = make_case(td=[TDPeriod(d("2024-03-03"), None)])
    (dl,) = of_kind(case, TD_CAP)
    assert dl.due == d("2026-02-28")
    assert "weekend day or holiday" not in dl.basis[EN]
    assert "not moved" in dl.basis[EN]


def test_which_deadline_kinds_move_is_data_with_a_reason() -> None:
    from mmi_desktop.domain import rates
    from mmi_desktop.domain.deadlines import KINDS

    moves = rates.deadline_moves()
    assert set(moves) == set(KINDS)
    assert moves[TD_CAP] is False
    assert all(moves[k] for k in KINDS if k != TD_CAP)


@pytest.mark.parametrize(
    ("kind", "build", "raw", "moved_to"),
    [
        # each raw due date is Saturday 2024-07-06 (or Saturday 2029-07-07)
        (OBJECTION_TO_REPORT, "objection", "2024-07-06", "2024-07-08"),
        (PD_FIRST_PAYMENT, "pd", "2024-07-06", "2024-07-08"),
        (SJDB_OFFER_WINDOW, "sjdb", "2024-07-06", "2024-07-08"),
        (NEW_AND_FURTHER, "new", "2029-07-07", "2029-07-09"),
    ],
)
def test_acts_move_off_weekends(kind: str, build: str, raw: str, moved_to: str) -> None:
    if build == "objection":
        case = make_case(declarations=[declaration(day=d("2024-06-10"), received=d("2024-06-16"))])
    elif build == "pd":
        case = make_case(td=[TDPeriod(d("2024-02-13"), d("2024-06-22"))])
    elif build == "sjdb":
        case = make_case(declarations=[declaration(day=d("2024-05-01"), received=d("2024-05-07"))])
    else:
        case = make_case(doi=d("2024-07-07"), declarations=[])
    (dl,) = of_kind(case, kind)
    assert d(raw).weekday() >= 5
    assert dl.due == d(moved_to)


def test_no_td_cap_without_an_open_period() -> None:
    assert of_kind(make_case(td=[TDPeriod(d("2024-02-13"), d("2024-06-24"))]), TD_CAP) == []


def test_td_cap_is_the_end_of_the_five_years_when_it_comes_first() -> None:
    # injury 2020-01-06, TD from 2024-06-03: day 728 falls after 2025-01-06, and no TD is
    # payable after five years from the injury (LC 4656(c)(2))
    case = make_case(doi=d("2020-01-06"), td=[TDPeriod(d("2024-06-03"), None)])
    (dl,) = of_kind(case, TD_CAP)
    assert dl.due == d("2025-01-06")
    assert "5 years after the injury (01/06/2020)" in dl.basis[EN]


def test_td_cap_of_a_listed_injury_is_240_weeks() -> None:
    from mmi_desktop.domain.model import TDCapException

    case = make_case(td=[TDPeriod(d("2024-02-13"), None)])
    case.claim.td_cap_exception = TDCapException.AMPUTATION
    (dl,) = of_kind(case, TD_CAP)
    # day 1680 (240 weeks) = 2024-02-13 + 1679 days = 2028-09-18, before the five years
    # after the injury end on 2029-02-12
    assert dl.due == d("2028-09-18")
    assert "LC 4656(c)(3)" in dl.basis[EN] and "240 weeks" in dl.basis[EN]


# ----------------------------------------------------------------------- new and further


def test_new_and_further_five_years_from_the_injury() -> None:
    (dl,) = of_kind(make_case(doi=d("2022-08-30")), NEW_AND_FURTHER)
    assert dl.due == d("2027-08-30")
    assert dl.declaration is None
    assert "LC 5410" in dl.basis[EN] and "08/30/2022" in dl.basis[EN]


def test_new_and_further_from_february_29_takes_february_28() -> None:
    (dl,) = of_kind(make_case(doi=d("2024-02-29")), NEW_AND_FURTHER)
    assert dl.due == d("2029-02-28")


# --------------------------------------------------------------------------------- overall


def test_deadlines_are_sorted_by_due_date() -> None:
    m = declaration(day=d("2024-06-24"), received=d("2024-06-28"))
    case = make_case(declarations=[m], td=[TDPeriod(d("2024-02-13"), d("2024-06-24"))])
    found = case_deadlines(case, AS_OF)
    assert [dl.kind for dl in found] == [
        PD_FIRST_PAYMENT,
        OBJECTION_TO_REPORT,
        SJDB_OFFER_WINDOW,
        NEW_AND_FURTHER,
    ]
    assert [dl.due for dl in found] == sorted(dl.due for dl in found)


def test_no_deadlines_for_an_injury_before_the_tables() -> None:
    assert case_deadlines(make_case(doi=d("2004-06-01"), declarations=[]), AS_OF) == ()


def test_every_basis_is_in_both_languages() -> None:
    m = declaration(day=d("2024-06-24"))
    m.report_received = None
    case = make_case(declarations=[m], td=[TDPeriod(d("2024-02-13"), None)])
    found = case_deadlines(case, AS_OF)
    assert {dl.kind for dl in found} == {
        OBJECTION_TO_REPORT,
        SJDB_OFFER_WINDOW,
        TD_CAP,
        NEW_AND_FURTHER,
    }
    for dl in found:
        assert dl.basis[EN] and dl.basis[ES] and dl.basis[EN] != dl.basis[ES]
        assert "{" not in dl.basis[EN] + dl.basis[ES]

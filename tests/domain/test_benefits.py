"""TD and PD figures per ca-workers-comp.md, and how each was computed, in EN and ES."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from mmi_desktop.domain import rates
from mmi_desktop.domain.benefits import (
    compute_benefits,
    life_pension_weekly,
    pd_weekly_rate,
    pd_weeks,
    round_cents,
    round_quarter,
    td_days_paid,
    td_weekly_rate,
    td_weeks,
)
from mmi_desktop.domain.model import Language, TDPeriod
from mmi_desktop.domain.results import PDBenefit

from .conftest import AS_OF, d, declaration, impairment, make_case

EN, ES = Language.EN, Language.ES


def weeks_for(rating: str, doi: date = date(2024, 1, 1)) -> Decimal:
    table = rates.pd_weeks_bands(doi).value
    assert table is not None
    return pd_weeks(Decimal(rating), table)


# --------------------------------------------------------------------------------- TD rate


@pytest.mark.parametrize(
    ("awe", "doi", "expected"),
    [
        ("880.00", date(2024, 2, 12), "586.67"),
        ("1340.00", date(2022, 8, 30), "893.33"),
        ("100.00", date(2024, 5, 1), "242.86"),  # 66.67 raised to the 2024 minimum
        ("5000.00", date(2026, 1, 1), "1764.11"),  # held at the 2026 maximum
        ("1000.01", date(2015, 3, 3), "666.67"),  # 666.6733...
        ("1000.02", date(2015, 3, 3), "666.68"),  # 666.68 exactly
    ],
)
def test_td_weekly_rate(awe: str, doi: date, expected: str) -> None:
    assert td_weekly_rate(Decimal(awe), doi).value == Decimal(expected)


def test_td_rate_needs_the_wage_and_a_covered_year() -> None:
    no_wage = td_weekly_rate(None, date(2024, 1, 1))
    assert no_wage.value is None
    assert no_wage.reason is not None and "average weekly wage" in no_wage.reason[EN]
    outside = td_weekly_rate(Decimal("900"), date(2004, 6, 1))
    assert outside.value is None
    assert outside.reason is not None
    assert "06/01/2004" in outside.reason[EN] and "01/01/2005" in outside.reason[EN]
    assert "1 de junio de 2004" in outside.reason[ES]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("115.9605", "115.96"), ("2.675", "2.68"), ("0.005", "0.01"), ("14800.185", "14800.19")],
)
def test_money_rounds_half_up(value: str, expected: str) -> None:
    assert round_cents(Decimal(value)) == Decimal(expected)


# -------------------------------------------------------------------------------- TD weeks


def test_td_days_count_each_period_inclusive() -> None:
    periods = [TDPeriod(d("2024-02-13"), d("2024-06-24"))]
    assert td_days_paid(periods, AS_OF) == 133
    assert td_weeks(133) == Decimal("19.00")
    assert td_weeks(123) == Decimal("17.57")
    assert td_weeks(1) == Decimal("0.14")


def test_an_open_period_counts_up_to_as_of() -> None:
    periods = [TDPeriod(d("2024-01-01"), d("2024-01-10")), TDPeriod(d("2024-03-01"), None)]
    assert td_days_paid(periods, d("2024-03-01")) == 11
    assert td_days_paid(periods, d("2024-03-31")) == 41
    # an open period not started yet counts nothing
    assert td_days_paid([TDPeriod(d("2024-05-01"), None)], d("2024-04-01")) == 0


def test_overlapping_periods_count_a_day_once() -> None:
    periods = [
        TDPeriod(d("2024-01-01"), d("2024-01-10")),
        TDPeriod(d("2024-01-05"), d("2024-01-14")),
    ]
    assert td_days_paid(periods, AS_OF) == 14


def test_benefits_of_a_case_with_td() -> None:
    case = make_case(td=[TDPeriod(d("2024-02-13"), d("2024-06-24"))])
    b = compute_benefits(case, AS_OF)
    assert b.td_weekly_rate == Decimal("586.67")
    assert b.td_weeks_paid == Decimal("19.00")
    assert b.td_weeks_remaining_under_cap == Decimal("85.00")
    assert "$880.00" in b.how[EN] and "$586.67" in b.how[EN] and "19.00 weeks" in b.how[EN]
    assert "LC 4656(c)(2)" in b.how[EN]
    assert "semanas" in b.how[ES] and "salario semanal promedio" in b.how[ES]


def _td_2018(as_of: str) -> Decimal | None:
    # injury 2018-01-10; 557 days of TD (79.57 weeks) paid in 2018-2019
    case = make_case(
        doi=d("2018-01-10"),
        declarations=[],
        td=[TDPeriod(d("2018-01-11"), d("2019-07-21"))],
    )
    b = compute_benefits(case, d(as_of))
    assert b.td_weeks_paid == Decimal("79.57")
    return b.td_weeks_remaining_under_cap


def test_no_td_weeks_remain_after_five_years_from_the_injury() -> None:
    # LC 4656(c)(2): 104 weeks within five years of the injury; 2023-06-01 is past them.
    assert _td_2018("2023-06-01") == Decimal(0)


@pytest.mark.parametrize(
    ("as_of", "remaining"),
    [("2023-01-09", "24.43"), ("2023-01-10", "24.43"), ("2023-01-11", "0")],
)
def test_the_five_year_window_closes_after_its_last_day(as_of: str, remaining: str) -> None:
    assert _td_2018(as_of) == Decimal(remaining)


def test_the_closed_window_is_explained() -> None:
    case = make_case(doi=d("2018-01-10"), declarations=[], td=[])
    b = compute_benefits(case, d("2023-06-01"))
    assert "No TD weeks remain" in b.how[EN] and "01/10/2023" in b.how[EN]
    assert "No quedan semanas de TD" in b.how[ES]


def test_a_listed_injury_lifts_the_cap_to_240_weeks() -> None:
    from mmi_desktop.domain.model import TDCapException

    case = make_case(td=[TDPeriod(d("2024-02-13"), d("2026-11-01"))])  # 113.43 weeks
    case.claim.td_cap_exception = TDCapException.SEVERE_BURNS
    b = compute_benefits(case, AS_OF)
    assert b.td_weeks_remaining_under_cap == Decimal(240) - b.td_weeks_paid
    assert "LC 4656(c)(3): severe burns" in b.how[EN]
    assert "quemaduras graves" in b.how[ES]
    # the same case without the exception has none left
    case.claim.td_cap_exception = None
    assert compute_benefits(case, AS_OF).td_weeks_remaining_under_cap == Decimal(0)


def test_the_240_week_cap_reaches_back_to_injuries_from_april_19_2004() -> None:
    from mmi_desktop.domain.model import TDCapException

    case = make_case(doi=d("2006-05-01"), declarations=[], td=[])
    assert compute_benefits(case, d("2007-01-01")).td_weeks_remaining_under_cap == Decimal(104)
    case.claim.td_cap_exception = TDCapException.HIV
    assert compute_benefits(case, d("2007-01-01")).td_weeks_remaining_under_cap == Decimal(240)


def test_remaining_under_the_cap_never_goes_below_zero() -> None:
    case = make_case(td=[TDPeriod(d("2024-02-13"), d("2026-11-01"))])
    b = compute_benefits(case, AS_OF)
    assert b.td_weeks_paid > 104
    assert b.td_weeks_remaining_under_cap == Decimal(0)


def test_no_cap_figure_before_april_19_2004() -> None:
    case = make_case(doi=date(2004, 4, 18), td=[TDPeriod(d("2004-05-02"), d("2004-06-01"))])
    b = compute_benefits(case, d("2005-01-01"))
    assert b.td_weeks_remaining_under_cap is None
    assert "04/19/2004" in b.how[EN]


@pytest.mark.parametrize(
    ("as_of", "remaining"), [("2009-05-02", "99.57"), ("2009-05-03", "0")]
)
def test_injuries_2004_to_2007_have_104_weeks_within_two_years_of_the_first_td(
    as_of: str, remaining: str
) -> None:
    # LC 4656(c)(1): TD from 2007-05-02; 31 days paid (4.43 weeks); two years end 2009-05-02
    case = make_case(doi=date(2007, 5, 1), td=[TDPeriod(d("2007-05-02"), d("2007-06-01"))])
    b = compute_benefits(case, d(as_of))
    assert b.td_weeks_paid == Decimal("4.43")
    assert b.td_weeks_remaining_under_cap == Decimal(remaining)
    assert "LC 4656(c)(1)" in b.how[EN] and "05/02/2009" in b.how[EN]


def test_the_two_year_window_of_2004_to_2007_waits_for_td() -> None:
    case = make_case(doi=date(2006, 5, 1), declarations=[], td=[])
    b = compute_benefits(case, d("2012-01-01"))
    assert b.td_weeks_remaining_under_cap == Decimal(104)
    assert "starts with the first TD payment" in b.how[EN]


def test_td_cap_deadline_of_2004_to_2007_is_two_years_after_td_began() -> None:
    from mmi_desktop.domain.deadlines import TD_CAP, case_deadlines

    # TD from 2006-06-01 with a break: day 728 comes after 2008-06-01, the end of two years
    case = make_case(
        doi=date(2006, 5, 1),
        declarations=[],
        td=[TDPeriod(d("2006-06-01"), d("2006-06-30")), TDPeriod(d("2007-01-01"), None)],
    )
    (dl,) = [x for x in case_deadlines(case, d("2007-06-01")) if x.kind == TD_CAP]
    assert dl.due == d("2008-06-01")
    assert "LC 4656(c)(1)" in dl.basis[EN] and "06/01/2006" in dl.basis[EN]


def test_lc_4661_5_note_when_td_is_paid_two_years_after_the_injury() -> None:
    late = make_case(td=[TDPeriod(d("2025-12-01"), d("2026-03-01"))])  # DOI 2024-02-12
    assert "LC 4661.5" in compute_benefits(late, AS_OF).how[EN]
    assert "02/12/2026" in compute_benefits(late, AS_OF).how[EN]
    early = make_case(td=[TDPeriod(d("2024-02-13"), d("2026-02-11"))])
    assert "LC 4661.5" not in compute_benefits(early, AS_OF).how[EN]
    on_the_day = make_case(td=[TDPeriod(d("2024-02-13"), d("2026-02-12"))])
    assert "LC 4661.5" in compute_benefits(on_the_day, AS_OF).how[ES]


# -------------------------------------------------------------------------------- PD weeks


@pytest.mark.parametrize(
    ("rating", "weeks"),
    [
        ("10", "30.25"),
        ("30", "131.00"),
        ("75", "513.25"),
        ("99.75", "909.25"),
        ("14", "46.25"),
        ("0.25", "0.75"),
        ("9.75", "29.25"),
        ("0", "0.00"),
        ("23", "90.50"),  # 29.25 + 20 x 1.00 + 33 x 1.25 (the case-format example is shape only)
    ],
)
def test_pd_weeks_checks(rating: str, weeks: str) -> None:
    assert weeks_for(rating) == Decimal(weeks)


@pytest.mark.parametrize(
    ("rating", "rounded"),
    [("12.1", "12"), ("12.125", "12.25"), ("12.374", "12.25"), ("12.375", "12.5"), ("7", "7")],
)
def test_ratings_are_taken_to_the_nearest_quarter(rating: str, rounded: str) -> None:
    assert round_quarter(Decimal(rating)) == Decimal(rounded)
    assert weeks_for(rating) == weeks_for(rounded)


def test_no_pd_weeks_before_2005() -> None:
    assert rates.pd_weeks_bands(date(2004, 12, 31)).value is None


# ---------------------------------------------------------------------------- PD weekly rate


@pytest.mark.parametrize(
    ("doi", "rating", "expected"),
    [
        (date(2013, 6, 1), "58", "270.00"),
        (date(2013, 6, 1), "54.75", "230.00"),
        (date(2013, 6, 1), "55", "270.00"),
        (date(2013, 6, 1), "69.75", "270.00"),
        (date(2013, 6, 1), "70", "290.00"),
        (date(2012, 6, 1), "40", "230.00"),
        (date(2012, 6, 1), "70", "270.00"),
        (date(2005, 6, 1), "40", "220.00"),
        (date(2005, 6, 1), "80", "270.00"),
        (date(2014, 1, 1), "10", "290.00"),
        (date(2026, 1, 1), "99.75", "290.00"),
    ],
)
def test_pd_weekly_maximum_by_doi_and_rating(doi: date, rating: str, expected: str) -> None:
    assert pd_weekly_rate(Decimal("2000"), doi, Decimal(rating)).value == Decimal(expected)


@pytest.mark.parametrize(
    ("doi", "awe", "expected"),
    [
        (date(2014, 1, 1), "100.00", "160.00"),
        (date(2008, 1, 1), "100.00", "130.00"),
        (date(2005, 1, 1), "100.00", "105.00"),
        (date(2020, 1, 1), "300.00", "200.00"),
    ],
)
def test_pd_weekly_minimum_and_between(doi: date, awe: str, expected: str) -> None:
    assert pd_weekly_rate(Decimal(awe), doi, Decimal(20)).value == Decimal(expected)


def test_pd_total_is_rounded_half_up() -> None:
    # the reference's own check: 55.50 x 266.67 = 14,800.19
    assert round_cents(Decimal("55.50") * Decimal("266.67")) == Decimal("14800.19")


def test_2013_injury_rated_58_is_paid_at_most_270() -> None:
    m = declaration(pd_percent=58)
    case = make_case(doi=date(2013, 4, 1), awe="1500.00", declarations=[m])
    pd = compute_benefits(case, AS_OF).pd
    assert pd is not None
    assert pd.weekly_rate == Decimal("270.00")
    assert pd.weeks == weeks_for("58")
    assert pd.total == round_cents(weeks_for("58") * Decimal("270.00"))


# ------------------------------------------------------------------------------ life pension


def test_life_pension_example() -> None:
    assert life_pension_weekly(Decimal("750"), date(2014, 5, 1), Decimal(75)).value == Decimal(
        "115.96"
    )


def test_life_pension_below_the_cap_uses_the_wage() -> None:
    assert life_pension_weekly(Decimal("400"), date(2014, 5, 1), Decimal(80)).value == Decimal(
        "120.00"
    )


def test_life_pension_needs_a_covered_doi_and_a_wage() -> None:
    assert life_pension_weekly(Decimal("750"), date(2004, 5, 1), Decimal(75)).value is None
    assert life_pension_weekly(None, date(2014, 5, 1), Decimal(75)).value is None


@pytest.mark.parametrize(("pct", "has_pension"), [("69.75", False), ("70", True), ("99.75", True)])
def test_life_pension_only_from_70_to_99_75(pct: str, has_pension: bool) -> None:
    case = make_case(doi=date(2014, 5, 1), awe="750.00", declarations=[declaration(pd_percent=pct)])
    pd = compute_benefits(case, AS_OF).pd
    assert pd is not None
    assert (pd.life_pension_weekly is not None) is has_pension
    if has_pension:
        assert "LC 4659(a)" in pd.how[EN] and "$515.38" in pd.how[EN]
        assert "pensión vitalicia" in pd.how[ES].lower()


def test_100_percent_is_permanent_total_at_the_td_rate() -> None:
    case = make_case(awe="880.00", declarations=[declaration(pd_percent=100)])
    pd = compute_benefits(case, AS_OF).pd
    assert pd is not None
    assert pd.permanent_total is True
    assert pd.weekly_rate == Decimal("586.67")
    assert (pd.weeks, pd.total, pd.life_pension_weekly) == (None, None, None)
    assert "LC 4659(b)" in pd.how[EN]


# ---------------------------------------------------------------------------- which rating


def test_no_pd_before_any_declaration() -> None:
    assert compute_benefits(make_case(declarations=[]), AS_OF).pd is None


def test_the_latest_declaration_by_date_counts_and_its_pd_percent_wins() -> None:
    later = declaration("m2", d("2025-03-01"), pd_percent=23)
    earlier = declaration("m1", d("2024-08-20"), impairments=[impairment(wpi=30)])
    case = make_case(declarations=[later, earlier])  # list order is not date order
    pd = compute_benefits(case, AS_OF).pd
    assert pd is not None
    assert pd.percent == Decimal(23)
    assert pd.weeks == Decimal("90.50")
    assert pd.total == Decimal("26245.00")
    assert pd.estimate is False
    assert "03/01/2025" in pd.how[EN]


def test_computed_rating_when_no_pd_percent() -> None:
    m = declaration(impairments=[impairment("left shoulder", 6), impairment("neck", 5)])
    pd = compute_benefits(make_case(declarations=[m]), AS_OF).pd
    assert pd is not None
    assert (pd.percent, pd.weeks, pd.weekly_rate, pd.total) == (
        Decimal(14),
        Decimal("46.25"),
        Decimal("290.00"),
        Decimal("13412.50"),
    )
    assert pd.estimate is True and pd.basis == "estimate"
    assert pd.rating_string == "16.02.01.00 - 6 - [1.4]8; 16.02.01.00 - 5 - [1.4]7; 8 C 7 = 14"
    assert "without occupation or age adjustment" in pd.how[EN]
    assert "occupational group" in pd.how[EN] and "date of birth" in pd.how[EN]
    assert "sin ajuste por ocupación ni edad" in pd.how[ES]


def test_unratable_declaration_gives_null_figures_with_a_reason() -> None:
    m = declaration(impairments=[impairment("neck", wpi=None)])
    pd = compute_benefits(make_case(declarations=[m]), AS_OF).pd
    assert pd is not None
    assert (pd.percent, pd.weeks, pd.weekly_rate, pd.total) == (None, None, None, None)
    assert "not computed" in pd.how[EN] and "WPI" in pd.how[EN]


def test_no_wage_leaves_rate_and_total_null_but_keeps_weeks() -> None:
    pd = compute_benefits(make_case(awe=None, declarations=[declaration(pd_percent=14)]), AS_OF).pd
    assert pd is not None
    assert pd.weeks == Decimal("46.25")
    assert pd.weekly_rate is None and pd.total is None
    assert "average weekly wage is not recorded" in pd.how[EN]


def test_how_names_the_rules_and_figures_in_both_languages() -> None:
    m = declaration(impairments=[impairment("left shoulder", 6), impairment("neck", 5)])
    b = compute_benefits(make_case(declarations=[m]), AS_OF)
    assert b.pd is not None
    for needle in ("LC 4658(d)", "LC 4453(b)", "46.25", "$290.00", "$13,412.50"):
        assert needle in b.pd.how[EN]
        assert needle in b.pd.how[ES]
    assert b.pd.how[EN] != b.pd.how[ES]


def test_life_pension_of_2005_says_its_own_cap() -> None:
    case = make_case(doi=date(2005, 5, 1), awe="750.00", declarations=[declaration(pd_percent=75)])
    pd = compute_benefits(case, AS_OF).pd
    assert pd is not None
    assert pd.weeks == weeks_for("75") and pd.weekly_rate == Decimal("270.00")
    assert pd.life_pension_weekly == Decimal("57.98")
    assert "$257.69" in pd.how[EN]


def test_a_rating_that_rounds_to_100_is_permanent_total() -> None:
    case = make_case(declarations=[declaration(pd_percent="99.9")])
    pd = compute_benefits(case, AS_OF).pd
    assert pd is not None and pd.permanent_total is True
    no_band = pd_weekly_rate(Decimal("900"), date(2024, 1, 1), Decimal("99.9"))
    assert no_band.value is None
    assert no_band.reason is not None and "permanent total" in no_band.reason[EN]


# ------------------------------------------------------- tables before 2013 (issue 12, item 11)


@pytest.mark.parametrize(
    ("doi", "minimum", "maximum"),
    [
        ("2005-03-01", "126.00", "840.00"),
        ("2006-12-31", "126.00", "840.00"),
        ("2007-01-01", "132.25", "881.66"),
        ("2008-07-01", "137.45", "916.33"),
        ("2009-07-01", "143.70", "958.01"),
        ("2010-07-01", "148.00", "986.69"),
        ("2011-07-01", "148.00", "986.69"),
        ("2012-12-31", "151.57", "1010.50"),
    ],
)
def test_td_limits_2005_to_2012(doi: str, minimum: str, maximum: str) -> None:
    assert td_weekly_rate(Decimal("100.00"), d(doi)).value == Decimal(minimum)
    assert td_weekly_rate(Decimal("5000.00"), d(doi)).value == Decimal(maximum)


def test_permanent_total_with_a_2012_injury_gets_the_td_rate() -> None:
    m = declaration(day=d("2013-05-01"), pd_percent=100)
    case = make_case(doi=d("2012-06-01"), awe="2000.00", declarations=[m])
    pd = compute_benefits(case, AS_OF).pd
    assert pd is not None and pd.permanent_total
    assert pd.weekly_rate == Decimal("1010.50")


def test_life_pension_of_a_2005_injury_caps_earnings_at_257_69() -> None:
    # LC 4659(a): 1.5 % x min(AWE, 257.69) x (75 - 60) = 57.98; from 2006 the cap is 515.38
    assert life_pension_weekly(Decimal("750.00"), d("2005-08-01"), Decimal(75)).value == Decimal(
        "57.98"
    )
    assert life_pension_weekly(Decimal("750.00"), d("2006-01-01"), Decimal(75)).value == Decimal(
        "115.96"
    )
    assert life_pension_weekly(Decimal("200.00"), d("2005-08-01"), Decimal(75)).value == Decimal(
        "45.00"
    )


# ------------------------------------------- LC 4658(d)(2)-(3): +/-15 % (issue 12, item 8)


def _rtw_case(doi: str, offer: str | None, fifty: bool | None) -> PDBenefit:
    from mmi_desktop.domain.model import ReturnToWorkOffer

    m = declaration(day=d("2011-03-01"), pd_percent=20)
    case = make_case(doi=d(doi), awe="1000.00", declarations=[m])
    case.claim.rtw_offer = ReturnToWorkOffer(offer) if offer else None
    case.claim.employer_50_or_more = fifty
    pd = compute_benefits(case, AS_OF).pd
    assert pd is not None
    return pd


@pytest.mark.parametrize(
    ("offer", "pct", "adjusted"),
    [
        ("not_offered", 15, "264.50"),
        ("offered", -15, "195.50"),
        ("ended_by_employer", 15, "264.50"),
    ],
)
def test_rtw_adjustment_of_a_2010_injury(offer: str, pct: int, adjusted: str) -> None:
    # 2/3 x 1000 = 666.67, held to the $230.00 maximum for 2006-2012 injuries below 70 %
    pd = _rtw_case("2010-06-01", offer, True)
    assert pd.weekly_rate == Decimal("230.00")
    assert pd.rtw_adjustment_pct == pct
    assert pd.adjusted_weekly_rate == Decimal(adjusted)
    assert "LC 4658(d)" in pd.how[EN] and f"${adjusted}" in pd.how[EN]


def test_rtw_increase_runs_from_60_days_after_ps() -> None:
    pd = _rtw_case("2010-06-01", "not_offered", True)
    assert "04/30/2011" in pd.how[EN]  # 2011-03-01 + 60 days


@pytest.mark.parametrize(
    ("doi", "offer", "fifty", "says"),
    [
        ("2010-06-01", None, True, None),
        ("2010-06-01", "offered", False, "fewer than 50 employees"),
        ("2010-06-01", "offered", None, "50 or more employees"),
        ("2013-01-01", "not_offered", True, "only for injuries from 2005 to 2012"),
    ],
)
def test_no_rtw_adjustment(
    doi: str, offer: str | None, fifty: bool | None, says: str | None
) -> None:
    pd = _rtw_case(doi, offer, fifty)
    assert pd.rtw_adjustment_pct is None and pd.adjusted_weekly_rate is None
    if says:
        assert says in pd.how[EN]

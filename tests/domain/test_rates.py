"""The rate tables: data with sources and dates, looked up by date of injury, never guessed."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from mmi_desktop.domain import rates
from mmi_desktop.domain.model import Language
from mmi_desktop.paths import resource

TABLES = [
    rates.td_limits_table,
    rates.pd_weekly_limits_table,
    rates.pd_weeks_table,
    rates.life_pension_table,
    rates.td_cap_table,
    rates.fec_table,
    rates.sjdb_table,
    rates.deadline_periods_table,
]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.__name__)
def test_every_row_has_a_source_and_dates_that_do_not_overlap(table: object) -> None:
    rows = table()  # type: ignore[operator]
    assert rows
    spans = sorted((r.applies_from, r.applies_to or date.max) for r in rows)
    for row in rows:
        assert row.source.strip()
        assert row.applies_to is None or row.applies_from <= row.applies_to
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end < start


def test_tables_are_loaded_once() -> None:
    assert rates.td_limits_table() is rates.td_limits_table()
    assert rates.pd_weeks_table() is rates.pd_weeks_table()


def test_td_limits_cover_2005_to_2026_one_year_a_row() -> None:
    rows = rates.td_limits_table()
    assert [r.applies_from.year for r in rows] == list(range(2005, 2027))
    for r in rows:
        assert r.applies_from == date(r.applies_from.year, 1, 1)
        assert r.applies_to == date(r.applies_from.year, 12, 31)
        assert r.minimum < r.maximum


@pytest.mark.parametrize(
    ("doi", "minimum", "maximum"),
    [
        (date(2013, 1, 1), "160.00", "1066.72"),
        (date(2022, 7, 4), "230.95", "1539.71"),
        (date(2024, 12, 31), "242.86", "1619.15"),
        (date(2026, 6, 30), "264.61", "1764.11"),
    ],
)
def test_td_limits_by_doi_year(doi: date, minimum: str, maximum: str) -> None:
    row = rates.td_limits(doi).value
    assert row is not None
    assert (row.minimum, row.maximum) == (Decimal(minimum), Decimal(maximum))


@pytest.mark.parametrize("doi", [date(2004, 12, 31), date(2027, 1, 1), date(1999, 1, 1)])
def test_a_doi_outside_the_td_table_gives_none_and_a_reason(doi: date) -> None:
    found = rates.td_limits(doi)
    assert found.value is None
    assert found.reason is not None
    en, es = found.reason[Language.EN], found.reason[Language.ES]
    assert "TD weekly limits" in en
    assert doi.strftime("%m/%d/%Y") in en
    assert "01/01/2005" in en and "12/31/2026" in en
    assert "incapacidad temporal (TD)" in es and "1 de enero de 2005" in es


def test_an_open_ended_table_says_from_when() -> None:
    found = rates.pd_weekly_limits(date(2004, 6, 1))
    assert found.value is None and found.reason is not None
    assert "from 01/01/2005 on" in found.reason[Language.EN]
    assert "desde el 1 de enero de 2005" in found.reason[Language.ES]


def test_pd_limits_2013_split_at_55_and_70() -> None:
    row = rates.pd_weekly_limits(date(2013, 7, 1)).value
    assert row is not None
    assert row.minimum == Decimal("160.00")
    assert row.maximum_for(Decimal("54.75")) == Decimal("230.00")
    assert row.maximum_for(Decimal("55")) == Decimal("270.00")
    assert row.maximum_for(Decimal("70")) == Decimal("290.00")
    assert row.maximum_for(Decimal("100")) is None


def test_pd_weeks_bands_are_contiguous_in_quarter_steps() -> None:
    (row,) = rates.pd_weeks_table()
    assert row.applies_from == date(2005, 1, 1)
    assert row.step == Decimal("0.25")
    assert row.bands[0].low == Decimal("0.25")
    assert row.bands[-1].high == Decimal("99.75")
    for a, b in zip(row.bands, row.bands[1:], strict=False):
        assert b.low == a.high + row.step
    assert [b.value for b in row.bands] == [Decimal(n) for n in (3, 4, 5, 6, 7, 8, 16)]


def test_life_pension_cap_and_range() -> None:
    assert rates.life_pension_rule(date(2004, 12, 31)).value is None
    early = rates.life_pension_rule(date(2005, 12, 31)).value
    assert early is not None and early.awe_cap == Decimal("257.69")
    rule = rates.life_pension_rule(date(2006, 1, 1)).value
    assert rule is not None
    assert rule.awe_cap == Decimal("515.38")
    assert (rule.rating_from, rule.rating_to) == (Decimal(70), Decimal("99.75"))


def test_td_cap_rows() -> None:
    assert rates.td_cap_rule(date(2004, 4, 18)).value is None
    early = rates.td_cap_rule(date(2007, 12, 31)).value
    assert early is not None and (early.max_weeks, early.within_years) == (104, 2)
    assert early.window_from == "first_td"
    rule = rates.td_cap_rule(date(2008, 1, 1)).value
    assert rule is not None and (rule.max_weeks, rule.within_years) == (104, 5)
    assert rule.window_from == "injury"


def test_sjdb_voucher_from_2013() -> None:
    assert rates.sjdb_rule(date(2012, 12, 31)).value is None
    rule = rates.sjdb_rule(date(2013, 1, 1)).value
    assert rule is not None
    assert rule.voucher_amount == Decimal("6000.00")
    assert rule.offer_window_days == 60
    assert rule.rtw_supplement_amount == Decimal("5000.00")


def test_fec_methods_by_doi() -> None:
    flat = rates.fec_rule(date(2013, 1, 1)).value
    rank = rates.fec_rule(date(2012, 12, 31)).value
    assert flat is not None and flat.method == "flat" and flat.factor == Decimal("1.4")
    assert rank is not None and rank.method == "rank" and rank.factor is None
    assert (rank.factor_min, rank.factor_max) == (Decimal("1.10"), Decimal("1.40"))
    assert rates.fec_rule(date(2004, 12, 31)).value is None


def test_deadline_periods() -> None:
    row = rates.deadline_periods(date(2020, 1, 1)).value
    assert row is not None
    assert (row.objection_days_represented, row.objection_days_unrepresented) == (20, 30)
    assert row.pd_first_payment_days == 14
    assert row.new_and_further_years == 5


def test_holiday_policy_says_what_it_counts_and_leaves_out_and_why() -> None:
    policy = rates.holiday_policy()
    assert (policy.country, policy.subdivision) == ("US", "CA")
    data = json.loads(resource("rates", "holidays.json").read_text(encoding="utf-8"))
    assert [h["name"] for h in data["counted"]] == [h.name for h in policy.counted]
    assert all(h.source.strip() for h in policy.counted)
    assert all(e["reason"].strip() for e in data["not_counted"])
    juneteenth = next(h for h in policy.counted if h.name.startswith("Juneteenth"))
    assert (juneteenth.first, juneteenth.last) == (2023, None)

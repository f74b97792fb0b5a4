"""The schedule's lookups (domain/pdrs.py): FEC, age bands, the chart's edges, and the
searches the window's pickers use."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mmi_desktop.domain.pdrs import groups, schedule, search_impairments, search_occupations


@pytest.mark.parametrize(
    ("wpi", "rank", "adjusted"),
    [("10", 5, 13), ("3", 2, 3), ("3.2", 2, 4), ("35", 5, 45), ("0", 5, 0), ("0.4", 8, 1),
     ("99.5", 8, 100)],
)  # fmt: skip
def test_fec_adjust_by_table_or_exact_factor(wpi: str, rank: int, adjusted: int) -> None:
    assert schedule().fec_adjust(Decimal(wpi), rank) == adjusted


@pytest.mark.parametrize(
    ("age", "band"),
    [(16, 0), (21, 0), (22, 1), (39, 4), (41, 4), (42, 5), (61, 8), (62, 9), (90, 9)],
)
def test_age_bands_at_their_edges(age: int, band: int) -> None:
    assert schedule().age_band(age) == band


def test_the_chart_s_edges() -> None:
    table = schedule()
    assert table.combine(0, 12) == 12 and table.combine(12, 0) == 12
    assert table.combine(100, 40) == 100
    assert table.combine(11, 24) == table.combine(24, 11) == 32  # the larger value first


def test_group_descriptions() -> None:
    assert groups()[351].description == "Drivers; medium work"
    assert groups()[110].description == "Professional, Technical, Clerical; very light work"
    assert len(groups()) == 45


def test_occupation_search_by_words_of_title_industry_or_group() -> None:
    found = search_occupations("fork op")
    assert [(o.title, o.group) for o in found] == [("FORKLIFT OPERATOR", 351)]
    titles = [o.title for o in search_occupations("driver truck", None)]
    assert titles and all("TRUCK" in t and "DRIVER" in t for t in titles)
    by_industry = search_occupations("baker bakery", None)
    assert {(o.title, o.group) for o in by_industry} >= {("BAKER", 420), ("BAKER HELPER", 460)}
    assert all(o.group == 493 for o in search_occupations("493", None))
    # titles that start with the first word come first
    first = search_occupations("clerk", None)
    assert first[0].title.startswith("CLERK")
    assert search_occupations("zzzz") == []
    assert len(search_occupations("", None)) == 1812


def test_impairment_search_by_title_abbreviation_or_number() -> None:
    assert [r.number for r in search_impairments("lumbar DRE")] == ["15.03.01.00"]
    assert [r.number for r in search_impairments("cervical dre")] == ["15.01.01.00"]
    assert "17.05.04.00" in [r.number for r in search_impairments("knee rom")]
    assert [r.number for r in search_impairments("carpal")] == ["16.01.02.02"]
    assert {r.number[:5] for r in search_impairments("16.06")} == {"16.06"}
    assert [r.number for r in search_impairments("170504")] == ["17.05.04.00"]
    assert search_impairments("no such impairment") == []

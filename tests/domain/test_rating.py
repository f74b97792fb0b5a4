"""WPI to PD rating: FEC, final rating, apportionment, Combined Values Chart or addition."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from mmi_desktop.domain.model import CombineMethod, Language
from mmi_desktop.domain.rating import (
    add_values,
    apportion,
    combine_values,
    rate_declaration,
    round_whole,
)

from .conftest import declaration, impairment

DOI_2024 = date(2024, 2, 12)
DOI_2010 = date(2010, 5, 3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7.5", 8), ("10.5", 11), ("8.4", 8), ("9.9", 10), ("0.5", 1), ("14.44", 14), ("2.5", 3)],
)
def test_round_whole_is_half_up(value: str, expected: int) -> None:
    assert round_whole(Decimal(value)) == expected


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ([8, 7], 14),  # 8 + 7 x 92 / 100 = 14.44
        ([7, 8], 14),  # largest first whatever the order given
        ([30, 20, 10], 50),  # 30 C 20 = 44; 44 C 10 = 49.6 -> 50
        ([50, 50], 75),
        ([25], 25),
        ([100, 40], 100),
        ([0, 12], 12),
    ],
)
def test_combined_values_chart(ratings: list[int], expected: int) -> None:
    assert combine_values(ratings)[0] == expected


def test_combined_values_rounds_after_each_step() -> None:
    # 5 C 5 = 9.75 -> 10; 10 C 5 = 14.5 -> 15. Rounding only at the end would give 14.2625 -> 14.
    total, steps = combine_values([5, 5, 5])
    assert steps == ["5 C 5 = 10", "10 C 5 = 15"]
    assert total == 15


def test_add_is_capped_at_100() -> None:
    assert add_values([8, 7]) == 15
    assert add_values([60, 50]) == 100


@pytest.mark.parametrize(
    ("rating", "pct", "expected"),
    [("11", "10", 10), ("15", "50", 8), ("20", "0", 20), ("20", None, 20), ("20", "100", 0)],
)
def test_apportionment(rating: str, pct: str | None, expected: int) -> None:
    assert apportion(Decimal(rating), None if pct is None else Decimal(pct)) == expected


def test_pending_surgery_example_is_an_estimate_of_14() -> None:
    m = declaration(
        impairments=[
            impairment("left shoulder", 6, number="16.02.01.00"),
            impairment("neck", 5, number="15.01.01.00"),
        ]
    )
    rating = rate_declaration(m, DOI_2024)
    assert rating.percent == Decimal(14)
    assert rating.estimate is True
    assert [p.fec_rating for p in rating.parts] == [8, 7]
    assert rating.string == "16.02.01.00 – 6 – [1.4] 8 %; 15.01.01.00 – 5 – [1.4] 7 %; 8 C 7 = 14 %"


def test_clean_example_uses_the_final_rating_and_apportions_it() -> None:
    m = declaration(
        impairments=[impairment("right ankle", 7, number="17.07.00.00", final=11, apportionment=10)]
    )
    rating = rate_declaration(m, date(2022, 8, 30), occupational_group=350)
    assert rating.percent == Decimal(10)
    assert rating.estimate is False
    assert rating.string == "90 % (17.07.00.00 – 7 – [1.4] 10 – 350 – 11 %) = 10 %"


def test_group_is_not_shown_beside_an_estimate() -> None:
    m = declaration(impairments=[impairment(wpi=10, number="15.03.01.00")])
    rating = rate_declaration(m, DOI_2024, occupational_group=380)
    assert rating.string == "15.03.01.00 – 10 – [1.4] 14 %"
    assert "380" not in (rating.string or "")


def test_fec_is_capped_at_100() -> None:
    m = declaration(impairments=[impairment(wpi=80)])
    rating = rate_declaration(m, DOI_2024)
    assert rating.parts[0].fec_rating == 100
    assert rating.percent == Decimal(100)


def test_fec_rounds_half_up() -> None:
    m = declaration(impairments=[impairment(wpi="7.5")])  # 10.5 -> 11
    assert rate_declaration(m, DOI_2024).percent == Decimal(11)


def test_fec_applies_from_2013_only() -> None:
    m = declaration(impairments=[impairment(wpi=10)])
    assert rate_declaration(m, date(2013, 1, 1)).percent == Decimal(14)
    before = rate_declaration(m, date(2012, 12, 31))
    assert before.percent is None
    assert before.reason is not None
    assert "FEC rank factor (1.10 to 1.40)" in before.reason[Language.EN]
    assert "factor de rango FEC" in before.reason[Language.ES]


def test_pre_2013_injury_uses_the_entered_rank_factor() -> None:
    m = declaration(impairments=[impairment(wpi=10, fec_factor="1.1")])
    rating = rate_declaration(m, DOI_2010)
    assert rating.percent == Decimal(11)
    assert rating.parts[0].fec_factor == Decimal("1.1")
    assert "[1.1] 11" in (rating.string or "")


def test_pre_2013_injury_with_a_final_rating_needs_no_factor() -> None:
    m = declaration(impairments=[impairment(wpi=10, final=16)])
    rating = rate_declaration(m, DOI_2010)
    assert rating.percent == Decimal(16)
    assert rating.estimate is False
    assert "[" not in (rating.string or "")


def test_rank_factor_outside_the_schedule_is_refused() -> None:
    m = declaration(impairments=[impairment(wpi=10, fec_factor="1.6")])
    rating = rate_declaration(m, DOI_2010)
    assert rating.percent is None
    assert rating.reason is not None and "1.6" in rating.reason[Language.EN]


def test_injury_before_the_2005_schedule_is_not_rated() -> None:
    m = declaration(impairments=[impairment(wpi=10, fec_factor="1.2")])
    rating = rate_declaration(m, date(2004, 6, 1))
    assert rating.percent is None
    assert rating.reason is not None and "2004" in rating.reason[Language.EN]


def test_missing_wpi_without_final_rating_gives_no_rating() -> None:
    m = declaration(impairments=[impairment("neck", wpi=None)])
    rating = rate_declaration(m, DOI_2024)
    assert rating.percent is None
    assert rating.reason is not None and "“neck”" in rating.reason[Language.EN]


def test_no_impairments_gives_no_rating() -> None:
    rating = rate_declaration(declaration(impairments=[]), DOI_2024)
    assert rating.percent is None
    assert rating.reason is not None


def test_estimate_when_any_impairment_lacks_a_final_rating() -> None:
    m = declaration(impairments=[impairment("a", 5, final=9), impairment("b", 5)])
    assert rate_declaration(m, DOI_2024).estimate is True
    m2 = declaration(impairments=[impairment("a", 5, final=9), impairment("b", 5, final=8)])
    assert rate_declaration(m2, DOI_2024).estimate is False


def test_add_instead_of_combine_records_the_reason() -> None:
    m = declaration(
        impairments=[impairment("a", 6), impairment("b", 5)],
        combine=CombineMethod.ADD,
        combine_reason="Kite: synergistic effect on the same extremity",
    )
    rating = rate_declaration(m, DOI_2024)
    assert rating.percent == Decimal(15)
    assert rating.method is CombineMethod.ADD
    assert rating.combine_reason == "Kite: synergistic effect on the same extremity"
    assert (rating.string or "").endswith("8 + 7 = 15 %")


def test_unknown_parts_are_left_out_of_the_string() -> None:
    m = declaration(impairments=[impairment(number=None, wpi=None, final=12)])
    assert rate_declaration(m, DOI_2024).string == "12 %"


def test_apportionment_missing_is_reported() -> None:
    m = declaration(impairments=[impairment("neck", 5, apportionment=None), impairment("back", 5)])
    rating = rate_declaration(m, DOI_2024)
    assert rating.apportionment_missing == ("neck",)

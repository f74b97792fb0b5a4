"""WPI to PD rating by the 2005 schedule: FEC, variant, occupation, age, apportionment, prior
awards, extremities, the Combined Values Chart; the schedule's own worked examples."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from mmi_desktop.domain.model import (
    CombineMethod,
    Language,
    PsychSleepSexualException,
)
from mmi_desktop.domain.rating import (
    add_values,
    age_on,
    apportion,
    combine_values,
    rate_case,
    rate_declaration,
    round_whole,
    side_of,
    subtract_prior_award,
)

from .conftest import declaration, example_c_impairments, impairment, make_case

EN, ES = Language.EN, Language.ES
DOI_2024 = date(2024, 2, 12)
DOI_2010 = date(2010, 5, 3)
# The schedule's examples rate a 30-year-old: born 1979-05-04, 30 on 2010-05-03.
BORN_30 = date(1979, 5, 4)
STEVEDORE = 351


def en(texts: tuple[dict[Language, str], ...]) -> list[str]:
    return [t[EN] for t in texts]


# --- the arithmetic ----------------------------------------------------------------------------


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
        ([25, 15], 36),  # Section 1's own example: .25 + .15(.75) = .3625
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


@pytest.mark.parametrize(
    ("rating", "prior", "expected"),
    [(30, "10", 20), (30, None, 30), (10, "25", 0), (20, "12.5", 8), (20, "12.6", 7)],
)
def test_prior_award_is_subtracted_in_points(rating: int, prior: str | None, expected: int) -> None:
    assert subtract_prior_award(rating, None if prior is None else Decimal(prior)) == expected


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        ("1979-05-04", "2010-05-03", 30),
        ("1979-05-03", "2010-05-03", 31),
        ("1980-02-29", "2021-02-28", 40),
        ("1980-02-29", "2021-03-01", 41),
    ],
)
def test_age_is_completed_years_on_the_day(born: str, day: str, age: int) -> None:
    assert age_on(date.fromisoformat(born), date.fromisoformat(day)) == age


@pytest.mark.parametrize(
    ("part", "side"),
    [
        ("left knee", "left"),
        ("Right shoulder", "right"),
        ("rodilla izquierda", "left"),
        ("knees", None),
        ("left and right wrists", None),
        (None, None),
        ("Rt hand", "right"),
    ],
)
def test_side_is_read_from_the_body_part(part: str | None, side: str | None) -> None:
    assert side_of(part) == side


# --- the schedule's worked examples --------------------------------------------------------


def test_section_1_rating_formula_example() -> None:
    # Section 1 II.B.9 (p. 1-9): 15.01.02.02 - 8 - [5]10 - 470H - 13 - 11, age 30
    m = declaration(impairments=[impairment("neck", 8, number="15.01.02.02")])
    rating = rate_declaration(m, DOI_2010, 470, BORN_30)
    (part,) = rating.parts
    assert part.string == "15.01.02.02 - 8 - [5]10 - 470H - 13 - 11"
    assert (part.fec_rank, part.variant, part.age) == (5, "H", 30)
    assert rating.combined == 11 and rating.percent == Decimal(11) and not rating.estimate


def test_section_7_example_a_one_arm() -> None:
    m = declaration(
        impairments=[
            impairment("right hand", 10, number="16.05.01.00"),
            impairment("right shoulder", 18, number="16.02.02.00"),
        ]
    )
    rating = rate_declaration(m, DOI_2010, STEVEDORE, BORN_30)
    assert [p.string for p in rating.parts] == [
        "16.05.01.00 - 10 - [1]11 - 351G - 13 - 11",
        "16.02.02.00 - 18 - [7]24 - 351G - 27 - 24",
    ]
    assert rating.steps == ("24 C 11 = 32",)
    assert rating.combined == 32


def test_section_7_example_b_pain_add_on_and_the_leg_maximum() -> None:
    m = declaration(
        impairments=[
            impairment("left leg", 32, number="17.01.02.02", pain=3),
            impairment("left knee", 14, number="17.05.04.00"),
        ]
    )
    rating = rate_declaration(m, DOI_2010, STEVEDORE, BORN_30)
    amputation, knee = rating.parts
    assert amputation.string == "17.01.02.02 - 35 - [5]45 - 351G - 48 - 44"
    assert amputation.wpi == Decimal(35) and amputation.pain_add_on == Decimal(3)
    assert knee.string == "17.05.04.00 - 14 - [2]16 - 351G - 18 - 16"
    assert rating.steps == (
        "44 C 16 = 53",
        "53 → 50 (max 17.01.02.01 - 40 - [5]51 - 351G - 54 - 50)",
    )
    assert rating.combined == 50


def test_section_7_example_c_arm_back_and_both_legs() -> None:
    m = declaration(impairments=example_c_impairments())
    rating = rate_declaration(m, DOI_2010, STEVEDORE, BORN_30)
    assert [p.string for p in rating.parts] == [
        "15.03.01.00 - 10 - [5]13 - 351G - 15 - 13",
        "16.05.01.00 - 10 - [1]11 - 351G - 13 - 11",
        "16.02.02.00 - 18 - [7]24 - 351G - 27 - 24",
        "17.01.02.02 - 35 - [5]45 - 351G - 48 - 44",
        "17.05.04.00 - 14 - [2]16 - 351G - 18 - 16",
        "17.05.04.00 - 3 - [2]4 - 351G - 5 - 4",
    ]
    assert rating.steps[-3:] == ("50 C 32 = 66", "66 C 13 = 70", "70 C 4 = 71")
    assert rating.combined == 71
    assert [p.extremity for p in rating.parts] == [
        None,
        "right arm",
        "right arm",
        "left leg",
        "left leg",
        "right leg",
    ]


def test_unrounded_wpi_is_carried_into_the_fec_step() -> None:
    # Example C's right knee: 3.2 % WPI at rank 2 is 3.657 -> 4; the table's WPI 3 gives 3.
    three = rate_declaration(
        declaration(impairments=[impairment("right knee", 3, number="17.05.04.00")]),
        DOI_2010, STEVEDORE, BORN_30,
    )  # fmt: skip
    assert three.parts[0].fec_adjusted == 3
    decimal = rate_declaration(
        declaration(impairments=[impairment("right knee", "3.2", number="17.05.04.00")]),
        DOI_2010, STEVEDORE, BORN_30,
    )  # fmt: skip
    assert decimal.parts[0].fec_adjusted == 4
    assert decimal.parts[0].wpi == Decimal("3.2")


def test_the_issue_s_2013_string() -> None:
    m = declaration(impairments=[impairment("low back", 10, number="15.03.01.00")])
    rating = rate_declaration(m, date(2013, 1, 1), STEVEDORE, date(1982, 12, 31))
    (part,) = rating.parts
    assert part.string == "15.03.01.00 - 10 - [1.4]14 - 351G - 16 - 14"
    assert part.fec_rank is None and part.age == 30
    assert rating.combined == 14


def test_fec_rank_comes_from_section_2_before_2013() -> None:
    m = declaration(impairments=[impairment("right shoulder", 18, number="16.02.01.00")])
    before = rate_declaration(m, date(2012, 12, 31), STEVEDORE, BORN_30)
    after = rate_declaration(m, date(2013, 1, 1), STEVEDORE, BORN_30)
    assert (before.parts[0].fec_rank, before.parts[0].fec_adjusted) == (7, 24)
    assert (after.parts[0].fec_rank, after.parts[0].fec_adjusted) == (None, 25)


def test_fec_is_capped_at_100() -> None:
    m = declaration(impairments=[impairment("low back", 80, number="15.03.01.00")])
    rating = rate_declaration(m, DOI_2024, STEVEDORE, BORN_30)
    assert rating.parts[0].fec_adjusted == 100


def test_age_bands_change_the_rating() -> None:
    m = declaration(impairments=[impairment("low back", 20, number="15.03.01.00")])
    young = rate_declaration(m, DOI_2024, STEVEDORE, date(2003, 1, 1))  # 21
    middle = rate_declaration(m, DOI_2024, STEVEDORE, date(1985, 1, 1))  # 39
    old = rate_declaration(m, DOI_2024, STEVEDORE, date(1960, 1, 1))  # 64
    assert young.combined is not None and middle.combined is not None and old.combined is not None
    assert young.combined < middle.combined < old.combined
    # 20 x 1.4 = 28; 351 spine G: 28 -> 31; age 37-41: unchanged
    assert middle.parts[0].occupation_adjusted == middle.combined == 31


# --- what is missing, and the estimate -----------------------------------------------------------


def test_without_group_or_birth_the_estimate_is_used_and_what_is_missing_is_said() -> None:
    m = declaration(
        impairments=[
            impairment("left shoulder", 6, number="16.02.01.00"),
            impairment("neck", 5, number="15.01.01.00"),
        ]
    )
    rating = rate_declaration(m, DOI_2024)
    assert rating.combined is None and rating.estimate is True
    assert rating.percent == Decimal(14)  # 8 C 7: the FEC-adjusted figures
    assert [p.fec_adjusted for p in rating.parts] == [8, 7]
    assert [p.rating for p in rating.parts] == [None, None]
    assert rating.string == "16.02.01.00 - 6 - [1.4]8; 15.01.01.00 - 5 - [1.4]7; 8 C 7 = 14"
    missing = en(rating.missing)
    assert len(missing) == 2
    assert "occupational group" in missing[0] and "date of birth" in missing[1]
    assert "grupo ocupacional" in rating.missing[0][ES]


def test_an_unknown_group_is_named() -> None:
    m = declaration(impairments=[impairment("neck", 5, number="15.01.01.00")])
    rating = rate_declaration(m, DOI_2024, 399, BORN_30)
    assert rating.estimate and "399" in en(rating.missing)[0]


def test_a_number_not_in_the_schedule_is_named() -> None:
    m = declaration(impairments=[impairment("hip", 10, number="17.03.10.00")])
    rating = rate_declaration(m, DOI_2024, STEVEDORE, BORN_30)
    assert rating.estimate is True and rating.percent == Decimal(14)
    (why,) = en(rating.missing)
    assert "17.03.10.00" in why and "Section 2" in why


def test_pre_2013_number_not_in_the_schedule_uses_an_entered_factor_for_the_estimate() -> None:
    m = declaration(impairments=[impairment("hip", 10, number="17.03.10.00", fec_factor="1.1")])
    rating = rate_declaration(m, DOI_2010, STEVEDORE, BORN_30)
    assert rating.estimate is True and rating.percent == Decimal(11)
    assert rating.parts[0].string == "17.03.10.00 - 10 - [1.1]11"


def test_pre_2013_number_not_in_the_schedule_without_a_factor_gives_no_figure() -> None:
    m = declaration(impairments=[impairment("hip", 10, number="17.03.10.00")])
    rating = rate_declaration(m, DOI_2010, STEVEDORE, BORN_30)
    assert rating.percent is None
    assert rating.reason is not None and "FEC" in rating.reason[EN]


def test_the_section_2_rank_wins_over_an_entered_factor() -> None:
    m = declaration(
        impairments=[impairment("low back", 10, number="15.03.01.00", fec_factor="1.1")]
    )
    rating = rate_declaration(m, DOI_2010, STEVEDORE, BORN_30)
    assert rating.parts[0].string == "15.03.01.00 - 10 - [5]13 - 351G - 15 - 13"


def test_a_rank_factor_outside_the_range_is_refused() -> None:
    m = declaration(impairments=[impairment("hip", 10, number="17.03.10.00", fec_factor="1.6")])
    rating = rate_declaration(m, DOI_2010)
    assert rating.percent is None
    assert rating.reason is not None and "1.6" in rating.reason[EN]


def test_injury_before_the_2005_schedule_is_not_rated() -> None:
    m = declaration(impairments=[impairment(wpi=10)])
    rating = rate_declaration(m, date(2004, 6, 1), STEVEDORE, BORN_30)
    assert rating.percent is None
    assert rating.reason is not None and "2004" in rating.reason[EN]


def test_missing_wpi_without_final_rating_gives_no_figure() -> None:
    m = declaration(impairments=[impairment("neck", wpi=None)])
    rating = rate_declaration(m, DOI_2024, STEVEDORE, BORN_30)
    assert rating.percent is None
    assert rating.reason is not None and "“neck”" in rating.reason[EN]


def test_no_impairments_gives_no_rating() -> None:
    rating = rate_declaration(declaration(impairments=[]), DOI_2024)
    assert rating.percent is None
    assert rating.reason is not None


# --- numbers the schedule treats apart -----------------------------------------------------------


def test_analogy_number_takes_rank_and_variant_of_its_neighbours() -> None:
    # 15.03.02.99: beside 15.03.02.01-06, all rank 5, all in the 15.01 -- 15.03 variant row
    m = declaration(impairments=[impairment("low back", 10, number="15.03.02.99")])
    rating = rate_declaration(m, DOI_2010, STEVEDORE, BORN_30)
    assert rating.parts[0].string == "15.03.02.99 - 10 - [5]13 - 351G - 15 - 13"
    assert rating.combined == 13


def test_analogy_number_with_neighbours_that_differ_is_not_guessed() -> None:
    # 16.01.02.99: carpal tunnel (rank 4) sits beside the others (rank 5)
    m = declaration(impairments=[impairment("right arm", 10, number="16.01.02.99")])
    rating = rate_declaration(m, DOI_2010, STEVEDORE, BORN_30)
    assert rating.combined is None
    assert any("16.01.02.99" in w for w in en(rating.missing))


def test_a_row_that_names_other_rows_asks_for_the_final_rating() -> None:
    m = declaration(impairments=[impairment("neck", 5, number="13.07.08.00")])
    rating = rate_declaration(m, DOI_2010, STEVEDORE, BORN_30)
    assert rating.combined is None
    (why,) = en(rating.missing)
    assert "11.03.04.00" in why and "16.02.01.00" in why


def test_the_most_specific_variant_row_wins() -> None:
    from mmi_desktop.domain.pdrs import schedule

    table = schedule()
    # 16.01.02.02 (carpal tunnel) has its own row; 16.01.01.03 falls in 16.01.01.XX
    assert table.variant_row("16.01.02.02").key == "16.01.02.02"  # type: ignore[union-attr]
    assert table.variant_row("16.01.01.03").key == "16.01.01.XX"  # type: ignore[union-attr]
    assert table.variant_row("03.04.00.00").key == "03.01 -- 03.06"  # type: ignore[union-attr]
    assert table.variant_row("03.07.00.00") is None
    assert table.variant("16.01.02.02", 420) == "I"


# --- extremities ----------------------------------------------------------------------------


def test_impairments_of_one_leg_combine_first() -> None:
    left = [
        impairment("left knee", 14, number="17.05.04.00"),
        impairment("left ankle", 10, number="17.07.04.00"),
    ]
    back = [impairment("low back", 10, number="15.03.01.00")]
    rating = rate_declaration(declaration(impairments=left + back), DOI_2010, STEVEDORE, BORN_30)
    assert rating.steps[0].startswith("16 C ")  # the leg first
    assert len(rating.steps) == 2


def test_a_side_not_written_is_missing_when_two_impairments_might_be_one_leg() -> None:
    m = declaration(
        impairments=[
            impairment("knee", 14, number="17.05.04.00"),
            impairment("left ankle", 10, number="17.07.04.00"),
        ]
    )
    rating = rate_declaration(m, DOI_2010, STEVEDORE, BORN_30)
    assert rating.combined is None and rating.estimate
    assert any("side" in w and "knee" in w for w in en(rating.missing))


def test_a_side_not_written_does_not_matter_for_a_single_limb_impairment() -> None:
    m = declaration(impairments=[impairment("knee", 14, number="17.05.04.00")])
    rating = rate_declaration(m, DOI_2010, STEVEDORE, BORN_30)
    assert rating.combined == 16 and rating.parts[0].extremity == "leg"


def test_the_arm_maximum_uses_the_highest_variant_of_its_impairments() -> None:
    m = declaration(
        impairments=[
            impairment("right shoulder", 45, number="16.02.02.00"),
            impairment("right elbow", 40, number="16.03.01.00"),
        ]
    )
    rating = rate_declaration(m, DOI_2024, 590, date(1960, 1, 1))
    cap = [s for s in rating.steps if "max" in s]
    assert len(cap) == 1 and "(max 16.01.01.01 - 60 - [1.4]84 - 590J" in cap[0]
    assert rating.combined == int(cap[0].split("→ ")[1].split(" ")[0])


# --- what the firm entered, LC 4663, 4664 and 4660.1(c) -----------------------------------------


def test_an_entered_final_rating_wins_and_is_marked() -> None:
    m = declaration(
        impairments=[impairment("right ankle", 7, number="17.07.04.00", final=11, apportionment=10)]
    )
    rating = rate_declaration(m, date(2022, 8, 30))  # no group, no birth: not needed
    (part,) = rating.parts
    assert part.source == "entered" and part.rating == 10  # 11 x 90 %
    assert rating.combined == 10 and rating.estimate is False and rating.missing == ()


def test_computed_and_entered_together() -> None:
    m = declaration(
        impairments=[
            impairment("low back", 10, number="15.03.01.00"),
            impairment("right ankle", 7, number="17.07.04.00", final=20),
        ]
    )
    rating = rate_declaration(m, DOI_2010, STEVEDORE, BORN_30)
    assert [p.source for p in rating.parts] == ["computed", "entered"]
    assert rating.steps == ("20 C 13 = 30",)


def test_apportionment_then_prior_award() -> None:
    m = declaration(
        impairments=[
            impairment("low back", 20, number="15.03.01.00", apportionment=25, prior_award=10)
        ]
    )
    rating = rate_declaration(m, DOI_2024, STEVEDORE, date(1985, 1, 1))
    (part,) = rating.parts
    # 20 -> [1.4]28 -> 351G 31 -> age 39: 31; x 75 % = 23.25 -> 23; less 10 points = 13
    assert (part.age_adjusted, part.apportionment_pct, part.prior_award_pct) == (
        31, Decimal(25), Decimal(10),
    )  # fmt: skip
    assert part.rating == 13 and rating.combined == 13


def test_apportionment_missing_is_reported() -> None:
    m = declaration(impairments=[impairment("neck", 5, apportionment=None), impairment("back", 5)])
    rating = rate_declaration(m, DOI_2024)
    assert rating.apportionment_missing == ("neck",)


@pytest.mark.parametrize("number", ["14.01.00.00", "13.03.00.00", "15.04.06.00"])
def test_psych_sleep_sexual_after_a_physical_injury_are_left_out_from_2013(number: str) -> None:
    m = declaration(
        impairments=[
            impairment("low back", 10, number="15.03.01.00"),
            impairment("other", 20, number=number),
        ]
    )
    rating = rate_declaration(m, DOI_2024, STEVEDORE, date(1985, 1, 1))
    back, other = rating.parts
    assert other.left_out is not None and "LC 4660.1(c)" in other.left_out[EN]
    assert other.rating is None
    assert rating.combined == back.rating
    assert rating.notes and rating.notes[0] == other.left_out


def test_psych_counts_before_2013_with_the_exception_and_alone() -> None:
    both_parts = [
        impairment("low back", 10, number="15.03.01.00"),
        impairment("psyche", 20, number="14.01.00.00"),
    ]
    before = rate_declaration(
        declaration(impairments=both_parts), date(2012, 12, 31), STEVEDORE, date(1985, 1, 1)
    )
    assert before.parts[1].left_out is None and len(before.steps) == 1
    excepted = rate_declaration(
        declaration(impairments=both_parts),
        DOI_2024,
        STEVEDORE,
        date(1985, 1, 1),
        PsychSleepSexualException.VIOLENT_ACT,
    )
    assert excepted.parts[1].left_out is None and len(excepted.steps) == 1
    alone = rate_declaration(
        declaration(impairments=both_parts[1:]), DOI_2024, STEVEDORE, date(1985, 1, 1)
    )
    assert alone.parts[0].left_out is None and alone.combined is not None
    assert alone.combined > 0


def test_rate_case_sees_a_physical_injury_in_another_declaration() -> None:
    ortho = declaration("m1", impairments=[impairment("low back", 10, number="15.03.01.00")])
    psych = declaration(
        "m2", date(2025, 1, 10), impairments=[impairment("psyche", 20, number="14.01.00.00")]
    )
    case = make_case(declarations=[ortho, psych], group=STEVEDORE, birth=date(1985, 1, 1))
    rating = rate_case(case, psych)
    assert rating.parts[0].left_out is not None
    assert rating.combined == 0


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
    assert (rating.string or "").endswith("8 + 7 = 15")


def test_unknown_parts_are_left_out_of_the_string() -> None:
    m = declaration(impairments=[impairment(number=None, wpi=None, final=12)])
    rating = rate_declaration(m, DOI_2024)
    assert rating.parts[0].string is None and rating.percent == Decimal(12)
    m2 = declaration(impairments=[impairment(number=None, wpi=10)])
    assert rate_declaration(m2, DOI_2024).parts[0].string == "10 - [1.4]14"

"""Dates, money and numbers as US readers of English and Spanish expect them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from mmi_desktop.domain.model import Language
from mmi_desktop.letters.formatting import (
    format_date,
    format_money,
    format_number,
    format_percent,
)


@pytest.mark.parametrize("lang", list(Language))
def test_money_is_dollars_with_comma_thousands_and_cents_in_both_languages(lang: Language) -> None:
    assert format_money(Decimal("9932.50"), lang) == "$9,932.50"
    assert format_money(Decimal("9932.5"), lang) == "$9,932.50"
    assert format_money(Decimal("0"), lang) == "$0.00"
    assert format_money(Decimal("1234567.89"), lang) == "$1,234,567.89"


@pytest.mark.parametrize("lang", list(Language))
def test_money_rounds_to_the_cent_half_up(lang: Language) -> None:
    assert format_money(Decimal("100.005"), lang) == "$100.01"
    assert format_money(Decimal("100.004"), lang) == "$100.00"


def test_dates_are_written_out_for_each_language() -> None:
    day = date(2023, 12, 18)
    assert format_date(day, Language.EN) == "December 18, 2023"
    assert format_date(day, Language.ES) == "18 de diciembre de 2023"
    assert format_date(date(2024, 9, 1), Language.ES) == "1 de septiembre de 2024"
    assert format_date(date(2024, 9, 1), Language.EN) == "September 1, 2024"


@pytest.mark.parametrize("lang", list(Language))
def test_numbers_use_a_decimal_point_for_us_readers(lang: Language) -> None:
    assert format_number(Decimal("30.25"), lang) == "30.25"
    assert format_number(Decimal("131.00"), lang) == "131"
    assert format_number(Decimal("1234.5"), lang) == "1,234.5"
    assert format_percent(Decimal("12.5"), lang) == "12.5%"
    assert format_percent(10, lang) == "10%"

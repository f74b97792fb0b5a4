"""The one formatting module (issue 13): the window, the analysis wording and the letters
format dates, money, percentages and weeks through domain/formatting.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from mmi_desktop.domain import analysis_text, formatting
from mmi_desktop.domain.model import Language
from mmi_desktop.letters import formatting as letters_formatting

EN, ES = Language.EN, Language.ES


def test_dates() -> None:
    day = date(2024, 6, 7)
    assert formatting.us_date(day) == "06/07/2024"
    assert formatting.us_date(None) == ""
    assert formatting.long_date(day, EN) == "June 7, 2024"
    assert formatting.long_date(day, ES) == "7 de junio de 2024"
    assert formatting.short_date(day, EN) == "06/07/2024"
    assert formatting.short_date(day, ES) == "7 de junio de 2024"


def test_money_rounds_half_up_in_both_languages() -> None:
    assert formatting.money(Decimal("9932.5"), EN) == "$9,932.50"
    assert formatting.money(Decimal("9932.5"), ES) == "$9,932.50"
    assert formatting.money(Decimal("0.125")) == "$0.13"


def test_figures() -> None:
    assert formatting.number(Decimal("1234.50"), EN) == "1,234.5"
    assert formatting.percent(Decimal("12.50"), ES) == "12.5%"
    assert formatting.wording_percent(Decimal("12.50"), ES) == "12.5 %"
    assert formatting.wording_percent(12, EN) == "12%"
    assert formatting.weeks(Decimal("19"), EN) == "19.00"
    assert formatting.weeks(Decimal("1234.5"), ES) == "1,234.50"
    assert formatting.plain_number(Decimal("46.250")) == "46.25"


def test_the_wording_and_the_letters_use_it() -> None:
    day = date(2023, 12, 18)
    assert analysis_text.format_date(day, ES) == formatting.long_date(day, ES)
    assert analysis_text.Money(Decimal("0.125")).render(EN) == formatting.money(Decimal("0.125"))
    assert analysis_text.Fixed(Decimal("1234.5")).render(EN) == "1,234.50"
    assert letters_formatting.format_date is formatting.long_date
    assert letters_formatting.format_money is formatting.money

"""Dates, money, percentages and weeks as US readers of English and Spanish expect them.

One module (Babel, locales en_US and es_US) for the window, the analysis wording and the
letters:
- `us_date`: MM/DD/YYYY, the window's dates (and the English analysis wording's);
- `long_date`: 'December 18, 2023' / '18 de diciembre de 2023' (letters, Spanish wording);
- `short_date`: the analysis wording's date, `us_date` in English and `long_date` in Spanish;
- `money`: '$9,932.50' in both languages;
- `number`, `percent`, `weeks`: figures with the locale's separators.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.dates import format_date as _babel_date
from babel.numbers import format_currency, format_decimal

from mmi_desktop.domain.model import Language

# Babel locales: US English and US Spanish (dot for decimals, comma for thousands in both).
LOCALES: dict[Language, str] = {Language.EN: "en_US", Language.ES: "es_US"}

# The pattern is pinned so that both languages print "$9,932.50": Babel 2.19 (CLDR 46) gives
# exactly that for es_US's own standard pattern, but other Spanish locales put the symbol
# after the amount or spell it "US$"/"USD", and a future CLDR could too. The symbol ($) and
# the separators still come from the locale.
MONEY_PATTERN = "¤#,##0.00"
CENT = Decimal("0.01")


def locale_of(lang: Language) -> str:
    """The Babel locale for a language."""
    return LOCALES[lang]


def us_date(day: date | None) -> str:
    """MM/DD/YYYY, how the window shows a date; empty text for None."""
    return "" if day is None else f"{day.month:02d}/{day.day:02d}/{day.year:04d}"


@lru_cache(maxsize=8192)
def long_date(day: date, lang: Language) -> str:
    """'December 18, 2023' / '18 de diciembre de 2023'."""
    return _babel_date(day, format="long", locale=locale_of(lang))


def short_date(day: date, lang: Language) -> str:
    """The analysis wording's dates: MM/DD/YYYY in English, '24 de junio de 2024' in Spanish
    (a Spanish reader takes 06/07 for the 6th of July, so the month is spelled out)."""
    return long_date(day, lang) if lang is Language.ES else us_date(day)


def money(amount: Decimal | int, lang: Language = Language.EN) -> str:
    """'$9,932.50' in both languages, rounded to the cent half up."""
    cents = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    return format_currency(
        cents, "USD", format=MONEY_PATTERN, locale=locale_of(lang), currency_digits=False
    )


def number(value: Decimal | int | float, lang: Language = Language.EN, places: int = 2) -> str:
    """A figure without needless zeros: '30.25', '1,234.5', '104' (at most `places`)."""
    pattern = "#,##0" + ("." + "#" * places if places else "")
    return format_decimal(Decimal(str(value)), format=pattern, locale=locale_of(lang))


def plain_number(value: Decimal | int) -> str:
    """A figure as the analysis wording quotes it: every place kept, no thousands separator,
    no needless zeros ('14', '12.5', '46.25')."""
    if isinstance(value, int):
        return str(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def percent(value: Decimal | int | float, lang: Language = Language.EN) -> str:
    """A rating in percent as a letter gives it: '10%', '12.5%'."""
    return number(value, lang) + "%"


def wording_percent(value: Decimal | int, lang: Language) -> str:
    """A percentage in the analysis wording: '12.5%' in English, '12.5 %' in Spanish (the
    space of Spanish typography, RAE)."""
    return plain_number(value) + (" %" if lang is Language.ES else "%")


def weeks(value: Decimal, lang: Language = Language.EN, places: int = 2) -> str:
    """Weeks with a fixed count of decimals: '46.25', '19.00', '1,234.50'."""
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=locale_of(lang))

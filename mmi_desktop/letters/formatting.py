"""Dates, money and numbers as US readers of English and Spanish expect them (Babel)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

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
    """The Babel locale for a letter language."""
    return LOCALES[lang]


def format_date(day: date, lang: Language) -> str:
    """'December 18, 2023' / '18 de diciembre de 2023'."""
    return _babel_date(day, format="long", locale=locale_of(lang))


def format_money(amount: Decimal, lang: Language) -> str:
    """'$9,932.50' in both languages, rounded to the cent half up."""
    cents = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    return format_currency(
        cents, "USD", format=MONEY_PATTERN, locale=locale_of(lang), currency_digits=False
    )


def format_number(value: Decimal | int | float, lang: Language, places: int = 2) -> str:
    """A figure such as weeks: '30.25', '1,234.5', '104' (trailing zeros dropped)."""
    pattern = "#,##0" + ("." + "#" * places if places else "")
    return format_decimal(Decimal(str(value)), format=pattern, locale=locale_of(lang))


def format_percent(value: Decimal | int | float, lang: Language) -> str:
    """A rating in percent: '10%', '12.5%'."""
    return format_number(value, lang) + "%"

"""Dates, money and numbers of the letters: the one formatting module of the domain
(`mmi_desktop.domain.formatting`, Babel, US English and US Spanish) under the names the
letters have always used."""

from __future__ import annotations

from mmi_desktop.domain.formatting import (
    CENT,
    LOCALES,
    MONEY_PATTERN,
    locale_of,
)
from mmi_desktop.domain.formatting import long_date as format_date
from mmi_desktop.domain.formatting import money as format_money
from mmi_desktop.domain.formatting import number as format_number
from mmi_desktop.domain.formatting import percent as format_percent

__all__ = [
    "CENT",
    "LOCALES",
    "MONEY_PATTERN",
    "format_date",
    "format_money",
    "format_number",
    "format_percent",
    "locale_of",
]

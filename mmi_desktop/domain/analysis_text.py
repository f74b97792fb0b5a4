"""Wording of the analysis (flags, figures, deadlines) in English and Spanish, kept as data.

The templates live in resources/rules/wording.<lang>.json; this module loads them once and
fills them with values formatted for the language: dates as MM/DD/YYYY in English and
'24 de junio de 2024' in Spanish, money as $1,234.56 in both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from mmi_desktop.domain.model import Language, TreatmentCategory, TreatmentStatus
from mmi_desktop.paths import resource

LANGUAGES: tuple[Language, ...] = (Language.EN, Language.ES)

Text = dict[Language, str]


@cache
def wording(lang: Language) -> Mapping[str, Any]:
    """The whole wording catalogue of one language (loaded once)."""
    path = resource("rules", f"wording.{lang.value}.json")
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@cache
def phrase(lang: Language, key: str) -> Any:
    """The entry at a dotted key ('rules.EARLY_MMI.title'); KeyError naming the key if absent."""
    node: Any = wording(lang)
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            raise KeyError(f"wording.{lang.value}.json has no entry {key!r}")
        node = node[part]
    return node


def format_date(day: date, lang: Language) -> str:
    """MM/DD/YYYY in English; '24 de junio de 2024' in Spanish."""
    if lang is Language.ES:
        months: list[str] = phrase(lang, "months")
        return f"{day.day} de {months[day.month - 1]} de {day.year}"
    return f"{day.month:02d}/{day.day:02d}/{day.year}"


def format_money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def format_number(value: Decimal | int) -> str:
    """A plain number without needless zeros: 14, 12.5, 46.25."""
    if isinstance(value, int):
        return str(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def format_percent(value: Decimal | int, lang: Language) -> str:
    return format_number(value) + (" %" if lang is Language.ES else "%")


@dataclass(frozen=True)
class Money:
    amount: Decimal

    def render(self, lang: Language) -> str:
        return format_money(self.amount)


@dataclass(frozen=True)
class Pct:
    value: Decimal | int

    def render(self, lang: Language) -> str:
        return format_percent(self.value, lang)


@dataclass(frozen=True)
class Fixed:
    """A number shown with a fixed count of decimals (weeks: 46.25, 19.00)."""

    value: Decimal
    places: int = 2

    def render(self, lang: Language) -> str:
        return f"{self.value:,.{self.places}f}"


@dataclass(frozen=True)
class Phrase:
    """Another entry of the catalogue, rendered with the same values (or plain)."""

    key: str
    cap: bool = False
    values: tuple[tuple[str, object], ...] = ()

    def render(self, lang: Language) -> str:
        if self.values:
            text = render(lang, self.key, **dict(self.values))
        else:
            text = str(phrase(lang, self.key))
        return capitalize(text) if self.cap else text


@dataclass(frozen=True)
class Quoted:
    """Data entered by a person (an item's description, a body part), quoted as it was written."""

    text: str

    def render(self, lang: Language) -> str:
        return f"«{self.text}»" if lang is Language.ES else f"“{self.text}”"


@dataclass(frozen=True)
class Items:
    """A list in prose: 'a, b and c' / 'a, b y c'."""

    items: tuple[object, ...]

    def render(self, lang: Language) -> str:
        parts = [fill(item, lang) for item in self.items]
        if len(parts) <= 1:
            return "".join(parts)
        return ", ".join(parts[:-1]) + str(phrase(lang, "list_and")) + parts[-1]


@dataclass(frozen=True)
class Category:
    """A treatment category as a noun with its article ('the surgery', 'la cirugía')."""

    category: TreatmentCategory
    form: str = "the"
    cap: bool = False

    def render(self, lang: Language) -> str:
        text = str(phrase(lang, f"category.{self.category.value}.{self.form}"))
        return capitalize(text) if self.cap else text


@dataclass(frozen=True)
class Status:
    """A treatment status as a predicate ('was in utilization review (UR)'), agreeing in
    gender with the category in Spanish."""

    status: TreatmentStatus
    category: TreatmentCategory

    def render(self, lang: Language) -> str:
        entry = phrase(lang, f"status.{self.status.value}")
        if isinstance(entry, Mapping):
            gender = phrase(lang, f"category.{self.category.value}.gender")
            return str(entry[gender])
        return str(entry)


@dataclass(frozen=True)
class Written:
    """A text already written in each language (a reason), used as a template value."""

    text: Text | None

    def render(self, lang: Language) -> str:
        return self.text.get(lang, "") if self.text else ""


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def fill(value: object, lang: Language) -> str:
    """One template value formatted for the language."""
    render_method = getattr(value, "render", None)
    if render_method is not None:
        return str(render_method(lang))
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, Decimal):
        return format_number(value)
    return str(value)


def render(lang: Language, key: str, **values: object) -> str:
    """The template at `key` in `lang`, filled with `values`."""
    template: str = phrase(lang, key)
    if not values:
        return template
    return template.format_map({name: fill(v, lang) for name, v in values.items()})


def both(key: str, **values: object) -> Text:
    """The template at `key` rendered in every language."""
    return {lang: render(lang, key, **values) for lang in LANGUAGES}


def join(parts: Iterable[Text], sep: str = " ") -> Text:
    """Sentences in each language joined into one text per language."""
    items = list(parts)
    return {lang: sep.join(p[lang] for p in items if p[lang]) for lang in LANGUAGES}

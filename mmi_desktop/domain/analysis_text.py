"""Wording of the analysis (flags, figures, deadlines) in English and Spanish, kept as data.

The templates live in resources/rules/wording.<lang>.json; this module loads them once and
fills them with values formatted for the language: dates as MM/DD/YYYY in English and
'24 de junio de 2024' in Spanish, money as $1,234.56 in both.
"""

from __future__ import annotations

import json
from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping, ValuesView
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from mmi_desktop.domain import formatting
from mmi_desktop.domain.model import Language, TreatmentCategory, TreatmentStatus
from mmi_desktop.paths import resource

LANGUAGES: tuple[Language, ...] = (Language.EN, Language.ES)

Text = dict[Language, str]
K = TypeVar("K")
V = TypeVar("V")


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


# The wording's figures come from the one formatting module (domain/formatting.py).
format_date = formatting.short_date
format_number = formatting.plain_number
format_percent = formatting.wording_percent


def format_money(amount: Decimal) -> str:
    return formatting.money(amount)


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
        return formatting.weeks(self.value, lang, self.places)


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
    kind = type(value)
    # The common plain types first: this runs for every value of every text.
    if kind is str:
        return value  # type: ignore[return-value]
    if kind is int:
        return str(value)
    if kind is date:
        return format_date(value, lang)  # type: ignore[arg-type]
    render_method = getattr(value, "render", None)
    if render_method is not None:
        return str(render_method(lang))
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, Decimal):
        return format_number(value)
    return str(value)


def _fill_template(template: str, lang: Language, values: dict[str, object]) -> str:
    if not values:
        return template
    return template.format_map({name: fill(v, lang) for name, v in values.items()})


def render(lang: Language, key: str, **values: object) -> str:
    """The template at `key` in `lang`, filled with `values`."""
    return _fill_template(phrase(lang, key), lang, values)


class LazyDict(dict[K, V]):
    """A dict whose values are made the first time anything reads them.

    The analysis of 10,000 cases for a list needs flags, figures and dates, not sentences;
    the sentences of a case are written when something reads them. Every way of reading
    it (items, values, [], get, ==, repr, copy, pickle, json) fills it first; its keys are
    there from the start so that len() and json's empty-dict shortcut see them. Copies and
    pickles are plain dicts.
    """

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[], Mapping[K, V]], placeholders: Mapping[K, V]) -> None:
        # Placeholders until filled, so that len() and the keys are right from the start.
        super().__init__(placeholders)
        self._make: Callable[[], Mapping[K, V]] | None = make

    def _fill(self) -> None:
        make = self._make
        if make is not None:
            self._make = None
            dict.update(self, make())

    def __getitem__(self, key: K) -> V:
        self._fill()
        return dict.__getitem__(self, key)

    def get(self, key: K, default: Any = None) -> Any:
        self._fill()
        return dict.get(self, key, default)

    def values(self) -> ValuesView[V]:  # type: ignore[override]
        self._fill()
        return dict.values(self)

    def items(self) -> ItemsView[K, V]:  # type: ignore[override]
        self._fill()
        return dict.items(self)

    def __iter__(self) -> Iterator[K]:
        # Overridden so that dict(x) and {**x} go through keys() and [] (and so fill it).
        return iter(dict.keys(self))

    def __eq__(self, other: object) -> bool:
        self._fill()
        if isinstance(other, LazyDict):
            other._fill()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = None

    def __repr__(self) -> str:
        self._fill()
        return dict.__repr__(self)

    def copy(self) -> dict[K, V]:
        self._fill()
        return dict(dict.items(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (self.copy(),))

    def __or__(self, other: Any) -> Any:
        return self.copy() | other

    def __ror__(self, other: Any) -> Any:
        return dict(other) | self.copy()

    def setdefault(self, key: K, default: Any = None) -> Any:
        self._fill()
        return dict.setdefault(self, key, default)

    def pop(self, key: K, *default: Any) -> Any:
        self._fill()
        return dict.pop(self, key, *default)

    def popitem(self) -> tuple[K, V]:
        self._fill()
        return dict.popitem(self)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._fill()
        dict.update(self, *args, **kwargs)

    def __setitem__(self, key: K, value: V) -> None:
        self._fill()
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: K) -> None:
        self._fill()
        dict.__delitem__(self, key)

    def clear(self) -> None:
        self._make = None
        dict.clear(self)


_UNWRITTEN: dict[Language, Any] = dict.fromkeys(LANGUAGES)


def lazy_text(make: Callable[[], Mapping[Language, str]]) -> Text:
    """A text in each language, written when first read."""
    return LazyDict(make, _UNWRITTEN)


def lazy_by_language(make: Callable[[], Mapping[Language, V]]) -> dict[Language, V]:
    """Anything per language (a flag's LocalText), made when first read."""
    return LazyDict(make, _UNWRITTEN)


def both(key: str, **values: object) -> Text:
    """The template at `key` in every language, filled with `values` when first read."""
    return lazy_text(
        lambda: {lang: _fill_template(phrase(lang, key), lang, values) for lang in LANGUAGES}
    )


def join(parts: Iterable[Text], sep: str = " ") -> Text:
    """Sentences in each language joined into one text per language (when first read)."""
    items = list(parts)
    return lazy_text(
        lambda: {lang: sep.join(p[lang] for p in items if p[lang]) for lang in LANGUAGES}
    )


def deadline_title(kind: str, lang: Language = Language.EN) -> str:
    """A deadline's short name ('Object to the medical report'), for lists and calendars."""
    title: str = phrase(lang, f"deadline_titles.{kind}")
    return title

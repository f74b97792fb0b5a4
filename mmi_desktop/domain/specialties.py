"""Which specialty evaluates a claimed body part or condition, and which referrals are
surgical: word lists kept as data in resources/rules/specialties.json."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from mmi_desktop.domain.model import Language
from mmi_desktop.paths import resource

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Specialty:
    key: str
    label: tuple[tuple[Language, str], ...]  # its name in each language
    body_part_words: tuple[str, ...]
    provider_words: tuple[str, ...]


@cache
def _data() -> dict[str, object]:
    with resource("rules", "specialties.json").open(encoding="utf-8") as fh:
        data: dict[str, object] = json.load(fh)
    return data


@cache
def specialties() -> tuple[Specialty, ...]:
    rows = _data()["specialties"]
    assert isinstance(rows, dict)
    return tuple(
        Specialty(
            key,
            tuple((Language(lang), text) for lang, text in row["label"].items()),
            tuple(row["body_part_words"]),
            tuple(row["provider_words"]),
        )
        for key, row in rows.items()
    )


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.casefold()))


def _matches(words: tuple[str, ...], pattern: str) -> bool:
    """A word (exact), a stem ending in * (any word it begins) or a phrase (words in a row)."""
    parts = pattern.split()
    if len(parts) > 1:
        n = len(parts)
        return any(words[i : i + n] == tuple(parts) for i in range(len(words) - n + 1))
    if pattern.endswith("*"):
        stem = pattern[:-1]
        return any(w.startswith(stem) for w in words)
    return pattern in words


def _any(text: str | None, patterns: tuple[str, ...]) -> bool:
    if not text:
        return False
    words = _words(text)
    return any(_matches(words, p) for p in patterns)


@lru_cache(maxsize=4096)
def specialty_of_body_part(name: str) -> Specialty | None:
    """The specialty that evaluates a claimed body part or condition, or None for the
    musculoskeletal ones every treating physician and orthopedic evaluator rates."""
    return next((s for s in specialties() if _any(name, s.body_part_words)), None)


@lru_cache(maxsize=4096)
def practices(specialty: Specialty, provider_specialty: str | None) -> bool:
    """Whether a provider's specialty (as written on the case) is of `specialty`."""
    return _any(provider_specialty, specialty.provider_words)


@lru_cache(maxsize=4096)
def is_surgical(text: str | None) -> bool:
    """Whether a referral's description or its provider's specialty names a surgeon or a
    surgical consultation ('spine surgeon', 'orthopedic surgery', 'surgical consult')."""
    words = _data()["surgical_words"]
    assert isinstance(words, list)
    return _any(text, tuple(words))


def specialty_label(key: str, lang: Language) -> str:
    """A specialty's name in a language, by its key ('psych' -> 'psychiatry or psychology')."""
    found = next((s for s in specialties() if s.key == key), None)
    return dict(found.label)[lang] if found is not None else key

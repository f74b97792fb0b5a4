"""The letters' wording, read once from resources/letters/<lang>.json.

Each string is a small piece of ReportLab paragraph markup (<b>, <i> only) with
`{placeholders}`. Values put into a placeholder are escaped, so a client's name such as
"O'Brien & <Sons>" prints exactly as written; values that are already markup are wrapped
in `Markup` to be passed through.
"""

from __future__ import annotations

import json
import string
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from mmi_desktop.domain.model import Language
from mmi_desktop.letters.scripts import isolated
from mmi_desktop.paths import resource


class Markup(str):
    """A string that is already paragraph markup: placed into templates as it is."""

    __slots__ = ()


def esc(value: object) -> Markup:
    """Plain text made safe for a ReportLab paragraph, keeping its own writing direction
    inside the sentence it is placed in (see `scripts.isolated`)."""
    if isinstance(value, Markup):
        return value
    return Markup(escape(isolated(str(value)), {'"': "&quot;"}))


class LetterTextError(KeyError):
    """A letter string is missing or asks for a value that was not given."""


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        if key.startswith("_"):  # a note for translators, not letter text
            continue
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            out.update(_flatten(value, name))
        elif isinstance(value, str):
            out[name] = value
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            out[name] = " ".join(value)  # long paragraphs may be written as a list of lines
        else:
            raise LetterTextError(f"{name}: expected text, got {type(value).__name__}")
    return out


_FORMATTER = string.Formatter()


def placeholders(template: str) -> set[str]:
    """The `{names}` a template asks for."""
    return {field for _, field, _, _ in _FORMATTER.parse(template) if field}


class LetterText:
    """The strings of one language, looked up by dotted key."""

    def __init__(self, lang: Language, strings: dict[str, str]) -> None:
        self.lang = lang
        self.strings = strings

    def __contains__(self, key: str) -> bool:
        return key in self.strings

    def raw(self, key: str) -> str:
        """The template itself, unfilled."""
        try:
            return self.strings[key]
        except KeyError:
            raise LetterTextError(f"letters/{self.lang.value}.json has no {key!r}") from None

    def __call__(self, key: str, **values: object) -> Markup:
        """The string for `key` with each value escaped into its placeholder."""
        template = self.raw(key)
        try:
            return Markup(template.format_map({k: esc(v) for k, v in values.items()}))
        except KeyError as exc:
            raise LetterTextError(
                f"letters/{self.lang.value}.json {key!r} needs a value for {exc.args[0]!r}"
            ) from None


def text_file(lang: Language) -> Path:
    """Where a language's letter text lives."""
    return resource("letters", f"{lang.value}.json")


@cache
def letter_text(lang: Language) -> LetterText:
    """The letter text for `lang`, read from disk once per process."""
    with text_file(lang).open(encoding="utf-8") as fh:
        return LetterText(lang, _flatten(json.load(fh)))

"""The letter text resources: complete in both languages, valid markup, escaping."""

from __future__ import annotations

import json

import pytest
from reportlab.platypus import Paragraph

from mmi_desktop.domain.model import Language
from mmi_desktop.letters.base import styles
from mmi_desktop.letters.text import LetterTextError, esc, letter_text, placeholders, text_file

# Spanish terms the California guides use (ca-workers-comp.md), as clients meet them.
SPANISH_TERMS = [
    "mejoría médica máxima (MMI)",
    "«permanente y estacionario» (P&amp;S)",
    "médico tratante primario (PTP)",
    "evaluador médico calificado (QME)",
    "evaluador médico acordado (AME)",
    "revisión de utilización (UR)",
    "revisión médica independiente (IMR)",
    "incapacidad temporal (TD)",
    "incapacidad permanente (PD)",
    "calificación de incapacidad permanente",
    "restricciones de trabajo",
    "pensión vitalicia",
    "vale de desplazamiento laboral suplementario (SJDB)",
]
# Strings that are the same in both languages on purpose.
SAME_IN_BOTH = {"summary.running_head", "summary.status.wrap", "summary.pd.total_label"}


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    en, es = letter_text(Language.EN).strings, letter_text(Language.ES).strings
    assert set(en) == set(es)
    for key in en:
        assert placeholders(en[key]) == placeholders(es[key]), key


def test_spanish_text_is_not_english_left_untranslated() -> None:
    en, es = letter_text(Language.EN).strings, letter_text(Language.ES).strings
    same = {k for k in en if en[k] == es[k]}
    assert same <= SAME_IN_BOTH


def test_spanish_uses_the_california_terms_with_their_accents() -> None:
    everything = " ".join(letter_text(Language.ES).strings.values())
    missing = [term for term in SPANISH_TERMS if term not in everything]
    assert missing == []


@pytest.mark.parametrize("lang", list(Language))
def test_every_string_is_valid_paragraph_markup(lang: Language) -> None:
    text = letter_text(lang)
    for key in text.strings:
        values = {name: "x" for name in placeholders(text.raw(key))}
        Paragraph(text(key, **values), styles()["Body"])  # raises on broken markup


@pytest.mark.parametrize("lang", list(Language))
def test_resource_files_are_utf8_json_objects(lang: Language) -> None:
    data = json.loads(text_file(lang).read_text(encoding="utf-8"))
    assert isinstance(data["summary"], dict)


def test_values_are_escaped_into_templates() -> None:
    text = letter_text(Language.EN)
    filled = text("summary.greeting", name="O'Brien & <Sons>")
    assert filled == "Dear O'Brien &amp; &lt;Sons&gt;,"
    assert esc(esc("a & b")) == "a &amp; b"  # markup is not escaped twice


def test_a_missing_value_or_key_names_what_is_missing() -> None:
    text = letter_text(Language.ES)
    with pytest.raises(LetterTextError, match="name"):
        text("summary.greeting")
    with pytest.raises(LetterTextError, match="summary.nope"):
        text("summary.nope")

"""Helpers for the letter tests: example cases, their variants, reading PDFs back."""

from __future__ import annotations

import copy
import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.model import Case

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"
# As-of dates that put each example's objection deadline ahead of the letter's date.
CLEAN_AS_OF = date(2023, 8, 1)
PENDING_AS_OF = date(2024, 7, 1)


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, whitespace runs made single spaces."""
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    """All the text of a PDF on one line."""
    return " ".join(pdf_pages(pdf))


def example(name: str) -> Case:
    return load_case(EXAMPLES / f"{name}.json")


def before_mmi(case: Case) -> Case:
    """The same case before any MMI declaration, with its last TD period still open."""
    variant = copy.deepcopy(case)
    variant.mmi_declarations = []
    if variant.temporary_disability:
        variant.temporary_disability[-1].end = None
    return variant


def make_firm(**changes: str) -> FirmDetails:
    values = {
        "name": "Alvarez & Chen Injury Law",
        "address": "1200 K Street, Suite 400\nSacramento, CA 95814",
        "phone": "(916) 555-0199",
        "email": "office@alvarezchen.example",
        "signing_attorney": "Rosa Alvarez, Esq.",
    }
    values.update(changes)
    return FirmDetails(**values)

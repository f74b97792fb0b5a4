"""Page layout of the client letter (issue 16, item 7): no page with only the signature,
no empty field in the running head."""

from __future__ import annotations

import copy

import pytest

from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.model import Case, Language, Restriction
from mmi_desktop.letters.base import running_head
from mmi_desktop.letters.summary import render_summary_letter
from tests.letters.helpers import CLEAN_AS_OF, make_firm, pdf_pages

CLOSING = {Language.EN: "Sincerely,", Language.ES: "Atentamente,"}
# The last words of the paragraph before the closing (the contact sentence).
CONTACT = {Language.EN: "call us at", Language.ES: "llámenos al"}


def _with_restrictions(case: Case, n: int) -> Case:
    """The case with `n` more restrictions: each one pushes the closing a little lower."""
    variant = copy.deepcopy(case)
    decl = variant.mmi_declarations[-1]
    decl.restrictions = [
        *decl.restrictions,
        *(Restriction(text=f"No lifting over {10 + i} lbs with the right arm") for i in range(n)),
    ]
    return variant


@pytest.mark.parametrize("lang", list(Language))
def test_the_closing_never_stands_alone_on_a_page(
    clean_case: Case, firm: FirmDetails, lang: Language
) -> None:
    """However long the letter grows, the page with "Sincerely," also holds the paragraph
    before it: a signature alone on a page reads as an unsigned letter."""
    page_counts = set()
    for n in range(0, 40, 2):
        case = _with_restrictions(clean_case, n)
        pages = pdf_pages(render_summary_letter(case, analyze(case, CLEAN_AS_OF), firm, lang))
        page_counts.add(len(pages))
        signed = [p for p in pages if CLOSING[lang] in p]
        assert len(signed) == 1
        assert CONTACT[lang] in signed[0], (n, signed[0][:200])
    assert len(page_counts) >= 2  # the closing was pushed across a page break on the way


def test_the_running_head_leaves_out_an_empty_field(clean_case: Case) -> None:
    analysis = analyze(clean_case, CLEAN_AS_OF)
    pages = pdf_pages(render_summary_letter(clean_case, analysis, FirmDetails()))
    assert len(pages) >= 2
    head = pages[1][:80]
    assert head.startswith("Derek Wilson · August 1, 2023")
    assert "· ·" not in pages[1] and not head.startswith("·")
    assert "2023 ·" not in head  # no separator before a missing firm name

    named = pdf_pages(render_summary_letter(clean_case, analysis, make_firm()))
    assert named[1].startswith("Derek Wilson · August 1, 2023 · Alvarez & Chen Injury Law")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"client": "Ana Ruiz", "date": "May 1, 2024", "firm": "Firm"},
         "Ana Ruiz · May 1, 2024 · Firm"),
        ({"client": "Ana Ruiz", "date": "May 1, 2024", "firm": ""}, "Ana Ruiz · May 1, 2024"),
        ({"client": "", "date": "May 1, 2024", "firm": "Firm"}, "May 1, 2024 · Firm"),
        ({"client": "", "date": "", "firm": ""}, ""),
    ],
)
def test_running_head_drops_empty_parts(values: dict[str, str], expected: str) -> None:
    assert running_head("{client} · {date} · {firm}", values) == expected

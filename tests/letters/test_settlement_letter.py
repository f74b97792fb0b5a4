"""The client letter of a settled case (issue 12, item 15): what the resolution means for
future medical care, in plain English and Spanish."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.model import Case, Language, Resolution, ResolutionKind
from mmi_desktop.domain.stage import Stage, stage_of
from mmi_desktop.letters.summary import render_summary_letter
from tests.letters.helpers import pdf_pages, pdf_text

AS_OF = date(2024, 3, 1)
STIP, CR = ResolutionKind.STIPULATED_AWARD, ResolutionKind.COMPROMISE_AND_RELEASE


def settled(case: Case, kind: ResolutionKind, future: bool | None = None) -> Case:
    case.resolution = Resolution(
        kind, date(2024, 1, 10), date(2024, 2, 5), Decimal("24500.00"), future
    )
    return case


def letter(case: Case, firm: FirmDetails, lang: Language) -> str:
    pdf = render_summary_letter(case, analyze(case, AS_OF), firm, lang, today=AS_OF)
    assert 1 <= len(pdf_pages(pdf)) <= 3
    return pdf_text(pdf)


@pytest.mark.parametrize(
    ("kind", "future", "en", "es"),
    [
        (
            STIP,
            None,
            "Your future medical care stays open.",
            "Su atención médica futura sigue abierta.",
        ),
        (
            STIP,
            False,
            "The award does not include future medical care.",
            "El laudo no incluye atención médica futura.",
        ),
        (
            CR,
            None,
            "Your future medical care for this injury is closed.",
            "Su atención médica futura por esta lesión queda cerrada.",
        ),
        (
            CR,
            True,
            "Your future medical care stays open under the settlement",
            "Su atención médica futura sigue abierta según el acuerdo",
        ),
    ],
)
def test_the_letter_says_what_the_resolution_means_for_medical_care(
    clean_case: Case, firm: FirmDetails, kind: ResolutionKind, future: bool | None, en: str, es: str
) -> None:
    case = settled(clean_case, kind, future)
    text_en = letter(case, firm, Language.EN)
    text_es = letter(case, firm, Language.ES)
    assert en in text_en and es in text_es
    assert "How your case was resolved" in text_en and "Cómo se resolvió su caso" in text_es
    assert "February 5, 2024" in text_en and "5 de febrero de 2024" in text_es
    assert "$24,500.00" in text_en and "$24,500.00" in text_es
    # the concerns about the MMI finding and the objection are behind the client now
    assert "Our concerns" not in text_en and "object" not in text_en.lower()


def test_a_compromise_and_release_cannot_be_reopened_and_lists_no_petition_date(
    clean_case: Case, firm: FirmDetails
) -> None:
    text = letter(settled(clean_case, CR), firm, Language.EN)
    assert "cannot be reopened" in text
    # clean.json: injury 2022-08-30, so the LC 5410 date would be 2027-08-30
    assert "August 30, 2027" not in text and "Important dates" not in text


def test_a_stipulated_award_keeps_the_new_and_further_date(
    clean_case: Case, firm: FirmDetails
) -> None:
    text = letter(settled(clean_case, STIP), firm, Language.EN)
    assert "August 30, 2027 Last day to ask for more benefits" in text
    assert "Last day to object" not in text


def test_a_signed_settlement_waits_for_approval(clean_case: Case, firm: FirmDetails) -> None:
    case = settled(clean_case, CR)
    assert case.resolution is not None
    case.resolution.approved = None
    text = letter(case, firm, Language.EN)
    assert "signed on January 10, 2024" in text and "waiting for a judge's approval" in text


def test_stage_is_settled_once_a_resolution_is_recorded(clean_case: Case) -> None:
    assert stage_of(clean_case) is not Stage.SETTLED
    assert stage_of(settled(clean_case, STIP)) is Stage.SETTLED
    assert Stage.SETTLED.value == "settled"


def test_future_medical_follows_the_kind_unless_recorded() -> None:
    assert Resolution(STIP).future_medical_stays_open() is True
    assert Resolution(CR).future_medical_stays_open() is False
    assert Resolution(CR, future_medical_open=True).future_medical_stays_open() is True
    assert Resolution(STIP, future_medical_open=False).future_medical_stays_open() is False


def test_a_qme_report_is_answered_without_an_objection_in_the_letter(firm: FirmDetails) -> None:
    from mmi_desktop.domain.casefile import load_case
    from mmi_desktop.paths import resource

    case = load_case(resource("samples", "22-thompson.json"), today=date(2026, 11, 27))
    analysis = analyze(case, date(2026, 11, 27))
    assert any(f.rule == "SPECIALTY_NOT_EVALUATED" for f in analysis.flags)
    for lang, said, never in (
        (Language.EN, "question the evaluator under oath", "We may object to the report"),
        (Language.ES, "interrogarlo bajo juramento", "Podemos objetar el informe"),
    ):
        text = pdf_text(render_summary_letter(case, analysis, firm, lang))
        assert said in text and never not in text

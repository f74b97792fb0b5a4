"""The client summary letter, read back from the PDF: content, language, layout."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.model import Case, Language, Restriction, TreatmentStatus
from mmi_desktop.domain.results import Severity
from mmi_desktop.letters.base import MARGIN_X
from mmi_desktop.letters.formatting import format_date, format_money, format_number
from mmi_desktop.letters.summary import render_summary_letter
from mmi_desktop.paths import resource
from tests.letters.helpers import (
    CLEAN_AS_OF,
    PENDING_AS_OF,
    before_mmi,
    make_firm,
    pdf_pages,
    pdf_text,
)

SAMPLES = resource("samples")
MANIFEST = json.loads((SAMPLES / "samples.manifest").read_text(encoding="utf-8"))
SAMPLES_AS_OF = date.fromisoformat(MANIFEST["as_of"])
QUOTES = {Language.EN: ("“", "”"), Language.ES: ("«", "»")}


def letter(case: Case, as_of: date, firm: FirmDetails, **kw: object) -> str:
    return pdf_text(render_summary_letter(case, analyze(case, as_of), firm, **kw))  # type: ignore[arg-type]


# ---------------------------------------------------------------------- after MMI, no flags
def test_clean_case_letter_in_english(clean_case: Case, firm: FirmDetails) -> None:
    analysis = analyze(clean_case, CLEAN_AS_OF)
    assert analysis.flags == ()
    text = pdf_text(render_summary_letter(clean_case, analysis, firm))

    assert "August 1, 2023" in text
    assert "Derek Wilson 100 Main St Sacramento, CA 95814" in text
    assert "Dear Derek Wilson," in text
    assert "On July 10, 2023, the agreed medical evaluator (AME), Dr. Laura Kim, found" in text
    assert "maximum medical improvement (MMI)" in text
    assert "Temporary disability (TD) payments end." in text
    assert "Permanent disability (PD) payments begin." in text
    # 10 % earns 30.25 weeks (LC 4658(d)); 2/3 x $1,340 is above the $290 maximum.
    assert "your permanent disability (PD) rating is 10%" in text
    assert "30.25 weeks × $290.00 = $8,772.50" in text
    assert "estimate" not in text.lower()
    # The report is an AME's: no LC 4062(a) objection deadline (that is for the treating
    # physician's report; issue 12, item 6).
    assert "Last day to object" not in text
    assert "Our concerns" not in text
    assert "Your work restrictions" not in text  # the report lists none
    assert "Rosa Alvarez, Esq." in text
    assert "Apreciable" not in text and "Página" not in text


def test_every_upcoming_deadline_is_listed_and_past_ones_are_not(
    clean_case: Case, firm: FirmDetails
) -> None:
    analysis = analyze(clean_case, CLEAN_AS_OF)
    text = pdf_text(render_summary_letter(clean_case, analysis, firm))
    upcoming = [d for d in analysis.deadlines if d.due >= CLEAN_AS_OF]
    past = [d for d in analysis.deadlines if d.due < CLEAN_AS_OF]
    assert upcoming and past
    for d in upcoming:
        assert format_date(d.due, Language.EN) in text, d.kind
    for d in past:
        assert format_date(d.due, Language.EN) not in text, d.kind
    assert "supplemental job displacement voucher (SJDB) of $6,000.00" in text


# ---------------------------------------------------------------------- after MMI, with a flag
def test_pending_surgery_letter_in_the_clients_spanish(
    pending_case: Case, firm: FirmDetails
) -> None:
    analysis = analyze(pending_case, PENDING_AS_OF)
    assert [f.rule for f in analysis.flags if f.severity is Severity.HIGH] == ["SURGERY_PENDING"]
    text = pdf_text(render_summary_letter(pending_case, analysis, firm))

    assert text.startswith("Alvarez & Chen Injury Law")
    assert "1 de julio de 2024" in text
    assert "Apreciable Ana Gutierrez:" in text
    assert "En qué punto está su caso" in text
    assert "El 24 de junio de 2024, su médico tratante primario (PTP), Dr. Miguel Ortega," in text
    assert "mejoría médica máxima (MMI)" in text
    # The full schedule rating, 18 %, earns 65.5 weeks; complete, so no estimate caveat.
    assert "es del 18%" in text
    assert "65.5 semanas × $290.00 = $18,995.00" in text
    assert "Total aproximado" not in text and "cálculo aproximado" not in text
    assert "No lifting above shoulder level (permanente)" in text
    assert (
        "la cirugía «Left shoulder decompression» todavía estaba pendiente: "
        "estaba en revisión de utilización (UR)" in text
    )
    assert "evaluador médico calificado (QME)" in text
    # Report received 2024-06-28 + 20 days.
    assert "El último día para objetar es el 18 de julio de 2024." in text
    assert "18 de julio de 2024 Último día para objetar el informe médico del 24 de junio" in text
    assert "antes del 18 de julio de 2024 para decidir si objetamos" in text
    # The client's wording, not the caseworker's, and nothing left in English.
    for flag in analysis.flags:
        for lang in Language:
            assert flag.text(lang).title not in text
    for english in ("Where your case stands", "Dear", "weeks", "Sincerely", "Page 1"):
        assert english not in text
    assert "Atentamente," in text and "Página 1 de 2" in text


def test_the_language_can_be_overridden(pending_case: Case, firm: FirmDetails) -> None:
    text = letter(pending_case, PENDING_AS_OF, firm, lang=Language.EN)
    assert "Dear Ana Gutierrez," in text
    assert (
        "the surgery “Left shoulder decompression” was still pending: "
        "it was in utilization review (UR)" in text
    )
    assert "The last day to object is July 18, 2024." in text
    assert "65.5 weeks × $290.00 = $18,995.00" in text
    assert "Apreciable" not in text and "semanas" not in text


def test_a_pending_mri_is_named_as_the_record_names_it(
    pending_case: Case, firm: FirmDetails
) -> None:
    case = copy.deepcopy(pending_case)
    mri = case.treatment("t1")
    assert mri is not None
    mri.history = [h for h in mri.history if h.status is not TreatmentStatus.COMPLETED]
    analysis = analyze(case, PENDING_AS_OF)
    assert "DIAGNOSTICS_PENDING" in [f.rule for f in analysis.flags]
    en = pdf_text(render_summary_letter(case, analysis, firm, Language.EN))
    es = pdf_text(render_summary_letter(case, analysis, firm, Language.ES))
    assert "the test “MRI left shoulder” was still pending: it had been authorized" in en
    assert "The doctor made the finding without its results." in en
    assert "el estudio «MRI left shoulder» todavía estaba pendiente: ya tenía autorización" in es


def test_an_estimated_objection_deadline_says_so(pending_case: Case, firm: FirmDetails) -> None:
    case = copy.deepcopy(pending_case)
    case.mmi_declarations[0].report_received = None
    analysis = analyze(case, PENDING_AS_OF)
    deadline = next(d for d in analysis.deadlines if d.kind == "OBJECTION_TO_REPORT")
    assert deadline.estimated
    text = pdf_text(render_summary_letter(case, analysis, firm, Language.EN))
    due = format_date(deadline.due, Language.EN)
    assert f"The last day to object is about {due}" in text
    assert f"{due} (estimated)" in text


def test_a_passed_objection_deadline_is_not_offered_as_still_open(
    pending_case: Case, firm: FirmDetails
) -> None:
    late = date(2024, 8, 1)
    text = letter(pending_case, late, firm, lang=Language.EN)
    assert "The last day to object is" not in text
    assert "July 18, 2024 Last day to object" not in text  # no longer an upcoming date
    # What can still be done is offered; the letter never says the deadline went by (issue 16).
    assert "We may ask your doctor for a supplemental report" in text
    assert "has passed" not in text and "July 18, 2024" not in text


@pytest.mark.parametrize("lang", list(Language))
def test_no_passed_deadline_appears_in_a_client_letter(
    pending_case: Case, firm: FirmDetails, lang: Language
) -> None:
    """Months after the report, every deadline before the letter's date is left out (EN, ES):
    neither the dates table nor the concerns tell the client that a deadline went by."""
    late = date(2025, 3, 1)
    analysis = analyze(pending_case, late)
    passed = [d for d in analysis.deadlines if d.due < late]
    assert passed  # the case has deadlines that went by: the test can fail
    text = pdf_text(render_summary_letter(pending_case, analysis, firm, lang))
    for d in passed:
        assert format_date(d.due, lang) not in text
    for words in ("has passed", "ya pasó", "venció", "expired"):
        assert words not in text


# ---------------------------------------------------------------------- before MMI
@pytest.mark.parametrize("lang", list(Language))
def test_before_mmi_the_letter_says_treatment_and_td_continue(
    pending_case: Case, firm: FirmDetails, lang: Language
) -> None:
    case = before_mmi(pending_case)
    as_of = date(2024, 5, 1)
    analysis = analyze(case, as_of)
    assert analysis.benefits.pd is None
    text = pdf_text(render_summary_letter(case, analysis, firm, lang))
    b = analysis.benefits
    weeks_paid = format_number(b.td_weeks_paid, lang)
    left = format_number(b.td_weeks_remaining_under_cap, lang)
    # 2/3 x $880.00, within the 2024 limits; 79 days of TD (Feb 13 - May 1) = 11.29 weeks.
    assert "$586.67" in text
    assert weeks_paid == "11.29" and left == "92.71"
    if lang is Language.EN:
        assert "Your doctor has not yet found" in text
        assert "Your medical treatment continues" in text
        assert "Your temporary disability (TD) payments continue" in text
        assert "Weekly TD payment $586.67" in text
        assert f"Weeks of TD paid so far {weeks_paid} weeks" in text
        assert f"Weeks left before the 104-week limit {left} weeks" in text
        assert "reach the legal limit of 104 weeks" in text
        for after_mmi in ("payments end", "PD) payments begin", "permanent disability rating"):
            assert after_mmi not in text
    else:
        assert "Su médico todavía no ha determinado" in text
        assert "Su tratamiento médico continúa" in text
        assert "Sus pagos por incapacidad temporal (TD) continúan" in text
        assert "Pago semanal de TD $586.67" in text
        assert f"Semanas que quedan antes del límite de 104 semanas {left} semanas" in text
        for after_mmi in ("Terminan los pagos", "Comienzan los pagos", "calificación de"):
            assert after_mmi not in text
    assert format_date(date(2029, 2, 12), lang) in text  # new and further disability


def test_before_mmi_without_an_open_td_period(clean_case: Case, firm: FirmDetails) -> None:
    case = before_mmi(clean_case)
    case.temporary_disability[-1].end = date(2022, 12, 31)
    text = letter(case, date(2023, 2, 1), firm)
    assert "are paid for the time your doctor says you cannot work" in text
    assert "payments continue" not in text


# ---------------------------------------------------------------------- every rule, both languages
SAMPLES_WITH_FLAGS = [s["file"] for s in MANIFEST["samples"] if s["rules"]]


@pytest.mark.parametrize("file", SAMPLES_WITH_FLAGS)
@pytest.mark.parametrize("lang", list(Language))
def test_each_flag_gets_its_own_client_sentence(file: str, lang: Language) -> None:
    case = load_case(SAMPLES / file)
    analysis = analyze(case, SAMPLES_AS_OF)
    pdf = render_summary_letter(case, analysis, make_firm(), lang)
    text = pdf_text(pdf)
    assert 1 <= len(pdf_pages(pdf)) <= 3
    shown = [f for f in analysis.flags if f.severity in (Severity.HIGH, Severity.MEDIUM)]
    heading = {Language.EN: "Our concerns", Language.ES: "Lo que nos preocupa"}[lang]
    assert (heading in text) == bool(shown)
    # Never the fallback sentence, never the caseworker's wording.
    assert "We have a concern about" not in text and "Tenemos una duda" not in text
    for flag in analysis.flags:
        assert flag.text(Language.EN).explanation not in text
        assert flag.text(Language.ES).explanation not in text
    opening, closing = QUOTES[lang]
    for flag in shown:
        named = flag.facts.get("item") or flag.facts.get("body_part")
        if named:
            assert f"{opening}{named}{closing}" in text, (flag.rule, named)
        mmi_date = flag.facts["mmi_date"]
        assert isinstance(mmi_date, date)
        assert format_date(mmi_date, lang) in text


def test_low_flags_stay_with_the_caseworker() -> None:
    case = load_case(SAMPLES / "13-anderson.json")
    analysis = analyze(case, SAMPLES_AS_OF)
    assert analysis.flags and all(f.severity is Severity.LOW for f in analysis.flags)
    text = pdf_text(render_summary_letter(case, analysis, make_firm()))
    assert "Our concerns" not in text


def test_life_pension_is_shown_as_a_starting_figure() -> None:
    case = load_case(SAMPLES / "17-salazar.json")
    analysis = analyze(case, SAMPLES_AS_OF)
    pd = analysis.benefits.pd
    assert pd is not None and pd.life_pension_weekly is not None
    text = pdf_text(render_summary_letter(case, analysis, make_firm(), Language.EN))
    weekly = format_money(pd.life_pension_weekly, Language.EN)
    assert f"life pension of {weekly} a week" in text
    assert "it goes up each January" in text
    es = pdf_text(render_summary_letter(case, analysis, make_firm(), Language.ES))
    assert f"pensión vitalicia de {weekly} por semana" in es


def test_permanent_total_disability_is_the_weekly_rate_for_life(
    clean_case: Case, firm: FirmDetails
) -> None:
    analysis = analyze(clean_case, CLEAN_AS_OF)
    assert analysis.benefits.pd is not None
    pd = dataclasses.replace(
        analysis.benefits.pd,
        percent=Decimal(100),
        weeks=None,
        total=None,
        weekly_rate=Decimal("893.33"),
        permanent_total=True,
    )
    total = dataclasses.replace(analysis, benefits=dataclasses.replace(analysis.benefits, pd=pd))
    text = pdf_text(render_summary_letter(clean_case, total, firm))
    assert "permanent total disability. You will receive $893.33 a week for life." in text
    assert "Weeks of payments" not in text


def test_an_unrated_declaration_says_the_rating_is_to_come(
    clean_case: Case, firm: FirmDetails
) -> None:
    analysis = analyze(clean_case, CLEAN_AS_OF)
    unrated = dataclasses.replace(
        analysis, benefits=dataclasses.replace(analysis.benefits, pd=None)
    )
    text = pdf_text(render_summary_letter(clean_case, unrated, firm))
    assert "has not been calculated yet" in text
    assert "payments begin once your rating is known" in text
    assert "$8,772.50" not in text


# ---------------------------------------------------------------------- escaping, page furniture
def test_client_text_prints_as_written(clean_case: Case) -> None:
    case = copy.deepcopy(clean_case)
    case.client.first_name = "Seán"
    case.client.last_name = "O'Brien & <Sons>"
    case.claim.employer = 'Acme "Tools" & <Dies>'
    case.mmi_declarations[0].restrictions = [
        Restriction(text="Lift < 10 lbs & no ladders > 6 ft", permanent=False)
    ]
    firm = make_firm(name="Smith & <Jones>", signing_attorney="Ana O'Neil <Partner>")
    text = letter(case, CLEAN_AS_OF, firm)
    assert "Dear Seán O'Brien & <Sons>," in text
    assert 'Employer: Acme "Tools" & <Dies>' in text
    assert "Lift < 10 lbs & no ladders > 6 ft (temporary)" in text
    assert text.startswith("Smith & <Jones>")
    assert "Ana O'Neil <Partner>" in text
    assert "&amp;" not in text and "&lt;" not in text


def test_page_numbers_confidentiality_and_letterhead(pending_case: Case, firm: FirmDetails) -> None:
    for lang, page_word, of, confidential in (
        (Language.EN, "Page", "of", "Confidential attorney–client communication."),
        (Language.ES, "Página", "de", "Comunicación confidencial entre abogado y cliente."),
    ):
        pdf = render_summary_letter(pending_case, analyze(pending_case, PENDING_AS_OF), firm, lang)
        pages = pdf_pages(pdf)
        assert len(pages) >= 2
        for number, page in enumerate(pages, start=1):
            assert f"{page_word} {number} {of} {len(pages)}" in page
            assert confidential in page
            # The full letterhead (address, phone) is on the first page only.
            assert ("1200 K Street, Suite 400" in page) == (number == 1)
            assert "Alvarez & Chen Injury Law" in page


def test_the_letter_date_defaults_to_the_analysis_date(
    pending_case: Case, firm: FirmDetails
) -> None:
    analysis = analyze(pending_case, PENDING_AS_OF)
    default = pdf_pages(render_summary_letter(pending_case, analysis, firm, Language.EN))[0]
    chosen = pdf_pages(
        render_summary_letter(pending_case, analysis, firm, Language.EN, date(2024, 7, 3))
    )[0]
    assert "July 1, 2024 Ana Gutierrez" in default
    assert "July 3, 2024 Ana Gutierrez" in chosen


def test_firm_details_that_are_missing_are_left_out(clean_case: Case) -> None:
    text = letter(clean_case, CLEAN_AS_OF, FirmDetails(name="Solo Practice"))
    assert "please contact our office" in text
    assert "call us at" not in text
    assert text.rstrip().endswith("Page 2 of 2") or "Sincerely, Solo Practice" in text


def _png(tmp_path: Path) -> Path:
    from PIL import Image

    path = tmp_path / "logo.png"
    Image.new("RGB", (300, 120), (31, 58, 95)).save(path)
    return path


def test_the_logo_is_printed_on_the_first_page_only(clean_case: Case, tmp_path: Path) -> None:
    firm = make_firm(logo_path=str(_png(tmp_path)))
    pdf = render_summary_letter(clean_case, analyze(clean_case, CLEAN_AS_OF), firm)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages[0].images) == 1
    assert all(len(p.images) == 0 for p in pages[1:])


def test_a_missing_logo_file_does_not_stop_the_letter(clean_case: Case, tmp_path: Path) -> None:
    firm = make_firm(logo_path=str(tmp_path / "gone.png"))
    pdf = render_summary_letter(clean_case, analyze(clean_case, CLEAN_AS_OF), firm)
    assert "Derek Wilson" in pdf_text(pdf)
    assert all(len(p.images) == 0 for p in PdfReader(io.BytesIO(pdf)).pages)


def _right_margin_is_blank(pdf: bytes, tmp_path: Path) -> list[int]:
    """Pages (1-based) with ink in the right margin, seen at 60 dpi."""
    from PIL import Image

    (tmp_path / "l.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(tmp_path / "l.pdf"), str(tmp_path / "p")],
        check=True,
    )
    inked = []
    margin_px = int(MARGIN_X / 72 * 60) - 4  # leave a few pixels for anti-aliasing
    for number, png in enumerate(sorted(tmp_path.glob("p-*.png")), start=1):
        image = Image.open(png).convert("L")
        strip = image.crop((image.width - margin_px, 0, image.width, image.height))
        if strip.getextrema()[0] < 250:
            inked.append(number)
    return inked


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
@pytest.mark.parametrize("lang", list(Language))
def test_long_names_wrap_inside_the_page(
    pending_case: Case, tmp_path: Path, lang: Language
) -> None:
    case = copy.deepcopy(pending_case)
    case.client.first_name = "María de los Ángeles Guadalupe Concepción"
    case.client.last_name = "Villaseñor-Betancourt y Fernández de Córdoba Santisteban"
    assert case.client.address is not None
    case.client.address.line1 = "Apartment" + "X" * 90  # one long word
    case.treatments[1].description = "Left shoulder " + "decompression-" * 12
    firm = make_firm(
        name="The Very Long Named Workers' Compensation Law Offices of "
        "Alvarez, Chen, Nakamura, Okafor & Associates, A Professional Corporation"
    )
    pdf = render_summary_letter(case, analyze(case, PENDING_AS_OF), firm, lang)
    assert 1 <= len(pdf_pages(pdf)) <= 3
    assert _right_margin_is_blank(pdf, tmp_path) == []
    assert "Villaseñor-Betancourt y Fernández" in pdf_text(pdf)


def test_without_a_wage_the_letter_asks_for_pay_stubs(
    pending_case: Case, firm: FirmDetails
) -> None:
    case = before_mmi(pending_case)
    case.claim.average_weekly_wage = None
    analysis = analyze(case, date(2024, 5, 1))
    assert analysis.benefits.td_weekly_rate is None
    text = pdf_text(render_summary_letter(case, analysis, firm, Language.EN))
    assert "Please send us your pay stubs." in text
    assert "Weekly TD payment" not in text
    assert "Weeks of TD paid so far 11.29 weeks" in text


def test_an_injury_outside_the_rate_tables_gets_no_invented_figures(
    pending_case: Case, firm: FirmDetails
) -> None:
    case = before_mmi(pending_case)
    case.claim.date_of_injury = date(2004, 3, 1)
    case.temporary_disability[0].start = date(2004, 3, 2)
    analysis = analyze(case, date(2004, 5, 1))
    assert analysis.benefits.td_weekly_rate is None
    assert analysis.benefits.td_weeks_remaining_under_cap is None
    for lang, sentence in (
        (Language.EN, "We will confirm your weekly TD payment with you separately."),
        (Language.ES, "Le confirmaremos por separado la cantidad de su pago semanal de TD."),
    ):
        text = pdf_text(render_summary_letter(case, analysis, firm, lang))
        assert sentence in text
        assert "pay stubs" not in text and "talones" not in text
        assert "104" not in text and "$" not in text


# ------------------------------------------------------------- the full rating or the estimate
SCHEDULE_EN = "the way the state's rating schedule does"
SCHEDULE_ES = "como lo hace la tabla de calificación del estado"


def test_a_complete_rating_is_stated_without_the_estimate_caveat(
    pending_case: Case, firm: FirmDetails
) -> None:
    for lang, schedule, caveat in (
        (Language.EN, SCHEDULE_EN, "This is an estimate"),
        (Language.ES, SCHEDULE_ES, "Esto es un cálculo aproximado"),
    ):
        text = letter(pending_case, PENDING_AS_OF, firm, lang=lang)
        assert schedule in text and caveat not in text


def test_without_a_date_of_birth_the_letter_gives_the_estimate_and_says_so(
    pending_case: Case, firm: FirmDetails
) -> None:
    pending_case.client.date_of_birth = None  # no age at injury: the schedule's rating waits
    analysis = analyze(pending_case, PENDING_AS_OF)
    assert analysis.benefits.pd is not None and analysis.benefits.pd.basis == "estimate"
    text = letter(pending_case, PENDING_AS_OF, firm, lang=Language.EN)
    # 8 C 7 = 14 from the FEC-adjusted figures: 46.25 weeks
    assert "we estimate your permanent disability (PD) rating at 14%" in text
    assert "Estimated total 46.25 weeks × $290.00 = $13,412.50" in text
    assert "before the final adjustments for your job and your age" in text
    assert SCHEDULE_EN not in text
    spanish = letter(pending_case, PENDING_AS_OF, firm)
    assert "Total aproximado" in spanish and "antes de los ajustes finales" in spanish
    assert SCHEDULE_ES not in spanish


def test_an_entered_pd_percent_is_stated_without_caveat_or_schedule_note(
    pending_case: Case, firm: FirmDetails
) -> None:
    pending_case.mmi_declarations[0].pd_percent = Decimal(21)
    text = letter(pending_case, PENDING_AS_OF, firm, lang=Language.EN)
    assert "rating is 21%" in text
    assert "This is an estimate" not in text and SCHEDULE_EN not in text

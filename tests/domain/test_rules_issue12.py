"""Rules changed or added by issue 12: evaluators' reports (no LC 4062(a) objection), the
body-part filter of the pending-treatment rules, the IMR window from service, and the five
new rules (FUTURE_MEDICAL_DENIED, SPECIALTY_NOT_EVALUATED, SURGICAL_CONSULT_PENDING,
NO_EXAM_AFTER_TREATMENT, RETROACTIVE_MMI) at their boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.deadlines import OBJECTION_TO_REPORT, case_deadlines
from mmi_desktop.domain.model import Case, Language
from mmi_desktop.domain.results import Flag
from mmi_desktop.domain.rules import RULES_BY_ID, run_rule
from mmi_desktop.domain.thresholds import Thresholds

from .conftest import (
    AS_OF,
    MMI,
    d,
    days_after,
    days_before,
    declaration,
    make_case,
    treatment,
)

EN, ES = Language.EN, Language.ES


def fire(rule_id: str, case: Case, as_of: date = AS_OF, **thresholds: int) -> list[Flag]:
    return run_rule(RULES_BY_ID[rule_id], case, as_of, Thresholds(**thresholds))


# ------------------------------------------------------------- item 6: QME and AME reports


@pytest.mark.parametrize("provider", ["qme", "ame"])
def test_no_lc_4062a_objection_against_an_evaluators_report(provider: str) -> None:
    case = make_case(
        declarations=[declaration(provider=provider)],
        treatments=[treatment("t1", "surgery", (days_before(MMI, 10), "requested"))],
    )
    if provider == "ame":
        from mmi_desktop.domain.model import Provider, ProviderRole

        case.providers.append(Provider("ame", "Dr. Rosa Vidal", ProviderRole.AME))
    assert [dl for dl in case_deadlines(case, AS_OF) if dl.kind == OBJECTION_TO_REPORT] == []
    (flag,) = fire("SURGERY_PENDING", case)
    actions = flag.text(EN).actions
    assert not any("LC 4062(a)" in a and "Object" in a for a in actions)
    assert not any(a.startswith("Object to the report") for a in actions)
    assert any("deposition" in a for a in actions)
    assert any("supplemental report" in a and ("QME" in a or "AME" in a) for a in actions)
    assert not any("treating physician for a supplemental" in a for a in actions)
    assert flag.facts["objection_due"] is None
    assert any("deposición" in a for a in flag.text(ES).actions)


def test_a_treating_physicians_report_still_gets_the_objection() -> None:
    case = make_case(treatments=[treatment("t1", "surgery", (days_before(MMI, 10), "requested"))])
    assert [dl.kind for dl in case_deadlines(case, AS_OF)].count(OBJECTION_TO_REPORT) == 1
    (flag,) = fire("SURGERY_PENDING", case)
    assert flag.text(EN).actions[0].startswith("The deadline to object to the report")
    assert not any("deposition" in a for a in flag.text(EN).actions)


def test_no_mpn_second_opinion_against_an_evaluators_report() -> None:
    early = days_after(d("2024-02-12"), 30)
    case = make_case(declarations=[declaration(provider="qme", day=early)])
    (flag,) = fire("EARLY_MMI", case)
    assert not any("MPN" in a for a in flag.text(EN).actions)
    case = make_case(declarations=[declaration(day=days_after(d("2024-02-12"), 30))])
    (flag,) = fire("EARLY_MMI", case)
    assert any("MPN" in a for a in flag.text(EN).actions)


def test_the_analysis_of_an_evaluators_report_has_no_objection_anywhere() -> None:
    case = make_case(
        declarations=[declaration(provider="qme")],
        treatments=[treatment("t1", "diagnostic", (days_before(MMI, 5), "authorized"))],
    )
    result = analyze(case, AS_OF)
    assert result.flags
    for flag in result.flags:
        actions = flag.text(EN).actions
        assert not any(a.startswith(("Object to", "The deadline to object")) for a in actions)


# ------------------------------------------- item 12: only treatment for a covered body part

PENDING = [
    ("SURGERY_PENDING", "surgery"),
    ("DIAGNOSTICS_PENDING", "diagnostic"),
    ("TREATMENT_PENDING", "injection"),
    ("TREATMENT_PENDING", "medication"),
    ("TREATMENT_PENDING", "other"),
    ("REFERRAL_PENDING", "referral"),
    ("THERAPY_INCOMPLETE", "therapy"),
]


@pytest.mark.parametrize(("rule_id", "category"), PENDING)
def test_pending_treatment_for_another_body_part_does_not_flag(rule_id: str, category: str) -> None:
    # The declaration covers the left knee only; the treatment is for the right shoulder.
    t = treatment("t1", category, (days_before(MMI, 10), "requested"), body_part="right shoulder")
    m = declaration(body_parts=["left knee"])
    case = make_case(body_parts=["left knee", "right shoulder"], declarations=[m], treatments=[t])
    assert fire(rule_id, case) == []


@pytest.mark.parametrize(("rule_id", "category"), PENDING)
@pytest.mark.parametrize("part", ["Left  KNEE", None])
def test_pending_treatment_for_a_covered_or_unnamed_body_part_flags(
    rule_id: str, category: str, part: str | None
) -> None:
    t = treatment("t1", category, (days_before(MMI, 10), "requested"), body_part=part)
    m = declaration(body_parts=["left knee"])
    case = make_case(body_parts=["left knee"], declarations=[m], treatments=[t])
    assert [f.evidence for f in fire(rule_id, case)] == [("t1",)]


def test_a_declaration_listing_no_body_parts_keeps_every_pending_treatment() -> None:
    t = treatment("t1", "surgery", (days_before(MMI, 10), "requested"), body_part="neck")
    m = declaration(body_parts=[])
    assert len(fire("SURGERY_PENDING", make_case(declarations=[m], treatments=[t]))) == 1


def test_a_short_therapy_course_for_another_body_part_does_not_flag() -> None:
    t = treatment(
        "t1",
        "therapy",
        (days_before(MMI, 60), "authorized"),
        (days_before(MMI, 20), "completed"),
        body_part="right shoulder",
        authorized_visits=12,
        completed_visits=6,
    )
    m = declaration(body_parts=["left knee"])
    case = make_case(body_parts=["left knee", "right shoulder"], declarations=[m], treatments=[t])
    assert fire("THERAPY_INCOMPLETE", case) == []
    t.body_part = "left knee"
    assert len(fire("THERAPY_INCOMPLETE", case)) == 1


# ------------------------------------------------- item 14: the IMR window from service


def _denied(denied: date, served: date | None, served_by: str | None = None) -> Case:
    from mmi_desktop.domain.model import ServiceMethod

    t = treatment("t1", "surgery", (denied, "denied"))
    t.history[0].served = served
    t.history[0].served_by = ServiceMethod(served_by) if served_by else None
    return make_case(treatments=[t])


def _open_on(case: Case, day: date) -> bool:
    from mmi_desktop.domain.rules.base import open_entry

    return open_entry(case.treatments[0], day, 30) is not None


def test_imr_window_from_service_by_mail_adds_five_days() -> None:
    # Denied 2024-06-03, served by mail 2024-06-05: 2024-06-05 + 5 + 30 = Wed 2024-07-10.
    case = _denied(d("2024-06-03"), d("2024-06-05"), "mail")
    assert _open_on(case, d("2024-07-10"))
    assert not _open_on(case, d("2024-07-11"))
    # Without the service date the window counts from the denial: less than 30 days old.
    bare = _denied(d("2024-06-03"), None)
    assert _open_on(bare, d("2024-07-02")) and not _open_on(bare, d("2024-07-03"))


def test_service_without_a_method_counts_as_mail() -> None:
    case = _denied(d("2024-06-03"), d("2024-06-05"))
    assert _open_on(case, d("2024-07-10")) and not _open_on(case, d("2024-07-11"))


def test_personal_service_adds_nothing_and_the_last_day_moves_off_a_weekend() -> None:
    # Served in person Thu 2024-06-06: + 30 = Sat 2024-07-06, moved to Mon 2024-07-08.
    case = _denied(d("2024-06-06"), d("2024-06-06"), "personal")
    assert _open_on(case, d("2024-07-08"))
    assert not _open_on(case, d("2024-07-09"))


def test_electronic_service_adds_two_court_days_at_the_end_of_the_period() -> None:
    # CCP 1010.6(a)(3)(B): the 30 days run from service, then two court days are added.
    # Served electronically Fri 2024-06-14: + 30 = Sun 07-14; two court days: Mon 07-15,
    # Tue 07-16.
    case = _denied(d("2024-06-14"), d("2024-06-14"), "electronic")
    assert _open_on(case, d("2024-07-16")) and not _open_on(case, d("2024-07-17"))
    # Served Fri 2023-02-03: + 30 = Sun 03-05; Mon 03-06, Tue 03-07 (adding the court days
    # first would give Thu 03-09).
    case = _denied(d("2023-02-02"), d("2023-02-03"), "electronic")
    assert _open_on(case, d("2023-03-07")) and not _open_on(case, d("2023-03-08"))


def test_electronic_service_court_days_skip_a_holiday() -> None:
    # Served Mon 2024-06-03: + 30 = Wed 07-03; Thu 07-04 is Independence Day, so the two
    # court days are Fri 07-05 and Mon 07-08.
    case = _denied(d("2024-06-03"), d("2024-06-03"), "electronic")
    assert _open_on(case, d("2024-07-08")) and not _open_on(case, d("2024-07-09"))


def test_a_denial_served_late_keeps_the_surgery_pending_at_mmi() -> None:
    # Denied 40 days before MMI but served only 10 days before it: IMR can still be asked.
    case = _denied(days_before(MMI, 40), days_before(MMI, 10), "mail")
    assert [f.evidence for f in fire("SURGERY_PENDING", case)] == [("t1",)]
    case.treatments[0].history[0].served = None
    assert fire("SURGERY_PENDING", case) == []


# ------------------------------------------------------------------ item 13: the new rules


def _with(case: Case, **claim: object) -> Case:
    for key, value in claim.items():
        setattr(case.claim, key, value)
    return case


# FUTURE_MEDICAL_DENIED --------------------------------------------------------------------


@pytest.mark.parametrize(("days_before_mmi", "fires"), [(60, True), (61, False), (0, True)])
def test_future_medical_denied_after_recent_completed_care(
    days_before_mmi: int, fires: bool
) -> None:
    t = treatment(
        "t1",
        "therapy",
        (days_before(MMI, 90), "authorized"),
        (days_before(MMI, days_before_mmi), "completed"),
    )
    case = make_case(declarations=[declaration(future_medical=False)], treatments=[t])
    flags = fire("FUTURE_MEDICAL_DENIED", case)
    assert bool(flags) is fires
    if fires:
        (flag,) = flags
        assert flag.evidence == ("declaration:m1:future_medical", "t1")
        assert "no future medical care" in flag.text(EN).explanation
        assert "atención médica futura" in flag.text(ES).explanation


def test_future_medical_denied_while_treatment_is_open() -> None:
    t = treatment("t1", "medication", (days_before(MMI, 200), "authorized"))
    case = make_case(declarations=[declaration(future_medical=False)], treatments=[t])
    (flag,) = fire("FUTURE_MEDICAL_DENIED", case)
    assert flag.facts["open"] == [t.description]


@pytest.mark.parametrize("future", [True, None])
def test_future_medical_granted_or_unknown_does_not_fire(future: bool | None) -> None:
    t = treatment("t1", "medication", (days_before(MMI, 200), "authorized"))
    case = make_case(declarations=[declaration(future_medical=future)], treatments=[t])
    assert fire("FUTURE_MEDICAL_DENIED", case) == []


def test_future_medical_denied_ignores_care_for_another_body_part() -> None:
    t = treatment("t1", "medication", (days_before(MMI, 200), "authorized"), body_part="neck")
    m = declaration(future_medical=False)
    case = make_case(body_parts=["left shoulder", "neck"], declarations=[m], treatments=[t])
    assert fire("FUTURE_MEDICAL_DENIED", case) == []


def test_future_medical_window_is_the_trend_setting() -> None:
    t = treatment("t1", "therapy", (days_before(MMI, 30), "completed"))
    case = make_case(declarations=[declaration(future_medical=False)], treatments=[t])
    assert fire("FUTURE_MEDICAL_DENIED", case, trend_window_days=29) == []
    assert len(fire("FUTURE_MEDICAL_DENIED", case, trend_window_days=30)) == 1


# SPECIALTY_NOT_EVALUATED ------------------------------------------------------------------


def _psyche_case(*items: object, providers: list[object] | None = None) -> Case:
    from mmi_desktop.domain.model import Provider, ProviderRole

    case = make_case(body_parts=["left shoulder", "Psyche"], treatments=list(items))  # type: ignore[arg-type]
    case.providers.append(Provider("psy", "Dr. Ines Mora", ProviderRole.SPECIALIST, "Psychology"))
    return case


def test_specialty_never_evaluated_fires_high() -> None:
    case = _psyche_case()
    case.providers = [p for p in case.providers if p.id != "psy"]
    (flag,) = fire("SPECIALTY_NOT_EVALUATED", case)
    assert flag.severity.value == "high"
    assert flag.evidence == ("body_part:psyche",)
    assert flag.facts["reason"] == "never" and flag.facts["specialty"] == "psych"
    assert "psychiatry or psychology" in flag.text(EN).explanation
    assert "psiquiatría o psicología" in flag.text(ES).explanation
    assert any("refer the client to psychiatry" in a for a in flag.text(EN).actions)


def test_specialty_pending_referral_fires_with_its_evidence() -> None:
    t = treatment(
        "t3",
        "referral",
        (days_before(MMI, 20), "requested"),
        body_part="psyche",
        description="Referral to a psychologist",
    )
    (flag,) = fire("SPECIALTY_NOT_EVALUATED", _psyche_case(t))
    assert flag.evidence == ("body_part:psyche", "t3")
    assert flag.facts["reason"] == "pending"
    assert "Referral to a psychologist" in flag.text(EN).explanation


def test_a_visit_to_the_specialist_before_mmi_counts_as_evaluated() -> None:
    from mmi_desktop.domain.model import Trend, Visit

    case = _psyche_case()
    case.visits.append(Visit(MMI, "psy", Trend.UNCHANGED))
    assert fire("SPECIALTY_NOT_EVALUATED", case) == []
    case.visits[-1].date = days_after(MMI, 1)  # after MMI: not yet evaluated at MMI
    assert len(fire("SPECIALTY_NOT_EVALUATED", case)) == 1


def test_completed_care_for_the_condition_counts_as_evaluated() -> None:
    t = treatment("t3", "therapy", (days_before(MMI, 20), "completed"), body_part="psyche")
    case = _psyche_case(t)
    assert fire("SPECIALTY_NOT_EVALUATED", case) == []


def test_a_declaration_by_that_specialty_does_not_fire() -> None:
    case = _psyche_case()
    case.mmi_declarations = [declaration(provider="psy", body_parts=["left shoulder", "psyche"])]
    assert fire("SPECIALTY_NOT_EVALUATED", case) == []


def test_musculoskeletal_and_unknown_conditions_never_fire() -> None:
    case = make_case(body_parts=["left shoulder", "lumbar spine", "right wrist", "stress"])
    assert fire("SPECIALTY_NOT_EVALUATED", case) == []


def test_an_evaluators_declaration_offers_an_additional_panel() -> None:
    case = _psyche_case()
    case.providers = [p for p in case.providers if p.id != "psy"]
    case.mmi_declarations = [declaration(provider="qme")]
    (flag,) = fire("SPECIALTY_NOT_EVALUATED", case)
    assert any("8 CCR 31.7" in a and "additional QME panel" in a for a in flag.text(EN).actions)


# SURGICAL_CONSULT_PENDING -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "specialty", "fires"),
    [
        ("Referral to a spine surgeon", None, True),
        ("Surgical consultation", None, True),
        ("Ortho consult", "Orthopedic surgery", True),
        ("Pain management consult", "Pain medicine", False),
    ],
)
def test_surgical_consult_pending(description: str, specialty: str | None, fires: bool) -> None:
    from mmi_desktop.domain.model import Provider, ProviderRole

    t = treatment("t1", "referral", (days_before(MMI, 10), "authorized"), description=description)
    t.provider = "doc"
    case = make_case(treatments=[t])
    case.providers.append(Provider("doc", "Dr. Lee Park", ProviderRole.SPECIALIST, specialty))
    assert bool(fire("SURGICAL_CONSULT_PENDING", case)) is fires
    # the high rule takes the referral; REFERRAL_PENDING does not flag it again
    rules = {f.rule for f in analyze(case, AS_OF).flags}
    assert ("SURGICAL_CONSULT_PENDING" in rules) is fires
    assert ("REFERRAL_PENDING" in rules) is not fires


def test_surgical_consult_done_before_mmi_does_not_fire() -> None:
    t = treatment(
        "t1",
        "referral",
        (days_before(MMI, 30), "authorized"),
        (days_before(MMI, 1), "completed"),
        description="Surgical consult",
    )
    assert fire("SURGICAL_CONSULT_PENDING", make_case(treatments=[t])) == []


# NO_EXAM_AFTER_TREATMENT ------------------------------------------------------------------


@pytest.mark.parametrize(("visit_before_mmi", "fires"), [(11, True), (10, False), (5, False)])
def test_no_exam_after_the_last_completed_treatment(visit_before_mmi: int, fires: bool) -> None:
    from mmi_desktop.domain.model import Trend, Visit

    t = treatment("t1", "injection", (days_before(MMI, 10), "completed"))
    seen = [
        Visit(days_before(MMI, 100), "ptp", Trend.UNCHANGED),
        Visit(days_before(MMI, visit_before_mmi), "ptp", Trend.UNCHANGED),
        Visit(days_before(MMI, 1), "spec", Trend.UNCHANGED),
    ]  # another physician's visit
    case = make_case(treatments=[t], visit_list=seen)
    flags = fire("NO_EXAM_AFTER_TREATMENT", case)
    assert bool(flags) is fires
    if fires:
        assert flags[0].evidence == ("t1", f"visit:{days_before(MMI, 11).isoformat()}")
        assert flags[0].facts["days"] == 1


def test_no_exam_needs_a_visit_of_the_declaring_physician() -> None:
    from mmi_desktop.domain.model import Trend, Visit

    t = treatment("t1", "injection", (days_before(MMI, 10), "completed"))
    case = make_case(
        treatments=[t], visit_list=[Visit(days_before(MMI, 50), "spec", Trend.UNCHANGED)]
    )
    assert fire("NO_EXAM_AFTER_TREATMENT", case) == []


def test_no_exam_ignores_treatment_for_another_body_part() -> None:
    t = treatment("t1", "injection", (days_before(MMI, 10), "completed"), body_part="neck")
    case = make_case(body_parts=["left shoulder", "neck"], treatments=[t])
    assert fire("NO_EXAM_AFTER_TREATMENT", case) == []


# RETROACTIVE_MMI --------------------------------------------------------------------------


@pytest.mark.parametrize(("report_after", "fires"), [(30, False), (31, True)])
def test_retroactive_mmi_boundary(report_after: int, fires: bool) -> None:
    m = declaration(received=days_after(MMI, 40))
    m.report_date = days_after(MMI, report_after)
    assert bool(fire("RETROACTIVE_MMI", make_case(declarations=[m]))) is fires


def test_retroactive_mmi_shows_the_td_paid_after_the_mmi_date() -> None:
    from mmi_desktop.domain.model import TDPeriod

    m = declaration(received=days_after(MMI, 95))
    m.report_date = days_after(MMI, 90)
    # TD through 45 days after MMI: 45 days after the MMI date, at 586.67 a week
    td = [TDPeriod(d("2024-02-13"), days_after(MMI, 45))]
    (flag,) = fire("RETROACTIVE_MMI", make_case(declarations=[m], td=td))
    assert flag.facts["td_days_after"] == 45
    assert str(flag.facts["td_amount_after"]) == "3771.45"  # 586.67 x 45 / 7
    assert "$3,771.45" in flag.text(EN).explanation and "90 days" in flag.text(EN).explanation
    assert flag.evidence == ("declaration:m1:report_date",)
    assert any("overpayment" in a for a in flag.text(EN).actions)


def test_retroactive_mmi_uses_its_setting_and_needs_the_report_date() -> None:
    m = declaration()
    case = make_case(declarations=[m])
    assert fire("RETROACTIVE_MMI", case) == []
    m.report_date = days_after(MMI, 20)
    assert fire("RETROACTIVE_MMI", case, retroactive_mmi_days=19)
    assert fire("RETROACTIVE_MMI", case, retroactive_mmi_days=20) == []


@pytest.mark.parametrize(
    ("part", "key"),
    [
        ("right arm (neurology)", "neuro"),
        ("chest pain (internal medicine)", "internal"),
        ("nausea (gastroenterology)", "gi"),
        ("left eye", "eye"),
        ("Psyche", "psych"),
        ("sleep disorder", "sleep"),
        ("right knee", None),
        ("earnings", None),
    ],
)
def test_a_claimed_body_part_can_name_its_specialty(part: str, key: str | None) -> None:
    from mmi_desktop.domain.specialties import specialty_of_body_part

    found = specialty_of_body_part(part)
    assert (found.key if found else None) == key

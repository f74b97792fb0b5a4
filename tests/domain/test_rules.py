"""Each premature-MMI rule on its own: when it fires, its exact boundaries, when it must not
fire, and what its flag says (evidence, facts, wording in English and Spanish)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from mmi_desktop.domain.model import Case, Language, Provider, ProviderRole, Trend, Visit
from mmi_desktop.domain.results import Flag, Severity
from mmi_desktop.domain.rules import RULES, RULES_BY_ID, evaluate, run_rule
from mmi_desktop.domain.thresholds import Thresholds

from .conftest import (
    AS_OF,
    DOI,
    MMI,
    d,
    days_after,
    days_before,
    declaration,
    impairment,
    make_case,
    steady_visits,
    treatment,
    visits,
)


def fire(rule_id: str, case: Case, as_of: date = AS_OF, **thresholds: int) -> list[Flag]:
    return run_rule(RULES_BY_ID[rule_id], case, as_of, Thresholds(**thresholds))


def test_the_catalogue_has_its_rules_with_their_severities() -> None:
    expected = {
        "SURGERY_PENDING": Severity.HIGH,
        "DIAGNOSTICS_PENDING": Severity.HIGH,
        "SURGERY_AFTER_MMI": Severity.HIGH,
        "THERAPY_INCOMPLETE": Severity.MEDIUM,
        "REFERRAL_PENDING": Severity.MEDIUM,
        "TREATMENT_PENDING": Severity.MEDIUM,
        "RECENT_SURGERY": Severity.MEDIUM,
        "EARLY_MMI": Severity.MEDIUM,
        "NOT_STABLE": Severity.MEDIUM,
        "BODY_PARTS_NOT_ADDRESSED": Severity.MEDIUM,
        "NOT_TREATING_OR_EVALUATOR": Severity.MEDIUM,
        "LITTLE_TREATMENT": Severity.LOW,
        "INCOMPLETE_REPORT": Severity.LOW,
        # issue 12
        "FUTURE_MEDICAL_DENIED": Severity.MEDIUM,
        "SPECIALTY_NOT_EVALUATED": Severity.HIGH,
        "SURGICAL_CONSULT_PENDING": Severity.HIGH,
        "NO_EXAM_AFTER_TREATMENT": Severity.MEDIUM,
        "RETROACTIVE_MMI": Severity.MEDIUM,
    }
    assert {r.id: r.severity for r in RULES} == expected


def test_the_base_case_raises_no_flag() -> None:
    assert evaluate(make_case(), AS_OF) == []


# ---------------------------------------------------------------- pending treatment rules

PENDING = [
    ("SURGERY_PENDING", "surgery"),
    ("DIAGNOSTICS_PENDING", "diagnostic"),
    ("REFERRAL_PENDING", "referral"),
    ("TREATMENT_PENDING", "injection"),
    ("TREATMENT_PENDING", "medication"),
    ("TREATMENT_PENDING", "other"),
    ("THERAPY_INCOMPLETE", "therapy"),
]
OPEN_STATUSES = [
    "recommended",
    "requested",
    "under_review",
    "authorized",
    "modified",
    "imr_requested",
    "imr_overturned",
    "scheduled",
    "in_progress",
]
CLOSED_STATUSES = ["completed", "cancelled", "declined", "imr_upheld"]


@pytest.mark.parametrize(("rule_id", "category"), PENDING)
@pytest.mark.parametrize("status", OPEN_STATUSES)
def test_pending_rules_fire_on_every_open_status(rule_id: str, category: str, status: str) -> None:
    t = treatment("t9", category, (days_before(MMI, 10), status))
    flags = fire(rule_id, make_case(treatments=[t]))
    assert [f.evidence for f in flags] == [("t9",)]
    assert flags[0].facts["status"] == status
    assert flags[0].facts["date"] == days_before(MMI, 10)


@pytest.mark.parametrize(("rule_id", "category"), PENDING)
@pytest.mark.parametrize("status", CLOSED_STATUSES)
def test_pending_rules_ignore_closed_items(rule_id: str, category: str, status: str) -> None:
    t = treatment(
        "t9", category, (days_before(MMI, 40), "recommended"), (days_before(MMI, 10), status)
    )
    assert fire(rule_id, make_case(treatments=[t])) == []


@pytest.mark.parametrize(("rule_id", "category"), PENDING)
def test_pending_rules_ignore_items_that_did_not_exist_yet(rule_id: str, category: str) -> None:
    t = treatment("t9", category, (days_after(MMI, 1), "recommended"))
    assert fire(rule_id, make_case(treatments=[t])) == []


@pytest.mark.parametrize(("rule_id", "category"), PENDING)
def test_pending_rules_use_the_status_on_the_declaration_date(rule_id: str, category: str) -> None:
    # Completed the day after MMI: on the declaration's date it was still in progress.
    t = treatment(
        "t9", category, (days_before(MMI, 5), "in_progress"), (days_after(MMI, 1), "completed")
    )
    assert len(fire(rule_id, make_case(treatments=[t]))) == 1
    # Completed on the declaration's date itself: closed on D.
    t2 = treatment("t9", category, (days_before(MMI, 5), "in_progress"), (MMI, "completed"))
    assert fire(rule_id, make_case(treatments=[t2])) == []


@pytest.mark.parametrize(("age", "fires"), [(0, True), (29, True), (30, False), (31, False)])
def test_a_denial_is_open_for_less_than_the_imr_window(age: int, fires: bool) -> None:
    t = treatment(
        "t2", "surgery", (days_before(MMI, 60), "requested"), (days_before(MMI, age), "denied")
    )
    flags = fire("SURGERY_PENDING", make_case(treatments=[t]))
    assert bool(flags) is fires
    if fires:
        assert flags[0].facts["status"] == "denied"


def test_the_imr_window_follows_the_threshold() -> None:
    t = treatment(
        "t2", "surgery", (days_before(MMI, 60), "requested"), (days_before(MMI, 40), "denied")
    )
    case = make_case(treatments=[t])
    assert fire("SURGERY_PENDING", case) == []
    assert len(fire("SURGERY_PENDING", case, imr_window_days=41)) == 1


def test_one_flag_per_pending_item_not_per_history_entry() -> None:
    t1 = treatment(
        "t1",
        "surgery",
        (days_before(MMI, 30), "recommended"),
        (days_before(MMI, 20), "requested"),
        (days_before(MMI, 10), "under_review"),
    )
    t2 = treatment("t2", "surgery", (days_before(MMI, 5), "scheduled"), body_part=None)
    flags = fire("SURGERY_PENDING", make_case(treatments=[t1, t2]))
    assert sorted(f.evidence for f in flags) == [("t1",), ("t2",)]


def test_surgery_pending_wording_names_item_status_and_dates() -> None:
    t = treatment(
        "t2",
        "surgery",
        (d("2024-08-01"), "recommended"),
        (d("2024-08-12"), "under_review"),
        description="Left shoulder decompression",
    )
    (flag,) = fire("SURGERY_PENDING", make_case(treatments=[t]))
    en, es = flag.text(Language.EN), flag.text(Language.ES)
    assert en.title == "Surgery was still pending when MMI was declared"
    assert "“Left shoulder decompression”" in en.explanation
    assert "in utilization review (UR)" in en.explanation
    assert "08/20/2024" in en.explanation and "08/12/2024" in en.explanation
    assert "«Left shoulder decompression»" in es.explanation
    assert "en revisión de utilización (UR)" in es.explanation
    assert "20 de agosto de 2024" in es.explanation and "12 de agosto de 2024" in es.explanation
    assert "mejoría médica máxima (MMI)" in es.title
    assert flag.facts == {
        "mmi_date": MMI,
        "item": "Left shoulder decompression",
        "category": "surgery",
        "body_part": "left shoulder",
        "status": "under_review",
        "date": d("2024-08-12"),
        "objection_due": d("2024-09-16"),
        "objection_estimated": False,
    }
    assert any("Pursue the pending UR/IMR decision" in a for a in en.actions)


def test_spanish_status_agrees_with_the_category_gender() -> None:
    surgery = treatment("t1", "surgery", (days_before(MMI, 3), "authorized"))
    test = treatment("t2", "diagnostic", (days_before(MMI, 3), "authorized"))
    case = make_case(treatments=[surgery, test])
    (s,) = fire("SURGERY_PENDING", case)
    (t,) = fire("DIAGNOSTICS_PENDING", case)
    assert "La cirugía" in s.text(Language.ES).explanation
    assert "autorizada, pero aún no realizada" in s.text(Language.ES).explanation
    assert "El estudio diagnóstico" in t.text(Language.ES).explanation
    assert "autorizado, pero aún no realizado" in t.text(Language.ES).explanation


def test_pursue_review_is_offered_only_while_a_review_is_pending() -> None:
    scheduled = treatment("t1", "surgery", (days_before(MMI, 3), "scheduled"))
    (flag,) = fire("SURGERY_PENDING", make_case(treatments=[scheduled]))
    assert not any("UR/IMR" in a for a in flag.text(Language.EN).actions)


# ------------------------------------------------------------------- high flags and the deadline


@pytest.mark.parametrize(
    ("rule_id", "t"),
    [
        ("SURGERY_PENDING", treatment("t1", "surgery", (days_before(MMI, 3), "scheduled"))),
        ("DIAGNOSTICS_PENDING", treatment("t1", "diagnostic", (days_before(MMI, 3), "requested"))),
        ("SURGERY_AFTER_MMI", treatment("t1", "surgery", (days_after(MMI, 10), "recommended"))),
    ],
)
def test_high_flags_show_the_objection_deadline(rule_id: str, t: object) -> None:
    case = make_case(treatments=[t])  # type: ignore[list-item]
    # as of the day before the deadline, and after it has passed
    for as_of, en_word, es_word in [
        (d("2024-09-01"), "by 09/16/2024", "a más tardar el 16 de septiembre de 2024"),
        (AS_OF, "was 09/16/2024", "venció el 16 de septiembre de 2024"),
    ]:
        (flag,) = fire(rule_id, case, as_of=as_of)
        assert flag.severity is Severity.HIGH
        assert any(en_word in a and "LC 4062(a)" in a for a in flag.text(Language.EN).actions)
        assert any(es_word in a for a in flag.text(Language.ES).actions)
        assert flag.facts["objection_due"] == d("2024-09-16")


def test_an_unknown_receipt_date_gives_an_estimated_objection_deadline() -> None:
    m = declaration()
    m.report_received = None
    t = treatment("t1", "surgery", (days_before(MMI, 3), "scheduled"))
    (flag,) = fire("SURGERY_PENDING", make_case(treatments=[t], declarations=[m]))
    # MMI 08/20/2024 + 20 days = 09/09/2024, a Monday
    assert flag.facts["objection_due"] == d("2024-09-09")
    assert flag.facts["objection_estimated"] is True
    assert any("estimated from the MMI date" in a for a in flag.text(Language.EN).actions)


# ---------------------------------------------------------------------- SURGERY_AFTER_MMI


@pytest.mark.parametrize("status", ["recommended", "requested", "completed"])
def test_surgery_after_mmi_fires_on_its_first_entry_after_the_declaration(status: str) -> None:
    t = treatment("t5", "surgery", (days_after(MMI, 40), status), description="Rotator cuff repair")
    (flag,) = fire("SURGERY_AFTER_MMI", make_case(treatments=[t]))
    assert flag.evidence == ("t5",)
    assert flag.facts["days_after"] == 40
    assert flag.facts["status"] == status
    assert "40 days after" in flag.text(Language.EN).explanation


@pytest.mark.parametrize(("days", "fires"), [(1, True), (365, True), (366, False), (0, False)])
def test_surgery_after_mmi_window_is_inclusive(days: int, fires: bool) -> None:
    t = treatment("t5", "surgery", (days_after(MMI, days), "recommended"))
    assert bool(fire("SURGERY_AFTER_MMI", make_case(treatments=[t]))) is fires


def test_surgery_after_mmi_ignores_body_parts_the_declaration_does_not_cover() -> None:
    t = treatment("t5", "surgery", (days_after(MMI, 40), "recommended"), body_part="Right  KNEE")
    assert fire("SURGERY_AFTER_MMI", make_case(treatments=[t])) == []
    covered = treatment(
        "t6", "surgery", (days_after(MMI, 40), "recommended"), body_part=" Left Shoulder "
    )
    no_part = treatment("t7", "surgery", (days_after(MMI, 40), "recommended"), body_part=None)
    flags = fire("SURGERY_AFTER_MMI", make_case(treatments=[covered, no_part]))
    assert sorted(f.evidence for f in flags) == [("t6",), ("t7",)]


def test_surgery_after_mmi_needs_the_first_entry_after_the_declaration() -> None:
    # Recommended before MMI, requested again after: the record did not change after D.
    t = treatment(
        "t5",
        "surgery",
        (days_before(MMI, 100), "recommended"),
        (days_before(MMI, 80), "declined"),
        (days_after(MMI, 30), "requested"),
    )
    assert fire("SURGERY_AFTER_MMI", make_case(treatments=[t])) == []


def test_surgery_after_mmi_ignores_entries_after_as_of() -> None:
    t = treatment("t5", "surgery", (days_after(MMI, 40), "recommended"))
    assert fire("SURGERY_AFTER_MMI", make_case(treatments=[t]), as_of=days_after(MMI, 39)) == []


def test_surgery_after_mmi_ignores_other_categories() -> None:
    t = treatment("t5", "injection", (days_after(MMI, 40), "recommended"))
    assert fire("SURGERY_AFTER_MMI", make_case(treatments=[t])) == []


# --------------------------------------------------------------------- THERAPY_INCOMPLETE


def test_therapy_closed_short_of_its_authorized_visits_fires() -> None:
    t = treatment(
        "t3",
        "therapy",
        (days_before(MMI, 90), "authorized"),
        (days_before(MMI, 20), "completed"),
        authorized_visits=12,
        completed_visits=6,
        description="Physical therapy",
    )
    (flag,) = fire("THERAPY_INCOMPLETE", make_case(treatments=[t]))
    assert flag.facts["reason"] == "short_course"
    assert (flag.facts["completed_visits"], flag.facts["authorized_visits"]) == (6, 12)
    assert "only 6 of 12 authorized visits" in flag.text(Language.EN).explanation
    assert "solo 6 de 12 sesiones autorizadas" in flag.text(Language.ES).explanation


@pytest.mark.parametrize(
    ("done", "authorized", "fires"),
    [(11, 12, True), (12, 12, False), (None, 12, False), (6, None, False)],
)
def test_therapy_short_course_needs_both_counts_and_a_shortfall(
    done: int | None, authorized: int | None, fires: bool
) -> None:
    t = treatment(
        "t3",
        "therapy",
        (days_before(MMI, 90), "authorized"),
        (days_before(MMI, 20), "completed"),
        authorized_visits=authorized,
        completed_visits=done,
    )
    assert bool(fire("THERAPY_INCOMPLETE", make_case(treatments=[t]))) is fires


def test_therapy_cancelled_short_is_not_a_short_completed_course() -> None:
    t = treatment(
        "t3",
        "therapy",
        (days_before(MMI, 90), "authorized"),
        (days_before(MMI, 20), "cancelled"),
        authorized_visits=12,
        completed_visits=3,
    )
    assert fire("THERAPY_INCOMPLETE", make_case(treatments=[t])) == []


def test_open_therapy_reports_its_visit_counts() -> None:
    t = treatment(
        "t3",
        "therapy",
        (days_before(MMI, 30), "in_progress"),
        authorized_visits=12,
        completed_visits=4,
    )
    (flag,) = fire("THERAPY_INCOMPLETE", make_case(treatments=[t]))
    assert flag.facts["reason"] == "open"
    assert "4 of 12 authorized visits" in flag.text(Language.EN).explanation


# ------------------------------------------------------------------------- RECENT_SURGERY


@pytest.mark.parametrize(("days", "fires"), [(0, True), (179, True), (180, False), (400, False)])
def test_recent_surgery_boundary(days: int, fires: bool) -> None:
    t = treatment(
        "t1",
        "surgery",
        (days_before(MMI, days + 30), "scheduled"),
        (days_before(MMI, days), "completed"),
    )
    flags = fire("RECENT_SURGERY", make_case(treatments=[t]))
    assert bool(flags) is fires
    if fires:
        assert flags[0].facts["days_before"] == days


def test_recent_surgery_ignores_a_surgery_completed_after_the_declaration() -> None:
    t = treatment("t1", "surgery", (days_after(MMI, 3), "completed"))
    assert fire("RECENT_SURGERY", make_case(treatments=[t])) == []


def test_post_surgery_threshold_is_used() -> None:
    t = treatment("t1", "surgery", (days_before(MMI, 100), "completed"))
    assert fire("RECENT_SURGERY", make_case(treatments=[t]), post_surgery_days=100) == []
    assert len(fire("RECENT_SURGERY", make_case(treatments=[t]), post_surgery_days=101)) == 1


# ------------------------------------------------------------------------------ EARLY_MMI


@pytest.mark.parametrize(("days", "fires"), [(0, True), (89, True), (90, False), (91, False)])
def test_early_mmi_boundary(days: int, fires: bool) -> None:
    m = declaration(day=days_after(DOI, days))
    flags = fire("EARLY_MMI", make_case(declarations=[m], visit_list=[]))
    assert bool(flags) is fires
    if fires:
        (flag,) = flags
        assert flag.evidence == ("claim:date_of_injury",)
        assert flag.facts["days"] == days
        assert flag.facts["date_of_injury"] == DOI
        assert "02/12/2024" in flag.text(Language.EN).explanation
        assert "12 de febrero de 2024" in flag.text(Language.ES).explanation


# ----------------------------------------------------------------------------- NOT_STABLE


@pytest.mark.parametrize("trend", ["improving", "worsening"])
@pytest.mark.parametrize(("age", "fires"), [(0, True), (60, True), (61, False)])
def test_not_stable_boundary(trend: str, age: int, fires: bool) -> None:
    v = visits((days_before(MMI, 200), "unchanged"), (days_before(MMI, age), trend))
    flags = fire("NOT_STABLE", make_case(visit_list=v))
    assert bool(flags) is fires
    if fires:
        visit_day = days_before(MMI, age)
        assert flags[0].evidence == (f"visit:{visit_day.isoformat()}",)
        assert flags[0].facts["trend"] == trend


def test_not_stable_reads_only_the_last_known_trend() -> None:
    v = visits(
        (days_before(MMI, 40), "improving"),
        (days_before(MMI, 20), "unchanged"),
        (days_before(MMI, 5), "unknown"),
    )
    assert fire("NOT_STABLE", make_case(visit_list=v)) == []
    v2 = visits(
        (days_before(MMI, 40), "unchanged"),
        (days_before(MMI, 20), "worsening"),
        (days_before(MMI, 5), "unknown"),
    )
    (flag,) = fire("NOT_STABLE", make_case(visit_list=v2))
    assert flag.facts["visit_date"] == days_before(MMI, 20)
    assert "getting worse" in flag.text(Language.EN).explanation
    assert "empeorando" in flag.text(Language.ES).explanation


def test_not_stable_needs_a_known_trend() -> None:
    assert fire("NOT_STABLE", make_case(visit_list=visits((days_before(MMI, 5), "unknown")))) == []
    assert fire("NOT_STABLE", make_case(visit_list=[])) == []
    # a visit after the declaration does not count
    assert fire("NOT_STABLE", make_case(visit_list=visits((days_after(MMI, 1), "improving")))) == []


# ------------------------------------------------------------------ BODY_PARTS_NOT_ADDRESSED


def test_each_missing_body_part_gets_its_own_flag() -> None:
    case = make_case(body_parts=["Left Shoulder", "neck", "lumbar  spine", "NECK"])
    flags = fire("BODY_PARTS_NOT_ADDRESSED", case)
    assert [f.evidence for f in flags] == [("body_part:neck",), ("body_part:lumbar spine",)]
    assert flags[0].facts["body_part"] == "neck"
    assert flags[0].facts["covered"] == ["left shoulder"]
    assert "“neck”" in flags[0].text(Language.EN).explanation
    assert "«neck»" in flags[0].text(Language.ES).explanation


def test_body_parts_compare_without_case_or_extra_spaces() -> None:
    m = declaration(body_parts=["  LEFT   shoulder"])
    assert fire("BODY_PARTS_NOT_ADDRESSED", make_case(declarations=[m])) == []


# -------------------------------------------------------------- NOT_TREATING_OR_EVALUATOR


@pytest.mark.parametrize(
    ("provider", "fires"),
    [
        ("ptp", False),
        ("qme", False),
        ("spec", True),
        ("ins", True),
        (None, False),
        ("nobody", False),
    ],
)
def test_not_treating_or_evaluator(provider: str | None, fires: bool) -> None:
    providers = [
        Provider("ptp", "Dr. A", ProviderRole.PTP),
        Provider("qme", "Dr. B", ProviderRole.QME),
        Provider("spec", "Dr. C", ProviderRole.SPECIALIST),
        Provider("ins", "Dr. D", ProviderRole.INSURER_EXAMINER),
    ]
    case = make_case(providers=providers, declarations=[declaration(provider=provider)])
    flags = fire("NOT_TREATING_OR_EVALUATOR", case)
    assert bool(flags) is fires
    if fires:
        assert flags[0].evidence == (f"provider:{provider}",)
        assert flags[0].facts["provider"] in ("Dr. C", "Dr. D")


def test_ame_may_declare_mmi() -> None:
    case = make_case(
        providers=[Provider("ame", "Dr. E", ProviderRole.AME)],
        declarations=[declaration(provider="ame")],
    )
    assert fire("NOT_TREATING_OR_EVALUATOR", case) == []


# ----------------------------------------------------------------------- LITTLE_TREATMENT


@pytest.mark.parametrize(("count", "fires"), [(0, True), (1, True), (2, True), (3, False)])
def test_little_treatment_boundary(count: int, fires: bool) -> None:
    before = [(days_before(MMI, 10 * (i + 1)), "unchanged") for i in range(count)]
    after = [(days_after(MMI, 10), "unchanged")]  # the record has visits, just not before D
    flags = fire("LITTLE_TREATMENT", make_case(visit_list=visits(*before, *after)))
    assert bool(flags) is fires
    if fires:
        assert flags[0].facts["count"] == count
        assert len(flags[0].evidence) == count
        assert flags[0].severity is Severity.LOW


def test_little_treatment_counts_a_visit_on_the_declaration_date() -> None:
    v = visits(
        (days_before(MMI, 20), "unchanged"), (days_before(MMI, 10), "unchanged"), (MMI, "unchanged")
    )
    assert fire("LITTLE_TREATMENT", make_case(visit_list=v)) == []


def test_little_treatment_does_not_fire_without_any_visit_data() -> None:
    assert fire("LITTLE_TREATMENT", make_case(visit_list=[])) == []


def test_min_visits_threshold_is_used() -> None:
    assert len(fire("LITTLE_TREATMENT", make_case(), min_visits=4)) == 1
    assert fire("LITTLE_TREATMENT", make_case(), min_visits=3) == []


# ---------------------------------------------------------------------- INCOMPLETE_REPORT


def test_incomplete_report_lists_every_gap_in_one_flag() -> None:
    m = declaration(
        body_parts=["left shoulder", "neck"],
        future_medical=None,
        impairments=[impairment("left shoulder", 6, apportionment=None)],
    )
    (flag,) = fire(
        "INCOMPLETE_REPORT", make_case(body_parts=["left shoulder", "neck"], declarations=[m])
    )
    assert flag.evidence == ("declaration:m1:future_medical", "body_part:neck", "impairment:m1:0")
    assert flag.facts["future_medical_missing"] is True
    assert flag.facts["body_parts_without_impairment"] == ["neck"]
    assert flag.facts["impairments_without_apportionment"] == ["left shoulder"]
    en = flag.text(Language.EN).explanation
    assert "future medical care" in en and "“neck”" in en and "LC 4663(c)" in en
    assert "atención médica futura" in flag.text(Language.ES).explanation


@pytest.mark.parametrize(
    "change",
    ["future_medical", "impairment", "apportionment"],
)
def test_incomplete_report_fires_on_each_gap_alone(change: str) -> None:
    m = declaration(body_parts=["left shoulder"])
    if change == "future_medical":
        m.future_medical = None
    elif change == "impairment":
        m.impairments = [
            impairment("LEFT shoulder "),
        ]
        m.body_parts = ["left shoulder", "neck"]
    else:
        m.impairments = [impairment(apportionment=None)]
    assert len(fire("INCOMPLETE_REPORT", make_case(declarations=[m]))) == 1


def test_a_complete_report_is_not_flagged() -> None:
    m = declaration(
        future_medical=False, impairments=[impairment(" Left  Shoulder", apportionment=0)]
    )
    assert fire("INCOMPLETE_REPORT", make_case(declarations=[m])) == []


# --------------------------------------------------------------------------- across rules


def test_a_treatment_is_flagged_once_per_declaration_by_the_most_severe_rule() -> None:
    # A surgery completed 30 days before MMI and scheduled again for a revision.
    t = treatment(
        "t1", "surgery", (days_before(MMI, 30), "completed"), (days_before(MMI, 5), "scheduled")
    )
    flags = evaluate(make_case(treatments=[t]), AS_OF)
    assert [(f.rule, f.evidence) for f in flags] == [("SURGERY_PENDING", ("t1",))]
    # alone, RECENT_SURGERY would fire on it
    assert len(fire("RECENT_SURGERY", make_case(treatments=[t]))) == 1


def test_each_declaration_is_read_on_its_own_date() -> None:
    t = treatment("t1", "surgery", (d("2024-06-01"), "recommended"), (d("2024-10-01"), "completed"))
    m1 = declaration("m1", d("2024-07-01"))
    m2 = declaration("m2", d("2025-06-01"))
    # a visit after the surgery, so the physician examined the client before m2
    seen = [*steady_visits(m1.date), *visits((d("2025-05-01"), "unchanged"))]
    case = make_case(treatments=[t], declarations=[m1, m2], visit_list=seen)
    flags = evaluate(case, AS_OF)
    assert [(f.rule, f.declaration) for f in flags] == [("SURGERY_PENDING", "m1")]


def test_every_flag_has_both_languages_and_no_unfilled_placeholder() -> None:
    D = days_after(DOI, 30)
    t = [
        treatment("t1", "surgery", (days_before(D, 3), "denied")),
        treatment("t2", "diagnostic", (days_before(D, 3), "imr_requested")),
        treatment(
            "t3",
            "therapy",
            (days_before(D, 3), "modified"),
            authorized_visits=6,
            completed_visits=2,
        ),
        treatment("t4", "referral", (days_before(D, 3), "imr_overturned")),
        treatment("t5", "medication", (days_before(D, 3), "recommended")),
        treatment("t6", "surgery", (days_after(D, 3), "requested")),
        treatment("t7", "surgery", (days_before(D, 100), "completed"), body_part="neck"),
        treatment(
            "t8", "referral", (days_before(D, 3), "requested"), description="Surgical consult"
        ),
        treatment("t9", "injection", (days_before(D, 4), "completed"), body_part=None),
    ]
    m = declaration(
        provider="spec",
        day=D,
        future_medical=False,
        impairments=[impairment(apportionment=None)],
    )
    m.report_date = days_after(D, 45)
    case = make_case(
        treatments=t,
        body_parts=["left shoulder", "neck", "psyche"],
        declarations=[m],
        visit_list=[
            Visit(days_before(D, 6), "spec", Trend.UNCHANGED),
            *visits((days_before(m.date, 2), "improving")),
        ],
    )
    flags = evaluate(case, AS_OF)
    assert {f.rule for f in flags} == {r.id for r in RULES}
    for flag in flags:
        for lang in (Language.EN, Language.ES):
            text = flag.text(lang)
            for piece in (text.title, text.explanation, *text.actions):
                assert piece.strip()
                assert not re.search(r"[{}]", piece), piece
        assert flag.text(Language.EN).explanation != flag.text(Language.ES).explanation
        # dates in English text are MM/DD/YYYY, never the ISO form
        assert not re.search(r"\d{4}-\d{2}-\d{2}", flag.text(Language.EN).explanation)
        if flag.severity is Severity.HIGH:
            assert any("LC 4062(a)" in a for a in flag.text(Language.EN).actions)
            assert flag.facts["objection_due"] is not None

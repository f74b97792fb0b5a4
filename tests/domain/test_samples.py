"""The sample cases in resources/samples/: they read, they cover the rule catalogue, and the
analysis gives each the rules its manifest intends (as of 2026-11-27, default thresholds)."""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.model import (
    Case,
    Language,
    MMIDeclaration,
    ProviderRole,
    TreatmentCategory,
    TreatmentStatus,
    Trend,
)
from mmi_desktop.domain.pdrs import occupations, schedule
from mmi_desktop.domain.rating import rate_case

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"
GENERATOR = ROOT / "tools" / "make_samples.py"
ANALYSIS = ROOT / "mmi_desktop" / "domain" / "analysis.py"
AS_OF = date(2026, 11, 27)

# premature-mmi-rules.md, in catalogue order.
CATALOGUE = (
    "SURGERY_PENDING",
    "DIAGNOSTICS_PENDING",
    "SURGERY_AFTER_MMI",
    "THERAPY_INCOMPLETE",
    "REFERRAL_PENDING",
    "TREATMENT_PENDING",
    "RECENT_SURGERY",
    "EARLY_MMI",
    "NOT_STABLE",
    "BODY_PARTS_NOT_ADDRESSED",
    "NOT_TREATING_OR_EVALUATOR",
    "LITTLE_TREATMENT",
    "INCOMPLETE_REPORT",
)

MANIFEST = json.loads((SAMPLES / "samples.manifest").read_text(encoding="utf-8"))
ENTRIES = {entry["file"]: entry for entry in MANIFEST["samples"]}
NAMES = sorted(ENTRIES)


def _case(name: str) -> Case:
    return load_case(SAMPLES / name, today=AS_OF)


def test_manifest_lists_exactly_the_sample_files() -> None:
    on_disk = sorted(p.name for p in SAMPLES.glob("*.json"))  # the case files only
    assert on_disk == NAMES
    assert MANIFEST["as_of"] == AS_OF.isoformat()


def test_files_are_what_the_generator_writes() -> None:
    spec = importlib.util.spec_from_file_location("_make_samples_under_test", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    try:
        spec.loader.exec_module(module)
        files, manifest = module.build()
    finally:
        del sys.modules[spec.name]
    assert sorted(files) == NAMES
    for name, text in files.items():
        assert (SAMPLES / name).read_text(encoding="utf-8") == text, name
    manifest_file = SAMPLES / "samples.manifest"
    assert manifest_file.read_text(encoding="utf-8") == module.manifest_text(manifest)


@pytest.mark.parametrize("name", NAMES)
def test_sample_reads(name: str) -> None:
    case = _case(name)
    entry = ENTRIES[name]
    assert entry["language"] == case.client.language.value
    assert set(entry["rules"]) <= set(CATALOGUE), name
    assert len(entry["rules"]) == len(set(entry["rules"]))
    assert entry["why"].strip()


def test_enough_samples_in_both_languages() -> None:
    cases = [_case(name) for name in NAMES]
    assert len(cases) >= 20
    languages = [c.client.language for c in cases]
    assert languages.count(Language.ES) >= len(cases) // 3
    assert languages.count(Language.EN) >= len(cases) // 3


def test_manifest_covers_every_rule_and_clean_cases() -> None:
    covered = {rule for entry in ENTRIES.values() for rule in entry["rules"]}
    assert covered == set(CATALOGUE)
    clean = [name for name in NAMES if not ENTRIES[name]["rules"]]
    declared_clean = [name for name in clean if _case(name).mmi_declarations]
    treating = [name for name in clean if not _case(name).mmi_declarations]
    assert len(declared_clean) >= 3
    assert len(treating) >= 2


def test_samples_show_the_features_the_app_demonstrates() -> None:
    cases = [_case(name) for name in NAMES]
    declarations = [m for c in cases for m in c.mmi_declarations]
    assert any(c.claim.injury_type.value == "cumulative" for c in cases)
    assert any(not c.claim.represented for c in cases)
    # an injury from 2005-2012, rated with the schedule's Section 2 FEC ranks
    assert any(
        c.claim.date_of_injury.year < 2013
        and (latest := c.latest_declaration()) is not None
        and all(p.fec_rank is not None for p in rate_case(c, latest).parts)
        for c in cases
    )
    assert any(m.combine.value == "add" and m.combine_reason for m in declarations)
    assert any(m.pd_percent is not None and m.pd_percent >= 70 for m in declarations)
    assert sum(m.pd_percent is not None for m in declarations) >= 3
    assert any(
        not c.mmi_declarations and any(p.end is None for p in c.temporary_disability) for c in cases
    )
    assert any(len(c.client.full_name) >= 40 for c in cases)
    assert any(any(ch in (c.claim.employer or "") for ch in "&<>'") for c in cases)
    # a report received recently enough that its objection deadline is near
    assert any(
        m.report_received is not None and 0 <= (AS_OF - m.report_received).days <= 20
        for m in declarations
    )
    # no date after AS_OF other than scheduled entries (which load_case already enforces)
    for c in cases:
        assert 2019 <= c.claim.date_of_injury.year <= 2026 or c.claim.date_of_injury.year < 2013
    # the rating's own keys and rules
    impairments = [i for m in declarations for i in m.impairments]
    assert any(i.pain_add_on for i in impairments)
    assert any(i.prior_award_pct for i in impairments)
    assert any(i.final_rating is not None for i in impairments)
    ratings = [rate_case(c, m) for c in cases if (m := c.latest_declaration()) is not None]
    assert any(p.left_out is not None for r in ratings for p in r.parts)  # LC 4660.1(c)
    assert any(  # two impairments of one arm or leg, combined first
        len([p for p in r.parts if p.extremity])
        > len({p.extremity for p in r.parts if p.extremity})
        for r in ratings
    )


def test_samples_use_the_schedule_s_titles_numbers_and_birth_dates() -> None:
    titles = {(o.title.casefold(), o.group) for o in occupations()}
    numbers = schedule().impairments
    for name in NAMES:
        case = _case(name)
        claim = case.claim
        assert (str(claim.occupation).casefold(), claim.occupational_group) in titles, name
        assert case.client.date_of_birth is not None, name
        for m in case.mmi_declarations:
            assert all(i.impairment_number in numbers for i in m.impairments), name
        latest = case.latest_declaration()
        if latest is not None:
            rating = rate_case(case, latest)
            assert rating.complete and not rating.estimate, name


# ----------------------------------------------------------------------------- the catalogue
# A plain reading of premature-mmi-rules.md with the default thresholds, kept here so the
# manifest is checked even before (and independently of) the analysis engine.

_OPEN = {
    TreatmentStatus.RECOMMENDED,
    TreatmentStatus.REQUESTED,
    TreatmentStatus.UNDER_REVIEW,
    TreatmentStatus.AUTHORIZED,
    TreatmentStatus.MODIFIED,
    TreatmentStatus.IMR_REQUESTED,
    TreatmentStatus.IMR_OVERTURNED,
    TreatmentStatus.SCHEDULED,
    TreatmentStatus.IN_PROGRESS,
}
_PENDING_RULE = {
    TreatmentCategory.SURGERY: "SURGERY_PENDING",
    TreatmentCategory.DIAGNOSTIC: "DIAGNOSTICS_PENDING",
    TreatmentCategory.THERAPY: "THERAPY_INCOMPLETE",
    TreatmentCategory.REFERRAL: "REFERRAL_PENDING",
    TreatmentCategory.INJECTION: "TREATMENT_PENDING",
    TreatmentCategory.MEDICATION: "TREATMENT_PENDING",
    TreatmentCategory.OTHER: "TREATMENT_PENDING",
}
_STARTS = {TreatmentStatus.RECOMMENDED, TreatmentStatus.REQUESTED, TreatmentStatus.COMPLETED}


def _norm(part: str | None) -> str:
    return " ".join((part or "").split()).casefold()


def _catalogue(case: Case, m: MMIDeclaration) -> set[str]:
    day = m.date
    covered = {_norm(p) for p in m.body_parts}
    out: set[str] = set()
    for t in case.treatments:
        now = t.status_on(day)
        is_open = now is not None and (
            now.status in _OPEN
            or (now.status is TreatmentStatus.DENIED and (day - now.date).days < 30)
        )
        if is_open:
            out.add(_PENDING_RULE[t.category])
        if (
            t.category is TreatmentCategory.THERAPY
            and now is not None
            and now.status is TreatmentStatus.COMPLETED
            and t.completed_visits is not None
            and t.authorized_visits is not None
            and t.completed_visits < t.authorized_visits
        ):
            out.add("THERAPY_INCOMPLETE")
        if t.category is TreatmentCategory.SURGERY:
            starts = [h.date for h in t.history if h.status in _STARTS]
            if (
                starts
                and 0 < (starts[0] - day).days <= 365
                and (t.body_part is None or _norm(t.body_part) in covered)
            ):
                out.add("SURGERY_AFTER_MMI")
            if any(
                h.status is TreatmentStatus.COMPLETED and 0 <= (day - h.date).days < 180
                for h in t.history
            ):
                out.add("RECENT_SURGERY")
    if (day - case.claim.date_of_injury).days < 90:
        out.add("EARLY_MMI")
    known = [v for v in case.visits if v.date <= day and v.trend is not Trend.UNKNOWN]
    if known:
        last = max(known, key=lambda v: v.date)
        if (day - last.date).days <= 60 and last.trend in (Trend.IMPROVING, Trend.WORSENING):
            out.add("NOT_STABLE")
    if any(_norm(p) not in covered for p in case.claim.body_parts):
        out.add("BODY_PARTS_NOT_ADDRESSED")
    provider = case.provider(m.provider)
    if provider is not None and provider.role not in (
        ProviderRole.PTP,
        ProviderRole.QME,
        ProviderRole.AME,
    ):
        out.add("NOT_TREATING_OR_EVALUATOR")
    if sum(1 for v in case.visits if v.date <= day) < 3:
        out.add("LITTLE_TREATMENT")
    rated = {_norm(i.body_part) for i in m.impairments}
    if (
        m.future_medical is None
        or any(p not in rated for p in covered)
        or any(i.apportionment_pct is None for i in m.impairments)
    ):
        out.add("INCOMPLETE_REPORT")
    return out


@pytest.mark.parametrize("name", NAMES)
def test_manifest_matches_the_catalogue(name: str) -> None:
    case = _case(name)
    found: set[str] = set()
    for m in case.mmi_declarations:
        found |= _catalogue(case, m)
    assert found == set(ENTRIES[name]["rules"])


# ----------------------------------------------------------------------------- the engine


# Issue 12 changed the catalogue after the generator (tools/make_samples.py) wrote the
# manifest: for each sample it touches, the rules the engine now adds and drops, and why.
# The manifest itself is the generator's to rewrite.
ISSUE_12: dict[str, tuple[set[str], set[str], str]] = {
    "06-mendoza.json": (
        {"SURGICAL_CONSULT_PENDING"},
        {"REFERRAL_PENDING"},
        "the pending referral is to a hand surgeon: the new high rule takes it (item 13)",
    ),
    "09-patel.json": (
        {"FUTURE_MEDICAL_DENIED"},
        set(),
        "no future medical care, with a physical therapy course completed within the 60 days "
        "before MMI (item 13)",
    ),
    "20-navarro.json": (
        {"FUTURE_MEDICAL_DENIED", "NO_EXAM_AFTER_TREATMENT"},
        set(),
        "no future medical care right after physical therapy, which ended six days after the "
        "declaring physician's last visit (item 13)",
    ),
    "22-thompson.json": (
        {"SPECIALTY_NOT_EVALUATED"},
        {"REFERRAL_PENDING", "TREATMENT_PENDING"},
        "the psychology referral and the duloxetine trial are for the psyche, which the "
        "orthopedic QME's declaration does not cover (item 12); the pending psychology "
        "referral is the new high rule's evidence (item 13)",
    ),
    "17-salazar.json": (
        {"SPECIALTY_NOT_EVALUATED"},
        set(),
        "the claimed sleep disorder was rated by the orthopedic AME but never seen by sleep "
        "medicine (item 13); the schedule's rating leaves it out for a 2020 injury (LC 4660.1(c))",
    ),
    "23-guerrero.json": (
        {"FUTURE_MEDICAL_DENIED"},
        set(),
        "no future medical care, with hand therapy completed within the 60 days before MMI "
        "(item 13)",
    ),
}


def expected_rules(name: str) -> set[str]:
    added, dropped, why = ISSUE_12.get(name, (set(), set(), ""))
    return (set(ENTRIES[name]["rules"]) - dropped) | added


@pytest.mark.skipif(not ANALYSIS.exists(), reason="mmi_desktop/domain/analysis.py not written yet")
@pytest.mark.parametrize("name", NAMES)
def test_analysis_gives_the_manifest_rules(name: str) -> None:
    analysis = importlib.import_module("mmi_desktop.domain.analysis")
    result = analysis.analyze(_case(name), AS_OF)
    assert {flag.rule for flag in result.flags} == expected_rules(name)

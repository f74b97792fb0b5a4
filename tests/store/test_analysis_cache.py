"""The store's cached analysis: markers for the list, Needs attention, dismissals."""

from __future__ import annotations

import copy
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.model import Resolution, ResolutionKind, StatusChange, TreatmentStatus
from mmi_desktop.domain.results import Severity
from mmi_desktop.domain.thresholds import Thresholds
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import open_database
from mmi_desktop.store.settings import SettingsStore
from tests.conftest import DATA, EXAMPLES

TODAY = date(2026, 11, 27)


def example(name: str = "pending-surgery"):  # type: ignore[no-untyped-def]
    return load_case(EXAMPLES / f"{name}.json", today=TODAY)


@pytest.fixture
def cstore(db) -> CaseStore:  # type: ignore[no-untyped-def]
    return CaseStore(db, today=lambda: TODAY)


def test_markers_match_the_analysis(cstore: CaseStore) -> None:
    flagged = cstore.create(example("pending-surgery"))
    clean = cstore.create(example("clean"))
    marks = cstore.markers(as_of=date(2024, 7, 1))
    assert marks[flagged].top_severity is Severity.HIGH
    assert marks[flagged].flag_count == len(analyze(example(), TODAY).flags)
    # The nearest deadline on or after the day asked about.
    assert marks[flagged].next_deadline == date(2024, 7, 8)
    assert marks[flagged].next_deadline_kind == "PD_FIRST_PAYMENT"
    assert clean not in marks or marks[clean].flag_count == 0


def test_needs_attention_window(cstore: CaseStore) -> None:
    near = example("clean")
    near.client.last_name = "Near"
    far = example("clean")
    far.client.last_name = "Far"
    near_id, far_id = cstore.create(near), cstore.create(far)
    flagged_id = cstore.create(example("pending-surgery"))
    # NEW_AND_FURTHER for a DOI of 2022-08-30 is due 2027-08-30 (a Monday).
    as_of = date(2027, 8, 20)
    items = cstore.needs_attention(warning_days=14, as_of=as_of)
    ids = [i.case_id for i in items]
    assert near_id in ids and far_id in ids  # same deadline, both within 14 days
    # A high flag is listed regardless of deadlines, after the cases with a deadline.
    assert ids[-1] == flagged_id and items[-1].deadline is None
    assert items[-1].high_flags
    # Past the deadline, or far before it, the rated cases are not listed.
    assert {i.case_id for i in cstore.needs_attention(14, as_of=date(2027, 9, 1))} == {flagged_id}
    assert {i.case_id for i in cstore.needs_attention(14, as_of=date(2027, 6, 1))} == {flagged_id}


def _settled(kind: ResolutionKind):  # type: ignore[no-untyped-def]
    case = example("pending-surgery")
    case.resolution = Resolution(kind, signed=date(2024, 8, 1), approved=date(2024, 8, 20))
    return case


def test_a_settled_case_asks_for_no_attention_but_its_award_petition_date(
    cstore: CaseStore,
) -> None:
    """Once settled the MMI finding is not in question (docs/law.md 'Settlement'): no high flag
    and no objection or payment date in Needs attention; an award keeps the LC 5410 date."""
    live = cstore.create(example("pending-surgery"))
    award = cstore.create(_settled(ResolutionKind.STIPULATED_AWARD))
    release = cstore.create(_settled(ResolutionKind.COMPROMISE_AND_RELEASE))
    # The flags are still in the case's own analysis (the window shows them).
    assert analyze(_settled(ResolutionKind.STIPULATED_AWARD), TODAY).flags
    as_of = date(2024, 7, 1)
    assert {i.case_id for i in cstore.needs_attention(30, as_of=as_of)} == {live}
    marks = cstore.markers(as_of=as_of)
    assert marks[live].next_deadline_kind == "PD_FIRST_PAYMENT"
    assert marks[award].next_deadline_kind == "NEW_AND_FURTHER"
    assert release not in marks or marks[release].next_deadline is None
    doi = example("pending-surgery").claim.date_of_injury
    near_petition = date(doi.year + 5, doi.month, doi.day) - timedelta(days=5)
    assert award in {i.case_id for i in cstore.needs_attention(30, as_of=near_petition)}


def test_needs_attention_orders_nearest_deadline_first(cstore: CaseStore) -> None:
    first, second = example("clean"), example("clean")
    second.claim.date_of_injury = date(2022, 8, 23)  # NEW_AND_FURTHER one week earlier
    second.client.last_name = "Earlier"
    a, b = cstore.create(second), cstore.create(first)
    items = cstore.needs_attention(14, as_of=date(2027, 8, 20))
    assert [i.case_id for i in items] == [a, b]
    assert items[0].deadline < items[1].deadline


def test_dismissal_hides_flag_until_evidence_changes(cstore: CaseStore) -> None:
    case = example()
    case_id = cstore.create(case)
    flag = next(f for f in analyze(case, TODAY).flags if f.rule == "SURGERY_PENDING")
    cstore.dismiss_flag(case_id, case, flag, "Surgery was withdrawn by the physician by phone")
    assert cstore.dismissal_for(case_id, case, flag) is not None
    assert all(i.case_id != case_id for i in cstore.needs_attention(14, as_of=TODAY))
    audit = [r for r in cstore.audit(case_id) if r.action == "dismiss_flag"]
    assert len(audit) == 1 and "withdrawn" in (audit[0].new_value or "")

    # Unrelated edits keep it dismissed.
    edited = copy.deepcopy(case)
    edited.notes = "called the client"
    cstore.save(case_id, edited, 1)
    assert cstore.dismissal_for(case_id, edited, flag) is not None
    assert all(i.case_id != case_id for i in cstore.needs_attention(14, as_of=TODAY))

    # A change to the surgery's history brings the flag back.
    changed = copy.deepcopy(edited)
    changed.treatment("t2").history.append(StatusChange(date(2024, 7, 1), TreatmentStatus.DENIED))
    cstore.save(case_id, changed, 2)
    again = next(f for f in analyze(changed, TODAY).flags if f.rule == "SURGERY_PENDING")
    assert cstore.dismissal_for(case_id, changed, again) is None
    assert any(i.case_id == case_id for i in cstore.needs_attention(14, as_of=TODAY))


def test_dismissal_needs_a_reason(cstore: CaseStore) -> None:
    case = example()
    case_id = cstore.create(case)
    flag = analyze(case, TODAY).flags[0]
    with pytest.raises(ValueError, match="Reason"):
        cstore.dismiss_flag(case_id, case, flag, "   ")
    assert cstore.dismissals(case_id) == []


def test_changed_threshold_refreshes_the_cache(db, cstore: CaseStore) -> None:  # type: ignore[no-untyped-def]
    case = example("clean")
    # Declared 314 days after injury: EARLY_MMI fires only with a threshold above that.
    case_id = cstore.create(case)
    before = cstore.markers(TODAY).get(case_id)
    assert before is None or before.flag_count == 0
    SettingsStore(db).set_thresholds(Thresholds(early_mmi_days=400))
    cstore.forget_thresholds()
    assert cstore.refresh_analysis() == 1
    assert cstore.markers(TODAY)[case_id].flag_count == 1
    assert cstore.refresh_analysis() == 0  # nothing stale any more


def test_upgraded_first_schema_gets_analysed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(DATA / "frozen" / "schema-0001.sqlite", path)
    db = open_database(path)
    try:
        store = CaseStore(db, today=lambda: TODAY)
        assert store.markers(TODAY) == {}
        assert store.refresh_analysis() == 1
        assert store.markers(TODAY)[1].top_severity is Severity.HIGH
    finally:
        db.close()


def test_deleting_a_case_removes_its_cache(cstore: CaseStore) -> None:
    case_id = cstore.create(example())
    cstore.delete(case_id)
    assert cstore.markers(TODAY) == {}
    assert cstore.needs_attention(3650, as_of=date(2020, 1, 1)) == []


def test_due_dates_are_cached_exactly(cstore: CaseStore) -> None:
    case = example()
    case_id = cstore.create(case)
    result = analyze(case, TODAY)
    start = min(d.due for d in result.deadlines) - timedelta(days=1)
    items = cstore.needs_attention(5000, as_of=start)
    assert items[0].case_id == case_id
    assert items[0].deadline == min(d.due for d in result.deadlines)


def test_needs_attention_with_more_cases_than_sqlite_binds_at_once(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """However many cases need attention, Needs attention reads them (here SQLite allows 5
    bound values a statement, and 8 cases have a high flag)."""
    import sqlite3

    from sqlalchemy import event

    db = sqlite_db
    store = CaseStore(db, today=lambda: TODAY)
    ids = store.import_cases([example("pending-surgery") for _ in range(8)])
    db.engine.dispose()
    event.listen(
        db.engine,
        "connect",
        lambda conn, _rec: conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 5),
    )
    items = store.needs_attention(30, TODAY)
    assert sorted(i.case_id for i in items) == sorted(ids)
    assert all(i.display_name == "Gutierrez, Ana" for i in items)

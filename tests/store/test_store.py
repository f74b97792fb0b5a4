"""The local store: saving whole cases, versions, audit, refusal of bad databases."""

from __future__ import annotations

import copy
import os
import shutil
import sqlite3
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.errors import CaseError
from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.stage import Stage
from mmi_desktop.store.cases import CaseNotFoundError, CaseStore, StaleCaseError
from mmi_desktop.store.database import (
    NewerDatabaseError,
    NotADatabaseError,
    current_revision,
    head_revision,
    online_backup,
    open_database,
)
from mmi_desktop.store.settings import SettingsStore
from tests.conftest import DATA, EXAMPLES

TODAY = date(2026, 11, 27)


def example(name: str = "pending-surgery"):  # type: ignore[no-untyped-def]
    return load_case(EXAMPLES / f"{name}.json", today=TODAY)


def test_new_database_is_created_at_head_and_private(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        assert current_revision(db.engine) == head_revision()
        assert db.backup_made is None
        if os.name == "posix":
            assert db_path.stat().st_mode & 0o777 == 0o600
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.close()


def test_round_trip_through_the_store(store: CaseStore) -> None:
    case = example()
    case_id = store.create(case)
    stored = store.load(case_id)
    assert stored.case == case
    assert stored.version == 1
    assert stored.created_at == stored.updated_at


def test_summaries_come_from_columns(store: CaseStore) -> None:
    store.create(example("clean"))
    store.create(example("pending-surgery"))
    rows = store.summaries()
    assert [r.display_name for r in rows] == ["Gutierrez, Ana", "Wilson, Derek"]
    by_name = {r.last_name: r for r in rows}
    assert by_name["Wilson"].stage is Stage.RATED
    assert by_name["Gutierrez"].stage is Stage.AT_MMI
    assert by_name["Gutierrez"].claim_number == "C-20240212"


def test_save_bumps_version_and_audits_each_change(store: CaseStore) -> None:
    case = example()
    case_id = store.create(case)
    changed = copy.deepcopy(case)
    changed.claim.average_weekly_wage = Decimal("900.00")
    changed.client.phone = "(555) 555-0199"
    assert store.save(case_id, changed, 1) == 2
    rows = [r for r in store.audit(case_id) if r.action == "update"]
    assert {(r.path, r.old_value, r.new_value) for r in rows} == {
        ("claim.average_weekly_wage", '"880.00"', '"900.00"'),
        ("client.phone", '"(555) 555-0100"', '"(555) 555-0199"'),
    }
    assert all(r.os_user for r in rows)
    assert store.load(case_id).case == changed


def test_unchanged_save_writes_nothing(store: CaseStore) -> None:
    case_id = store.create(example())
    assert store.save(case_id, example(), 1) == 1
    assert [r.action for r in store.audit(case_id)] == ["create"]


def test_stale_save_is_refused_and_keeps_the_other_change(store: CaseStore) -> None:
    case_id = store.create(example())
    first = example()
    first.client.phone = "(555) 555-0111"
    store.save(case_id, first, 1)
    second = example()
    second.notes = "written from a window opened before the first save"
    with pytest.raises(StaleCaseError) as info:
        store.save(case_id, second, 1)
    assert "changed elsewhere since you opened it" in str(info.value)
    assert "client.phone" in info.value.changes
    assert store.load(case_id).case == first


def test_invalid_case_is_refused_and_nothing_written(store: CaseStore) -> None:
    case_id = store.create(example())
    bad = example()
    bad.mmi_declarations[0].impairments[0].wpi = Decimal(140)
    with pytest.raises(CaseError):
        store.save(case_id, bad, 1)
    with pytest.raises(CaseError):
        store.create(bad)
    assert store.count() == 1
    assert store.load(case_id).version == 1


def test_import_is_all_or_nothing(store: CaseStore) -> None:
    bad = example()
    bad.client.last_name = ""
    with pytest.raises(CaseError):
        store.import_cases([example("clean"), bad])
    assert store.count() == 0
    assert store.audit() == []


def test_delete_is_logged_and_trail_survives(store: CaseStore) -> None:
    case_id = store.create(example())
    store.delete(case_id)
    assert store.count() == 0
    assert [r.action for r in store.audit(case_id)] == ["create", "delete"]
    with pytest.raises(CaseNotFoundError):
        store.load(case_id)


def test_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"These are someone's notes, not a database.\n" * 50)
    before = path.read_bytes()
    with pytest.raises(NotADatabaseError) as info:
        open_database(path)
    assert "not an MMI Desktop database" in str(info.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite"]


def test_truncated_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "cut.sqlite"
    source = DATA / "frozen" / "schema-0001.sqlite"
    path.write_bytes(source.read_bytes()[:6000])
    before = path.read_bytes()
    with pytest.raises(NotADatabaseError):
        open_database(path)
    assert path.read_bytes() == before


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotADatabaseError):
        open_database(path)
    assert path.read_bytes() == before


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    shutil.copy(DATA / "frozen" / "schema-0001.sqlite", path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    path.chmod(0o600)
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError) as info:
        open_database(path)
    assert "newer version" in str(info.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newer.sqlite"]


def test_first_schema_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(DATA / "frozen" / "schema-0001.sqlite", path)
    original = path.read_bytes()
    db = open_database(path)
    try:
        assert current_revision(db.engine) == head_revision()
        if head_revision() != "0001":
            assert db.backup_made is not None and db.backup_made.exists()
            if os.name == "posix":
                assert db.backup_made.stat().st_mode & 0o777 == 0o600
            # The backup holds the same cases as the original.
            old = sqlite3.connect(db.backup_made)
            assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
            old.close()
        stored = CaseStore(db).load(1)
        assert stored.case.client.last_name == "Gutierrez"
    finally:
        db.close()
    assert original  # the frozen fixture itself was only copied


def test_online_backup_is_a_consistent_private_copy(sqlite_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = sqlite_db
    CaseStore(db).create(example())
    target = online_backup(db, tmp_path / "copy" / "backup.sqlite")
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    copy_db = open_database(target)
    try:
        assert CaseStore(copy_db).load(1).case == example()
    finally:
        copy_db.close()


def test_settings_round_trip_and_audit(db) -> None:  # type: ignore[no-untyped-def]
    settings = SettingsStore(db)
    assert settings.firm() == FirmDetails()
    firm = FirmDetails(name="Example Law Group", phone="(555) 555-0150", email="x@example.com")
    settings.set_firm(firm)
    assert SettingsStore(db).firm() == firm
    with pytest.raises(ValueError, match="email"):
        settings.set_firm(FirmDetails(email="not an address"))
    assert SettingsStore(db).firm() == firm
    assert [r.path for r in CaseStore(db).audit() if r.action == "settings"] == ["firm"]


def test_fast_head_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    from mmi_desktop.store.database import alembic_config, known_revisions

    scripts = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == scripts.get_current_head()
    assert known_revisions() == sorted(s.revision for s in scripts.walk_revisions())


def test_settings_save_is_all_or_nothing(db) -> None:  # type: ignore[no-untyped-def]
    from mmi_desktop.domain.thresholds import Thresholds

    settings = SettingsStore(db)
    with pytest.raises(ValueError, match="Backups to keep"):
        settings.save(firm=FirmDetails(name="Example Law Group"),
                      thresholds=Thresholds(min_visits=5), backup_keep=0)
    assert settings.firm() == FirmDetails()
    assert settings.thresholds() == Thresholds()
    settings.save(firm=FirmDetails(name="Example Law Group"),
                  thresholds=Thresholds(min_visits=5), backup_keep=3)
    assert (settings.firm().name, settings.thresholds().min_visits, settings.backup_keep()) == (
        "Example Law Group", 5, 3)


def test_migrations_build_exactly_the_models(db_url: str) -> None:
    """What Alembic builds (every migration from an empty database, SQLite or PostgreSQL)
    is what the models say: no index or column that exists in one and not the other."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from mmi_desktop.store.models import Base

    db = open_database(db_url)
    try:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        db.close()
    assert diff == []


def test_the_case_list_is_read_from_its_index_alone(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """The list query never reads the table (whose pages hold the documents)."""
    from mmi_desktop.store.records import LIST_SQL

    db = sqlite_db
    with db.engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + LIST_SQL))
    assert "COVERING INDEX ix_cases_list" in plan



def test_a_case_saved_by_a_pc_whose_clock_is_ahead_opens_on_one_behind(db) -> None:  # type: ignore[no-untyped-def]
    """'Not in the future' is checked when a case is saved, against the saving PC's clock; a
    case read back on a PC whose clock or time zone is a day behind is not called damaged."""
    import dataclasses

    from mmi_desktop.domain.model import Visit

    tomorrow = date.today() + timedelta(days=1)
    ahead = CaseStore(db, today=lambda: tomorrow)
    behind = CaseStore(db)  # this PC's own clock
    case = example()
    # A visit on the saving PC's "today", which this PC's clock has not reached.
    late = dataclasses.replace(case, visits=[*case.visits, Visit(date=tomorrow)])
    case_id = ahead.create(late)
    assert behind.load(case_id).case == late
    assert [s.id for s in behind.summaries()] == [case_id]
    # Saving it again on the PC that is behind is still checked against that PC's clock.
    with pytest.raises(CaseError, match="future"):
        behind.create(late)

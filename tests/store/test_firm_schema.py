"""Schema 0004 (the firm server) on both engines: the frozen schema-0003 file upgraded
whole, case numbers never given twice, the audit log append-only, a server database of a
newer schema refused."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from mmi_desktop.domain.casefile import load_case
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import (
    DatabaseError,
    NewerDatabaseError,
    current_revision,
    head_revision,
    open_database,
    to_url,
)
from mmi_desktop.store.settings import SettingsStore
from tests.conftest import DATA, EXAMPLES

TODAY = date(2026, 11, 27)


def example(name: str = "pending-surgery"):  # type: ignore[no-untyped-def]
    return load_case(EXAMPLES / f"{name}.json", today=TODAY)


def test_schema_0003_file_is_upgraded_keeping_every_row(tmp_path: Path) -> None:
    """The frozen 0003 file: 3 cases (the newest, number 4, was deleted), a dismissal, the
    firm's details. After the upgrade all are there, the rebuild of the cases table kept the
    rows that point at it, search_text is gone, and the next case is number 5, not 4."""
    path = tmp_path / "old.sqlite"
    shutil.copy(DATA / "frozen" / "schema-0003.sqlite", path)
    db = open_database(path)
    try:
        assert current_revision(db.engine) == head_revision()
        assert db.backup_made is not None and db.backup_made.exists()
        store = CaseStore(db)
        assert sorted(store.ids()) == [1, 2, 3]
        assert {s.last_name for s in store.summaries()} == {"Nguyen", "Ramírez Ochoa",
                                                             "Whitaker"}
        assert sum(len(store.dismissals(i)) for i in (1, 2, 3)) == 1
        assert SettingsStore(db).firm().name == "Example Law Group"
        assert [r.action for r in store.audit(4)] == ["import", "delete"]
        new_id = store.create(example())
        assert new_id == 5
        assert [r.action for r in store.audit(new_id)] == ["create"]  # not case 4's trail
        with db.engine.connect() as conn:
            columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(cases)")}
            assert "search_text" not in columns
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()


def test_a_deleted_newest_case_number_is_never_given_again(db) -> None:  # type: ignore[no-untyped-def]
    store = CaseStore(db)
    first = store.create(example("clean"))
    newest = store.create(example())
    store.delete(newest)
    again = store.create(example())
    assert again not in (first, newest)
    assert [r.action for r in store.audit(again)] == ["create"]


def test_documents_are_jsonb_on_the_server_and_text_in_the_file(db) -> None:  # type: ignore[no-untyped-def]
    store = CaseStore(db)
    case_id = store.create(example())
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "postgresql":
            kind = conn.execute(text("SELECT jsonb_typeof(document) FROM cases")).scalar()
            assert kind == "object"
            name = conn.execute(text(
                "SELECT document->'client'->>'last_name' FROM cases")).scalar()
            assert name == "Gutierrez"
        else:
            raw = conn.execute(text("SELECT document FROM cases")).scalar()
            assert isinstance(raw, str) and '"last_name":"Gutierrez"' in raw
    assert store.load(case_id).case == example()


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET new_value = NULL",
    "DELETE FROM audit_log",
])
def test_the_audit_log_is_append_only(db, statement: str) -> None:  # type: ignore[no-untyped-def]
    store = CaseStore(db)
    store.create(example())
    before = [(r.id, r.action, r.new_value) for r in store.audit()]
    with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
        conn.execute(text(statement))
    assert [(r.id, r.action, r.new_value) for r in store.audit()] == before


def test_a_server_database_of_a_newer_schema_is_refused_with_a_message(pg_url: str) -> None:
    db = open_database(pg_url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.close()
    with pytest.raises(NewerDatabaseError, match="newer version of MMI Desktop"):
        open_database(pg_url)


def test_a_server_holding_another_programs_tables_is_refused(pg_url: str) -> None:
    import psycopg

    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("CREATE TABLE recipes (name text)")
    with pytest.raises(DatabaseError, match="not one of MMI Desktop's"):
        open_database(pg_url)


def test_a_plain_postgresql_url_is_opened_with_psycopg() -> None:
    assert to_url("postgresql://anna@db.example/firm") == \
        "postgresql+psycopg://anna@db.example/firm"
    assert to_url("postgres://anna@db.example/firm") == \
        "postgresql+psycopg://anna@db.example/firm"
    assert to_url("postgresql+psycopg://anna@h/firm") == "postgresql+psycopg://anna@h/firm"


def test_an_unreachable_server_is_a_plain_error(pg_server) -> None:  # type: ignore[no-untyped-def]
    from tests.pgserver import free_port

    url = f"postgresql://nobody@127.0.0.1:{free_port()}/firm"
    with pytest.raises(DatabaseError) as info:
        open_database(url, create=False)
    assert "127.0.0.1" in str(info.value)


def test_the_frozen_file_itself_is_schema_0003() -> None:
    conn = sqlite3.connect(DATA / "frozen" / "schema-0003.sqlite")
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
    finally:
        conn.close()


def test_two_imports_of_the_same_files_at_once_on_a_server_make_each_case_once(
        pg_url: str, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from mmi_desktop.store.samples import sample_files

    open_database(pg_url).close()
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MMI_DESKTOP_HOME=str(tmp_path / "h"))
    files = [str(p) for p in sample_files()]
    procs = [subprocess.Popen([sys.executable, "-m", "mmi_desktop", "import", "--db", pg_url,
                               *(files if i == 0 else files[::-1])],
                              cwd=root, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) for i in range(2)]
    for proc in procs:
        proc.wait(300)
    db = open_database(pg_url)
    try:
        assert CaseStore(db).count() == len(files)
    finally:
        db.close()

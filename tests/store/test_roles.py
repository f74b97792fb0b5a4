"""Who may do what on the firm server (PostgreSQL's own roles and grants), and who the
audit log names on each engine."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from sqlalchemy import text

from mmi_desktop.cli import main
from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.services import firm_server
from mmi_desktop.store.cases import UNNAMED, CaseStore
from mmi_desktop.store.database import DatabaseError, NewerDatabaseError, open_database
from mmi_desktop.store.roles import RoleError
from mmi_desktop.store.settings import SettingsStore
from tests.conftest import EXAMPLES

TODAY = date(2026, 11, 27)


def example(name: str = "pending-surgery"):  # type: ignore[no-untyped-def]
    return load_case(EXAMPLES / f"{name}.json", today=TODAY)


@pytest.fixture
def firm(pg_server, pg_url: str):  # type: ignore[no-untyped-def]
    """A set-up server database with one case, a caseworker (anna), an admin (ben) and a
    login role without any grant (eve); {name: URL as that user}."""
    firm_server.setup(pg_url)
    firm_server.add_user(pg_url, "anna", "caseworker", "Anna Lopez")
    firm_server.add_user(pg_url, "ben", "admin", "Ben Ortiz")
    pg_server.admin("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'eve') "
                    "THEN CREATE ROLE eve LOGIN; END IF; END $$")
    owner = open_database(pg_url)
    CaseStore(owner).create(example())
    owner.close()
    database = pg_url.rsplit("/", 1)[1]
    return {"owner": pg_url, **{n: pg_server.url(database, user=n) for n in ("anna", "ben", "eve")}}


def opened(url: str):  # type: ignore[no-untyped-def]
    return open_database(url, create=False)


def test_a_caseworker_edits_cases_and_dismisses_flags_under_her_display_name(firm) -> None:  # type: ignore[no-untyped-def]
    db = opened(firm["anna"])
    try:
        store = CaseStore(db, today=lambda: TODAY)
        stored = store.load(1)
        changed = copy.deepcopy(stored.case)
        changed.client.phone = "(555) 555-0177"
        store.save(1, changed, stored.version)
        new_id = store.create(example("clean"))
        flag = analyze(changed, TODAY).flags[0]
        store.dismiss_flag(1, changed, flag, "Discussed with the treating doctor")
        assert {r.os_user for r in store.audit(1) if r.action != "create"} == {"Anna Lopez"}
        assert [r.os_user for r in store.audit(new_id)] == ["Anna Lopez"]
        assert [d.os_user for d in store.dismissals(1)] == ["Anna Lopez"]
    finally:
        db.close()


def test_a_caseworker_cannot_change_settings_or_delete_cases(firm) -> None:  # type: ignore[no-untyped-def]
    db = opened(firm["anna"])
    try:
        with pytest.raises(DatabaseError, match="may not do this"):
            SettingsStore(db).set_firm(FirmDetails(name="Not Allowed LLP"))
        with pytest.raises(DatabaseError, match="may not do this"):
            CaseStore(db).delete(1)
        assert CaseStore(db).count() == 1
        assert SettingsStore(db).firm() == FirmDetails()
    finally:
        db.close()


def test_an_admin_changes_settings_and_deletes_cases(firm) -> None:  # type: ignore[no-untyped-def]
    db = opened(firm["ben"])
    try:
        SettingsStore(db).set_firm(FirmDetails(name="Example Law Group"))
        CaseStore(db).delete(1)
        assert CaseStore(db).count() == 0
        trail = CaseStore(db).audit()
        assert [(r.action, r.os_user) for r in trail[-2:]] == [
            ("settings", "Ben Ortiz"), ("delete", "Ben Ortiz")]
    finally:
        db.close()


@pytest.mark.parametrize("who", ["anna", "ben", "owner"])
@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET os_user = 'someone else'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
])
def test_nobody_alters_the_audit_log(firm, who: str, statement: str) -> None:  # type: ignore[no-untyped-def]
    db = opened(firm[who])
    try:
        before = [(r.id, r.os_user) for r in CaseStore(db).audit()]
        assert before
        with pytest.raises(Exception, match="permission denied|append-only"), \
                db.engine.begin() as conn:
            conn.execute(text(statement))
        assert [(r.id, r.os_user) for r in CaseStore(db).audit()] == before
    finally:
        db.close()


def test_a_role_without_the_grants_cannot_read_cases(firm) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DatabaseError):
        db = opened(firm["eve"])
        try:
            CaseStore(db).summaries()
        finally:
            db.close()
    import psycopg

    plain = firm["eve"].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT document FROM cases")


def test_setup_is_idempotent_and_refuses_a_newer_schema(firm, capsys) -> None:  # type: ignore[no-untyped-def]
    url = firm["owner"].replace("postgresql+psycopg://", "postgresql://")
    assert main(["server", "setup", url]) == 0
    out = capsys.readouterr().out
    assert "up to date" in out and "were there" in out
    db = open_database(firm["owner"])
    try:
        assert CaseStore(db).count() == 1
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        db.close()
    with pytest.raises(NewerDatabaseError):
        firm_server.setup(firm["owner"])
    assert main(["server", "setup", url]) == 2
    assert "newer version" in capsys.readouterr().err


def test_add_user_by_the_command_line_and_a_change_of_role(firm, capsys) -> None:  # type: ignore[no-untyped-def]
    url = firm["owner"]
    assert main(["server", "add-user", "carla", "--role", "admin", "--display-name",
                 "Carla Diaz", "--db", url]) == 0
    assert "Added carla as admin" in capsys.readouterr().out
    assert main(["server", "add-user", "anna", "--role", "admin", "--db", url]) == 0
    assert "Updated anna" in capsys.readouterr().out
    db = opened(firm["anna"])
    try:
        CaseStore(db).delete(1)  # an admin now
    finally:
        db.close()
    assert main(["server", "add-user", "Robert'); DROP TABLE cases; --", "--role",
                 "caseworker", "--db", url]) == 2
    assert "User name" in capsys.readouterr().err
    with pytest.raises(RoleError, match="reserved"):
        firm_server.add_user(url, "mmi_admin", "caseworker")


def test_on_a_file_the_name_set_in_settings_else_the_os_user_never_root(
        db_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from mmi_desktop.store import cases

    db = open_database(db_path)
    try:
        store = CaseStore(db)
        monkeypatch.setattr(cases, "os_user", lambda: "root")
        first = store.create(example())
        assert [r.os_user for r in store.audit(first)] == [UNNAMED]
        monkeypatch.setattr(cases, "os_user", lambda: "maria")
        second = store.create(example("clean"))
        assert [r.os_user for r in store.audit(second)] == ["maria"]
        SettingsStore(db).set_caseworker_name("María Pérez")
        store.delete(second)
        assert store.audit(second)[-1].os_user == "María Pérez"
    finally:
        db.close()


def test_setup_by_a_user_who_may_not_create_roles_is_one_plain_error(
        pg_server, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    name = pg_server.fresh_database("noroles")
    pg_server.admin("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
                    "'plain_owner') THEN CREATE ROLE plain_owner LOGIN; END IF; END $$")
    pg_server.admin(f'ALTER DATABASE "{name}" OWNER TO plain_owner')
    pg_server.admin("GRANT ALL ON SCHEMA public TO plain_owner", database=name)
    url = pg_server.url(name, user="plain_owner").replace("postgresql+psycopg", "postgresql")
    assert main(["server", "setup", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Error: {url}: this user may not create or grant roles")
    assert "createrole" in err and "Traceback" not in err
    assert main(["server", "add-user", "zoe", "--role", "caseworker", "--db", url]) == 2
    assert "may not create or grant roles" in capsys.readouterr().err

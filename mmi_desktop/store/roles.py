"""The firm server's roles: who may do what, by PostgreSQL's own grants (no home-made
login). `mmi_caseworker` reads and edits cases and dismisses flags; `mmi_admin` may also
change the firm's settings and delete cases. Each caseworker is a login role that is a
member of one of them; its display name (what the audit log shows) is in `caseworkers`.
Nobody may change or remove audit rows: they are granted SELECT and INSERT only, and a
trigger (migration 0004) refuses UPDATE, DELETE and TRUNCATE even to the tables' owner."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from mmi_desktop.store.database import Database
from mmi_desktop.store.dbfile import DatabaseError

CASEWORKER = "mmi_caseworker"
ADMIN = "mmi_admin"
ROLES = {"caseworker": CASEWORKER, "admin": ADMIN}

# (tables, privileges) of each group role; the admin is a member of the caseworker too.
GRANTS: dict[str, list[tuple[tuple[str, ...], str]]] = {
    CASEWORKER: [
        (("alembic_version", "settings", "caseworkers"), "SELECT"),
        (("cases",), "SELECT, INSERT, UPDATE"),
        (("case_flags", "case_deadlines"), "SELECT, INSERT, UPDATE, DELETE"),
        # A dismissal can be taken back (Restore; the audit log keeps it).
        (("flag_dismissals",), "SELECT, INSERT, DELETE"),
        (("audit_log",), "SELECT, INSERT"),
        # The agenda: marks (done, owner, note) and follow-ups, each change audit-logged.
        (("agenda_marks", "agenda_follow_ups"), "SELECT, INSERT, UPDATE, DELETE"),
    ],
    ADMIN: [
        (("settings",), "SELECT, INSERT, UPDATE, DELETE"),
        (("cases",), "DELETE"),
        (("caseworkers",), "SELECT, INSERT, UPDATE, DELETE"),
    ],
}

_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class RoleError(DatabaseError):
    """A role that cannot be made or given (a bad name, no right to create roles)."""


def check_role_name(name: str) -> str:
    if not _NAME.fullmatch(name or ""):
        raise RoleError(
            f"User name: {name!r} cannot be a database user here; use lower-case letters, "
            "digits and _ (starting with a letter or _), at most 63 characters"
        )
    if name.startswith("pg_") or name in (CASEWORKER, ADMIN, "postgres", "public"):
        raise RoleError(f"User name: {name!r} is reserved; choose another")
    return name


@contextmanager
def _granting(db: Database) -> Iterator[Connection]:
    """One transaction of role changes; a refusal by the server said in words."""
    try:
        with db.engine.begin() as conn:
            yield conn
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != "42501":
            raise
        detail = str(exc.orig).strip().splitlines()[0]
        raise RoleError(
            f"{db.location}: this user may not create or grant roles ({detail}). Nothing "
            "was changed. Run it as the database's owner with the right to create roles "
            "(createuser --createrole), or as PostgreSQL's administrator."
        ) from None


def _require_server(db: Database) -> None:
    if db.engine.dialect.name != "postgresql":
        raise RoleError(f"{db.location} is not a PostgreSQL server: roles are the server's.")


def _role_exists(conn: Connection, name: str) -> bool:
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first() \
        is not None


def ensure_roles(db: Database) -> list[str]:
    """Create the two group roles when missing and grant them their rights on this
    database (again: idempotent). Returns the roles created now."""
    _require_server(db)
    created: list[str] = []
    with _granting(db) as conn:
        for role in (CASEWORKER, ADMIN):
            if not _role_exists(conn, role):
                conn.execute(text(f"CREATE ROLE {role} NOLOGIN"))
                created.append(role)
        conn.execute(text(f"GRANT {CASEWORKER} TO {ADMIN}"))
        database = conn.execute(text("SELECT current_database()")).scalar_one()
        quoted = '"' + str(database).replace('"', '""') + '"'
        for role in (CASEWORKER, ADMIN):
            conn.execute(text(f"GRANT CONNECT ON DATABASE {quoted} TO {role}"))
            conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
        conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {CASEWORKER}"))
        for role, grants in GRANTS.items():
            for tables, privileges in grants:
                conn.execute(text(f"GRANT {privileges} ON {', '.join(tables)} TO {role}"))
        # Nobody else reads the cases: no right on the tables for PUBLIC.
        conn.execute(text("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC"))
    return created


def add_user(db: Database, name: str, role: str, display_name: str | None = None) -> bool:
    """Make `name` a login role (when it is not one yet) in the group of `role` (and not
    the other), with its display name. No password is set or kept here: the admin gives
    one with the server's own tools (psql's \\password). Returns whether the role is new."""
    _require_server(db)
    check_role_name(name)
    if role not in ROLES:
        raise RoleError(f"Role: must be caseworker or admin, got {role!r}")
    shown = (display_name or "").strip() or name
    if len(shown) > 200:
        raise RoleError("Display name: at most 200 characters")
    group, other = ROLES[role], ROLES["admin" if role == "caseworker" else "caseworker"]
    with _granting(db) as conn:
        new = not _role_exists(conn, name)
        if new:
            conn.execute(text(f"CREATE ROLE {name} LOGIN"))
        conn.execute(text(f"GRANT {group} TO {name}"))
        conn.execute(text(f"REVOKE {other} FROM {name}"))
        conn.execute(text(
            "INSERT INTO caseworkers (role, display_name) VALUES (:r, :d) "
            "ON CONFLICT (role) DO UPDATE SET display_name = EXCLUDED.display_name"
        ), {"r": name, "d": shown})
    return new

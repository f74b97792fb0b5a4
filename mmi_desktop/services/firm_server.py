"""The firm server (PostgreSQL): setting it up, its caseworkers, and which PC makes the
daily backup. The command line calls these; the window will (File → Connect to the firm
server) as well.

Passwords never pass through here: each caseworker's is given the way libpq takes it (in
the URL, PGPASSWORD, or the pgpass file), and set by the admin with the server's own tools."""

from __future__ import annotations

from dataclasses import dataclass, field

from mmi_desktop.services.workspace import Workspace


@dataclass(frozen=True)
class SetupReport:
    location: str
    revision_before: str | None
    revision: str
    roles_created: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        if self.revision_before is None:
            schema = f"Created the schema (version {self.revision})"
        elif self.revision_before == self.revision:
            schema = f"The schema is up to date (version {self.revision})"
        else:
            schema = f"Upgraded the schema from version {self.revision_before} to {self.revision}"
        roles = (f"created the roles {', '.join(self.roles_created)}" if self.roles_created
                 else "the roles mmi_caseworker and mmi_admin were there")
        return [f"{schema} in {self.location};", f"{roles}, and granted their rights."]


def _server_workspace(url: str) -> Workspace:
    from mmi_desktop.store.database import open_database
    from mmi_desktop.store.dbfile import DatabaseError, to_url

    target = to_url(url)
    if not target.startswith("postgresql"):
        raise DatabaseError(f"{url} is not a PostgreSQL URL (postgresql://user@host/database).")
    return Workspace(open_database(target, migrate=False))


def setup(url: str) -> SetupReport:
    """Create or upgrade the schema of the database at `url` and the two roles, with their
    rights; again is harmless. A schema newer than this version's is refused, untouched."""
    from mmi_desktop.store.database import current_revision, upgrade_schema
    from mmi_desktop.store.dbfile import head_revision
    from mmi_desktop.store.roles import ensure_roles

    with _server_workspace(url) as ws:
        before = current_revision(ws.db.engine)
        upgrade_schema(ws.db)  # (refuses a newer schema or another program's tables first)
        created = ensure_roles(ws.db)
        return SetupReport(ws.db.location, before, head_revision(), created)


def add_user(url: str, name: str, role: str, display_name: str | None = None) -> bool:
    """Make `name` a caseworker or admin of the firm server; True when the role is new."""
    from mmi_desktop.store.roles import add_user as add

    with _server_workspace(url) as ws:
        return add(ws.db, name, role, display_name)

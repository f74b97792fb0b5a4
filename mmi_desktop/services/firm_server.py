"""The firm server (PostgreSQL): setting it up, its caseworkers, and which PC makes the
daily backup. The command line calls these; the window will (File → Connect to the firm
server) as well.

Passwords never pass through here: each caseworker's is given the way libpq takes it (in
the URL, PGPASSWORD, or the pgpass file), and set by the admin with the server's own tools."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from mmi_desktop.services.changes import Change
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


def server_workspace(url: str) -> Workspace:
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

    with server_workspace(url) as ws:
        before = current_revision(ws.db.engine)
        upgrade_schema(ws.db)  # (refuses a newer schema or another program's tables first)
        created = ensure_roles(ws.db)
        return SetupReport(ws.db.location, before, head_revision(), created)


def add_user(url: str, name: str, role: str, display_name: str | None = None) -> bool:
    """Make `name` a caseworker or admin of the firm server; True when the role is new."""
    from mmi_desktop.store.roles import add_user as add

    with server_workspace(url) as ws:
        return add(ws.db, name, role, display_name)


# ---------------------------------------------------------------- backups of the server
BACKUP_PC_KEY = "backup_pc"


def this_pc() -> str:
    import socket

    return socket.gethostname() or "this PC"


def server_backup_folder() -> Path:
    """Where this PC keeps its rotating snapshots of the server: the user data folder."""
    from mmi_desktop import paths

    return paths.data_dir() / "server-backups"


def backup_pc(ws: Workspace) -> str | None:
    """The PC that makes the server's daily backup (None: no PC makes one)."""
    name = ws.settings.get(BACKUP_PC_KEY)
    return name if isinstance(name, str) and name else None


def set_backup_pc(ws: Workspace, name: str | None) -> Change:
    """Name the one PC that makes the daily backup (an admin's setting on the server)."""
    ws.settings.put(BACKUP_PC_KEY, (name or "").strip() or None)
    return ws.settings_changed(False)


def backup_to(ws: Workspace, target: Path, *, replace: bool) -> Path:
    """A consistent snapshot of the server at `target`: pg_dump's format where installed
    (any name but .sqlite), else the app's SQLite format."""
    from mmi_desktop.store.server_backup import backup_server

    return backup_server(ws.db, Path(target), replace=replace)


def rotating_backup(ws: Workspace, folder: Path | None = None,
                    now: datetime | None = None) -> Path:
    """A snapshot in the app's format in this PC's folder, the newest `backup_keep` kept."""
    from mmi_desktop.store.server_backup import rotating_server_backup

    return rotating_server_backup(ws.db, folder or server_backup_folder(),
                                  ws.settings.backup_keep(), now)


def daily_backup_if_due(ws: Workspace, *, pc: str | None = None, folder: Path | None = None,
                        now: datetime | None = None) -> Path | None:
    """The daily automatic backup of the server, made by the one PC the settings name
    (none when unset: the server's own backups are then the admin's) once a day."""
    from mmi_desktop.store.server_backup import server_backups

    if ws.db.path is not None or backup_pc(ws) != (pc or this_pc()):
        return None
    folder = folder or server_backup_folder()
    now = now or datetime.now()
    newest = server_backups(ws.db, folder)[:1]
    if newest and now - datetime.fromtimestamp(newest[0].stat().st_mtime) < timedelta(days=1):
        return None
    return rotating_backup(ws, folder, now)

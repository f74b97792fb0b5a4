"""Backups and restore of the database."""

from __future__ import annotations

from pathlib import Path

from mmi_desktop.services.changes import Change
from mmi_desktop.services.workspace import Workspace


def backup_to(workspace: Workspace, target: Path, *, replace: bool) -> Path:
    """A consistent copy at `target`, safe while the app is open; never over the database
    itself, over another file only when `replace`."""
    from mmi_desktop.store.database import online_backup

    if workspace.db.path is None:  # the firm server: a snapshot (services.firm_server)
        from mmi_desktop.services import firm_server

        return firm_server.backup_to(workspace, Path(target), replace=replace)
    return online_backup(workspace.db, Path(target), replace=replace)


def rotating_backup(workspace: Workspace) -> Path:
    """A copy next to the database, the newest of the number Settings keeps."""
    from mmi_desktop.store.backups import make_backup

    if workspace.db.path is None:  # the firm server: kept in this PC's data folder
        from mmi_desktop.services import firm_server

        return firm_server.rotating_backup(workspace)
    return make_backup(workspace.db, workspace.settings.backup_keep())


def backup_if_due(workspace: Workspace) -> Path | None:
    """The daily automatic backup, when a day has passed since the last one."""
    from mmi_desktop.store.backups import backup_if_due as due

    if workspace.db.path is None:  # the firm server: by the one PC its settings name
        from mmi_desktop.services import firm_server

        return firm_server.daily_backup_if_due(workspace)
    return due(workspace.db, workspace.settings.backup_keep())


def restore(backup: Path, target: Path) -> tuple[Path | None, Change]:
    """Put `backup` in place of the database file `target` (checked first; the database
    that was there is kept, its new name returned)."""
    from mmi_desktop.store.backups import restore as put_back

    return put_back(Path(backup), Path(target)), Change.all()

"""Backups and restore of the database."""

from __future__ import annotations

from pathlib import Path

from mmi_desktop.services.changes import Change
from mmi_desktop.services.workspace import Workspace


def backup_to(workspace: Workspace, target: Path, *, replace: bool) -> Path:
    """A consistent copy at `target`, safe while the app is open; never over the database
    itself, over another file only when `replace`."""
    from mmi_desktop.store.database import online_backup

    return online_backup(workspace.db, Path(target), replace=replace)


def rotating_backup(workspace: Workspace) -> Path:
    """A copy next to the database, the newest of the number Settings keeps."""
    from mmi_desktop.store.backups import make_backup

    return make_backup(workspace.db, workspace.settings.backup_keep())


def backup_if_due(workspace: Workspace) -> Path | None:
    """The daily automatic backup, when a day has passed since the last one."""
    from mmi_desktop.store.backups import backup_if_due as due

    return due(workspace.db, workspace.settings.backup_keep())


def restore(backup: Path, target: Path) -> tuple[Path | None, Change]:
    """Put `backup` in place of the database file `target` (checked first; the database
    that was there is kept, its new name returned)."""
    from mmi_desktop.store.backups import restore as put_back

    return put_back(Path(backup), Path(target)), Change.all()

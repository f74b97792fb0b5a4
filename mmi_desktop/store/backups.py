"""Rotating backups next to the database, and restoring one without losing the current file.

Backups are `<stem>.backup-YYYYmmdd-HHMMSS.sqlite` beside `<stem>.sqlite`; the upgrade
copies (`<stem>.before-upgrade-*`) are never rotated away.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from mmi_desktop.store.database import Database, online_backup
from mmi_desktop.store.dbfile import DatabaseError, check_database_file, make_private

DEFAULT_KEEP = 10
KEEP_KEY = "backup_keep"


def backups_of(path: Path) -> list[Path]:
    """Backups kept next to a database, newest first (rotating ones and upgrade copies)."""
    found = {
        p
        for pattern in (f"{path.stem}.backup-*.sqlite", f"{path.stem}.before-upgrade-*")
        for p in path.parent.glob(pattern)
        if not p.name.endswith(".partial")
    }
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def rotating_backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.stem}.backup-*.sqlite"), reverse=True)


def make_backup(db: Database, keep: int = DEFAULT_KEEP, now: datetime | None = None) -> Path:
    """A consistent copy next to the database; only the newest `keep` are kept."""
    path = db.path
    if path is None:
        raise DatabaseError(f"Backups are made of SQLite databases only, not {db.location}.")
    if keep < 1:
        raise ValueError(f"Backups to keep: must be at least 1, got {keep}")
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
    online_backup(db, target)
    for old in rotating_backups(path)[keep:]:
        old.unlink(missing_ok=True)
    return target


def backup_if_due(db: Database, keep: int = DEFAULT_KEEP, every: timedelta = timedelta(days=1),
                  now: datetime | None = None) -> Path | None:
    """Make a backup when the newest rotating one is older than `every` (or there is none)."""
    path = db.path
    if path is None:
        return None
    now = now or datetime.now()
    newest = rotating_backups(path)[:1]
    if newest and now - datetime.fromtimestamp(newest[0].stat().st_mtime) < every:
        return None
    return make_backup(db, keep, now)


def restore(backup: Path, target: Path, now: datetime | None = None) -> Path | None:
    """Put a backup in place of the database at `target`.

    The backup is checked first (a SQLite file of this app, undamaged, not from a newer
    version); the current database, if any, is moved aside, never overwritten; returns
    where it was moved. The backup itself is left as it is."""
    backup, target = Path(backup), Path(target)
    if not backup.is_file():
        raise DatabaseError(f"There is no backup at {backup}.")
    check_database_file(backup)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    moved = None
    if target.exists():
        moved = target.with_name(f"{target.stem}.replaced-{stamp}{target.suffix}")
        for suffix in ("", "-wal", "-shm"):
            side = Path(str(target) + suffix)
            if side.exists():
                os.replace(side, Path(str(moved) + suffix))
    tmp = target.with_name(target.name + ".partial")
    shutil.copyfile(backup, tmp)
    make_private(tmp)
    os.replace(tmp, target)
    return moved

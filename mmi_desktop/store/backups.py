"""Rotating backups next to the database, and restoring one without losing the current file.

Backups are `<stem>.backup-YYYYmmdd-HHMMSS.sqlite` beside `<stem>.sqlite`; the upgrade
copies (`<stem>.before-upgrade-*`) are never rotated away.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from mmi_desktop.files import PARTIAL, remove_abandoned
from mmi_desktop.store.database import Database, copy_into_file, online_backup
from mmi_desktop.store.dbfile import (
    DatabaseError,
    DatabaseInUseError,
    NotADatabaseError,
    check_backup,
    check_database_file,
    make_private,
    read_only_uri,
)

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
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise DatabaseError(
            f"No backup can be kept beside the database: its folder {path.parent} is "
            "read-only here. Write the backup to another place (mmi-desktop backup -o FILE)."
        )
    remove_stale_partials(path)
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
    remove_stale_partials(path)  # at each start, even when no backup is due
    now = now or datetime.now()
    newest = rotating_backups(path)[:1]
    if newest and now - datetime.fromtimestamp(newest[0].stat().st_mtime) < every:
        return None
    return make_backup(db, keep, now)


def restore(backup: Path, target: Path, now: datetime | None = None) -> Path | None:
    """Put a backup in place of the database at `target`; returns where the database that
    was there was kept (`…replaced-<time>…`), or None when there was none.

    Nothing is moved before the backup has passed every check (`check_backup`), and never
    onto itself. A database in use by another program (a window, a command) is refused; one
    that is not is held under an exclusive lock while it is copied aside and the backup is
    written into it through SQLite, in one transaction of its own journal: a failure or a
    kill leaves the old database or the new one, whole, never neither. The backup itself
    is left as it is."""
    backup, target = Path(backup), Path(target)
    if _same_file(backup, target):
        raise DatabaseError(
            f"{backup} is the database itself: choose a backup file to restore. "
            "Nothing was changed."
        )
    check_backup(backup)
    if not target.parent.is_dir():
        raise DatabaseError(f"There is no folder {target.parent}. Nothing was changed.")
    remove_stale_partials(target)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    moved = target.with_name(f"{target.stem}.replaced-{stamp}{target.suffix}")
    if not target.exists():
        _copy_backup(backup, target)
        return None
    try:
        check_database_file(target)
    except NotADatabaseError:
        # Not a database any program could be using (damaged, or not SQLite): kept aside
        # under the replaced name, and the backup copied in its place.
        for suffix in ("", "-wal", "-shm"):
            side = Path(f"{target}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{moved}{suffix}"))
        _copy_backup(backup, target)
        return moved
    _restore_in_place(backup, target, moved)
    return moved


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _open_backup(backup: Path) -> sqlite3.Connection:
    """The backup, read-only (its own -wal file read with it, never checkpointed into it):
    a restore leaves the backup as it is."""
    connection: sqlite3.Connection = sqlite3.connect(read_only_uri(backup), uri=True)
    return connection


def _copy_backup(backup: Path, target: Path) -> None:
    source = _open_backup(backup)
    try:
        copy_into_file(source, target)
    except sqlite3.Error as exc:
        raise DatabaseError(f"The restore failed ({exc}). Nothing was changed.") from None
    finally:
        source.close()


def _restore_in_place(backup: Path, target: Path, moved: Path) -> None:
    live = sqlite3.connect(str(target), timeout=0, isolation_level=None)
    try:
        try:
            # Exclusive: no other connection may be open (leaving WAL needs that), and
            # none may start until this one closes; they wait, then see the backup.
            live.execute("PRAGMA locking_mode=EXCLUSIVE")
            mode = live.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
            live.execute("BEGIN EXCLUSIVE")
            live.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            mode = "in use"
        if str(mode).lower() != "delete":
            raise DatabaseInUseError(
                f"{target} is in use by another program (an MMI Desktop window or "
                "command): close it, then restore again. Nothing was changed."
            )
        try:
            copy_into_file(live, moved)
        except (sqlite3.Error, OSError) as exc:
            raise DatabaseError(
                f"The database could not be copied aside to {moved} ({_why(exc)}), so it "
                "was not replaced. Nothing was changed."
            ) from None
        source = _open_backup(backup)
        try:
            source.backup(live)
        except sqlite3.Error as exc:
            moved.unlink(missing_ok=True)
            raise DatabaseError(
                f"The restore failed ({_why(exc)}); {target} is as it was. "
                "Nothing was changed."
            ) from None
        finally:
            source.close()
    finally:
        live.close()
    make_private(moved)


def _why(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    return "the disk is full" if "full" in text.lower() or "no space" in text.lower() else text


def stale_partials(path: Path) -> list[Path]:
    """The partial copies of our own naming beside the database `path` (backups, upgrade
    copies, restores)."""
    patterns = (f"{path.stem}.backup-*{PARTIAL}", f"{path.stem}.before-upgrade-*{PARTIAL}",
                f"{path.stem}.replaced-*{PARTIAL}", f"{path.name}{PARTIAL}")
    return sorted({p for pattern in patterns for p in path.parent.glob(pattern)})


def remove_stale_partials(path: Path) -> list[Path]:
    """Remove what killed backups and restores left beside the database (and the journal
    SQLite kept for such a copy); a copy another process is writing now is left alone."""
    removed = remove_abandoned(stale_partials(path))
    for journal in path.parent.glob(f"*{PARTIAL}-journal"):
        if not Path(str(journal)[: -len("-journal")]).exists():
            journal.unlink(missing_ok=True)
            removed.append(journal)
    return removed

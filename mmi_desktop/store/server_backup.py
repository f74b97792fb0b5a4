"""Backups of a server database: a consistent snapshot, by pg_dump where it is installed,
else (or when asked for a .sqlite file) in the app's own SQLite format, which `restore`
puts back on a PC and `transfer` moves into a server again.

The snapshot in SQLite format is read in one REPEATABLE READ transaction: a save made on
another PC meanwhile is either wholly in it or not at all."""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from mmi_desktop.files import make_folder, partial_file
from mmi_desktop.store.database import Database, open_database
from mmi_desktop.store.dbfile import DatabaseError, make_private

SQLITE_SUFFIX = ".sqlite"


def pg_dump_program() -> str | None:
    """The newest pg_dump here (Debian keeps it in /usr/lib/postgresql/N/bin), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"),
                   key=lambda p: int(Path(p).parent.parent.name)
                   if Path(p).parent.parent.name.isdigit() else 0)
    return found[-1] if found else shutil.which("pg_dump")


@contextmanager
def snapshot(db: Database) -> Iterator[Database]:
    """`db` as one consistent, read-only moment: every session of the Database yielded
    runs in one REPEATABLE READ READ ONLY transaction of one connection."""
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            if db.engine.dialect.name == "postgresql":
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            yield Database(db.url, db.engine,
                           sessionmaker(bind=conn, expire_on_commit=False,
                                        join_transaction_mode="create_savepoint"))


def _refuse_existing(target: Path, replace: bool) -> None:
    if not replace and (target.exists() or target.is_symlink()):
        raise DatabaseError(f"{target} already exists; nothing was written. Choose another "
                            "file name, or remove that file first.")


def backup_as_sqlite(db: Database, target: Path, *, replace: bool = False) -> Path:
    """The server database as an MMI Desktop SQLite file at `target` (written aside and
    renamed when whole: a failure or a kill leaves no half backup under its name)."""
    from mmi_desktop.store.transfer import transfer

    target = Path(target)
    _refuse_existing(target, replace)
    make_folder(target.parent)
    with partial_file(target) as tmp:
        tmp.unlink()  # (the SQLite file is made by the open below, owner-only)
        copy = open_database(tmp)
        try:
            with snapshot(db) as moment:
                transfer(moment, copy)
        finally:
            copy.close()
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            conn.close()
        make_private(tmp)
        os.replace(tmp, target)
    return target


def backup_with_pg_dump(db: Database, target: Path, *, replace: bool = False) -> Path:
    """pg_dump's custom format at `target` (pg_restore reads it). The password, when the
    URL has one, goes to pg_dump through PGPASSWORD, never on its command line."""
    program = pg_dump_program()
    if program is None:
        raise DatabaseError("pg_dump is not installed here; write the backup as a .sqlite "
                            "file instead.")
    target = Path(target)
    _refuse_existing(target, replace)
    make_folder(target.parent)
    url = make_url(db.url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    conninfo = url.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False)
    with partial_file(target) as tmp:
        done = subprocess.run([program, "--format=custom", "--no-owner", f"--file={tmp}",
                               f"--dbname={conninfo}"],
                              env=env, capture_output=True, text=True, timeout=3600)
        if done.returncode != 0:
            raise DatabaseError(f"pg_dump could not back up {db.location}: "
                                f"{done.stderr.strip() or done.returncode}. Nothing was written.")
        make_private(tmp)
        os.replace(tmp, target)
    return target


def backup_server(db: Database, target: Path, *, replace: bool = False) -> Path:
    """A .sqlite target in the app's format; any other by pg_dump where installed, else
    in the app's format too (the name then ends in .sqlite)."""
    target = Path(target)
    if target.suffix != SQLITE_SUFFIX and pg_dump_program() is not None:
        return backup_with_pg_dump(db, target, replace=replace)
    if target.suffix != SQLITE_SUFFIX:
        target = target.with_name(target.name + SQLITE_SUFFIX)
    return backup_as_sqlite(db, target, replace=replace)


def rotating_server_backup(db: Database, folder: Path, keep: int,
                           now: datetime | None = None) -> Path:
    """A snapshot in the app's format in `folder`, named after the server's database; only
    the newest `keep` of that database are kept."""
    if keep < 1:
        raise ValueError(f"Backups to keep: must be at least 1, got {keep}")
    name = server_backup_stem(db)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    made = backup_as_sqlite(db, folder / f"{name}.backup-{stamp}{SQLITE_SUFFIX}")
    for old in server_backups(db, folder)[keep:]:
        old.unlink(missing_ok=True)
    return made


def server_backup_stem(db: Database) -> str:
    url = make_url(db.url)
    raw = f"{url.host or 'local'}-{url.database or 'postgres'}"
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in raw)


def server_backups(db: Database, folder: Path) -> list[Path]:
    """The rotating snapshots of this server database in `folder`, newest first."""
    return sorted(folder.glob(f"{server_backup_stem(db)}.backup-*{SQLITE_SUFFIX}"),
                  reverse=True)

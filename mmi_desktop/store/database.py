"""Opening the local database: create at head, back up and upgrade an older one, refuse
a newer one or a file that is not a database, and never overwrite either."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from mmi_desktop.files import make_folder, partial_file
from mmi_desktop.store.dbfile import (  # noqa: F401  (the store's names for them)
    MIGRATIONS,
    DatabaseError,
    NewerDatabaseError,
    NotADatabaseError,
    check_database_file,
    check_revision,
    head_revision,
    known_revisions,
    make_private,
    read_only_uri,
    to_url,
    writable,
)

if TYPE_CHECKING:
    from alembic.config import Config


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _on_connect_read_only(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA query_only=ON")  # a write is refused here, not by the disk
    cur.close()


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


@dataclass
class Database:
    """An open, up-to-date database: its engine and a session factory."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    backup_made: Path | None = None

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def location(self) -> str:
        """Where the database is, for people (a path, or the URL without a password)."""
        path = self.path
        if path:
            return str(path)
        url = make_url(self.url)
        if url.drivername.startswith("postgresql+"):  # as typed: postgresql://…
            url = url.set(drivername="postgresql")
        return url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed whole on success, rolled back whole on any error.
        A disk that refuses the write (read-only, full, locked) becomes a DatabaseError
        that says so in words; the transaction is rolled back, so nothing half-written."""
        try:
            with self.sessions() as session, session.begin():
                yield session
        except OperationalError as exc:
            raise DatabaseError(explain_operational_error(exc, self.location)) from exc
        except DBAPIError as exc:
            refused = refusal(exc, self.location)
            if refused is None:
                raise
            raise refused from exc

    def close(self) -> None:
        self.engine.dispose()


class NotAllowedError(DatabaseError):
    """The firm server refused a write or read this caseworker's role has no grant for."""


def refusal(exc: DBAPIError, location: str) -> DatabaseError | None:
    """A server's refusal said in words: no grant for this role (SQLSTATE 42501), or the
    audit log's append-only trigger; None for any other error."""
    orig = exc.orig
    state = getattr(orig, "sqlstate", None)
    detail = str(orig).strip().splitlines()[0] if orig is not None else str(exc)
    if state == "42501":
        return NotAllowedError(
            f"{location}: your role on the firm server may not do this ({detail}). Nothing "
            "was changed; the firm's admin gives the rights (mmi-desktop server add-user)."
        )
    if "append-only" in detail:
        return NotAllowedError(f"{location}: {detail}. Nothing was changed.")
    return None


def explain_operational_error(exc: OperationalError, location: str) -> str:
    text = str(exc.orig if exc.orig is not None else exc).lower()
    if "readonly" in text or "read-only" in text or "query_only" in text:
        why = ("the database is read-only here: reading works, but writing needs write "
               "access to the database file and its folder")
    elif "disk is full" in text or "database or disk is full" in text:
        why = "the disk is full"
    elif "locked" in text or "busy" in text:
        why = "another program is holding the database locked; try again in a moment"
    elif "unable to open" in text:
        why = "the database file cannot be opened (is the folder there and writable?)"
    elif "disk i/o" in text:
        why = "the disk reported an input/output error"
    else:
        why = str(exc.orig if exc.orig is not None else exc)
    return f"Could not write to {location}: {why}. Nothing was changed."


def _engine(url: str) -> Engine:
    """The engine of a URL, or a DatabaseError saying in words why there is none."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    shown = make_url(url).render_as_string(hide_password=True) if "://" in url else url
    try:
        return create_engine(url, future=True)
    except ImportError as exc:  # the URL's driver (e.g. psycopg for postgresql://) is missing
        raise DatabaseError(
            f"The database driver for {shown} is not installed ({exc.name or exc}). "
            "Install it, or use a SQLite database file."
        ) from None
    except NoSuchModuleError:
        raise DatabaseError(f"{shown} is not a kind of database MMI Desktop can open.") from None
    except ArgumentError as exc:
        raise DatabaseError(f"{shown} is not a database address MMI Desktop can use "
                            f"({exc}).") from None


def open_database(
    path_or_url: str | Path, *, migrate: bool = True, create: bool = True
) -> Database:
    """Open (upgrading as needed) the database at a path or URL. A SQLite file that is not
    there is created with its folders when `create` is true (the window's first start, an
    import), and refused by name otherwise: a mistyped path never becomes a new database."""
    url = to_url(path_or_url)
    path = sqlite_path(url)
    revision = None
    if path is not None:
        if not create and (not path.is_file() or path.stat().st_size == 0):
            raise DatabaseError(
                f"There is no database at {path}"
                + (" (the file is empty)" if path.is_file() else "")
                + ". Check the path; a database is created by the window's first start or "
                "by importing case files."
            )
        if not path.exists():
            make_folder(path.parent)
        revision = check_database_file(path)
        if not path.exists():
            # Create the file owner-only before SQLite does, so it is never world-readable.
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        make_private(path)
    read_only = path is not None and not writable(path)
    if path is not None and read_only:
        if migrate and revision != head_revision():
            raise DatabaseError(
                f"{path} may only be read here (it or its folder is read-only), and it is "
                "from an older version of MMI Desktop: opening it upgrades it, which needs "
                "write access. Nothing was changed."
            )
    engine = _engine(
        f"sqlite:///{read_only_uri(path)}&uri=true" if path is not None and read_only else url
    )
    if path is not None:
        event.listen(engine, "connect", _on_connect_read_only if read_only else _on_connect)
    db = Database(url, engine, sessionmaker(engine, expire_on_commit=False))
    try:
        if path is None:
            _reach(db)
        # The file check read the schema version: an up-to-date file skips Alembic entirely.
        if migrate and not (path is not None and revision == head_revision()):
            db.backup_made = _migrate(db)
    except DBAPIError as exc:
        engine.dispose()
        refused = refusal(exc, db.location)
        if refused is None:
            raise
        raise refused from None
    except Exception:
        engine.dispose()
        raise
    return db


def _reach(db: Database) -> None:
    """Connect once to a server database, or say in words why it cannot be reached (no
    server there, a wrong user or password, no such database). The password is never
    shown: the location is the URL without it."""
    try:
        with db.engine.connect():
            pass
    except OperationalError as exc:
        reason = str(exc.orig if exc.orig is not None else exc).strip()
        reason = " ".join(line.strip() for line in reason.splitlines() if line.strip())
        raise DatabaseError(f"Could not connect to {db.location}: {reason}. Check the address, "
                            "that the server is running, and the user's password (given by "
                            "the URL, PGPASSWORD or the pgpass file).") from None


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_schema(db: Database) -> Path | None:
    """Bring an open database's schema to head (refusing a newer one or another program's
    tables); returns the backup made before an upgrade of a file, if any."""
    return _migrate(db)


def _migrate(db: Database) -> Path | None:
    """Bring the schema to head; returns the backup made before an upgrade, if any."""
    head = head_revision()
    revision = current_revision(db.engine)
    if db.path is None:  # a server database: the file checks could not run
        check_revision(db.location, revision,
                        set(inspect(db.engine).get_table_names()) - {"alembic_version"})
    if revision is None:
        _upgrade(db, "head")
        return None
    if revision == head:
        return None
    backup = None
    path = db.path
    if path is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = path.with_name(f"{path.stem}.before-upgrade-{revision}-{stamp}{path.suffix}")
        online_backup(db, backup)
    _upgrade(db, "head")
    return backup


def _upgrade(db: Database, target: str) -> None:
    from alembic import command  # loaded only when a schema has to change

    cfg = alembic_config()
    if db.path is None:
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
        return
    # SQLite: a migration that rebuilds a table (batch mode) drops the old one, which with
    # foreign keys on would delete every row pointing at it (flags, dismissals). They are
    # off while the schema changes (a pragma that only works outside a transaction), and
    # the rows are checked before the change is committed.
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DatabaseError(
                        f"Upgrading {db.location} would leave {len(broken)} rows pointing at "
                        "nothing; it was left as it was."
                    )
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


def online_backup(db: Database, target: Path, *, replace: bool = True) -> Path:
    """A consistent copy through SQLite's online backup API, safe while the app is open.

    Never over the database itself (or its journal files); over another existing file only
    when `replace` (the window's save dialog has asked; the command line has not)."""
    path = db.path
    if path is None:
        raise DatabaseError("Backups are made of SQLite databases only; this one is at "
                            f"{db.location}.")
    target = Path(target)
    if _is_database_file(path, target):
        raise DatabaseError(f"A backup cannot be written over the database itself ({target}); "
                            "choose another file name.")
    if not replace and (target.exists() or target.is_symlink()):
        raise DatabaseError(f"{target} already exists; nothing was written. Choose another "
                            "file name, or remove that file first.")
    make_folder(target.parent)
    # Read-only (and aware of the -wal file) when the database may not be written here.
    uri, options = connect_args(path)
    source = sqlite3.connect(uri, **options)
    try:
        copy_into_file(source, target)
    finally:
        source.close()
    return target


def _is_database_file(path: Path, target: Path) -> bool:
    """Whether `target` is the database file `path` or one of its journal files."""
    names = [path] + [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]
    for name in names:
        try:
            if target.exists() and name.exists() and os.path.samefile(target, name):
                return True
            if target.resolve() == name.resolve():
                return True
        except OSError:
            continue
    return False


def copy_into_file(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of an open SQLite database as the file `target`, written to
    `target.partial` first and renamed over it when whole: a failure or a kill leaves no
    half copy under the target's name, and a failure removes the partial too."""
    with partial_file(target) as tmp:
        dest = sqlite3.connect(str(tmp))
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
        make_private(tmp)
        os.replace(tmp, target)


def connect_args(path: Path) -> tuple[str, dict[str, Any]]:
    """How Python's sqlite3 opens the database file `path` to read it: read-write when the
    file and its folder may be written, else through a read-only URI."""
    if writable(path):
        return str(path), {}
    return read_only_uri(path), {"uri": True}

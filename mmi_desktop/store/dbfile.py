"""The database file, looked at without SQLAlchemy: where a URL points, which schema
versions this app knows, and the checks that refuse a file before anything writes to it.

Kept free of SQLAlchemy so that the window can read its case list straight from the file
and paint it while the database itself is opened in the background (see `records`)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_PREFIX = "sqlite:///"


class DatabaseError(Exception):
    """The database cannot be used; the message says why in words a person can act on."""


class NewerDatabaseError(DatabaseError):
    pass


class NotADatabaseError(DatabaseError):
    pass


class DatabaseInUseError(DatabaseError):
    """Another program (a window, a command) has the database open."""


def to_url(path_or_url: str | Path) -> str:
    """A SQLAlchemy URL from a file path or a URL (`sqlite:///…`, `postgresql://…`, which
    psycopg 3 opens)."""
    text = str(path_or_url)
    if "://" in text:
        # A server's plain URL (what libpq and psql take) is opened with psycopg 3.
        for plain in ("postgresql://", "postgres://"):
            if text.startswith(plain):
                return "postgresql+psycopg://" + text[len(plain):]
        return text
    return f"{SQLITE_PREFIX}{Path(text).expanduser().resolve()}"


def plain_sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///path` URL (what `to_url` makes of a path); None for
    anything else (a server, options in the URL, memory), which SQLAlchemy then parses."""
    if not url.startswith(SQLITE_PREFIX) or "?" in url:
        return None
    rest = url[len(SQLITE_PREFIX):]
    return Path(rest) if rest and rest != ":memory:" else None


def known_revisions() -> list[str]:
    """The schema revisions this version ships, oldest first, read from the migration file
    names (`0001_…py`): cheap, so an up-to-date database opens without loading Alembic."""
    return sorted(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def head_revision() -> str:
    return known_revisions()[-1]


def make_private(path: Path) -> None:
    """Owner-only permissions (0600 on POSIX): the file holds medical details. Only a file
    of our own is changed, and only when it needs it: another user's database (read here
    read-only) keeps its permissions."""
    if os.name != "posix":
        return
    try:
        info = path.stat()
        if info.st_uid == os.geteuid() and info.st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError:
        pass


def read_only_uri(path: Path, *, immutable: bool | None = None) -> str:
    """A URI that opens the file read-only: such a connection never writes to the file.
    Immutable (SQLite takes no locks and makes no -shm file) by default only where SQLite
    could not make its -shm file (a folder that may not be written, a read-only disk) and
    no -wal file is there, so no program has the database open to change it."""
    if immutable is None:
        immutable = not os.access(path.parent, os.W_OK) and not Path(f"{path}-wal").exists()
    return path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")


def writable(path: Path) -> bool:
    """Whether SQLite may write the database file: the file and its folder (for the
    journal) may both be written."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def looks_whole(path: Path) -> bool:
    """A cheap look at the header: a SQLite file at least as long as its header says. The
    full check (`check_database_file`) reads every page."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
        size = path.stat().st_size
    except OSError:
        return False
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count is valid when the change counter matches "version valid for".
    if header[24:28] == header[92:96]:
        return size >= pages * page_size
    return size > 0 and size % page_size == 0


def check_database_file(path: Path) -> str | None:
    """Refuse, without writing a byte to it, a file that is not a SQLite database, is
    damaged, is another program's database, or comes from a newer version of the app.
    Returns the file's schema revision (None for a new, empty file)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        result, tables, revision = _look(path, "quick_check")
    except _Unreadable as exc:
        if exc.kind == "not sqlite":
            raise NotADatabaseError(
                f"{path} is not an MMI Desktop database (it is not a SQLite file). "
                "It was left as it is. Choose another file, or restore a backup."
            ) from None
        if exc.kind == "cannot open":
            raise DatabaseError(
                f"{path} cannot be opened for reading ({exc.reason}). It was left as it is; "
                "check that you may read it and, when a -wal file is beside it, write to "
                "its folder."
            ) from None
        raise NotADatabaseError(
            f"{path} is damaged and cannot be opened ({exc.reason}). It was left as it is; "
            "restore it from a backup."
        ) from None
    if result != "ok":
        raise NotADatabaseError(
            f"{path} is damaged ({first_problem(result)}). It was left as it is; restore it "
            "from a backup."
        )
    check_revision(str(path), revision, tables - {"alembic_version"})
    return revision


# What every schema of the app has had since the first: a file without them is not one.
CORE_TABLES = frozenset({"cases", "audit_log", "settings"})


def check_backup(path: Path) -> str:
    """Refuse, before anything is moved, a file that is not a whole MMI Desktop database
    of a schema this version knows: missing, empty, not SQLite, without the app's schema
    version or tables, or failing SQLite's full integrity check. Returns its revision."""
    def refuse(why: str, kind: type[DatabaseError] = NotADatabaseError) -> DatabaseError:
        return kind(f"{path} cannot be restored: {why}. Nothing was changed.")

    if not path.is_file():
        raise refuse("there is no such file", DatabaseError)
    if path.stat().st_size == 0:
        raise refuse("the file is empty")
    try:
        result, tables, revision = _look(path, "integrity_check")
    except _Unreadable as exc:
        raise refuse({"not sqlite": "it is not a SQLite database file",
                      "cannot open": f"it cannot be opened for reading ({exc.reason})"}.get(
                          exc.kind, f"it is damaged ({exc.reason})")) from None
    if result != "ok":
        raise refuse(f"it is damaged ({first_problem(result)})")
    if revision is None:
        raise refuse("it is not an MMI Desktop database (it has no schema version)")
    if revision not in known_revisions():
        raise refuse(f"it was written by a newer version of MMI Desktop (schema {revision})",
                     NewerDatabaseError)
    missing = CORE_TABLES - tables
    if missing:
        raise refuse(f"it is not a whole MMI Desktop database (no {', '.join(sorted(missing))})")
    return revision


def _look(path: Path, check: str) -> tuple[str, set[str], str | None]:
    """(the check's answer, the tables, the schema revision) of a SQLite file, read
    through a read-only connection: the look never writes to the database."""
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise _Unreadable("cannot open", exc.strerror or str(exc)) from None
    if header != SQLITE_HEADER:
        raise _Unreadable("not sqlite", "")
    if has_hot_journal(path):
        _roll_back(path)
    # Immutable (no locks, no -shm) only when there is no write-ahead log beside it: a
    # -wal file holds committed changes (all of them, when a full disk stopped the
    # checkpoint), and a look that ignored it would call an intact database damaged.
    try:
        conn = sqlite3.connect(read_only_uri(path, immutable=not has_wal(path)), uri=True)
        try:
            row = conn.execute(f"PRAGMA {check}").fetchone()
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if "alembic_version" in tables:
                found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = found[0] if found else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        kind = "cannot open" if "unable to open" in str(exc) else "damaged"
        raise _Unreadable(kind, str(exc)) from None
    return (str(row[0]) if row else "no answer"), tables, revision


class _Unreadable(Exception):
    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(kind, reason)
        self.kind, self.reason = kind, reason


def first_problem(result: str) -> str:
    """The first problem SQLite's check names, on one line (it lists them one a line)."""
    lines = [line.strip() for line in result.splitlines()
             if line.strip() and not line.startswith("***")]
    more = f", and {len(lines) - 1} more" if len(lines) > 1 else ""
    return (lines[0] if lines else "no answer") + more


def has_hot_journal(path: Path) -> bool:
    """Whether a rollback journal beside the file may hold an unfinished change (a process
    killed while writing in DELETE mode: a restore, an upgrade copy)."""
    try:
        return Path(f"{path}-journal").stat().st_size > 0
    except OSError:
        return False


def _roll_back(path: Path) -> None:
    """Let SQLite undo the unfinished change a hot journal holds, as any open would: the
    file is then the database as it was before that change. (Read as it is, without the
    journal, it would look damaged.) Needs write access; without it the look goes on and
    says what it finds."""
    if not writable(path):
        return
    try:
        conn = sqlite3.connect(str(path), timeout=5)
        try:
            conn.execute("PRAGMA schema_version").fetchone()  # (the first read rolls back)
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # the look that follows says what is wrong


def has_wal(path: Path) -> bool:
    """Whether committed changes may wait in a write-ahead log beside the file."""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def check_revision(location: str, revision: str | None, tables: set[str]) -> None:
    """Refuse another program's database, or one written by a newer version of the app."""
    if revision is None:
        if tables:
            raise NotADatabaseError(
                f"{location} is a database, but not one of MMI Desktop's "
                f"(it has tables {', '.join(sorted(tables))} and no schema version). "
                "It was left as it is."
            )
        return
    if revision not in known_revisions():
        raise NewerDatabaseError(
            f"{location} was written by a newer version of MMI Desktop (schema "
            f"{revision}; this version knows up to {head_revision()}). It was left "
            "as it is: install the newer version to open it."
        )

"""A rotating log file in the user log folder; unexpected errors go there with a traceback.

Logging never stops the app: when the log folder cannot be written (read-only, full, a file
in its place), the log goes to a private folder in the temp folder instead, and failing
that to standard error, one line a record without tracebacks."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

from mmi_desktop import paths
from mmi_desktop.files import make_folder

_handler: logging.Handler | None = None
_path: Path | None = None
LOG_NAME = "mmi-desktop.log"


def log_file() -> Path:
    """Where the log is written (after `setup_logging`: the folder it could use)."""
    return _path if _path is not None else paths.log_dir() / LOG_NAME


def _private_temp_folder() -> Path:
    """A folder of this user's own in the temp folder, never one another user made."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    folder = Path(tempfile.gettempdir()) / f"mmi-desktop-logs-{uid if uid is not None else 'user'}"
    make_folder(folder)
    info = folder.lstat()
    if not folder.is_dir() or folder.is_symlink() or (uid is not None and info.st_uid != uid):
        raise PermissionError(f"{folder} is not this user's own folder")
    return folder


class _OneLine(logging.Formatter):
    """For standard error: the message only, no traceback (the person sees one sentence)."""

    def format(self, record: logging.LogRecord) -> str:
        return f"mmi-desktop: {record.levelname.lower()}: {record.getMessage()}"


def _file_handler(folder: Path) -> logging.Handler:
    import logging.handlers  # sockets and pickle come with it: loaded when first logged

    make_folder(folder)
    path = folder / LOG_NAME
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    if os.name == "posix" and path.stat().st_uid == os.getuid():
        os.chmod(path, 0o600)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send the app's log to a rotating file (1 MB × 5); safe to call more than once, and
    never raises. Returns the log file, or None when only standard error could be used."""
    global _handler, _path
    if _handler is not None:
        return _path
    handler: logging.Handler | None = None
    for where in (paths.log_dir, _private_temp_folder):
        try:
            folder = where()
            handler = _file_handler(folder)
        except OSError:
            continue
        _path = folder / LOG_NAME
        break
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_OneLine())
        handler.setLevel(logging.WARNING)
    _handler = handler
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    return _path


def unexpected(what: str, exc: BaseException) -> str:
    """Log an unexpected error with its traceback; return the short message for a person."""
    path = setup_logging()
    try:
        logging.getLogger("mmi_desktop").error("%s failed", what, exc_info=exc)
    except Exception:  # (a log that fails while writing: the message below still goes out)
        pass
    said = " ".join(str(exc).split()).rstrip(".")
    if isinstance(exc, OSError) and exc.strerror:
        said = exc.strerror + (f": {exc.filename}" if exc.filename else "")
    where = f"Details are in the log: {path}" if path else "No log could be written."
    if not said:
        return f"{what} failed unexpectedly. {where}"
    return f"{what} failed ({said}). {where}"

"""A rotating log file in the user log folder; unexpected errors go there with a traceback."""

from __future__ import annotations

import logging
from pathlib import Path

from mmi_desktop import paths

_handler: logging.Handler | None = None


def log_file() -> Path:
    return paths.log_dir() / "mmi-desktop.log"


def setup_logging(level: int = logging.INFO) -> Path:
    """Send the app's log to a rotating file (1 MB × 5); safe to call more than once."""
    global _handler
    path = log_file()
    if _handler is None:
        import logging.handlers  # sockets and pickle come with it: loaded when first logged

        _handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
        _handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        root = logging.getLogger()
        root.addHandler(_handler)
        root.setLevel(level)
    return path


def unexpected(what: str, exc: BaseException) -> str:
    """Log an unexpected error with its traceback; return the short message for a person."""
    path = setup_logging()
    logging.getLogger("mmi_desktop").error("%s failed", what, exc_info=exc)
    said = str(exc).rstrip()
    end = "" if said.endswith((".", "!", "?")) else "."
    return (f"{what} failed: {exc.__class__.__name__}: {said}{end} "
            f"Details are in the log: {path}")

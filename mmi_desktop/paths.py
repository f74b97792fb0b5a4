"""Where data lives: the user's data and log folders (platformdirs) and the shipped resources."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "MMI Desktop"
APP_AUTHOR = "MMI Desktop"

# The repository's resources/ folder (rate tables, letter text, sample cases, icons).
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """A file under resources/."""
    return RESOURCES.joinpath(*parts)


def _dirs() -> PlatformDirs:
    return PlatformDirs(APP_NAME, APP_AUTHOR)


def data_dir() -> Path:
    """The user data folder; MMI_DESKTOP_HOME overrides it (tests, portable installs). Not
    created here: only what creates a database creates its folder."""
    override = os.environ.get("MMI_DESKTOP_HOME")
    return Path(override) / "data" if override else Path(_dirs().user_data_dir)


def log_dir() -> Path:
    """The user log folder (not created here: the log creates it, or falls back)."""
    override = os.environ.get("MMI_DESKTOP_HOME")
    return Path(override) / "logs" if override else Path(_dirs().user_log_dir)


def default_database() -> Path:
    return data_dir() / "cases.sqlite"


def demo_database() -> Path:
    return data_dir() / "demo.sqlite"

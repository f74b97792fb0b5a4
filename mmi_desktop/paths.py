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
    """The user data folder; MMI_DESKTOP_HOME overrides it (tests, portable installs)."""
    override = os.environ.get("MMI_DESKTOP_HOME")
    path = Path(override) / "data" if override else Path(_dirs().user_data_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    override = os.environ.get("MMI_DESKTOP_HOME")
    path = Path(override) / "logs" if override else Path(_dirs().user_log_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database() -> Path:
    return data_dir() / "cases.sqlite"


def demo_database() -> Path:
    return data_dir() / "demo.sqlite"

"""Where data lives: the user's data and log folders (platformdirs) and the shipped resources."""

from __future__ import annotations

import atexit
import os
from contextlib import ExitStack
from functools import cache
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "MMI Desktop"
APP_AUTHOR = "MMI Desktop"

# The repository's top-level resources/ folder (rate tables, letter text and fonts, sample
# cases, icons): what a source checkout and an editable install read.
CHECKOUT_RESOURCES = Path(__file__).resolve().parent.parent / "resources"
_extracted = ExitStack()  # a real folder made for resources that are not files (a zip)
atexit.register(_extracted.close)


@cache
def resources_root() -> Path:
    """The resources folder: inside the package where the wheel or the application bundle
    put it (mmi_desktop/resources), else the checkout's top-level folder."""
    from importlib.resources import as_file, files

    packaged = files("mmi_desktop").joinpath("resources")
    if packaged.is_dir():
        # A plain folder as installed (as_file hands it back as it is); ReportLab's fonts,
        # the sample files' glob and the rate tables all want real paths.
        return _extracted.enter_context(as_file(packaged))
    return CHECKOUT_RESOURCES


def resource(*parts: str) -> Path:
    """A file (or folder) under resources/, as a real path."""
    return resources_root().joinpath(*parts)


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

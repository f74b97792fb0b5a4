"""Where data lives: the user's data and log folders (platformdirs) and the shipped resources."""

from __future__ import annotations

import atexit
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import PlatformDirs

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

APP_NAME = "MMI Desktop"
APP_AUTHOR = "MMI Desktop"

# The repository's top-level resources/ folder (rate tables, letter text and fonts, sample
# cases, icons): what a source checkout and an editable install read.
CHECKOUT_RESOURCES = Path(__file__).resolve().parent.parent / "resources"


@cache
def resources_root() -> Path:
    """The resources folder: inside the package where the wheel and the application bundle
    put it (mmi_desktop/resources), else the checkout's top-level folder. ReportLab's fonts,
    the samples' glob and Alembic want real paths: a package installed as plain files has
    them as they are (looked at first without importlib.resources, which costs the window's
    start some 8 ms); one that is not (a zip) has them copied out once, for the process."""
    packaged = Path(__file__).resolve().parent / "resources"
    if packaged.is_dir():
        return packaged
    if CHECKOUT_RESOURCES.is_dir():
        return CHECKOUT_RESOURCES
    from importlib.resources import files

    return _copied_out(files("mmi_desktop").joinpath("resources"))


def _copied_out(folder: Traversable) -> Path:
    """A real folder holding a copy of a resources folder, removed when the process ends.
    (importlib.resources.as_file takes folders only from Python 3.12.)"""
    import shutil
    import tempfile

    target = Path(tempfile.mkdtemp(prefix="mmi-desktop-resources-"))
    atexit.register(shutil.rmtree, target, ignore_errors=True)

    def copy(node: Traversable, into: Path) -> None:
        for child in node.iterdir():
            if child.is_dir():
                (into / child.name).mkdir()
                copy(child, into / child.name)
            else:
                (into / child.name).write_bytes(child.read_bytes())

    if not folder.is_dir():
        raise FileNotFoundError(f"MMI Desktop's resources are missing from {folder}")
    copy(folder, target)
    return target


def resource(*parts: str) -> Path:
    """A file (or folder) under resources/, as a real path."""
    return resources_root().joinpath(*parts)


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

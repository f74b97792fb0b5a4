"""The app's identity: its icon (SVG, PNG sizes, ICO), the Linux menu entry, one version."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from PIL import Image
from PySide6.QtGui import QImage

import mmi_desktop
from mmi_desktop import paths
from mmi_desktop.ui.app import app_icon

ROOT = Path(__file__).resolve().parents[2]
ICONS = paths.resource("icons")
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def test_the_icon_is_drawn_at_every_size_from_the_svg() -> None:
    assert (ICONS / "mmi-desktop.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    for size in PNG_SIZES:
        image = QImage(str(ICONS / f"mmi-desktop-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        corner, middle = image.pixelColor(0, 0), image.pixelColor(size // 2, size // 2)
        assert corner.alpha() == 0 and middle.alpha() == 255  # a rounded tile, drawn


def test_the_windows_icon_holds_the_sizes_windows_asks_for() -> None:
    with Image.open(ICONS / "mmi-desktop.ico") as ico:
        sizes = ico.info["sizes"]
    assert {(s, s) for s in (16, 24, 32, 48, 256)} <= sizes


def test_the_window_icon_has_every_size(qapp: object) -> None:
    icon = app_icon()
    assert {s.width() for s in icon.availableSizes()} == set(PNG_SIZES)


def test_the_linux_menu_entry_starts_the_installed_command() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    entry.read(ROOT / "packaging" / "linux" / "mmi-desktop.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert section["Type"] == "Application" and section["Name"] == "MMI Desktop"
    assert section["Exec"].split()[0] in scripts
    assert (ICONS / f"{section['Icon']}.svg").exists()
    validate = shutil.which("desktop-file-validate")
    if validate:  # desktop-file-utils, where installed, checks the rest of the format
        done = subprocess.run([validate, str(ROOT / "packaging/linux/mmi-desktop.desktop")],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_version_is_written_in_one_place() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "mmi_desktop.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", mmi_desktop.__version__)
    done = subprocess.run([sys.executable, "-m", "mmi_desktop", "--version"],
                          capture_output=True, text=True)
    assert done.stdout.strip() == f"mmi-desktop {mmi_desktop.__version__}"


def test_the_installer_reads_the_same_version() -> None:
    """The Inno Setup script is given the version by tools/build_bundle.py (from
    mmi_desktop.__version__), never a number of its own."""
    text = (ROOT / "packaging" / "mmi-desktop.iss").read_text(encoding="utf-8")
    assert "#define AppVersion" not in text
    assert "AppVersion={#AppVersion}" in text

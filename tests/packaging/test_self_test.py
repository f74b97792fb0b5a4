"""`mmi-desktop --self-test`: every step in a temporary folder, a clear failure."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from mmi_desktop import selftest
from mmi_desktop.cli import main

ROOT = Path(__file__).resolve().parents[2]
STEPS = (
    "a new database created",
    "the sample cases imported",
    "a client letter rendered with the shipped fonts",
    "the window started",
    "its letter shown in the PDF preview",
)


def test_the_self_test_passes_and_leaves_the_home_folder_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = dict(os.environ, MMI_DESKTOP_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "mmi_desktop", "--self-test"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    passed = [line for line in done.stdout.splitlines() if line.startswith("  ok  ")]
    assert [any(step in line for line in passed) for step in STEPS] == [True] * len(STEPS)
    assert done.stdout.rstrip().endswith("Self-test passed.")
    assert not home.exists()  # nothing of the person's: database, log, window settings


@pytest.fixture
def fonts_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The letter's font files are not where they should be (the letter falls back to
    Helvetica, which the self-test must catch)."""
    import mmi_desktop.letters.base as base
    import mmi_desktop.letters.scripts as scripts

    monkeypatch.setattr(scripts, "resource", lambda *parts: tmp_path.joinpath(*parts))
    scripts.fonts.cache_clear()
    base.styles.cache_clear()
    yield
    scripts.fonts.cache_clear()
    base.styles.cache_clear()


def test_a_failed_step_is_named_and_exits_1(
    capsys: pytest.CaptureFixture[str], home: Path, fonts_missing: None
) -> None:
    assert main(["--self-test"]) == selftest.EXIT_FAILED
    assert os.environ["MMI_DESKTOP_HOME"] == str(home)  # as it was before the self-test
    out = capsys.readouterr().out
    assert "  ok  the sample cases imported" in out
    assert "FAILED the letter fonts were not found in" in out
    assert "Self-test passed." not in out


def test_without_a_console_the_report_goes_to_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, home: Path, fonts_missing: None
) -> None:
    monkeypatch.setattr(sys, "stdout", None)  # a windowed program (the Windows bundle)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert selftest.run_self_test() == selftest.EXIT_FAILED
    report = (tmp_path / selftest.REPORT_NAME).read_text(encoding="utf-8")
    assert report.startswith("MMI Desktop ") and "FAILED the letter fonts" in report


def test_a_step_that_raises_is_reported_with_its_traceback() -> None:
    report = selftest.Report(io.StringIO())
    with pytest.raises(selftest.SelfTestFailed, match=r"opening: ValueError: broken"):
        with report.step("opening"):
            raise ValueError("broken")

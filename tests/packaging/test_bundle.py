"""The one-folder bundle: what tools/build_bundle.py checks in it, and (slow) the whole build
and the bundle's --self-test."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_bundle", ROOT / "tools/build_bundle.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_qt_the_app_does_not_use_is_found_in_a_bundle(tmp_path: Path) -> None:
    bundle = tmp_path / "mmi-desktop"
    kept = ["_internal/PySide6/Qt/lib/libQt6Core.so.6", "_internal/PySide6/Qt/lib/libQt6Pdf.so.6",
            "_internal/PySide6/QtPdfWidgets.abi3.so", "_internal/babel/locale-data/es_US.dat"]
    extra = ["_internal/PySide6/Qt/lib/libQt6Qml.so.6", "_internal/Qt6Quick.dll",
             "_internal/PySide6/Qt/lib/libQt6WebEngineCore.so.6",
             "_internal/PySide6/Qt/translations/qtbase_de.qm"]
    for name in kept + extra:
        (bundle / name).parent.mkdir(parents=True, exist_ok=True)
        (bundle / name).write_bytes(b"x")
    assert _tool().unwanted(bundle) == sorted(extra[:3] + ["_internal/PySide6/Qt/translations/"])


def test_the_installer_is_refused_off_windows() -> None:
    if sys.platform == "win32":
        pytest.skip("on Windows the installer is built")
    done = subprocess.run([sys.executable, str(ROOT / "tools/build_bundle.py"), "--installer"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "the installer is built on Windows" in done.stderr


def test_the_windows_workflow_builds_with_the_same_script() -> None:
    workflow = (ROOT / ".github/workflows/windows-installer.yml").read_text(encoding="utf-8")
    assert "runs-on: windows-latest" in workflow
    assert "python tools/build_bundle.py --test --installer" in workflow
    assert '".[bundle]"' in workflow  # the extra that brings PyInstaller


@pytest.mark.slow
def test_the_bundle_builds_and_passes_its_self_test(tmp_path: Path) -> None:
    """About a minute: PyInstaller (the [bundle] extra) builds dist/mmi-desktop here."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail("PyInstaller is missing: pip install -e '.[bundle]'")
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools/build_bundle.py"), "--test",
         "--dist", str(tmp_path / "dist"), "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=1200,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert "Self-test passed." in done.stdout
    assert "bundle: " in done.stdout and "MiB" in done.stdout


def test_the_start_probe_reports_the_first_paint_of_the_list_and_quits(tmp_path: Path) -> None:
    """benchmarks/bundle.py times the bundle and the source install by MMI_DESKTOP_TIME_START."""
    import os

    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.database import open_database
    from mmi_desktop.store.samples import load_samples

    db_path = tmp_path / "cases.sqlite"
    db = open_database(db_path)
    load_samples(CaseStore(db))
    db.close()
    env = dict(os.environ, MMI_DESKTOP_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen",
               MMI_DESKTOP_TIME_START="1")
    done = subprocess.run([sys.executable, "-m", "mmi_desktop", "--db", str(db_path)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "painted"

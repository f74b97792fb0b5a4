"""The layer contracts in pyproject.toml hold (domain pure; store and letters without Qt)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), str(ROOT / "pyproject.toml")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_headless_commands_do_not_import_qt() -> None:
    # The command line must run on a machine without a screen, and start fast.
    code = (
        "import sys, mmi_desktop.cli, mmi_desktop.store.cases, mmi_desktop.domain.casefile;"
        "print('PySide6' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def test_domain_modules_import_nothing_outside_the_standard_library_and_project() -> None:
    allowed_third_party = {"holidays", "babel"}
    for path in (ROOT / "mmi_desktop" / "domain").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top == "mmi_desktop" or (
                    top in allowed_third_party
                ), f"{path.name} imports {name}"


def test_the_window_stays_thin_and_no_ui_module_grows_past_800_lines() -> None:
    """Issue 13: MainWindow (menus and layout) under 500 lines; no ui module over 800."""
    ui = ROOT / "mmi_desktop" / "ui"
    sizes = {p.relative_to(ui).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in ui.rglob("*.py")}
    assert sizes["main_window.py"] < 500
    assert {name: n for name, n in sizes.items() if n > 800} == {}

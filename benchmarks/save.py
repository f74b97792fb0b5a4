"""One save in the window, edit to every view updated: prints one JSON document of figures.

    python benchmarks/save.py                  # on the 10,000-case benchmark database
    python benchmarks/save.py --cases 2000 --saves 20

Each round opens a case, types a new phone number into the editor, saves (Ctrl+S's path:
build, validate, write, analyse) and lets the window settle (list row, Needs attention,
header, analysis panel, the tab shown), with the Overview tab and then the History tab shown.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
AS_OF = date(2026, 11, 27)


def measure(db_path: Path, saves: int) -> dict[str, Any]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    home = tempfile.mkdtemp(prefix="mmi-bench-home-")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, home)
    from mmi_desktop.store.database import open_database
    from mmi_desktop.ui.main_window import MainWindow

    db = open_database(db_path)
    window = MainWindow(db, today=lambda: AS_OF)
    window.resize(1280, 800)
    window.show()
    window.reload_cases()
    settle_by = time.perf_counter() + 30
    while not window.attention_ready and time.perf_counter() < settle_by:
        app.processEvents()
        time.sleep(0.005)
    app.processEvents()

    ids = window.store.ids()
    picks = ids[:: max(1, len(ids) // saves)][:saves]
    figures: dict[str, Any] = {}
    for tab in ("Overview", "History"):
        samples = []
        for n, case_id in enumerate(picks):
            window.open_case(case_id)
            tabs = window.pane.tabs
            tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == tab))
            app.processEvents()
            phone = window.editor.field_widget("client.phone")
            phone.setText(f"(559) 555-{n:04d}")  # type: ignore[attr-defined]
            app.processEvents()
            started = time.perf_counter()
            ok = window.save()
            app.processEvents()
            samples.append(time.perf_counter() - started)
            if not ok:
                raise SystemExit(f"case {case_id} was not saved")
        figures[f"save_with_{tab.lower()}_shown"] = {
            "value": round(statistics.median(samples) * 1000, 2), "unit": "ms",
            "worst_ms": round(max(samples) * 1000, 2), "saves": len(samples)}
    window.close()
    db.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--db", type=Path, help="an existing benchmark database (it is copied)")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from generate import generate

    source = args.db or Path(tempfile.gettempdir()) / f"mmi-bench-{args.cases}.sqlite"
    if not source.exists():
        generate(source, args.cases, today=AS_OF)
    # Saves write: they go to a copy, so the shared benchmark database stays as generated.
    import sqlite3

    work = Path(tempfile.mkdtemp(prefix="mmi-bench-save-")) / "cases.sqlite"
    with sqlite3.connect(source) as src, sqlite3.connect(work) as dst:
        src.backup(dst)
    out = {"cases": args.cases, "database": str(work)} | measure(work, args.saves)
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

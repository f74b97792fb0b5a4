"""MMI Desktop benchmarks: prints one JSON document of figures, each beside its baseline
measured in the same run on the same machine, with the ratio and the target.

    python benchmarks/run.py                 # 10,000 cases (the database is generated once)
    python benchmarks/run.py --cases 2000 --letters 200
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
AS_OF = date(2026, 11, 27)


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def figure(value: float, unit: str, target: float | None = None, baseline: float | None = None,
           baseline_what: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"value": value, "unit": unit}
    if baseline is not None:
        out["baseline"] = baseline
        out["baseline_is"] = baseline_what
        out["ratio"] = round(value / baseline, 2) if baseline else None
    if target is not None:
        out["target"] = target
        out["met"] = value <= target
    return out


# --------------------------------------------------------------------------- cold start
# Both children stop the clock at the first paint event of their table's viewport (for the
# app: with the cases in it), seen by an event filter; the process start is the other end.
PAINT_WATCH = r"""
def paint_watch(viewport, ready, then):
    # Qt is imported here, after the app has imported it: the app puts Python's own import
    # back when it is the first to load Qt (mmi_desktop/ui/__init__.py), as when started.
    from PySide6.QtCore import QEvent, QObject, QTimer
    class PaintWatch(QObject):
        done = False
        def eventFilter(self, obj, event):
            if not self.done and event.type() == QEvent.Type.Paint and ready():
                self.done = True
                print("painted", flush=True)
                QTimer.singleShot(0, then)
            return False
    watch = PaintWatch()
    viewport.installEventFilter(watch)
    return watch
"""

# The app as a person starts it (`mmi-desktop --db FILE`: the command line, then the
# window); the child only wraps `launch` to watch the list's first paint, then opens a case
# and reports the peak memory before quitting.
APP_CHILD = PAINT_WATCH + r"""
import os, sys, resource
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["MMI_DESKTOP_HOME"] = sys.argv[2]
import mmi_desktop.cli as cli
real_open_window = cli._open_window
def open_window(args):
    import mmi_desktop.ui.app as ui_app
    real_launch = ui_app.launch
    def launch(*a, **k):
        w = real_launch(*a, **k)
        model = w.case_list.model
        def then():
            # The peak is taken with everything a session holds: the window settled (the
            # database open, Needs attention read, the case pane built), then a case open.
            import time
            from PySide6.QtWidgets import QApplication
            until = time.monotonic() + 30
            def settled():  # (the whole list read, not only its first page)
                whole = model.rowCount() == model.case_count()
                return w.attention_ready and w._pane is not None and whole
            while not settled() and time.monotonic() < until:
                QApplication.processEvents()
                time.sleep(0.005)
            ids = model.case_ids()  # (the list reads only the rows it shows)
            w.open_case(ids[len(ids) // 2])
            QApplication.processEvents()
            print("rss_kib", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
            print("rows", model.rowCount(), flush=True)
            print("cases", model.case_count(), flush=True)
            w.editor.mark_clean()
            QApplication.quit()
        w._paint_watch = paint_watch(w.case_list.view.viewport(), lambda: model.rowCount() > 0,
                                     then)
        return w
    ui_app.launch = launch
    return real_open_window(args)
cli._open_window = open_window
sys.exit(cli.main(["--db", sys.argv[1]]))
"""

BARE_CHILD = PAINT_WATCH + r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget
app = QApplication([])
w = QMainWindow()
table = QTableWidget(0, 6)
w.setCentralWidget(table)
w.resize(1280, 800)
watch = paint_watch(table.viewport(), lambda: True, app.quit)
w.show()
app.exec()
"""

# The children may cache their bytecode (as Python does on any PC after the first start);
# one start of each, before the timed ones, writes it.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def time_child(code: str, *args: str) -> tuple[float, dict[str, str]]:
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            text=True, cwd=ROOT, env=CHILD_ENV)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    assert first.strip() == "painted", first
    rest = {}
    for line in proc.stdout:
        key, _, value = line.strip().partition(" ")
        rest[key] = value
    proc.wait(timeout=120)
    return elapsed, rest


def cold_start(db_path: Path, runs: int) -> dict[str, Any]:
    home = tempfile.mkdtemp(prefix="mmi-bench-home-")
    app, bare, rss = [], [], []
    time_child(APP_CHILD, str(db_path), home)  # warm-up: bytecode written, files cached
    time_child(BARE_CHILD)
    for _ in range(runs):
        seconds, extra = time_child(APP_CHILD, str(db_path), home)
        app.append(seconds)
        rss.append(int(extra.get("rss_kib", "0")))
        bare.append(time_child(BARE_CHILD)[0])
    return {
        "cold_start_to_painted_list": figure(
            median_ms(app), "ms", baseline=median_ms(bare),
            baseline_what="bare PySide6 window with an empty table (process start to paint)",
            target=None,
        )
        | {"target_ratio": 2.0, "met": median_ms(app) <= 2 * median_ms(bare)},
        "peak_memory_with_list_and_a_case_open": figure(
            round(max(rss) / 1024, 1), "MiB", target=150.0
        ),
    }


# --------------------------------------------------------------------------- in-window
def window_figures(db_path: Path) -> dict[str, Any]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    home = tempfile.mkdtemp(prefix="mmi-bench-home-")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, home)
    from mmi_desktop.store.database import open_database
    from mmi_desktop.ui.main_window import MainWindow

    db = open_database(db_path)
    window = MainWindow(db)
    window.resize(1280, 800)
    window.show()
    window.reload_cases()
    # Typing starts on a settled window: Needs attention and the list's markers are read in
    # the background first (a fraction of a second; nobody types sooner).
    settle_by = time.perf_counter() + 30
    while not window.attention_ready and time.perf_counter() < settle_by:
        app.processEvents()
        time.sleep(0.005)
    app.processEvents()
    panel = window.case_list
    view = panel.view

    # Filter keystroke to repainted list, vs SQLite's LIKE over the same rows.
    typed = ["g", "ga", "gar", "garc", "garci", "garcia", "", "l", "lo", "lop", "lope",
             "lopez", "", "c-1", "c-12", "c-123", "", "adj1", "adj12", ""]
    keystrokes = []
    for _ in range(3):
        for text in typed:
            started = time.perf_counter()
            panel.filter_edit.setText(text)
            view.viewport().repaint()
            keystrokes.append(time.perf_counter() - started)
            app.processEvents()
    conn = sqlite3.connect(db_path)
    likes = []
    for _ in range(3):
        for text in typed:
            started = time.perf_counter()
            conn.execute("SELECT id FROM cases WHERE lower(first_name || ' ' || last_name || "
                         "' ' || coalesce(claim_number, '') || ' ' || coalesce(adj_number, '') "
                         "|| ' ' || coalesce(employer, '')) LIKE ?",
                         (f"%{text.lower()}%",)).fetchall()
            likes.append(time.perf_counter() - started)
    conn.close()

    # Opening a case: load, editor, header, current tab.
    ids = window.store.ids()
    opens = []
    for case_id in ids[:: max(1, len(ids) // 40)][:40]:
        started = time.perf_counter()
        window.open_case(case_id)
        app.processEvents()
        opens.append(time.perf_counter() - started)

    window.editor.mark_clean()
    window.close()
    db.close()
    return {
        "filter_keystroke_to_repainted_list": figure(
            median_ms(keystrokes), "ms", target=16.0, baseline=median_ms(likes),
            baseline_what="SQLite LIKE over the same rows (no repaint)",
        ) | {"worst_ms": round(max(keystrokes) * 1000, 2)},
        "open_a_case": figure(median_ms(opens), "ms", target=50.0)
        | {"worst_ms": round(max(opens) * 1000, 2)},
    }


# --------------------------------------------------------------------------- analysis
def analysis_figures(db_path: Path) -> dict[str, Any]:
    from mmi_desktop.domain.analysis import analyze
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.database import open_database

    db = open_database(db_path)
    try:
        started = time.perf_counter()
        cases = [s.case for s in CaseStore(db).iter_cases()]
        loading = time.perf_counter() - started
    finally:
        db.close()
    started = time.perf_counter()
    for case in cases:
        analyze(case, AS_OF)
    analysing = time.perf_counter() - started
    return {
        "analysis_of_all_cases": figure(round(analysing, 3), "s", target=2.0)
        | {"cases": len(cases)},
        "reading_all_cases_from_the_store": figure(round(loading, 3), "s"),
    }


# --------------------------------------------------------------------------- letters
def letter_figures(db_path: Path, batch: int) -> dict[str, Any]:
    from io import BytesIO

    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from mmi_desktop.domain.analysis import analyze
    from mmi_desktop.domain.firm import FirmDetails
    from mmi_desktop.letters.batch import write_letters
    from mmi_desktop.letters.summary import render_summary_letter
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.database import open_database

    db = open_database(db_path)
    try:
        store = CaseStore(db)
        stored = [s for _, s in zip(range(batch), store.iter_cases(), strict=False)]
    finally:
        db.close()
    firm = FirmDetails(name="Example Law Group", address="1 Example Plaza\nFresno, CA 93721",
                       phone="(555) 555-0150", signing_attorney="Alex Example")
    render_summary_letter(stored[0].case, analyze(stored[0].case, AS_OF), firm)  # fonts load
    singles = []
    for s in stored[:50]:
        result = analyze(s.case, AS_OF)
        started = time.perf_counter()
        render_summary_letter(s.case, result, firm)
        singles.append(time.perf_counter() - started)
    styles = getSampleStyleSheet()
    bare = []
    for _ in range(50):
        started = time.perf_counter()
        buffer = BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=letter)
        doc.build([Paragraph("Dear client, " + "a plain paragraph of text. " * 40,
                             styles["Normal"])])
        bare.append(time.perf_counter() - started)

    # A batch in a background thread while the main thread keeps a 10 ms tick: the longest
    # gap between ticks is how long the window would not answer.
    out_dir = Path(tempfile.mkdtemp(prefix="mmi-bench-letters-"))
    written: list[Path] = []
    worker = threading.Thread(
        target=lambda: written.extend(
            write_letters(((str(s.id), s.case) for s in stored), out_dir, AS_OF, firm)
        )
    )
    started = time.perf_counter()
    worker.start()
    gaps, last = [], time.perf_counter()
    while worker.is_alive():
        time.sleep(0.01)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    seconds = time.perf_counter() - started
    return {
        "one_letter_in_process": figure(
            median_ms(singles), "ms", target=50.0, baseline=median_ms(bare),
            baseline_what="bare one-page ReportLab document",
        ),
        "letters_in_background": figure(round(seconds, 2), "s", target=60.0 * batch / 1000)
        | {"letters": len(written), "longest_main_thread_gap_ms": round(max(gaps) * 1000, 1)},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="cold starts to take the median of")
    parser.add_argument("--db", type=Path, help="an existing benchmark database to reuse")
    parser.add_argument("--list-only", action="store_true",
                        help="only the case list's figures: cold start, peak memory, filter, "
                             "opening a case (to compare --cases 10000 with --cases 50000)")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from generate import generate

    db_path = args.db or Path(tempfile.gettempdir()) / f"mmi-bench-{args.cases}.sqlite"
    generated = None
    if not db_path.exists():
        generated = round(generate(db_path, args.cases, today=AS_OF), 1)
    figures: dict[str, Any] = {"cases": args.cases, "machine": {"cpus": os.cpu_count()},
                               "database": str(db_path)}
    if generated is not None:
        figures["generating_the_database_s"] = generated
    figures |= cold_start(db_path, args.runs)
    figures |= window_figures(db_path)
    if not args.list_only:
        figures |= analysis_figures(db_path)
        figures |= letter_figures(db_path, args.letters)
    figures["peak_memory_of_this_benchmark_process_mib"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    json.dump(figures, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`mmi-desktop --self-test`: proves an installed copy works, step by step, in a temporary
folder (the person's own database, settings and log are not touched).

It creates a database (the migrations run), imports the sample cases (as `--demo` does),
renders a letter with the shipped fonts, starts the window offscreen on that database, opens
a case and loads its letter in the PDF preview (QtPdf), then closes. Each step is printed
with its time; the exit status is 0 when every step passed, 1 when one failed (the reason
and the end of the log are printed). Where the program has no console (the Windows bundle
is a windowed program), the report goes to `mmi-desktop-self-test.txt` in the temp folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from mmi_desktop import __version__, paths

if TYPE_CHECKING:
    from mmi_desktop.store.database import Database

EXIT_PASSED, EXIT_FAILED = 0, 1
REPORT_NAME = "mmi-desktop-self-test.txt"
WAIT_SECONDS = 60.0


class SelfTestFailed(Exception):
    """A step did not do what it should; the message says what was seen."""


class Report:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def line(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    @contextmanager
    def step(self, what: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        except SelfTestFailed:
            raise
        except Exception as exc:  # the step broke: say where, with the traceback
            detail = "".join(traceback.format_exception(exc)).rstrip()
            raise SelfTestFailed(f"{what}: {type(exc).__name__}: {exc}\n{detail}") from exc
        self.line(f"  ok  {what} ({(time.perf_counter() - started) * 1000:.0f} ms)")


def run_self_test() -> int:
    """The whole self-test; the exit status."""
    out: TextIO | None = sys.stdout
    report_file = None
    if out is None:  # a windowed program: no console to print to
        report_file = open(  # noqa: SIM115  (closed below)
            Path(tempfile.gettempdir()) / REPORT_NAME, "w", encoding="utf-8"
        )
        out = report_file
    report = Report(out)
    home = os.environ.get("MMI_DESKTOP_HOME")
    try:
        # (On Windows the log file stays open until the process ends: what cannot be
        # removed then is left in the temp folder.)
        with tempfile.TemporaryDirectory(prefix="mmi-desktop-self-test-",
                                         ignore_cleanup_errors=True) as folder:
            return _run(report, Path(folder))
    finally:
        if home is None:
            os.environ.pop("MMI_DESKTOP_HOME", None)
        else:
            os.environ["MMI_DESKTOP_HOME"] = home
        if report_file is not None:
            report_file.close()


def _run(report: Report, folder: Path) -> int:
    # Everything the app writes (database, log, window settings) goes into the folder.
    os.environ["MMI_DESKTOP_HOME"] = str(folder)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report.line(f"MMI Desktop {__version__} self-test ({sys.platform}, Python "
                f"{sys.version.split()[0]}{', bundled' if getattr(sys, 'frozen', False) else ''})")
    report.line(f"  resources: {paths.resources_root()}")
    database = folder / "self-test.sqlite"
    try:
        samples = _database_steps(report, database)
        _window_steps(report, database, samples)
    except SelfTestFailed as exc:
        report.line(f"FAILED {exc}")
        log = paths.log_dir() / "mmi-desktop.log"
        if log.exists():
            report.line("The end of the log:")
            for text in log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:]:
                report.line(f"  | {text}")
        return EXIT_FAILED
    report.line("Self-test passed.")
    return EXIT_PASSED


def _database_steps(report: Report, database: Path) -> int:
    """A new database at the newest schema with the sample cases in it, and a letter of one
    of them; how many cases it holds."""
    from mmi_desktop.store.database import open_database
    from mmi_desktop.store.dbfile import head_revision

    with report.step("a new database created (migrations to the newest schema)"):
        db = open_database(database)
    try:
        with db.engine.connect() as conn:
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        if revision != head_revision():
            raise SelfTestFailed(f"the schema is at {revision}, not at {head_revision()}")
        with report.step("the sample cases imported (as --demo does)"):
            count = _import_samples(db)
        with report.step("a client letter rendered with the shipped fonts"):
            _render_letter(db)
    finally:
        db.close()
    return count


def _import_samples(db: Database) -> int:
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.samples import load_samples, sample_files

    expected = len(sample_files())
    if expected == 0:
        raise SelfTestFailed(f"no sample cases in {paths.resource('samples')}")
    store = CaseStore(db)
    imported = load_samples(store)
    if imported != expected or store.count() != expected:
        raise SelfTestFailed(f"{store.count()} cases in the database, {expected} sample files")
    return expected


def _render_letter(db: Database) -> None:
    from datetime import date

    from mmi_desktop.domain.analysis import analyze
    from mmi_desktop.letters.base import fonts
    from mmi_desktop.letters.summary import render_summary_letter
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.settings import SettingsStore

    store = CaseStore(db)
    stored = next(iter(store.iter_cases()))
    settings = SettingsStore(db)
    analysis = analyze(stored.case, date.today(), settings.thresholds())
    pdf = render_summary_letter(stored.case, analysis, settings.firm(), None, date.today())
    if not pdf.startswith(b"%PDF"):
        raise SelfTestFailed("the letter is not a PDF")
    # The letter falls back to Helvetica, quietly, when its fonts are missing.
    if fonts()[0] != "Letter" or b"DejaVuSans" not in pdf:
        raise SelfTestFailed(
            f"the letter fonts were not found in {paths.resource('letters', 'fonts')}"
        )


def _window_steps(report: Report, database: Path, cases: int) -> None:
    from PySide6.QtCore import QSettings

    from mmi_desktop.ui.app import launch, make_application

    # The window's settings (its size, the last folders) go to the temp folder too.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(paths.data_dir()))
    errors: list[str] = []
    previous_hook = sys.excepthook
    # An error escaping a slot fails the test instead of showing a message box.
    sys.excepthook = lambda kind, exc, tb: errors.append(
        "".join(traceback.format_exception(kind, exc, tb)))
    window: Any = None
    try:
        with report.step("the window started (offscreen) and listed every case"):
            app = make_application()
            if app.windowIcon().isNull():
                raise SelfTestFailed("the app's icon was not found")
            from mmi_desktop.store.dbfile import to_url

            window = launch(to_url(database))
            if window is None:
                raise SelfTestFailed("the window did not open the database")
            _wait("the case list", lambda: window.database_ready and window.started
                  and window.case_list.model.rowCount() == cases, errors)
        with report.step("a case opened and its letter shown in the PDF preview (QtPdf)"):
            _show_letter(window, errors)
    finally:
        if window is not None:
            window.close()
            window.close_database()
        sys.excepthook = previous_hook
    if errors:
        raise SelfTestFailed(f"an error escaped:\n{errors[0]}")


def _show_letter(window: Any, errors: list[str]) -> None:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtWidgets import QTabWidget

    from mmi_desktop.ui.letter_tab import LetterTab

    first = window.case_list.model.summaries()[0].id
    if not window.open_case(first):
        raise SelfTestFailed(f"case {first} did not open")
    letter = window.findChild(LetterTab)
    tabs = window.findChild(QTabWidget, "caseTabs")
    if letter is None or tabs is None:
        raise SelfTestFailed("the open case has no Letter tab")
    tabs.setCurrentWidget(letter)
    _wait("the letter preview", lambda: letter.document.status() == QPdfDocument.Status.Ready
          and letter.document.pageCount() >= 1, errors)
    image = letter.document.render(0, letter.document.pagePointSize(0).toSize())
    if image.isNull() or min(bytes(image.constBits())) > 128:  # nothing dark: no text
        raise SelfTestFailed("the preview could not draw the letter's first page")


def _wait(what: str, done: Callable[[], bool], errors: list[str]) -> None:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + WAIT_SECONDS
    while not done():
        if errors:
            raise SelfTestFailed(f"{what}: an error escaped:\n{errors[0]}")
        if time.monotonic() > deadline:
            raise SelfTestFailed(f"{what}: not shown within {WAIT_SECONDS:.0f} s")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)

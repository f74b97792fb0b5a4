"""Suite-wide setup: Qt offscreen, and a private home so no test touches the user's data."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_run_home: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Every test run gets its own data/log folder (a test that needs its own asks for
    `home`), removed when the run ends. Made here, not on import: a helper process that
    imports this module (a fault worker) must not leave one behind."""
    global _run_home
    _run_home = tempfile.mkdtemp(prefix="mmi-home-")
    os.environ["MMI_DESKTOP_HOME"] = _run_home


def pytest_unconfigure(config: pytest.Config) -> None:
    import logging
    import shutil

    if _run_home is not None:
        logging.shutdown()  # (the log file in it is closed first)
        shutil.rmtree(_run_home, ignore_errors=True)

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = DATA / "examples"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh MMI_DESKTOP_HOME for one test."""
    monkeypatch.setenv("MMI_DESKTOP_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a fresh temporary database (not yet created)."""
    return tmp_path / "cases.sqlite"


@pytest.fixture
def db(db_path: Path):  # type: ignore[no-untyped-def]
    from mmi_desktop.store.database import open_database

    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def store(db):  # type: ignore[no-untyped-def]
    from mmi_desktop.store.cases import CaseStore

    return CaseStore(db)


@pytest.fixture
def fresh_log(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The log set up anew in this test (it is set up once a process otherwise); the
    handler it adds is taken off again afterwards. Its fallback folder in the temp folder
    is made under tmp_path."""
    import logging

    from mmi_desktop import logsetup

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir(exist_ok=True)
    monkeypatch.setattr(logsetup, "_handler", None)
    monkeypatch.setattr(logsetup, "_path", None)
    before = list(logging.getLogger().handlers)
    yield logsetup
    for handler in logging.getLogger().handlers:
        if handler not in before:
            logging.getLogger().removeHandler(handler)
            handler.close()


# ---------------------------------------------------------------- PostgreSQL (tests/pgserver.py)
@pytest.fixture(scope="session")
def pg_server():  # type: ignore[no-untyped-def]
    """A throwaway PostgreSQL server for the whole run, started on first use. Without the
    binaries the tests needing it skip, unless MMI_REQUIRE_POSTGRES=1 (CI): then they fail."""
    from tests import pgserver

    try:
        server = pgserver.PgServer().start()
    except pgserver.PgUnavailable as exc:
        if pgserver.required():
            pytest.fail(f"{pgserver.REQUIRED_VARIABLE}=1 and no PostgreSQL: {exc}")
        pytest.skip(f"no PostgreSQL here: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:  # type: ignore[no-untyped-def]
    """The URL of a new, empty database on the test server (the superuser's)."""
    return str(pg_server.fresh_url())

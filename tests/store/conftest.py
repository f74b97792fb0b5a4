"""Store tests that mean "the database" run on both engines: `db` (and so `store`) is a
SQLite file and a PostgreSQL database in turn. A test about the SQLite file itself asks
for `sqlite_db`."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    if request.param == "sqlite":
        return str(db_path)
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def db(db_url: str):  # type: ignore[no-untyped-def]
    from mmi_desktop.store.database import open_database

    database = open_database(db_url)
    yield database
    database.close()


@pytest.fixture
def sqlite_db(db_path: Path):  # type: ignore[no-untyped-def]
    from mmi_desktop.store.database import open_database

    database = open_database(db_path)
    yield database
    database.close()

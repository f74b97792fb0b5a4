"""The command line on a firm server: --db postgresql://… wherever --db is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mmi_desktop.cli import main
from tests.conftest import EXAMPLES


def plain(url: str) -> str:
    """The URL as a person types it (libpq's form)."""
    return url.replace("postgresql+psycopg://", "postgresql://")


def test_import_export_and_analyze_on_a_server(pg_url: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    url = plain(pg_url)
    assert main(["import", str(EXAMPLES / "clean.json"), str(EXAMPLES / "pending-surgery.json"),
                 "--db", url]) == 0
    assert main(["--db", url, "export", "-o", str(tmp_path / "out")]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(written) == 2
    capsys.readouterr()
    assert main(["analyze", "--case", "1", "--db", url, "--as-of", "2026-11-27"]) == 0
    assert json.loads(capsys.readouterr().out)["format"].startswith("mmi-analysis/")


def test_a_wrong_server_is_one_plain_line(pg_server, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    url = f"postgresql://postgres:s3cret-word@127.0.0.1:{pg_server.port}/no_such_database"
    assert main(["export", "-o", "unused", "--db", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: Could not connect to postgresql")
    assert "no_such_database" in err
    assert "s3cret-word" not in err  # the password is never shown
    assert "Traceback" not in err

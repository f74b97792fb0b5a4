"""Every error a person sees is one plain sentence, details in the log; the log falls
back when its folder cannot be written; `analyze … | head` ends quietly (issue 11 item 13)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mmi_desktop.cli import main
from mmi_desktop.store.samples import sample_files
from tests.conftest import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]


def run(home: Path, *args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    (home.parent / "tmp").mkdir(exist_ok=True)  # (where the log falls back to)
    env = dict(os.environ, MMI_DESKTOP_HOME=str(home), QT_QPA_PLATFORM="offscreen",
               TMPDIR=str(home.parent / "tmp"))
    return subprocess.run([sys.executable, "-m", "mmi_desktop", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, **kw)


# issue 11 item 13
def test_an_unwritable_log_folder_is_no_traceback(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "logs").write_text("a file where the log folder should be")
    db = tmp_path / "cases.sqlite"
    done = run(home, "import", "--db", str(db), str(EXAMPLES / "clean.json"))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr
    done = run(home, "export", "--db", str(db), "-o", str(tmp_path / "out"))
    assert done.returncode == 0 and "Traceback" not in done.stderr


# issue 11 item 13
def test_unexpected_errors_are_one_plain_sentence_naming_the_log(
    tmp_path: Path, fresh_log: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("MMI_DESKTOP_HOME", str(home))
    home.mkdir()
    (home / "logs").write_text("in the way")
    message = fresh_log.unexpected("Exporting cases", ZeroDivisionError("division by zero"))
    assert "ZeroDivisionError" not in message and "Traceback" not in message
    assert message.count(". ") <= 2 and "\n" not in message
    log = fresh_log.log_file()
    assert log.exists() and "ZeroDivisionError" in log.read_text()  # (a temp-folder log)
    assert not str(log).startswith(str(home))


# issue 11 item 13
def test_analyze_into_a_pipe_closed_early_ends_quietly(tmp_path: Path) -> None:
    env = dict(os.environ, MMI_DESKTOP_HOME=str(tmp_path / "h"), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mmi_desktop", "analyze", str(sample_files()[0])],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().strip() == b"{"  # as `head -1` reads, then closes
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(60)
    assert err == ""
    assert code in (0, -signal.SIGPIPE, 128 + signal.SIGPIPE)


# issue 11 item 13
def test_analyze_into_head_in_a_shell_prints_nothing_on_stderr(tmp_path: Path) -> None:
    env = dict(os.environ, MMI_DESKTOP_HOME=str(tmp_path / "h"), QT_QPA_PLATFORM="offscreen")
    cmd = f"'{sys.executable}' -m mmi_desktop analyze '{sample_files()[0]}' | head -2"
    done = subprocess.run(["sh", "-c", cmd], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.splitlines()[0] == "{" and done.stderr == ""


# issue 11 item 13
@pytest.mark.parametrize("url", ["postgresql+pg8000://clerk:s3cret@localhost/cases",
                                 "mysql://clerk:s3cret@localhost/cases"])
def test_a_server_url_without_its_driver_is_one_plain_sentence(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--db", url, "-o", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert "database driver" in err and "not installed" in err
    assert "ModuleNotFoundError" not in err and "s3cret" not in err
    assert len(err.splitlines()) == 1


# issue 11 item 13
def test_a_damaged_page_is_said_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cases.sqlite"
    assert main(["import", "--db", str(db), *map(str, sample_files())]) == 0
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_cases_list'")
    page = root.fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    data[(page - 1) * size: page * size] = b"\0" * size  # the list index's root page
    db.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["export", "--db", str(db), "-o", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert "damaged" in err and len(err.splitlines()) == 1, err

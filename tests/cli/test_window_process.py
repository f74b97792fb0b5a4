"""The window starts as a real process (offscreen) on a new database and on the demo one."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start(home: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, MMI_DESKTOP_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen([sys.executable, "-m", "mmi_desktop", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_window(proc: subprocess.Popen[str], log: Path, seconds: float = 30) -> None:
    """Running after the window was built: the log says the database is open, no error."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()[1]
        if log.exists() and "MMI Desktop window shown" in log.read_text():
            return
        time.sleep(0.2)
    raise AssertionError("the window did not come up in time")


def stop(proc: subprocess.Popen[str]) -> str:
    proc.terminate()
    _, err = proc.communicate(timeout=30)
    return err


def test_window_opens_on_a_new_database(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    proc = start(tmp_path / "home", "--db", str(db))
    try:
        wait_for_window(proc, tmp_path / "home" / "logs" / "mmi-desktop.log")
    finally:
        err = stop(proc)
    assert "Traceback" not in err
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM cases").fetchone() == (0,)
    conn.close()


def demo_cases(proc: subprocess.Popen[str], home: Path) -> int:
    """Once the window started with --demo has come up: stop it; how many cases the demo
    database holds."""
    try:
        wait_for_window(proc, home / "logs" / "mmi-desktop.log")
    finally:
        err = stop(proc)
    assert "Traceback" not in err
    conn = sqlite3.connect(home / "data" / "demo.sqlite")
    try:
        return int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
    finally:
        conn.close()


def test_demo_opens_on_the_sample_cases(tmp_path: Path) -> None:
    home = tmp_path / "home"
    count = demo_cases(start(home, "--demo"), home)
    samples = list((ROOT / "resources" / "samples").glob("*.json"))
    assert count == len(samples) >= 20
    assert not (home / "data" / "cases.sqlite").exists()  # the user's own is untouched

"""The suite leaves nothing in the temp folder but pytest's own (issue 11 item 16)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("mmi-home-"))


# issue 11 item 16
def test_a_test_run_and_its_helper_processes_leave_no_home_folders(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = dict(os.environ, TMPDIR=str(tmp), QT_QPA_PLATFORM="offscreen")
    env.pop("MMI_DESKTOP_HOME", None)
    # A helper process that imports the suite's conftest, as the fault workers do.
    subprocess.run([sys.executable, "-c", "import tests.conftest"], cwd=ROOT, env=env,
                   check=True, timeout=60)
    assert leftovers(tmp) == []
    # A run of a few tests, CLI subprocesses and the log among them.
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/cli/test_db_option.py", "-k", "help or either_side"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    assert leftovers(tmp) == []

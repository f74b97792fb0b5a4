"""Start-up: the case list of an up-to-date database is painted before SQLAlchemy loads,
the database opens on a worker thread, and a failure there is explained as at any open."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from mmi_desktop.domain.casefile import load_case
from mmi_desktop.store.dbfile import DatabaseError, to_url
from tests.conftest import EXAMPLES

CHILD = r"""
import builtins, json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["MMI_DESKTOP_HOME"] = sys.argv[2]
from mmi_desktop.ui.app import launch
from PySide6.QtWidgets import QApplication
app = QApplication([])
window = launch(sys.argv[1])
out = {
    "python_import_back": builtins.__import__.__name__ == "__import__",
    "rows_at_first_paint": window.case_list.model.rowCount(),
    "loaded": window.loaded,
    "sqlalchemy_before": sorted(m for m in sys.modules if m.split(".")[0] == "sqlalchemy")[:3],
    "database_ready_before": window.database_ready,
}
window.start()
window.db  # waits for the background open
out["engine_warmed_off_the_gui_thread"] = "mmi_desktop.domain.analysis" in sys.modules
first = window.case_list.model.summaries()[0]
window.open_case(first.id)  # waits for the background open
out["opened"] = window.loaded_case.client.last_name
out["sqlalchemy_after"] = "sqlalchemy" in sys.modules
out["database_ready_after"] = window.database_ready
window.close()
window.close_database()
print(json.dumps(out))
"""


def test_the_list_paints_before_sqlalchemy_loads(tmp_path: Path, store: Any) -> None:
    store.import_cases(
        [load_case(EXAMPLES / "clean.json"), load_case(EXAMPLES / "pending-surgery.json")]
    )
    db_file = Path(store.db.path)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, to_url(db_file), str(tmp_path / "home")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["python_import_back"] is True
    assert out["rows_at_first_paint"] == 2 and out["loaded"] is True
    assert out["sqlalchemy_before"] == [] and out["database_ready_before"] is False
    assert out["engine_warmed_off_the_gui_thread"] is True
    assert out["opened"] and out["sqlalchemy_after"] and out["database_ready_after"]


def test_launch_shows_the_list_then_attaches_the_database(
    qtbot: Any, store: Any, db_path: Path
) -> None:
    from mmi_desktop.ui.app import launch

    store.import_cases([load_case(EXAMPLES / "clean.json")])
    window = launch(to_url(db_path))
    assert window is not None
    qtbot.addWidget(window)
    assert window.loaded and window.case_list.model.rowCount() == 1
    assert not window.database_ready
    assert window.location == str(db_path.resolve())
    qtbot.waitUntil(lambda: window.database_ready and window.attention_ready, timeout=30000)
    # The case pane is built while the list is looked at, before any case is picked.
    qtbot.waitUntil(lambda: window.right.count() == 2, timeout=30000)
    assert window.open_case(window.case_list.model.summaries()[0].id)
    assert window.pane.header.facts.text().startswith("DOI ")
    window.close()
    window.close_database()


def test_a_failed_background_open_is_explained_and_the_window_closes(
    qtbot: Any, store: Any, db_path: Path, messages: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quick look passed, the full open did not (say a damaged page): the person is
    told why, as at any failed open, and the app ends (no backup to offer here)."""
    import mmi_desktop.store.database as database
    from mmi_desktop.ui.app import EXIT_DATABASE, launch

    store.import_cases([load_case(EXAMPLES / "clean.json")])
    before = db_path.read_bytes()

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise DatabaseError(f"{db_path} is damaged (page 7). It was left as it is.")

    monkeypatch.setattr(database, "open_database", refuse)
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: exits.append(code)))
    window = launch(to_url(db_path))
    assert window is not None
    qtbot.addWidget(window)
    window.start()
    qtbot.waitUntil(lambda: exits == [EXIT_DATABASE], timeout=30000)
    assert not window.isVisible()
    assert any("damaged (page 7)" in m.text for m in messages.shown)
    assert db_path.read_bytes() == before


def test_a_list_read_from_the_file_is_not_read_again(qtbot: Any, store: Any, db_path: Path) -> None:
    """The database may be needed (and so opened) before start(); the list shown from the
    file is kept, not read again, and Needs attention is read once the database is there."""
    from mmi_desktop.ui.app import launch

    store.import_cases([load_case(EXAMPLES / "pending-surgery.json")])
    window = launch(to_url(db_path))
    assert window is not None
    qtbot.addWidget(window)
    window.db  # noqa: B018  (a click that needs the store before start: it waits for it)
    with qtbot.waitSignal(window.cases_loaded, timeout=30000):
        window.start()
        assert not window.busy()  # no background read of the list
    qtbot.waitUntil(lambda: window.attention_ready, timeout=30000)
    assert window.attention_view.count() == 1  # the pending surgery's high flag
    window.close()
    window.close_database()

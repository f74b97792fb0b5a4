"""The window makes a rotating backup once a day, in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from mmi_desktop.store.backups import rotating_backups
from mmi_desktop.ui.app import start_daily_backup


def run_backup(qtbot: QtBot, window: QWidget) -> None:
    start_daily_backup(window)
    task = window._daily_backup_task  # type: ignore[attr-defined]
    qtbot.waitUntil(task.done.is_set, timeout=30000)


def test_daily_backup_runs_once(qtbot: QtBot, db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    window.db = db  # type: ignore[attr-defined]
    window.database_ready = True  # type: ignore[attr-defined]
    run_backup(qtbot, window)
    [first] = rotating_backups(db_path)
    run_backup(qtbot, window)  # again the same day: nothing new
    assert rotating_backups(db_path) == [first]

"""The app's identity in the window: its icon on every window and in About, its version."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

import mmi_desktop
from mmi_desktop.ui.app import make_application


@pytest.fixture
def app_with_identity(qapp: QApplication) -> Iterator[QApplication]:
    names = (qapp.organizationName(), qapp.applicationName(), qapp.applicationDisplayName())
    yield make_application()
    qapp.setWindowIcon(QIcon())
    qapp.setOrganizationName(names[0])
    qapp.setApplicationName(names[1])
    qapp.setApplicationDisplayName(names[2])


def test_every_window_gets_the_apps_icon(app_with_identity: QApplication,
                                         make_window: Any) -> None:
    assert app_with_identity.applicationName() == "MMI Desktop"
    window = make_window()
    sizes = {s.width() for s in window.windowIcon().availableSizes()}
    assert {16, 32, 48, 256} <= sizes


def test_about_shows_the_icon_and_the_one_version(
    app_with_identity: QApplication, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or 0)
    window = make_window()
    window.about_action.trigger()
    (box,) = boxes
    assert box.windowTitle() == "About MMI Desktop"
    assert box.text() == f"MMI Desktop {mmi_desktop.__version__}"
    assert window.db.location in box.informativeText()
    shown = box.iconPixmap().toImage()
    assert not shown.isNull()
    assert shown == app_with_identity.windowIcon().pixmap(64, 64).toImage()  # not the "i"

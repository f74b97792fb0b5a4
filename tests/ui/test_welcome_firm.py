"""Issue 16, first start: the welcome screen asks for the firm (skippable), and the demo
database opened from the window comes with its invented firm."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from mmi_desktop.domain.firm import FirmDetails, demo_firm
from mmi_desktop.store.database import open_database
from mmi_desktop.store.settings import SettingsStore
from tests.letters.helpers import make_firm


def _firm_in(path: Path) -> FirmDetails:
    db = open_database(path)
    try:
        return SettingsStore(db).firm()
    finally:
        db.close()


def _fill(card: Any, firm: FirmDetails) -> None:
    for name, widget in card.fields.items():
        value = getattr(firm, name)
        if name == "address":
            widget.setPlainText(value)
        else:
            widget.setText(value)


def test_a_new_database_asks_for_the_firm_first(make_window: Any) -> None:
    window = make_window()
    assert window.pages.currentWidget() is window.welcome
    assert window.welcome.showing_firm_setup()
    assert window.welcome.firm_card.isVisible()
    assert not window.welcome.new_button.isVisible()


def test_the_firm_page_saves_to_the_databases_settings(
    qtbot: Any, make_window: Any, db_path: Path
) -> None:
    window = make_window()
    card = window.welcome.firm_card
    firm = make_firm()
    _fill(card, firm)
    with qtbot.waitSignal(window.welcome.firm_saved, timeout=1000) as saved:
        qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].name == firm.name
    assert not window.welcome.showing_firm_setup() and window.welcome.new_button.isVisible()
    stored = _firm_in(db_path)
    assert (stored.name, stored.phone, stored.signing_attorney) == (
        firm.name, firm.phone, firm.signing_attorney)
    window.close()
    again = make_window()  # a restart: the firm is set, the choices show at once
    assert not again.welcome.showing_firm_setup()


def test_bad_or_missing_details_are_named_by_label_and_nothing_is_saved(
    qtbot: Any, make_window: Any, db_path: Path
) -> None:
    window = make_window()
    card = window.welcome.firm_card
    card.fields["name"].setText("Invented & Partners")
    card.fields["phone"].setText("call us")
    card.fields["email"].setText("not an address")
    assert card.save() is False
    text = card.problem_label.text()
    assert "Phone:" in text and "Email:" in text
    assert text.count("Phone:") == 1  # one reason a field
    assert "Signs the letters: is needed on every letter" in text
    assert "signing_attorney" not in text and "phone" not in text.split("Phone:")[0]
    assert card.fields["phone"].property("problem") is True
    assert window.welcome.showing_firm_setup()
    assert _firm_in(db_path) == FirmDetails()  # nothing written


def test_the_firm_page_can_be_skipped(qtbot: Any, make_window: Any, db_path: Path) -> None:
    window = make_window()
    qtbot.mouseClick(window.welcome.firm_card.skip_button, Qt.MouseButton.LeftButton)
    assert not window.welcome.showing_firm_setup()
    assert window.welcome.new_button.isVisible()
    assert _firm_in(db_path) == FirmDetails()
    window.reload_cases()  # shown again in this session: stays skipped
    qtbot.waitUntil(lambda: window.loaded, timeout=30000)
    assert not window.welcome.showing_firm_setup()


def test_the_demo_database_from_the_window_has_the_demo_firm(
    qtbot: Any, make_window: Any, home: Path
) -> None:
    window = make_window()
    window.welcome.firm_card.skip_button.click()
    if not window.welcome.samples_button.isVisibleTo(window.welcome):
        import pytest

        pytest.skip("no sample cases in this checkout")
    qtbot.mouseClick(window.welcome.samples_button, Qt.MouseButton.LeftButton)
    assert window.is_demo()
    assert SettingsStore(window.db).firm() == demo_firm()

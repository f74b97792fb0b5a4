"""The settings dialog: firm details and thresholds, validated field by field; a refused save
writes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.thresholds import DEFAULT_THRESHOLDS, Thresholds
from mmi_desktop.store.settings import SettingsStore
from mmi_desktop.ui.settings_dialog import THRESHOLD_TEXT, SettingsDialog
from mmi_desktop.ui.widgets import has_problem


@pytest.fixture
def settings(db: Any) -> SettingsStore:
    return SettingsStore(db)


@pytest.fixture
def logo(tmp_path: Path) -> Path:
    path = tmp_path / "logo.png"
    image = QImage(300, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f3a5f"))
    assert image.save(str(path))
    return path


def open_dialog(qtbot: QtBot, settings: SettingsStore) -> SettingsDialog:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_into(qtbot: QtBot, widget: Any, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    widget.del_()
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            widget.insert(ch)


def audit_count(settings: SettingsStore) -> int:
    from mmi_desktop.store.cases import CaseStore

    return len(CaseStore(settings.db).audit())


def test_shows_what_is_stored_and_the_defaults(qtbot: QtBot, settings: SettingsStore) -> None:
    settings.set_firm(FirmDetails(name="Alvarez & Kim LLP", phone="(213) 555-0142"))
    settings.set_thresholds(Thresholds(early_mmi_days=120))
    dialog = open_dialog(qtbot, settings)
    assert dialog.firm_fields["name"].text() == "Alvarez & Kim LLP"  # type: ignore[union-attr]
    assert dialog.threshold_fields["early_mmi_days"].text() == "120"
    assert dialog.threshold_fields["min_visits"].text() == "3"
    hint = dialog.findChild(type(dialog.problem_label), "default_early_mmi_days")
    assert hint is not None and hint.text().startswith("default 90")
    assert set(dialog.threshold_fields) == set(THRESHOLD_TEXT)


def test_saves_firm_and_thresholds(qtbot: QtBot, settings: SettingsStore, logo: Path) -> None:
    dialog = open_dialog(qtbot, settings)
    type_into(qtbot, dialog.firm_fields["name"], "Villaseñor-Betancourt Abogados")
    dialog.firm_fields["address"].setPlainText("1200 Wilshire Blvd.\nLos Angeles, CA 90017")  # type: ignore[union-attr]
    type_into(qtbot, dialog.firm_fields["email"], "intake@example.com")
    type_into(qtbot, dialog.firm_fields["phone"], "(213) 555-0142")
    dialog.logo_edit.setText(str(logo))
    type_into(qtbot, dialog.threshold_fields["early_mmi_days"], "400")
    type_into(qtbot, dialog.threshold_fields["deadline_warning_days"], "30")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert dialog.result() == dialog.DialogCode.Accepted
    firm = settings.firm()
    assert firm.name == "Villaseñor-Betancourt Abogados"
    assert firm.address == "1200 Wilshire Blvd.\nLos Angeles, CA 90017"
    assert firm.logo_path == str(logo)
    assert settings.thresholds() == Thresholds(early_mmi_days=400, deadline_warning_days=30)
    assert dialog.thresholds_changed


def test_the_signer_and_title_are_shown_and_kept(qtbot: QtBot, settings: SettingsStore) -> None:
    """A signer's title set from the command line is in the dialog, and saving the dialog
    keeps it (it was cleared: the dialog built the firm from its own fields only)."""
    settings.set_firm(FirmDetails(name="Alvarez & Kim LLP", phone="(213) 555-0142",
                                  signing_attorney="Ana Ruiz", signer_title="Attorney at Law"))
    dialog = open_dialog(qtbot, settings)
    assert dialog.firm_fields["signer_title"].text() == "Attorney at Law"  # type: ignore[union-attr]
    type_into(qtbot, dialog.firm_fields["email"], "intake@example.com")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    firm = settings.firm()
    assert (firm.signing_attorney, firm.signer_title) == ("Ana Ruiz", "Attorney at Law")
    assert firm.email == "intake@example.com"


def test_a_refused_save_writes_nothing(
    qtbot: QtBot, settings: SettingsStore, messages: Any
) -> None:
    settings.set_firm(FirmDetails(name="Old name"))
    before = audit_count(settings)
    dialog = open_dialog(qtbot, settings)
    type_into(qtbot, dialog.firm_fields["name"], "New name")  # fine on its own
    type_into(qtbot, dialog.firm_fields["email"], "intake at example")
    type_into(qtbot, dialog.threshold_fields["early_mmi_days"], "9000")
    type_into(qtbot, dialog.threshold_fields["min_visits"], "three")
    type_into(qtbot, dialog.threshold_fields["trend_window_days"], "-5")
    dialog.save()
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.isVisible()
    assert settings.firm().name == "Old name"
    assert settings.thresholds() == DEFAULT_THRESHOLDS
    assert audit_count(settings) == before
    text = messages.shown[-1].all_text
    assert "Nothing was changed" in text
    assert "Email: must be an email address, got 'intake at example'" in text
    assert "Early MMI (days after injury): must be at most 3650, got 9000" in text
    assert "Minimum visits before MMI: must be a whole number of visits, got 'three'" in text
    assert "Recent trend (days before MMI): must not be negative, got -5" in text
    assert "Firm name" not in text
    marked = [n for n, e in dialog.threshold_fields.items() if has_problem(e)]
    assert sorted(marked) == ["early_mmi_days", "min_visits", "trend_window_days"]
    assert has_problem(dialog.firm_fields["email"]) and not has_problem(dialog.firm_fields["name"])
    assert dialog.threshold_fields["min_visits"].toolTip().startswith("Minimum visits")
    assert not dialog.tabs.tabIcon(1).isNull()  # the other tab says it has problems
    # Fixed, the same dialog saves, and the marks go.
    type_into(qtbot, dialog.firm_fields["email"], "intake@example.com")
    dialog.reset_thresholds()
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert settings.firm() == FirmDetails(name="New name", email="intake@example.com")
    assert not dialog.thresholds_changed  # back to the defaults that were stored
    assert not any(has_problem(e) for e in dialog.threshold_fields.values())


def test_empty_threshold(qtbot: QtBot, settings: SettingsStore, messages: Any) -> None:
    dialog = open_dialog(qtbot, settings)
    type_into(qtbot, dialog.threshold_fields["imr_window_days"], "")
    dialog.save()
    assert (
        "IMR window after a denial (days): must be a whole number of days; it is empty"
        in messages.shown[-1].all_text
    )


def test_reset_to_defaults(qtbot: QtBot, settings: SettingsStore) -> None:
    settings.set_thresholds(Thresholds(early_mmi_days=120, min_visits=5))
    dialog = open_dialog(qtbot, settings)
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert dialog.threshold_fields["early_mmi_days"].text() == "90"
    assert dialog.threshold_fields["min_visits"].text() == "3"
    assert settings.thresholds().early_mmi_days == 120  # nothing saved before Save
    dialog.save()
    assert settings.thresholds() == DEFAULT_THRESHOLDS
    assert dialog.thresholds_changed


def test_logo_file_picker_and_preview(
    qtbot: QtBot, settings: SettingsStore, logo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [str(logo), ""]
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (answers.pop(0), ""))
    )
    dialog = open_dialog(qtbot, settings)
    assert dialog.logo_preview.text() == "No logo"
    choose = dialog.findChild(type(dialog.reset_button), "chooseLogo")
    qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
    assert dialog.logo_edit.text() == str(logo)
    preview = dialog.logo_preview.pixmap()
    assert not preview.isNull() and preview.width() <= 240 and preview.height() <= 90
    qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)  # cancelled: keeps the logo
    assert dialog.logo_edit.text() == str(logo)
    remove = dialog.findChild(type(dialog.reset_button), "removeLogo")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert dialog.logo_edit.text() == "" and dialog.logo_preview.text() == "No logo"


def test_a_logo_that_is_not_an_image_is_refused(
    qtbot: QtBot, settings: SettingsStore, tmp_path: Path, messages: Any
) -> None:
    text_file = tmp_path / "notes.png"
    text_file.write_text("not an image")
    dialog = open_dialog(qtbot, settings)
    dialog.logo_edit.setText(str(text_file))
    assert dialog.logo_preview.text() == "Cannot show this file"
    dialog.save()
    assert "Logo: notes.png is not an image" in messages.shown[-1].all_text
    dialog.logo_edit.setText(str(tmp_path / "gone.png"))
    dialog.save()
    assert "Logo: there is no file" in messages.shown[-1].all_text
    assert settings.firm().logo_path == ""


def test_phone(qtbot: QtBot, settings: SettingsStore, messages: Any) -> None:
    dialog = open_dialog(qtbot, settings)
    type_into(qtbot, dialog.firm_fields["phone"], "call the office")
    dialog.save()
    assert "Phone: may hold digits" in messages.shown[-1].all_text
    type_into(qtbot, dialog.firm_fields["phone"], "555-01")
    dialog.save()
    assert "Phone: needs at least 7 digits, got '555-01'" in messages.shown[-1].all_text
    type_into(qtbot, dialog.firm_fields["phone"], "+1 (213) 555-0142 x12")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_saving_nothing_new_writes_nothing(qtbot: QtBot, settings: SettingsStore) -> None:
    before = audit_count(settings)
    dialog = open_dialog(qtbot, settings)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert not dialog.thresholds_changed
    assert audit_count(settings) == before


def test_backups_to_keep(qtbot: QtBot, settings: SettingsStore) -> None:
    settings.save(backup_keep=4)
    dialog = open_dialog(qtbot, settings)
    assert dialog.backup_keep.value() == 4
    dialog.backup_keep.setValue(25)
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert dialog.result() == dialog.DialogCode.Accepted
    assert settings.backup_keep() == 25
    assert settings.firm() == FirmDetails()  # nothing else was written

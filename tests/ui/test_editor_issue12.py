"""The editor keeps and edits the case keys issue 12 added: the TD cap exception, the
return-to-work offer and employer size, the service of a UR decision, the report's own
date and the settlement."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.model import (
    Case,
    Resolution,
    ResolutionKind,
    ReturnToWorkOffer,
    ServiceMethod,
    TDCapException,
    TreatmentStatus,
)
from mmi_desktop.ui.editor import CaseEditor
from tests.conftest import EXAMPLES
from tests.ui.test_editor import typed

TODAY = date(2024, 7, 1)


@pytest.fixture
def editor(qtbot: QtBot) -> CaseEditor:
    widget = CaseEditor(today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def with_new_keys() -> Case:
    case = load_case(EXAMPLES / "pending-surgery.json")
    case.claim.td_cap_exception = TDCapException.SEVERE_BURNS
    case.claim.rtw_offer = ReturnToWorkOffer.NOT_OFFERED
    case.claim.employer_50_or_more = True
    entry = case.treatments[0].history[-1]
    entry.status = TreatmentStatus.DENIED  # a UR decision: the one kind of entry served
    entry.served = entry.date
    entry.served_by = ServiceMethod.ELECTRONIC
    declaration = case.mmi_declarations[0]
    declaration.report_date = declaration.report_received
    case.resolution = Resolution(
        ResolutionKind.COMPROMISE_AND_RELEASE,
        date(2024, 6, 3),
        date(2024, 6, 20),
        Decimal("18000.00"),
        True,
    )
    return case


def test_every_new_key_comes_back_unchanged(editor: CaseEditor) -> None:
    case = with_new_keys()
    original = copy.deepcopy(case)
    editor.load(case)
    assert editor.problems() == []
    assert typed(editor.current_case()) == typed(original)
    assert not editor.is_dirty()


def test_the_claim_fields_edit_the_new_keys(editor: CaseEditor) -> None:
    editor.load(load_case(EXAMPLES / "pending-surgery.json"))
    combo = editor.field_widget("claim.td_cap_exception")
    assert combo is not None
    combo.setCurrentIndex(combo.findData("amputation"))  # type: ignore[attr-defined]
    fifty = editor.field_widget("claim.employer_50_or_more")
    fifty.setCurrentIndex(2)  # type: ignore[union-attr]
    case = editor.current_case()
    assert case is not None
    assert case.claim.td_cap_exception is TDCapException.AMPUTATION
    assert case.claim.employer_50_or_more is False
    assert editor.is_dirty()


def test_a_settlement_is_recorded_from_its_kind(editor: CaseEditor) -> None:
    editor.load(load_case(EXAMPLES / "pending-surgery.json"))
    amount = editor.field_widget("resolution.amount")
    amount.setText("12,500")  # type: ignore[union-attr]
    assert "resolution.kind" in {p.path for p in editor.problems()}
    kind = editor.field_widget("resolution.kind")
    kind.setCurrentIndex(kind.findData("stipulated_award"))  # type: ignore[union-attr]
    case = editor.current_case()
    assert case is not None and case.resolution is not None
    assert case.resolution.kind is ResolutionKind.STIPULATED_AWARD
    assert case.resolution.amount == Decimal("12500.00")
    assert case.resolution.future_medical_stays_open()
    assert editor.problems() == []


def test_history_and_declaration_tables_have_the_new_columns(editor: CaseEditor) -> None:
    editor.load(with_new_keys())
    history = editor.table("treatments.history")
    declarations = editor.table("mmi_declarations")
    assert history is not None and declarations is not None
    assert {"served", "served_by"} <= {c.key for c in history.model.columns}
    assert "report_date" in {c.key for c in declarations.model.columns}

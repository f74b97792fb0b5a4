"""The analysis panel on its own: flags with evidence and actions, money, deadlines,
dismissed flags, and the question asked before a flag is dismissed."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.model import Case
from mmi_desktop.domain.results import Analysis, Severity
from mmi_desktop.paths import resource
from mmi_desktop.ui.analysis_panel import (
    AnalysisPanel,
    FlagCard,
    ask_dismiss_reason,
    attention_html,
    days_left_text,
    sentences,
)

AS_OF = date(2026, 11, 27)


def sample(name: str) -> Case:
    path = next(resource("samples").glob(f"*-{name}.json"))
    return load_case(path, today=AS_OF)


@dataclass
class Dismissal:
    reason: str
    os_user: str
    at: datetime


@pytest.fixture
def panel(qtbot: QtBot) -> AnalysisPanel:
    view = AnalysisPanel()
    qtbot.addWidget(view)
    view.resize(700, 900)
    view.show()
    qtbot.waitExposed(view)
    return view


def show(panel: AnalysisPanel, name: str, **kwargs: Any) -> tuple[Case, Analysis]:
    case = sample(name)
    result = analyze(case, AS_OF)
    panel.set_result(case, result, kwargs.pop("dismissals", None), AS_OF, **kwargs)
    return case, result


def test_flags_highest_severity_first_with_word_and_icon(panel: AnalysisPanel) -> None:
    show(panel, "dominguez")
    rules = [c.flag.rule for c in panel.cards]
    assert rules == ["DIAGNOSTICS_PENDING", "THERAPY_INCOMPLETE", "NOT_STABLE"]
    words = [c.badge.text() for c in panel.cards]
    assert words == ["High", "Medium", "Medium"]
    assert all(not c.badge.icon.pixmap().isNull() for c in panel.cards)
    assert panel.flags_section.summary.text() == "3 open: 1 high, 2 medium"


def test_a_card_shows_explanation_evidence_and_actions(panel: AnalysisPanel) -> None:
    show(panel, "dominguez")
    card = panel.card("DIAGNOSTICS_PENDING")
    assert card is not None
    assert "MRI left shoulder" in card.explanation.text()
    assert "11/13/2026" in card.explanation.text()
    assert [b.text() for b in card.evidence_buttons] == ["MRI left shoulder"]
    assert card.actions_label is not None
    assert "request a panel QME by 12/10/2026" in card.actions_label.text()
    visit = panel.card("NOT_STABLE")
    assert visit is not None and [b.text() for b in visit.evidence_buttons] == [
        "visit of 10/27/2026"
    ]


def test_clicking_evidence_asks_for_the_item(panel: AnalysisPanel, qtbot: QtBot) -> None:
    show(panel, "dominguez")
    card = panel.card("NOT_STABLE")
    assert card is not None
    with qtbot.waitSignal(panel.evidence_activated, timeout=1000) as blocker:
        qtbot.mouseClick(card.evidence_buttons[0], Qt.MouseButton.LeftButton)
    assert blocker.args == ["visit", "2026-10-27"]
    card = panel.card("DIAGNOSTICS_PENDING")
    assert card is not None
    with qtbot.waitSignal(panel.evidence_activated, timeout=1000) as blocker:
        qtbot.mouseClick(card.evidence_buttons[0], Qt.MouseButton.LeftButton)
    assert blocker.args == ["treatment", "t3"]


def test_dismiss_button_asks_for_that_flag(panel: AnalysisPanel, qtbot: QtBot) -> None:
    _, result = show(panel, "dominguez")
    card = panel.card("THERAPY_INCOMPLETE")
    assert card is not None and card.dismiss_button is not None
    with qtbot.waitSignal(panel.dismiss_requested, timeout=1000) as blocker:
        qtbot.mouseClick(card.dismiss_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] is result.flags[1]


def test_a_dismissed_flag_is_greyed_with_who_when_why(panel: AnalysisPanel) -> None:
    case = sample("dominguez")
    result = analyze(case, AS_OF)
    high = result.flags[0]
    note = Dismissal("MRI was cancelled by the PTP", "mgarcia", datetime(2026, 11, 20, 18))
    panel.set_result(case, result, {high.key: note}, AS_OF)
    card = panel.card("DIAGNOSTICS_PENDING")
    assert card is not None and card.is_dismissed()
    assert card.dismissed_label is not None
    assert card.dismissed_label.text() == (
        "Dismissed by mgarcia on 11/20/2026: MRI was cancelled by the PTP"
    )
    assert card.dismiss_button is None and card.actions_label is None
    assert card.property("dismissed") is True  # grey, not the high flag's tint
    from mmi_desktop.ui.analysis_panel import PANEL_STYLE

    assert 'QFrame#flagCard[dismissed="true"] { background:#f4f4f4' in PANEL_STYLE
    # Dismissed flags go below the open ones; the summary counts them apart.
    assert panel.cards[-1] is card
    assert panel.flags_section.summary.text() == "2 open: 2 medium · 1 dismissed"


def test_dismissals_as_a_lookup_function(panel: AnalysisPanel) -> None:
    note = Dismissal("seen", "ana", datetime(2026, 11, 1, 12))
    show(panel, "pruitt", dismissals=lambda f: note if f.rule == "INCOMPLETE_REPORT" else None)
    assert [c.flag.rule for c in panel.cards if c.is_dismissed()] == ["INCOMPLETE_REPORT"]


def test_money_with_how_it_was_computed(panel: AnalysisPanel) -> None:
    show(panel, "dominguez")
    values = {k: v.text() for k, v in panel.money_values.items()}
    assert values["td_rate"] == "$466.67"
    assert values["td_weeks_paid"] == "41.14"
    assert values["td_weeks_left"] == "62.86"
    # The full schedule rating: group 360 (packer, agricultural produce), age 41 at injury.
    assert values["pd_percent"] == "14%"
    assert panel.rating_view.plain_text().splitlines()[0] == (
        "left shoulder: 16.02.01.00 - 4 - [1.4]6 - 360G - 7 - 7"
    )
    assert values["pd_total"] == "46.25 weeks × $290.00 = $13,412.50"
    assert "pd_percent_note" not in values
    assert "life_pension" not in values
    no_pd = panel.findChild(QLabel, "money_pd_none")
    assert no_pd is not None and not no_pd.isVisibleTo(panel)
    # The how names the rule and the figures used.
    assert "LC 4453" in values["how_td"] and "$700.00" in values["how_td"]
    assert "LC 4658(d)" in values["how_pd"] and "46.25 weeks × $290.00" in values["how_pd"]


def test_life_pension_when_the_rating_is_70_or_more(panel: AnalysisPanel) -> None:
    case = copy.deepcopy(sample("dominguez"))
    case.mmi_declarations[-1].pd_percent = Decimal("75")
    case.claim.average_weekly_wage = Decimal("750")
    panel.set_result(case, analyze(case, AS_OF), None, AS_OF)
    values = {k: v.text() for k, v in panel.money_values.items()}
    assert values["pd_percent"] == "75%"  # entered, not estimated
    assert values["life_pension"].startswith("$115.96 a week")
    assert "LC 4659(a)" in values["how_pd"]


def test_permanent_total(panel: AnalysisPanel) -> None:
    case = copy.deepcopy(sample("dominguez"))
    case.mmi_declarations[-1].pd_percent = Decimal("100")
    panel.set_result(case, analyze(case, AS_OF), None, AS_OF)
    assert panel.money_values["pd_total"].text() == "$466.67 a week for life (the TD rate)"


def test_no_declaration_no_pd(panel: AnalysisPanel) -> None:
    case = copy.deepcopy(sample("dominguez"))
    case.mmi_declarations.clear()
    panel.set_result(case, analyze(case, AS_OF), None, AS_OF)
    assert "pd_percent" not in panel.money_values
    no_pd = panel.findChild(QLabel, "money_pd_none")
    assert no_pd is not None and no_pd.isVisibleTo(panel)
    assert [c.flag.rule for c in panel.cards] == []


def test_deadlines_days_left_and_the_warning_window(panel: AnalysisPanel) -> None:
    show(panel, "dominguez")
    rows = {r.deadline.kind: r for r in panel.deadline_rows}
    assert rows["PD_FIRST_PAYMENT"].due.text() == "11/30/2026"
    assert rows["PD_FIRST_PAYMENT"].left.text() == "Soon: 3 days left"
    assert rows["PD_FIRST_PAYMENT"].within and not rows["PD_FIRST_PAYMENT"].mark.pixmap().isNull()
    assert rows["OBJECTION_TO_REPORT"].within  # 13 days, window 14
    assert not rows["SJDB_OFFER_WINDOW"].within
    assert rows["SJDB_OFFER_WINDOW"].left.text() == "53 days left"
    assert rows["SJDB_OFFER_WINDOW"].mark.pixmap().isNull()
    assert "LC 4062(a)" in rows["OBJECTION_TO_REPORT"].basis.text()
    assert rows["OBJECTION_TO_REPORT"].title.text() == "Object to the medical report"
    # A narrower window leaves the objection out of it.
    show(panel, "dominguez", warning_days=10)
    rows = {r.deadline.kind: r for r in panel.deadline_rows}
    assert rows["PD_FIRST_PAYMENT"].within and not rows["OBJECTION_TO_REPORT"].within
    assert rows["OBJECTION_TO_REPORT"].left.text() == "13 days left"


def test_passed_and_estimated_deadlines(panel: AnalysisPanel) -> None:
    case = copy.deepcopy(sample("pruitt"))
    case.mmi_declarations[0].report_received = None
    panel.set_result(case, analyze(case, AS_OF), None, AS_OF)
    rows = {r.deadline.kind: r for r in panel.deadline_rows}
    objection = rows["OBJECTION_TO_REPORT"]
    assert objection.passed and objection.left.text().startswith("passed ")
    assert objection.title.text() == "Object to the medical report  (estimated)"
    assert "estimated" in objection.basis.text()


def test_no_case(panel: AnalysisPanel) -> None:
    show(panel, "dominguez")
    panel.set_result(None, None)
    assert panel.cards == [] and panel.deadline_rows == [] and panel.money_values == {}


def test_notice(panel: AnalysisPanel) -> None:
    panel.set_notice("Showing the last readable state")
    assert panel.notice.isVisible() and "readable" in panel.notice.text()
    panel.set_notice(None)
    assert not panel.notice.isVisible()


def test_a_long_spanish_name_wraps_inside_the_panel(panel: AnalysisPanel) -> None:
    case, _ = show(panel, "villasenor-betancourt")
    panel.resize(420, 900)
    card = panel.card("SURGERY_PENDING")
    assert card is not None
    assert card.geometry().right() <= panel.scroll.viewport().width()
    assert card.explanation.width() <= card.width()


def test_attention_line(panel: AnalysisPanel) -> None:
    case = sample("dominguez")
    result = analyze(case, AS_OF)
    line = attention_html(result, set(), AS_OF, 14)
    assert "High" in line and "3 flags" in line
    assert "First PD payment due: 11/30/2026 (3 days left)" in line and "Soon:" in line
    quiet = attention_html(result, {f.key for f in result.flags}, AS_OF, 2)
    assert "No open flags" in quiet and "Soon:" not in quiet


def test_days_left_words() -> None:
    assert [days_left_text(n) for n in (0, 1, 2, -1, -3, 1200)] == [
        "due today",
        "1 day left",
        "2 days left",
        "passed yesterday",
        "passed 3 days ago",
        "1,200 days left",
    ]


def test_how_is_cut_into_sentences() -> None:
    text = (
        "TD paid: 288 days; 288 / 7 = 41.14 weeks. 62.86 weeks remain under the cap "
        "(LC 4656(c)(2)). Weekly rate: $1,290.00 = $860.00, within the limits."
    )
    assert sentences(text) == [
        "TD paid: 288 days; 288 / 7 = 41.14 weeks.",
        "62.86 weeks remain under the cap (LC 4656(c)(2)).",
        "Weekly rate: $1,290.00 = $860.00, within the limits.",
    ]


def test_ask_dismiss_reason(panel: AnalysisPanel, dismiss_answers: Any, messages: Any) -> None:
    _, result = show(panel, "dominguez")
    dismiss_answers.queue[:] = [
        ("  PTP says the MRI is not needed  ", True),
        ("   ", True),  # blank: OK stays disabled, nothing is dismissed
        ("ignored", False),  # cancelled
    ]
    flag = result.flags[0]
    assert ask_dismiss_reason(panel, flag) == "PTP says the MRI is not needed"
    assert ask_dismiss_reason(panel, flag) is None
    assert ask_dismiss_reason(panel, flag) is None
    assert dismiss_answers.ok_enabled == [True, False, True]
    assert messages.shown == []  # no warning after the fact: the dialog said it


def test_the_dismiss_dialog_needs_a_reason_and_tab_leaves_the_box(qtbot: Any) -> None:
    from mmi_desktop.ui.dismiss_dialog import DismissDialog

    dialog = DismissDialog("Surgery still pending")
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Surgery still pending" in dialog.question.text()
    assert not dialog.ok_button.isEnabled() and dialog.hint.isVisibleTo(dialog)
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "  ")
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)
    assert "\t" not in dialog.reason.toPlainText()
    qtbot.keyClicks(dialog.reason, "PTP withdrew the request")
    assert dialog.ok_button.isEnabled() and not dialog.hint.isVisibleTo(dialog)
    assert dialog.text() == "PTP withdrew the request"


def test_same_result_is_not_shown_again(
    panel: AnalysisPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, result = show(panel, "dominguez")
    shown: list[str] = []
    show_flag = FlagCard.show_flag

    def counted(card: FlagCard, flag: Any, *args: Any) -> None:
        shown.append(flag.rule)
        show_flag(card, flag, *args)

    monkeypatch.setattr(FlagCard, "show_flag", counted)
    panel.set_result(case, analyze(copy.deepcopy(case), AS_OF), None, AS_OF)
    assert shown == []
    case.treatment("t3").description = "Something else"
    panel.set_result(case, analyze(case, AS_OF), None, AS_OF)
    assert "DIAGNOSTICS_PENDING" in shown
    card = panel.card("DIAGNOSTICS_PENDING")
    assert card is not None and [b.text() for b in card.evidence_buttons] == ["Something else"]
    assert "Something else" in card.explanation.text()


def on_screen(panel: AnalysisPanel) -> list[tuple[Any, ...]]:
    """What the panel shows, in reading order: where, which text, how it looks."""
    content = panel.scroll.widget()
    seen = []
    for widget in content.findChildren(QWidget):
        if not widget.isVisibleTo(panel):
            continue
        at = widget.mapTo(content, QPoint(0, 0))
        text = widget.text() if isinstance(widget, QLabel | QPushButton) else ""
        pixmap = isinstance(widget, QLabel) and not widget.pixmap().isNull()
        font, colour = widget.font(), widget.palette().color(widget.foregroundRole()).name()
        look = (font.bold(), font.italic(), colour, widget.property("dismissed"), pixmap)
        seen.append((at.y(), at.x(), widget.size().toTuple(), text, look))
    return sorted(seen)


def test_a_panel_that_showed_other_cases_shows_this_one_as_a_new_panel_would(
    panel: AnalysisPanel, qtbot: QtBot
) -> None:
    """The panel keeps its cards and lines from case to case: nothing of an earlier case
    (a dismissed grey, a third evidence link, a life pension, a passed deadline's colour)
    may stay behind."""
    seen = Dismissal("seen", "ana", datetime(2026, 11, 1, 12))
    no_declaration = copy.deepcopy(sample("dominguez"))
    no_declaration.mmi_declarations.clear()
    cases = [
        (sample("dominguez"), "high dismissed"),  # a grey card, three cards
        (sample("salazar"), None),  # no flags, a life pension, passed deadlines
        (sample("anderson"), None),  # one low flag with two evidence links
        (sample("walsh"), None),  # two deadlines, one soon
        (no_declaration, None),  # no PD
        (sample("pruitt"), "first dismissed"),  # four cards, the first grey
        (sample("dominguez"), None),  # the grey card live again
    ]
    for case, dismissed in cases:
        result = analyze(case, AS_OF)
        dismissals = {result.flags[0].key: seen} if dismissed else {}
        panel.set_result(case, result, dismissals, AS_OF)
        fresh = AnalysisPanel()
        qtbot.addWidget(fresh)
        fresh.resize(panel.size())
        fresh.show()
        qtbot.waitExposed(fresh)
        fresh.set_result(case, result, dismissals, AS_OF)
        assert on_screen(panel) == on_screen(fresh), case.client.last_name
        assert panel.scroll.widget().grab().toImage() == fresh.scroll.widget().grab().toImage()
        assert [c.flag for c in panel.cards] == [c.flag for c in fresh.cards]
        fresh.close()


def test_severity_scheme_is_one_for_all() -> None:
    from mmi_desktop.ui import severity

    words = [severity.word(s) for s in Severity]
    assert words == ["High", "Medium", "Low"]
    assert len({severity.style(s).colour for s in Severity}) == 3
    assert len({severity.style(s).symbol for s in Severity}) == 3
    assert all(not severity.icon(s).isNull() for s in Severity)


def test_panel_shows_the_voucher_status_and_the_return_to_work_rate(qtbot) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from mmi_desktop.domain.analysis import analyze
    from mmi_desktop.domain.casefile import load_case
    from mmi_desktop.domain.model import ReturnToWorkOffer, TDPeriod
    from mmi_desktop.ui.analysis_panel import AnalysisPanel
    from tests.conftest import EXAMPLES

    panel = AnalysisPanel()
    qtbot.addWidget(panel)
    case = load_case(EXAMPLES / "clean.json")
    case.claim.body_parts.append("psyche")  # not yet found P&S: the voucher waits
    panel.set_result(case, analyze(case, date(2024, 3, 1)))
    assert panel.money_values["sjdb"].text() == "offer window not started"
    assert "“psyche”" in panel.money_values["sjdb_note"].text()
    assert "pd_adjusted" not in panel.money_values

    old = load_case(EXAMPLES / "clean.json")
    old.claim.date_of_injury = date(2010, 6, 1)
    old.claim.rtw_offer = ReturnToWorkOffer.NOT_OFFERED
    old.claim.employer_50_or_more = True
    for m in old.mmi_declarations:
        m.date, m.report_received = date(2011, 3, 1), date(2011, 3, 5)
    old.temporary_disability = [TDPeriod(date(2010, 6, 2), date(2011, 3, 1))]
    panel.set_result(old, analyze(old, date(2024, 3, 1)))
    assert panel.money_values["pd_adjusted"].text() == "$264.50 a week (+15 %, LC 4658(d))"
    assert "sjdb" not in panel.money_values  # no voucher table before 2013

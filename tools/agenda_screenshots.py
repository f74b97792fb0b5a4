"""Screenshots of the agenda view with invented cases, at office screen sizes.

    QT_QPA_PLATFORM=offscreen python tools/agenda_screenshots.py OUT_FOLDER

Writes agenda-1366x768.png and agenda-1920x1080.png (and the Add follow-up dialog) to look
at: nothing clipped, Overdue red and first, Later collapsed.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from mmi_desktop.domain.agenda import (
    AgendaItem,
    FollowUp,
    Mark,
    deadline_item,
    follow_up_item,
)
from mmi_desktop.domain.deadlines import (
    NEW_AND_FURTHER,
    OBJECTION_TO_REPORT,
    PD_FIRST_PAYMENT,
    SJDB_OFFER_WINDOW,
    TD_CAP,
)
from mmi_desktop.ui.agenda import AgendaView, FollowUpDialog

TODAY = date(2026, 12, 2)

# Invented clients (no real person).
CLIENTS = {
    1: "Alvarez, Maria", 2: "Baker, Tom", 3: "Chen, Li", 4: "Delgado-Fitzgerald, Anastasia",
    5: "Evans, Rob", 6: "Flores, Juan Carlos", 7: "Garcia, Elena", 8: "Hughes, Pat",
    9: "Ibarra, Sofía", 10: "Jackson, Dee",
}


def sample() -> tuple[list[AgendaItem], dict[str, Mark]]:
    def dl(case: int, kind: str, days: int, decl: str | None = None,
           estimated: bool = False) -> AgendaItem:
        return deadline_item(case, CLIENTS[case], kind, decl, TODAY + timedelta(days=days),
                             estimated)

    def fu(number: int, case: int, days: int, text: str) -> AgendaItem:
        return follow_up_item(FollowUp(number, case, TODAY + timedelta(days=days), text),
                              CLIENTS[case])

    items = [
        dl(1, PD_FIRST_PAYMENT, -2), dl(4, OBJECTION_TO_REPORT, -5, "m1"),
        fu(1, 7, -1, "Call the client back about the missed QME appointment"),
        dl(2, OBJECTION_TO_REPORT, 0, "m2", estimated=True),
        fu(2, 5, 0, "Ask the adjuster for the PTP's supplemental report"),
        dl(3, TD_CAP, 2), dl(6, SJDB_OFFER_WINDOW, 3, "m1"),
        fu(3, 9, 4, "Send the Spanish letter and the mileage form to the client"),
        dl(8, OBJECTION_TO_REPORT, 6, "m1"), dl(10, PD_FIRST_PAYMENT, 9),
        fu(4, 4, 11, "Check whether the surgery was authorized (UR decision)"),
        dl(5, TD_CAP, 40), dl(7, SJDB_OFFER_WINDOW, 55, "m3"),
    ]
    items += [dl(c, NEW_AND_FURTHER, 400 + 97 * c) for c in CLIENTS]
    marks = {
        items[0].key: Mark(items[0].key, 1, owner="Ana Ruiz",
                           note="Adjuster says the check went out 11/30; confirm with client"),
        items[3].key: Mark(items[3].key, 2, owner="Ben Ortiz"),
        items[5].key: Mark(items[5].key, 3, done_by="Ana Ruiz",
                           done_at=datetime(2026, 12, 1, 15, 20)),
    }
    return items, marks


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    out.mkdir(parents=True, exist_ok=True)
    items, marks = sample()
    for width, height in ((1366, 768), (1920, 1080)):
        view = AgendaView()
        view.resize(width, height)
        view.show_agenda(items, marks, TODAY, CLIENTS)
        view.show()
        app.processEvents()
        view.grab().save(str(out / f"agenda-{width}x{height}.png"))
        view.close()
    dialog = FollowUpDialog(None, CLIENTS, TODAY, 4, ["Ana Ruiz", "Ben Ortiz"])
    dialog.show()
    dialog.accept()  # empty text: the refusal shows
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(out / "agenda-follow-up-dialog.png"))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "agenda-screenshots"))

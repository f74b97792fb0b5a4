"""The editor's ways to the rating schedule: the claim's occupation and group, chosen from
Section 3A or typed by hand, and an impairment's number, found in Section 2 by its title."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from mmi_desktop.ui.schedule_picker import group_description, pick_impairment, pick_occupation

if TYPE_CHECKING:
    from mmi_desktop.ui.editor.forms import IntField, TextField
    from mmi_desktop.ui.editor.tables import TablePanel


def occupation_title(schedule_title: str) -> str:
    """A schedule title as the case keeps it: 'FORKLIFT OPERATOR' -> 'Forklift operator'."""
    return schedule_title[:1] + schedule_title[1:].lower()


def _row(*widgets: QWidget, stretch: int = 0) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if i == stretch else 0)
    return box


def occupation_row(occupation: TextField, group: IntField) -> QWidget:
    """The occupation line and a button that finds a schedule title and sets its group too.
    A title typed by hand stays as typed; its group is then chosen by hand."""
    button = QPushButton("Find &occupation…")
    button.setObjectName("findOccupation")
    button.setToolTip(
        "Find the occupation in the 2005 rating schedule; its group number is filled in too"
    )

    def choose() -> None:
        found = pick_occupation(button.window(), occupation.widget.text())
        if found is not None:
            occupation.widget.setText(occupation_title(found.title))
            group.widget.set_int_value(found.group)

    button.clicked.connect(choose)
    box = _row(occupation.widget, button)
    box.setFocusProxy(occupation.widget)
    return box


class GroupNote(QLabel):
    """What the group number means ('Drivers; medium work'), or a warning that the rating
    cannot be completed without a group the schedule knows."""

    def __init__(self, group: IntField) -> None:
        super().__init__()
        self.setObjectName("groupNote")
        self._group = group
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        group.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        value = self._group.read()
        number = value if isinstance(value, int) else None
        if number is None:
            text, warn = "None: the PD rating stops before the occupation and age steps", True
        else:
            description = group_description(number)
            warn = description.startswith("not one")
            text = description
        self.setText(("⚠ " if warn else "") + text)
        self.setProperty("warning", warn)
        self.setToolTip(
            "The rating schedule's occupational group (Section 3): with the client's date of "
            "birth it lets the app compute the full PD rating."
        )

    def warns(self) -> bool:
        return bool(self.property("warning"))


def group_row(group: IntField) -> tuple[QWidget, GroupNote]:
    note = GroupNote(group)
    box = _row(group.widget, note, stretch=1)
    box.setFocusProxy(group.widget)
    return box, note


def attach_impairment_picker(panel: TablePanel) -> QPushButton:
    """A button beside the impairments' add/remove that finds a schedule number by its title
    and puts it in the current impairment (a new one when none is selected)."""
    button = QPushButton("Find &number…", panel)
    button.setObjectName("findImpairmentNumber")
    button.setToolTip(
        "Find the impairment number in the 2005 rating schedule by its title, e.g. lumbar DRE"
    )

    def choose() -> None:
        row = panel.current_row()
        current = ""
        if row >= 0:
            current = str(panel.model.rows[row].values.get("impairment_number") or "")
        found = pick_impairment(button.window(), current)
        if found is None:
            return
        if row < 0:  # a new impairment, its body part open for typing
            panel.add_row()
            panel.model.setData(panel.index(panel.current_row(), "impairment_number"), found.number)
            return
        panel.model.setData(panel.index(row, "impairment_number"), found.number)
        panel.select_rows([row], "wpi")

    button.clicked.connect(choose)
    panel.add_tool(button)
    return button

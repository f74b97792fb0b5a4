"""One change broadcast for the window: every write goes through a service that returns a
`Change`, the window publishes it here once, and each view (case list, Needs attention, the
open case, its History, what shows the settings) refreshes what the change touched.

Changes made elsewhere (another window, another caseworker on the firm's server) come in
through `external()`, on the same signal, so no view has a second way to learn of them."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from mmi_desktop.services.changes import Change


class ChangeHub(QObject):
    """`changed(Change)`: emitted once per write, after it is in the database."""

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._external = False
        self.published = 0  # how many changes went out (the views' refreshes follow each)

    def publish(self, change: Change) -> None:
        """A write made in this window; nothing is sent for a change that touched nothing."""
        if change:
            self.published += 1
            self.changed.emit(change)

    def external(self, change: Change) -> None:
        """A write made elsewhere: the views refresh as for their own, and the open case,
        if it was touched, is read again (its editor kept when it has unsaved changes)."""
        if not change:
            return
        self._external = True
        try:
            self.publish(change)
        finally:
            self._external = False

    @property
    def from_elsewhere(self) -> bool:
        """True while a change made elsewhere is being delivered."""
        return self._external

"""Moving in: a PC's whole SQLite database into the firm server (or another database)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mmi_desktop.services.changes import Change
from mmi_desktop.services.workspace import Workspace

if TYPE_CHECKING:
    from mmi_desktop.store.transfer import Moved


def transfer(source: str, target: str, *, merge: bool = False) -> tuple[Moved, Change]:
    """Move every case, the audit log, the dismissals and the settings of the database
    `source` into `target` (created or upgraded first), all or nothing. Refused when the
    target already holds cases, unless `merge` (a duplicate is left out and named).
    Returns what was moved (store.transfer.Moved) and the change the target saw."""
    from mmi_desktop.store.database import open_database
    from mmi_desktop.store.transfer import transfer as move

    with Workspace.open(source) as from_ws, Workspace(open_database(target)) as to_ws:
        if from_ws.db.location == to_ws.db.location:
            from mmi_desktop.store.records import StoreError

            raise StoreError(f"{source} and {target} are the same database; nothing was moved.")
        moved = move(from_ws.db, to_ws.db, merge=merge)
    return moved, Change.all()

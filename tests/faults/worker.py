"""A process that writes to a database until it is killed (used by the fault tests)."""

from __future__ import annotations

import sys
from datetime import date

from mmi_desktop.domain.casefile import load_case
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import open_database
from tests.conftest import EXAMPLES

BATCH = 5


def main(path: str) -> None:
    db = open_database(path)
    store = CaseStore(db, today=lambda: date(2026, 11, 27))
    template = load_case(EXAMPLES / "pending-surgery.json")
    # Load the analysis engine (and its tables) before saying ready: on a busy machine its
    # first load took longer than the kill's longest wait, and no trial wrote anything.
    from mmi_desktop.domain.analysis import analyze

    analyze(template, date(2026, 11, 27))
    n = 0
    print("ready", flush=True)
    while True:
        n += 1
        # An import of BATCH cases (one transaction), then a save that changes two fields
        # together: a whole write leaves both equal.
        ids = store.import_cases([template] * BATCH)
        stored = store.load(ids[0])
        case = stored.case
        case.client.phone = f"(555) 555-{n % 10000:04d}"
        case.notes = f"save {n % 10000:04d}"
        store.save(stored.id, case, stored.version)


if __name__ == "__main__":
    main(sys.argv[1])

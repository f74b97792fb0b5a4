"""The agenda at scale: reading it, grouping it, the case list's next due, showing it in the
view and ticking one line done, on a database of generated cases.

    python benchmarks/generate.py --cases 10000 -o /tmp/bench.sqlite
    QT_QPA_PLATFORM=offscreen python benchmarks/agenda.py /tmp/bench.sqlite

Adds (once) 2,000 follow-ups and 1,000 marks to the database, then prints the median of a
few runs of each step. Figures only: nothing here passes or fails.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from mmi_desktop.domain.agenda import grouped, next_due_by_case
from mmi_desktop.store.agenda import AgendaStore
from mmi_desktop.store.database import open_database


def median_ms(fn: Callable[[], Any], runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main(path: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from mmi_desktop.ui.agenda import AgendaView

    today = date.today()
    db = open_database(path, create=False)
    try:
        agenda = AgendaStore(db, "benchmark")
        clients = agenda.clients()
        if not agenda.follow_ups():
            rng = random.Random(17)
            ids = sorted(clients)
            for n in range(2000):
                agenda.add_follow_up(rng.choice(ids), today + timedelta(days=rng.randint(0, 60)),
                                     f"Follow-up {n}", rng.choice(["", "Ana", "Ben"]))
            items, _ = agenda.agenda()
            for item in rng.sample(items, 1000):
                agenda.mark_done(item.key)
        items, marks = agenda.agenda()
        print(f"{len(clients):,} cases, {len(items):,} agenda items, {len(marks):,} marks")
        print(f"read the agenda (store)      {median_ms(agenda.agenda):8.1f} ms")
        print(f"group it (domain)            "
              f"{median_ms(lambda: grouped(items, marks, today)):8.1f} ms")
        print(f"next due of every case       "
              f"{median_ms(lambda: next_due_by_case(items, marks, today)):8.1f} ms")
        app = QApplication.instance() or QApplication(sys.argv)
        view = AgendaView()
        view.resize(1366, 768)
        view.show()

        def show() -> None:
            view.show_agenda(items, marks, today, clients)
            app.processEvents()

        print(f"show it in the view          {median_ms(show):8.1f} ms")
        keys = view.visible_keys()

        def tick() -> None:
            key = keys.pop(0)
            view.set_done(key, True)
            app.processEvents()

        print(f"tick one line done (view)    {median_ms(tick):8.1f} ms")
        open_keys = [i.key for i in items if i.key not in marks]
        store_keys = iter(open_keys[-10:])
        print(f"mark done in the store       "
              f"{median_ms(lambda: agenda.mark_done(next(store_keys))):8.1f} ms")
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1])))

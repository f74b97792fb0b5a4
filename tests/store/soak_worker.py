"""One caseworker of the soak test (tests/store/test_soak.py): `M` edits of random fields of
random cases on the server, with random pauses; each outcome, once known, appended to a
report file one line a save:

  ok CASE VERSION FIELD VALUE       the save was accepted (committed) as that version
  refused CASE FIELD VALUE          the save was refused (changed elsewhere since loaded)

Run as: python -m tests.store.soak_worker URL WORKER EDITS SEED REPORT [--pause-ms N]"""

from __future__ import annotations

import argparse
import random
import sys
import time

FIELDS = ("notes", "claim.employer", "claim.claims_administrator", "claim.occupation")


def set_field(case, field: str, value: str) -> None:  # type: ignore[no-untyped-def]
    if field == "notes":
        case.notes = value
    else:
        setattr(case.claim, field.split(".", 1)[1], value)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("worker", type=int)
    parser.add_argument("edits", type=int)
    parser.add_argument("seed", type=int)
    parser.add_argument("report")
    parser.add_argument("--pause-ms", type=float, default=5.0)
    args = parser.parse_args(argv)

    from mmi_desktop.store.cases import CaseStore, StaleCaseError
    from mmi_desktop.store.database import open_database

    rng = random.Random(args.seed)
    db = open_database(args.url, create=False)
    store = CaseStore(db)
    ids = store.ids()
    with open(args.report, "a", encoding="utf-8") as out:
        out.write("started\n")
        out.flush()
        for edit in range(args.edits):
            case_id = rng.choice(ids)
            stored = store.load(case_id)
            field = rng.choice(FIELDS)
            value = f"w{args.worker}-e{edit}"
            set_field(stored.case, field, value)
            time.sleep(rng.uniform(0, args.pause_ms) / 1000)  # (a person types)
            try:
                version = store.save(case_id, stored.case, stored.version)
            except StaleCaseError:
                out.write(f"refused {case_id} {field} {value}\n")
            else:
                out.write(f"ok {case_id} {version} {field} {value}\n")
            out.flush()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Synthetic databases for benchmarks: N invented cases with full timelines.

    python benchmarks/generate.py --cases 10000 -o /tmp/bench.sqlite
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from mmi_desktop.domain.model import (
    Address,
    Case,
    Claim,
    Client,
    Impairment,
    Language,
    MMIDeclaration,
    Provider,
    ProviderRole,
    Restriction,
    StatusChange,
    TDPeriod,
    Treatment,
    TreatmentCategory,
    TreatmentStatus,
    Trend,
    Visit,
)
from mmi_desktop.domain.pdrs import occupations

FIRST = ["Maria", "Jose", "Ana", "Luis", "Rosa", "Kevin", "Linh", "Derek", "Aisha", "Tomas",
         "Guadalupe", "Samuel", "Priya", "Elena", "Marcus", "Yesenia", "Hector", "Grace"]
LAST = ["Lopez", "Nguyen", "Garcia", "Smith", "Delgado", "Tran", "Johnson", "Ramirez",
        "Okafor", "Castillo", "Hernandez-Villanueva", "Patel", "Morales", "Kim", "Reyes"]
EMPLOYERS = ["Valley Packing Co.", "Central Freight Lines", "Sunrise Care Home",
             "Harbor Builders", "Golden State Grocers", "Delta Orchards"]
# Each claimed body part with an impairment number of the 2005 rating schedule's Section 2.
PART_NUMBERS = {
    "lumbar spine": "15.03.01.00", "cervical spine": "15.01.01.00",
    "right shoulder": "16.02.01.00", "left shoulder": "16.02.01.00",
    "right knee": "17.05.04.00", "left knee": "17.05.10.04", "right wrist": "16.04.01.00",
    "left ankle": "17.07.04.00", "right elbow": "16.03.01.00", "right hand": "16.05.01.00",
}
PARTS = list(PART_NUMBERS)
TREATMENTS = [
    (TreatmentCategory.DIAGNOSTIC, "MRI"), (TreatmentCategory.THERAPY, "Physical therapy"),
    (TreatmentCategory.INJECTION, "Epidural steroid injection"),
    (TreatmentCategory.SURGERY, "Arthroscopy"), (TreatmentCategory.REFERRAL, "Pain management"),
    (TreatmentCategory.MEDICATION, "Anti-inflammatory course"),
]
PATHS = [
    [TreatmentStatus.RECOMMENDED, TreatmentStatus.REQUESTED, TreatmentStatus.AUTHORIZED,
     TreatmentStatus.COMPLETED],
    [TreatmentStatus.RECOMMENDED, TreatmentStatus.REQUESTED, TreatmentStatus.UNDER_REVIEW,
     TreatmentStatus.DENIED, TreatmentStatus.IMR_REQUESTED],
    [TreatmentStatus.RECOMMENDED, TreatmentStatus.REQUESTED, TreatmentStatus.UNDER_REVIEW],
    [TreatmentStatus.AUTHORIZED, TreatmentStatus.IN_PROGRESS, TreatmentStatus.COMPLETED],
]


def make_case(rng: random.Random, today: date) -> Case:
    """One invented case with 3–8 treatments, 6–20 visits and (mostly) an MMI declaration;
    its occupation is one of the rating schedule's (Section 3A) with its group."""
    job = rng.choice(occupations())
    doi = date(2019, 1, 1) + timedelta(days=rng.randrange(0, (today - date(2019, 1, 1)).days - 200))
    parts = rng.sample(PARTS, rng.randint(1, 3))
    providers = [Provider("ptp", "Dr. " + rng.choice(LAST), ProviderRole.PTP, "orthopedics"),
                 Provider("qme", "Dr. " + rng.choice(LAST), ProviderRole.QME, "orthopedics")]
    treatments = []
    for i in range(rng.randint(3, 8)):
        category, name = rng.choice(TREATMENTS)
        day = doi + timedelta(days=rng.randint(1, 120))
        history = []
        for status in rng.choice(PATHS):
            day += timedelta(days=rng.randint(3, 40))
            if day > today:
                break
            history.append(StatusChange(day, status))
        therapy = category is TreatmentCategory.THERAPY
        authorized = rng.choice([None, 12, 18, 24]) if therapy else None
        treatments.append(Treatment(
            f"t{i + 1}", category, f"{name} {rng.choice(parts)}", rng.choice(parts), "ptp",
            authorized, min(authorized, rng.randint(0, 24)) if authorized else None, history))
    visits = []
    day = doi
    for _ in range(rng.randint(6, 20)):
        day += timedelta(days=rng.randint(10, 45))
        if day > today:
            break
        visits.append(Visit(day, "ptp", rng.choice(list(Trend)), None))
    declarations = []
    if rng.random() < 0.8 and doi + timedelta(days=200) < today:
        mmi = doi + timedelta(days=rng.randint(60, min(900, (today - doi).days - 30)))
        declarations.append(MMIDeclaration(
            "m1", mmi, rng.choice(["ptp", "qme"]), mmi + timedelta(days=rng.randint(2, 20)),
            parts[: rng.randint(1, len(parts))], rng.choice([True, None]),
            [Impairment(p, PART_NUMBERS[p], Decimal(rng.randint(2, 25)), None,
                        Decimal(rng.choice([0, 10, 20]))) for p in parts],
            restrictions=[Restriction("No lifting over 25 lbs", parts[0], True)]))
        td_end = mmi if mmi <= today else None
    else:
        td_end = None
    td = [TDPeriod(doi + timedelta(days=1), td_end)]
    if td_end is None and td[0].start > today:
        td = []
    return Case(
        client=Client(rng.choice(FIRST), rng.choice(LAST), date(1965, 1, 1) + timedelta(
            days=rng.randint(0, 12000)), rng.choice([Language.EN, Language.ES]),
            "(555) 555-0100", None, Address("100 Main St", None, "Fresno", "CA", "93721")),
        claim=Claim(doi, parts, f"C-{rng.randint(10**7, 10**8 - 1)}",
                    f"ADJ{rng.randint(10**7, 10**8 - 1)}", employer=rng.choice(EMPLOYERS),
                    occupation=job.title.capitalize(), occupational_group=job.group,
                    average_weekly_wage=Decimal(rng.randint(500, 2200)).quantize(Decimal("0.01"))),
        providers=providers, treatments=treatments, visits=visits,
        mmi_declarations=declarations, temporary_disability=td,
    )


def generate(path: Path, count: int, seed: int = 7, today: date | None = None) -> float:
    """Write `count` cases into a new database at `path`; returns seconds taken."""
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.database import open_database

    today = today or date.today()
    rng = random.Random(seed)
    started = time.perf_counter()
    db = open_database(path)
    try:
        store = CaseStore(db, today=lambda: today)
        for start in range(0, count, 500):
            store.import_cases(make_case(rng, today) for _ in range(min(500, count - start)))
    finally:
        db.close()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    if args.output.exists():
        print(f"{args.output} exists; choose a new file", file=sys.stderr)
        return 2
    seconds = generate(args.output, args.cases)
    print(f"{args.cases} cases written to {args.output} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

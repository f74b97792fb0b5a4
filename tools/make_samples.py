"""Write the sample cases shipped in resources/samples/ (mmi-case/1) and their manifest.

    .venv/bin/python tools/make_samples.py

Every person, address, employer, claims administrator, physician and claim number here is
invented; phone numbers use the fictional 555-01xx range. The output is deterministic (no
randomness, no clock): running the script twice gives the same bytes.

The manifest lists, for each file, the premature-MMI rules (premature-mmi-rules.md) the case
is meant to trigger when analysed as of AS_OF with the default thresholds, with one sentence
why. A case meant to fire only rule X is built so that it fires nothing else: every clean
declaration has at least 3 visits on or before its date, a last known-trend visit that is
'unchanged' (or older than 60 days), future_medical set, an impairment with apportionment for
every body part it covers, every claimed body part, a PTP/QME/AME author, and a date at least
90 days after the injury. Several cases sit exactly on a rule's boundary on purpose (noted).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mmi_desktop.domain.casefile import dumps_case, loads_case, validate_case  # noqa: E402
from mmi_desktop.domain.model import (  # noqa: E402
    Address,
    Case,
    Claim,
    Client,
    CombineMethod,
    Impairment,
    InjuryType,
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
from mmi_desktop.domain.pdrs import occupations, schedule  # noqa: E402
from mmi_desktop.domain.rating import rate_case  # noqa: E402

AS_OF = date(2026, 11, 27)
OUT = ROOT / "resources" / "samples"
# JSON, but not named *.json: a glob of *.json in the folder is the case files only.
MANIFEST = "samples.manifest"

ES, EN = Language.ES, Language.EN
PTP, QME, AME = ProviderRole.PTP, ProviderRole.QME, ProviderRole.AME
SPECIALIST, EXAMINER = ProviderRole.SPECIALIST, ProviderRole.INSURER_EXAMINER


# ----------------------------------------------------------------------------- builders


def d(text: str) -> date:
    return date.fromisoformat(text)


def num(value: int | str | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def address(line1: str, city: str, zip_code: str, line2: str | None = None) -> Address:
    return Address(line1=line1, line2=line2, city=city, state="CA", zip=zip_code)


def client(
    first: str,
    last: str,
    born: str,
    lang: Language,
    phone: str,
    addr: Address,
    email: str | None = None,
) -> Client:
    return Client(first, last, d(born), lang, phone, email, addr)


def claim(
    doi: str,
    parts: list[str],
    *,
    number: str,
    adj: str | None,
    employer: str,
    admin: str,
    occupation: str,
    group: int,
    wage: str,
    kind: InjuryType = InjuryType.SPECIFIC,
    represented: bool = True,
) -> Claim:
    return Claim(
        date_of_injury=d(doi),
        body_parts=parts,
        claim_number=number,
        adj_number=adj,
        injury_type=kind,
        employer=employer,
        claims_administrator=admin,
        occupation=occupation,
        occupational_group=group,
        average_weekly_wage=Decimal(wage),
        represented=represented,
    )


def doc(pid: str, name: str, specialty: str, role: ProviderRole) -> Provider:
    return Provider(pid, name, role, specialty)


def tx(
    tid: str,
    category: str,
    description: str,
    part: str | None,
    provider: str,
    *history: tuple[str, str],
    authorized: int | None = None,
    completed: int | None = None,
) -> Treatment:
    """A treatment with its status history given as (date, status) pairs."""
    return Treatment(
        id=tid,
        category=TreatmentCategory(category),
        description=description,
        body_part=part,
        provider=provider,
        authorized_visits=authorized,
        completed_visits=completed,
        history=[StatusChange(d(day), TreatmentStatus(status)) for day, status in history],
    )


def visit(day: str, provider: str, trend: str, note: str | None = None) -> Visit:
    return Visit(d(day), provider, Trend(trend), note)


def imp(
    part: str,
    number: str,
    wpi: int,
    apportionment: int | None,
    final: int | None = None,
    fec: str | None = None,
    pain: int | None = None,
    prior: int | None = None,
) -> Impairment:
    return Impairment(
        body_part=part,
        impairment_number=number,
        wpi=num(wpi),
        final_rating=num(final),
        apportionment_pct=num(apportionment),
        fec_factor=num(fec),
        pain_add_on=num(pain),
        prior_award_pct=num(prior),
    )


def limit(text: str, part: str | None, permanent: bool = True) -> Restriction:
    return Restriction(text, part, permanent)


def mmi(
    mid: str,
    day: str,
    provider: str,
    received: str | None,
    parts: list[str],
    future_medical: bool | None,
    impairments: list[Impairment],
    restrictions: list[Restriction] | None = None,
    *,
    pd: int | None = None,
    combine: CombineMethod = CombineMethod.CVC,
    reason: str | None = None,
) -> MMIDeclaration:
    return MMIDeclaration(
        id=mid,
        date=d(day),
        provider=provider,
        report_received=d(received) if received else None,
        body_parts=parts,
        future_medical=future_medical,
        impairments=impairments,
        combine=combine,
        combine_reason=reason,
        pd_percent=num(pd),
        restrictions=restrictions or [],
    )


def td(start: str, end: str | None = None) -> TDPeriod:
    return TDPeriod(d(start), d(end) if end else None)


@dataclass(frozen=True)
class Sample:
    slug: str  # file name after the number: NN-slug.json
    case: Case
    rules: tuple[str, ...]  # intended flags as of AS_OF, default thresholds
    why: str


# ----------------------------------------------------------------------------- the cases


def ramirez() -> Sample:
    case = Case(
        client=client(
            "José Luis", "Ramírez Ochoa", "1979-03-22", ES, "(559) 555-0113",
            address("2218 S Cherry Ave", "Fresno", "93706"),
        ),
        claim=claim(
            "2025-06-02", ["lumbar spine"], number="FRS-25-061874", adj="ADJ19874512",
            employer="Sierra Fresh Packing LLC", admin="Golden Valley Claims Services",
            occupation="Forklift operator", group=351, wage="980.00",
        ),
        providers=[
            doc("ptp", "Dr. Elena Márquez", "physical medicine and rehabilitation", PTP),
            doc("spine", "Dr. Raj Malhotra", "orthopedic spine surgery", SPECIALIST),
        ],
        treatments=[
            tx("t1", "diagnostic", "MRI lumbar spine", "lumbar spine", "ptp",
               ("2025-06-20", "recommended"), ("2025-06-27", "authorized"),
               ("2025-07-10", "completed")),
            tx("t2", "therapy", "Physical therapy, 12 visits", "lumbar spine", "ptp",
               ("2025-06-20", "authorized"), ("2025-06-30", "in_progress"),
               ("2025-09-15", "completed"), authorized=12, completed=12),
            tx("t3", "referral", "Spine surgery consultation", "lumbar spine", "ptp",
               ("2025-09-20", "requested"), ("2025-09-30", "authorized"),
               ("2025-11-05", "completed")),
            tx("t4", "injection", "Epidural steroid injection L4-L5", "lumbar spine", "spine",
               ("2025-11-05", "recommended"), ("2025-11-10", "requested"),
               ("2025-11-25", "authorized"), ("2026-01-14", "completed")),
            tx("t5", "surgery", "L4-L5 microdiscectomy", "lumbar spine", "spine",
               ("2026-09-22", "recommended"), ("2026-10-28", "requested"),
               ("2026-11-02", "under_review"), ("2026-11-18", "denied"),
               ("2026-11-24", "imr_requested")),
        ],
        visits=[
            visit("2025-06-05", "ptp", "worsening", "Low back pain after lifting a pallet."),
            visit("2025-07-15", "ptp", "unchanged", "MRI: L4-L5 disc protrusion."),
            visit("2025-08-20", "ptp", "improving"),
            visit("2025-10-01", "ptp", "unchanged"),
            visit("2025-11-05", "spine", "unknown", "Surgical consult; ESI first."),
            visit("2026-02-10", "ptp", "improving", "Relief after the injection."),
            visit("2026-05-12", "ptp", "unchanged"),
            visit("2026-09-22", "spine", "worsening", "Radicular pain back; surgery advised."),
            visit("2026-10-14", "ptp", "unchanged"),
            visit("2026-11-19", "ptp", "worsening", "Client upset about the P&S report."),
        ],
        mmi_declarations=[
            mmi("m1", "2026-11-10", "ptp", "2026-11-16", ["lumbar spine"], True,
                [imp("lumbar spine", "15.03.01.00", 8, 20)],
                [limit("No lifting over 20 lbs", "lumbar spine")]),
        ],
        temporary_disability=[
            td("2025-06-03", "2025-09-30"),
            td("2026-08-20", "2026-11-10"),
        ],
        notes="Objection deadline is close: report received 2026-11-16.",
    )
    return Sample(
        "ramirez", case, ("SURGERY_PENDING",),
        "The microdiscectomy (t5) was in utilization review on the P&S date 2026-11-10.",
    )


def whitaker() -> Sample:
    case = Case(
        client=client(
            "Gregory", "Whitaker", "1971-08-30", EN, "(661) 555-0127",
            address("3409 Chester Ln", "Bakersfield", "93309"), "g.whitaker@example.com",
        ),
        claim=claim(
            "2021-12-07", ["cervical spine", "right upper extremity"],
            number="KRN-21-004417", adj="ADJ14992031",
            employer="Kern Basin Oilfield Services, Inc.",
            admin="Pacific Coast Risk Management", occupation="Pipe fitter", group=481,
            wage="1650.00",
        ),
        providers=[
            doc("ptp", "Dr. Steven Albright", "occupational medicine", PTP),
            doc("neuro", "Dr. Priya Natarajan", "neurology", SPECIALIST),
            doc("qme", "Dr. Harold Jensen", "orthopedic surgery", QME),
        ],
        treatments=[
            tx("t1", "diagnostic", "MRI cervical spine", "cervical spine", "ptp",
               ("2021-12-20", "recommended"), ("2022-01-05", "authorized"),
               ("2022-01-20", "completed")),
            tx("t2", "therapy", "Physical therapy, 18 visits", "cervical spine", "ptp",
               ("2022-01-10", "authorized"), ("2022-01-17", "in_progress"),
               ("2022-04-22", "completed"), authorized=18, completed=18),
            tx("t3", "diagnostic", "EMG/NCS right upper extremity", "right upper extremity",
               "neuro",
               ("2022-05-03", "recommended"), ("2022-05-06", "requested"),
               ("2022-05-11", "under_review"), ("2022-05-20", "authorized"),
               ("2022-06-01", "scheduled"), ("2022-06-28", "completed")),
        ],
        visits=[
            visit("2021-12-09", "ptp", "worsening", "Neck strain lifting pipe."),
            visit("2022-01-24", "ptp", "unchanged"),
            visit("2022-03-07", "ptp", "improving"),
            visit("2022-04-25", "ptp", "unchanged"),
            visit("2022-05-03", "ptp", "unchanged", "Numbness in right hand; EMG/NCS ordered."),
            visit("2022-06-28", "neuro", "unknown", "EMG: right C6 radiculopathy."),
            visit("2022-08-15", "ptp", "unchanged"),
            visit("2022-11-09", "ptp", "unchanged"),
            visit("2023-01-10", "qme", "unknown", "Panel QME examination."),
        ],
        mmi_declarations=[
            mmi("m1", "2022-05-25", "ptp", "2022-06-02",
                ["cervical spine", "right upper extremity"], True,
                [imp("cervical spine", "15.01.01.00", 6, 0),
                 imp("right upper extremity", "16.01.04.00", 2, 0)],
                [limit("No overhead work", None)]),
            mmi("m2", "2023-02-14", "qme", "2023-03-01",
                ["cervical spine", "right upper extremity"], True,
                [imp("cervical spine", "15.01.01.00", 8, 10),
                 imp("right upper extremity", "16.01.04.00", 3, 10)],
                [limit("No overhead work", None),
                 limit("No lifting over 35 lbs", "cervical spine")],
                pd=16),
        ],
        temporary_disability=[td("2021-12-08", "2022-05-25")],
        notes="Objected to the PTP's P&S report; panel QME found the later date. "
        "New-and-further petition window closes five years after the injury.",
    )
    return Sample(
        "whitaker", case, ("DIAGNOSTICS_PENDING",),
        "The EMG/NCS (t3) was authorized but not done on m1's date; the QME's later m2 is "
        "clean.",
    )


def nguyen() -> Sample:
    case = Case(
        client=client(
            "Thanh", "Nguyen", "1985-02-11", EN, "(714) 555-0139",
            address("9120 Bolsa Ave", "Westminster", "92683", "Apt 14"),
        ),
        claim=claim(
            "2022-09-14", ["right knee"], number="OCA-22-118305", adj="ADJ15533870",
            employer="Seaside Cold Storage Co.", admin="Redwood Mutual Claims",
            occupation="Warehouse worker", group=360, wage="890.00",
        ),
        providers=[doc("ptp", "Dr. Karen Liu", "orthopedic surgery", PTP)],
        treatments=[
            tx("t1", "diagnostic", "MRI right knee", "right knee", "ptp",
               ("2022-09-20", "recommended"), ("2022-09-28", "authorized"),
               ("2022-10-10", "completed")),
            tx("t2", "therapy", "Physical therapy, 12 visits", "right knee", "ptp",
               ("2022-10-15", "authorized"), ("2022-10-20", "in_progress"),
               ("2023-01-10", "completed"), authorized=12, completed=12),
            tx("t3", "injection", "Cortisone injection right knee", "right knee", "ptp",
               ("2023-01-18", "recommended"), ("2023-01-25", "authorized"),
               ("2023-02-02", "completed")),
            tx("t4", "surgery", "Right knee arthroscopic partial meniscectomy", "right knee",
               "ptp",
               ("2023-08-29", "recommended"), ("2023-09-01", "requested"),
               ("2023-09-06", "under_review"), ("2023-09-12", "denied"),
               ("2023-09-20", "imr_requested"), ("2023-11-02", "imr_overturned"),
               ("2023-11-20", "scheduled"), ("2023-12-06", "completed")),
            tx("t5", "therapy", "Post-operative physical therapy, 12 visits", "right knee",
               "ptp",
               ("2023-12-12", "authorized"), ("2023-12-18", "in_progress"),
               ("2024-03-01", "completed"), authorized=12, completed=12),
        ],
        visits=[
            visit("2022-09-16", "ptp", "worsening", "Twisted knee stepping off a pallet jack."),
            visit("2022-10-12", "ptp", "unchanged"),
            visit("2022-11-21", "ptp", "improving"),
            visit("2023-01-18", "ptp", "unchanged"),
            visit("2023-02-27", "ptp", "improving"),
            visit("2023-03-28", "ptp", "unchanged"),
            visit("2023-08-29", "ptp", "worsening", "Locking and giving way."),
            visit("2023-12-19", "ptp", "improving", "Post-op."),
            visit("2024-02-13", "ptp", "improving"),
            visit("2024-05-20", "ptp", "unchanged"),
        ],
        mmi_declarations=[
            mmi("m1", "2023-04-04", "ptp", "2023-04-12", ["right knee"], True,
                [imp("right knee", "17.05.05.00", 2, 0)]),
            mmi("m2", "2024-06-03", "ptp", "2024-06-10", ["right knee"], True,
                [imp("right knee", "17.05.05.00", 3, 0)],
                [limit("No kneeling or squatting", "right knee")]),
        ],
        temporary_disability=[
            td("2022-09-15", "2023-01-10"),
            td("2023-12-06", "2024-06-03"),
        ],
    )
    return Sample(
        "nguyen", case, ("SURGERY_AFTER_MMI",),
        "The meniscectomy (t4) was first recommended 147 days after m1; m2 comes exactly 180 "
        "days after the surgery, so RECENT_SURGERY must not fire (boundary).",
    )


def castillo() -> Sample:
    case = Case(
        client=client(
            "Rosa Elena", "Castillo", "1976-11-05", ES, "(831) 555-0145",
            address("418 Market St", "Salinas", "93901"),
        ),
        claim=claim(
            "2024-04-16", ["left shoulder"], number="MNT-24-330912", adj="ADJ18811206",
            employer="Green Acres Farm Labor Contractors",
            admin="AgriComp Claims Administrators",
            occupation="Farmworker, vegetable", group=491, wage="720.00",
        ),
        providers=[doc("ptp", "Dr. Tomás Galindo", "occupational medicine", PTP)],
        treatments=[
            tx("t1", "diagnostic", "X-ray left shoulder", "left shoulder", "ptp",
               ("2024-04-17", "completed")),
            tx("t2", "diagnostic", "MRI left shoulder", "left shoulder", "ptp",
               ("2024-05-08", "recommended"), ("2024-05-15", "authorized"),
               ("2024-05-30", "completed")),
            tx("t3", "therapy", "Physical therapy (12 of 18 requested visits authorized)",
               "left shoulder", "ptp",
               ("2024-06-05", "recommended"), ("2024-06-06", "requested"),
               ("2024-06-10", "under_review"), ("2024-06-14", "modified"),
               ("2024-06-24", "in_progress"), ("2024-11-04", "completed"),
               authorized=12, completed=12),
        ],
        visits=[
            visit("2024-04-18", "ptp", "worsening", "Fell from a harvest platform."),
            visit("2024-05-20", "ptp", "unchanged"),
            visit("2024-06-27", "ptp", "unchanged"),
            visit("2024-08-05", "ptp", "unchanged"),
            visit("2024-09-23", "ptp", "unchanged", "7 of 12 therapy visits done."),
        ],
        mmi_declarations=[
            mmi("m1", "2024-09-30", "ptp", "2024-10-07", ["left shoulder"], True,
                [imp("left shoulder", "16.02.01.00", 5, 0)],
                [limit("No reaching above shoulder level with the left arm", "left shoulder")]),
        ],
        temporary_disability=[td("2024-04-17", "2024-09-30")],
    )
    return Sample(
        "castillo", case, ("THERAPY_INCOMPLETE",),
        "Physical therapy (t3) was in progress on the P&S date 2024-09-30.",
    )


def okafor() -> Sample:
    case = Case(
        client=client(
            "Chinedu", "Okafor", "1990-07-19", EN, "(510) 555-0152",
            address("2741 Telegraph Ave", "Oakland", "94612"), "c.okafor@example.com",
        ),
        claim=claim(
            "2023-02-27", ["lumbar spine", "left hip"], number="ALM-23-072215",
            adj="ADJ17205118", employer="Bayside Transit Maintenance Corp.",
            admin="Northbay Claims Group", occupation="Mechanic, diesel", group=470,
            wage="1420.00",
        ),
        providers=[doc("ptp", "Dr. Melissa Grant", "physical medicine and rehabilitation", PTP)],
        treatments=[
            tx("t1", "diagnostic", "MRI lumbar spine", "lumbar spine", "ptp",
               ("2023-03-06", "recommended"), ("2023-03-10", "authorized"),
               ("2023-03-21", "completed")),
            tx("t2", "therapy", "Physical therapy, lumbar spine and left hip", "lumbar spine",
               "ptp",
               ("2023-03-15", "authorized"), ("2023-03-22", "in_progress"),
               ("2023-06-30", "completed"), authorized=24, completed=14),
            tx("t3", "medication", "Naproxen 500 mg", "lumbar spine", "ptp",
               ("2023-03-01", "authorized"), ("2023-08-01", "completed")),
        ],
        visits=[
            visit("2023-03-01", "ptp", "worsening", "Slipped on hydraulic fluid."),
            visit("2023-04-04", "ptp", "improving"),
            visit("2023-05-16", "ptp", "improving"),
            visit("2023-06-27", "ptp", "unchanged", "PT clinic discharged him after 14 visits."),
            visit("2023-08-01", "ptp", "unchanged"),
            visit("2023-09-12", "ptp", "unchanged"),
        ],
        mmi_declarations=[
            mmi("m1", "2023-09-19", "ptp", "2023-09-28", ["lumbar spine", "left hip"], True,
                [imp("lumbar spine", "15.03.01.00", 7, 0),
                 imp("left hip", "17.03.04.00", 3, 0)],
                [limit("No lifting over 40 lbs", "lumbar spine")]),
        ],
        temporary_disability=[td("2023-02-28", "2023-06-30")],
    )
    return Sample(
        "okafor", case, ("THERAPY_INCOMPLETE",),
        "Physical therapy (t2) closed as completed before P&S with 14 of 24 authorized visits.",
    )


def mendoza() -> Sample:
    case = Case(
        client=client(
            "Juan Carlos", "Mendoza", "1983-01-28", ES, "(323) 555-0164",
            address("5120 Whittier Blvd", "Los Angeles", "90022"),
        ),
        claim=claim(
            "2024-08-09", ["right wrist"], number="LAX-24-915503", adj="ADJ18634027",
            employer="Eastside Garment Works", admin="Metro Claims Solutions",
            occupation="Garment cutter, machine", group=321, wage="760.00",
        ),
        providers=[doc("ptp", "Dr. Alicia Fuentes", "occupational medicine", PTP)],
        treatments=[
            tx("t1", "diagnostic", "X-ray right wrist", "right wrist", "ptp",
               ("2024-08-10", "completed")),
            tx("t2", "therapy", "Hand therapy, 12 visits", "right wrist", "ptp",
               ("2024-08-20", "authorized"), ("2024-08-26", "in_progress"),
               ("2024-11-08", "completed"), authorized=12, completed=12),
            tx("t3", "referral", "Referral to a hand surgeon", "right wrist", "ptp",
               ("2025-01-07", "recommended"), ("2025-01-09", "requested"),
               ("2025-01-14", "under_review"), ("2025-01-22", "denied"),
               ("2025-02-12", "imr_requested"), ("2025-03-20", "imr_upheld")),
        ],
        visits=[
            visit("2024-08-12", "ptp", "worsening", "Wrist pain from cutting shears."),
            visit("2024-09-16", "ptp", "improving"),
            visit("2024-10-21", "ptp", "improving"),
            visit("2024-11-18", "ptp", "unchanged"),
            visit("2025-01-07", "ptp", "unchanged", "Persistent clicking; hand surgeon advised."),
        ],
        mmi_declarations=[
            mmi("m1", "2025-02-03", "ptp", "2025-02-10", ["right wrist"], True,
                [imp("right wrist", "16.04.01.00", 4, 0)],
                [limit("Limit forceful gripping with the right hand", "right wrist")]),
        ],
        temporary_disability=[td("2024-08-10", "2024-11-08")],
    )
    return Sample(
        "mendoza", case, ("REFERRAL_PENDING",),
        "The hand-surgeon referral (t3) was denied only 12 days before P&S, inside the 30-day "
        "IMR window, so it was still open.",
    )


def brooks() -> Sample:
    case = Case(
        client=client(
            "Latoya", "Brooks", "1988-04-03", EN, "(916) 555-0178",
            address("7731 Florin Rd", "Sacramento", "95823"),
        ),
        claim=claim(
            "2025-10-20", ["cervical spine"], number="SAC-25-440127", adj="ADJ19950366",
            employer="Capitol Home Health Partners", admin="Riverbend Claims Management",
            occupation="Home attendant", group=340, wage="840.00",
        ),
        providers=[
            doc("ptp", "Dr. Benjamin Osei", "occupational medicine", PTP),
            doc("pain", "Dr. Sandra Whitfield", "pain management", SPECIALIST),
        ],
        treatments=[
            tx("t1", "diagnostic", "MRI cervical spine", "cervical spine", "ptp",
               ("2025-11-10", "recommended"), ("2025-11-17", "authorized"),
               ("2025-12-02", "completed")),
            tx("t2", "therapy", "Physical therapy, 12 visits", "cervical spine", "ptp",
               ("2025-11-10", "authorized"), ("2025-11-18", "in_progress"),
               ("2026-02-20", "completed"), authorized=12, completed=12),
            tx("t3", "referral", "Pain management consultation", "cervical spine", "ptp",
               ("2026-03-02", "requested"), ("2026-03-09", "authorized"),
               ("2026-04-14", "completed")),
            tx("t4", "injection", "Cervical epidural steroid injection C5-C6", "cervical spine",
               "pain",
               ("2026-04-14", "recommended"), ("2026-04-20", "requested"),
               ("2026-04-24", "under_review"), ("2026-05-01", "denied"),
               ("2026-05-20", "imr_requested"), ("2026-08-25", "imr_overturned"),
               ("2026-09-01", "authorized"), ("2026-12-03", "scheduled")),
            tx("t5", "medication", "Gabapentin 300 mg", "cervical spine", "pain",
               ("2026-04-16", "in_progress")),
        ],
        visits=[
            visit("2025-10-22", "ptp", "worsening", "Neck injury transferring a patient."),
            visit("2025-12-04", "ptp", "unchanged"),
            visit("2026-01-15", "ptp", "improving"),
            visit("2026-03-02", "ptp", "unchanged"),
            visit("2026-04-14", "pain", "unknown", "Consultation."),
            visit("2026-05-05", "ptp", "worsening"),
            visit("2026-07-14", "ptp", "unchanged"),
            visit("2026-09-15", "ptp", "unchanged"),
        ],
        mmi_declarations=[
            mmi("m1", "2026-09-29", "ptp", "2026-10-05", ["cervical spine"], True,
                [imp("cervical spine", "15.01.01.00", 7, 15)],
                [limit("No lifting or transferring patients over 30 lbs", "cervical spine")]),
        ],
        temporary_disability=[
            td("2025-10-21", "2026-02-20"),
            td("2026-05-05", "2026-09-29"),
        ],
        notes="No offer of modified work so far; watch the SJDB voucher window.",
    )
    return Sample(
        "brooks", case, ("TREATMENT_PENDING",),
        "The epidural injection (t4, authorized after IMR) and gabapentin (t5) were both open "
        "on the P&S date 2026-09-29.",
    )


def herrera() -> Sample:
    case = Case(
        client=client(
            "Guadalupe", "Herrera Salcedo", "1969-09-14", ES, "(909) 555-0181",
            address("1560 W Mill St", "San Bernardino", "92410"),
        ),
        claim=claim(
            "2023-06-12", ["right shoulder"], number="SBD-23-208841", adj="ADJ17744590",
            employer="Inland Empire Distribution Center LLC",
            admin="Summit Claims Administrators", occupation="Packer, hand", group=360,
            wage="700.00",
        ),
        providers=[doc("ptp", "Dr. Ricardo Villanueva", "orthopedic surgery", PTP)],
        treatments=[
            tx("t1", "diagnostic", "MRI right shoulder", "right shoulder", "ptp",
               ("2023-06-20", "recommended"), ("2023-06-30", "authorized"),
               ("2023-07-18", "completed")),
            tx("t2", "therapy", "Physical therapy, 12 visits", "right shoulder", "ptp",
               ("2023-07-01", "authorized"), ("2023-07-10", "in_progress"),
               ("2023-09-15", "completed"), authorized=12, completed=12),
            tx("t3", "surgery", "Right shoulder arthroscopic rotator cuff repair",
               "right shoulder", "ptp",
               ("2023-09-26", "recommended"), ("2023-09-28", "requested"),
               ("2023-10-03", "under_review"), ("2023-10-10", "authorized"),
               ("2023-10-20", "scheduled"), ("2023-11-02", "completed")),
            tx("t4", "therapy", "Post-operative physical therapy, 24 visits", "right shoulder",
               "ptp",
               ("2023-11-10", "authorized"), ("2023-11-14", "in_progress"),
               ("2024-02-16", "completed"), authorized=24, completed=24),
        ],
        visits=[
            visit("2023-06-14", "ptp", "worsening", "Pain lifting boxes overhead."),
            visit("2023-07-20", "ptp", "unchanged", "MRI: full-thickness tear."),
            visit("2023-09-26", "ptp", "worsening"),
            visit("2023-11-14", "ptp", "improving", "Post-op."),
            visit("2023-12-19", "ptp", "improving"),
            visit("2024-01-23", "ptp", "improving"),
            visit("2024-02-20", "ptp", "unchanged"),
        ],
        mmi_declarations=[
            mmi("m1", "2024-03-01", "ptp", "2024-03-11", ["right shoulder"], True,
                [imp("right shoulder", "16.02.01.00", 6, 0, prior=3)],
                [limit("No work above shoulder level with the right arm", "right shoulder")]),
        ],
        temporary_disability=[td("2023-06-13", "2024-03-01")],
        notes="A 2019 award for this right shoulder was 3 % PD: subtracted (LC 4664).",
    )
    return Sample(
        "herrera", case, ("RECENT_SURGERY",),
        "The rotator cuff repair (t3) was completed only 120 days before P&S.",
    )


def patel() -> Sample:
    case = Case(
        client=client(
            "Anil", "Patel", "1994-12-01", EN, "(408) 555-0190",
            address("1187 Saratoga Ave", "San Jose", "95129"),
        ),
        claim=claim(
            "2025-03-03", ["left wrist"], number="SCL-25-019983", adj="ADJ19512044",
            employer="Valley Fresh Markets, Inc.", admin="Bay Area Claims Services",
            occupation="Stock clerk", group=360, wage="980.00",
        ),
        providers=[doc("ptp", "Dr. Hannah Cole", "occupational medicine", PTP)],
        treatments=[
            tx("t1", "diagnostic", "X-ray left wrist", "left wrist", "ptp",
               ("2025-03-03", "completed")),
            tx("t2", "therapy", "Physical therapy, 6 visits", "left wrist", "ptp",
               ("2025-03-10", "authorized"), ("2025-03-14", "in_progress"),
               ("2025-04-25", "completed"), authorized=6, completed=6),
        ],
        visits=[
            visit("2025-03-04", "ptp", "worsening", "Fell from a step stool."),
            visit("2025-03-25", "ptp", "improving"),
            visit("2025-04-29", "ptp", "unchanged"),
        ],
        mmi_declarations=[
            mmi("m1", "2025-05-16", "ptp", "2025-05-22", ["left wrist"], False,
                [imp("left wrist", "16.04.01.00", 2, 0)]),
        ],
        temporary_disability=[td("2025-03-04", "2025-03-23")],
    )
    return Sample(
        "patel", case, ("EARLY_MMI",),
        "P&S came 74 days after the injury; exactly 3 visits, so LITTLE_TREATMENT must not "
        "fire (boundary).",
    )


def flores() -> Sample:
    case = Case(
        client=client(
            "Maricela", "Flores", "1982-05-09", ES, "(805) 555-0106",
            address("612 E Main St", "Santa Maria", "93454"),
        ),
        claim=claim(
            "2024-01-22", ["lumbar spine"], number="SBA-24-557120", adj="ADJ18299735",
            employer="Central Coast Berry Growers", admin="Coastal Risk Claims",
            occupation="Sorter, agricultural produce", group=221, wage="650.00",
        ),
        providers=[doc("ptp", "Dr. Luis Ocampo, DC", "chiropractic", PTP)],
        treatments=[
            tx("t1", "diagnostic", "MRI lumbar spine", "lumbar spine", "ptp",
               ("2024-02-20", "recommended"), ("2024-02-27", "authorized"),
               ("2024-03-05", "completed")),
            tx("t2", "therapy", "Chiropractic care, 24 visits", "lumbar spine", "ptp",
               ("2024-02-01", "authorized"), ("2024-02-05", "in_progress"),
               ("2024-06-28", "completed"), authorized=24, completed=24),
            tx("t3", "therapy", "Acupuncture, 8 visits", "lumbar spine", "ptp",
               ("2024-07-10", "authorized"), ("2024-07-15", "in_progress"),
               ("2024-09-06", "completed"), authorized=8, completed=8),
        ],
        visits=[
            visit("2024-01-24", "ptp", "worsening", "Back pain bending over sorting belt."),
            visit("2024-03-06", "ptp", "unchanged"),
            visit("2024-05-01", "ptp", "improving"),
            visit("2024-07-08", "ptp", "improving"),
            visit("2024-08-08", "ptp", "improving", "Acupuncture helping; walking longer."),
            visit("2024-09-20", "ptp", "unknown", "Trend not recorded."),
            visit("2024-10-01", "ptp", "unknown", "Trend not recorded."),
        ],
        mmi_declarations=[
            mmi("m1", "2024-10-07", "ptp", "2024-10-14", ["lumbar spine"], True,
                [imp("lumbar spine", "15.03.01.00", 5, 10, pain=1)],
                [limit("Change position every 30 minutes", "lumbar spine")]),
        ],
        temporary_disability=[td("2024-01-23", "2024-10-07")],
    )
    return Sample(
        "flores", case, ("NOT_STABLE",),
        "The last visit with a known trend (2024-08-08, improving) is exactly 60 days before "
        "P&S; later visits have no trend (boundary: 'at most 60 days' fires).",
    )


def kowalski() -> Sample:
    case = Case(
        client=client(
            "Daniel", "Kowalski", "1975-10-10", EN, "(619) 555-0117",
            address("4455 Park Blvd", "San Diego", "92116"),
        ),
        claim=claim(
            "2022-03-15", ["Lumbar Spine", "left knee"], number="SDG-22-663010",
            adj="ADJ16102258", employer="Pacific Shipyard Services",
            admin="Harborline Claims", occupation="Welder, combination", group=370, wage="1560.00",
        ),
        providers=[doc("ptp", "Dr. Victor Hale", "orthopedic surgery", PTP)],
        treatments=[
            tx("t1", "diagnostic", "MRI lumbar spine", "lumbar spine", "ptp",
               ("2022-03-25", "recommended"), ("2022-04-01", "authorized"),
               ("2022-04-12", "completed")),
            tx("t2", "therapy", "Physical therapy, 18 visits", "lumbar spine", "ptp",
               ("2022-04-15", "authorized"), ("2022-04-20", "in_progress"),
               ("2022-07-29", "completed"), authorized=18, completed=18),
            tx("t3", "diagnostic", "MRI left knee", "left knee", "ptp",
               ("2022-06-01", "recommended"), ("2022-06-03", "requested"),
               ("2022-06-08", "under_review"), ("2022-06-13", "denied"),
               ("2022-07-01", "imr_requested"), ("2022-08-10", "imr_upheld")),
            tx("t4", "surgery", "Left knee arthroscopy", "left knee", "ptp",
               ("2023-02-07", "recommended"), ("2023-02-10", "requested"),
               ("2023-02-24", "authorized"), ("2023-03-30", "completed")),
        ],
        visits=[
            visit("2022-03-17", "ptp", "worsening", "Fell through a deck grating."),
            visit("2022-04-14", "ptp", "unchanged"),
            visit("2022-05-26", "ptp", "improving"),
            visit("2022-07-05", "ptp", "improving"),
            visit("2022-08-16", "ptp", "unchanged"),
            visit("2022-10-04", "ptp", "unchanged"),
            visit("2023-02-07", "ptp", "worsening", "Left knee locking."),
        ],
        mmi_declarations=[
            mmi("m1", "2022-10-18", "ptp", "2022-10-27", ["lumbar spine"], True,
                [imp("lumbar spine", "15.03.01.00", 8, 20)],
                [limit("No lifting over 30 lbs", "lumbar spine")]),
        ],
        temporary_disability=[td("2022-03-16", "2022-08-15")],
    )
    return Sample(
        "kowalski", case, ("BODY_PARTS_NOT_ADDRESSED",),
        "The report covers only the lumbar spine (claimed as 'Lumbar Spine': case must not "
        "matter) and leaves out the left knee; the later knee surgery is for a part m1 does "
        "not cover, so SURGERY_AFTER_MMI must not fire.",
    )


def soto() -> Sample:
    case = Case(
        client=client(
            "Alejandro", "Soto Ibarra", "1980-02-17", ES, "(562) 555-0122",
            address("10950 Firestone Blvd", "Norwalk", "90650"),
        ),
        claim=claim(
            "2023-05-04", ["right shoulder", "cervical spine"], number="LAX-23-330718",
            adj="ADJ17432219", employer="Southland Concrete Pumping",
            admin="Keystone Claims Administrators", occupation="Laborer, concrete paving",
            group=480, wage="1180.00",
        ),
        providers=[
            doc("ptp", "Dr. Monica Trejo", "physical medicine and rehabilitation", PTP),
            doc("ime", "Dr. Gerald Whitmore", "orthopedic surgery", EXAMINER),
        ],
        treatments=[
            tx("t1", "diagnostic", "MRI right shoulder", "right shoulder", "ptp",
               ("2023-05-20", "recommended"), ("2023-06-01", "authorized"),
               ("2023-06-15", "completed")),
            tx("t2", "therapy", "Physical therapy, 12 visits", "right shoulder", "ptp",
               ("2023-06-05", "authorized"), ("2023-06-12", "in_progress"),
               ("2023-09-01", "completed"), authorized=12, completed=12),
            tx("t3", "injection", "Subacromial injection right shoulder", "right shoulder",
               "ptp",
               ("2023-09-12", "recommended"), ("2023-09-20", "authorized"),
               ("2023-10-03", "completed")),
        ],
        visits=[
            visit("2023-05-05", "ptp", "worsening", "Hose whip struck shoulder and neck."),
            visit("2023-06-16", "ptp", "unchanged"),
            visit("2023-08-01", "ptp", "improving"),
            visit("2023-10-10", "ptp", "improving"),
            visit("2023-11-28", "ptp", "unchanged"),
            visit("2024-01-09", "ptp", "unchanged"),
            visit("2024-01-23", "ime", "unknown", "Examination arranged by the insurer."),
        ],
        mmi_declarations=[
            mmi("m1", "2024-01-23", "ime", "2024-02-05", ["right shoulder", "cervical spine"],
                True,
                [imp("right shoulder", "16.02.01.00", 3, 30),
                 imp("cervical spine", "15.01.01.00", 5, 30)]),
        ],
        temporary_disability=[td("2023-05-05", "2023-11-28")],
    )
    return Sample(
        "soto", case, ("NOT_TREATING_OR_EVALUATOR",),
        "P&S was declared by a physician the insurer chose (insurer_examiner), not the PTP or "
        "a QME/AME.",
    )


def anderson() -> Sample:
    case = Case(
        client=client(
            "Kyle", "Anderson", "1998-06-23", EN, "(530) 555-0134",
            address("88 Esplanade", "Chico", "95926"),
        ),
        claim=claim(
            "2025-01-14", ["left ankle"], number="BTE-25-100452", adj="ADJ19102873",
            employer="Northstate Timber Products", admin="Evergreen Claims Management",
            occupation="Sawmill worker", group=360, wage="1050.00",
        ),
        providers=[doc("ptp", "Dr. Paula Reinholt", "occupational medicine", PTP)],
        treatments=[
            tx("t1", "diagnostic", "X-ray left ankle", "left ankle", "ptp",
               ("2025-01-14", "completed")),
        ],
        visits=[
            visit("2025-01-15", "ptp", "worsening", "Rolled ankle on a log deck."),
            visit("2025-03-11", "ptp", "unchanged", "No MPN clinic appointment until May."),
            visit("2025-07-22", "ptp", "worsening", "Swelling back after returning to work."),
        ],
        mmi_declarations=[
            mmi("m1", "2025-05-06", "ptp", "2025-05-15", ["left ankle"], True,
                [imp("left ankle", "17.07.03.00", 2, 0)]),
        ],
        temporary_disability=[td("2025-01-15", "2025-02-28")],
    )
    return Sample(
        "anderson", case, ("LITTLE_TREATMENT",),
        "Only 2 visits on or before P&S (the third is after it).",
    )


def morales() -> Sample:
    case = Case(
        client=client(
            "Verónica", "Morales", "1973-12-29", ES, "(209) 555-0148",
            address("1336 N Wilson Way", "Stockton", "95205"),
        ),
        claim=claim(
            "2022-07-11", ["right wrist", "right elbow"], number="SJQ-22-781140",
            adj="ADJ16588412", employer="Delta Cannery Cooperative",
            admin="Central Valley Claims Administrators",
            occupation="Cannery worker, hand or machine", group=230, wage="810.00",
        ),
        providers=[doc("ptp", "Dr. Edwin Park", "hand surgery", PTP)],
        treatments=[
            tx("t1", "diagnostic", "EMG/NCS right upper extremity", "right wrist", "ptp",
               ("2022-08-16", "recommended"), ("2022-08-23", "authorized"),
               ("2022-09-08", "completed")),
            tx("t2", "therapy", "Hand therapy, 12 visits", "right wrist", "ptp",
               ("2022-08-20", "authorized"), ("2022-08-29", "in_progress"),
               ("2022-11-30", "completed"), authorized=12, completed=12),
            tx("t3", "injection", "Right lateral epicondyle injection", "right elbow", "ptp",
               ("2022-11-16", "recommended"), ("2022-11-22", "authorized"),
               ("2022-12-15", "completed")),
        ],
        visits=[
            visit("2022-07-13", "ptp", "worsening", "Repetitive can sorting."),
            visit("2022-08-24", "ptp", "unchanged"),
            visit("2022-10-05", "ptp", "improving"),
            visit("2022-11-16", "ptp", "improving"),
            visit("2023-01-10", "ptp", "unchanged"),
            visit("2023-02-21", "ptp", "unchanged"),
        ],
        mmi_declarations=[
            mmi("m1", "2023-03-07", "ptp", "2023-03-16", ["right wrist", "right elbow"], True,
                [imp("right wrist", "16.04.01.00", 4, None),
                 imp("right elbow", "16.03.01.00", 3, None)],
                [limit("No repetitive forceful gripping with the right hand", "right wrist")]),
        ],
        temporary_disability=[td("2022-07-12", "2022-12-31")],
    )
    return Sample(
        "morales", case, ("INCOMPLETE_REPORT",),
        "The report gives no apportionment for either impairment (LC 4663(c)).",
    )


def villasenor() -> Sample:
    case = Case(
        client=client(
            "María de los Ángeles", "Villaseñor-Betancourt de la Cruz", "1971-04-08", ES,
            "(323) 555-0153",
            address("3847 E Cesar E Chavez Ave", "Los Angeles", "90063", "Apt 2"),
        ),
        claim=claim(
            "2025-04-30", ["right wrist", "left wrist"], number="LAX-25-602291",
            adj="ADJ19788154", employer="Fashion District Apparel Manufacturing, Inc.",
            admin="Metro Claims Solutions", occupation="Sewing machine operator", group=230,
            wage="690.00", kind=InjuryType.CUMULATIVE,
        ),
        providers=[
            doc("ptp", "Dr. Samuel Ortiz", "occupational medicine", PTP),
            doc("hand", "Dr. Naomi Feldman", "hand surgery", SPECIALIST),
            doc("qme", "Dr. Richard Osterman", "orthopedic surgery", QME),
        ],
        treatments=[
            tx("t1", "diagnostic", "EMG/NCS both upper extremities", "right wrist", "ptp",
               ("2025-05-12", "recommended"), ("2025-05-20", "authorized"),
               ("2025-06-10", "completed")),
            tx("t2", "other", "Night wrist splints", None, "ptp",
               ("2025-05-12", "authorized"), ("2025-05-19", "completed")),
            tx("t3", "surgery", "Right carpal tunnel release", "right wrist", "hand",
               ("2026-06-09", "recommended"), ("2026-06-11", "requested"),
               ("2026-06-16", "under_review"), ("2026-06-23", "denied"),
               ("2026-07-14", "imr_requested"), ("2026-09-10", "imr_overturned"),
               ("2026-09-17", "authorized"), ("2026-12-15", "scheduled")),
            tx("t4", "therapy", "Hand therapy, 12 visits", "right wrist", "hand",
               ("2026-06-22", "authorized"), ("2026-06-29", "in_progress"),
               ("2026-09-18", "completed"), authorized=12, completed=12),
        ],
        visits=[
            visit("2025-05-05", "ptp", "worsening", "Numbness in both hands after years of "
                  "piece-rate sewing."),
            visit("2025-06-12", "ptp", "unchanged", "EMG: moderate bilateral carpal tunnel."),
            visit("2025-08-19", "ptp", "unchanged"),
            visit("2025-10-21", "ptp", "worsening"),
            visit("2025-12-09", "hand", "worsening"),
            visit("2026-02-17", "ptp", "unchanged"),
            visit("2026-04-21", "ptp", "unchanged"),
            visit("2026-06-09", "hand", "unchanged", "Right release recommended."),
            visit("2026-07-21", "ptp", "unchanged"),
            visit("2026-08-04", "qme", "unknown", "Panel QME examination."),
        ],
        mmi_declarations=[
            mmi("m1", "2026-08-04", "qme", "2026-08-27", ["right wrist", "left wrist"], True,
                [imp("right wrist", "16.01.02.05", 5, 10),
                 imp("left wrist", "16.01.02.05", 3, 10)],
                [limit("No repetitive gripping more than 30 minutes an hour", None)]),
        ],
        temporary_disability=[td("2025-10-21", "2026-08-04")],
        notes="Cumulative trauma 2019-2025; LC 5412 date of injury 2025-04-30.",
    )
    return Sample(
        "villasenor-betancourt", case, ("SURGERY_PENDING", "THERAPY_INCOMPLETE"),
        "The carpal tunnel release (t3) was in IMR and hand therapy (t4) in progress on the "
        "QME's P&S date.",
    )


def pruitt() -> Sample:
    case = Case(
        client=client(
            "Travis", "Pruitt", "1987-01-15", EN, "(707) 555-0161",
            address("215 Sonoma Ave", "Santa Rosa", "95404"), "travis.pruitt@example.com",
        ),
        claim=claim(
            "2024-05-20", ["right ankle", "lumbar spine", "right wrist"],
            number="SON-24-090317", adj="ADJ18420963", employer="O'Brien & <Sons> Roofing",
            admin="North Coast Claims & Risk, LLC", occupation="Roofer", group=380,
            wage="1290.00",
        ),
        providers=[
            doc("ptp", "Dr. Julia Brennan", "occupational medicine", PTP),
            doc("ortho", "Dr. Marcus O'Neill", "orthopedic foot & ankle surgery", SPECIALIST),
        ],
        treatments=[
            tx("t1", "diagnostic", "X-rays right ankle, lumbar spine, right wrist", None, "ptp",
               ("2024-05-20", "completed")),
            tx("t2", "diagnostic", "CT right ankle", "right ankle", "ortho",
               ("2024-05-21", "recommended"), ("2024-05-24", "authorized"),
               ("2024-05-29", "completed")),
            tx("t3", "surgery", "ORIF right ankle (trimalleolar fracture)", "right ankle",
               "ortho",
               ("2024-05-29", "recommended"), ("2024-05-31", "authorized"),
               ("2024-06-04", "completed")),
            tx("t4", "therapy", "Physical therapy, 24 visits", "right ankle", "ortho",
               ("2024-07-15", "authorized"), ("2024-07-22", "in_progress"),
               ("2024-12-20", "completed"), authorized=24, completed=24),
        ],
        visits=[
            visit("2024-05-21", "ptp", "worsening", 'Fell 12 ft from a "safe" ladder.'),
            visit("2024-06-18", "ortho", "improving"),
            visit("2024-07-16", "ptp", "improving"),
            visit("2024-09-10", "ptp", "improving"),
            visit("2024-10-08", "ortho", "improving"),
            visit("2024-11-12", "ptp", "unchanged"),
            visit("2025-01-14", "ptp", "unchanged", "Back and wrist still sore; < 50% grip."),
            visit("2025-03-18", "ortho", "unknown", "Surgeon's P&S visit."),
        ],
        mmi_declarations=[
            mmi("m1", "2025-03-18", "ortho", "2025-03-31", ["right ankle"], None,
                [imp("right ankle", "17.07.03.00", 7, 0)],
                [limit("No climbing ladders or roofs", "right ankle")]),
        ],
        temporary_disability=[td("2024-05-21", "2025-03-18")],
        notes='Client says the foreman "knew the ladder was bad" & wants that on file. '
        "Employer letterhead: O'Brien & <Sons> Roofing — 100% family owned.",
    )
    return Sample(
        "pruitt", case,
        ("NOT_TREATING_OR_EVALUATOR", "BODY_PARTS_NOT_ADDRESSED", "INCOMPLETE_REPORT"),
        "The ankle surgeon (a specialist) declared P&S for the ankle only, leaving out the "
        "back and wrist, and said nothing about future medical care.",
    )


def salazar() -> Sample:
    case = Case(
        client=client(
            "Ramón", "Salazar Quintero", "1966-08-02", ES, "(951) 555-0170",
            address("3920 Mission Blvd", "Riverside", "92509"),
        ),
        claim=claim(
            "2020-02-11", ["lumbar spine", "cervical spine", "right shoulder", "sleep disorder"],
            number="RIV-20-228734", adj="ADJ13377518",
            employer="Jurupa Building Materials Supply", admin="Inland Claims Administrators",
            occupation="Truck driver", group=350, wage="1240.00",
        ),
        providers=[
            doc("ptp", "Dr. Farid Haddad", "orthopedic spine surgery", PTP),
            doc("pain", "Dr. Leon Brandt", "pain management", SPECIALIST),
            doc("ame", "Dr. Catherine Moreau", "orthopedic surgery", AME),
        ],
        treatments=[
            tx("t1", "diagnostic", "MRI lumbar spine", "lumbar spine", "ptp",
               ("2020-02-20", "recommended"), ("2020-02-25", "authorized"),
               ("2020-03-03", "completed")),
            tx("t2", "therapy", "Physical therapy, 24 visits", "lumbar spine", "ptp",
               ("2020-03-05", "authorized"), ("2020-03-10", "in_progress"),
               ("2020-06-30", "completed"), authorized=24, completed=24),
            tx("t3", "medication", "Tramadol, tapered off", "lumbar spine", "pain",
               ("2020-03-01", "authorized"), ("2020-03-02", "in_progress"),
               ("2022-06-30", "completed")),
            tx("t4", "injection", "Lumbar epidural steroid injection", "lumbar spine", "pain",
               ("2020-07-07", "recommended"), ("2020-07-14", "authorized"),
               ("2020-08-14", "completed")),
            tx("t5", "surgery", "L4-S1 posterior lumbar fusion", "lumbar spine", "ptp",
               ("2020-09-15", "recommended"), ("2020-09-17", "requested"),
               ("2020-09-22", "under_review"), ("2020-09-29", "denied"),
               ("2020-10-12", "imr_requested"), ("2020-11-30", "imr_overturned"),
               ("2021-01-04", "scheduled"), ("2021-01-12", "completed")),
            tx("t6", "therapy", "Post-operative physical therapy, 24 visits", "lumbar spine",
               "ptp",
               ("2021-02-15", "authorized"), ("2021-02-22", "in_progress"),
               ("2021-06-25", "completed"), authorized=24, completed=24),
            tx("t7", "diagnostic", "MRI cervical spine", "cervical spine", "ptp",
               ("2021-04-20", "recommended"), ("2021-04-28", "authorized"),
               ("2021-05-10", "completed")),
            tx("t8", "surgery", "Right shoulder arthroscopy", "right shoulder", "ptp",
               ("2021-09-14", "recommended"), ("2021-09-16", "requested"),
               ("2021-09-21", "denied"), ("2021-10-05", "imr_requested"),
               ("2021-11-15", "imr_upheld")),
            tx("t9", "surgery", "Spinal cord stimulator trial", "lumbar spine", "pain",
               ("2022-01-11", "recommended"), ("2022-02-08", "declined")),
        ],
        visits=[
            visit("2020-02-12", "ptp", "worsening", "Lifting 90-lb sacks of mortar."),
            visit("2020-04-07", "ptp", "unchanged"),
            visit("2020-06-16", "ptp", "improving"),
            visit("2020-09-15", "ptp", "worsening", "Foot drop; fusion advised."),
            visit("2021-01-26", "ptp", "improving", "Post-op."),
            visit("2021-04-06", "ptp", "improving"),
            visit("2021-07-13", "ptp", "unchanged"),
            visit("2021-09-14", "ptp", "worsening", "Right shoulder now limiting."),
            visit("2021-12-07", "ptp", "unchanged"),
            visit("2022-03-08", "ptp", "unchanged"),
            visit("2022-06-14", "ptp", "unchanged"),
            visit("2022-08-23", "ame", "unknown", "AME examination."),
        ],
        mmi_declarations=[
            mmi("m1", "2022-08-23", "ame", "2022-10-03",
                ["lumbar spine", "cervical spine", "right shoulder", "sleep disorder"], True,
                [imp("lumbar spine", "15.03.01.00", 28, 0, pain=2),
                 imp("cervical spine", "15.01.01.00", 15, 10),
                 imp("right shoulder", "16.02.01.00", 10, 0),
                 imp("sleep disorder", "13.03.00.00", 5, 0)],
                [limit("Sedentary work only", None),
                 limit("No lifting over 10 lbs", "lumbar spine"),
                 limit("No work above shoulder level", "right shoulder")],
                pd=74),
        ],
        temporary_disability=[
            td("2020-02-12", "2020-06-30"),
            td("2021-01-13", "2022-08-23"),
        ],
        notes="Stipulated award at 74 % PD after the AME's deposition; life pension follows "
        "the PD weeks. The AME's sleep rating adds nothing for a 2020 injury (LC 4660.1(c)).",
    )
    return Sample(
        "salazar", case, (),
        "A thorough AME report long after the fusion, with nothing pending (the shoulder "
        "surgery ended in IMR upheld, the stimulator trial declined); rated 74 %, life pension.",
    )


def chen() -> Sample:
    case = Case(
        client=client(
            "Michael", "Chen", "1979-11-30", EN, "(415) 555-0183",
            address("1520 Noriega St", "San Francisco", "94122"), "mchen@example.com",
        ),
        claim=claim(
            "2023-09-05", ["left knee", "right knee"], number="SFO-23-514467",
            adj="ADJ17650093", employer="Golden Gate Parcel Express",
            admin="Bayview Claims Services", occupation="Truck driver", group=350,
            wage="1380.00",
        ),
        providers=[
            doc("ptp", "Dr. Olivia Sato", "orthopedic surgery", PTP),
            doc("qme", "Dr. Nathan Greer", "orthopedic surgery", QME),
        ],
        treatments=[
            tx("t1", "diagnostic", "MRI both knees", None, "ptp",
               ("2023-09-18", "recommended"), ("2023-09-25", "authorized"),
               ("2023-10-02", "completed")),
            tx("t2", "therapy", "Physical therapy, 18 visits", None, "ptp",
               ("2023-10-05", "authorized"), ("2023-10-10", "in_progress"),
               ("2024-01-26", "completed"), authorized=18, completed=18),
            tx("t3", "injection", "Viscosupplementation, both knees", None, "ptp",
               ("2024-02-13", "recommended"), ("2024-02-15", "requested"),
               ("2024-02-20", "under_review"), ("2024-02-27", "modified"),
               ("2024-03-26", "completed")),
            tx("t4", "injection", "PRP injection right knee", "right knee", "ptp",
               ("2024-05-01", "recommended"), ("2024-05-09", "requested"),
               ("2024-05-17", "denied")),
        ],
        visits=[
            visit("2023-09-07", "ptp", "worsening", "Knees gave out on delivery stairs."),
            visit("2023-10-04", "ptp", "unchanged"),
            visit("2023-12-05", "ptp", "improving"),
            visit("2024-02-13", "ptp", "unchanged"),
            visit("2024-04-02", "ptp", "improving"),
            visit("2024-05-01", "ptp", "improving", "PRP suggested for the right knee."),
            visit("2024-06-11", "ptp", "unknown", "Telehealth refill; no exam."),
            visit("2024-07-01", "qme", "unknown", "Panel QME examination."),
        ],
        mmi_declarations=[
            mmi("m1", "2024-07-01", "qme", "2024-07-29", ["left knee", "right knee"], True,
                [imp("left knee", "17.05.10.04", 7, 0, final=12),
                 imp("right knee", "17.05.10.04", 6, 0, final=10)],
                [limit("No climbing stairs with loads over 20 lbs", None),
                 limit("No kneeling", None)],
                combine=CombineMethod.ADD,
                reason="The QME explains that the two knees together impair standing and "
                "walking more than the Combined Values Chart reflects (Kite); ratings added."),
        ],
        temporary_disability=[td("2023-09-06", "2024-07-01")],
    )
    return Sample(
        "chen", case, (),
        "Clean QME report rated by adding the two knees; boundaries: the last known trend "
        "(improving) is 61 days old and the PRP denial 45 days old on P&S, so neither fires.",
    )


def holloway() -> Sample:
    case = Case(
        client=client(
            "Patricia", "Holloway", "1962-03-17", EN, "(559) 555-0108",
            address("745 W Shaw Ave", "Fresno", "93704"),
        ),
        claim=claim(
            "2012-05-21", ["lumbar spine", "right shoulder"], number="FRS-12-004581",
            adj="ADJ8456123", employer="Valley Vista Medical Center",
            admin="Sequoia Self-Insured Services", occupation="Nurse aide",
            group=340, wage="640.00",
        ),
        providers=[
            doc("ptp", "Dr. Howard Lin", "physical medicine and rehabilitation", PTP),
            doc("ame", "Dr. Susan Whitcomb", "orthopedic surgery", AME),
        ],
        treatments=[
            tx("t1", "diagnostic", "MRI lumbar spine", "lumbar spine", "ptp",
               ("2012-06-05", "recommended"), ("2012-06-12", "authorized"),
               ("2012-06-20", "completed")),
            tx("t2", "therapy", "Physical therapy, 24 visits", "lumbar spine", "ptp",
               ("2012-06-25", "authorized"), ("2012-07-02", "in_progress"),
               ("2012-10-12", "completed"), authorized=24, completed=24),
            tx("t3", "injection", "Lumbar epidural steroid injection", "lumbar spine", "ptp",
               ("2012-10-16", "recommended"), ("2012-11-06", "authorized"),
               ("2012-12-04", "completed")),
            tx("t4", "surgery", "Right shoulder arthroscopic decompression", "right shoulder",
               "ptp",
               ("2012-09-18", "recommended"), ("2012-09-20", "requested"),
               ("2012-10-01", "authorized"), ("2013-01-15", "completed")),
            tx("t5", "therapy", "Post-operative physical therapy, 24 visits", "right shoulder",
               "ptp",
               ("2013-01-22", "authorized"), ("2013-01-28", "in_progress"),
               ("2013-05-10", "completed"), authorized=24, completed=24),
            tx("t6", "surgery", "L4-L5 fusion", "lumbar spine", "ptp",
               ("2016-03-08", "recommended"), ("2016-03-10", "requested"),
               ("2016-03-17", "denied"), ("2016-04-01", "imr_requested"),
               ("2016-05-20", "imr_upheld")),
        ],
        visits=[
            visit("2012-05-22", "ptp", "worsening", "Lifted a patient alone."),
            visit("2012-07-10", "ptp", "unchanged"),
            visit("2012-09-18", "ptp", "improving"),
            visit("2012-12-18", "ptp", "improving"),
            visit("2013-01-29", "ptp", "improving", "Post-op."),
            visit("2013-04-02", "ptp", "improving"),
            visit("2013-06-11", "ptp", "unchanged"),
            visit("2013-08-13", "ptp", "unchanged"),
            visit("2013-10-22", "ame", "unknown", "AME examination."),
            visit("2016-03-08", "ptp", "worsening", "Back flare; fusion requested."),
        ],
        mmi_declarations=[
            mmi("m1", "2013-10-22", "ame", "2013-11-25", ["lumbar spine", "right shoulder"],
                True,
                [imp("lumbar spine", "15.03.01.00", 8, 25),
                 imp("right shoulder", "16.02.01.00", 5, 0)],
                [limit("No lifting patients without assistance", None)]),
        ],
        temporary_disability=[
            td("2012-05-22", "2012-10-12"),
            td("2013-01-15", "2013-05-10"),
        ],
        notes="Pre-2013 injury: rated with the 2005 schedule's FEC ranks (Section 2).",
    )
    return Sample(
        "holloway", case, (),
        "Clean AME report for a 2012 injury rated with the schedule's FEC ranks; the fusion first "
        "recommended in 2016 is beyond the 365-day window, so SURGERY_AFTER_MMI must not fire.",
    )


def navarro() -> Sample:
    case = Case(
        client=client(
            "Jesús", "Navarro Pineda", "1991-10-12", ES, "(661) 555-0119",
            address("1809 Union Ave", "Bakersfield", "93305"),
        ),
        claim=claim(
            "2026-08-17", ["right shoulder"], number="KRN-26-031756", adj=None,
            employer="Sunrise Citrus Harvesting", admin="Agri-Risk Claims Services",
            occupation="Fruit picker", group=491, wage="610.00", represented=False,
        ),
        providers=[doc("ptp", "Dr. Gary Lindqvist", "occupational medicine", PTP)],
        treatments=[
            tx("t1", "diagnostic", "X-ray right shoulder", "right shoulder", "ptp",
               ("2026-08-18", "completed")),
            tx("t2", "therapy", "Physical therapy, 6 visits", "right shoulder", "ptp",
               ("2026-08-25", "authorized"), ("2026-09-01", "in_progress"),
               ("2026-10-20", "completed"), authorized=6, completed=6),
        ],
        visits=[
            visit("2026-08-18", "ptp", "worsening", "Fell from a picking ladder."),
            visit("2026-10-14", "ptp", "improving"),
        ],
        mmi_declarations=[
            mmi("m1", "2026-10-28", "ptp", "2026-11-02", ["right shoulder"], False,
                [imp("right shoulder", "16.02.01.00", 1, 0)]),
        ],
        temporary_disability=[td("2026-08-18", "2026-10-28")],
        notes="Not represented; called the firm on 2026-11-20. Objection window is 30 days.",
    )
    return Sample(
        "navarro", case, ("EARLY_MMI", "NOT_STABLE", "LITTLE_TREATMENT"),
        "P&S 72 days after the injury, after only 2 visits, the last of them 14 days earlier "
        "saying improving.",
    )


def dominguez() -> Sample:
    case = Case(
        client=client(
            "Luz María", "Domínguez", "1984-06-06", ES, "(760) 555-0126",
            address("590 S 4th St", "El Centro", "92243"),
        ),
        claim=claim(
            "2025-09-08", ["left shoulder", "cervical spine"], number="IMP-25-208874",
            adj="ADJ19640025", employer="Imperial Valley Date Packers",
            admin="Desert Claims Administrators", occupation="Packer, agricultural produce",
            group=360, wage="700.00",
        ),
        providers=[doc("ptp", "Dr. Ernesto Lozano", "occupational medicine", PTP)],
        treatments=[
            tx("t1", "diagnostic", "X-ray left shoulder", "left shoulder", "ptp",
               ("2025-09-09", "completed")),
            tx("t2", "therapy", "Physical therapy, 12 visits", "left shoulder", "ptp",
               ("2025-10-01", "authorized"), ("2025-10-08", "in_progress"),
               ("2026-01-23", "completed"), authorized=12, completed=12),
            tx("t3", "diagnostic", "MRI left shoulder", "left shoulder", "ptp",
               ("2026-06-16", "recommended"), ("2026-06-18", "requested"),
               ("2026-06-23", "under_review"), ("2026-06-30", "denied"),
               ("2026-07-20", "imr_requested"), ("2026-10-22", "imr_overturned"),
               ("2026-10-29", "authorized"), ("2026-12-01", "scheduled")),
            tx("t4", "therapy", "Physical therapy, second course of 12 visits",
               "left shoulder", "ptp",
               ("2026-09-15", "authorized"), ("2026-09-22", "in_progress"),
               authorized=12, completed=6),
        ],
        visits=[
            visit("2025-09-10", "ptp", "worsening", "Shoulder pain lifting date crates."),
            visit("2025-10-27", "ptp", "unchanged"),
            visit("2026-01-26", "ptp", "improving"),
            visit("2026-04-14", "ptp", "unchanged"),
            visit("2026-06-16", "ptp", "worsening", "Night pain; MRI requested."),
            visit("2026-09-15", "ptp", "worsening"),
            visit("2026-10-27", "ptp", "improving", "Second PT course helping."),
        ],
        mmi_declarations=[
            mmi("m1", "2026-11-13", "ptp", "2026-11-20", ["left shoulder", "cervical spine"],
                True,
                [imp("left shoulder", "16.02.01.00", 4, 0),
                 imp("cervical spine", "15.01.01.00", 5, 0)]),
        ],
        temporary_disability=[
            td("2025-09-09", "2026-01-23"),
            td("2026-06-16", "2026-11-13"),
        ],
        notes="Report received 2026-11-20; objection due soon.",
    )
    return Sample(
        "dominguez", case, ("DIAGNOSTICS_PENDING", "THERAPY_INCOMPLETE", "NOT_STABLE"),
        "P&S while the MRI (t3) was authorized but not done, the second PT course (t4) was in "
        "progress, and the visit 17 days earlier said improving.",
    )


def thompson() -> Sample:
    case = Case(
        client=client(
            "Denise", "Thompson", "1977-02-25", EN, "(818) 555-0131",
            address("14820 Victory Blvd", "Van Nuys", "91411"),
        ),
        claim=claim(
            "2024-10-02", ["lumbar spine", "left hip", "psyche"], number="LAX-24-118822",
            adj="ADJ18577741", employer="Valley Unified Transportation Services",
            admin="Sunland Public Entity Claims", occupation="Bus driver", group=250,
            wage="1120.00",
        ),
        providers=[
            doc("ptp", "Dr. Rachel Kim", "occupational medicine", PTP),
            doc("qme", "Dr. Howard Feld", "orthopedic surgery", QME),
        ],
        treatments=[
            tx("t1", "diagnostic", "MRI lumbar spine", "lumbar spine", "ptp",
               ("2024-10-28", "recommended"), ("2024-11-04", "authorized"),
               ("2024-11-14", "completed")),
            tx("t2", "therapy", "Physical therapy, 12 visits", "lumbar spine", "ptp",
               ("2024-11-18", "authorized"), ("2024-11-25", "in_progress"),
               ("2025-02-20", "completed"), authorized=12, completed=12),
            tx("t3", "referral", "Referral to a psychologist", "psyche", "ptp",
               ("2025-04-08", "recommended"), ("2025-04-10", "requested"),
               ("2025-04-18", "authorized"), ("2025-06-24", "scheduled"),
               ("2025-06-30", "completed")),
            tx("t4", "medication", "Duloxetine trial", "psyche", "ptp",
               ("2025-05-13", "recommended"), ("2025-05-20", "authorized"),
               ("2025-05-22", "in_progress"), ("2025-09-30", "completed")),
        ],
        visits=[
            visit("2024-10-03", "ptp", "worsening", "Bus rear-ended at a stop."),
            visit("2024-11-18", "ptp", "unchanged"),
            visit("2025-01-14", "ptp", "improving"),
            visit("2025-03-11", "ptp", "unchanged", "Anxiety driving; psych referral."),
            visit("2025-05-13", "ptp", "unchanged"),
            visit("2025-06-17", "qme", "unknown", "Orthopedic panel QME examination."),
        ],
        mmi_declarations=[
            mmi("m1", "2025-06-17", "qme", "2025-07-21", ["lumbar spine", "left hip"], True,
                [imp("lumbar spine", "15.03.01.00", 7, 0),
                 imp("left hip", "17.03.04.00", 3, 0)],
                [limit("No lifting over 25 lbs", "lumbar spine")]),
        ],
        temporary_disability=[td("2024-10-03", "2025-03-11")],
    )
    return Sample(
        "thompson", case,
        ("REFERRAL_PENDING", "TREATMENT_PENDING", "BODY_PARTS_NOT_ADDRESSED"),
        "The orthopedic QME left out the claimed psyche while the psychology referral (t3) "
        "and a duloxetine trial (t4) were open.",
    )


def guerrero() -> Sample:
    case = Case(
        client=client(
            "Efraín", "Guerrero", "1993-03-03", ES, "(209) 555-0137",
            address("2207 Crows Landing Rd", "Modesto", "95358"),
        ),
        claim=claim(
            "2025-02-11", ["left hand"], number="STN-25-447310", adj="ADJ19377652",
            employer="Stanislaus Poultry Processors",
            admin="Central Valley Claims Administrators", occupation="Poultry dresser",
            group=322, wage="760.00",
        ),
        providers=[doc("ptp", "Dr. Sunita Rao", "occupational medicine", PTP)],
        treatments=[
            tx("t1", "other", "Laceration repair, left palm", "left hand", "ptp",
               ("2025-02-11", "completed")),
            tx("t2", "medication", "Cephalexin course", "left hand", "ptp",
               ("2025-02-11", "authorized"), ("2025-02-21", "completed")),
            tx("t3", "therapy", "Hand therapy, 8 visits", "left hand", "ptp",
               ("2025-03-04", "authorized"), ("2025-03-10", "in_progress"),
               ("2025-04-18", "completed"), authorized=8, completed=8),
        ],
        visits=[
            visit("2025-02-12", "ptp", "worsening", "Knife slipped on the deboning line."),
            visit("2025-02-25", "ptp", "improving"),
            visit("2025-03-25", "ptp", "improving"),
            visit("2025-04-22", "ptp", "unchanged"),
            visit("2025-05-12", "ptp", "unchanged", "Full grip; scar tender."),
        ],
        mmi_declarations=[
            mmi("m1", "2025-05-12", "ptp", "2025-05-19", ["left hand"], False,
                [imp("left hand", "16.05.01.00", 1, 0)], pd=2),
        ],
        temporary_disability=[td("2025-02-12", "2025-03-09")],
    )
    return Sample(
        "guerrero", case, (),
        "A healed hand laceration declared P&S exactly 90 days after the injury (boundary: "
        "EARLY_MMI must not fire); rated 2 %.",
    )


def walsh() -> Sample:
    case = Case(
        client=client(
            "Brian", "Walsh", "1972-09-09", EN, "(925) 555-0142",
            address("3150 Willow Pass Rd", "Concord", "94519"),
        ),
        claim=claim(
            "2024-12-10", ["lumbar spine", "right lower extremity"], number="CCC-24-610045",
            adj="ADJ18221390", employer="Diablo Steel Fabricators",
            admin="Mount Diablo Claims Services", occupation="Reinforcing iron worker", group=481,
            wage="1900.00",
        ),
        providers=[
            doc("ptp", "Dr. Kevin Marsh", "physical medicine and rehabilitation", PTP),
            doc("spine", "Dr. Ingrid Solberg", "spine surgery", SPECIALIST),
        ],
        treatments=[
            tx("t1", "diagnostic", "MRI lumbar spine", "lumbar spine", "ptp",
               ("2024-12-17", "recommended"), ("2024-12-23", "authorized"),
               ("2025-01-06", "completed")),
            tx("t2", "therapy", "Physical therapy, 12 visits", "lumbar spine", "ptp",
               ("2025-01-08", "authorized"), ("2025-01-13", "in_progress"),
               ("2025-03-28", "completed"), authorized=12, completed=12),
            tx("t3", "injection", "Lumbar epidural steroid injection", "lumbar spine", "ptp",
               ("2025-04-01", "recommended"), ("2025-04-03", "requested"),
               ("2025-04-08", "under_review"), ("2025-04-15", "denied"),
               ("2025-05-05", "imr_requested"), ("2025-06-23", "imr_upheld")),
            tx("t4", "surgery", "L5-S1 fusion", "lumbar spine", "spine",
               ("2025-08-12", "recommended"), ("2025-08-14", "requested"),
               ("2025-08-19", "under_review"), ("2025-08-27", "authorized"),
               ("2025-10-15", "completed")),
            tx("t5", "therapy", "Post-operative physical therapy, 24 visits", "lumbar spine",
               "ptp",
               ("2025-11-20", "authorized"), ("2025-12-01", "in_progress"),
               ("2026-04-10", "completed"), authorized=24, completed=24),
            tx("t6", "diagnostic", "CT lumbar spine (hardware)", "lumbar spine", "spine",
               ("2026-09-22", "recommended"), ("2026-09-24", "requested"),
               ("2026-09-29", "under_review"), ("2026-10-06", "denied"),
               ("2026-10-27", "imr_requested")),
            tx("t7", "referral", "Pain management consultation", "lumbar spine", "ptp",
               ("2026-10-06", "requested"), ("2026-10-20", "authorized"),
               ("2026-12-10", "scheduled")),
        ],
        visits=[
            visit("2024-12-11", "ptp", "worsening", "Fell from a beam onto rebar."),
            visit("2025-01-08", "ptp", "unchanged"),
            visit("2025-04-01", "ptp", "unchanged"),
            visit("2025-08-12", "spine", "worsening", "Right leg weakness; fusion advised."),
            visit("2025-11-04", "spine", "improving", "Post-op."),
            visit("2026-02-17", "ptp", "improving"),
            visit("2026-06-09", "ptp", "unchanged"),
            visit("2026-09-22", "spine", "worsening", "Possible pseudarthrosis."),
        ],
        temporary_disability=[td("2024-12-12")],
        notes="TD reaches 104 weeks on 2026-12-09; plan for the end of TD.",
    )
    return Sample(
        "walsh", case, (),
        "Still treating: no MMI declaration, so no flags; open TD near the 104-week cap.",
    )


def rojas() -> Sample:
    case = Case(
        client=client(
            "Adriana", "Rojas", "1995-01-31", ES, "(707) 555-0155",
            address("820 Lincoln Ave", "Napa", "94558"),
        ),
        claim=claim(
            "2026-06-19", ["right knee"], number="NPA-26-120084", adj="ADJ20114578",
            employer="Carneros Hills Winery", admin="Vintners Mutual Claims",
            occupation="Winery worker", group=332, wage="880.00",
        ),
        providers=[doc("ptp", "Dr. Caroline Ashby", "orthopedic surgery", PTP)],
        treatments=[
            tx("t1", "diagnostic", "MRI right knee", "right knee", "ptp",
               ("2026-06-24", "recommended"), ("2026-06-30", "authorized"),
               ("2026-07-08", "completed")),
            tx("t2", "therapy", "Physical therapy, 12 visits", "right knee", "ptp",
               ("2026-07-15", "authorized"), ("2026-07-21", "in_progress"),
               ("2026-09-11", "completed"), authorized=12, completed=12),
            tx("t3", "surgery", "Right ACL reconstruction", "right knee", "ptp",
               ("2026-09-15", "recommended"), ("2026-09-17", "requested"),
               ("2026-09-22", "under_review"), ("2026-09-29", "denied"),
               ("2026-10-14", "imr_requested"), ("2026-11-16", "imr_overturned"),
               ("2026-12-14", "scheduled")),
        ],
        visits=[
            visit("2026-06-20", "ptp", "worsening", "Knee twisted on a wet cellar floor."),
            visit("2026-07-09", "ptp", "unchanged", "MRI: complete ACL tear."),
            visit("2026-08-18", "ptp", "improving"),
            visit("2026-09-15", "ptp", "unchanged", "Instability persists; ACL surgery advised."),
            visit("2026-11-17", "ptp", "unchanged"),
        ],
        temporary_disability=[td("2026-06-20")],
    )
    return Sample(
        "rojas", case, (),
        "Still treating: the ACL reconstruction is scheduled after IMR overturned the denial; "
        "no MMI declaration, so no flags.",
    )


def jackson() -> Sample:
    case = Case(
        client=client(
            "Marcus", "Jackson", "1983-07-07", EN, "(213) 555-0168",
            address("4021 S Figueroa St", "Los Angeles", "90037"),
        ),
        claim=claim(
            "2026-03-24", ["right shoulder", "cervical spine"], number="LAX-26-302251",
            adj="ADJ20093317", employer="Downtown Hotel Group LLC",
            admin="Westside Claims Management", occupation="Waiter/waitress", group=322,
            wage="920.00",
        ),
        providers=[
            doc("ptp", "Dr. Angela Pierce", "occupational medicine", PTP),
            doc("ortho", "Dr. Tomasz Nowak", "orthopedic surgery", SPECIALIST),
        ],
        treatments=[
            tx("t1", "diagnostic", "X-ray right shoulder", "right shoulder", "ptp",
               ("2026-03-25", "completed")),
            tx("t2", "therapy", "Physical therapy, 12 visits", "right shoulder", "ptp",
               ("2026-04-07", "authorized"), ("2026-04-13", "in_progress"),
               ("2026-06-26", "completed"), authorized=12, completed=12),
            tx("t3", "diagnostic", "MRI right shoulder", "right shoulder", "ptp",
               ("2026-07-07", "recommended"), ("2026-07-09", "requested"),
               ("2026-07-14", "under_review"), ("2026-07-21", "denied"),
               ("2026-08-10", "imr_requested"), ("2026-10-05", "imr_overturned"),
               ("2026-12-02", "scheduled")),
            tx("t4", "referral", "Orthopedic consultation", "right shoulder", "ptp",
               ("2026-07-07", "requested"), ("2026-07-15", "authorized"),
               ("2026-08-18", "completed")),
            tx("t5", "medication", "Meloxicam 15 mg", "right shoulder", "ptp",
               ("2026-03-25", "in_progress")),
        ],
        visits=[
            visit("2026-03-25", "ptp", "worsening", "Carrying stacked banquet trays."),
            visit("2026-04-21", "ptp", "improving"),
            visit("2026-06-02", "ptp", "unchanged"),
            visit("2026-07-07", "ptp", "worsening", "Neck pain radiating to the right arm."),
            visit("2026-08-18", "ortho", "unchanged"),
            visit("2026-10-13", "ptp", "unchanged"),
        ],
        temporary_disability=[
            td("2026-03-25", "2026-05-31"),
            td("2026-08-18"),
        ],
        notes="Modified duty withdrawn 2026-08-17; TD resumed.",
    )
    return Sample(
        "jackson", case, (),
        "Still treating with an MRI due after IMR; no MMI declaration, so no flags.",
    )


def pacheco() -> Sample:
    case = Case(
        client=client(
            "Francisco Javier", "Pacheco", "1970-12-12", ES, "(559) 555-0174",
            address("4110 E Kings Canyon Rd", "Fresno", "93702"),
        ),
        claim=claim(
            "2024-09-23", ["right shoulder", "right elbow"], number="FRS-24-778102",
            adj="ADJ18810447", employer="Kings River Raisin Packers",
            admin="Golden Valley Claims Services", occupation="Forklift operator", group=351,
            wage="870.00",
        ),
        providers=[doc("ptp", "Dr. Marisol Echeverría", "orthopedic surgery", PTP)],
        treatments=[
            tx("t1", "diagnostic", "MRI right shoulder", "right shoulder", "ptp",
               ("2024-10-08", "recommended"), ("2024-10-15", "authorized"),
               ("2024-10-30", "completed")),
            tx("t2", "therapy", "Physical therapy, 18 visits", "right shoulder", "ptp",
               ("2024-10-22", "authorized"), ("2024-10-28", "in_progress"),
               ("2025-02-14", "completed"), authorized=18, completed=18),
            tx("t3", "injection", "Subacromial injection right shoulder", "right shoulder",
               "ptp",
               ("2025-02-18", "recommended"), ("2025-02-25", "authorized"),
               ("2025-03-11", "completed")),
            tx("t4", "surgery", "Right shoulder subacromial decompression", "right shoulder",
               "ptp",
               ("2025-04-08", "recommended"), ("2025-04-10", "requested"),
               ("2025-04-15", "under_review"), ("2025-04-22", "denied"),
               ("2025-05-12", "imr_requested"), ("2025-06-30", "imr_upheld")),
            tx("t5", "surgery", "Right lateral epicondyle release", "right elbow", "ptp",
               ("2025-09-09", "recommended"), ("2025-09-11", "requested"),
               ("2025-09-25", "authorized"), ("2025-11-18", "completed")),
            tx("t6", "therapy", "Post-operative therapy, 12 visits", "right elbow", "ptp",
               ("2025-12-01", "authorized"), ("2025-12-08", "in_progress"),
               ("2026-03-06", "completed"), authorized=12, completed=12),
        ],
        visits=[
            visit("2024-09-24", "ptp", "worsening", "Strain pulling a jammed pallet."),
            visit("2024-11-05", "ptp", "unchanged"),
            visit("2025-01-14", "ptp", "improving"),
            visit("2025-04-08", "ptp", "worsening"),
            visit("2025-07-15", "ptp", "unchanged"),
            visit("2025-09-09", "ptp", "worsening", "Elbow pain; release advised."),
            visit("2025-12-02", "ptp", "improving", "Post-op."),
            visit("2026-02-10", "ptp", "improving"),
            visit("2026-05-12", "ptp", "unchanged"),
            visit("2026-08-11", "ptp", "unchanged"),
            visit("2026-11-03", "ptp", "unchanged"),
        ],
        mmi_declarations=[
            mmi("m1", "2026-11-20", "ptp", "2026-11-24", ["right shoulder", "right elbow"],
                True,
                [imp("right shoulder", "16.02.01.00", 6, 20),
                 imp("right elbow", "16.03.01.00", 3, 0)],
                [limit("No repetitive overhead reaching with the right arm", "right shoulder")],
                pd=13),
        ],
        temporary_disability=[
            td("2024-09-24", "2025-02-14"),
            td("2025-11-18", "2026-11-20"),
        ],
        notes="TD ended 2026-11-20: first PD payment due within 14 days.",
    )
    return Sample(
        "pacheco", case, (),
        "A clean recent P&S a year after the elbow surgery, with the shoulder surgery closed "
        "by IMR upheld; the first PD payment is due soon.",
    )


SAMPLES = (
    ramirez, whitaker, nguyen, castillo, okafor, mendoza, brooks, herrera, patel, flores,
    kowalski, soto, anderson, morales, villasenor, pruitt, salazar, chen, holloway, navarro,
    dominguez, thompson, guerrero, walsh, rojas, jackson, pacheco,
)


# ----------------------------------------------------------------------------- output


def schedule_problems(case: Case) -> list[str]:
    """Where a sample strays from the 2005 rating schedule: its occupation is not a Section 3A
    title of its group, an impairment number is not in Section 2, or its latest declaration
    cannot be rated in full (the samples show the schedule's rating, not the estimate)."""
    out: list[str] = []
    claim = case.claim
    titles = {(o.title.casefold(), o.group) for o in occupations()}
    if (str(claim.occupation).casefold(), claim.occupational_group) not in titles:
        group = claim.occupational_group
        out.append(f"{claim.occupation!r} is not a schedule title of group {group}")
    if case.client.date_of_birth is None:
        out.append("no date of birth")
    known = schedule().impairments
    for m in case.mmi_declarations:
        for i in m.impairments:
            if i.impairment_number not in known:
                out.append(f"{i.impairment_number} is not a Section 2 number")
    latest = case.latest_declaration()
    if latest is not None and not rate_case(case, latest).complete:
        out.append(f"declaration {latest.id} cannot be rated in full")
    return out


def build() -> tuple[dict[str, str], dict[str, object]]:
    """The sample files (name -> text) and the manifest, checked against the format."""
    files: dict[str, str] = {}
    entries: list[dict[str, object]] = []
    for number, make in enumerate(SAMPLES, start=1):
        sample = make()
        name = f"{number:02d}-{sample.slug}.json"
        problems = [str(p) for p in validate_case(sample.case, AS_OF)]
        problems += schedule_problems(sample.case)
        if problems:
            raise SystemExit(f"{name}: " + "; ".join(problems))
        text = dumps_case(sample.case)
        if loads_case(text, AS_OF, source=name) != sample.case:
            raise SystemExit(f"{name}: does not read back as written")
        files[name] = text
        entries.append(
            {
                "file": name,
                "client": sample.case.client.full_name,
                "language": sample.case.client.language.value,
                "rules": list(sample.rules),
                "why": sample.why,
            }
        )
    manifest: dict[str, object] = {
        "as_of": AS_OF.isoformat(),
        "thresholds": "defaults of premature-mmi-rules.md",
        "samples": entries,
    }
    return files, manifest


def manifest_text(manifest: dict[str, object]) -> str:
    return json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    files, manifest = build()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "manifest.json").unlink(missing_ok=True)  # (its name before)
    for stale in OUT.glob("[0-9][0-9]-*.json"):
        if stale.name not in files:
            stale.unlink()
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8")
    (OUT / MANIFEST).write_text(manifest_text(manifest), encoding="utf-8")
    print(f"wrote {len(files)} samples and {MANIFEST} to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

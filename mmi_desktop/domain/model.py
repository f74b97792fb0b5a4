"""The case record of `mmi-case/1` as plain Python objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

# Classes below have a field called `date`; inside them the type goes by this name.
Day = date


class Language(StrEnum):
    EN = "en"
    ES = "es"


class InjuryType(StrEnum):
    SPECIFIC = "specific"
    CUMULATIVE = "cumulative"


class ProviderRole(StrEnum):
    PTP = "PTP"
    QME = "QME"
    AME = "AME"
    SPECIALIST = "specialist"
    INSURER_EXAMINER = "insurer_examiner"
    OTHER = "other"


# Whose reports the law treats how. LC 4062(a): objections are to the treating physician's
# determinations (the PTP's, or a secondary treating physician's, 8 CCR 9785); a QME's or
# AME's report is answered by a supplemental report or a deposition. LC 4658.7(b)(1): the
# voucher's offer window runs from the first report of the PTP, an AME or a QME finding all
# conditions permanent and stationary.
TREATING_ROLES = frozenset({ProviderRole.PTP, ProviderRole.SPECIALIST})
EVALUATOR_ROLES = frozenset({ProviderRole.QME, ProviderRole.AME})
PS_REPORT_ROLES = frozenset({ProviderRole.PTP, ProviderRole.QME, ProviderRole.AME})


class TreatmentCategory(StrEnum):
    SURGERY = "surgery"
    DIAGNOSTIC = "diagnostic"
    THERAPY = "therapy"
    INJECTION = "injection"
    REFERRAL = "referral"
    MEDICATION = "medication"
    OTHER = "other"


class TreatmentStatus(StrEnum):
    RECOMMENDED = "recommended"
    REQUESTED = "requested"
    UNDER_REVIEW = "under_review"
    AUTHORIZED = "authorized"
    MODIFIED = "modified"
    DENIED = "denied"
    IMR_REQUESTED = "imr_requested"
    IMR_UPHELD = "imr_upheld"
    IMR_OVERTURNED = "imr_overturned"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    DECLINED = "declined"


class Trend(StrEnum):
    IMPROVING = "improving"
    UNCHANGED = "unchanged"
    WORSENING = "worsening"
    UNKNOWN = "unknown"


class CombineMethod(StrEnum):
    CVC = "cvc"
    ADD = "add"


class PsychSleepSexualException(StrEnum):
    """LC 4660.1(c)(2): when psychiatric, sleep or sexual impairment still counts (from 2013)."""

    VIOLENT_ACT = "violent_act"
    CATASTROPHIC_INJURY = "catastrophic_injury"


class TDCapException(StrEnum):
    """The injuries and conditions of LC 4656(c)(3): up to 240 weeks of TD within five years."""

    HEPATITIS_B = "hepatitis_b"
    HEPATITIS_C = "hepatitis_c"
    AMPUTATION = "amputation"
    SEVERE_BURNS = "severe_burns"
    HIV = "hiv"
    HIGH_VELOCITY_EYE_INJURY = "high_velocity_eye_injury"
    CHEMICAL_EYE_BURNS = "chemical_eye_burns"
    PULMONARY_FIBROSIS = "pulmonary_fibrosis"
    CHRONIC_LUNG_DISEASE = "chronic_lung_disease"


class ReturnToWorkOffer(StrEnum):
    """The employer's offer of regular, modified or alternative work within 60 days of P&S
    (LC 4658(d)(2)-(3), injuries 2005-2012)."""

    OFFERED = "offered"
    NOT_OFFERED = "not_offered"
    # Offered, then ended by the employer before the PD was paid (LC 4658(d)(3)(B)).
    ENDED_BY_EMPLOYER = "ended_by_employer"


class ServiceMethod(StrEnum):
    """How a UR decision was served (CCP 1013, 1010.6)."""

    MAIL = "mail"
    ELECTRONIC = "electronic"
    PERSONAL = "personal"


class ResolutionKind(StrEnum):
    STIPULATED_AWARD = "stipulated_award"
    COMPROMISE_AND_RELEASE = "compromise_and_release"


@dataclass
class Address:
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None


@dataclass
class Client:
    first_name: str
    last_name: str
    date_of_birth: date | None = None
    language: Language = Language.EN
    phone: str | None = None
    email: str | None = None
    address: Address | None = None

    @property
    def display_name(self) -> str:
        """Last, First — how a caseworker's list shows a client."""
        return f"{self.last_name}, {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class Claim:
    date_of_injury: date
    body_parts: list[str] = field(default_factory=list)
    claim_number: str | None = None
    adj_number: str | None = None
    injury_type: InjuryType = InjuryType.SPECIFIC
    employer: str | None = None
    claims_administrator: str | None = None
    occupation: str | None = None
    occupational_group: int | None = None
    average_weekly_wage: Decimal | None = None
    represented: bool = True
    # Extension of mmi-case/1 (LC 4660.1(c)): the injury came from a violent act or was
    # catastrophic, so psychiatric, sleep and sexual-function impairment is rated.
    psych_sleep_sexual_exception: PsychSleepSexualException | None = None
    # LC 4656(c)(3): the listed injury that lifts the TD cap to 240 weeks, if any.
    td_cap_exception: TDCapException | None = None
    # LC 4658(d)(2)-(3): the employer's return-to-work offer and whether it had 50 or more
    # employees (the adjustment applies only then).
    rtw_offer: ReturnToWorkOffer | None = None
    employer_50_or_more: bool | None = None


@dataclass
class Provider:
    id: str
    name: str
    role: ProviderRole
    specialty: str | None = None


@dataclass
class StatusChange:
    date: date
    status: TreatmentStatus
    # For a UR decision (denied, modified): when and how it was served; the IMR window
    # runs from service plus the time CCP 1013 adds.
    served: Day | None = None
    served_by: ServiceMethod | None = None


@dataclass
class Treatment:
    id: str
    category: TreatmentCategory
    description: str
    body_part: str | None = None
    provider: str | None = None
    authorized_visits: int | None = None
    completed_visits: int | None = None
    history: list[StatusChange] = field(default_factory=list)

    def status_on(self, day: date) -> StatusChange | None:
        """The last history entry dated on or before `day`; None if none yet."""
        current: StatusChange | None = None
        for entry in self.history:
            if entry.date <= day:
                current = entry
        return current


@dataclass
class Visit:
    date: date
    provider: str | None = None
    trend: Trend = Trend.UNKNOWN
    note: str | None = None


@dataclass
class Impairment:
    body_part: str | None = None
    impairment_number: str | None = None
    wpi: Decimal | None = None
    final_rating: Decimal | None = None
    apportionment_pct: Decimal | None = None
    # Extension of mmi-case/1: an FEC rank factor (1.10-1.40) for a DOI before 2013, used
    # only where the impairment number gives no rank (the schedule's Section 2 gives it).
    fec_factor: Decimal | None = None
    # Extensions of mmi-case/1: WPI added for pain (PDRS Section 1: 0-3, whole numbers, at
    # most 3 for one injury), and a prior award's percentage points (LC 4664), subtracted.
    pain_add_on: Decimal | None = None
    prior_award_pct: Decimal | None = None


@dataclass
class Restriction:
    text: str
    body_part: str | None = None
    permanent: bool | None = None


@dataclass
class MMIDeclaration:
    id: str
    date: Day
    provider: str | None = None
    report_received: Day | None = None
    body_parts: list[str] = field(default_factory=list)
    future_medical: bool | None = None
    impairments: list[Impairment] = field(default_factory=list)
    combine: CombineMethod = CombineMethod.CVC
    combine_reason: str | None = None
    pd_percent: Decimal | None = None
    restrictions: list[Restriction] = field(default_factory=list)
    # The date the report itself bears (RETROACTIVE_MMI compares it with the MMI date).
    report_date: Day | None = None


@dataclass
class TDPeriod:
    start: date
    end: date | None = None


@dataclass
class Resolution:
    """How the case was resolved: Stipulations with Request for Award or Compromise and
    Release, with its dates, amount and whether future medical care stays open."""

    kind: ResolutionKind
    signed: date | None = None  # the date the parties signed
    approved: date | None = None  # the date of the award or order approving
    amount: Decimal | None = None  # the PD awarded (stipulations) or the lump sum (C&R)
    # None: the kind's usual terms (open after stipulations, closed after a C&R).
    future_medical_open: bool | None = None

    def future_medical_stays_open(self) -> bool:
        if self.future_medical_open is not None:
            return self.future_medical_open
        return self.kind is ResolutionKind.STIPULATED_AWARD


@dataclass
class Case:
    client: Client
    claim: Claim
    providers: list[Provider] = field(default_factory=list)
    treatments: list[Treatment] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    mmi_declarations: list[MMIDeclaration] = field(default_factory=list)
    temporary_disability: list[TDPeriod] = field(default_factory=list)
    notes: str | None = None
    resolution: Resolution | None = None

    def provider(self, provider_id: str | None) -> Provider | None:
        return next((p for p in self.providers if p.id == provider_id), None)

    def treatment(self, treatment_id: str) -> Treatment | None:
        return next((t for t in self.treatments if t.id == treatment_id), None)

    def latest_declaration(self) -> MMIDeclaration | None:
        """The latest MMI declaration by date (the one whose rating counts)."""
        if not self.mmi_declarations:
            return None
        return max(self.mmi_declarations, key=lambda m: m.date)

"""Small builders for domain tests: a valid case in a line, changed only where a test cares."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from mmi_desktop.domain.model import (
    Case,
    Claim,
    Client,
    CombineMethod,
    Impairment,
    MMIDeclaration,
    Provider,
    ProviderRole,
    StatusChange,
    TDPeriod,
    Treatment,
    TreatmentCategory,
    TreatmentStatus,
    Trend,
    Visit,
)

DOI = date(2024, 2, 12)
MMI = date(2024, 8, 20)  # 190 days after DOI: not early
AS_OF = date(2026, 11, 27)


def d(text: str) -> date:
    return date.fromisoformat(text)


def days_before(day: date, n: int) -> date:
    return day - timedelta(days=n)


def days_after(day: date, n: int) -> date:
    return day + timedelta(days=n)


def treatment(
    tid: str,
    category: TreatmentCategory | str,
    *history: tuple[date, TreatmentStatus | str],
    description: str | None = None,
    body_part: str | None = "left shoulder",
    authorized_visits: int | None = None,
    completed_visits: int | None = None,
) -> Treatment:
    cat = TreatmentCategory(category)
    return Treatment(
        id=tid,
        category=cat,
        description=description or f"{cat.value} {tid}",
        body_part=body_part,
        provider="ptp",
        authorized_visits=authorized_visits,
        completed_visits=completed_visits,
        history=[StatusChange(day, TreatmentStatus(status)) for day, status in history],
    )


def impairment(
    body_part: str | None = "left shoulder",
    wpi: int | str | None = 6,
    *,
    number: str | None = "16.02.01.00",
    final: int | str | None = None,
    apportionment: int | str | None = 0,
    fec_factor: str | None = None,
    pain: int | str | None = None,
    prior_award: int | str | None = None,
) -> Impairment:
    def dec(v: int | str | None) -> Decimal | None:
        return None if v is None else Decimal(str(v))

    return Impairment(
        body_part=body_part,
        impairment_number=number,
        wpi=dec(wpi),
        final_rating=dec(final),
        apportionment_pct=dec(apportionment),
        fec_factor=dec(fec_factor),
        pain_add_on=dec(pain),
        prior_award_pct=dec(prior_award),
    )


def example_c_impairments() -> list[Impairment]:
    """The impairments of the 2005 schedule's Section 7 Example C (p. 7-3): a low back, a right
    arm (hand and shoulder), a left leg (amputation with 3 % WPI for pain, and a knee) and a
    right knee of 8 % LE x .4 = 3.2 % WPI."""
    return [
        impairment("low back", 10, number="15.03.01.00"),
        impairment("right hand", 10, number="16.05.01.00"),
        impairment("right shoulder", 18, number="16.02.02.00"),
        impairment("left leg", 32, number="17.01.02.02", pain=3),
        impairment("left knee", 14, number="17.05.04.00"),
        impairment("right knee", "3.2", number="17.05.04.00"),
    ]


def declaration(
    mid: str = "m1",
    day: date = MMI,
    *,
    provider: str | None = "ptp",
    received: date | None = None,
    body_parts: list[str] | None = None,
    future_medical: bool | None = True,
    impairments: list[Impairment] | None = None,
    pd_percent: int | str | None = None,
    combine: CombineMethod = CombineMethod.CVC,
    combine_reason: str | None = None,
) -> MMIDeclaration:
    return MMIDeclaration(
        id=mid,
        date=day,
        provider=provider,
        report_received=received if received is not None else day + timedelta(days=5),
        body_parts=list(body_parts) if body_parts is not None else ["left shoulder"],
        future_medical=future_medical,
        impairments=impairments if impairments is not None else [impairment()],
        combine=combine,
        combine_reason=combine_reason,
        pd_percent=None if pd_percent is None else Decimal(str(pd_percent)),
    )


def visits(*items: tuple[date, Trend | str]) -> list[Visit]:
    return [Visit(day, "ptp", Trend(trend)) for day, trend in items]


def steady_visits(before: date = MMI) -> list[Visit]:
    """Three unchanged visits well before `before`: no visit rule fires."""
    return visits(
        (days_before(before, 120), "unchanged"),
        (days_before(before, 90), "unchanged"),
        (days_before(before, 30), "unchanged"),
    )


def make_case(
    *,
    doi: date = DOI,
    awe: str | None = "880.00",
    represented: bool = True,
    body_parts: list[str] | None = None,
    providers: list[Provider] | None = None,
    treatments: list[Treatment] | None = None,
    visit_list: list[Visit] | None = None,
    declarations: list[MMIDeclaration] | None = None,
    td: list[TDPeriod] | None = None,
    group: int | None = None,
    birth: date | None = None,
) -> Case:
    """A case with no flags unless a test adds its evidence."""
    return Case(
        client=Client("Ana", "Gutierrez", date_of_birth=birth),
        claim=Claim(
            date_of_injury=doi,
            body_parts=list(body_parts) if body_parts is not None else ["left shoulder"],
            average_weekly_wage=None if awe is None else Decimal(awe),
            represented=represented,
            occupational_group=group,
        ),
        providers=providers
        if providers is not None
        else [
            Provider("ptp", "Dr. Miguel Ortega", ProviderRole.PTP),
            Provider("qme", "Dr. Laura Kim", ProviderRole.QME),
            Provider("spec", "Dr. Sam Lee", ProviderRole.SPECIALIST),
            Provider("ins", "Dr. Pat Doe", ProviderRole.INSURER_EXAMINER),
        ],
        treatments=treatments or [],
        visits=visit_list if visit_list is not None else steady_visits(),
        mmi_declarations=declarations if declarations is not None else [declaration()],
        temporary_disability=td if td is not None else [],
    )

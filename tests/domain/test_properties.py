"""Properties of the calculators that must hold for any input (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from mmi_desktop.domain import rates
from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.benefits import pd_weeks, td_weekly_rate
from mmi_desktop.domain.deadlines import case_deadlines, holidays_in, next_business_day
from mmi_desktop.domain.model import (
    Case,
    Language,
    StatusChange,
    TDPeriod,
    Treatment,
    TreatmentCategory,
    TreatmentStatus,
    Trend,
    Visit,
)
from mmi_desktop.domain.rating import combine_values, rate_declaration

from .conftest import declaration, impairment, make_case

WEEKS = rates.pd_weeks_bands(date(2024, 1, 1)).value
assert WEEKS is not None

ratings = st.decimals(min_value=0, max_value=Decimal("99.75"), places=2)
days = st.dates(min_value=date(2013, 1, 1), max_value=date(2026, 12, 31))


@given(ratings, ratings)
def test_pd_weeks_never_decrease_as_the_rating_rises(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    assert pd_weeks(low, WEEKS) <= pd_weeks(high, WEEKS)


@given(st.integers(min_value=1, max_value=399))
def test_each_quarter_step_adds_weeks(step: int) -> None:
    rating = Decimal(step) / 4
    assert pd_weeks(rating, WEEKS) > pd_weeks(rating - Decimal("0.25"), WEEKS)


@given(st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=8))
def test_combined_rating_is_between_the_largest_part_and_100(parts: list[int]) -> None:
    combined, _ = combine_values(parts)
    assert max(parts) <= combined <= 100


@given(st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=8), st.randoms())
def test_combined_rating_does_not_depend_on_the_order_given(parts: list[int], rnd: object) -> None:
    shuffled = list(parts)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert combine_values(parts)[0] == combine_values(shuffled)[0]


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=100, places=1),
            st.one_of(st.none(), st.integers(min_value=0, max_value=100)),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_rating_from_impairments_is_at_least_its_largest_part(
    items: list[tuple[Decimal, int | None]],
) -> None:
    m = declaration(
        impairments=[
            impairment(f"part {i}", wpi, apportionment=a) for i, (wpi, a) in enumerate(items)
        ]
    )
    rating = rate_declaration(m, date(2024, 1, 1))  # no group, no age: the estimate
    assert rating.percent is not None and rating.estimate
    assert max(p.estimate or 0 for p in rating.parts) <= rating.percent <= 100


@given(st.decimals(min_value=0, max_value=10000, places=2), days)
def test_td_rate_is_held_between_the_limits(awe: Decimal, doi: date) -> None:
    rate = td_weekly_rate(awe, doi).value
    limits = rates.td_limits(doi).value
    assert rate is not None and limits is not None
    assert limits.minimum <= rate <= limits.maximum


def _is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays_in(day.year)


@given(st.dates(min_value=date(2005, 1, 1), max_value=date(2035, 12, 31)))
def test_next_business_day_is_a_business_day_soon_after(day: date) -> None:
    due = next_business_day(day)
    assert _is_business_day(due)
    assert day <= due <= day + timedelta(days=5)
    # no business day was skipped
    probe = day
    while probe < due:
        assert not _is_business_day(probe)
        probe += timedelta(days=1)


@given(
    doi=days,
    mmi_after=st.integers(min_value=0, max_value=1500),
    received_after=st.one_of(st.none(), st.integers(min_value=0, max_value=60)),
    td_start=st.integers(min_value=0, max_value=400),
    td_length=st.one_of(st.none(), st.integers(min_value=0, max_value=900)),
    represented=st.booleans(),
)
def test_the_due_date_of_an_act_never_falls_on_a_weekend_or_holiday(
    doi: date,
    mmi_after: int,
    received_after: int | None,
    td_start: int,
    td_length: int | None,
    represented: bool,
) -> None:
    mmi = doi + timedelta(days=mmi_after)
    m = declaration(day=mmi, received=None)
    m.report_received = None if received_after is None else mmi + timedelta(days=received_after)
    start = doi + timedelta(days=td_start)
    end = None if td_length is None else start + timedelta(days=td_length)
    case = make_case(doi=doi, represented=represented, declarations=[m], td=[TDPeriod(start, end)])
    as_of = max(mmi, end or start) + timedelta(days=30)
    for deadline in case_deadlines(case, as_of):
        # The TD cap is the end of a benefit, not an act: CCP 12a does not move it.
        if deadline.kind != "TD_CAP":
            assert _is_business_day(deadline.due), (deadline.kind, deadline.due)


statuses = st.sampled_from(list(TreatmentStatus))
categories = st.sampled_from(list(TreatmentCategory))


@st.composite
def cases(draw: st.DrawFn) -> tuple[Case, date]:
    doi = draw(days)
    offsets = st.integers(min_value=0, max_value=900)
    treatments = []
    for i in range(draw(st.integers(min_value=0, max_value=5))):
        history = sorted(
            (StatusChange(doi + timedelta(days=draw(offsets)), draw(statuses)) for _ in range(3)),
            key=lambda e: e.date,
        )
        treatments.append(
            Treatment(
                f"t{i}",
                draw(categories),
                f"Item {i}",
                draw(st.sampled_from([None, "left shoulder", "neck"])),
                "ptp",
                draw(st.one_of(st.none(), st.integers(0, 20))),
                draw(st.one_of(st.none(), st.integers(0, 20))),
                history,
            )
        )
    visit_list = [
        Visit(doi + timedelta(days=draw(offsets)), "ptp", draw(st.sampled_from(list(Trend))))
        for _ in range(draw(st.integers(min_value=0, max_value=5)))
    ]
    declarations = [
        declaration(
            f"m{i}",
            doi + timedelta(days=draw(offsets)),
            provider=draw(st.sampled_from(["ptp", "spec", "ins", None])),
            body_parts=draw(st.lists(st.sampled_from(["left shoulder", "neck"]), max_size=2)),
            future_medical=draw(st.one_of(st.none(), st.booleans())),
            impairments=[
                impairment(
                    wpi=draw(st.integers(0, 60)),
                    apportionment=draw(st.one_of(st.none(), st.integers(0, 100))),
                )
            ],
            pd_percent=draw(st.one_of(st.none(), st.integers(0, 100))),
        )
        for i in range(draw(st.integers(min_value=0, max_value=2)))
    ]
    case = make_case(
        doi=doi,
        awe=draw(st.sampled_from([None, "450.00", "1340.00"])),
        body_parts=["left shoulder", "neck"],
        treatments=treatments,
        visit_list=visit_list,
        declarations=declarations,
        td=[
            TDPeriod(
                doi + timedelta(days=1),
                draw(st.one_of(st.none(), st.just(doi + timedelta(days=200)))),
            )
        ],
    )
    return case, doi + timedelta(days=1000)


@settings(max_examples=150)
@given(cases())
def test_any_valid_case_analyses_into_complete_sorted_bilingual_results(
    drawn: tuple[Case, date],
) -> None:
    case, as_of = drawn
    a = analyze(case, as_of)
    ranks = [f.severity.rank for f in a.flags]
    assert ranks == sorted(ranks)
    assert [dl.due for dl in a.deadlines] == sorted(dl.due for dl in a.deadlines)
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for flag in a.flags:
        key = (flag.rule, flag.declaration, flag.evidence)
        assert key not in seen  # at most one flag per piece of evidence
        seen.add(key)
        for lang in (Language.EN, Language.ES):
            text = flag.text(lang)
            assert text.title and text.explanation and text.actions
            assert "{" not in text.explanation
    treatment_ids = {t.id for t in case.treatments}
    for m in case.mmi_declarations:
        used = [
            e for f in a.flags if f.declaration == m.id for e in f.evidence if e in treatment_ids
        ]
        assert len(used) == len(set(used))
    if a.benefits.pd is not None and a.benefits.pd.total is not None:
        assert a.benefits.pd.total >= 0

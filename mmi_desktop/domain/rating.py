"""From the physician's WPI to a PD rating: FEC, apportionment, Combined Values Chart.

The steps are those of ca-workers-comp.md ('Rating: from WPI to PD %'), each rounded half
up to a whole number. The occupation and age adjustment of the PDRS is not computed: where
the firm entered an impairment's `final_rating` that figure is used, otherwise the
FEC-adjusted figure, and the rating is then an estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from mmi_desktop.domain import rates
from mmi_desktop.domain.analysis_text import Phrase, Quoted, Text, both
from mmi_desktop.domain.model import CombineMethod, Impairment, MMIDeclaration

_ONE = Decimal(1)
_HUNDRED = Decimal(100)
DASH = " – "


def round_whole(value: Decimal) -> int:
    """Half up to a whole number (7.5 -> 8), as the rating steps require."""
    return int(value.quantize(_ONE, rounding=ROUND_HALF_UP))


def combine_values(ratings: list[int]) -> tuple[int, list[str]]:
    """Combined Values Chart, largest first: c = a + b (100 - a) / 100, whole after each step.

    Returns the combined rating and the steps as raters write them ('8 C 7 = 14').
    """
    ordered = sorted(ratings, reverse=True)
    if not ordered:
        return 0, []
    current = ordered[0]
    steps: list[str] = []
    for b in ordered[1:]:
        combined = round_whole(Decimal(current) + Decimal(b) * (100 - current) / _HUNDRED)
        steps.append(f"{current} C {b} = {combined}")
        current = combined
    return min(current, 100), steps


def add_values(ratings: list[int]) -> int:
    """Ratings added instead of combined (Kite; Vigil), never above 100."""
    return min(sum(ratings), 100)


def apportion(rating: Decimal, pct: Decimal | None) -> int:
    """The rating x (1 - pct/100), whole; no apportionment entered counts as none."""
    share = _ONE - (pct or Decimal(0)) / _HUNDRED
    return round_whole(rating * share)


@dataclass(frozen=True)
class ImpairmentRating:
    """One impairment's way from WPI to the rating that is combined."""

    index: int
    label: str
    body_part: str | None
    impairment_number: str | None
    wpi: Decimal | None
    fec_factor: Decimal | None
    fec_rating: int | None
    final_rating: Decimal | None
    apportionment_pct: Decimal | None
    rating: int  # after apportionment: the figure that is combined
    string: str


@dataclass(frozen=True)
class Rating:
    """The PD rating of one declaration computed from its impairments."""

    percent: Decimal | None
    parts: tuple[ImpairmentRating, ...]
    method: CombineMethod
    combine_reason: str | None
    estimate: bool
    string: str | None
    reason: Text | None = None  # why percent is None

    @property
    def apportionment_missing(self) -> tuple[str, ...]:
        """Labels of the impairments whose apportionment is not addressed."""
        return tuple(p.label for p in self.parts if p.apportionment_pct is None)


def impairment_label(impairment: Impairment, index: int) -> str:
    """How an impairment is named in text: its body part, else its number, else its place."""
    return impairment.body_part or impairment.impairment_number or f"#{index + 1}"


def _label_phrase(impairment: Impairment, index: int) -> Phrase:
    if impairment.body_part:
        return Phrase(
            "reasons.impairment_label_body_part",
            values=(("body_part", Quoted(impairment.body_part)),),
        )
    if impairment.impairment_number:
        return Phrase(
            "reasons.impairment_label_number", values=(("number", impairment.impairment_number),)
        )
    return Phrase("reasons.impairment_label_index", values=(("index", index + 1),))


def _num(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def _fec(
    impairment: Impairment, index: int, rule: rates.FECRule | None, doi: date
) -> tuple[Decimal | None, int | None, Text | None]:
    """The FEC factor and FEC-adjusted rating, or the reason they cannot be had."""
    if impairment.wpi is None:
        return None, None, both("reasons.no_wpi", label=_label_phrase(impairment, index))
    if rule is None:
        return None, None, rates.fec_rule(doi).reason
    factor = rule.factor if rule.method == "flat" else impairment.fec_factor
    if factor is None:
        reason = both(
            "reasons.no_fec_factor",
            doi=doi,
            label=_label_phrase(impairment, index),
            factor_min=str(rule.factor_min),
            factor_max=str(rule.factor_max),
        )
        return None, None, reason
    if not rule.factor_min <= factor <= rule.factor_max:
        reason = both(
            "reasons.fec_factor_range",
            factor=str(factor),
            label=_label_phrase(impairment, index),
            factor_min=str(rule.factor_min),
            factor_max=str(rule.factor_max),
        )
        return None, None, reason
    return factor, min(round_whole(impairment.wpi * factor), rule.max_rating), None


def _part_string(
    impairment: Impairment,
    wpi: Decimal | None,
    factor: Decimal | None,
    fec: int | None,
    group: int | None,
    rating: int,
) -> str:
    """`15.03.01.00 – 8 – [1.4] 11 – 380 – 13 %`, leaving out what is not known.

    The occupational group is shown only beside an entered final rating (which includes the
    occupation adjustment); the variant letter is never known to the app, so it is left out.
    """
    pieces: list[str] = []
    if impairment.impairment_number:
        pieces.append(impairment.impairment_number)
    if wpi is not None:
        pieces.append(_num(wpi))
    if factor is not None and fec is not None:
        pieces.append(f"[{factor}] {fec}")
    final = impairment.final_rating
    if final is not None:
        if group is not None:
            pieces.append(str(group))
        pieces.append(_num(final))
    text = DASH.join(pieces) + " %" if pieces else ""
    pct = impairment.apportionment_pct
    if pct:
        return f"{_num(_HUNDRED - pct)} % ({text}) = {rating} %"
    return text if text else f"{rating} %"


def rate_impairment(
    impairment: Impairment,
    index: int,
    rule: rates.FECRule | None,
    doi: date,
    group: int | None = None,
) -> tuple[ImpairmentRating | None, Text | None]:
    """One impairment rated, or None and why."""
    factor, fec, fec_reason = _fec(impairment, index, rule, doi)
    if impairment.final_rating is not None:
        before = impairment.final_rating
    elif fec is not None:
        before = Decimal(fec)
    else:
        return None, fec_reason
    rating = apportion(before, impairment.apportionment_pct)
    string = _part_string(impairment, impairment.wpi, factor, fec, group, rating)
    part = ImpairmentRating(
        index=index,
        label=impairment_label(impairment, index),
        body_part=impairment.body_part,
        impairment_number=impairment.impairment_number,
        wpi=impairment.wpi,
        fec_factor=factor,
        fec_rating=fec,
        final_rating=impairment.final_rating,
        apportionment_pct=impairment.apportionment_pct,
        rating=rating,
        string=string,
    )
    return part, None


def rate_declaration(
    declaration: MMIDeclaration, doi: date, occupational_group: int | None = None
) -> Rating:
    """The PD rating computed from a declaration's impairments (its pd_percent is not used)."""
    method = declaration.combine
    if not declaration.impairments:
        reason = both("reasons.no_impairments", mmi_date=declaration.date)
        return Rating(None, (), method, declaration.combine_reason, False, None, reason)
    rule = rates.fec_rule(doi).value
    parts: list[ImpairmentRating] = []
    for index, impairment in enumerate(declaration.impairments):
        part, why = rate_impairment(impairment, index, rule, doi, occupational_group)
        if part is None:
            return Rating(None, (), method, declaration.combine_reason, False, None, why)
        parts.append(part)
    estimate = any(p.final_rating is None for p in parts)
    values = [p.rating for p in parts]
    if method is CombineMethod.ADD:
        percent = add_values(values)
        steps = [" + ".join(str(v) for v in values) + f" = {percent}"] if len(values) > 1 else []
    else:
        percent, steps = combine_values(values)
    string = "; ".join([p.string for p in parts] + steps)
    if steps:
        string += " %"
    return Rating(
        Decimal(percent), tuple(parts), method, declaration.combine_reason, estimate, string
    )

"""What the analysis of a case returns: flags, benefits and deadlines (mmi-analysis/1)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from mmi_desktop.domain.model import Language
from mmi_desktop.domain.rating import Rating


class Severity(StrEnum):
    """How much a flag matters. The one ranking of severities: declared most severe first,
    and every list, sort and "worst of" (analysis, rules, letters, window) goes by `rank`."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for high: sort ascending to put the most severe first."""
        return _SEVERITY_ORDER.index(self)

    @classmethod
    def rank_of(cls, value: str) -> int:
        """The rank of a stored severity ('high'); one past the lowest for anything else."""
        try:
            return cls(value).rank
        except ValueError:
            return len(_SEVERITY_ORDER)

    @classmethod
    def worst(cls, severities: Iterable[Severity]) -> Severity | None:
        """The most severe of `severities`, None for none."""
        return min(severities, key=lambda s: s.rank, default=None)


_SEVERITY_ORDER: tuple[Severity, ...] = tuple(Severity)


@dataclass(frozen=True)
class LocalText:
    """Caseworker-facing wording of a flag in one language."""

    title: str
    explanation: str
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Flag:
    rule: str
    severity: Severity
    declaration: str
    evidence: tuple[str, ...]
    texts: dict[Language, LocalText]
    # Structured facts behind the wording (item description, dates, statuses) so that a
    # letter can phrase its own client-facing sentence: plain strings and dates only.
    facts: dict[str, object] = field(default_factory=dict)

    def text(self, lang: Language = Language.EN) -> LocalText:
        return self.texts[lang]

    @property
    def key(self) -> str:
        """Stable identity of the flag within a case (rule, declaration, evidence)."""
        return f"{self.rule}:{self.declaration}:{','.join(self.evidence)}"


@dataclass(frozen=True)
class Explained:
    """A figure with its 'how this was computed' in each language; value None = unknown."""

    value: Decimal | None
    how: dict[Language, str]


@dataclass(frozen=True)
class PDBenefit:
    percent: Decimal | None
    weeks: Decimal | None
    weekly_rate: Decimal | None
    total: Decimal | None
    life_pension_weekly: Decimal | None
    rating_string: str | None
    estimate: bool
    permanent_total: bool
    how: dict[Language, str]
    # What the percent is: "rating" (the schedule's full rating), "estimate" (the fallback
    # before the occupation and age adjustment) or "entered" (the declaration's pd_percent).
    basis: str | None = None
    # LC 4658(d)(2)-(3), injuries 2005-2012: +15 or -15 by the return-to-work offer, and the
    # weekly rate it gives; None when not recorded or not applicable.
    rtw_adjustment_pct: int | None = None
    adjusted_weekly_rate: Decimal | None = None


class SJDBState(StrEnum):
    """Where the supplemental job displacement voucher's offer window stands (LC 4658.7)."""

    WINDOW = "window"  # the 60 days run from a report finding every condition P&S
    NOT_STARTED = "not_started"  # no report yet finds every claimed condition P&S
    NOT_APPLICABLE = "not_applicable"  # no permanent partial disability (0 % or 100 %)


@dataclass(frozen=True)
class SJDBStatus:
    state: SJDBState
    declaration: str | None  # the report the window runs from (WINDOW only)
    how: dict[Language, str]


@dataclass(frozen=True)
class Benefits:
    td_weekly_rate: Decimal | None
    td_weeks_paid: Decimal
    # None when the TD cap table does not cover the date of injury (before 2008).
    td_weeks_remaining_under_cap: Decimal | None
    pd: PDBenefit | None
    how: dict[Language, str]  # TD explanation, with the LC 4661.5 note where it applies
    # The schedule's rating of the latest declaration (computed even where its pd_percent
    # was entered), None before any declaration.
    rating: Rating | None = None
    # None for an injury before the voucher table (2013) or a case with no declaration.
    sjdb: SJDBStatus | None = None


@dataclass(frozen=True)
class Deadline:
    kind: str
    declaration: str | None
    due: date
    basis: dict[Language, str]
    estimated: bool = False

    def days_left(self, as_of: date) -> int:
        return (self.due - as_of).days


@dataclass(frozen=True)
class Analysis:
    as_of: date
    flags: tuple[Flag, ...]
    benefits: Benefits
    deadlines: tuple[Deadline, ...]
    thresholds: dict[str, int]

    @property
    def rating(self) -> Rating | None:
        return self.benefits.rating

    def next_deadline(self) -> Deadline | None:
        """The nearest deadline on or after as_of."""
        upcoming = [d for d in self.deadlines if d.due >= self.as_of]
        return min(upcoming, key=lambda d: d.due) if upcoming else None

    def top_severity(self) -> Severity | None:
        return Severity.worst(f.severity for f in self.flags)

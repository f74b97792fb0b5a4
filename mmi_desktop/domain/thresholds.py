"""The premature-MMI rule thresholds a firm can change, with the catalogue's defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

# Upper bounds that keep a mistyped setting from silently disabling a rule: ten years for
# a window in days, and a hundred visits.
MAXIMUM: dict[str, int] = {
    "imr_window_days": 3650,
    "after_mmi_days": 3650,
    "post_surgery_days": 3650,
    "early_mmi_days": 3650,
    "trend_window_days": 3650,
    "min_visits": 100,
    "deadline_warning_days": 3650,
    "retroactive_mmi_days": 3650,
}


@dataclass(frozen=True)
class Thresholds:
    """Rule settings (premature-mmi-rules.md); every field a whole number, 0 or more."""

    imr_window_days: int = 30
    after_mmi_days: int = 365
    post_surgery_days: int = 180
    early_mmi_days: int = 90
    trend_window_days: int = 60
    min_visits: int = 3
    deadline_warning_days: int = 14
    retroactive_mmi_days: int = 30

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            # bool is an int subclass; True as a day count is a mistake, not a setting.
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{f.name}: must be a whole number, got {value!r}")
            if value < 0:
                raise ValueError(f"{f.name}: must not be negative, got {value}")
            if value > MAXIMUM[f.name]:
                raise ValueError(f"{f.name}: must be at most {MAXIMUM[f.name]}, got {value}")

    def to_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in _NAMES}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Thresholds:
        """Settings from a mapping; a missing key takes its default, an unknown key is an error."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise ValueError(f"{unknown[0]}: not a threshold (known: {', '.join(sorted(names))})")
        return cls(**data)  # type: ignore[arg-type]  # values are checked in __post_init__


_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Thresholds))
DEFAULT_THRESHOLDS = Thresholds()

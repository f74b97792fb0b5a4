"""What a write touched: the one message every view listens to (after Anki's OpChanges)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    """Which cases a write changed, added or removed, and what else it touched.

    `cases`: records saved or replaced (their list row, analysis and history are stale);
    `added` / `removed`: rows of the case list; `dismissals`: flags dismissed or restored;
    `settings`: firm details or thresholds (`thresholds` when the rules' figures changed:
    every analysis is stale); `everything`: another database, or a change whose extent is
    unknown (a restore, another caseworker's work seen only as "something changed")."""

    cases: frozenset[int] = field(default_factory=frozenset)
    added: frozenset[int] = field(default_factory=frozenset)
    removed: frozenset[int] = field(default_factory=frozenset)
    dismissals: frozenset[int] = field(default_factory=frozenset)
    settings: bool = False
    thresholds: bool = False
    everything: bool = False

    @classmethod
    def saved(cls, *case_ids: int) -> Change:
        return cls(cases=frozenset(case_ids))

    @classmethod
    def created(cls, *case_ids: int) -> Change:
        return cls(added=frozenset(case_ids))

    @classmethod
    def deleted(cls, *case_ids: int) -> Change:
        return cls(removed=frozenset(case_ids))

    @classmethod
    def all(cls) -> Change:
        return cls(everything=True)

    def __or__(self, other: Change) -> Change:
        return Change(
            cases=self.cases | other.cases,
            added=self.added | other.added,
            removed=self.removed | other.removed,
            dismissals=self.dismissals | other.dismissals,
            settings=self.settings or other.settings,
            thresholds=self.thresholds or other.thresholds,
            everything=self.everything or other.everything,
        )

    def __bool__(self) -> bool:
        return bool(self.cases or self.added or self.removed or self.dismissals
                    or self.settings or self.thresholds or self.everything)

    @property
    def list_changed(self) -> bool:
        """The case list's rows (names, columns, which cases there are)."""
        return bool(self.everything or self.cases or self.added or self.removed)

    @property
    def attention_changed(self) -> bool:
        """Needs attention and the list's flag and deadline columns."""
        return bool(self.list_changed or self.dismissals or self.thresholds
                    or self.settings)

    def touches(self, case_id: int | None) -> bool:
        """Whether the case `case_id` (the open one, say) was changed by this."""
        if case_id is None:
            return self.everything or self.thresholds or self.settings
        return (self.everything or self.thresholds or self.settings
                or case_id in self.cases or case_id in self.removed
                or case_id in self.dismissals)


def merged(changes: Iterable[Change]) -> Change:
    out = Change()
    for change in changes:
        out = out | change
    return out

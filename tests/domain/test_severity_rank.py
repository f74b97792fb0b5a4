"""Severity is ranked in one place (issue 13): Severity.rank, used by rules, analysis, letters."""

from __future__ import annotations

from mmi_desktop.domain.results import Severity
from mmi_desktop.domain.rules import SEVERITY_RANK


def test_most_severe_first() -> None:
    assert sorted([Severity.LOW, Severity.HIGH, Severity.MEDIUM], key=lambda s: s.rank) == [
        Severity.HIGH, Severity.MEDIUM, Severity.LOW]


def test_worst_and_stored_values() -> None:
    assert Severity.worst([Severity.LOW, Severity.MEDIUM]) is Severity.MEDIUM
    assert Severity.worst([]) is None
    assert Severity.rank_of("high") == 0 and Severity.rank_of("low") == 2
    assert Severity.rank_of("unheard-of") > Severity.LOW.rank


def test_the_rules_package_follows_the_one_ranking() -> None:
    assert SEVERITY_RANK == {s: s.rank for s in Severity}

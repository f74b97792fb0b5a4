"""Typed errors of the domain: each names the field (its label) and the reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a case. `path` is where in the case format (`claim.date_of_injury`,
    for exports, tooltips and finding the field); people read `label` ("Date of injury")."""

    path: str
    message: str

    @property
    def label(self) -> str:
        """The field's name as a person reads it (empty for the case file as a whole)."""
        from mmi_desktop.domain.fields import label

        return label(self.path) if self.path else ""

    def __str__(self) -> str:
        return f"{self.label}: {self.message}" if self.path else self.message


class CaseError(ValueError):
    """A case (file or record) that breaks the format's rules; carries every problem."""

    def __init__(self, problems: list[Problem], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        head = f"{source}: " if source else ""
        super().__init__(head + "; ".join(str(p) for p in self.problems))

"""The invented sample cases shipped in resources/samples (the --demo database)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from mmi_desktop import paths
from mmi_desktop.domain.casefile import load_case

if TYPE_CHECKING:
    from mmi_desktop.store.cases import CaseStore


def sample_files() -> list[Path]:
    return sorted(paths.resource("samples").glob("*.json"))  # (the manifest is not *.json)


def load_samples(store: CaseStore, today: date | None = None) -> int:
    """Add every sample case to the store in one transaction; returns how many."""
    cases = [load_case(p, today) for p in sample_files()]
    return len(store.import_cases(cases))

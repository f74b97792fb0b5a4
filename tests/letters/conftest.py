"""Fixtures for the letter tests."""

from __future__ import annotations

import pytest

from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.model import Case
from tests.letters.helpers import example, make_firm


@pytest.fixture
def firm() -> FirmDetails:
    return make_firm()


@pytest.fixture
def clean_case() -> Case:
    """English client, rated 10 %, no flags."""
    return example("clean")


@pytest.fixture
def pending_case() -> Case:
    """Spanish client, surgery in utilization review on the MMI date (SURGERY_PENDING)."""
    return example("pending-surgery")

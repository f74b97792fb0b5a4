"""Fuzzed case files (hypothesis mutations of valid ones): a clear refusal or a clean
import, never another error, never a partial write."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mmi_desktop.domain.casefile import case_to_dict, loads_case
from mmi_desktop.domain.errors import CaseError
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import open_database
from tests.conftest import EXAMPLES

TODAY = date(2026, 11, 27)
SEEDS = [json.loads((EXAMPLES / n).read_text()) for n in ("clean.json", "pending-surgery.json")]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20)
    | st.sampled_from(["2024-02-30", "1899-01-01", "2099-01-01", "12.345", "-1", "", "ptp",
                       "t1", "m1", "surgery", "completed", "add", "es", "1e5"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=6,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += paths(v, (*prefix, i))
    return out


@st.composite
def mutated(draw: st.DrawFn) -> str:
    doc = json.loads(json.dumps(draw(st.sampled_from(SEEDS))))
    for _ in range(draw(st.integers(1, 3))):
        targets = [p for p in paths(doc) if p]
        path = draw(st.sampled_from(targets))
        parent: Any = doc
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        action = draw(st.sampled_from(["replace", "delete", "add_key", "duplicate"]))
        if action == "replace":
            parent[key] = draw(json_values)
        elif action == "delete":
            del parent[key]
        elif action == "add_key" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[key])))
    text = json.dumps(doc)
    if draw(st.integers(0, 20)) == 0:  # sometimes a file cut short or with stray bytes
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(["", "\x00", "}", "\ufeff"]))
    return text


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    db = open_database(tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite")
    yield CaseStore(db, today=lambda: TODAY)
    db.close()


def check(store: CaseStore, text: str) -> None:
    before = store.count()
    try:
        case = loads_case(text, today=TODAY)
    except CaseError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)
        return
    try:
        store.import_cases([case])
    except CaseError:
        assert store.count() == before  # refused whole
        return
    assert store.count() == before + 1
    again = loads_case(json.dumps(case_to_dict(case)), today=TODAY)
    assert again == case


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated())
def test_fuzzed_files_are_refused_clearly_or_imported_whole(fuzz_store: CaseStore,
                                                           text: str) -> None:
    check(fuzz_store, text)


@pytest.mark.slow
@settings(max_examples=30000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated())
def test_fuzz_long(fuzz_store: CaseStore, text: str) -> None:
    check(fuzz_store, text)


def test_the_seeds_themselves_import(fuzz_store: CaseStore, tmp_path: Path) -> None:
    for seed in SEEDS:
        check(fuzz_store, json.dumps(seed))

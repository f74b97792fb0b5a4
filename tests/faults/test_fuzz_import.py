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

# JSON text json.dumps cannot write (issue 11 item 10): put in place of a marker string.
RAW = ["NaN", "Infinity", "-Infinity", "7" * 5000, "-" + "3" * 4400, "9" * 41,
       "1" + "0" * 30 + ".5", "1e999999", "1e-999999", "[" * 100_000 + "]" * 100_000,
       "[" * 600 + "]" * 600, "{\"a\":" * 3000 + "1" + "}" * 3000]
# Text with control and direction characters (issue 11 item 12).
CONTROLS = ["Ana\x00", "Ana\x07", "Ana\x1b[2J", "\u202eAna", "Ana\u200e", "\u2066Ana\u2069",
            "Ana\u2028Lopez", "tab\there", "line\nbreak", "Ana\ud800", "\x7f"]
markers = st.sampled_from(range(len(RAW))).map(lambda i: f"@@RAW{i}@@")
# Money strings too long to calculate with (issue 11 item 10).
WAGES = ["9" * 41 + ".00", "1" + "0" * 12 + ".00", "999999999999.99", "0." + "0" * 40]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20)
    | st.sampled_from(["2024-02-30", "1899-01-01", "2099-01-01", "12.345", "-1", "", "ptp",
                       "t1", "m1", "surgery", "completed", "add", "es", "1e5",
                       *CONTROLS, *WAGES])
    | markers,
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
    for i, raw in enumerate(RAW):
        text = text.replace(f'"@@RAW{i}@@"', raw)
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
        # A refusal quotes what it refuses escaped: no control character reaches a terminal.
        assert all(str(p).isprintable() for p in exc.problems), exc.problems
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


# issue 11 items 10-12: every raw token and control string, in every field of a seed
@pytest.mark.parametrize("seed", range(len(SEEDS)))
def test_each_hostile_value_in_each_field_is_refused_cleanly(
    fuzz_store: CaseStore, seed: int
) -> None:
    doc = SEEDS[seed]
    values = [f"@@RAW{i}@@" for i in range(len(RAW))] + CONTROLS + WAGES
    for path in [p for p in paths(doc) if p]:
        for value in values:
            copy = json.loads(json.dumps(doc))
            parent: Any = copy
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]] = value
            text = json.dumps(copy)
            for i, raw in enumerate(RAW):
                text = text.replace(f'"@@RAW{i}@@"', raw)
            check(fuzz_store, text)


def test_the_seeds_themselves_import(fuzz_store: CaseStore, tmp_path: Path) -> None:
    for seed in SEEDS:
        check(fuzz_store, json.dumps(seed))

"""analyze() end to end on the shared examples, the mmi-analysis/1 JSON, the thresholds and
the wording catalogues."""

from __future__ import annotations

import copy
import json
import pickle
import re
import string
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.analysis_json import analysis_to_json
from mmi_desktop.domain.analysis_text import lazy_text, wording
from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.model import Case, Language, TDPeriod
from mmi_desktop.domain.results import Severity
from mmi_desktop.domain.thresholds import DEFAULT_THRESHOLDS, Thresholds

from .conftest import (
    AS_OF,
    MMI,
    d,
    days_after,
    days_before,
    declaration,
    make_case,
    steady_visits,
    treatment,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def example(name: str) -> Case:
    return load_case(EXAMPLES / name, today=AS_OF)


# ------------------------------------------------------------------------------- examples


def test_pending_surgery_example() -> None:
    a = analyze(example("pending-surgery.json"), AS_OF)
    assert [(f.rule, f.declaration, f.evidence) for f in a.flags] == [
        ("SURGERY_PENDING", "m1", ("t2",))
    ]
    b = a.benefits
    assert b.td_weekly_rate == Decimal("586.67")
    assert b.pd is not None
    # The full schedule rating (group 360, age 42 at injury): shoulder 16.02.01.00 - 6 -
    # [1.4]8 - 360G - 9 - 10, neck 15.01.01.00 - 5 - [1.4]7 - 360G - 8 - 9; 10 C 9 = 18.
    assert (b.pd.percent, b.pd.weeks, b.pd.weekly_rate, b.pd.total) == (
        Decimal(18),
        Decimal("65.50"),
        Decimal("290.00"),
        Decimal("18995.00"),
    )
    assert b.pd.estimate is False and b.pd.basis == "rating"
    assert a.rating is not None and a.rating.steps == ("10 C 9 = 18",)
    objection = [dl for dl in a.deadlines if dl.kind == "OBJECTION_TO_REPORT"]
    assert [(dl.declaration, dl.due) for dl in objection] == [("m1", d("2024-07-18"))]
    flag = a.flags[0]
    assert flag.facts["item"] == "Left shoulder decompression"
    assert flag.facts["status"] == "under_review"
    assert any("07/18/2024" in action for action in flag.text(Language.EN).actions)


def test_clean_example() -> None:
    a = analyze(example("clean.json"), AS_OF)
    assert a.flags == ()
    b = a.benefits
    assert b.td_weekly_rate == Decimal("893.33")
    assert b.pd is not None
    assert (b.pd.percent, b.pd.weeks, b.pd.weekly_rate, b.pd.total) == (
        Decimal(10),
        Decimal("30.25"),
        Decimal("290.00"),
        Decimal("8772.50"),
    )
    assert b.pd.estimate is False


# ---------------------------------------------------------------------------- the analysis


def test_flags_highest_severity_first_and_deadlines_by_due_date() -> None:
    treatments = [
        treatment("t1", "injection", (days_before(MMI, 3), "scheduled")),  # medium
        treatment("t2", "diagnostic", (days_before(MMI, 3), "requested")),  # high
    ]
    m = declaration(future_medical=None)  # low
    case = make_case(treatments=treatments, declarations=[m], td=[TDPeriod(d("2024-02-13"), None)])
    a = analyze(case, AS_OF)
    assert [f.rule for f in a.flags] == [
        "DIAGNOSTICS_PENDING",
        "TREATMENT_PENDING",
        "INCOMPLETE_REPORT",
    ]
    ranks = [f.severity.rank for f in a.flags]
    assert ranks == sorted(ranks)
    assert a.top_severity() is Severity.HIGH
    assert [dl.due for dl in a.deadlines] == sorted(dl.due for dl in a.deadlines)


def test_thresholds_used_are_reported_and_change_the_result() -> None:
    day = days_after(d("2024-02-12"), 100)
    case = make_case(declarations=[declaration(day=day)], visit_list=steady_visits(day))
    assert analyze(case, AS_OF).thresholds == DEFAULT_THRESHOLDS.to_dict()
    assert not any(f.rule == "EARLY_MMI" for f in analyze(case, AS_OF).flags)
    strict = Thresholds(early_mmi_days=101)
    a = analyze(case, AS_OF, strict)
    assert a.thresholds["early_mmi_days"] == 101
    assert [f.rule for f in a.flags] == ["EARLY_MMI"]


def test_a_case_without_declarations() -> None:
    a = analyze(make_case(declarations=[], td=[TDPeriod(d("2024-02-13"), None)]), AS_OF)
    assert a.flags == ()
    assert a.benefits.pd is None
    assert {dl.kind for dl in a.deadlines} == {"TD_CAP", "NEW_AND_FURTHER"}


# -------------------------------------------------------------------------------- the JSON


def test_json_shape_of_the_pending_surgery_example() -> None:
    doc = analysis_to_json(analyze(example("pending-surgery.json"), AS_OF))
    assert list(doc) == [
        "format", "as_of", "flags", "benefits", "rating", "deadlines", "thresholds",
    ]  # fmt: skip
    assert doc["format"] == "mmi-analysis/1"
    assert doc["as_of"] == "2026-11-27"
    (flag,) = doc["flags"]
    assert list(flag) == [
        "rule",
        "severity",
        "declaration",
        "title",
        "explanation",
        "evidence",
        "actions",
    ]
    assert (flag["rule"], flag["severity"], flag["declaration"], flag["evidence"]) == (
        "SURGERY_PENDING",
        "high",
        "m1",
        ["t2"],
    )
    assert doc["benefits"] == {
        "td_weekly_rate": "586.67",
        "td_weeks_paid": 19,
        "td_weeks_remaining_under_cap": 85,
        "pd": {
            "percent": 18,
            "weeks": 65.5,
            "weekly_rate": "290.00",
            "total": "18995.00",
            "life_pension_weekly": None,
            "basis": "rating",
            "rtw_adjustment_pct": None,
            "adjusted_weekly_rate": None,
        },
        "sjdb": {
            "status": "window",
            "declaration": "m1",
            "explanation": doc["benefits"]["sjdb"]["explanation"],
        },
    }
    assert doc["rating"]["combined"] == doc["benefits"]["pd"]["percent"]
    assert "LC 4658.7(b)(1)" in doc["benefits"]["sjdb"]["explanation"]
    objection = next(x for x in doc["deadlines"] if x["kind"] == "OBJECTION_TO_REPORT")
    assert objection == {
        "kind": "OBJECTION_TO_REPORT",
        "declaration": "m1",
        "due": "2024-07-18",
        "basis": "LC 4062(a): 20 days from receipt of the report (06/28/2024) when represented",
        "estimated": False,
    }
    assert doc["thresholds"] == DEFAULT_THRESHOLDS.to_dict()
    json.dumps(doc)  # serialisable as it is


def test_json_in_spanish() -> None:
    doc = analysis_to_json(analyze(example("pending-surgery.json"), AS_OF), Language.ES)
    assert doc["flags"][0]["title"].startswith("Había una cirugía pendiente")
    assert "18 de julio de 2024" in doc["flags"][0]["actions"][0]


def test_json_money_and_numbers() -> None:
    case = make_case(
        doi=date(2014, 5, 1), awe="750.00", declarations=[declaration(pd_percent="75.5")]
    )
    pd = analysis_to_json(analyze(case, AS_OF))["benefits"]["pd"]
    assert pd["percent"] == 75.5
    assert pd["weekly_rate"] == "290.00"
    assert pd["life_pension_weekly"] == "119.83"  # 0.015 x 515.38 x 15.5 = 119.826
    assert re.fullmatch(r"\d+\.\d\d", pd["total"])


def test_json_nulls_where_figures_are_unknown() -> None:
    case = make_case(
        awe=None,
        doi=date(2004, 3, 1),
        declarations=[declaration(day=d("2005-01-10"), impairments=[])],
    )
    doc = analysis_to_json(analyze(case, AS_OF))
    assert doc["benefits"]["td_weekly_rate"] is None
    assert doc["benefits"]["td_weeks_remaining_under_cap"] is None
    assert doc["benefits"]["pd"] == {
        "percent": None,
        "weeks": None,
        "weekly_rate": None,
        "total": None,
        "life_pension_weekly": None,
        "basis": None,
        "rtw_adjustment_pct": None,
        "adjusted_weekly_rate": None,
    }


# ------------------------------------------------------------------------------ thresholds


def test_threshold_defaults() -> None:
    assert Thresholds().to_dict() == {
        "imr_window_days": 30,
        "after_mmi_days": 365,
        "post_surgery_days": 180,
        "early_mmi_days": 90,
        "trend_window_days": 60,
        "min_visits": 3,
        "deadline_warning_days": 14,
        "retroactive_mmi_days": 30,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("min_visits", -1),
        ("early_mmi_days", 3651),
        ("min_visits", 101),
        ("trend_window_days", 1.5),
        ("imr_window_days", True),
        ("after_mmi_days", "30"),
    ],
)
def test_invalid_thresholds_name_the_field(field: str, value: Any) -> None:
    with pytest.raises(ValueError, match=f"^{field}:"):
        Thresholds(**{field: value})


def test_thresholds_round_trip_and_reject_unknown_keys() -> None:
    t = Thresholds(min_visits=5, imr_window_days=0)
    assert Thresholds.from_dict(t.to_dict()) == t
    assert Thresholds.from_dict({"min_visits": 5}) == Thresholds(min_visits=5)
    with pytest.raises(ValueError, match="^min_visit:"):
        Thresholds.from_dict({"min_visit": 5})
    with pytest.raises(ValueError, match="^min_visits:"):
        Thresholds.from_dict({"min_visits": -5})


# -------------------------------------------------------------------------- the wording


def _leaves(node: Any, path: str = "") -> dict[str, Any]:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            out.update(_leaves(value, f"{path}.{key}" if path else key))
        return out
    return {path: node}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_english_and_spanish_wording_have_the_same_entries_and_placeholders() -> None:
    en, es = _leaves(dict(wording(Language.EN))), _leaves(dict(wording(Language.ES)))
    # Spanish statuses carry a form per gender; compare them by their status key.
    es_keys = {re.sub(r"\.(f|m)$", "", k) if k.startswith("status.") else k for k in es}
    assert set(en) - {"language"} == es_keys - {"language"}
    for key, text in en.items():
        if isinstance(text, str) and key in es:
            assert _fields(text) == _fields(es[key]), key


def test_spanish_wording_is_spanish() -> None:
    es = wording(Language.ES)
    assert es["status"]["under_review"] == "en revisión de utilización (UR)"
    assert "mejoría médica máxima (MMI)" in es["rules"]["SURGERY_PENDING"]["title"]
    text = json.dumps(dict(es), ensure_ascii=False)
    for word in ("revisión médica independiente (IMR)", "médico tratante primario (PTP)", "días"):
        assert word in text
    # no English left in the Spanish actions
    for action in es["actions"].values():
        assert not re.search(r"\b(the|and|report|deadline)\b", action), action


# ------------------------------------------------------------------- texts written lazily


def _lazy() -> dict[Language, str]:
    calls: list[int] = []

    def make() -> dict[Language, str]:
        calls.append(1)
        assert len(calls) == 1, "written twice"
        return {Language.EN: "hello", Language.ES: "hola"}

    return lazy_text(make)


@pytest.mark.parametrize(
    "read",
    [
        lambda t: t[Language.EN],
        lambda t: t.get(Language.EN),
        lambda t: dict(t),
        lambda t: {**t},
        lambda t: list(t.values()),
        lambda t: list(t.items()),
        lambda t: json.loads(json.dumps(t)),
        lambda t: copy.deepcopy(t),
        lambda t: copy.copy(t),
        lambda t: pickle.loads(pickle.dumps(t)),
        lambda t: repr(t),
    ],
)
def test_lazy_texts_read_like_plain_dicts(read: Any) -> None:
    text = _lazy()
    assert len(text) == 2 and set(text) == {Language.EN, Language.ES}
    result = read(text)
    assert "hello" in str(result) or result == "hello"
    assert text == {Language.EN: "hello", Language.ES: "hola"}
    assert {Language.EN: "hello", Language.ES: "hola"} == _lazy()
    assert _lazy() == _lazy()
    assert _lazy() != {Language.EN: "hello"}


def test_json_of_a_lazy_text_is_its_content() -> None:
    assert json.dumps(_lazy(), sort_keys=True) == '{"en": "hello", "es": "hola"}'

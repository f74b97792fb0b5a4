"""The 2005 rating schedule's tables in resources/rates/pdrs/, as tools/extract_pdrs.py reads
them from the official PDF: unchanged when re-derived, the right shapes, rising where the
schedule rises, and cells read by eye from the rendered pages."""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from mmi_desktop.paths import resource

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "extract_pdrs.py"
FILES = (
    "impairments.json",
    "occupations.json",
    "variants.json",
    "occupational_adjustment.json",
    "age_adjustment.json",
    "combined_values.json",
)
SHA256 = "cfabf43b57533b90133f71aecf882c8b17a5dad3659db7aea6e810728f664201"
VARIANTS = "CDEFGHIJ"


def table(name: str) -> dict[str, Any]:
    with resource("rates", "pdrs", name).open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def schedule_pdf() -> Path:
    """The official PDF: MMI_PDRS_PDF, else ../shared/pdrs/pdr-2005.pdf beside the repository."""
    env = os.environ.get("MMI_PDRS_PDF")
    return Path(env) if env else ROOT.parent / "shared" / "pdrs" / "pdr-2005.pdf"


def half_up(value: Fraction) -> int:
    """Exact half-up rounding of a positive fraction (44.5 -> 45)."""
    return math.floor(value + Fraction(1, 2))


# --- the PDF itself ---------------------------------------------------------------------------


def test_re_deriving_the_tables_from_the_pdf_changes_nothing(tmp_path: Path) -> None:
    pdf = schedule_pdf()
    if not pdf.is_file():
        pytest.skip(f"the schedule's PDF is not at {pdf} (set MMI_PDRS_PDF)")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == SHA256
    done = subprocess.run(
        [sys.executable, str(TOOL), str(pdf), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for name in FILES:
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        assert fresh == resource("rates", "pdrs", name).read_text(encoding="utf-8"), name
    check = subprocess.run(
        [sys.executable, str(TOOL), str(pdf), "--check", "--out", str(tmp_path)],
        capture_output=True,
        check=False,
    )
    assert check.returncode == 0
    (tmp_path / "variants.json").write_text("{}", encoding="utf-8")
    check = subprocess.run(
        [sys.executable, str(TOOL), str(pdf), "--check", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 1 and "variants.json" in check.stderr


@pytest.mark.parametrize("name", FILES)
def test_every_table_names_the_pdf_and_its_pages(name: str) -> None:
    source = table(name)["source"]
    assert source["sha256"] == SHA256
    assert source["pages"] and len(source["pages"]) == len(source["pdf_pages"])
    assert all(p.split("-")[0].isdigit() for p in source["pages"])


# --- Section 2 ------------------------------------------------------------------------------


def test_section_2_lists_every_impairment_number_once_with_its_rank() -> None:
    rows = table("impairments.json")["impairments"]
    numbers = [r["number"] for r in rows]
    assert len(numbers) == len(set(numbers)) == 216
    assert all(r["fec_rank"] in range(1, 9) for r in rows if r["number"] != "18.00.00.00")
    by_number = {r["number"]: r for r in rows}
    # read by eye on pages 2-2 to 2-5
    assert by_number["15.03.01.00"]["fec_rank"] == 5
    assert by_number["15.03.01.00"]["title"] == "Lumbar – Diagnosis-related Estimate"
    assert by_number["16.02.02.00"]["fec_rank"] == 7
    assert by_number["16.01.02.02"]["fec_rank"] == 4
    assert by_number["16.01.02.02"]["title"] == (
        "Arm – Peripheral neuropathy – Entrapment/compression – Carpal tunnel"
    )
    assert by_number["17.05.04.00"]["fec_rank"] == 2
    assert by_number["14.01.00.00"]["fec_rank"] == 8
    assert by_number["12.01.00.00"]["fec_rank"] == 1
    assert by_number["04.04.00.00"]["fec_rank"] == 7
    assert by_number["11.03.02.00"]["title"] == (
        "Nose/Throat/Related Structures – Mastication & Deglutition"
    )
    assert by_number["18.00.00.00"]["fec_rank"] is None  # 'Variable': the involved part's rank


def test_table_a_factors_are_seven_equal_steps_from_1_1_to_1_4() -> None:
    factors = table("impairments.json")["fec_ranks"]
    assert [f["rank"] for f in factors] == list(range(1, 9))
    for f in factors:
        exact = Fraction(11, 10) + Fraction(3, 10) * (f["rank"] - 1) / 7
        assert f["factor"] == f"{float(exact):.4f}"


def test_fec_table_is_the_exact_factor_times_wpi_rounded_half_up_and_capped() -> None:
    ranks = table("impairments.json")["fec_table"]["ranks"]
    assert sorted(ranks, key=int) == [str(k) for k in range(1, 9)]
    for rank, cells in ranks.items():
        assert len(cells) == 100
        factor = Fraction(11, 10) + Fraction(3, 10) * (int(rank) - 1) / 7
        assert cells == [min(100, half_up(wpi * factor)) for wpi in range(1, 101)], rank


def test_fec_table_rises_with_wpi_and_with_rank() -> None:
    ranks = table("impairments.json")["fec_table"]["ranks"]
    for cells in ranks.values():
        assert all(a <= b for a, b in zip(cells, cells[1:], strict=False))
    for k in range(1, 8):
        assert all(a <= b for a, b in zip(ranks[str(k)], ranks[str(k + 1)], strict=True))


@pytest.mark.parametrize(
    ("rank", "wpi", "adjusted"),
    # read by eye on page 2-6 (PDF page 26)
    [
        (5, 10, 13),
        (7, 18, 24),
        (2, 14, 16),
        (8, 40, 56),
        (1, 15, 17),
        (3, 35, 42),
        (5, 35, 45),
        (7, 7, 10),
    ],
)
def test_fec_table_cells_read_by_eye(rank: int, wpi: int, adjusted: int) -> None:
    assert table("impairments.json")["fec_table"]["ranks"][str(rank)][wpi - 1] == adjusted


# --- Section 3 ------------------------------------------------------------------------------


def test_section_3_groups_are_the_45_of_the_chart_and_the_variant_table() -> None:
    groups = table("occupations.json")["groups"]
    numbers = [g["group"] for g in groups]
    assert len(numbers) == 45
    assert numbers == sorted(table("variants.json")["groups"])
    by_number = {g["group"]: g for g in groups}
    assert by_number[351] == {"group": 351, "kind_of_work": "Drivers", "strength": "Medium"}
    assert by_number[470]["kind_of_work"] == "Mechanics, Installers, Repairers, Servicers"
    assert by_number[590]["strength"] == "Very Heavy"


def test_section_3a_lists_every_occupation_with_a_known_group() -> None:
    data = table("occupations.json")
    occupations = data["occupations"]
    groups = {g["group"] for g in data["groups"]}
    assert 1_700 <= len(occupations) <= 1_900
    assert all(o["group"] in groups for o in occupations)
    assert all(
        o["title"] and o["industry"] and o["title"] == o["title"].upper() for o in occupations
    )
    # every group has occupations
    assert {o["group"] for o in occupations} == groups


@pytest.mark.parametrize(
    ("title", "industry", "group"),
    # read by eye on pages 3-2, 3-4, 3-11, 3-22 and 3-26
    [
        ("ABSTRACTOR", "profess. & kin.", 111),
        ("ANTENNA INSTALLER, SATELLITE COMMUNICATIONS", "any industry", 380),
        ("ADMINISTRATOR, HEALTH CARE FACILITY", "medical ser.", 212),
        ("AIR CONDITIONING INSTALLER SERV., WINDOW UNIT", "construction", 481),
        ("STEVEDORE", "water trans.", 351),
        ("FURNITURE ASSEMBLER/HEAVY", "woodworking", 470),
        ("BOX PRINTING MACHINE OPERATOR", "any industry", 230),
        ("YARDER OPERATOR, FIXED/PORTABLE", "logging", 351),
        ("WRITER, TECHNICAL PUBLICATIONS", "profess. & kin.", 112),
        ("BUS DRIVER", "motor trans.", 250),
        ("BRICK AND TILE MAKING MACHINE OPERATOR", "brick & tile", 331),
    ],
)
def test_occupations_read_by_eye(title: str, industry: str, group: int) -> None:
    found = [
        o
        for o in table("occupations.json")["occupations"]
        if o["title"] == title and o["industry"] == industry
    ]
    assert [o["group"] for o in found] == [group]


# --- Section 4 ------------------------------------------------------------------------------


def test_section_4_has_a_variant_for_every_group_in_every_row() -> None:
    data = table("variants.json")
    assert len(data["groups"]) == 45
    for row in data["rows"]:
        assert len(row["variants"]) == 45 and set(row["variants"]) <= set(VARIANTS), row["key"]
        assert row["kind"] in ("exact", "wildcard", "range")
    assert [s["key"] for s in data["see"]] == ["13.07.08.00"]
    assert data["see"][0]["see"] == ["11.03.04.00", "15.01.XX.XX", "16.02.01.00"]


def _variant(key: str, group: int) -> str:
    data = table("variants.json")
    row = next(r for r in data["rows"] if r["key"] == key)
    letter: str = row["variants"][data["groups"].index(group)]
    return letter


@pytest.mark.parametrize(
    ("key", "group", "letter"),
    # read by eye on pages 4-6, 4-7 and 4-9 (PDF pages 70, 71, 73)
    [
        ("15.01 -- 15.03", 351, "G"),
        ("15.01 -- 15.03", 380, "H"),
        ("15.01 -- 15.03", 482, "J"),
        ("15.01 -- 15.03", 110, "C"),
        ("15.01 -- 15.03", 311, "G"),
        ("16.01.02.02", 332, "E"),
        ("16.01.02.02", 420, "I"),
        ("16.01.02.02", 490, "H"),
        ("15.04.03.00", 380, "I"),
        ("16.05.XX.XX", 351, "G"),
        ("17.01.02.XX", 351, "G"),
        ("17.01.01.00", 493, "I"),
    ],
)
def test_variants_read_by_eye(key: str, group: int, letter: str) -> None:
    assert _variant(key, group) == letter


def test_the_leg_amputation_row_numbered_two_ways_is_recorded() -> None:
    # Page 4-8 numbers it 17.01.02.XX, the facing page 4-9 17.01.02.00 (not a Section 2 number).
    data = table("variants.json")
    assert "17.01.02.XX" in [r["key"] for r in data["rows"]]
    assert any("17.01.02.00" in c for c in data["contradictions"])


def test_two_titles_listed_twice_with_different_groups_are_kept() -> None:
    # Section 3A itself lists ORDER CLERK (p. 3-17) and STOCK CLERK (p. 3-22, seen on the
    # page) as clerical twice, with different groups: both rows are kept for the caseworker.
    rows = table("occupations.json")["occupations"]
    groups = {
        title: sorted(
            o["group"] for o in rows if o["title"] == title and o["industry"] == "clerical"
        )
        for title in ("ORDER CLERK", "STOCK CLERK")
    }
    assert groups == {"ORDER CLERK": [111, 214], "STOCK CLERK": [214, 360]}


# --- Sections 5 and 6 -----------------------------------------------------------------------


def test_occupational_adjustment_shape_identity_and_monotony() -> None:
    columns = table("occupational_adjustment.json")["variants"]
    assert list(columns) == list(VARIANTS)
    assert all(len(c) == 101 for c in columns.values())
    assert columns["F"] == list(range(101))  # F is the average demand: no change
    for col in columns.values():
        assert all(a <= b for a, b in zip(col, col[1:], strict=False))
    for k in range(7):
        lower, higher = columns[VARIANTS[k]], columns[VARIANTS[k + 1]]
        assert all(a <= b for a, b in zip(lower, higher, strict=True))
    assert columns["C"][40] < 40 < columns["J"][40]


@pytest.mark.parametrize(
    ("rating", "variant", "adjusted"),
    # read by eye on pages 5-2 and 5-3 (PDF pages 75, 76)
    [
        (13, "G", 15),
        (24, "G", 27),
        (45, "G", 48),
        (10, "J", 16),
        (1, "G", 2),
        (50, "J", 62),
        (49, "J", 62),
        (26, "C", 19),
        (16, "G", 18),
        (54, "G", 57),
        (51, "J", 64),
        (83, "C", 76),
    ],
)
def test_occupational_adjustment_cells_read_by_eye(
    rating: int, variant: str, adjusted: int
) -> None:
    assert table("occupational_adjustment.json")["variants"][variant][rating] == adjusted


def test_age_adjustment_shape_identity_and_monotony() -> None:
    data = table("age_adjustment.json")
    bands, columns = data["bands"], data["columns"]
    assert bands[0] == {"from": None, "to": 21} and bands[-1] == {"from": 62, "to": None}
    assert len(bands) == len(columns) == 10
    assert all(len(c) == 100 for c in columns)
    middle = next(i for i, b in enumerate(bands) if b == {"from": 37, "to": 41})
    assert columns[middle] == list(range(1, 101))  # the average age (39): no change
    for col in columns:
        assert all(a <= b for a, b in zip(col, col[1:], strict=False))
    for k in range(9):
        assert all(a <= b for a, b in zip(columns[k], columns[k + 1], strict=True))
    assert columns[0][49] < 50 < columns[-1][49]


@pytest.mark.parametrize(
    ("rating", "band", "adjusted"),
    # read by eye on pages 6-2 and 6-3 (PDF pages 78, 79); band 2 = ages 27 to 31
    [
        (48, 2, 44),
        (27, 2, 24),
        (33, 9, 42),
        (40, 9, 50),
        (43, 0, 36),
        (42, 0, 36),
        (13, 2, 11),
        (15, 2, 13),
        (14, 2, 12),
        (5, 2, 4),
        (10, 9, 13),
    ],
)
def test_age_adjustment_cells_read_by_eye(rating: int, band: int, adjusted: int) -> None:
    assert table("age_adjustment.json")["columns"][band][rating - 1] == adjusted


# --- Section 8 ------------------------------------------------------------------------------


def test_combined_values_chart_is_the_formula_in_every_cell() -> None:
    rows = table("combined_values.json")["rows"]
    assert [len(r) for r in rows] == list(range(1, 100))
    for a, row in enumerate(rows, start=1):
        for b, value in enumerate(row, start=1):
            assert value == half_up(Fraction(a) + Fraction(b * (100 - a), 100)), (a, b)


@pytest.mark.parametrize(
    ("a", "b", "combined"),
    # read by eye on pages 8-2 and 8-4 (PDF pages 87, 89)
    [
        (1, 1, 2),
        (2, 2, 4),
        (5, 5, 10),
        (4, 3, 7),
        (8, 7, 14),
        (19, 19, 34),
        (15, 10, 24),
        (99, 51, 100),
        (97, 51, 99),
        (93, 93, 100),
    ],
)
def test_combined_values_cells_read_by_eye(a: int, b: int, combined: int) -> None:
    assert table("combined_values.json")["rows"][a - 1][b - 1] == combined


def test_a_pdf_that_is_not_the_schedule_is_refused_with_where(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "other.pdf"
    page = canvas.Canvas(str(pdf))
    page.drawString(72, 720, "Not a rating schedule")
    page.drawString(300, 72, "2-1")
    page.save()
    done = subprocess.run(
        [sys.executable, str(TOOL), str(pdf), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "extract_pdrs:" in done.stderr
    assert not (tmp_path / "out").exists()  # nothing half-written

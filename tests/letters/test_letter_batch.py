"""Letters for many cases: one safe, unique file per case, atomic, cancellable."""

from __future__ import annotations

import copy
import os
from datetime import date
from pathlib import Path

import pytest

from mmi_desktop.domain import naming
from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.model import Case, Client
from mmi_desktop.letters import batch
from mmi_desktop.letters.batch import letter_stem, unique_name, write_letters
from tests.letters.helpers import PENDING_AS_OF, pdf_text


def renamed(case: Case, first: str, last: str) -> Case:
    variant = copy.deepcopy(case)
    variant.client.first_name, variant.client.last_name = first, last
    return variant


def test_file_names_come_from_the_key_and_the_clients_name() -> None:
    assert letter_stem("0007", Client("Maria", "Lopez")) == "0007-Lopez-Maria"
    assert letter_stem("0008", Client("José Luis", "Núñez O'Brien")) == (
        "0008-Nunez-O-Brien-Jose-Luis"
    )
    assert letter_stem("../0009", Client("A/B", "C:\\D*?")) == "0009-C-D-A-B"
    assert letter_stem("", Client("", "")) == "letter"
    assert len(letter_stem("1", Client("x" * 300, "y" * 300))) <= naming.MAX_STEM


def test_names_are_unique_ignoring_case() -> None:
    taken: set[str] = set()
    assert unique_name("0001-Lopez-Maria", taken) == "0001-Lopez-Maria.pdf"
    assert unique_name("0001-LOPEZ-Maria", taken) == "0001-LOPEZ-Maria-2.pdf"
    assert unique_name("0001-Lopez-Maria", taken) == "0001-Lopez-Maria-3.pdf"


def test_one_letter_per_case_in_the_clients_language(
    tmp_path: Path, pending_case: Case, clean_case: Case, firm: FirmDetails
) -> None:
    items = [
        ("0001", pending_case),
        ("0002", clean_case),
        ("0003", renamed(clean_case, "Seán", "Ó Súilleabháin")),
        ("0003", renamed(clean_case, "Seán", "Ó Súilleabháin")),  # same key and name
    ]
    seen: list[tuple[int, str]] = []
    written = write_letters(
        items, tmp_path / "out", PENDING_AS_OF, firm, progress=lambda n, s: seen.append((n, s))
    )
    names = [p.name for p in written]
    assert names == [
        "0001-Gutierrez-Ana.pdf",
        "0002-Wilson-Derek.pdf",
        "0003-O-Suilleabhain-Sean.pdf",
        "0003-O-Suilleabhain-Sean-2.pdf",
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)
    assert seen == [(i + 1, name) for i, name in enumerate(names)]
    assert "Apreciable Ana Gutierrez:" in pdf_text(written[0].read_bytes())
    assert "Dear Derek Wilson," in pdf_text(written[1].read_bytes())
    assert "Dear Seán Ó Súilleabháin," in pdf_text(written[2].read_bytes())
    # The letter is dated as of the batch's date.
    assert "July 1, 2024" in pdf_text(written[1].read_bytes())


def test_cancel_stops_cleanly_between_letters(
    tmp_path: Path, clean_case: Case, firm: FirmDetails
) -> None:
    items = [(f"{i:04d}", clean_case) for i in range(1, 7)]
    done: list[int] = []
    written = write_letters(
        items,
        tmp_path,
        date(2023, 8, 1),
        firm,
        progress=lambda n, _: done.append(n),
        cancelled=lambda: len(done) >= 2,
    )
    assert [p.name for p in written] == ["0001-Wilson-Derek.pdf", "0002-Wilson-Derek.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [p.name for p in written]


def test_cancel_before_the_first_letter_writes_nothing(
    tmp_path: Path, clean_case: Case, firm: FirmDetails
) -> None:
    consumed: list[str] = []

    def items():  # type: ignore[no-untyped-def]
        for key in ("0001", "0002"):
            consumed.append(key)
            yield key, clean_case

    assert write_letters(items(), tmp_path, date(2023, 8, 1), firm, cancelled=lambda: True) == []
    assert list(tmp_path.iterdir()) == []
    assert consumed == ["0001"]  # no more cases are loaded once cancelled


def test_a_case_that_fails_is_reported_and_the_others_are_written(
    tmp_path: Path, clean_case: Case, firm: FirmDetails, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batch.render_summary_letter

    def render(case: Case, *args: object, **kwargs: object) -> bytes:
        if case.client.first_name == "Broken":
            raise ValueError("no wording for this case")
        return real(case, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "render_summary_letter", render)
    failures: list[tuple[str, str]] = []
    items = [
        ("0001", clean_case),
        ("0002", renamed(clean_case, "Broken", "Case")),
        ("0003", clean_case),
    ]
    written = write_letters(items, tmp_path, date(2023, 8, 1), firm, failures=failures)
    assert [p.name for p in written] == ["0001-Wilson-Derek.pdf", "0003-Wilson-Derek.pdf"]
    assert failures == [("0002", "ValueError: no wording for this case")]
    assert sorted(p.name for p in tmp_path.iterdir()) == [p.name for p in written]


def test_a_failed_write_leaves_no_partial_file(
    tmp_path: Path, clean_case: Case, firm: FirmDetails, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "0001-Wilson-Derek.pdf").write_bytes(b"the letter from last month")

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_letters([("0001", clean_case)], tmp_path, date(2023, 8, 1), firm)
    # The old file is untouched and no temporary file is left behind.
    assert [p.name for p in tmp_path.iterdir()] == ["0001-Wilson-Derek.pdf"]
    assert (tmp_path / "0001-Wilson-Derek.pdf").read_bytes() == b"the letter from last month"


def test_a_letter_refused_for_its_characters_is_reported_in_plain_words(
    tmp_path: Path, clean_case: Case, firm: FirmDetails
) -> None:
    failures: list[tuple[str, str]] = []
    items = [("0001", renamed(clean_case, "Derek", "Wilson 🏭")), ("0002", clean_case)]
    written = write_letters(items, tmp_path, date(2023, 8, 1), firm, failures=failures)
    assert [p.name for p in written] == ["0002-Wilson-Derek.pdf"]
    assert failures == [
        (
            "0001",
            "The client's last name has characters the letter cannot print: “🏭” (U+1F3ED).",
        )
    ]

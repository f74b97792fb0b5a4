"""Derive the 2005 rating schedule's tables from the official PDF into resources/rates/pdrs/.

    .venv/bin/python tools/extract_pdrs.py PATH/TO/pdr-2005.pdf            # write the JSON
    .venv/bin/python tools/extract_pdrs.py PATH/TO/pdr-2005.pdf --check    # compare only

The Schedule for Rating Permanent Disabilities (January 2005, the Division of Workers'
Compensation's PDF) is read through `pdftotext -layout` (poppler-utils), which keeps the
table columns. Every table is parsed from that text by this script; nothing is typed in by
hand. Each JSON file records the sha256 of the PDF it came from and the pages it was read
from (the schedule's own page numbers, e.g. "2-6", and the PDF's page numbers).

A table whose shape is not what the schedule shows (a row with too few cells, a group
missing from a header) stops the script with the page and line, rather than writing a
half-read table. With --check nothing is written: the exit status is 1 when the committed
files differ from what the PDF gives.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "rates" / "pdrs"
DOCUMENT = "Schedule for Rating Permanent Disabilities, January 2005 (DWC; LC 4660; 8 CCR 9805)"
RANK_WORDS = ("One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight")
VARIANTS = "CDEFGHIJ"

NUMBER = r"\d\d\.\d\d\.\d\d\.\d\d"
CHUNK = re.compile(r"\S+(?: \S+)*")  # text between runs of two or more spaces


class ScheduleError(Exception):
    """The PDF's text is not shaped as the schedule is: says where."""


@dataclass
class Page:
    """One page of the PDF's layout text: its PDF number, printed number and lines."""

    pdf: int
    printed: str
    lines: list[str]

    def where(self, line: int | None = None) -> str:
        at = f"page {self.printed} (PDF page {self.pdf})"
        return at if line is None else f"{at}, line {line + 1}"


@dataclass
class Source:
    """Where a table was read: the PDF's hash and the pages."""

    sha256: str
    pages: list[Page] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "document": DOCUMENT,
            "sha256": self.sha256,
            "pages": [p.printed for p in self.pages],
            "pdf_pages": [p.pdf for p in self.pages],
            "extracted_by": "tools/extract_pdrs.py (pdftotext -layout)",
        }


def chunks(line: str) -> Iterator[tuple[int, str]]:
    """The pieces of a line separated by two or more spaces, with their columns."""
    for m in CHUNK.finditer(line):
        yield m.start(), m.group()


def layout_text(pdf: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        raise ScheduleError("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(
        [exe, "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=False
    )
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ScheduleError(f"pdftotext cannot read {pdf}: {why[-1] if why else done.returncode}")
    return done.stdout.decode("utf-8")


def split_pages(text: str) -> dict[str, Page]:
    """The pages by their printed number ('2-6'), read from the footer of each page."""
    pages: dict[str, Page] = {}
    for index, body in enumerate(text.split("\f")):
        lines = body.splitlines()
        footer = next((ln.strip() for ln in reversed(lines) if ln.strip()), "")
        if re.fullmatch(r"\d-\d{1,2}", footer):
            lines = lines[: max(i for i, ln in enumerate(lines) if ln.strip() == footer)]
            pages[footer] = Page(index + 1, footer, lines)
    return pages


def pages_of(pages: dict[str, Page], section: int, first: int, last: int) -> list[Page]:
    wanted = [f"{section}-{n}" for n in range(first, last + 1)]
    missing = [w for w in wanted if w not in pages]
    if missing:
        raise ScheduleError(f"pages not found in the PDF's text: {', '.join(missing)}")
    return [pages[w] for w in wanted]


def find_pages(pages: dict[str, Page], section: int, marker: str) -> list[Page]:
    """Every page of a section whose text holds `marker`, in order."""
    found = [
        p
        for key, p in pages.items()
        if key.startswith(f"{section}-") and any(marker in ln for ln in p.lines)
    ]
    if not found:
        raise ScheduleError(f"section {section}: no page holds {marker!r}")
    return sorted(found, key=lambda p: p.pdf)


def ints(text: str) -> list[int]:
    return [int(x) for x in re.findall(r"\d+", text)]


# --- Section 1, Table A: the factor of each FEC rank ----------------------------------------


def fec_factors(pages: dict[str, Page], sha: str) -> tuple[list[dict[str, Any]], Source]:
    """Table A (page 1-7): rank One..Eight and its adjustment factor (4 decimals)."""
    heading = re.compile(r"^\s*Table A\b")
    page = next(
        (
            p
            for k, p in pages.items()
            if k.startswith("1-") and any(heading.match(ln) for ln in p.lines)
        ),
        None,
    )
    if page is None:
        raise ScheduleError("section 1: Table A not found")
    start = next(i for i, ln in enumerate(page.lines) if heading.match(ln))
    factors: list[str] = []
    ranks: list[str] = []
    for line in page.lines[start:]:
        left = line[:70]  # Table A is the left column of the page; Table B is on the right
        factors += re.findall(r"\b1\.\d{4}\b", left)
        ranks += [w for w in re.findall(r"[A-Z][a-z]+", left) if w in RANK_WORDS]
    if ranks != list(RANK_WORDS) or len(factors) != len(RANK_WORDS):
        raise ScheduleError(f"{page.where()}: Table A reads ranks {ranks}, factors {factors}")
    rows = [
        {"rank": i + 1, "name": w, "factor": f}
        for i, (w, f) in enumerate(zip(ranks, factors, strict=True))
    ]
    return rows, Source(sha, [page])


# --- Section 2: impairment numbers, FEC ranks, and the FEC adjustment table -------------------


ENTRY = re.compile(rf"({NUMBER})\s+(\d|Variable)\s+(\S.*?)(?=\s{{2,}}\S|$)")
HEADING = re.compile(r"^(\d\d) – (.+)$")


def section2_chapters(pages: dict[str, Page]) -> tuple[dict[str, str], Page]:
    page = pages["2-1"]
    chapters: dict[str, str] = {}
    for line in page.lines:
        m = re.match(r"^\s*(\d\d)\s{2,}(.+?)\s*\.{3,}", line)
        if m:
            chapters[m.group(1)] = m.group(2).strip()
    if len(chapters) < 16:
        raise ScheduleError(f"{page.where()}: only {len(chapters)} chapters in the contents")
    return chapters, page


def section2_impairments(pages: dict[str, Page]) -> tuple[list[dict[str, Any]], list[Page]]:
    """Impairment number, FEC rank (None: 'Variable') and title, from the two-column list."""
    used = [p for p in pages_of(pages, 2, 2, 5)]
    entries: list[dict[str, Any]] = []
    for page in used:
        starts = [m.start() for ln in page.lines for m in re.finditer(NUMBER, ln)]
        right = min((s for s in starts if s > 40), default=None)
        if right is None:
            raise ScheduleError(f"{page.where()}: no right-hand column found")
        last: dict[int, dict[str, Any] | None] = {0: None, 1: None}
        for i, line in enumerate(page.lines):
            if "Impairment" in line and "Rank" in line or line.strip() == "FEC":
                continue
            items: list[tuple[int, str, re.Match[str] | None]] = []
            rest = line
            for hit in ENTRY.finditer(line):
                items.append((hit.start(), hit.group(), hit))
                rest = rest[: hit.start()] + " " * (hit.end() - hit.start()) + rest[hit.end() :]
            items += [(col, text, None) for col, text in chunks(rest)]
            for col, text, m in sorted(items, key=lambda item: item[0]):
                side = 0 if col < right - 4 else 1
                if m is not None:
                    rank = None if m.group(2) == "Variable" else int(m.group(2))
                    entry = {"number": m.group(1), "fec_rank": rank, "title": m.group(3)}
                    entries.append(entry)
                    last[side] = entry
                elif re.match(NUMBER, text):
                    raise ScheduleError(f"{page.where(i)}: cannot read {text!r}")
                elif HEADING.match(text):
                    last[side] = None  # a chapter heading (and its continuation) is skipped
                elif re.fullmatch(r"\d|Variable", text):
                    raise ScheduleError(f"{page.where(i)}: a rank without a number: {text!r}")
                else:
                    target = last[side]
                    if target is not None:
                        target["title"] = f"{target['title']} {text}"
    numbers = [e["number"] for e in entries]
    dupes = [n for n, c in Counter(numbers).items() if c > 1]
    if dupes:
        raise ScheduleError(f"section 2: numbers listed twice: {dupes}")
    for e in entries:
        e["title"] = re.sub(r"\s+", " ", e["title"]).replace(" – –", " –").strip()
    entries.sort(key=lambda e: e["number"])
    return entries, used


def fec_table(pages: dict[str, Page]) -> tuple[dict[str, list[int]], list[int], list[Page]]:
    """The FEC adjustment table: for each rank, the adjusted rating of WPI 1..100."""
    used = find_pages(pages, 2, "AMA Whole Person Impairment Standard")
    columns: list[int] = []
    rows: dict[str, list[int]] = {w: [] for w in RANK_WORDS}
    for page in used:
        block: list[int] | None = None
        for i, line in enumerate(page.lines):
            words = line.split()
            if words[:1] == ["Rank"]:
                block = ints(line)
                columns += block
            elif words[:1] and words[0] in RANK_WORDS:
                values = ints(line)
                if block is None or len(values) != len(block):
                    raise ScheduleError(f"{page.where(i)}: {words[0]} row has {len(values)} cells")
                rows[words[0]] += values
    if columns != list(range(1, 101)):
        raise ScheduleError("FEC table: the WPI columns are not 1 to 100")
    for word, values in rows.items():
        if len(values) != 100:
            raise ScheduleError(f"FEC table: rank {word} has {len(values)} cells")
    return rows, columns, used


# --- Section 3: occupations and groups ------------------------------------------------------


@dataclass
class Occupation:
    group: int
    title: str
    industry: str
    page: str


def _header_columns(line: str) -> list[int]:
    """The columns of 'Group', 'Occupation' and 'Industry' in a Section 3A page header."""
    return [m.start() for m in re.finditer(r"Group|Occupation|Industry", line)]


def _split_title_industry(text: str, at: int, industries: set[str]) -> tuple[str, str]:
    """A chunk holding an occupation and its industry with one space between them."""
    words = list(re.finditer(r"\S+", text))
    for w in words[1:]:
        tail = text[w.start() :]
        if tail in industries:
            return text[: w.start()].rstrip(), tail
    # No known industry: split at the word that starts nearest the industry column.
    best = min(words[1:], key=lambda w: abs(w.start() - at))
    return text[: best.start()].rstrip(), text[best.start() :]


def _continue(text: str, more: str) -> str:
    """A text with its next line: a word broken at a hyphen is joined again."""
    if text.endswith("-"):
        return text + more
    return f"{text} {more}".strip()


def section3_occupations(pages: dict[str, Page]) -> tuple[list[Occupation], list[Page]]:
    used = pages_of(pages, 3, 2, 26)
    raw: list[tuple[Page, int, list[tuple[int, str]], list[int]]] = []
    for page in used:
        header = next(
            (ln for ln in page.lines if ln.lstrip().startswith("Group") and "Industry" in ln), None
        )
        if header is None or len(_header_columns(header)) != 6:
            raise ScheduleError(f"{page.where()}: Section 3A header not found")
        cols = _header_columns(header)
        for i, line in enumerate(page.lines):
            if "Occupation" in line and "Industry" in line or line.strip() in ("No.", "No.  No."):
                continue
            if "LIST OF OCCUPATIONS" in line or re.fullmatch(r"\s*No\.\s+No\.\s*", line):
                continue
            pieces = list(chunks(line))
            if pieces:
                raw.append((page, i, pieces, cols))

    # The industries written apart from their occupation (two spaces or more) are the
    # vocabulary used to split the few entries printed with a single space between the two.
    industries: set[str] = set()
    entry = re.compile(r"^(\d{3})$")
    for _page, _i, pieces, cols in raw:
        for k, (col, text) in enumerate(pieces):
            if entry.match(text) and k + 2 < len(pieces):
                icol = pieces[k + 2][0]
                side_ind = cols[2] if col < cols[3] - 6 else cols[5]
                if abs(icol - side_ind) <= 8:
                    industries.add(pieces[k + 2][1])

    found: list[Occupation] = []
    current: dict[int, Occupation | None] = {0: None, 1: None}
    for page, i, pieces, cols in raw:
        g1, o1, i1, g2, o2, i2 = cols
        # data rows sit a little left of the header words; place each piece by its nearest column
        bounds = [(0, g1), (0, o1 - 2), (0, i1 - 4), (1, g2), (1, o2 - 2), (1, i2 - 4)]
        kinds = ["group", "title", "industry"] * 2
        placed: list[tuple[int, str, int, str]] = []
        for col, text in pieces:
            k = min(range(6), key=lambda j: abs(bounds[j][1] - col))
            placed.append((bounds[k][0], kinds[k], col, text))
        k = 0
        while k < len(placed):
            side, kind, col, text = placed[k]
            if kind == "group" and entry.match(text):
                if k + 1 >= len(placed) or placed[k + 1][0] != side:
                    raise ScheduleError(f"{page.where(i)}: group {text} without an occupation")
                title = placed[k + 1][3]
                industry = ""
                step = 2
                if (
                    k + 2 < len(placed)
                    and placed[k + 2][0] == side
                    and placed[k + 2][1] == "industry"
                ):
                    industry = placed[k + 2][3]
                    step = 3
                else:
                    at = (i1 if side == 0 else i2) - 4
                    title, industry = _split_title_industry(
                        title, at - placed[k + 1][2], industries
                    )
                occ = Occupation(int(text), title, industry, page.printed)
                found.append(occ)
                current[side] = occ
                k += step
                continue
            previous = current[side]
            if previous is None:
                raise ScheduleError(f"{page.where(i)}: {text!r} follows no occupation")
            occ = previous
            if kind == "industry":
                occ.industry = _continue(occ.industry, text)
            else:
                occ.title = _continue(occ.title, text)
            k += 1
        # an entry never continues across a page
    for occ in found:
        occ.title = re.sub(r"\s+", " ", occ.title).strip()
        occ.industry = re.sub(r"\s+", " ", occ.industry).strip()
        if not occ.industry:
            raise ScheduleError(f"page {occ.page}: {occ.title!r} has no industry")
    return found, used


def section3_groups(pages: dict[str, Page]) -> tuple[list[dict[str, Any]], list[Page]]:
    """The occupational group chart (3B): each group's kind of work and strength level."""
    used = pages_of(pages, 3, 27, 28)
    strengths: dict[int, str] = {}
    kinds: dict[int, str] = {}
    members: dict[int, int] = {}
    for page in used:
        levels: list[int] = []
        name_col: int | None = None
        current: int | None = None
        for i, line in enumerate(page.lines):
            if line.split()[:1] == ["OCCUPATION"] and re.search(r"\d\s+\d", line):
                levels = ints(line)
                continue
            if "DESIGNATOR" in line and "Very Light" in line:
                names = [t for _, t in chunks(line.replace("DESIGNATOR", ""))]
                if len(names) != len(levels):
                    raise ScheduleError(f"{page.where(i)}: strength names {names}")
                strengths.update(zip(levels, names, strict=True))
                continue
            pieces = list(chunks(line))
            if not pieces:
                continue
            m = re.match(r"^\s*(\d)\s{2,}(\S.*?)(?:\s{2,}|$)", line)
            if m:
                current = int(m.group(1))
                name_col = m.start(2)
                kinds[current] = m.group(2)
            elif current is not None and name_col is not None and abs(pieces[0][0] - name_col) <= 1:
                kinds[current] = f"{kinds[current]} {pieces[0][1]}"
            if current is not None:
                for group in re.findall(r"\b([1-5]\d0|[1-5]\d[1-9])\b", line):
                    members[int(group)] = current
    groups = []
    for number in sorted(members):
        strength = number // 100
        kind = number // 10 % 10
        if members[number] != kind or strength not in strengths or kind not in kinds:
            raise ScheduleError(f"group chart: group {number} is not where its digits say")
        groups.append(
            {
                "group": number,
                "kind_of_work": kinds[kind].rstrip(","),
                "strength": strengths[strength],
            }
        )
    return groups, used


# --- Section 4: occupational variants -------------------------------------------------------


ROW_KEY = re.compile(r"^\s*(\d\d\.\d\d -- \d\d\.\d\d|\d\d\.\d\d\.(?:\d\d|XX)\.(?:\d\d|XX))")
GROUP_HEADER = re.compile(r"\s*(\d{3}\s+)+\d{3}\s*")


def _variant_key(text: str) -> dict[str, Any]:
    if "--" in text:
        low, high = (t.strip() for t in text.split("--"))
        return {"key": text, "kind": "range", "from": low, "to": high}
    return {"key": text, "kind": "wildcard" if "XX" in text else "exact"}


def _same_label(a: str, b: str) -> bool:
    return a.replace(" ", "") == b.replace(" ", "")


def section4_variants(pages: dict[str, Page]) -> tuple[dict[str, Any], list[Page]]:
    """Pages 4-2 to 4-9 in facing pairs: groups 110 to 330 on the left, 331 to 590 on the right."""
    used = pages_of(pages, 4, 2, 9)
    groups: list[int] = []
    left_groups: list[int] = []
    rows: dict[tuple[int, int], dict[str, Any]] = {}  # (pair of pages, row on the page) -> row
    notes: list[dict[str, Any]] = []
    contradictions: list[str] = []
    for n, page in enumerate(used):
        pair, right = divmod(n, 2)
        header_i = next((i for i, ln in enumerate(page.lines) if GROUP_HEADER.fullmatch(ln)), None)
        if header_i is None:
            raise ScheduleError(f"{page.where()}: no group header")
        header = page.lines[header_i]
        page_groups = ints(header)
        if not right:
            left_groups = page_groups
        elif page_groups[0] <= left_groups[-1]:
            raise ScheduleError(f"{page.where()}: the groups do not follow the facing page's")
        elif pair == 0:
            groups = left_groups + page_groups
        elif left_groups + page_groups != groups:
            raise ScheduleError(f"{page.where()}: the groups differ from pages 4-2 and 4-3")
        first_col = re.search(r"\d{3}", header).start() - 3  # type: ignore[union-attr]
        index = 0
        for i, line in enumerate(page.lines[header_i + 1 :], start=header_i + 1):
            if not line.strip():
                continue
            found = ROW_KEY.match(line)
            if found is None:
                raise ScheduleError(f"{page.where(i)}: a row without an impairment number")
            key = found.group(1)
            label = line[found.end() : first_col].strip()
            letters = re.findall(r"(?<![A-Za-z])[C-J](?![A-Za-z])", line[first_col:])
            if not letters and "Use variant from" in line:
                label, _, rest = line[found.end() :].strip().partition("  ")
                refs = re.findall(rf"{NUMBER}|\d\d\.\d\d\.XX\.XX", rest)
                if not right:
                    notes.append({"key": key, "label": label, "text": rest.strip(), "see": refs})
                continue
            if len(letters) != len(page_groups):
                raise ScheduleError(
                    f"{page.where(i)}: {key} has {len(letters)} variants for "
                    f"{len(page_groups)} groups"
                )
            slot = (pair, index)
            index += 1
            if not right:
                rows[slot] = {**_variant_key(key), "label": label, "letters": letters}
                continue
            row = rows.get(slot)
            if row is None or not _same_label(row["label"], label):
                raise ScheduleError(f"{page.where(i)}: {key} {label} is not on the facing page")
            if row["key"] != key:
                contradictions.append(
                    f"page {page.printed} numbers the row {label} {key}; the facing page numbers "
                    f"it {row['key']}; the facing page's number is kept"
                )
            row["letters"] = row["letters"] + letters
    out_rows = []
    for slot in sorted(rows):
        row = rows[slot]
        if len(row["letters"]) != len(groups):
            raise ScheduleError(f"section 4: {row['key']} has {len(row['letters'])} variants")
        variants = "".join(row.pop("letters"))
        out_rows.append(row | {"variants": variants})
    twice = [k for k, c in Counter(r["key"] for r in out_rows).items() if c > 1]
    if twice:
        raise ScheduleError(f"section 4: rows listed twice: {twice}")
    document = {"groups": groups, "rows": out_rows, "see": notes, "contradictions": contradictions}
    return document, used


# --- Sections 5 and 6 ------------------------------------------------------------------------


def section5_table(pages: dict[str, Page]) -> tuple[dict[str, list[int]], list[Page]]:
    """Rating 0..100 (after FEC) x variant C..J -> rating after occupation."""
    used = pages_of(pages, 5, 2, 3)
    table: dict[int, list[int]] = {}
    for page in used:
        header = [ln for ln in page.lines if "Percent" in ln]
        if not header or header[0].split().count("C") != 2:
            raise ScheduleError(f"{page.where()}: no 'Percent C D E F G H I J' header")
        if re.findall(r"\b[C-J]\b", header[0]) != list(VARIANTS) * 2:
            raise ScheduleError(f"{page.where()}: the variant columns are not C to J")
        for i, line in enumerate(page.lines):
            values = ints(line)
            if not values or "Percent" in line or "Rating" in line or "Standard" in line:
                continue
            if len(values) % 9:
                raise ScheduleError(f"{page.where(i)}: {len(values)} numbers, not rows of 9")
            for k in range(0, len(values), 9):
                rating, *cells = values[k : k + 9]
                if rating in table:
                    raise ScheduleError(f"{page.where(i)}: rating {rating} twice")
                table[rating] = cells
    if sorted(table) != list(range(0, 101)):
        raise ScheduleError("section 5: the ratings are not 0 to 100")
    return {v: [table[r][j] for r in range(101)] for j, v in enumerate(VARIANTS)}, used


def section6_table(pages: dict[str, Page]) -> tuple[dict[str, Any], list[Page]]:
    """Rating 1..100 (after occupation) x age band at injury -> final rating."""
    used = pages_of(pages, 6, 2, 5)
    bands: list[dict[str, int | None]] | None = None
    table: dict[int, list[int]] = {}
    for page in used:
        for i, line in enumerate(page.lines):
            if "and" in line and re.search(r"\d+\s*-\s*\d+", line):
                found = re.findall(r"(\d+)\s+and|(\d+)\s*-\s*(\d+)", line)
                page_bands: list[dict[str, int | None]] = []
                for k, (alone, low, high) in enumerate(found):
                    if alone and k == 0:
                        page_bands.append({"from": None, "to": int(alone)})
                    elif alone:
                        page_bands.append({"from": int(alone), "to": None})
                    else:
                        page_bands.append({"from": int(low), "to": int(high)})
                under = page.lines[i + 1].split()
                if under[-2:] != ["under", "over"] and not ("under" in under and "over" in under):
                    raise ScheduleError(f"{page.where(i)}: the age bands' 'under'/'over' line")
                if bands is not None and page_bands != bands:
                    raise ScheduleError(f"{page.where(i)}: the age bands differ from page 6-2")
                bands = page_bands
                continue
            values = ints(line)
            if not values or "Rating" in line:
                continue
            if bands is None or len(values) != len(bands) + 1:
                raise ScheduleError(f"{page.where(i)}: {len(values)} numbers in an age row")
            rating, *cells = values
            if rating in table:
                raise ScheduleError(f"{page.where(i)}: rating {rating} twice")
            table[rating] = cells
    if bands is None or sorted(table) != list(range(1, 101)):
        raise ScheduleError("section 6: the ratings are not 1 to 100")
    for k, band in enumerate(bands[1:], start=1):
        prev_to = bands[k - 1]["to"]
        if prev_to is None or band["from"] != prev_to + 1:
            raise ScheduleError("section 6: the age bands do not follow one another")
    columns = [[table[r][j] for r in range(1, 101)] for j in range(len(bands))]
    return {"bands": bands, "columns": columns}, used


# --- Section 8: Combined Values Chart --------------------------------------------------------


def _numeric_tokens(line: str) -> list[tuple[int, int]]:
    """(column, value) of the numbers of a chart line, stopping at prose ('DIRECTIONS')."""
    prose = re.search(r"[A-Za-z]", line)
    end = prose.start() if prose else len(line)
    return [(m.start(), int(m.group())) for m in re.finditer(r"\d+", line[:end])]


def _whole_row(line: str, first_col: int, last_col: int) -> bool:
    """Whether a chart line is a row number followed by all of that row's cells on the page."""
    row, *cells = [v for _, v in _numeric_tokens(line)]
    return bool(cells) and len(cells) == min(row, last_col) - first_col + 1


def section8_chart(pages: dict[str, Page]) -> tuple[dict[int, dict[int, int]], list[Page]]:
    """chart[a][b] for 1 <= b <= a <= 99: the larger value a combined with the smaller b."""
    used = pages_of(pages, 8, 2, 4)
    chart: dict[int, dict[int, int]] = {}
    for page in used:
        axis_i = max(
            i for i, ln in enumerate(page.lines) if re.fullmatch(r"\s+(\d+\s+)+\d+\s*", ln)
        )
        axis = ints(page.lines[axis_i])
        first_col = axis[0]
        if axis != list(range(first_col, first_col + len(axis))):
            raise ScheduleError(f"{page.where(axis_i)}: the chart's bottom row is not a count")
        body = [(i, ln) for i, ln in enumerate(page.lines[:axis_i]) if _numeric_tokens(ln)]
        last_col = first_col + len(axis) - 1

        # The chart's first rows are printed out of line order: every line up to the last
        # one that is not a whole row is read by columns instead.
        unclean = [k for k, (_i, ln) in enumerate(body) if not _whole_row(ln, first_col, last_col)]
        split = unclean[-1] + 1 if unclean else 0
        messy = body[:split]
        clean = [
            (v[0], v[1:]) for _i, ln in body[split:] for v in [[x for _, x in _numeric_tokens(ln)]]
        ]
        for row, cells in clean:
            if row in chart and any(
                c in chart[row] for c in range(first_col, first_col + len(cells))
            ):
                raise ScheduleError(f"{page.where()}: row {row} twice")
            chart.setdefault(row, {}).update({first_col + k: v for k, v in enumerate(cells)})
        if messy:
            _read_first_rows(page, messy, chart)
    for a in range(1, 100):
        if sorted(chart.get(a, {})) != list(range(1, a + 1)):
            raise ScheduleError(f"section 8: row {a} does not hold columns 1 to {a}")
    return chart, used


def _read_first_rows(
    page: Page, lines: list[tuple[int, str]], chart: dict[int, dict[int, int]]
) -> None:
    """The top of the chart (rows 1 to 5), whose lines the text gives out of order.

    Its cells still sit in their columns: the left column holds the row numbers in order,
    and column c holds the cells of rows c, c+1, ... from top to bottom.
    """
    by_col: dict[int, list[int]] = {}
    for _i, line in lines:
        for col, value in _numeric_tokens(line):
            by_col.setdefault(col, []).append(value)
    cols = sorted(by_col)
    labels = by_col[cols[0]]
    if labels != list(range(1, len(labels) + 1)):
        raise ScheduleError(f"{page.where()}: the chart's first row numbers read {labels}")
    last = labels[-1]
    for c, col in enumerate(cols[1:], start=1):
        cells = by_col[col]
        if len(cells) != last - c + 1:
            raise ScheduleError(
                f"{page.where()}: column {c} of the chart's first rows reads {cells}"
            )
        for row, value in zip(range(c, last + 1), cells, strict=True):
            chart.setdefault(row, {})[c] = value


# --- writing --------------------------------------------------------------------------------


def build(pdf: Path) -> dict[str, dict[str, Any]]:
    """Every table, as the JSON documents to write (file name -> document)."""
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    pages = split_pages(layout_text(pdf))

    factors, factor_src = fec_factors(pages, sha)
    chapters, toc = section2_chapters(pages)
    impairments, imp_pages = section2_impairments(pages)
    fec_rows, _cols, fec_pages = fec_table(pages)
    occupations, occ_pages = section3_occupations(pages)
    groups, group_pages = section3_groups(pages)
    variants, var_pages = section4_variants(pages)
    occ_adj, adj_pages = section5_table(pages)
    age, age_pages = section6_table(pages)
    chart, chart_pages = section8_chart(pages)

    group_numbers = [g["group"] for g in groups]
    if group_numbers != sorted(variants["groups"]):
        raise ScheduleError("the group chart (3B) and the variant table (4) list other groups")
    unknown = sorted({o.group for o in occupations} - set(group_numbers))
    if unknown:
        raise ScheduleError(f"section 3A: occupations in groups that do not exist: {unknown}")

    def src(*parts: list[Page]) -> dict[str, Any]:
        used: list[Page] = []
        for part in parts:
            used += [p for p in part if p not in used]
        return Source(sha, used).to_json()

    return {
        "impairments.json": {
            "table": "pdrs_impairments",
            "description": (
                "Section 2: every impairment number with its title and FEC rank (null where "
                "the schedule says 'Variable': use the rank of the body part involved); "
                "Section 1 Table A: the adjustment factor of each FEC rank; Section 2's FEC "
                "adjustment table: the adjusted rating of each whole-number WPI 1 to 100 for "
                "each rank."
            ),
            "source": src([factor_src.pages[0]], [toc], imp_pages, fec_pages),
            "chapters": chapters,
            "impairments": impairments,
            "fec_ranks": factors,
            "fec_table": {
                "wpi": "1 to 100; cell k of a rank's list is the adjusted rating of WPI k + 1",
                "ranks": {str(i + 1): fec_rows[w] for i, w in enumerate(RANK_WORDS)},
            },
        },
        "occupations.json": {
            "table": "pdrs_occupations",
            "description": (
                "Section 3A: every occupation title with its industry and occupational group "
                "number; Section 3B: each group's kind of work and strength level."
            ),
            "source": src(occ_pages, group_pages),
            "groups": groups,
            "occupations": [
                {"title": o.title, "industry": o.industry, "group": o.group, "page": o.page}
                for o in occupations
            ],
        },
        "variants.json": {
            "table": "pdrs_variants",
            "description": (
                "Section 4: the occupational variant (C to J) of each row of impairment "
                "numbers for each group; 'variants' holds one letter per group, in the order "
                "of 'groups'. A row's key is an exact number, a number with XX pairs (any "
                "digits), or a range of the first two pairs ('03.01 -- 03.06'). Where rows "
                "overlap the most specific one wins. 'see' lists rows that name other rows "
                "instead of giving variants."
            ),
            "source": src(var_pages),
            **variants,
        },
        "occupational_adjustment.json": {
            "table": "pdrs_occupational_adjustment",
            "description": (
                "Section 5: the rating after adjustment for occupation, for each rating 0 to "
                "100 after the FEC adjustment (index = rating) and each variant C to J."
            ),
            "source": src(adj_pages),
            "variants": occ_adj,
        },
        "age_adjustment.json": {
            "table": "pdrs_age_adjustment",
            "description": (
                "Section 6: the final rating for each rating 1 to 100 after the occupational "
                "adjustment (cell k of a column = rating k + 1) and each band of age at the "
                "date of injury (null: no limit on that side)."
            ),
            "source": src(age_pages),
            **age,
        },
        "combined_values.json": {
            "table": "pdrs_combined_values",
            "description": (
                "Section 8: the Combined Values Chart. rows[a - 1][b - 1] is the larger value "
                "a (1 to 99) combined with the smaller value b (1 to a)."
            ),
            "source": src(chart_pages),
            "rows": [[chart[a][b] for b in range(1, a + 1)] for a in range(1, 100)],
        },
    }


def _is_leaf(value: Any) -> bool:
    """A value written on one line: a scalar, or a list or object of scalars."""
    if isinstance(value, dict):
        return all(not isinstance(v, dict | list) for v in value.values())
    if isinstance(value, list):
        return all(not isinstance(v, dict | list) for v in value)
    return True


def _write(value: Any, indent: int) -> str:
    if _is_leaf(value):
        return json.dumps(value, ensure_ascii=False)
    pad = " " * (indent + 1)
    if isinstance(value, list):
        inner = [pad + _write(v, indent + 1) for v in value]
        return "[\n" + ",\n".join(inner) + "\n" + " " * indent + "]"
    items = [
        f"{pad}{json.dumps(k, ensure_ascii=False)}: {_write(v, indent + 1)}"
        for k, v in value.items()
    ]
    return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"


def dump(document: dict[str, Any]) -> str:
    """JSON with one table row or record a line, so that a diff shows the cell that changed."""
    return _write(document, 0) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf", type=Path, help="the schedule's PDF (pdr-2005.pdf)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder to write (default {OUT})")
    parser.add_argument(
        "--check", action="store_true", help="compare with the folder, write nothing"
    )
    args = parser.parse_args(argv)
    try:
        documents = build(args.pdf)
    except (ScheduleError, OSError) as exc:
        print(f"extract_pdrs: {exc}", file=sys.stderr)
        return 2
    differ = []
    for name, document in documents.items():
        path = args.out / name
        text = dump(document)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                differ.append(name)
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    if differ:
        print(f"differ from the PDF: {', '.join(differ)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

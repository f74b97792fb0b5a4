"""Summary letters for many cases at once: one PDF per case, written atomically, cancellable;
and the letters put together as one file to print."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.model import Case, Client
from mmi_desktop.domain.naming import file_stem
from mmi_desktop.domain.results import Analysis
from mmi_desktop.domain.thresholds import Thresholds
from mmi_desktop.files import make_folder, write_atomically
from mmi_desktop.letters.scripts import UnprintableText
from mmi_desktop.letters.summary import render_summary_letter

log = logging.getLogger(__name__)


def letter_stem(key: str, client: Client) -> str:
    """'0007-Lopez-Maria' from a case key and the client's name, safe on every OS."""
    return file_stem(key, client, fallback="letter")


def unique_name(stem: str, taken: set[str]) -> str:
    """`stem`.pdf, or stem-2.pdf, stem-3.pdf…, not yet in `taken` (compared case-blind)."""
    name, n = f"{stem}.pdf", 1
    while name.casefold() in taken:
        n += 1
        name = f"{stem}-{n}.pdf"
    taken.add(name.casefold())
    return name


def write_letters(
    items: Iterable[tuple[str, Case]],
    out_dir: Path,
    as_of: date,
    firm: FirmDetails,
    thresholds: Thresholds | None = None,
    progress: Callable[[int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    failures: list[tuple[str, str]] | None = None,
    adjust: Callable[[str, Case, Analysis], Analysis] | None = None,
    draft: bool = False,
    reserved: Iterable[str] = (),
) -> list[Path]:
    """Write one summary letter per (key, case) into `out_dir`; the paths written.

    `progress(done, file_name)` follows each case; `cancelled()` is checked before each
    one, and the batch stops there with every file written so far complete. A case that
    cannot be analysed or rendered is logged, added to `failures` as (key, reason) when a
    list is given, and skipped. `draft` marks every page DRAFT; `reserved` names files of
    `out_dir` no letter may take (the combined file's name).
    """
    out_dir = Path(out_dir)
    make_folder(out_dir)
    taken: set[str] = {name.casefold() for name in reserved}
    written: list[Path] = []
    done = 0
    for key, case in items:
        if cancelled is not None and cancelled():
            log.info("Letters cancelled after %d of the cases", done)
            break
        name = unique_name(letter_stem(key, case.client), taken)
        try:
            analysis = analyze(case, as_of, thresholds)
            if adjust is not None:  # e.g. leave out the flags a caseworker dismissed
                analysis = adjust(key, case, analysis)
            pdf = render_summary_letter(case, analysis, firm, today=as_of, draft=draft)
            target = out_dir / name
            write_atomically(target, pdf)
        except OSError:
            raise  # a full disk or a folder without write access fails every later case too
        except UnprintableText as exc:  # a refusal, said in the caseworker's words
            log.warning("Letter for case %s refused: %s", key, exc)
            if failures is not None:
                failures.append((key, str(exc)))
        except Exception as exc:  # one broken case must not stop the letters of the others
            log.exception("Letter for case %s failed", key)
            if failures is not None:
                failures.append((key, f"{type(exc).__name__}: {exc}"))
        else:
            written.append(target)
        done += 1
        if progress is not None:
            progress(done, name)
    return written


def combine_letters(letters: Sequence[Path], target: Path, *, duplex: bool = False) -> int:
    """Write the PDFs `letters` one after the other as one file to print, each starting on a
    new page; with `duplex`, a letter of an odd number of pages is followed by a blank page,
    so that each letter starts on the front of a sheet when printed on both sides. Written
    atomically; the number of pages written."""
    writer = PdfWriter()
    for path in letters:
        reader = PdfReader(path)
        writer.append(reader)
        if duplex and len(reader.pages) % 2:
            last = reader.pages[-1].mediabox
            writer.add_blank_page(width=float(last.width), height=float(last.height))
    pages = len(writer.pages)
    buffer = io.BytesIO()
    writer.write(buffer)
    make_folder(Path(target).parent)
    write_atomically(Path(target), buffer.getvalue())
    return pages

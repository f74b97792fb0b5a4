"""Case files in and out: import (each file in its own transaction, duplicates set aside)
and export (every case as one `mmi-case/1` file). One loop each, for the command line and
the window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mmi_desktop.domain.casefile import MAX_FILE_BYTES, dumps_case
from mmi_desktop.domain.model import Client
from mmi_desktop.domain.naming import case_key, file_stem
from mmi_desktop.files import make_folder, write_atomically
from mmi_desktop.services.changes import Change
from mmi_desktop.services.workspace import Workspace
from mmi_desktop.store.importing import (
    Duplicate,
    Imported,
    ImportReport,
    Refused,
    replace_duplicate,
)
from mmi_desktop.store.importing import (
    import_files as _import_files,
)

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]

__all__ = ["Duplicate", "Imported", "ImportReport", "Refused", "ExportReport",
           "export_cases", "export_file_name", "import_files", "replace_one"]


def import_files(
    workspace: Workspace,
    paths: Sequence[str | Path],
    *,
    replace: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    each: Callable[[Imported | Refused | Duplicate], None] | None = None,
) -> tuple[ImportReport, Change]:
    """Import the files; the report, and the change (the cases added or replaced)."""
    report = _import_files(workspace.store, paths, replace=replace, progress=progress,
                           cancelled=cancelled, each=each)
    added = frozenset(i.case_id for i in report.imported if not i.replaced)
    replaced = frozenset(i.case_id for i in report.imported if i.replaced)
    return report, Change(added=added, cases=replaced)


def replace_one(workspace: Workspace, duplicate: Duplicate) -> tuple[Imported, Change]:
    """Update the one case a file duplicates from that file (every change in its history)."""
    done = replace_duplicate(workspace.store, duplicate)
    return done, Change.saved(done.case_id)


def export_file_name(client: Client, case_id: int) -> str:
    """`0012-Ramirez-Jose.json`: safe on every OS, sorted by case number."""
    return file_stem(case_key(case_id), client) + ".json"


@dataclass
class ExportReport:
    folder: str
    written: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one line each: which case, why
    cancelled: bool = False


def export_cases(
    workspace: Workspace,
    folder: str | Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportReport:
    """Write every case as one file in `folder`, each whole or not at all. A damaged case,
    or one too large for import to read back, is left out and named in `failed`."""
    target = Path(folder)
    make_folder(target)
    report = ExportReport(str(target))
    store = workspace.store
    total = store.count()
    damaged: list[Any] = []
    for i, stored in enumerate(store.iter_cases(damaged=damaged)):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        name = export_file_name(stored.case.client, stored.id)
        if progress is not None:
            progress(i, total, name)
        path = target / name
        data = dumps_case(stored.case).encode("utf-8")
        if len(data) > MAX_FILE_BYTES:  # import would refuse it: say so now, not then
            report.failed.append(
                f"case {stored.id}: its file would be {len(data) // (1024 * 1024)} MB, over the "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB that import reads; shorten its notes")
            continue
        try:
            write_atomically(path, data)
        except OSError as exc:
            report.failed.append(f"{path}: {exc.strerror or exc}")
        else:
            report.written.append(str(path))
    report.failed.extend(str(case) for case in damaged)  # every other case was written
    if progress is not None:
        progress(total, total, "")
    return report

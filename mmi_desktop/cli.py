"""The command line: no command opens the window; the commands run without it.

Every error a person can cause (a broken file, a database that cannot be opened) is
printed as a clear message with a non-zero exit status; an unexpected error is logged with
its traceback and reported in one line naming the log. No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from mmi_desktop import __version__, paths
from mmi_desktop.domain.casefile import dumps_case, load_case
from mmi_desktop.domain.errors import CaseError
from mmi_desktop.domain.naming import case_key, file_stem
from mmi_desktop.files import write_atomically
from mmi_desktop.logsetup import setup_logging, unexpected

if TYPE_CHECKING:
    from mmi_desktop.domain.firm import FirmDetails
    from mmi_desktop.domain.model import Case
    from mmi_desktop.domain.thresholds import Thresholds
    from mmi_desktop.store.database import Database
    from mmi_desktop.store.settings import SettingsStore

EXIT_OK, EXIT_REFUSED, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A command used wrongly: the message says how to use it."""


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date as YYYY-MM-DD, got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    db_help = "database file or SQLAlchemy URL (default: the one in your data folder)"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH_OR_URL", help=db_help)

    parser = argparse.ArgumentParser(
        prog="mmi-desktop",
        description="MMI Desktop: case tracking for California workers' compensation. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    parser.add_argument(
        "--demo", action="store_true",
        help="open the window on a separate demo database filled with invented sample cases",
    )
    parser.add_argument(
        "--self-test", action="store_true",
        help="check that this copy works (a database, the sample cases, a letter, the "
        "window and its letter preview) in a temporary folder, then exit; 0 when it passed",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("import", parents=[common], help="import mmi-case/1 files")
    p.add_argument("files", nargs="+", metavar="FILE")

    p = sub.add_parser("export", parents=[common], help="write every case as one case file")
    p.add_argument("-o", "--output", required=True, metavar="DIR")

    p = sub.add_parser(
        "backup", parents=[common], help="a consistent copy, safe while the app is open"
    )
    p.add_argument("-o", "--output", metavar="FILE",
                   help="where to write it (default: a rotating backup next to the database)")

    p = sub.add_parser("restore", parents=[common],
                       help="put a backup in place of the database (the current one is kept)")
    p.add_argument("backup", metavar="BACKUP")

    p = sub.add_parser("analyze", parents=[common], help="print the mmi-analysis/1 JSON of a case")
    p.add_argument("file", nargs="?", metavar="FILE")
    p.add_argument("--case", type=int, metavar="ID", help="a case in the database, not a file")
    p.add_argument("--as-of", type=_date, metavar="DATE", help="analyse as of this day")
    p.add_argument("--lang", choices=["en", "es"], default="en", help="language of the wording")

    p = sub.add_parser("letter", parents=[common], help="write a client summary letter (PDF)")
    p.add_argument("file", nargs="?", metavar="FILE")
    p.add_argument("--case", type=int, metavar="ID", help="a case in the database, not a file")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    p.add_argument("--lang", choices=["en", "es"], help="override the client's language")
    p.add_argument("--as-of", type=_date, metavar="DATE")

    p = sub.add_parser("calendar", parents=[common],
                       help="write deadlines as an iCalendar (.ics) file")
    p.add_argument("--case", type=int, metavar="ID", help="one case (default: every case)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.ics")
    p.add_argument("--as-of", type=_date, metavar="DATE")

    p = sub.add_parser("letters", parents=[common], help="write a letter for every case")
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.add_argument("--as-of", type=_date, metavar="DATE")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        from mmi_desktop.selftest import run_self_test

        return run_self_test()
    if args.command is not None:  # the window sets its log up once it has painted
        setup_logging()
    try:
        if args.command is None:
            return _open_window(args)
        handler = {
            "import": cmd_import, "export": cmd_export, "backup": cmd_backup,
            "restore": cmd_restore,
            "analyze": cmd_analyze, "letter": cmd_letter, "letters": cmd_letters,
            "calendar": cmd_calendar,
        }[args.command]
        return handler(args)
    except CaseError as exc:
        _print_problems(exc)
        return EXIT_REFUSED
    except UsageError as exc:
        print(f"mmi-desktop {args.command}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # the last line of defence: log it, say it in one line
        from mmi_desktop.store.cases import StoreError
        from mmi_desktop.store.database import DatabaseError

        if isinstance(exc, DatabaseError | StoreError):
            print(f"Error: {exc}", file=sys.stderr)
        elif isinstance(exc, OSError):
            print(f"Error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
                  file=sys.stderr)
        else:
            print(unexpected(f"mmi-desktop {args.command or 'window'}", exc), file=sys.stderr)
        return EXIT_ERROR


def _print_problems(exc: CaseError) -> None:
    head = f"{exc.source}: refused" if exc.source else "Refused"
    print(f"{head} ({len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''}):",
          file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)


def _db_target(args: argparse.Namespace) -> str:
    if args.db:
        return str(args.db)
    return str(paths.demo_database() if getattr(args, "demo", False) else paths.default_database())


def _open_db(args: argparse.Namespace) -> Database:
    from mmi_desktop.store.database import open_database

    db = open_database(_db_target(args))
    if db.backup_made:
        print(f"The database was upgraded; the earlier version was kept at {db.backup_made}",
              file=sys.stderr)
    return db


def _open_window(args: argparse.Namespace) -> int:
    target = _db_target(args)
    if args.demo:
        from mmi_desktop.store.cases import CaseStore
        from mmi_desktop.store.samples import load_samples

        db = _open_db(args)
        try:
            store = CaseStore(db)
            if store.count() == 0:
                load_samples(store)
        finally:
            db.close()
    from mmi_desktop.store.dbfile import to_url  # not SQLAlchemy: the window paints first
    from mmi_desktop.ui.app import run_app

    return run_app(to_url(target), title_suffix=" — demo" if args.demo else "")


# ----------------------------------------------------------------------------- commands


def cmd_import(args: argparse.Namespace) -> int:
    from mmi_desktop.store.cases import CaseStore

    db = _open_db(args)
    store = CaseStore(db)
    refused = 0
    try:
        for name in args.files:
            try:
                case = load_case(name)
                (case_id,) = store.import_cases([case])
            except CaseError as exc:
                refused += 1
                _print_problems(exc)
                continue
            print(f"{name}: imported as case {case_id} ({case.client.display_name})")
    finally:
        db.close()
    if refused:
        print(f"{refused} of {len(args.files)} file(s) refused; nothing of them was written.",
              file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from mmi_desktop.store.cases import CaseStore

    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    db = _open_db(args)
    count = 0
    try:
        for stored in CaseStore(db).iter_cases():
            target = out / f"{file_stem(case_key(stored.id), stored.case.client)}.json"
            write_atomically(target, dumps_case(stored.case).encode("utf-8"))
            count += 1
    finally:
        db.close()
    print(f"Exported {count} case(s) to {out}")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from mmi_desktop.store.backups import make_backup
    from mmi_desktop.store.database import online_backup
    from mmi_desktop.store.settings import SettingsStore

    db = _open_db(args)
    try:
        if args.output:
            target = online_backup(db, Path(args.output))
        else:
            target = make_backup(db, SettingsStore(db).backup_keep())
    finally:
        db.close()
    print(f"Backup written to {target}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from mmi_desktop.store.backups import restore
    from mmi_desktop.store.database import sqlite_path, to_url

    target = sqlite_path(to_url(_db_target(args)))
    if target is None:
        raise UsageError("restore works on a SQLite database file")
    moved = restore(Path(args.backup), target)
    if moved:
        print(f"The database that was there was kept as {moved}")
    print(f"Restored {args.backup} to {target}")
    return EXIT_OK


def _case_from_args(args: argparse.Namespace) -> Case:
    if (args.file is None) == (args.case is None):
        raise UsageError("give either a case FILE or --case ID")
    if args.file is not None:
        return load_case(args.file)
    from mmi_desktop.store.cases import CaseStore

    db = _open_db(args)
    try:
        return CaseStore(db).load(args.case).case
    finally:
        db.close()


def _settings(args: argparse.Namespace) -> SettingsStore | None:
    """The database's settings when one is involved (a case from the database, or --db);
    None for a case file on its own, which is analysed with the catalogue's defaults."""
    if getattr(args, "file", None) is not None and not args.db:
        return None
    from mmi_desktop.store.settings import SettingsStore

    return SettingsStore(_open_db(args))


def _firm_and_thresholds(args: argparse.Namespace) -> tuple[FirmDetails, Thresholds | None]:
    from mmi_desktop.domain.firm import FirmDetails

    settings = _settings(args)
    if settings is None:
        return FirmDetails(), None
    try:
        return settings.firm(), settings.thresholds()
    finally:
        settings.db.close()


def cmd_analyze(args: argparse.Namespace) -> int:
    from mmi_desktop.domain.analysis import analyze
    from mmi_desktop.domain.analysis_json import analysis_to_json
    from mmi_desktop.domain.model import Language

    case = _case_from_args(args)
    result = analyze(case, args.as_of or date.today(), _firm_and_thresholds(args)[1])
    json.dump(analysis_to_json(result, Language(args.lang)), sys.stdout, indent=2,
              ensure_ascii=False)
    sys.stdout.write("\n")
    return EXIT_OK


def cmd_letter(args: argparse.Namespace) -> int:
    from mmi_desktop.domain.analysis import analyze
    from mmi_desktop.domain.model import Language
    from mmi_desktop.letters.scripts import UnprintableText
    from mmi_desktop.letters.summary import render_summary_letter

    case = _case_from_args(args)
    as_of = args.as_of or date.today()
    firm, thresholds = _firm_and_thresholds(args)
    result = analyze(case, as_of, thresholds)
    if args.case is not None:  # a stored case: the client is not told of dismissed flags
        from mmi_desktop.store.cases import CaseStore

        db = _open_db(args)
        try:
            result = CaseStore(db).without_dismissed(args.case, case, result)
        finally:
            db.close()
    try:
        pdf = render_summary_letter(
            case, result, firm, Language(args.lang) if args.lang else None, as_of
        )
    except UnprintableText as exc:  # e.g. an emoji in a name: no letter with empty boxes
        print(f"Letter refused: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out, pdf)
    print(f"Letter written to {out}")
    return EXIT_OK


def cmd_letters(args: argparse.Namespace) -> int:
    from mmi_desktop.letters.batch import write_letters
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.settings import SettingsStore

    as_of = args.as_of or date.today()
    db = _open_db(args)
    try:
        settings, store = SettingsStore(db), CaseStore(db)
        items = ((case_key(s.id), s.case) for s in store.iter_cases())
        failures: list[tuple[str, str]] = []
        written = write_letters(
            items, Path(args.output), as_of, settings.firm(), settings.thresholds(),
            adjust=lambda key, case, analysis: store.without_dismissed(int(key), case, analysis),
            failures=failures,
        )
    finally:
        db.close()
    print(f"Wrote {len(written)} letter(s) to {args.output}")
    for key, reason in failures:
        print(f"  case {key} not written: {reason}", file=sys.stderr)
    return EXIT_REFUSED if failures else EXIT_OK


def cmd_calendar(args: argparse.Namespace) -> int:
    from mmi_desktop.calendar_ics import deadlines_to_ics
    from mmi_desktop.domain.analysis import analyze
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.settings import SettingsStore

    as_of = args.as_of or date.today()
    db = _open_db(args)
    try:
        store, thresholds = CaseStore(db), SettingsStore(db).thresholds()
        stored = [store.load(args.case)] if args.case is not None else store.iter_cases()
        data = deadlines_to_ics(
            (s.id, s.case, analyze(s.case, as_of, thresholds)) for s in stored
        )
    finally:
        db.close()
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out, data)
    print(f"Calendar written to {out}")
    return EXIT_OK

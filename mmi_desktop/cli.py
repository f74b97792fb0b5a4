"""The command line: no command opens the window; the commands run without it.

Every error a person can cause (a broken file, a database that cannot be opened) is
printed as a clear message with a non-zero exit status; an unexpected error is logged with
its traceback and reported in one line naming the log. No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mmi_desktop import __version__, paths
from mmi_desktop.domain.casefile import dumps_case, load_case
from mmi_desktop.domain.errors import CaseError
from mmi_desktop.domain.naming import case_key, file_stem
from mmi_desktop.files import make_folder, write_atomically
from mmi_desktop.logsetup import setup_logging, unexpected

if TYPE_CHECKING:
    from mmi_desktop.domain.firm import FirmDetails
    from mmi_desktop.domain.model import Case
    from mmi_desktop.domain.thresholds import Thresholds
    from mmi_desktop.store.database import Database
    from mmi_desktop.store.records import DamagedCase
    from mmi_desktop.store.settings import SettingsStore

EXIT_OK, EXIT_REFUSED, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A command used wrongly: the message says how to use it."""


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date as YYYY-MM-DD, got {text!r}") from None


DRAFT_HELP = ("write it even while the firm's name, phone or signer is missing, with DRAFT "
              "across every page")
DB_HELP = ("database file or SQLAlchemy URL; goes before or after the command "
           "(default: cases.sqlite in your user data folder)")


def _add_db_option(parser: argparse.ArgumentParser, dest: str) -> None:
    """The one definition of --db: on the program (before the command) and on each command
    (after it); `main` takes whichever was given and refuses two different ones."""
    parser.add_argument("--db", dest=dest, metavar="PATH_OR_URL", help=DB_HELP)


def _command(sub: Any, name: str, summary: str, description: str) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(name, help=summary, description=description)
    _add_db_option(p, "db_after_command")
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mmi-desktop",
        description="MMI Desktop: case tracking for California workers' compensation. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_db_option(parser, "db")
    parser.add_argument(
        "--demo", action="store_true",
        help="use a separate demo database filled with invented sample cases",
    )
    parser.add_argument(
        "--self-test", action="store_true",
        help="check that this copy works (a database, the sample cases, a letter, the "
        "window and its letter preview) in a temporary folder, then exit; 0 when it passed",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    as_of_help = "analyse as of this day, YYYY-MM-DD (default: today)"

    p = _command(sub, "import", "import mmi-case/1 files",
                 "Add each case file to the database. A file with any problem is refused "
                 "whole (its problems listed one a line) and the other files go on. A file "
                 "that is the same case as one already there (the same claim number, the "
                 "same ADJ number, or the same client injured on the same day) is not added "
                 "twice: it is refused naming that case, unless --replace is given. Creates "
                 "the database if it is not there.")
    p.add_argument("files", nargs="+", metavar="FILE", help="case files (mmi-case/1 JSON)")
    p.add_argument("--replace", action="store_true",
                   help="update the existing case from a file that duplicates it, every "
                   "changed field kept in the case's history (default: refuse duplicates)")

    p = _command(sub, "export", "write every case as one case file",
                 "Write every case of the database as one mmi-case/1 file in a folder "
                 "(created if missing). A case that cannot be read is reported by number and "
                 "name and skipped; the others are written.")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write to")

    p = _command(sub, "backup", "a consistent copy, safe while the app is open",
                 "Copy the database through SQLite's online backup, safe while the window "
                 "or another command uses it.")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="where to write it (default: a rotating backup next to the database, "
                   "the newest 10 kept); an existing FILE is refused unless --overwrite")
    p.add_argument("--overwrite", action="store_true",
                   help="replace FILE when it already exists (never the database itself)")

    p = _command(sub, "restore", "put a backup in place of the database (the current one is kept)",
                 "Put a backup in place of the database. The backup is checked first (an "
                 "MMI Desktop database, undamaged); the database it replaces is kept beside "
                 "it as ...replaced-<time>.sqlite. Refused while the database is in use.")
    p.add_argument("backup", metavar="BACKUP", help="the backup file to restore")

    p = _command(sub, "analyze", "print the mmi-analysis/1 JSON of a case",
                 "Print the analysis of a case (flags, benefits, deadlines) as mmi-analysis/1 "
                 "JSON, from a case file or from a case in the database.")
    p.add_argument("file", nargs="?", metavar="FILE", help="a case file (or give --case)")
    p.add_argument("--case", type=int, metavar="ID", help="a case in the database, not a file")
    p.add_argument("--as-of", type=_date, metavar="DATE", help=as_of_help)
    p.add_argument("--lang", choices=["en", "es"], default="en",
                   help="language of the wording (default: en)")

    p = _command(sub, "letter", "write a client summary letter (PDF)",
                 "Write the client summary letter of one case as a PDF, from a case file or "
                 "from a case in the database.")
    p.add_argument("file", nargs="?", metavar="FILE", help="a case file (or give --case)")
    p.add_argument("--case", type=int, metavar="ID", help="a case in the database, not a file")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="the PDF to write")
    p.add_argument("--lang", choices=["en", "es"],
                   help="the letter's language (default: the client's language)")
    p.add_argument("--as-of", type=_date, metavar="DATE", help=as_of_help)
    p.add_argument("--draft", action="store_true", help=DRAFT_HELP)

    p = _command(sub, "calendar", "write deadlines as an iCalendar (.ics) file",
                 "Write every deadline as an all-day calendar event with a reminder, as an "
                 "iCalendar file the firm's calendar can import. A case that cannot be read "
                 "is reported and skipped.")
    p.add_argument("--case", type=int, metavar="ID", help="one case (default: every case)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.ics",
                   help="the calendar file to write")
    p.add_argument("--as-of", type=_date, metavar="DATE", help=as_of_help)

    p = _command(sub, "letters", "write a letter for every case",
                 "Write the client summary letter of every case as one PDF each in a folder "
                 "(created if missing). A case that cannot be read is reported and skipped.")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write to")
    p.add_argument("--as-of", type=_date, metavar="DATE", help=as_of_help)
    p.add_argument("--draft", action="store_true", help=DRAFT_HELP)
    p.add_argument("--one-file", metavar="NAME.pdf",
                   help="also put every letter in one PDF to print, each starting on a new "
                   "page (written in DIR unless NAME.pdf names a folder)")
    p.add_argument("--duplex", action="store_true",
                   help="with --one-file: add a blank page after a letter of an odd number of "
                   "pages, so each letter starts on a new sheet when printed on both sides")

    p = _command(sub, "firm", "show or set the firm's details printed on letters",
                 "Set the firm's details that letters print: the letterhead, the phone number "
                 "a client is told to call, and who signs. Each option given replaces that "
                 "detail (an empty value clears it); the others are kept. With no option, "
                 "prints the current details. Letters are refused while the firm's name, "
                 "phone or signer is missing, unless --draft.")
    p.add_argument("--name", help="the firm's name, at the top of each letter")
    p.add_argument("--address", action="append", metavar="LINE",
                   help="a line of the firm's address; repeat for each line")
    p.add_argument("--phone", help="the phone number clients are asked to call")
    p.add_argument("--email", help="the firm's email address")
    p.add_argument("--signer", help="the attorney or caseworker who signs the letters")
    p.add_argument("--signer-title", metavar="TITLE",
                   help="printed under the signer's name, e.g. 'Attorney at Law'")
    p.add_argument("--logo", metavar="FILE",
                   help="an image (PNG, JPEG, GIF or BMP) printed beside the letterhead")
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The parsed command line, with --db taken from before or after the command."""
    args = build_parser().parse_args(argv)
    after = vars(args).pop("db_after_command", None)
    if after is not None:
        if args.db is not None and args.db != after:
            raise UsageError(
                f"--db was given twice, as {args.db} and as {after}: give it once"
            )
        args.db = after
    if args.db is not None and not str(args.db).strip():
        # An empty --db (an unset variable in a script) must not fall back to the default
        # database: the command would act on the caseworker's own cases.
        raise UsageError("--db was given without a path or URL: give the database to use")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse_args(argv)
    except UsageError as exc:
        print(f"mmi-desktop: {exc}", file=sys.stderr)
        return EXIT_ERROR
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
            "calendar": cmd_calendar, "firm": cmd_firm,
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
    except BrokenPipeError:
        # The reader of the output went away (`… | head`): stop quietly. Further writes to
        # stdout, Python's own flush at exit among them, go nowhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
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
    _print_refusal(exc.source, exc.problems)


def _print_refusal(source: str | None, problems: Sequence[object]) -> None:
    """A refused file and its problems, one a line (on stderr)."""
    head = f"{_safe(source)}: refused" if source else "Refused"
    print(f"{head} ({len(problems)} problem{'s' if len(problems) != 1 else ''}):",
          file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)


def _db_target(args: argparse.Namespace) -> str:
    if args.db:
        return str(args.db)
    return str(paths.demo_database() if getattr(args, "demo", False) else paths.default_database())


def _open_db(args: argparse.Namespace, *, create: bool = False) -> Database:
    """The database of the command; only `import` (and the window) may create one."""
    from mmi_desktop.store.database import open_database

    db = open_database(_db_target(args), create=create)
    if db.backup_made:
        print(f"The database was upgraded; the earlier version was kept at {db.backup_made}",
              file=sys.stderr)
    return db


def _open_window(args: argparse.Namespace) -> int:
    target = _db_target(args)
    if args.demo:
        from mmi_desktop.store.cases import CaseStore
        from mmi_desktop.store.samples import load_samples

        db = _open_db(args, create=True)
        try:
            store = CaseStore(db)
            if store.count() == 0:
                load_samples(store)
            _give_demo_firm(db)
        finally:
            db.close()
    from mmi_desktop.store.dbfile import to_url  # not SQLAlchemy: the window paints first
    from mmi_desktop.ui.app import run_app

    return run_app(to_url(target), title_suffix=" — demo" if args.demo else "")


# ----------------------------------------------------------------------------- commands


def cmd_import(args: argparse.Namespace) -> int:
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.importing import Duplicate, Imported, Refused, import_files

    def said(outcome: Imported | Refused | Duplicate) -> None:
        if isinstance(outcome, Imported):
            how = "updated case" if outcome.replaced else "imported as case"
            print(f"{_safe(outcome.path)}: {how} {outcome.case_id} ({outcome.name})")
        elif isinstance(outcome, Refused):
            _print_refusal(outcome.path, outcome.problems)
        else:
            print(f"{_safe(outcome.path)}: not imported: it is {outcome.reason}.",
                  file=sys.stderr)

    db = _open_db(args, create=True)
    try:
        report = import_files(CaseStore(db), args.files, replace=args.replace, each=said)
    finally:
        db.close()
    if report.refused or report.duplicates:
        for line in report.summary():
            print(_safe(line), file=sys.stderr)
        if any(d.replaceable for d in report.duplicates):
            print("To update those cases from their files, import them again with --replace.",
                  file=sys.stderr)
        return EXIT_REFUSED
    print(report.summary()[0])
    return EXIT_OK


def _safe(text: str) -> str:
    """A file name as printed: a control character in it is shown escaped, never sent raw
    to the terminal."""
    return text if text.isprintable() else repr(text)[1:-1]


def cmd_export(args: argparse.Namespace) -> int:
    from mmi_desktop.store.cases import CaseStore

    out = Path(args.output)
    db = _open_db(args)
    make_folder(out)
    count = 0
    damaged: list[DamagedCase] = []
    try:
        for stored in CaseStore(db).iter_cases(damaged=damaged):
            target = out / f"{file_stem(case_key(stored.id), stored.case.client)}.json"
            write_atomically(target, dumps_case(stored.case).encode("utf-8"))
            count += 1
    finally:
        db.close()
    print(f"Exported {count} case(s) to {out}")
    return _skipped(damaged)


def _skipped(damaged: Sequence[object], failed: Sequence[tuple[str, str]] = ()) -> int:
    """Say which cases were left out (one line each, on stderr); 1 when any were."""
    for case in damaged:
        print(f"Left out: {case}.", file=sys.stderr)
    for key, reason in failed:
        print(f"Left out: case {int(key)}: {reason}", file=sys.stderr)
    if damaged or failed:
        n = len(damaged) + len(failed)
        print(f"{n} case{'s were' if n != 1 else ' was'} left out; every other case was "
              "written.", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from mmi_desktop.store.backups import make_backup
    from mmi_desktop.store.database import online_backup
    from mmi_desktop.store.settings import SettingsStore

    db = _open_db(args)
    try:
        if args.output:
            target = online_backup(db, Path(args.output), replace=args.overwrite)
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

    settings = _settings(args)
    if settings is None:
        return _firm_of_own_database(args), None
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
    if not args.draft and _refuse_unsigned(firm, "Letter"):
        return EXIT_REFUSED
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
            case, result, firm, Language(args.lang) if args.lang else None, as_of,
            draft=args.draft,
        )
    except UnprintableText as exc:  # e.g. an emoji in a name: no letter with empty boxes
        print(f"Letter refused: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    out = Path(args.output)
    make_folder(out.parent)
    write_atomically(out, pdf)
    print(f"Letter written to {out}")
    return EXIT_OK


def cmd_letters(args: argparse.Namespace) -> int:
    from mmi_desktop.letters.batch import write_letters
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.settings import SettingsStore

    as_of = args.as_of or date.today()
    out = Path(args.output)
    one_file = _one_file(args, out)
    db = _open_db(args)
    damaged: list[DamagedCase] = []
    failed: list[tuple[str, str]] = []
    try:
        settings, store = SettingsStore(db), CaseStore(db)
        firm = settings.firm()
        if not args.draft and _refuse_unsigned(firm, "Letters"):
            return EXIT_REFUSED
        items = ((case_key(s.id), s.case) for s in store.iter_cases(damaged=damaged))
        written = write_letters(
            items, out, as_of, firm, settings.thresholds(),
            failures=failed,
            adjust=lambda key, case, analysis: store.without_dismissed(int(key), case, analysis),
            draft=args.draft,
            reserved=[one_file.name] if one_file is not None and one_file.parent == out else [],
        )
    finally:
        db.close()
    print(f"Wrote {len(written)} letter(s) to {args.output}")
    if one_file is not None and written:
        from mmi_desktop.letters.batch import combine_letters

        pages = combine_letters(written, one_file, duplex=args.duplex)
        print(f"All {len(written)} in one file to print: {one_file} ({pages} pages)")
    elif one_file is not None:
        print(f"No letter was written, so {one_file} was not made.", file=sys.stderr)
    return _skipped(damaged, failed)


def _one_file(args: argparse.Namespace, out: Path) -> Path | None:
    """Where `letters --one-file` puts the combined PDF: in the letters' folder unless its
    name says a folder; checked before any letter is written."""
    if args.one_file is None:
        if args.duplex:
            raise UsageError("--duplex goes with --one-file NAME.pdf")
        return None
    name = Path(args.one_file)
    if not name.name or name.suffix.lower() != ".pdf":
        raise UsageError(f"--one-file must name a .pdf file, got {args.one_file!r}")
    target = out / name if name.parent == Path(".") else name
    if target.is_dir():
        raise UsageError(f"--one-file names a folder, not a file: {target}")
    return target


def _refuse_unsigned(firm: FirmDetails, what: str) -> bool:
    """Say which firm details a letter cannot go out without are missing, and how to set
    them (on stderr); True when any are."""
    from mmi_desktop.domain.firm import missing_for_letters

    missing = missing_for_letters(firm)
    if missing:
        print(f"{what} refused: the firm's details lack {', '.join(missing)}. Set them with "
              "`mmi-desktop firm --name ... --phone ... --signer ...` (or in the window's "
              "settings), or give --draft for letters marked DRAFT.", file=sys.stderr)
    return bool(missing)


def _firm_of_own_database(args: argparse.Namespace) -> FirmDetails:
    """For a case file given without --db: the firm set in the caseworker's own database
    (as `mmi-desktop firm` sets it), or none when there is no database yet."""
    from mmi_desktop.domain.firm import FirmDetails

    if not Path(_db_target(args)).is_file():
        return FirmDetails()
    from mmi_desktop.store.settings import SettingsStore

    db = _open_db(args)
    try:
        return SettingsStore(db).firm()
    finally:
        db.close()


def _give_demo_firm(db: Database) -> None:
    """The demo database's invented firm, unless a firm was set there."""
    from mmi_desktop.domain.firm import FirmDetails, demo_firm
    from mmi_desktop.store.settings import SettingsStore

    settings = SettingsStore(db)
    if settings.firm() == FirmDetails():
        settings.set_firm(demo_firm())


# What each option of `firm` sets.
FIRM_OPTIONS = {
    "name": "name", "address": "address", "phone": "phone", "email": "email",
    "signer": "signing_attorney", "signer_title": "signer_title", "logo": "logo_path",
}


def cmd_firm(args: argparse.Namespace) -> int:
    from mmi_desktop.domain.firm import FirmDetails, describe_firm, missing_for_letters
    from mmi_desktop.letters.base import logo_problem

    changes = {field: getattr(args, option) for option, field in FIRM_OPTIONS.items()
               if getattr(args, option) is not None}
    if "address" in changes:
        changes["address"] = "\n".join(args.address)
    logo = changes.get("logo_path", "").strip()
    if logo:
        problem = logo_problem(logo)
        if problem:
            _print_refusal("Firm details", [f"Logo: {problem}"])
            return EXIT_REFUSED
        changes["logo_path"] = str(Path(logo).resolve())
    if not changes and not args.db and not Path(_db_target(args)).is_file():
        firm = FirmDetails()  # no database yet: nothing is set
    else:
        firm = _save_firm(args, changes)
        if firm is None:
            return EXIT_REFUSED
    for line in describe_firm(firm):
        print(f"  {line}")
    missing = missing_for_letters(firm)
    if missing:
        print(f"Letters are refused until these are set: {', '.join(missing)} "
              "(or give them --draft).")
    return EXIT_OK


def _save_firm(args: argparse.Namespace, changes: dict[str, str]) -> FirmDetails | None:
    """The firm's details after `changes` (saved), or None when they were refused."""
    from mmi_desktop.domain.firm import FirmError, updated_firm
    from mmi_desktop.letters.scripts import unprintable_firm
    from mmi_desktop.store.settings import SettingsStore

    db = _open_db(args, create=bool(changes))
    try:
        settings = SettingsStore(db)
        firm = settings.firm()
        if changes:
            try:
                firm = updated_firm(firm, changes)
            except FirmError as exc:
                _print_refusal("Firm details", exc.problems)
                return None
            unprintable = unprintable_firm(firm)
            if unprintable:
                _print_refusal("Firm details", unprintable)
                return None
            settings.set_firm(firm)
            print("The firm's details were saved:")
    finally:
        db.close()
    return firm


def cmd_calendar(args: argparse.Namespace) -> int:
    from mmi_desktop.calendar_ics import deadlines_to_ics
    from mmi_desktop.domain.analysis import analyze
    from mmi_desktop.store.cases import CaseStore
    from mmi_desktop.store.settings import SettingsStore

    as_of = args.as_of or date.today()
    db = _open_db(args)
    damaged: list[DamagedCase] = []
    try:
        store, thresholds = CaseStore(db), SettingsStore(db).thresholds()
        stored = ([store.load(args.case)] if args.case is not None
                  else store.iter_cases(damaged=damaged))
        data = deadlines_to_ics(
            (s.id, s.case, analyze(s.case, as_of, thresholds)) for s in stored
        )
    finally:
        db.close()
    out = Path(args.output)
    make_folder(out.parent)
    write_atomically(out, data)
    print(f"Calendar written to {out}")
    return _skipped(damaged)

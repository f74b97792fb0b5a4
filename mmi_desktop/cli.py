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
from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.errors import CaseError
from mmi_desktop.files import make_folder, write_atomically
from mmi_desktop.logsetup import setup_logging, unexpected

if TYPE_CHECKING:
    from mmi_desktop.domain.firm import FirmDetails
    from mmi_desktop.domain.model import Case
    from mmi_desktop.domain.results import Analysis
    from mmi_desktop.services.workspace import Workspace

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
                 "or another command uses it. Of a firm server (--db postgresql://...): a "
                 "consistent snapshot, by pg_dump where installed (any FILE not ending in "
                 ".sqlite), else in the app's SQLite format, which restore and transfer "
                 "read back (the default: in your user data folder).")
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
    _add_firm_server_commands(sub)
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
            "calendar": cmd_calendar, "firm": cmd_firm, **FIRM_SERVER_COMMANDS,
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


def _workspace(args: argparse.Namespace, *, create: bool = False) -> Workspace:
    """The database of the command; only `import` (and the window) may create one."""
    from mmi_desktop.services.workspace import Workspace

    ws = Workspace.open(_db_target(args), create=create)
    if ws.db.backup_made:
        print(f"The database was upgraded; the earlier version was kept at {ws.db.backup_made}",
              file=sys.stderr)
    return ws


def _open_window(args: argparse.Namespace) -> int:
    target = _db_target(args)
    if args.demo:
        from mmi_desktop.store.samples import load_samples

        with _workspace(args, create=True) as ws:
            if ws.store.count() == 0:
                load_samples(ws.store)
            _give_demo_firm(ws)
    from mmi_desktop.store.dbfile import to_url  # not SQLAlchemy: the window paints first
    from mmi_desktop.ui.app import run_app

    return run_app(to_url(target), title_suffix=" — demo" if args.demo else "")


# ----------------------------------------------------------------------------- commands


def cmd_import(args: argparse.Namespace) -> int:
    from mmi_desktop.services.exchange import Duplicate, Imported, Refused, import_files

    def said(outcome: Imported | Refused | Duplicate) -> None:
        if isinstance(outcome, Imported):
            how = "updated case" if outcome.replaced else "imported as case"
            print(f"{_safe(outcome.path)}: {how} {outcome.case_id} ({outcome.name})")
        elif isinstance(outcome, Refused):
            _print_refusal(outcome.path, outcome.problems)
        else:
            print(f"{_safe(outcome.path)}: not imported: it is {outcome.reason}.",
                  file=sys.stderr)

    with _workspace(args, create=True) as ws:
        report, _change = import_files(ws, args.files, replace=args.replace, each=said)
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
    from mmi_desktop.services.exchange import export_cases

    with _workspace(args) as ws:
        report = export_cases(ws, Path(args.output))
    n = len(report.written)
    print(f"Exported {n} case(s) to {args.output}")
    return _left_out((), report.failed)


def _left_out(damaged: Sequence[object], failed: Sequence[str] = ()) -> int:
    """Say which cases were left out (one line each, on stderr); 1 when any were."""
    for case in damaged:
        print(f"Left out: {case}.", file=sys.stderr)
    for line in failed:
        print(f"Left out: {line}", file=sys.stderr)
    if damaged or failed:
        n = len(damaged) + len(failed)
        print(f"{n} case{'s were' if n != 1 else ' was'} left out; every other case was "
              "written.", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from mmi_desktop.services.backups import backup_to, rotating_backup

    with _workspace(args) as ws:
        if args.output:
            target = backup_to(ws, Path(args.output), replace=args.overwrite)
        else:
            target = rotating_backup(ws)
    print(f"Backup written to {target}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from mmi_desktop.services.backups import restore
    from mmi_desktop.store.database import sqlite_path, to_url

    target = sqlite_path(to_url(_db_target(args)))
    if target is None:
        raise UsageError("restore works on a SQLite database file")
    moved, _change = restore(Path(args.backup), target)
    if moved:
        print(f"The database that was there was kept as {moved}")
    print(f"Restored {args.backup} to {target}")
    return EXIT_OK


def _check_case_args(args: argparse.Namespace) -> None:
    if (args.file is None) == (args.case is None):
        raise UsageError("give either a case FILE or --case ID")


def _file_case_workspace(args: argparse.Namespace) -> Workspace | None:
    """The database whose settings a case FILE is analysed with (when --db is given); None:
    the catalogue's defaults."""
    return _workspace(args) if args.db else None


def _analysis_of(args: argparse.Namespace, *, for_client: bool
                 ) -> tuple[Case, Analysis, FirmDetails]:
    """The case of the command (a FILE or a stored --case) and its analysis; for the client,
    a stored case's dismissed flags are left out."""
    from mmi_desktop.services.workspace import analyse_file_case

    _check_case_args(args)
    as_of = args.as_of or date.today()
    if args.case is not None:
        with _workspace(args) as ws:
            case = ws.load(args.case).case
            result = ws.analyse(case, args.case, as_of)
            return case, result.for_client() if for_client else result.analysis, ws.firm()
    case = load_case(args.file)
    ws_or_none = _file_case_workspace(args)
    if ws_or_none is None:
        return case, analyse_file_case(case, as_of), _firm_of_own_database(args)
    with ws_or_none as ws:
        return case, ws.analyse(case, None, as_of).analysis, ws.firm()


def cmd_analyze(args: argparse.Namespace) -> int:
    from mmi_desktop.domain.analysis_json import analysis_to_json
    from mmi_desktop.domain.model import Language

    _case, result, _firm = _analysis_of(args, for_client=False)
    json.dump(analysis_to_json(result, Language(args.lang)), sys.stdout, indent=2,
              ensure_ascii=False)
    sys.stdout.write("\n")
    return EXIT_OK


def cmd_letter(args: argparse.Namespace) -> int:
    from mmi_desktop.domain.model import Language
    from mmi_desktop.letters.scripts import UnprintableText
    from mmi_desktop.services.documents import letter_pdf

    case, result, firm = _analysis_of(args, for_client=True)
    if not args.draft and _refuse_unsigned(firm, "Letter"):
        return EXIT_REFUSED
    try:
        pdf = letter_pdf(case, result, firm, Language(args.lang) if args.lang else None,
                         args.as_of or date.today(), draft=args.draft)
    except UnprintableText as exc:  # e.g. an emoji in a name: no letter with empty boxes
        print(f"Letter refused: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    out = Path(args.output)
    make_folder(out.parent)
    write_atomically(out, pdf)
    print(f"Letter written to {out}")
    return EXIT_OK


def cmd_letters(args: argparse.Namespace) -> int:
    from mmi_desktop.services.documents import letters_batch

    out = Path(args.output)
    one_file = _one_file(args, out)
    with _workspace(args) as ws:
        if not args.draft and _refuse_unsigned(ws.firm(), "Letters"):
            return EXIT_REFUSED
        result = letters_batch(
            ws, out, args.as_of or date.today(), draft=args.draft,
            reserved=[one_file.name] if one_file is not None and one_file.parent == out else [],
        )
    written = result.written
    print(f"Wrote {len(written)} letter(s) to {args.output}")
    if one_file is not None and written:
        from mmi_desktop.letters.batch import combine_letters

        pages = combine_letters(written, one_file, duplex=args.duplex)
        print(f"All {len(written)} in one file to print: {one_file} ({pages} pages)")
    elif one_file is not None:
        print(f"No letter was written, so {one_file} was not made.", file=sys.stderr)
    return _left_out(result.damaged,
                     [f"case {int(key)}: {reason}" for key, reason in result.failures])


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
    with _workspace(args) as ws:
        return ws.firm()


def _give_demo_firm(ws: Workspace) -> None:
    """The demo database's invented firm, unless a firm was set there."""
    from mmi_desktop.services.workspace import give_demo_firm

    give_demo_firm(ws)


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
    with _workspace(args, create=bool(changes)) as ws:
        firm = ws.firm()
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
            ws.save_settings(firm=firm)
            print("The firm's details were saved:")
    return firm


def cmd_calendar(args: argparse.Namespace) -> int:
    from mmi_desktop.services.documents import calendar_entries, calendar_file

    damaged: list[Any] = []
    with _workspace(args) as ws:
        ids = [args.case] if args.case is not None else None
        if ids is not None:
            ws.load(args.case)  # a missing case is an error, not a case left out
        entries = calendar_entries(ws, args.as_of or date.today(), ids, damaged=damaged)
    out = Path(args.output)
    make_folder(out.parent)
    write_atomically(out, calendar_file(entries or []))
    print(f"Calendar written to {out}")
    return _left_out(damaged)


# ---------------------------------------------------------------- the firm server (issue 14)
def _add_firm_server_commands(sub: Any) -> None:
    p = sub.add_parser(
        "server", help="set up the firm's PostgreSQL server and its caseworkers",
        description="The firm's one PostgreSQL database that every PC opens with "
        "--db postgresql://user@host/database. Passwords are never written by MMI Desktop: "
        "give them in the URL, PGPASSWORD or the pgpass file.")
    server = p.add_subparsers(dest="server_command", metavar="SERVER_COMMAND", required=True)
    q = server.add_parser(
        "setup", help="create or upgrade the schema and the roles",
        description="Create the schema on an empty database (or upgrade an older one) and "
        "the roles mmi_caseworker (read and edit cases, dismiss flags) and mmi_admin (also "
        "firm settings and deleting cases), with their rights. Running it again is harmless; "
        "a database of a newer version is refused. Run it as the database's owner.")
    q.add_argument("url", metavar="URL", help="postgresql://user@host/database")
    q = server.add_parser(
        "add-user", help="make a database user a caseworker or admin",
        description="Make NAME a login role of the server (when it is not one yet) in the "
        "group of --role, shown in the audit log by its display name. No password is set: "
        "set it with the server's own tools (psql: \\password NAME).")
    q.add_argument("name", metavar="NAME", help="the database user (lower-case letters, digits, _)")
    q.add_argument("--role", required=True, choices=["caseworker", "admin"])
    q.add_argument("--display-name", metavar="TEXT",
                   help="the name the audit log and History show (default: NAME)")
    _add_db_option(q, "db_after_command")
    q = server.add_parser(
        "backup-pc", help="name the one PC that makes the daily backup",
        description="The window makes a daily backup of the server (in the app's SQLite "
        "format, in the user data folder) on one PC only: this one, or the PC named. An "
        "admin's setting. --none: no PC (the server's own backups are the admin's).")
    q.add_argument("pc", nargs="?", metavar="PC", help="the PC's name (default: this PC)")
    q.add_argument("--none", action="store_true", help="no PC makes the daily backup")
    _add_db_option(q, "db_after_command")

    p = sub.add_parser(
        "transfer", help="move this PC's database to the firm server",
        description="Move every case, the audit log, the flag dismissals and the settings of "
        "the database --db (this PC's file by default) into the database --to (the firm "
        "server, set up with 'server setup'), all or nothing, and print the counts. A "
        "target that already holds cases is refused unless --merge: then a case that is "
        "the same as one there (import's duplicate rules) is left out and named, and the "
        "server's settings are kept. The database --db is only read.")
    p.add_argument("--to", required=True, metavar="URL",
                   help="the database to move into (postgresql://user@host/database)")
    p.add_argument("--merge", action="store_true",
                   help="add to a target that already holds cases (duplicates left out)")
    _add_db_option(p, "db_after_command")


def cmd_server(args: argparse.Namespace) -> int:
    from mmi_desktop.services import firm_server

    if args.server_command == "setup":
        if args.db is not None:
            raise UsageError("server setup takes the server's URL, not --db")
        for line in firm_server.setup(args.url).lines():
            print(line)
        return EXIT_OK
    if args.db is None:
        raise UsageError(f"server {args.server_command} needs --db "
                         "postgresql://user@host/database")
    if args.server_command == "backup-pc":
        if args.none and args.pc:
            raise UsageError("give a PC or --none, not both")
        name = None if args.none else (args.pc or firm_server.this_pc())
        with firm_server.server_workspace(str(args.db)) as ws:
            firm_server.set_backup_pc(ws, name)
        print(f"The daily backup is made by {name}." if name else
              "No PC makes the daily backup.")
        return EXIT_OK
    new = firm_server.add_user(str(args.db), args.name, args.role, args.display_name)
    print(f"{'Added' if new else 'Updated'} {args.name} as {args.role}"
          f" (shown as {(args.display_name or '').strip() or args.name}).")
    return EXIT_OK


def cmd_transfer(args: argparse.Namespace) -> int:
    from mmi_desktop.services.transfer import transfer

    moved, _change = transfer(_db_target(args), args.to, merge=args.merge)
    print(f"Moved {moved.cases} case(s), {moved.audit_rows} audit row(s), "
          f"{moved.dismissals} dismissal(s) and {moved.settings} setting(s) "
          f"from {moved.source} to {moved.target}.")
    if moved.settings_kept:
        print(f"Kept the target's own settings: {', '.join(sorted(moved.settings_kept))}.")
    for case_id, name, matches in moved.duplicates:
        there = ", ".join(f"case {m.case_id}" for m in matches)
        print(f"Left out case {case_id} ({_safe(name)}): the same as {there} there.",
              file=sys.stderr)
    for damaged in moved.damaged:
        print(f"Left out: {damaged}.", file=sys.stderr)
    return EXIT_OK if not moved.duplicates and not moved.damaged else EXIT_REFUSED


FIRM_SERVER_COMMANDS = {"server": cmd_server, "transfer": cmd_transfer}

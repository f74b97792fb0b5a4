"""Read, write and validate case files in the `mmi-case/1` format (see case-format.md).

Reading collects *every* problem with its path before refusing a file, so a caseworker can
fix a file in one pass. `validate_case` checks the rules a valid record keeps and serves the
editors too, which build `Case` objects without a file.
"""

from __future__ import annotations

import json
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from mmi_desktop.domain import fields as declared
from mmi_desktop.domain.errors import CaseError, Problem
from mmi_desktop.domain.model import (
    Address,
    Case,
    Claim,
    Client,
    CombineMethod,
    Impairment,
    InjuryType,
    Language,
    MMIDeclaration,
    Provider,
    ProviderRole,
    PsychSleepSexualException,
    Resolution,
    ResolutionKind,
    Restriction,
    ReturnToWorkOffer,
    ServiceMethod,
    StatusChange,
    TDCapException,
    TDPeriod,
    Treatment,
    TreatmentCategory,
    TreatmentStatus,
    Trend,
    Visit,
)
from mmi_desktop.domain.pdrs import pain_add_on_max

FORMAT = "mmi-case/1"
EARLIEST = date(1900, 1, 1)
# Limits well above any real case (see case-format.md): a case file is a few kilobytes, a
# case with years of visits and notes a few hundred.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DIGITS = 12  # digits before the point of any number, money included
MAX_PLACES = 6  # decimal places of a number (a percentage, a factor); money has two
MAX_MONEY = Decimal(10) ** MAX_DIGITS
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONEY_RE = re.compile(r"^\d+(\.\d{1,2})?$")
_AUTHORIZING = {
    TreatmentStatus.AUTHORIZED,
    TreatmentStatus.MODIFIED,
    TreatmentStatus.IMR_OVERTURNED,
}

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


class _Missing:
    pass


MISSING = _Missing()


# ----------------------------------------------------------------------------- field parsers
# Each parser turns one JSON value into a domain value or raises ValueError with the reason.


def parse_money(value: object) -> Decimal:
    """A money value: a JSON string holding a non-negative decimal with at most two places."""
    if not isinstance(value, str) or not _MONEY_RE.match(value.strip()):
        raise ValueError(
            f"must be an amount in quotes with at most two decimal places, like \"1020.50\"; "
            f"got {_shown(value)}"
        )
    amount = Decimal(value.strip())
    problem = money_problem(amount)
    if problem:
        raise ValueError(problem)
    return amount


def parse_date(value: object) -> date:
    if not isinstance(value, str) or not _DATE_RE.match(value):
        raise ValueError(f"must be a date as YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"is not a real date, got {value!r}") from None


def parse_number(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise ValueError(f"must be a number, got {_shown(value)}")
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"must be a finite number, got {number}")
    if number.adjusted() >= MAX_DIGITS:
        raise ValueError(f"is too large a number ({number.adjusted() + 1} digits)")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_PLACES and number != 0:
        raise ValueError(f"has more than {MAX_PLACES} decimal places, got {_shown(number)}")
    return number


def parse_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError(f"must be a whole number, got {_shown(value)}")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"must be a whole number, got {value}")
        if value.adjusted() >= MAX_DIGITS:
            raise ValueError(f"is too large a number ({value.adjusted() + 1} digits)")
        if value != value.to_integral_value():
            raise ValueError(f"must be a whole number, got {_shown(value)}")
        return int(value)
    if abs(value) >= 10**MAX_DIGITS:
        raise ValueError(f"is too large a number ({len(str(abs(value)))} digits)")
    return value


def parse_bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, got {value!r}")
    return value


def parse_text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be text, got {_shown(value)}")
    return value


def _shown(value: object) -> str:
    """A value as a message quotes it: short, and a number as it was written."""
    text = str(value) if isinstance(value, Decimal) else repr(value)
    return text if len(text) <= 40 else text[:36] + "…" + f" ({len(text)} characters)"


# ----------------------------------------------------------------------------- text rules
# Invisible controls that change the direction of the text around them: in a name or a
# claim number they can make what is shown differ from what is stored.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                           "\u2066\u2067\u2068\u2069")
_CONTROL_NAMES = {"\x00": "NUL", "\x07": "BEL", "\x08": "backspace", "\t": "tab",
                  "\n": "line break", "\r": "carriage return", "\x1b": "ESC",
                  "\x7f": "DEL", "\u2028": "line separator", "\u2029": "paragraph separator",
                  "\u202e": "right-to-left override", "\u200e": "left-to-right mark",
                  "\u200f": "right-to-left mark"}
def text_problem(value: str, multi_line: bool = False) -> str | None:
    """Why a text value is not acceptable, or None. No control characters (a name echoed
    to a terminal or written into a calendar file must be what it shows), no direction
    controls in single-line fields, no half surrogate pairs; a multi-line field keeps its
    line breaks and tabs."""
    if value.isprintable():
        return None
    for ch in value:
        category = unicodedata.category(ch)
        if category == "Cs":
            return f"holds a broken character (U+{ord(ch):04X}, half of a surrogate pair)"
        if multi_line and ch in "\n\r\t":
            continue
        if category == "Cc" or category in ("Zl", "Zp"):
            name = _CONTROL_NAMES.get(ch, "a control character")
            where = "a field of one line" if not multi_line else "this field"
            return f"holds {name} (U+{ord(ch):04X}), which is not allowed in {where}"
        if not multi_line and ch in _BIDI_CONTROLS:
            name = _CONTROL_NAMES.get(ch, "a text direction control")
            return (f"holds an invisible {name} (U+{ord(ch):04X}), which is not allowed in "
                    "a field of one line")
    return None


def text_problems(case: Case) -> list[Problem]:
    """Every text field of `case` that breaks `text_problem`, with its path."""
    out: list[Problem] = []

    def walk(value: object, path: str) -> None:
        if isinstance(value, str):
            problem = text_problem(value, declared.is_multi_line(path))
            if problem:
                out.append(Problem(path, problem))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else key)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")

    walk(case_to_dict(case), "")
    return out


def _enum_parser(enum: type[E]) -> Callable[[object], E]:
    members: dict[str, E] = {m.value: m for m in enum}
    allowed = ", ".join(members)

    def parse(value: object) -> E:
        member = members.get(value) if isinstance(value, str) else None
        if member is None:
            raise ValueError(f"must be one of {allowed}; got {value!r}")
        return member

    return parse


_PARSE_LANGUAGE = _enum_parser(Language)
_PARSE_INJURYTYPE = _enum_parser(InjuryType)
_PARSE_PROVIDERROLE = _enum_parser(ProviderRole)
_PARSE_TREATMENTCATEGORY = _enum_parser(TreatmentCategory)
_PARSE_TREATMENTSTATUS = _enum_parser(TreatmentStatus)
_PARSE_TREND = _enum_parser(Trend)
_PARSE_COMBINEMETHOD = _enum_parser(CombineMethod)
_PARSE_PSYCHEXCEPTION = _enum_parser(PsychSleepSexualException)
_PARSE_TDCAPEXCEPTION = _enum_parser(TDCapException)
_PARSE_RTWOFFER = _enum_parser(ReturnToWorkOffer)
_PARSE_SERVICEMETHOD = _enum_parser(ServiceMethod)
_PARSE_RESOLUTIONKIND = _enum_parser(ResolutionKind)

# ----------------------------------------------------------------------------- reader


class _Reader:
    """Walks a JSON document, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def obj(self, value: object, path: str, allowed: Iterable[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(path, f"must be a group of fields in braces, got {_kind(value)}")
            return None
        known = set(allowed)
        for key in value:
            if key not in known:
                # (a key is named escaped when it holds characters a terminal would act on)
                shown = key if key.isprintable() else repr(key)
                self.problem(_join(path, shown), "is not a field of a case file")
        return value

    def field(
        self,
        data: dict[str, Any],
        path: str,
        key: str,
        parse: Callable[[object], T],
        *,
        required: bool = False,
        default: Any = None,
    ) -> Any:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(_join(path, key), "is required")
                return MISSING
            return default
        try:
            return parse(value)
        except ValueError as exc:
            self.problem(_join(path, key), str(exc))
            return MISSING

    def items(
        self,
        data: dict[str, Any],
        path: str,
        key: str,
        parse_item: Callable[[object, str], T | _Missing],
    ) -> list[T]:
        where = _join(path, key)
        raw = data.get(key)
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.problem(where, f"must be a list, got {_kind(raw)}")
            return []
        out: list[T] = []
        for i, item in enumerate(raw):
            parsed = parse_item(item, f"{where}[{i}]")
            if not isinstance(parsed, _Missing):
                out.append(parsed)
        return out

    def strings(self, data: dict[str, Any], path: str, key: str) -> list[str]:
        def one(value: object, where: str) -> str | _Missing:
            if not isinstance(value, str):
                self.problem(where, f"must be text, got {_kind(value)}")
                return MISSING
            return value

        return self.items(data, path, key, one)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float | Decimal):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _ok(*values: object) -> bool:
    for value in values:
        if value is MISSING:
            return False
    return True


# ----------------------------------------------------------------------------- document -> Case


def _stripped(text: str | None) -> str | None:
    """A schedule number as looked up: " 15.03.01.00 " is 15.03.01.00 (blank: none)."""
    return (text.strip() or None) if isinstance(text, str) else text


def parse_case(document: object, today: date | None = None, *, stored: bool = False) -> Case:
    """Build a Case from a parsed JSON document, or raise CaseError listing every problem.
    `stored`: a document read back from the database, which rules added since it was
    saved (control characters) do not refuse; they are checked when it is saved again."""
    r = _Reader()
    top = r.obj(document, "", declared.CASE.keys)
    if top is None:
        raise CaseError(r.problems)
    fmt = top.get("format")
    if fmt != FORMAT:
        r.problem("format", f"must be {FORMAT!r}, got {fmt!r}")

    client = _client(r, top.get("client"))
    claim = _claim(r, top.get("claim"))
    providers = r.items(top, "", "providers", lambda v, p: _provider(r, v, p))
    treatments = r.items(top, "", "treatments", lambda v, p: _treatment(r, v, p))
    visits = r.items(top, "", "visits", lambda v, p: _visit(r, v, p))
    declarations = r.items(top, "", "mmi_declarations", lambda v, p: _declaration(r, v, p))
    td = r.items(top, "", "temporary_disability", lambda v, p: _td_period(r, v, p))
    notes = r.field(top, "", "notes", parse_text)
    resolution = _resolution(r, top.get("resolution"))

    if client is None or claim is None:
        raise CaseError(r.problems)
    case = Case(
        client=client,
        claim=claim,
        providers=providers,
        treatments=treatments,
        visits=visits,
        mmi_declarations=declarations,
        temporary_disability=td,
        notes=notes if _ok(notes) else None,
        resolution=resolution,
    )
    # Report the record's rules too, even when some parts could not be read, so the person
    # sees every problem at once; references to items that failed to read are not dangling.
    raw_providers = top.get("providers")
    raw_ids = {
        p["id"]
        for p in (raw_providers if isinstance(raw_providers, list) else [])
        if isinstance(p, dict) and isinstance(p.get("id"), str)
    }
    seen = {p.path for p in r.problems}
    semantic = [
        p for p in validate_case(case, today, raw_ids, text_rules=not stored,
                                 future_rule=not stored)
        if p.path not in seen
    ]
    problems = r.problems + semantic
    if problems:
        raise CaseError(problems)
    return case


def _client(r: _Reader, value: object) -> Client | None:
    if value is None:
        r.problem("client", "is required")
        return None
    data = r.obj(value, "client", declared.CLIENT.keys)
    if data is None:
        return None
    first = r.field(data, "client", "first_name", parse_text, required=True)
    last = r.field(data, "client", "last_name", parse_text, required=True)
    dob = r.field(data, "client", "date_of_birth", parse_date)
    lang = r.field(
        data, "client", "language", _PARSE_LANGUAGE, default=Language.EN
    )
    phone = r.field(data, "client", "phone", parse_text)
    email = r.field(data, "client", "email", parse_text)
    address = None
    if data.get("address") is not None:
        a = r.obj(data["address"], "client.address", declared.ADDRESS.keys)
        if a is not None:
            parts = {k: r.field(a, "client.address", k, parse_text) for k in
                     ("line1", "line2", "city", "state", "zip")}
            if _ok(*parts.values()):
                address = Address(**parts)
    return Client(
        first if _ok(first) else "",
        last if _ok(last) else "",
        dob if _ok(dob) else None,
        lang if _ok(lang) else Language.EN,
        phone if _ok(phone) else None,
        email if _ok(email) else None,
        address,
    )


def _claim(r: _Reader, value: object) -> Claim | None:
    if value is None:
        r.problem("claim", "is required")
        return None
    p = "claim"
    data = r.obj(value, p, declared.CLAIM.keys)
    if data is None:
        return None
    fields: dict[str, Any] = dict(
        claim_number=r.field(data, p, "claim_number", parse_text),
        adj_number=r.field(data, p, "adj_number", parse_text),
        injury_type=r.field(
            data, p, "injury_type", _PARSE_INJURYTYPE, default=InjuryType.SPECIFIC
        ),
        date_of_injury=r.field(data, p, "date_of_injury", parse_date, required=True),
        employer=r.field(data, p, "employer", parse_text),
        claims_administrator=r.field(data, p, "claims_administrator", parse_text),
        occupation=r.field(data, p, "occupation", parse_text),
        occupational_group=r.field(data, p, "occupational_group", parse_int),
        average_weekly_wage=r.field(data, p, "average_weekly_wage", parse_money),
        represented=r.field(data, p, "represented", parse_bool, default=True),
        psych_sleep_sexual_exception=r.field(
            data, p, "psych_sleep_sexual_exception", _PARSE_PSYCHEXCEPTION
        ),
        td_cap_exception=r.field(data, p, "td_cap_exception", _PARSE_TDCAPEXCEPTION),
        rtw_offer=r.field(data, p, "rtw_offer", _PARSE_RTWOFFER),
        employer_50_or_more=r.field(data, p, "employer_50_or_more", parse_bool),
    )
    body_parts = r.strings(data, p, "body_parts")
    if not _ok(fields["date_of_injury"]):
        return None
    defaults = {"injury_type": InjuryType.SPECIFIC, "represented": True}
    clean: dict[str, Any] = {k: (v if _ok(v) else defaults.get(k)) for k, v in fields.items()}
    return Claim(body_parts=body_parts, **clean)


def _provider(r: _Reader, value: object, p: str) -> Provider | _Missing:
    data = r.obj(value, p, declared.PROVIDERS.keys)
    if data is None:
        return MISSING
    pid = r.field(data, p, "id", parse_text, required=True)
    name = r.field(data, p, "name", parse_text, required=True)
    specialty = r.field(data, p, "specialty", parse_text)
    role = r.field(data, p, "role", _PARSE_PROVIDERROLE, required=True)
    if not _ok(pid, name, specialty, role):
        return MISSING
    return Provider(id=pid, name=name, role=role, specialty=specialty)


def _status_change(r: _Reader, value: object, p: str) -> StatusChange | _Missing:
    data = r.obj(value, p, declared.HISTORY.keys)
    if data is None:
        return MISSING
    day = r.field(data, p, "date", parse_date, required=True)
    status = r.field(data, p, "status", _PARSE_TREATMENTSTATUS, required=True)
    served = r.field(data, p, "served", parse_date)
    served_by = r.field(data, p, "served_by", _PARSE_SERVICEMETHOD)
    if not _ok(day, status, served, served_by):
        return MISSING
    return StatusChange(day, status, served, served_by)


def _treatment(r: _Reader, value: object, p: str) -> Treatment | _Missing:
    data = r.obj(value, p, declared.TREATMENTS.keys)
    if data is None:
        return MISSING
    fields = dict(
        id=r.field(data, p, "id", parse_text, required=True),
        category=r.field(data, p, "category", _PARSE_TREATMENTCATEGORY, required=True),
        description=r.field(data, p, "description", parse_text, required=True),
        body_part=r.field(data, p, "body_part", parse_text),
        provider=r.field(data, p, "provider", parse_text),
        authorized_visits=r.field(data, p, "authorized_visits", parse_int),
        completed_visits=r.field(data, p, "completed_visits", parse_int),
    )
    history = r.items(data, p, "history", lambda v, q: _status_change(r, v, q))
    if not _ok(*fields.values()):
        return MISSING
    return Treatment(history=history, **fields)


def _visit(r: _Reader, value: object, p: str) -> Visit | _Missing:
    data = r.obj(value, p, declared.VISITS.keys)
    if data is None:
        return MISSING
    day = r.field(data, p, "date", parse_date, required=True)
    provider = r.field(data, p, "provider", parse_text)
    trend = r.field(data, p, "trend", _PARSE_TREND, default=Trend.UNKNOWN)
    note = r.field(data, p, "note", parse_text)
    if not _ok(day, provider, trend, note):
        return MISSING
    return Visit(day, provider, trend, note)


def _impairment(r: _Reader, value: object, p: str) -> Impairment | _Missing:
    data = r.obj(value, p, declared.IMPAIRMENTS.keys)
    if data is None:
        return MISSING
    fields = dict(
        body_part=r.field(data, p, "body_part", parse_text),
        impairment_number=_stripped(r.field(data, p, "impairment_number", parse_text)),
        wpi=r.field(data, p, "wpi", parse_number),
        final_rating=r.field(data, p, "final_rating", parse_number),
        apportionment_pct=r.field(data, p, "apportionment_pct", parse_number),
        fec_factor=r.field(data, p, "fec_factor", parse_number),
        pain_add_on=r.field(data, p, "pain_add_on", parse_number),
        prior_award_pct=r.field(data, p, "prior_award_pct", parse_number),
    )
    if not _ok(*fields.values()):
        return MISSING
    return Impairment(**fields)


def _restriction(r: _Reader, value: object, p: str) -> Restriction | _Missing:
    data = r.obj(value, p, declared.RESTRICTIONS.keys)
    if data is None:
        return MISSING
    text = r.field(data, p, "text", parse_text, required=True)
    body_part = r.field(data, p, "body_part", parse_text)
    permanent = r.field(data, p, "permanent", parse_bool)
    if not _ok(text, body_part, permanent):
        return MISSING
    return Restriction(text, body_part, permanent)


def _declaration(r: _Reader, value: object, p: str) -> MMIDeclaration | _Missing:
    data = r.obj(value, p, declared.DECLARATIONS.keys)
    if data is None:
        return MISSING
    fields = dict(
        id=r.field(data, p, "id", parse_text, required=True),
        date=r.field(data, p, "date", parse_date, required=True),
        provider=r.field(data, p, "provider", parse_text),
        report_received=r.field(data, p, "report_received", parse_date),
        future_medical=r.field(data, p, "future_medical", parse_bool),
        combine=r.field(
            data, p, "combine", _PARSE_COMBINEMETHOD, default=CombineMethod.CVC
        ),
        combine_reason=r.field(data, p, "combine_reason", parse_text),
        pd_percent=r.field(data, p, "pd_percent", parse_number),
        report_date=r.field(data, p, "report_date", parse_date),
    )
    body_parts = r.strings(data, p, "body_parts")
    impairments = r.items(data, p, "impairments", lambda v, q: _impairment(r, v, q))
    restrictions = r.items(data, p, "restrictions", lambda v, q: _restriction(r, v, q))
    if not _ok(*fields.values()):
        return MISSING
    return MMIDeclaration(
        body_parts=body_parts, impairments=impairments, restrictions=restrictions, **fields
    )


def _resolution(r: _Reader, value: object) -> Resolution | None:
    if value is None:
        return None
    p = "resolution"
    data = r.obj(value, p, declared.RESOLUTION.keys)
    if data is None:
        return None
    kind = r.field(data, p, "kind", _PARSE_RESOLUTIONKIND, required=True)
    signed = r.field(data, p, "signed", parse_date)
    approved = r.field(data, p, "approved", parse_date)
    amount = r.field(data, p, "amount", parse_money)
    future = r.field(data, p, "future_medical_open", parse_bool)
    if not _ok(kind, signed, approved, amount, future):
        return None
    return Resolution(kind, signed, approved, amount, future)


def _td_period(r: _Reader, value: object, p: str) -> TDPeriod | _Missing:
    data = r.obj(value, p, declared.TD_PERIODS.keys)
    if data is None:
        return MISSING
    start = r.field(data, p, "start", parse_date, required=True)
    end = r.field(data, p, "end", parse_date)
    if not _ok(start, end):
        return MISSING
    return TDPeriod(start, end)


# ----------------------------------------------------------------------------- rules


_SERVED_STATUSES = frozenset({TreatmentStatus.DENIED, TreatmentStatus.MODIFIED})


def validate_case(
    case: Case, today: date | None = None, other_provider_ids: Iterable[str] = (),
    *, text_rules: bool = True, future_rule: bool = True,
) -> list[Problem]:
    """Every rule of case-format.md that `case` breaks, each with the field's path.

    `other_provider_ids` are ids of providers that exist but could not be read (so a
    reference to them is not reported as dangling). `text_rules` False leaves out the text
    rules (`text_problem`), for a record read back from a database written before them.
    `future_rule` False leaves out "must not be in the future", for a record read back from
    the database: it was checked against the clock of the PC that saved it, and a PC whose
    clock or time zone is behind must still open it.
    """
    today = today or date.today()
    out: list[Problem] = []

    def add(path: str, message: str) -> None:
        out.append(Problem(path, message))

    def check_date(path: str, value: date | None, may_be_future: bool = False) -> None:
        if value is None:
            return
        if value < EARLIEST:
            add(path, f"must not be before 1900, got {value.isoformat()}")
        elif future_rule and not may_be_future and value > today:
            add(path, f"must not be in the future, got {value.isoformat()}")

    def check_pct(path: str, value: Decimal | None) -> None:
        if value is not None and not (0 <= value <= 100):
            add(path, f"must be between 0 and 100, got {value}")

    def check_text(path: str, value: str | None) -> None:
        if value is None or not value.strip():
            add(path, "must not be empty")

    c = case.client
    check_text("client.first_name", c.first_name)
    check_text("client.last_name", c.last_name)
    check_date("client.date_of_birth", c.date_of_birth)
    if c.email and ("@" not in c.email or " " in c.email.strip()):
        add("client.email", f"must be an email address, got {c.email!r}")
    if c.address and c.address.zip and not re.fullmatch(r"\d{5}(-\d{4})?", c.address.zip):
        add("client.address.zip", f"must be a ZIP code like 93728, got {c.address.zip!r}")

    cl = case.claim
    check_date("claim.date_of_injury", cl.date_of_injury)
    if c.date_of_birth and cl.date_of_injury < c.date_of_birth:
        add("claim.date_of_injury", "must not be before the client's date of birth")
    if cl.average_weekly_wage is not None:
        problem = money_problem(cl.average_weekly_wage)
        if problem:
            add("claim.average_weekly_wage", problem)
    if cl.occupational_group is not None and not (100 <= cl.occupational_group <= 599):
        add("claim.occupational_group",
            f"must be a PDRS group number (100-599), got {cl.occupational_group}")
    if not [b for b in cl.body_parts if b.strip()]:
        add("claim.body_parts", "must name at least one body part")
    for i, part in enumerate(cl.body_parts):
        if not part.strip():
            add(f"claim.body_parts[{i}]", "must not be empty")

    provider_ids: set[str] = set()
    for i, prov in enumerate(case.providers):
        check_text(f"providers[{i}].id", prov.id)
        check_text(f"providers[{i}].name", prov.name)
        if prov.id in provider_ids:
            add(f"providers[{i}].id", f"duplicate provider id {prov.id!r}")
        provider_ids.add(prov.id)

    known_ids = provider_ids | set(other_provider_ids)

    def check_ref(path: str, ref: str | None) -> None:
        if ref is not None and ref not in known_ids:
            add(path, f"names no provider in this case: {ref!r}")

    treatment_ids: set[str] = set()
    for i, t in enumerate(case.treatments):
        p = f"treatments[{i}]"
        check_text(f"{p}.id", t.id)
        check_text(f"{p}.description", t.description)
        if t.id in treatment_ids:
            add(f"{p}.id", f"duplicate treatment id {t.id!r}")
        treatment_ids.add(t.id)
        check_ref(f"{p}.provider", t.provider)
        for field_name in ("authorized_visits", "completed_visits"):
            n = getattr(t, field_name)
            if n is not None and n < 0:
                add(f"{p}.{field_name}", f"must not be negative, got {n}")
        if (
            t.authorized_visits is not None
            and t.completed_visits is not None
            and t.completed_visits > t.authorized_visits
            and sum(1 for h in t.history if h.status in _AUTHORIZING) < 2
        ):
            add(
                f"{p}.completed_visits",
                f"{t.completed_visits} is above the {t.authorized_visits} authorized visits "
                "(enter the later authorized figure if more were authorized)",
            )
        previous: date | None = None
        for j, h in enumerate(t.history):
            hp = f"{p}.history[{j}].date"
            check_date(hp, h.date, may_be_future=h.status is TreatmentStatus.SCHEDULED)
            if previous is not None and h.date < previous:
                add(hp, f"is out of date order: {h.date.isoformat()} comes after "
                        f"{previous.isoformat()}")
            previous = h.date
            sp = f"{p}.history[{j}].served"
            check_date(sp, h.served)
            if h.served is not None and h.served < h.date:
                add(sp, "must not be before the date of the decision it serves")
            if h.served_by is not None and h.served is None:
                add(f"{p}.history[{j}].served_by", "needs the date it was served")
            # Only a UR decision is served (its IMR window runs from service). A rule added
            # after records were saved: checked on entry, not on a record read back.
            if (text_rules and (h.served is not None or h.served_by is not None)
                    and h.status not in _SERVED_STATUSES):
                add(sp if h.served is not None else f"{p}.history[{j}].served_by",
                    "is only for a utilization review decision (denied or modified), "
                    f"not for a status of {h.status.value.replace('_', ' ')}")

    for i, v in enumerate(case.visits):
        check_date(f"visits[{i}].date", v.date)
        check_ref(f"visits[{i}].provider", v.provider)

    declaration_ids: set[str] = set()
    for i, m in enumerate(case.mmi_declarations):
        p = f"mmi_declarations[{i}]"
        check_text(f"{p}.id", m.id)
        if m.id in declaration_ids:
            add(f"{p}.id", f"duplicate declaration id {m.id!r}")
        declaration_ids.add(m.id)
        check_ref(f"{p}.provider", m.provider)
        check_date(f"{p}.date", m.date)
        if m.date < cl.date_of_injury:
            add(f"{p}.date", f"MMI date {m.date.isoformat()} is before the date of injury "
                             f"{cl.date_of_injury.isoformat()}")
        check_date(f"{p}.report_received", m.report_received)
        if m.report_received is not None and m.report_received < m.date:
            add(f"{p}.report_received", "must not be before the MMI date")
        check_date(f"{p}.report_date", m.report_date)
        if m.report_date is not None:
            if m.report_date < m.date:
                add(f"{p}.report_date", "must not be before the MMI date the report declares")
            elif m.report_received is not None and m.report_received < m.report_date:
                add(f"{p}.report_received", "must not be before the date of the report")
        check_pct(f"{p}.pd_percent", m.pd_percent)
        if m.combine is CombineMethod.ADD and not (m.combine_reason or "").strip():
            add(f"{p}.combine_reason", "is required when ratings are added instead of combined")
        for j, imp in enumerate(m.impairments):
            q = f"{p}.impairments[{j}]"
            check_pct(f"{q}.wpi", imp.wpi)
            check_pct(f"{q}.final_rating", imp.final_rating)
            check_pct(f"{q}.apportionment_pct", imp.apportionment_pct)
            if imp.fec_factor is not None and not (
                Decimal("1.10") <= imp.fec_factor <= Decimal("1.40")
            ):
                add(f"{q}.fec_factor", f"must be between 1.10 and 1.40, got {imp.fec_factor}")
            check_pct(f"{q}.prior_award_pct", imp.prior_award_pct)
            pain = imp.pain_add_on
            if pain is not None and (
                not 0 <= pain <= pain_add_on_max() or pain != pain.to_integral_value()
            ):
                add(
                    f"{q}.pain_add_on",
                    f"must be a whole number from 0 to {pain_add_on_max()} (% WPI), got {pain}",
                )
        pain_total = sum((i.pain_add_on or Decimal(0) for i in m.impairments), Decimal(0))
        if pain_total > pain_add_on_max():
            add(
                f"{p}.impairments",
                f"pain add-ons total {pain_total} % WPI; one injury allows at most "
                f"{pain_add_on_max()}",
            )
        for j, res in enumerate(m.restrictions):
            check_text(f"{p}.restrictions[{j}].text", res.text)

    resolution = case.resolution
    if resolution is not None:
        check_date("resolution.signed", resolution.signed)
        check_date("resolution.approved", resolution.approved)
        for key in ("signed", "approved"):
            day = getattr(resolution, key)
            if day is not None and day < cl.date_of_injury:
                add(f"resolution.{key}", "must not be before the date of injury")
        if resolution.signed and resolution.approved and resolution.approved < resolution.signed:
            add("resolution.approved", "must not be before the date it was signed")
        if resolution.amount is not None:
            problem = money_problem(resolution.amount)
            if problem:
                add("resolution.amount", problem)

    for i, period in enumerate(case.temporary_disability):
        check_date(f"temporary_disability[{i}].start", period.start)
        check_date(f"temporary_disability[{i}].end", period.end)
        if period.end is not None and period.end < period.start:
            add(f"temporary_disability[{i}].end", "must not be before the start")
        if period.start < cl.date_of_injury:
            add(f"temporary_disability[{i}].start", "must not be before the date of injury")
    if text_rules:
        out.extend(text_problems(case))
    return out


def money_problem(value: Decimal) -> str | None:
    """Why a money amount is not acceptable, or None."""
    if not value.is_finite() or value < 0:
        return f"must be a non-negative amount, got {value}"
    if value >= MAX_MONEY:
        return f"is too large (at most {MAX_MONEY - Decimal('0.01'):,}), got {_shown(value)}"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return f"must have at most two places after the decimal point (cents), got {value}"
    return None


def money_from_text(text: str) -> Decimal:
    """Money typed by a person: '$1,020.5' -> Decimal('1020.50'); ValueError with the reason."""
    cleaned = text.strip().replace("$", "").replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"must be an amount like 1020.00, got {text!r}") from None
    problem = money_problem(value)
    if problem:
        raise ValueError(problem)
    return value.quantize(Decimal("0.01"))


# ----------------------------------------------------------------------------- Case -> document


def _num(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def case_to_dict(case: Case) -> dict[str, Any]:
    """The `mmi-case/1` document of a case, every key present (nulls included) but the
    optional ones (`fields.Field.optional_key`), in the order `fields.py` declares them."""
    return {"format": FORMAT, **_object_dict(declared.CASE, case, skip=("format",))}


def _object_dict(spec: declared.Field, obj: object, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in spec.fields:
        if field.key in skip:
            continue
        value = _encoded(field, getattr(obj, field.key))
        if value is None and field.optional_key:
            continue  # (a file that never used the key is written back as it was read)
        out[field.key] = value
    return out


def _encoded(field: declared.Field, value: Any) -> Any:
    """One field's value as the document holds it."""
    if value is None:
        return None
    kind = field.kind
    if kind is declared.Kind.DATE:
        return value.isoformat()
    if kind is declared.Kind.MONEY:
        return f"{value:.2f}"
    if kind is declared.Kind.NUMBER:
        return _num(value)
    if kind is declared.Kind.ENUM:
        return value.value
    if kind is declared.Kind.TEXTS:
        return list(value)
    if kind is declared.Kind.OBJECT:
        return _object_dict(field, value)
    if kind is declared.Kind.LIST:
        return [_object_dict(field, item) for item in value]
    return value


# ----------------------------------------------------------------------------- text and files


def loads_case(text: str | bytes, today: date | None = None, source: str | None = None) -> Case:
    """Parse the text of a case file; CaseError (with `source`) on any problem."""
    try:
        document = json.loads(text, parse_float=Decimal, parse_int=_json_int,
                              parse_constant=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CaseError([Problem("", f"not a JSON document ({exc})")], source) from None
    except RecursionError:
        raise CaseError([Problem("", "is nested too deeply to be a case file (brackets "
                                     "inside brackets beyond any case's shape)")],
                        source) from None
    try:
        return parse_case(document, today)
    except CaseError as exc:
        raise CaseError(exc.problems, source) from None
    except RecursionError:  # (a list nested hundreds deep inside a field)
        raise CaseError([Problem("", "is nested too deeply to be a case file")],
                        source) from None


def _json_int(text: str) -> int | Decimal:
    """A JSON integer; a long one as a Decimal, which the field's parser then refuses by
    name (Python's int refuses more than 4,300 digits with an error of its own)."""
    return int(text) if len(text) <= 2 * MAX_DIGITS else Decimal(text)


def load_case(path: str | Path, today: date | None = None) -> Case:
    """Read a case file: a regular file of at most MAX_FILE_BYTES (a FIFO, a device or a
    folder is refused at once, never waited on or read without end)."""
    path = Path(path)

    def refuse(reason: str) -> CaseError:
        return CaseError([Problem("", reason)], str(path))

    try:
        # Non-blocking: opening a FIFO must not wait for a writer before it can be refused.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise refuse("is a folder, not a case file") from None
    except OSError as exc:
        raise refuse(f"cannot be read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
            raise refuse(f"is not a regular file ({kind}), so it is not read as a case file")
        if info.st_size > MAX_FILE_BYTES:
            raise refuse(f"is larger than a case file can be ({info.st_size:,} bytes; the "
                         f"limit is {MAX_FILE_BYTES // (1024 * 1024)} MB)")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise refuse(f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:  # (it grew while it was read)
        raise refuse(f"is larger than a case file can be (the limit is "
                     f"{MAX_FILE_BYTES // (1024 * 1024)} MB)")
    return loads_case(data, today, source=str(path))


def dumps_case(case: Case) -> str:
    return json.dumps(case_to_dict(case), indent=1, ensure_ascii=False) + "\n"


def save_case(case: Case, path: str | Path) -> None:
    Path(path).write_text(dumps_case(case), encoding="utf-8")

"""The fields of an `mmi-case/1` record, declared once: key, kind, label and limits.

The reader and writer of `casefile.py` take their key lists and the order of the written
document from here, problems name a field by the label found here ("Date of injury",
"Treatment 1 › Status change 2 › Date"), and the editor's lists take their keys and item
names from here. The order of each object's fields is the order its keys are written in
(a file written by an earlier version is written back exactly as it was read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum, StrEnum
from functools import cache

from mmi_desktop.domain import model


class Kind(StrEnum):
    TEXT = "text"
    DATE = "date"
    MONEY = "money"  # a JSON string with at most two places
    NUMBER = "number"  # a JSON number (a percentage, a factor)
    INT = "int"
    BOOL = "bool"
    ENUM = "enum"
    TEXTS = "texts"  # a list of strings (body parts)
    OBJECT = "object"  # a nested object (an address)
    LIST = "list"  # a list of objects


@dataclass(frozen=True)
class Field:
    """One key of the case format."""

    key: str
    kind: Kind
    label: str
    required: bool = False
    enum: type[Enum] | None = None
    # Written only when it holds a value: keys added after mmi-case/1 was first written, so a
    # file that never used them is written back exactly as it was read.
    optional_key: bool = False
    multi_line: bool = False  # free text that may run over several lines
    # For OBJECT and LIST: the class built and its fields; for LIST (and TEXTS) the name of
    # one item ("Treatment" -> "Treatment 2").
    record: type | None = None
    fields: tuple[Field, ...] = ()
    item: str = ""
    # Limits (numbers): inclusive bounds a valid value keeps.
    low: float | None = None
    high: float | None = None

    def child(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)


def _f(key: str, kind: Kind, label: str, **extra: object) -> Field:
    return Field(key, kind, label, **extra)  # type: ignore[arg-type]


T, D, M, N, W, B, E = (Kind.TEXT, Kind.DATE, Kind.MONEY, Kind.NUMBER, Kind.INT, Kind.BOOL,
                       Kind.ENUM)

ADDRESS = _f("address", Kind.OBJECT, "Address", record=model.Address, fields=(
    _f("line1", T, "Address line 1"),
    _f("line2", T, "Address line 2"),
    _f("city", T, "City"),
    _f("state", T, "State"),
    _f("zip", T, "ZIP code"),
))
CLIENT = _f("client", Kind.OBJECT, "Client", required=True, record=model.Client, fields=(
    _f("first_name", T, "First name", required=True),
    _f("last_name", T, "Last name", required=True),
    _f("date_of_birth", D, "Date of birth"),
    _f("language", E, "Language", enum=model.Language),
    _f("phone", T, "Phone"),
    _f("email", T, "Email"),
    ADDRESS,
))
CLAIM = _f("claim", Kind.OBJECT, "Claim", required=True, record=model.Claim, fields=(
    _f("claim_number", T, "Claim number"),
    _f("adj_number", T, "ADJ number"),
    _f("injury_type", E, "Injury type", enum=model.InjuryType),
    _f("date_of_injury", D, "Date of injury", required=True),
    _f("employer", T, "Employer"),
    _f("claims_administrator", T, "Claims administrator"),
    _f("occupation", T, "Occupation"),
    _f("occupational_group", W, "Occupational group", low=100, high=599),
    _f("average_weekly_wage", M, "Average weekly wage"),
    _f("represented", B, "Represented"),
    _f("body_parts", Kind.TEXTS, "Body parts", item="Body part"),
    _f("psych_sleep_sexual_exception", E, "Psychiatric, sleep or sexual impairment rated",
       enum=model.PsychSleepSexualException, optional_key=True),
    _f("td_cap_exception", E, "TD cap exception", enum=model.TDCapException,
       optional_key=True),
    _f("rtw_offer", E, "Return-to-work offer", enum=model.ReturnToWorkOffer,
       optional_key=True),
    _f("employer_50_or_more", B, "Employer with 50 or more employees", optional_key=True),
))
PROVIDERS = _f("providers", Kind.LIST, "Providers", item="Provider", record=model.Provider,
               fields=(
                   _f("id", T, "ID", required=True),
                   _f("name", T, "Name", required=True),
                   _f("specialty", T, "Specialty"),
                   _f("role", E, "Role", required=True, enum=model.ProviderRole),
               ))
HISTORY = _f("history", Kind.LIST, "Status history", item="Status change",
             record=model.StatusChange, fields=(
                 _f("date", D, "Date", required=True),
                 _f("status", E, "Status", required=True, enum=model.TreatmentStatus),
                 _f("served", D, "Date served", optional_key=True),
                 _f("served_by", E, "Served by", enum=model.ServiceMethod, optional_key=True),
             ))
TREATMENTS = _f("treatments", Kind.LIST, "Treatments", item="Treatment",
                record=model.Treatment, fields=(
                    _f("id", T, "ID", required=True),
                    _f("category", E, "Category", required=True,
                       enum=model.TreatmentCategory),
                    _f("description", T, "Description", required=True),
                    _f("body_part", T, "Body part"),
                    _f("provider", T, "Provider"),
                    _f("authorized_visits", W, "Authorized visits", low=0),
                    _f("completed_visits", W, "Completed visits", low=0),
                    HISTORY,
                ))
VISITS = _f("visits", Kind.LIST, "Visits", item="Visit", record=model.Visit, fields=(
    _f("date", D, "Date", required=True),
    _f("provider", T, "Provider"),
    _f("trend", E, "Trend", enum=model.Trend),
    _f("note", T, "Note", multi_line=True),
))
IMPAIRMENTS = _f("impairments", Kind.LIST, "Impairments", item="Impairment",
                 record=model.Impairment, fields=(
                     _f("body_part", T, "Body part"),
                     _f("impairment_number", T, "Impairment number"),
                     _f("wpi", N, "WPI %", low=0, high=100),
                     _f("final_rating", N, "Final rating %", low=0, high=100),
                     _f("apportionment_pct", N, "Apportionment %", low=0, high=100),
                     _f("fec_factor", N, "FEC factor", optional_key=True, low=1.10, high=1.40),
                     _f("pain_add_on", N, "Pain add-on", optional_key=True, low=0),
                     _f("prior_award_pct", N, "Prior award %", optional_key=True, low=0,
                        high=100),
                 ))
RESTRICTIONS = _f("restrictions", Kind.LIST, "Restrictions", item="Restriction",
                  record=model.Restriction, fields=(
                      _f("text", T, "Restriction", required=True, multi_line=True),
                      _f("body_part", T, "Body part"),
                      _f("permanent", B, "Permanent"),
                  ))
DECLARATIONS = _f("mmi_declarations", Kind.LIST, "MMI declarations", item="MMI declaration",
                  record=model.MMIDeclaration, fields=(
                      _f("id", T, "ID", required=True),
                      _f("date", D, "MMI date", required=True),
                      _f("provider", T, "Provider"),
                      _f("report_received", D, "Report received"),
                      _f("body_parts", Kind.TEXTS, "Body parts", item="Body part"),
                      _f("future_medical", B, "Future medical care"),
                      IMPAIRMENTS,
                      _f("combine", E, "Ratings combined or added", enum=model.CombineMethod),
                      _f("combine_reason", T, "Reason to add", multi_line=True),
                      _f("pd_percent", N, "PD %", low=0, high=100),
                      RESTRICTIONS,
                      _f("report_date", D, "Report date", optional_key=True),
                  ))
TD_PERIODS = _f("temporary_disability", Kind.LIST, "Temporary disability",
                item="TD period", record=model.TDPeriod, fields=(
                    _f("start", D, "Start", required=True),
                    _f("end", D, "End"),
                ))
RESOLUTION = _f("resolution", Kind.OBJECT, "Settlement", record=model.Resolution,
                optional_key=True, fields=(
                    _f("kind", E, "Resolved by", required=True, enum=model.ResolutionKind),
                    _f("signed", D, "Signed"),
                    _f("approved", D, "Approved"),
                    _f("amount", M, "Amount"),
                    _f("future_medical_open", B, "Future medical open"),
                ))
CASE = _f("", Kind.OBJECT, "Case", record=model.Case, fields=(
    _f("format", T, "Format", required=True),
    CLIENT,
    CLAIM,
    PROVIDERS,
    TREATMENTS,
    VISITS,
    DECLARATIONS,
    TD_PERIODS,
    _f("notes", T, "Notes", multi_line=True),
    RESOLUTION,
))

# Sections whose fields are named without the section (their labels say enough alone).
_UNNAMED_SECTIONS = frozenset({"client", "claim"})
_TOKEN = re.compile(r"([^.\[\]]+)((?:\[\d+\])?)")


def at(path: str) -> Field | None:
    """The declaration of a path, with or without indexes: 'treatments[0].history[].date'."""
    return _at(re.sub(r"\[\d*\]", "", path))


@cache
def _at(path: str) -> Field | None:
    field: Field | None = CASE
    for key in path.split(".") if path else []:
        field = field.child(key) if field is not None else None
    return field


def keys_of(path: str) -> tuple[str, ...]:
    """The keys an object at `path` may hold ('' for the document)."""
    field = at(path)
    return field.keys if field is not None else ()


def is_multi_line(path: str) -> bool:
    field = at(path)
    return field is not None and field.multi_line


def label(path: str) -> str:
    """A person's name for a case-format path: 'claim.date_of_injury' -> 'Date of injury',
    'treatments[0].history[1].status' -> 'Treatment 1 › Status change 2 › Status'. A key the
    format does not know is named as written, in quotes."""
    if not path:
        return "The case file"
    parts: list[str] = []
    field: Field | None = CASE
    tokens = _TOKEN.findall(path)
    for n, (key, index) in enumerate(tokens):
        child = field.child(key) if field is not None else None
        if child is None:
            shown = key.replace("_", " ")
            parts.append(f"“{shown}”")
            field = None
            continue
        field = child
        last = n == len(tokens) - 1
        if index:
            number = int(index[1:-1]) + 1
            parts.append(f"{child.item or child.label} {number}")
        elif not (key in _UNNAMED_SECTIONS and not last):
            parts.append(child.label)
    return " › ".join(parts)

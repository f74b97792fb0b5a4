"""The firm's details printed on letters (kept in the database's settings)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from mmi_desktop.paths import resource

# What a person calls each detail (a message names the field by its label).
LABELS = {
    "name": "Firm name",
    "address": "Address",
    "phone": "Phone",
    "email": "Email",
    "signing_attorney": "Signer",
    "signer_title": "Signer's title",
    "logo_path": "Logo",
}
# A letter that goes out without these reads as unsigned or leaves the client no way to call.
REQUIRED_FOR_LETTERS = ("name", "phone", "signing_attorney")
MAX_LENGTH = 500
_PHONE = re.compile(r"[0-9()+\-./ x#]*(?:ext\.?\s*[0-9]+)?", re.IGNORECASE)


@dataclass(frozen=True)
class FirmDetails:
    name: str = ""
    address: str = ""  # one or more lines, separated by newlines
    phone: str = ""
    email: str = ""
    signing_attorney: str = ""  # the attorney or caseworker who signs the letters
    signer_title: str = ""  # e.g. "Attorney at Law", printed under the signer's name
    logo_path: str = ""  # an image file on this PC; empty for none

    def problems(self) -> list[tuple[str, str]]:
        """(field, reason) for each value that cannot be used."""
        out: list[tuple[str, str]] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if len(value) > MAX_LENGTH:
                out.append((f.name, f"is longer than {MAX_LENGTH} characters"))
            elif f.name != "address" and ("\n" in value or "\r" in value):
                out.append((f.name, "must be on one line"))
        if self.email and ("@" not in self.email or " " in self.email.strip()):
            out.append(("email", f"must be an email address, got {self.email!r}"))
        phone = self.phone.strip()
        if phone and (not _PHONE.fullmatch(phone) or sum(c.isdigit() for c in phone) < 7):
            out.append(
                ("phone", f"must be a phone number such as (916) 555-0199, got {self.phone!r}")
            )
        return out

    def to_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> FirmDetails:
        names = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in names and v is not None})


class FirmError(ValueError):
    """Firm details that cannot be saved; `problems` holds one "Label: reason" a line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def missing_for_letters(firm: FirmDetails) -> list[str]:
    """The labels of the details a letter cannot go out without (name, phone, signer) that
    are still blank, in that order; empty when the firm can sign its letters."""
    return [LABELS[name] for name in REQUIRED_FOR_LETTERS if not getattr(firm, name).strip()]


def updated_firm(current: FirmDetails, changes: Mapping[str, str]) -> FirmDetails:
    """`current` with `changes` (field name: new text; empty text clears it), each value
    trimmed; raises FirmError naming each unusable value by its label."""
    unknown = sorted(set(changes) - set(LABELS))
    if unknown:
        raise FirmError([f"{name}: not a firm detail" for name in unknown])
    cleaned = {
        name: value if name == "address" else value.strip() for name, value in changes.items()
    }
    if "address" in cleaned:
        lines = (line.strip() for line in cleaned["address"].splitlines())
        cleaned["address"] = "\n".join(line for line in lines if line)
    firm = replace(current, **cleaned)
    problems = firm.problems()
    if problems:
        raise FirmError([f"{LABELS[name]}: {reason}" for name, reason in problems])
    return firm


def describe_firm(firm: FirmDetails) -> list[str]:
    """The details one a line as 'Label: value' (an address's lines indented below it),
    '(not set)' for a blank one."""
    out: list[str] = []
    width = max(len(label) for label in LABELS.values()) + 1
    for name, label in LABELS.items():
        lines = getattr(firm, name).splitlines() or ["(not set)"]
        out.append(f"{label + ':':<{width}} {lines[0]}")
        out += [f"{'':<{width}} {line}" for line in lines[1:]]
    return out


def demo_firm() -> FirmDetails:
    """The invented firm of the demo database (resources/samples/demo.firm)."""
    text = resource("samples", "demo.firm").read_text(encoding="utf-8")
    return FirmDetails.from_dict(json.loads(text))

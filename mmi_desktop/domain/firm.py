"""The firm's details printed on letters (kept in the database's settings)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class FirmDetails:
    name: str = ""
    address: str = ""  # one or more lines, separated by newlines
    phone: str = ""
    email: str = ""
    signing_attorney: str = ""
    logo_path: str = ""  # an image file on this PC; empty for none

    def problems(self) -> list[tuple[str, str]]:
        """(field, reason) for each value that cannot be used."""
        out: list[tuple[str, str]] = []
        if self.email and ("@" not in self.email or " " in self.email.strip()):
            out.append(("email", f"must be an email address, got {self.email!r}"))
        for f in fields(self):
            if len(getattr(self, f.name)) > 500:
                out.append((f.name, "is longer than 500 characters"))
        return out

    def to_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> FirmDetails:
        names = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in names and v is not None})

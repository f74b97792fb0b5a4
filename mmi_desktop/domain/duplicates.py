"""When a case being imported is one the database already holds: the same claim number, the
same ADJ number, or the same client (name) injured on the same day. Compared without regard
to letter case, spacing, accents, Unicode forms or invisible characters ("wc 1234" is
"WC1234"; "Ana  María" is "ana maria").

One rule for the command line and the window: both ask a `DuplicateIndex` built from the
database's case list."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from mmi_desktop.domain.model import Case


def _plain(text: str | None) -> str:
    """Text as compared: one Unicode form (NFKC: a full-width "Ｗ" is "W"), no invisible
    format characters (a zero-width space pasted from an e-mail), no accents ("José" is
    "Jose": the same client typed on two keyboards), any case."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    kept = "".join(ch for ch in decomposed
                   if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf")
    return unicodedata.normalize("NFKC", kept).casefold()


def _squashed(text: str | None) -> str:
    """A number as compared: no spaces at all, any case."""
    return "".join(_plain(text).split())


def _spaced(text: str | None) -> str:
    """A name as compared: single spaces, any case."""
    return " ".join(_plain(text).split())


@dataclass(frozen=True)
class Match:
    """An existing case that a new one duplicates, and by what."""

    case_id: int
    name: str
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        who = f" ({self.name})" if self.name else ""
        return f"the same case as case {self.case_id}{who}: {' and '.join(self.reasons)}"


@dataclass
class DuplicateIndex:
    """The identifying fields of the cases in a database, to find a new case among them."""

    _claims: dict[str, list[int]] = field(default_factory=dict)
    _adjs: dict[str, list[int]] = field(default_factory=dict)
    _people: dict[tuple[str, str, date], list[int]] = field(default_factory=dict)
    _names: dict[int, str] = field(default_factory=dict)
    newest: int = 0  # the highest case number added: cases after it are not known here

    def add(self, case_id: int, first_name: str, last_name: str, date_of_injury: date,
            claim_number: str | None, adj_number: str | None) -> None:
        self.remove(case_id)
        self.newest = max(self.newest, case_id)
        self._names[case_id] = ", ".join(p for p in (last_name, first_name) if p)
        for index, key in ((self._claims, _squashed(claim_number)),
                           (self._adjs, _squashed(adj_number))):
            if key:
                index.setdefault(key, []).append(case_id)
        person = (_spaced(first_name), _spaced(last_name), date_of_injury)
        self._people.setdefault(person, []).append(case_id)

    def add_case(self, case_id: int, case: Case) -> None:
        c, cl = case.client, case.claim
        self.add(case_id, c.first_name, c.last_name, cl.date_of_injury, cl.claim_number,
                 cl.adj_number)

    def remove(self, case_id: int) -> None:
        if self._names.pop(case_id, None) is None:
            return
        for index in (self._claims, self._adjs, self._people):
            for ids in index.values():
                if case_id in ids:
                    ids.remove(case_id)

    def matches(self, case: Case) -> list[Match]:
        """Every existing case that `case` duplicates, each with its reasons (in id order)."""
        c, cl = case.client, case.claim
        found: dict[int, list[str]] = {}

        def note(ids: Iterable[int], reason: str) -> None:
            for case_id in ids:
                found.setdefault(case_id, []).append(reason)

        if _squashed(cl.claim_number):
            note(self._claims.get(_squashed(cl.claim_number), ()),
                 f"the same claim number ({(cl.claim_number or '').strip()})")
        if _squashed(cl.adj_number):
            note(self._adjs.get(_squashed(cl.adj_number), ()),
                 f"the same ADJ number ({(cl.adj_number or '').strip()})")
        person = (_spaced(c.first_name), _spaced(c.last_name), cl.date_of_injury)
        note(self._people.get(person, ()),
             f"the same client injured on the same day ({cl.date_of_injury:%m/%d/%Y})")
        return [Match(i, self._names.get(i, ""), tuple(found[i])) for i in sorted(found)]

"""A fingerprint of what a flag rests on, so a dismissed flag comes back when that changes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from mmi_desktop.domain.casefile import case_to_dict
from mmi_desktop.domain.model import Case
from mmi_desktop.domain.results import Flag


def evidence_items(document: dict[str, Any], flag: Flag) -> list[Any]:
    """The parts of a case document a flag names: its declaration and its evidence items."""
    items: list[Any] = []
    for declaration in document["mmi_declarations"]:
        if declaration["id"] == flag.declaration:
            items.append({k: declaration[k] for k in ("id", "date", "provider", "body_parts")})
    by_id = {t["id"]: t for t in document["treatments"]}
    by_id.update({p["id"]: p for p in document["providers"]})
    for ref in flag.evidence:
        if ref in by_id:
            items.append(by_id[ref])
        elif ref.startswith("visit:"):
            items.extend(v for v in document["visits"] if v["date"] == ref[len("visit:"):])
        else:
            items.append(ref)
    return items


def evidence_digest(case: Case, flag: Flag, document: dict[str, Any] | None = None) -> str:
    """SHA-256 of the flag's rule and the current state of every item it names."""
    doc = document if document is not None else case_to_dict(case)
    payload = json.dumps([flag.rule, evidence_items(doc, flag)], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()

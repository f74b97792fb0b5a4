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
    treatments = {t["id"]: t for t in document["treatments"]}
    providers = {p["id"]: p for p in document["providers"]}
    declarations = {m["id"]: m for m in document["mmi_declarations"]}
    # Evidence ids as the rules write them (rules/base.py): 't2', 'visit:DATE',
    # 'body_part:NAME', 'provider:ID', 'claim:FIELD', 'declaration:ID:FIELD',
    # 'impairment:ID:INDEX'.
    for ref in flag.evidence:
        kind, _, rest = ref.partition(":")
        if ref in treatments:
            items.append(treatments[ref])
        elif kind == "visit":
            items.extend(v for v in document["visits"] if v["date"] == rest)
        elif kind == "provider":
            items.append(providers.get(rest))
        elif kind == "claim":
            items.append(document["claim"].get(rest))
        elif kind in ("declaration", "impairment"):
            decl_id, _, field = rest.rpartition(":")
            declaration = declarations.get(decl_id, {})
            if kind == "declaration":
                items.append(declaration.get(field))
            else:
                impairments = declaration.get("impairments", [])
                index = int(field) if field.isdigit() else -1
                items.append(impairments[index] if 0 <= index < len(impairments) else None)
        else:  # body parts and anything else: the id itself is the fact
            items.append(ref)
    return items


def evidence_digest(case: Case, flag: Flag, document: dict[str, Any] | None = None) -> str:
    """SHA-256 of the flag's rule and the current state of every item it names."""
    doc = document if document is not None else case_to_dict(case)
    payload = json.dumps([flag.rule, evidence_items(doc, flag)], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()

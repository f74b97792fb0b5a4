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


def evidence_target(ref: str) -> tuple[str, str]:
    """Where an evidence id points in the editor: (kind, item id), kind one of 'treatment',
    'visit', 'provider', 'body_part', 'declaration', 'claim'."""
    kind, _, rest = ref.partition(":")
    if not rest:
        return ("treatment", ref)
    if kind in ("declaration", "impairment"):
        return ("declaration", rest.split(":")[0])
    return (kind, rest)


def evidence_label(ref: str, case: Case) -> str:
    """A short name for an evidence id, as the record names the item."""
    kind, item = evidence_target(ref)
    if kind == "treatment":
        treatment = case.treatment(item)
        return treatment.description if treatment else item
    if kind == "provider":
        provider = case.provider(item)
        return provider.name if provider else item
    if kind == "visit":
        y, m, d = item.split("-") if item.count("-") == 2 else ("", "", "")
        return f"visit of {m}/{d}/{y}" if y else f"visit of {item}"
    if kind == "claim":
        return item.replace("_", " ")
    if kind == "declaration":
        field = ref.split(":")[2] if ref.count(":") >= 2 else ""
        if ref.startswith("impairment:"):
            return f"impairment {int(field) + 1 if field.isdigit() else field} of {item}"
        return f"{item} {field.replace('_', ' ')}".strip()
    return item

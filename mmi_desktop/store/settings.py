"""Settings kept in the database (firm details, rule thresholds): they travel with it."""

from __future__ import annotations

import json
from typing import Any

from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.thresholds import Thresholds
from mmi_desktop.store.analysis_cache import THRESHOLDS_KEY, thresholds_in
from mmi_desktop.store.backups import DEFAULT_KEEP, KEEP_KEY
from mmi_desktop.store.cases import CASEWORKER_NAME_KEY, caseworker_name, now
from mmi_desktop.store.database import Database
from mmi_desktop.store.models import AuditRow, SettingRow

FIRM_KEY = "firm"

class SettingsStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str, default: Any = None) -> Any:
        with self.db.session() as s:
            row = s.get(SettingRow, key)
            return default if row is None else json.loads(row.value)

    def put(self, key: str, value: Any) -> None:
        """Store a value, logging old and new in the audit log (one transaction)."""
        self.put_many({key: value})

    def put_many(self, values: dict[str, Any]) -> None:
        """Store several values in one transaction: all of them or none."""
        with self.db.session() as s:
            for key, value in values.items():
                text = json.dumps(value, ensure_ascii=False, sort_keys=True)
                row = s.get(SettingRow, key)
                old = None if row is None else row.value
                if old == text:
                    continue
                if row is None:
                    s.add(SettingRow(key=key, value=text))
                else:
                    row.value = text
                s.add(AuditRow(at=now(), os_user=caseworker_name(s), case_id=None,
                               action="settings",
                               path=key, old_value=old, new_value=text))

    def firm(self) -> FirmDetails:
        return FirmDetails.from_dict(self.get(FIRM_KEY, {}) or {})

    def set_firm(self, firm: FirmDetails) -> None:
        self.save(firm=firm)

    def save(
        self,
        firm: FirmDetails | None = None,
        thresholds: Thresholds | None = None,
        backup_keep: int | None = None,
    ) -> None:
        """Save any of the firm's details, the thresholds and the number of backups to keep,
        checked first and written in one transaction."""
        values: dict[str, Any] = {}
        if firm is not None:
            problems = firm.problems()
            if problems:
                raise ValueError(
                    "; ".join(f"Firm {f.replace('_', ' ')}: {why}" for f, why in problems)
                )
            values[FIRM_KEY] = firm.to_dict()
        if thresholds is not None:
            values[THRESHOLDS_KEY] = thresholds.to_dict()
        if backup_keep is not None:
            if not 1 <= backup_keep <= 1000:
                raise ValueError(f"Backups to keep: must be 1 to 1000, got {backup_keep}")
            values[KEEP_KEY] = backup_keep
        self.put_many(values)

    def backup_keep(self) -> int:
        return int(self.get(KEEP_KEY, DEFAULT_KEEP))

    def caseworker_name(self) -> str:
        """The name set for this database's caseworker ("" when none: the OS user's is used)."""
        name = self.get(CASEWORKER_NAME_KEY, "")
        return name if isinstance(name, str) else ""

    def set_caseworker_name(self, name: str) -> None:
        """The name the audit log and dismissals give on this SQLite database (on the firm
        server each role has its display name instead)."""
        name = name.strip()
        if len(name) > 200:
            raise ValueError("Your name: at most 200 characters")
        self.put(CASEWORKER_NAME_KEY, name)

    def thresholds(self) -> Thresholds:
        """The firm's premature-MMI rule thresholds (the catalogue's defaults where unset)."""
        with self.db.session() as s:
            return thresholds_in(s)

    def set_thresholds(self, value: Thresholds) -> None:
        self.save(thresholds=value)

"""Settings kept in the database (firm details, rule thresholds): they travel with it."""

from __future__ import annotations

import json
from typing import Any

from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.thresholds import Thresholds
from mmi_desktop.store.analysis_cache import THRESHOLDS_KEY
from mmi_desktop.store.cases import now, os_user
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
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        with self.db.session() as s:
            row = s.get(SettingRow, key)
            old = None if row is None else row.value
            if old == text:
                return
            if row is None:
                s.add(SettingRow(key=key, value=text))
            else:
                row.value = text
            s.add(AuditRow(at=now(), os_user=os_user(), case_id=None, action="settings",
                           path=key, old_value=old, new_value=text))

    def firm(self) -> FirmDetails:
        return FirmDetails.from_dict(self.get(FIRM_KEY, {}) or {})

    def set_firm(self, firm: FirmDetails) -> None:
        problems = firm.problems()
        if problems:
            raise ValueError("; ".join(f"Firm {f.replace('_', ' ')}: {why}" for f, why in problems))
        self.put(FIRM_KEY, firm.to_dict())

    def thresholds(self) -> Thresholds:
        """The firm's premature-MMI rule thresholds (the catalogue's defaults where unset)."""
        return Thresholds.from_dict(self.get(THRESHOLDS_KEY, {}) or {})

    def set_thresholds(self, value: Thresholds) -> None:
        self.put(THRESHOLDS_KEY, value.to_dict())

"""SQLAlchemy 2 typed models of the local store.

A case is kept whole as its `mmi-case/1` document (the format is the contract, so what is
stored is exactly what is imported and exported), beside indexed summary columns that draw
the case list without reading any document.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine

# Name first (the list's order), then every other column the list shows.
LIST_COLUMNS = (
    "last_name", "first_name", "id", "date_of_injury", "claim_number", "adj_number",
    "employer", "language", "stage",
)


class JSONDocument(TypeDecorator[dict[str, Any]]):
    """A JSON document: JSONB on PostgreSQL (the server can look inside it), compact text on
    SQLite (as every schema before 0004 kept it, so an upgrade copies no value). Read
    back as a dict on both; text that is not JSON (a damaged record) raises ValueError."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB  # (not loaded for a file)

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name == "postgresql":
            return value
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None or not isinstance(value, str | bytes):
            return value
        return json.loads(value)


class Base(DeclarativeBase):
    pass


class CaseRow(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200))
    date_of_injury: Mapped[date] = mapped_column(Date)
    claim_number: Mapped[str | None] = mapped_column(String(100))
    adj_number: Mapped[str | None] = mapped_column(String(100))
    employer: Mapped[str | None] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(2))
    stage: Mapped[str] = mapped_column(String(20))
    document: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    analysis_stamp: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        # The case list's columns in list order: the list is read from this index alone,
        # never from the pages that hold the documents (migration 0003).
        Index("ix_cases_list", *LIST_COLUMNS),
        Index("ix_cases_analysis_stamp", "analysis_stamp"),
        # The list's name order, ignoring case: its first page is read from this index
        # (migration 0006, store/case_list.py).
        Index("ix_cases_list_order", text("lower(last_name)"), text("lower(first_name)"), "id"),
        # A case number is never given again, not even the newest's after it was deleted:
        # its History stays its own (migration 0004; a PostgreSQL sequence never goes back).
        {"sqlite_autoincrement": True},
    )


class AuditRow(Base):
    """One change: when, which OS user, which case and field, the old and new values."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    os_user: Mapped[str] = mapped_column(String(200))
    # No foreign key: the trail of a deleted case must survive it.
    case_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    path: Mapped[str] = mapped_column(Text, default="")
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_audit_log_case_id", "case_id"),)


class CaseworkerRow(Base):
    """The name a database role is shown by (audit log, dismissals, History): on the firm
    server each caseworker is a PostgreSQL role (migration 0004)."""

    __tablename__ = "caseworkers"

    role: Mapped[str] = mapped_column(String(63), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))


class SettingRow(Base):
    """Firm details and rule thresholds: they travel with the database."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class FlagRow(Base):
    """A flag of a case's analysis, cached so Needs attention never analyses every case."""

    __tablename__ = "case_flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    flag_key: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(10))
    declaration: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text)
    evidence_digest: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_case_flags_case", "case_id"),
        Index("ix_case_flags_severity", "severity"),
    )


class DeadlineRow(Base):
    """A deadline of a case's analysis, cached and indexed by due date."""

    __tablename__ = "case_deadlines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    declaration: Mapped[str | None] = mapped_column(String(100))
    due: Mapped[date] = mapped_column(Date)
    estimated: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (
        Index("ix_case_deadlines_case", "case_id"),
        Index("ix_case_deadlines_due", "due"),
    )


class DismissalRow(Base):
    """A caseworker's dismissal of a flag: who, when, why, and the evidence it was about."""

    __tablename__ = "flag_dismissals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    flag_key: Mapped[str] = mapped_column(Text)
    evidence_digest: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    os_user: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_flag_dismissals_case", "case_id", "flag_key"),)



# ---------------------------------------------------------------- the agenda (migration 0005)
class AgendaMarkRow(Base):
    """What a caseworker set on an agenda item (a deadline or a follow-up, by its key):
    its owner, a note, and who marked it done and when (null: open)."""

    __tablename__ = "agenda_marks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    done_by: Mapped[str | None] = mapped_column(String(200))
    done_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ux_agenda_marks_item", "case_id", "item_key", unique=True),)


class FollowUpRow(Base):
    """A follow-up a caseworker added by hand; its owner, note and done mark are kept in
    agenda_marks under its key, like any item's."""

    __tablename__ = "agenda_follow_ups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    due: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_agenda_follow_ups_case", "case_id"),
        Index("ix_agenda_follow_ups_due", "due"),
    )

"""The first schema: cases, audit log, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("first_name", sa.String(200), nullable=False),
        sa.Column("last_name", sa.String(200), nullable=False),
        sa.Column("date_of_injury", sa.Date, nullable=False),
        sa.Column("claim_number", sa.String(100)),
        sa.Column("adj_number", sa.String(100)),
        sa.Column("employer", sa.String(300)),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_cases_name", "cases", ["last_name", "first_name"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("os_user", sa.String(200), nullable=False),
        sa.Column("case_id", sa.Integer),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("old_value", sa.Text),
        sa.Column("new_value", sa.Text),
    )
    op.create_index("ix_audit_log_case_id", "audit_log", ["case_id"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_index("ix_audit_log_case_id", "audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_cases_name", "cases")
    op.drop_table("cases")

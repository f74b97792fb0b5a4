"""Analysis cache (flags and deadlines per case) and flag dismissals.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        # Stamp of the analysis the cache rows below were computed with (engine + thresholds);
        # null = never analysed (a case from schema 0001), refreshed at start-up.
        batch.add_column(sa.Column("analysis_stamp", sa.String(64)))
    op.create_table(
        "case_flags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("flag_key", sa.Text, nullable=False),
        sa.Column("rule", sa.String(60), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("declaration", sa.String(100)),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("evidence_digest", sa.String(64), nullable=False),
    )
    op.create_index("ix_case_flags_case", "case_flags", ["case_id"])
    op.create_index("ix_case_flags_severity", "case_flags", ["severity"])
    op.create_table(
        "case_deadlines",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("declaration", sa.String(100)),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("estimated", sa.Boolean, nullable=False),
    )
    op.create_index("ix_case_deadlines_case", "case_deadlines", ["case_id"])
    op.create_index("ix_case_deadlines_due", "case_deadlines", ["due"])
    op.create_table(
        "flag_dismissals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("flag_key", sa.Text, nullable=False),
        sa.Column("evidence_digest", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("os_user", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_flag_dismissals_case", "flag_dismissals", ["case_id", "flag_key"])


def downgrade() -> None:
    op.drop_table("flag_dismissals")
    op.drop_table("case_deadlines")
    op.drop_table("case_flags")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("analysis_stamp")

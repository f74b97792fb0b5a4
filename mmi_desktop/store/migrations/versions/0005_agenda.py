"""The agenda: caseworkers' marks on deadlines and follow-ups (owner, note, done by whom
and when), and follow-ups added by hand.

Written beside migration 0004 and re-pointed to it when the two met on main (two heads
stopped every database from opening). Generic types only: the same migration runs on
PostgreSQL.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agenda_marks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("item_key", sa.String(200), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("done_by", sa.String(200)),
        sa.Column("done_at", sa.DateTime),
    )
    op.create_index("ux_agenda_marks_item", "agenda_marks", ["case_id", "item_key"],
                    unique=True)
    op.create_table(
        "agenda_follow_ups",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_agenda_follow_ups_case", "agenda_follow_ups", ["case_id"])
    op.create_index("ix_agenda_follow_ups_due", "agenda_follow_ups", ["due"])


def downgrade() -> None:
    op.drop_table("agenda_follow_ups")
    op.drop_table("agenda_marks")

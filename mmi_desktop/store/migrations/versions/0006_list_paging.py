"""The case list in name order from an index, so its first page is read without sorting
every case: the list reads what it shows (store/case_list.py).

The list's name order ignores case (lower()), on SQLite and PostgreSQL alike; an index on
the same expressions serves it.

Written against 0005 (the agenda); the lead re-points `down_revision` to the newest
revision on merge if another migration has come in meanwhile.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_cases_list_order", "cases",
        [sa.text("lower(last_name)"), sa.text("lower(first_name)"), "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_cases_list_order", table_name="cases")

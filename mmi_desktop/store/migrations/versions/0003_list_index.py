"""The case list read from one covering index; stale analyses found by index.

The cases table keeps each document beside its summary columns, so reading the list by
scanning the table touched every page (about 30 ms at 10,000 cases); an index holding the
list's columns is read instead (a few ms). The same for the analysis stamp, which the
start-up check for stale analyses scans.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# As in models.LIST_COLUMNS when this revision was written (a migration never changes).
LIST_COLUMNS = [
    "last_name", "first_name", "id", "date_of_injury", "claim_number", "adj_number",
    "employer", "language", "stage",
]


def upgrade() -> None:
    op.drop_index("ix_cases_name", table_name="cases")
    op.create_index("ix_cases_list", "cases", LIST_COLUMNS)
    op.create_index("ix_cases_analysis_stamp", "cases", ["analysis_stamp"])


def downgrade() -> None:
    op.drop_index("ix_cases_analysis_stamp", table_name="cases")
    op.drop_index("ix_cases_list", table_name="cases")
    op.create_index("ix_cases_name", "cases", ["last_name", "first_name"])

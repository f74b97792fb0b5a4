"""The firm server: one schema for SQLite and PostgreSQL.

- cases.document is JSON (JSONB on PostgreSQL, text on SQLite: see models.JSONDocument);
- cases.search_text goes: it was written and never read (the list filters its own rows);
- case numbers are never given again: on SQLite the table is rebuilt with AUTOINCREMENT and
  its counter starts past every number the audit log has seen (deleting the newest case
  let its number, and so its History, pass to the next case); a PostgreSQL sequence never
  goes back;
- the audit log is append-only for everyone, on both engines (a trigger refuses UPDATE and
  DELETE; on PostgreSQL TRUNCATE too);
- caseworkers: the display name of each database role (who the audit log names).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

APPEND_ONLY = "The audit log is append-only: its rows are never changed or removed"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        # Rebuilt (batch mode) with AUTOINCREMENT; the document column keeps its text.
        with op.batch_alter_table("cases", recreate="always",
                                  table_kwargs={"sqlite_autoincrement": True}) as batch:
            batch.drop_column("search_text")
        op.execute(
            "INSERT INTO sqlite_sequence (name, seq) SELECT 'cases', 0 WHERE NOT EXISTS "
            "(SELECT 1 FROM sqlite_sequence WHERE name = 'cases')"
        )
        op.execute(
            "UPDATE sqlite_sequence SET seq = MAX(seq, "
            "(SELECT COALESCE(MAX(id), 0) FROM cases), "
            "(SELECT COALESCE(MAX(case_id), 0) FROM audit_log)) WHERE name = 'cases'"
        )
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )
    else:
        op.drop_column("cases", "search_text")
        op.alter_column("cases", "document", type_=postgresql.JSONB(),
                        postgresql_using="document::jsonb")
        op.execute(
            "CREATE FUNCTION mmi_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION mmi_audit_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION mmi_audit_append_only()"
        )
    op.create_table(
        "caseworkers",
        sa.Column("role", sa.String(63), primary_key=True),
        sa.Column("display_name", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("caseworkers")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute("DROP TRIGGER audit_log_no_delete")
        with op.batch_alter_table("cases", recreate="always") as batch:
            batch.add_column(sa.Column("search_text", sa.Text, nullable=False,
                                       server_default=""))
    else:
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION mmi_audit_append_only()")
        op.alter_column("cases", "document", type_=sa.Text(), postgresql_using="document::text")
        op.add_column("cases", sa.Column("search_text", sa.Text, nullable=False,
                                         server_default=""))

"""The local store: SQLAlchemy over SQLite, Alembic migrations, backups, audit log."""

"""Alembic migrations: the only way the schema changes (tests run them too, never `create_all`)."""

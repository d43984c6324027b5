"""One migration per file, applied in order by Alembic (`strategy-coach db upgrade`)."""

"""The database: engine and sessions, the schema, one module per aggregate (strategies,
workspaces, check-in schedules and claims, reports, processed messages, standings) and the
Alembic migrations. Imports only `bot.domain`; rows never leave this package."""

"""The database: engine and sessions, the schema, one module per aggregate (strategies,
workspaces, check-in schedules and claims, reports, processed messages, standings, installations)
and the Alembic migrations. Imports only `bot.domain` (and slack_sdk's OAuth stores); rows stay."""

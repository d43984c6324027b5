"""Strategy Coach: capabilities (`builder`, `checkins`, `insights`) on shared floors (`people`,
`slack`, `i18n`, `text`, `domain`), `commands` routing `/strategy` to them, `runtime` wiring it
all. What each may import is a contract in pyproject.toml ([tool.importlinter])."""

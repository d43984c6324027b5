"""Strategy Coach: a Slack bot that coaches a team through a social media strategy.

Capabilities (`builder`, `checkins`, `insights`) sit on shared floors (`people`, `slack`, `i18n`,
`text`, `domain`); `commands` routes `/strategy` to them and `runtime` wires it all. The import
rules are contracts in pyproject.toml, checked by `lint-imports`.
"""

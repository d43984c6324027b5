"""What the coach knows of a person: the language to speak to them in (the team's choice, else
their Slack locale). A shared floor above `slack` and `storage`; it imports nothing else of ours
but `domain` and `i18n`, and every capability may use it."""

"""What the coach knows of a person: the language to speak to them in, and who in a channel a
written name means. A shared floor above `slack` and `storage`: it imports those two, `i18n`,
`text` and `domain`, nothing else of ours; every capability may use it."""

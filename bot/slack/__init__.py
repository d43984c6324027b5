"""Slack itself: the Web API wrapper (`client`, the only holder of a `WebClient`), the app's
surface (scopes, events, command), and Block Kit and modal helpers every capability builds with.
Imports `domain`, `i18n` and `text`; everything but `client` is pure."""

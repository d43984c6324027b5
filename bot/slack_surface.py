"""What the app asks of Slack: the single source of truth.

The listener registration code and ``tests/test_manifest.py`` both import these names, so
``manifest.yml`` cannot drift from what the code actually uses. Add a scope or event here
only together with the code that needs it, and update ``manifest.yml`` in the same change.

Why each scope is needed:

- ``channels:history`` / ``groups:history``, with the ``message.channels`` /
  ``message.groups`` events: to receive the users' thread replies to the coach in public and
  private channels.
- ``chat:write``: to post and update the strategy card and its thread.
- ``commands``: the ``/strategy`` slash command.
- ``im:write``: ``conversations.open`` for the weekly check-in's direct message to the owner;
  ``im:history`` with the ``message.im`` event: the owner's answer in that message's thread.
- ``users:read``: ``users.info`` for the owner's time zone (weekly check-in schedule) and,
  with ``include_locale``, the user's locale (English or Norwegian bokmål).
"""

COMMAND = "/strategy"

BOT_SCOPES: tuple[str, ...] = (
    "channels:history",
    "chat:write",
    "commands",
    "groups:history",
    "im:history",
    "im:write",
    "users:read",
)

BOT_EVENTS: tuple[str, ...] = ("message.channels", "message.groups", "message.im")

# Slash commands, events and interactivity all arrive at this one HTTP path.
EVENTS_PATH = "/slack/events"

"""What the app asks of Slack: the single source of truth.

The listener registration code and ``tests/slack/test_manifest.py`` both import these names, so
``manifest.yml`` cannot drift from what the code actually uses. Add a scope or event here
only together with the code that needs it, and update ``manifest.yml`` in the same change.

Why each scope is needed:

- ``channels:history`` / ``groups:history``, with the ``message.channels`` /
  ``message.groups`` events: to receive the users' thread replies to the coach in public and
  private channels; also ``conversations.history`` / ``conversations.replies``, to find a post
  whose answer was lost (a dropped connection) before posting it again (``SlackIO``).
- ``chat:write``: to post and update the strategy card and its thread.
- ``commands``: the ``/strategy`` slash command.
- ``im:write``: the weekly check-in's direct message to the owner, posted to their user id
  (Slack opens the DM), and ``conversations.open`` to look for a DM whose answer was lost;
  ``im:history`` with the ``message.im`` event: the owner's answer in that message's thread,
  and the lookup of a check-in DM whose answer was lost.
- ``app_mentions:read`` with the ``app_mention`` event: ``@Strategy Coach status`` in a
  channel or a thread.
- ``channels:read`` / ``groups:read``: ``conversations.info``, to tell whether a strategy's home
  is a private channel (then its status is shown only there); ``conversations.members``, to
  find the person named without an @-mention as the owner among the channel's members.
- ``files:write``: ``files_upload_v2`` for the status chart and the export.
- ``app_home_opened`` (no scope): publish the Home tab dashboard when someone opens it.
- ``app_uninstalled`` / ``tokens_revoked`` (no scope): stop calling Slack for that workspace
  and start its grace period (handlers/lifecycle.py); Bolt would answer them 404 otherwise.
- ``users:read``: ``users.info`` for the owner's time zone (weekly check-in schedule) and,
  with ``include_locale``, the user's locale (English or Norwegian bokmål); ``users.list`` for
  the names of a channel's members, to match a name written without an @-mention; with it,
  the ``user_change`` event: an owner's new time zone or locale, kept so that no check-in has
  to ask ``users.info`` (bot/checkins/owners.py).
"""

COMMAND = "/strategy"

BOT_SCOPES: tuple[str, ...] = (
    "app_mentions:read",
    "channels:history",
    "channels:read",
    "chat:write",
    "commands",
    "files:write",
    "groups:history",
    "groups:read",
    "im:history",
    "im:write",
    "users:read",
)

BOT_EVENTS: tuple[str, ...] = (
    "app_home_opened",
    "app_mention",
    "app_uninstalled",
    "message.channels",
    "message.groups",
    "message.im",
    "tokens_revoked",
    "user_change",
)

# Slash commands, events and interactivity all arrive at this one HTTP path.
EVENTS_PATH = "/slack/events"

# The `type` of the interactivity payloads Slack sends (form-encoded, as `payload=`): buttons,
# menus, modals, shortcuts and the legacy kinds. Each carries a team and a user.
INTERACTION_TYPES: frozenset[str] = frozenset(
    {
        "block_actions",
        "block_suggestion",
        "view_submission",
        "view_closed",
        "shortcut",
        "message_action",
        "interactive_message",
        "dialog_submission",
    }
)

"""A message as its writer typed it, with the people it mentions by name.

Slack sends a mention as `<@U123>` with no name; where the text is stored (a mission, a content
idea), "@Kari" reads better than an id, so each person mentioned is asked of Slack
(`users.info`), at most `MAX_LOOKUPS` a message. When Slack can't say, the id stays
(bot/text/slack_text_in.py).
"""

from __future__ import annotations

from bot.slack.client import SlackIO
from bot.text.slack_text_in import as_typed, unnamed_people

MAX_LOOKUPS = 5  # a pasted list of mentions must not become a burst of calls


def typed_text(slack: SlackIO, slack_text: str) -> str:
    """`slack_text` decoded, the people it mentions by their names."""
    names: dict[str, str] = {}
    for user_id in unnamed_people(slack_text)[:MAX_LOOKUPS]:
        name = slack.user(user_id).name
        if name:
            names[user_id] = name
    return as_typed(slack_text, names)

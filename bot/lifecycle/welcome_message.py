"""The coach's first direct message to the person who installed it: what it does, how to
start. Pure: sentences from the catalogue, Block Kit dicts."""

from __future__ import annotations

from bot.i18n.catalogue import Translator
from bot.slack.blocks import section


def welcome_message(tr: Translator) -> tuple[str, list[dict]]:
    """(fallback text, blocks) of the installer's welcome."""
    hello = tr("Thanks for adding Strategy Coach to your workspace! :wave:")
    lines = [
        hello,
        tr(
            "I help a team turn a marketing strategy into goals, metrics and owners, then ask "
            "each owner for a short check-in every week and show where the strategy stands."
        ),
        tr(
            "*How to start:* invite me to the channel where your team works with "
            "`/invite @Strategy Coach`, then type `/strategy` there and I'll walk you through "
            "your first strategy."
        ),
        tr("Type `/strategy help` any time to see everything I can do."),
    ]
    return hello, [section(line) for line in lines]

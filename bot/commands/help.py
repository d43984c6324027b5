"""What `/strategy help` says, and the answer to a subcommand nobody knows. Pure."""

from __future__ import annotations

from bot.i18n.catalogue import Translator
from bot.slack.blocks import fallback_text, notice, section
from bot.text.user_text import escape


def help_message(tr: Translator) -> tuple[str, list[dict]]:
    lines = [
        tr("*What I can do*"),
        tr("• `/strategy` — start a strategy in this channel, or show where it stands"),
        tr(
            "• `/strategy edit goals|mission|measurement|responsibility|benefits` — "
            "reopen a step in the thread"
        ),
        tr("• `/strategy status [name]` — where the strategy stands, with a chart, for everyone"),
        tr("• `/strategy export` — the reports as CSV and the strategy as Markdown, in a DM"),
        tr("• `/strategy checkin` — the owner reports this week's numbers now"),
        tr("• `/strategy pause [until <date>]` — stop the weekly check-ins for a while"),
        tr("• `/strategy resume` — start the weekly check-ins again"),
        tr("• `/strategy schedule <weekday> <time>` — move the weekly check-in"),
        tr("• `/strategy owner @someone` — hand the weekly check-ins over"),
        tr("• `/strategy language en|nb` — set the team's language"),
        tr("• `/strategy help` — this list"),
    ]
    return fallback_text(tr("What I can do with /strategy")), [section("\n".join(lines))]


def unknown_command(typed: str, tr: Translator) -> tuple[str, list[dict]]:
    """The help list, introduced by a line saying the subcommand is unknown."""
    text, block_list = help_message(tr)
    unknown = tr("I don't know `{command}`. This is what I can do:", command=escape(typed))
    return text, [notice(unknown)[1][0], *block_list]

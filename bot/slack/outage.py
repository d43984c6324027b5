"""What the coach says when its database can't be reached. Pure: the language comes from the
person's Slack locale (the database that knows their chosen language is the one that is away)."""

from __future__ import annotations

from bot.i18n.catalogue import language_for_locale, translator
from bot.slack.blocks import plain, section


def database_unreachable(locale: str | None) -> str:
    tr = translator(language_for_locale(locale))
    return tr("The coach can't reach its database right now; try again in a minute.")


def unreachable_modal(locale: str | None) -> dict:
    """The same sentence as a small modal, for a click that has no message to answer under."""
    return {
        "type": "modal",
        "title": plain("Strategy Coach"),
        "blocks": [section(database_unreachable(locale))],
    }

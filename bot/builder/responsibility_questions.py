"""Step 4's questions: who reports and when, and the ready-made answers offered with them.
Pure; bot/builder/questions.py asks them."""

from __future__ import annotations

from collections.abc import Callable

from bot.domain.model import Strategy
from bot.i18n.catalogue import Translator


def ask_responsibility(strategy: Strategy, tr: Translator) -> str:
    return tr(
        "Social media spans customer service, marketing and sales, so someone has to own it; "
        "clear goals and weekly numbers make that work visible. Who reports the numbers every "
        "week, and when? Mention the person and give a weekday and time, like @Kari Tuesday "
        "10:00. Reply ok for <@{user}> on Mondays at 09:00, in their own time zone.",
        user=strategy.owner_id or strategy.started_by,
    )


# The open question by `conversation.awaiting`, and its answer buttons (label, reply).
ASKS: dict[str, Callable[[Strategy, Translator], str]] = {
    "responsibility": ask_responsibility,
}
CHOICES: dict[str, Callable[[Strategy, Translator], list[tuple[str, str]]]] = {}

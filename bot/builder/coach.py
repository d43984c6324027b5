"""The coach's decisions: given a strategy and what the user said, what is saved and what is said.

No Slack and no SQL here. Each entry point changes the `Strategy` it is given (the caller saves
it) and returns an `Outcome`: the lines to say in the thread, whether to ask the open question
again, and whether the strategy was just completed. A reply goes to the step that asked
(`goals_step.py`, `steps.py`); moving between steps is `moves.py`.
"""

from __future__ import annotations

import datetime as dt

from bot.builder import removals, responsibility_step
from bot.builder.goals_step import (
    add_goal,
    on_goal,
    on_goal_check,
    on_goal_details,
    on_goal_type,
    set_aside,
    set_aside_note,
)
from bot.builder.moves import Outcome, back, begin, reopen, skip
from bot.builder.steps import (
    on_benefits,
    on_metrics,
    on_metrics_remove,
    on_mission,
    set_metrics,
)
from bot.domain.model import Strategy
from bot.i18n.catalogue import Translator
from bot.text.hesitation import is_later
from bot.text.reply_text import is_back, is_skip

__all__ = [
    "Outcome",
    "add_goal",
    "back",
    "begin",
    "on_reply",
    "reopen",
    "set_metrics",
    "skip",
]


def on_reply(
    strategy: Strategy, text: str, today: dt.date, tr: Translator, as_sent: str | None = None
) -> Outcome:
    """A reply in the thread from someone allowed to answer. `text` is what they typed (Slack's
    encoding undone, bot/text/slack_text_in.py); `as_sent` is Slack's text, with its mentions'
    user ids, for the responsibility step, which reads the owner from them."""
    conversation = strategy.conversation
    if conversation.step is None:
        return Outcome(ask=False)
    # Typed, the buttons' words do what the buttons do, whatever the question was; only while a
    # goal is half-built, "later" answers its question (today's value can wait, the rest
    # can't) and "back" drops that goal rather than leaving the first step.
    drafting = conversation.awaiting in ("goal_details", "goal_check", "goal_type")
    if is_skip(text) and not (drafting and is_later(text)):
        note = set_aside_note(strategy, tr)
        outcome = skip(strategy, tr)
        if note:
            outcome.said.insert(0, note)
        return outcome
    if is_back(text):
        return set_aside(strategy, tr) if drafting else back(strategy, tr)
    handler = _REPLY_HANDLERS.get(conversation.awaiting)
    if handler is None:  # an unknown state from an older version: start the step over
        return reopen(strategy, conversation.step, tr)
    if as_sent is not None and conversation.awaiting in responsibility_step.HANDLERS:
        text = as_sent
    return handler(strategy, text.strip(), today, tr)


_REPLY_HANDLERS = {
    "goal": on_goal,
    "goal_more": on_goal,
    "goal_details": on_goal_details,
    "goal_type": on_goal_type,
    "goal_check": on_goal_check,
    "mission": on_mission,
    "mission_shorten": on_mission,
    "metrics": on_metrics,
    removals.GOAL_REMOVE: removals.on_goal_remove,
    removals.METRICS_REMOVE: on_metrics_remove,
    **responsibility_step.HANDLERS,
    "benefits": on_benefits,
    "benefits_concrete": on_benefits,
}

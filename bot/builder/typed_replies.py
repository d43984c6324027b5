"""A reply in the strategy's thread as its writer typed it (bot/text/slack_text_in.py).

A person mentioned as a bare `<@U123>` is named by Slack (`users.info`) only when the reply
will be read as text: it is in the strategy's thread, from someone who may answer, and the
open question is not the responsibility step's (that step reads the owner's id from Slack's
markup, and its own lookups must not share a failing Slack with these). The strategy is read
without a lock, before the locked read that decides: should the question change in between,
a name is missing ("@U123") or was asked for nothing, never wrong.
"""

from __future__ import annotations

from bot.builder import responsibility_step
from bot.domain.actor import Actor
from bot.people.typed_text import typed_text
from bot.slack.client import SlackIO
from bot.text.slack_text_in import as_typed, unnamed_people
from storage import strategies
from storage.db import SessionFactory


def reply_as_typed(
    sessions: SessionFactory, slack: SlackIO, actor: Actor, thread_ts: str, text: str
) -> str:
    """`text` as Slack sent it, decoded; the people it mentions by name where they are kept."""
    if not unnamed_people(text):
        return as_typed(text)
    with sessions.begin() as session:
        strategy = strategies.strategy_in_channel(session, actor.team_id, actor.channel_id)
    wanted = (
        strategy is not None
        and strategy.thread_ts == thread_ts
        and strategy.may_answer(actor.user_id)
        and strategy.conversation.step is not None
        and strategy.conversation.awaiting not in responsibility_step.HANDLERS
    )
    return typed_text(slack, text) if wanted else as_typed(text)

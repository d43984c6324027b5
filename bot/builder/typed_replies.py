"""A reply in a strategy's channel: whether it may be an answer, and if so as its writer typed
it (bot/text/slack_text_in.py).

Looked at without a lock (`storage.db.quick_read`, one small read: bot/domain/dialogue_thread.py)
before the locked transaction that decides: most replies in a channel are not answers to the
coach, and on SQLite a lock is the whole database's, which every other request's work and the
check-ins wait for. A reply dropped here is one the locked read would have dropped too: another
thread, a writer who may not answer, no question open.

A person mentioned as a bare `<@U123>` is named by Slack (`users.info`) only when the reply
will be read as text: it may be an answer and the open question is not the responsibility
step's (that step reads the owner's id from Slack's markup, and its own lookups must not share a
failing Slack with these). Should the question change between this look and the locked read, a
name is missing ("@U123") or was asked for nothing, never wrong.
"""

from __future__ import annotations

from bot.builder import responsibility_step
from bot.domain.actor import Actor
from bot.people.typed_text import typed_text
from bot.slack.client import SlackIO
from bot.text.slack_text_in import as_typed, unnamed_people
from storage.db import SessionFactory, quick_read
from storage.dialogue_threads import dialogue_thread


def reply_as_typed(
    sessions: SessionFactory, slack: SlackIO, actor: Actor, thread_ts: str, text: str
) -> str | None:
    """`text` as Slack sent it, decoded, with the people it mentions by name where they are
    kept; None when it can't be an answer to the coach (nothing locked, nothing asked)."""
    with quick_read(sessions) as session:
        thread = dialogue_thread(session, actor.team_id, actor.channel_id)
    if thread is None or not thread.waits_for(actor.user_id, thread_ts):
        return None
    if unnamed_people(text) and thread.awaiting not in responsibility_step.HANDLERS:
        return typed_text(slack, text)
    return as_typed(text)

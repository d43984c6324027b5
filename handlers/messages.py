"""Replies in a strategy's thread, and the owner's answers in a check-in's DM thread. Every
subscribed message event is handled (an unhandled one would get a 404 and be retried by Slack);
only thread replies by people reach the coach."""

from __future__ import annotations

from slack_bolt import App, BoltContext

from bot.text.command_words import asks_for_status
from handlers.database_guard import rides_out_outages
from handlers.payloads import event_actor
from handlers.services import services

# A reply also sent to the channel, or one with a file attached, is still an answer.
_ANSWER_SUBTYPES = (None, "thread_broadcast", "file_share")


def register(app: App) -> None:
    app.event("message")(thread_message)


@rides_out_outages  # acked before it runs: a short database outage is waited out
def thread_message(event: dict, context: BoltContext) -> None:
    thread_ts, ts = event.get("thread_ts"), event.get("ts")
    if event.get("subtype") not in _ANSWER_SUBTYPES or event.get("bot_id"):
        return  # edits, deletions, joins and bots are not answers
    if not thread_ts or thread_ts == ts:
        return  # top-level messages are not answers
    actor = event_actor(event, context)
    if not (actor.user_id and actor.channel_id and ts):
        return
    text = str(event.get("text") or "")
    in_dm = event.get("channel_type") == "im"
    if not in_dm and asks_for_status(text, context.bot_user_id):
        return  # "@Strategy Coach status" in a thread is a request (handlers/mentions.py)
    found = services(context)
    if in_dm:  # the owner answering a weekly check-in (Slack sends no app_mention in DMs)
        found.answers.report(actor, thread_ts, ts, text, found.now())
    else:
        found.builder.thread_reply(actor, thread_ts, ts, text)

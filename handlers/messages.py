"""Replies in a strategy's thread. Every subscribed message event is handled (an unhandled one
would get a 404 and be retried by Slack); only thread replies by people reach the coach."""

from __future__ import annotations

from slack_bolt import App, BoltContext

from bot.service import Actor


def register(app: App) -> None:
    app.event("message")(thread_message)


def thread_message(event: dict, context: BoltContext) -> None:
    thread_ts, ts = event.get("thread_ts"), event.get("ts")
    if event.get("subtype") or event.get("bot_id") or not thread_ts or thread_ts == ts:
        return  # edits, joins, bots, and top-level messages are not answers
    if event.get("channel_type") == "im":
        return
    actor = Actor(
        team_id=context.team_id or event.get("team", ""),
        user_id=event.get("user", ""),
        channel_id=event.get("channel", ""),
    )
    if actor.user_id and actor.channel_id and ts:
        context["coaching"].thread_reply(actor, thread_ts, ts, str(event.get("text") or ""))

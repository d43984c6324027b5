"""`@Strategy Coach status` in a channel or a thread (Slack sends no `app_mention` in DMs)."""

from __future__ import annotations

from slack_bolt import App, BoltContext

from handlers.database_guard import rides_out_outages
from handlers.payloads import event_actor
from handlers.services import services


def register(app: App) -> None:
    app.event("app_mention")(mention)


@rides_out_outages  # acked before it runs: a short database outage is waited out
def mention(event: dict, context: BoltContext) -> None:
    actor = event_actor(event, context)
    ts = event.get("ts")
    if not (actor.user_id and actor.channel_id and ts) or event.get("bot_id"):
        return
    services(context).statuses.mention(
        actor,
        str(ts),
        event.get("thread_ts"),
        str(event.get("text") or ""),
        context.bot_user_id,
    )

"""The App Home tab: published when someone opens it; its buttons report, pause or resume."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext

from bot.insights.home_view import HOME_ACTIONS
from handlers.database_guard import rides_out_outages
from handlers.payloads import interaction_actor
from handlers.services import services


def register(app: App) -> None:
    app.event("app_home_opened")(home_opened)
    for action_id in HOME_ACTIONS:
        app.action(action_id)(home_button)


@rides_out_outages  # acked before it runs: a short database outage is waited out
def home_opened(event: dict, context: BoltContext) -> None:
    user_id = event.get("user", "")
    if event.get("tab", "home") != "home" or not user_id:
        return  # the Messages tab needs nothing from us
    services(context).home.publish(context.team_id or "", user_id)


def home_button(ack: Ack, body: dict, action: dict, context: BoltContext) -> None:
    ack()
    actor = interaction_actor(body, context, with_channel=False)
    if not actor.user_id:
        return
    services(context).commands.home_button(
        actor,
        str(action.get("action_id") or ""),
        str(action.get("value") or ""),
        str(body.get("trigger_id") or ""),
    )

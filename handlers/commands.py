"""`/strategy` and its subcommands."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext, Respond

from bot.domain.actor import Actor
from bot.slack.surface import COMMAND
from handlers.database_guard import tell_if_outage
from handlers.services import services


def register(app: App) -> None:
    app.command(COMMAND)(strategy_command)


def strategy_command(ack: Ack, command: dict, context: BoltContext, respond: Respond) -> None:
    ack()
    actor = Actor(
        team_id=context.team_id or command.get("team_id", ""),
        user_id=command.get("user_id", ""),
        channel_id=command.get("channel_id", ""),
    )
    try:
        services(context).commands.slash(
            actor, str(command.get("text") or ""), str(command.get("channel_name") or ""), respond
        )
    except Exception as error:
        tell_if_outage(error, command, respond)

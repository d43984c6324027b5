"""Buttons under the coach's questions."""

from __future__ import annotations

import re

from slack_bolt import Ack, App, BoltContext, Respond

from bot.checkins import messages as checkin_blocks
from bot.domain.actor import Actor
from bot.slack import blocks

_STEP_ACTIONS = re.compile(
    "^("
    + "|".join(
        (
            blocks.ACTION_SKIP,
            blocks.ACTION_BACK,
            blocks.ACTION_GOAL_FORM,
            blocks.ACTION_METRICS_FORM,
        )
    )
    + ")$"
)


def register(app: App) -> None:
    app.action(_STEP_ACTIONS)(step_button)
    app.action(blocks.ACTION_OPEN_THREAD)(link_button)
    app.action(checkin_blocks.ACTION_REPORT_FORM)(report_button)


def step_button(ack: Ack, body: dict, action: dict, context: BoltContext, respond: Respond) -> None:
    ack()
    actor = Actor(
        team_id=context.team_id or "",
        user_id=(body.get("user") or {}).get("id", ""),
        channel_id=(body.get("channel") or {}).get("id", ""),
    )
    context["coaching"].button(
        actor,
        action.get("action_id", ""),
        str(action.get("value") or ""),
        str(action.get("block_id") or ""),
        str(body.get("trigger_id") or ""),
        respond,
    )


def link_button(ack: Ack) -> None:
    ack()  # the link opens in Slack; nothing to do here


def report_button(ack: Ack, body: dict, action: dict, context: BoltContext) -> None:
    """The check-in's "Report" button: the owner gets the form."""
    ack()
    actor = Actor(
        team_id=context.team_id or "",
        user_id=(body.get("user") or {}).get("id", ""),
        channel_id=(body.get("channel") or {}).get("id", ""),
    )
    context["report_forms"].open(
        actor, str(action.get("value") or ""), str(body.get("trigger_id") or "")
    )

"""Buttons under the coach's questions and under the weekly check-in."""

from __future__ import annotations

import re

from slack_bolt import Ack, App, BoltContext, Respond

from bot.builder import messages as builder_messages
from bot.checkins import messages as checkin_messages
from bot.slack.blocks import ACTION_OPEN_THREAD
from handlers.payloads import interaction_actor
from handlers.services import services

_STEP_ACTIONS = re.compile(
    "^("
    + "|".join(
        (
            builder_messages.ACTION_SKIP,
            builder_messages.ACTION_BACK,
            builder_messages.ACTION_GOAL_FORM,
            builder_messages.ACTION_METRICS_FORM,
            builder_messages.ACTION_ANSWER,
        )
    )
    + ")$"
)


def register(app: App) -> None:
    app.action(_STEP_ACTIONS)(step_button)
    app.action(ACTION_OPEN_THREAD)(link_button)
    app.action(checkin_messages.ACTION_REPORT_FORM)(report_button)


def step_button(ack: Ack, body: dict, action: dict, context: BoltContext, respond: Respond) -> None:
    ack()
    services(context).builder.button(
        interaction_actor(body, context),
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
    services(context).answers.open_form(
        interaction_actor(body, context),
        str(action.get("value") or ""),
        str(body.get("trigger_id") or ""),
    )

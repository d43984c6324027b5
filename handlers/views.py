"""The goal, metrics and weekly report forms (modals)."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext

from bot.builder.forms import CALLBACK_GOAL_FORM, CALLBACK_METRICS_FORM
from bot.checkins.report_form import CALLBACK_REPORT_FORM
from handlers.payloads import interaction_actor
from handlers.services import services


def register(app: App) -> None:
    app.view(CALLBACK_GOAL_FORM)(goal_form)
    app.view(CALLBACK_METRICS_FORM)(metrics_form)
    app.view(CALLBACK_REPORT_FORM)(report_form)


def _submitted(view: dict) -> tuple[dict, str, str]:
    """The form's values, its private metadata and the view's id."""
    values = (view.get("state") or {}).get("values") or {}
    return values, str(view.get("private_metadata") or ""), str(view.get("id") or "")


def goal_form(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
    values, metadata, view_id = _submitted(view)
    builder = services(context).builder
    errors = builder.check_goal_form(context.team_id or "", values, metadata)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    builder.goal_form_submitted(
        interaction_actor(body, context, with_channel=False), values, metadata, view_id
    )


def metrics_form(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
    ack()
    values, metadata, view_id = _submitted(view)
    services(context).builder.metrics_form_submitted(
        interaction_actor(body, context, with_channel=False), values, metadata, view_id
    )


def report_form(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
    values, metadata, view_id = _submitted(view)
    found = services(context)
    errors = found.answers.check_form(context.team_id or "", values, metadata)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    found.answers.submit_form(
        interaction_actor(body, context, with_channel=False), values, metadata, view_id, found.now()
    )

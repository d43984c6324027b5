"""The goal, metrics and weekly report forms (modals)."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext

from bot.builder.forms import CALLBACK_GOAL_FORM, CALLBACK_METRICS_FORM
from bot.checkins.report_form import CALLBACK_REPORT_FORM
from bot.domain.actor import Actor


def register(app: App) -> None:
    app.view(CALLBACK_GOAL_FORM)(goal_form)
    app.view(CALLBACK_METRICS_FORM)(metrics_form)
    app.view(CALLBACK_REPORT_FORM)(report_form)


def _actor(body: dict, context: BoltContext) -> Actor:
    return Actor(
        team_id=context.team_id or "",
        user_id=(body.get("user") or {}).get("id", ""),
        channel_id="",
    )


def goal_form(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
    values = (view.get("state") or {}).get("values") or {}
    metadata = str(view.get("private_metadata") or "")
    _, errors = context["coaching"].check_goal_form(context.team_id or "", values, metadata)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    context["coaching"].goal_form_submitted(
        _actor(body, context), values, metadata, str(view.get("id") or "")
    )


def metrics_form(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
    ack()
    values = (view.get("state") or {}).get("values") or {}
    context["coaching"].metrics_form_submitted(
        _actor(body, context),
        values,
        str(view.get("private_metadata") or ""),
        str(view.get("id") or ""),
    )


def report_form(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
    values = (view.get("state") or {}).get("values") or {}
    metadata = str(view.get("private_metadata") or "")
    errors = context["report_forms"].check(context.team_id or "", values, metadata)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    context["report_forms"].submit(
        _actor(body, context), values, metadata, str(view.get("id") or ""), context["now"]()
    )

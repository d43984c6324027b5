"""The weekly check-in's "Report" form: one number field per metric, saved once per submission.

`report_form` and `read_report_form` are pure (the reader never raises, whatever the payload
looks like); `ReportForms` opens the form for the check-in's owner and hands a submission to
`WeeklyCheckins.report_values`, which saves it once per view id and answers in the DM thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from decimal import Decimal

from sqlalchemy.exc import SQLAlchemyError

from bot.builder.forms import (
    LABEL_LIMIT,
    TITLE_LIMIT,
    input_block,
    read_number,
    read_text,
    text_input,
)
from bot.checkins.messages import ordered_metrics
from bot.checkins.sending import WeeklyCheckins
from bot.domain.actor import Actor
from bot.domain.model import Goal, Metric, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator, translator
from bot.slack.blocks import fit, mrkdwn, one_line, plain, strategy_name, user
from bot.slack.client import SlackIO
from storage import checkin_claims, strategies
from storage.db import SessionFactory

log = logging.getLogger(__name__)

CALLBACK_REPORT_FORM = "report_form"
MAX_INPUTS = 50  # 10 goals of 5 metrics, the most the coach keeps; well under a modal's 100
_NUMBER_LENGTH = 40
_BLOCK_ID = re.compile(r"^metric_([0-9]{1,18})$")


def _block_id(metric: Metric) -> str:
    return f"metric_{metric.id}"


def _label(goal: Goal, metric: Metric) -> str:
    """ "goal · metric (unit)", the metric's part kept whole when the goal's name is long."""
    metric_part = user(fmt.metric_label(metric), LABEL_LIMIT // 2)
    goal_name = one_line(goal.metric) or one_line(goal.description)
    if not goal_name or goal_name.casefold() == one_line(metric.name).casefold():
        return metric_part
    room = LABEL_LIMIT - len(metric_part) - 3
    return f"{user(goal_name, room)} · {metric_part}"


def report_form(
    strategy: Strategy, checkin_id: int, latest: dict[int, Decimal], tr: Translator
) -> dict:
    """The modal for a check-in: one optional number field per metric, the last value as hint."""
    intro = tr(
        "This week's numbers for *{name}*. Leave a field empty when you don't have the number; "
        "that week stays a gap, not a zero.",
        name=strategy_name(strategy, tr),
    )
    blocks: list[dict] = [{"type": "section", "text": mrkdwn(intro)}]
    for goal, metric in ordered_metrics(strategy)[:MAX_INPUTS]:
        if metric.id is None:
            continue
        value = latest.get(metric.id)
        hint = (
            tr("No report yet")
            if value is None
            else tr("Last reported: {value}", value=fmt.number(value, tr))
        )
        blocks.append(
            input_block(
                _block_id(metric),
                _label(goal, metric),
                text_input(tr("e.g. 1200"), _NUMBER_LENGTH),
                hint=hint,
                optional=True,
            )
        )
    return {
        "type": "modal",
        "callback_id": CALLBACK_REPORT_FORM,
        "private_metadata": str(checkin_id),
        "title": plain(fit(tr("This week's numbers"), TITLE_LIMIT)),
        "submit": plain(fit(tr("Save"), TITLE_LIMIT)),
        "close": plain(fit(tr("Cancel"), TITLE_LIMIT)),
        "blocks": blocks,
    }


def read_report_form(values: dict, tr: Translator) -> tuple[dict[int, Decimal], dict[str, str]]:
    """The numbers by metric id, and an error per block id for what can't be saved.

    A blank field is not reported (a gap, never a zero); when every field is blank the first one
    asks for at least one number.
    """
    if not isinstance(values, dict):
        return {}, {}
    found: dict[int, Decimal] = {}
    errors: dict[str, str] = {}
    blocks: list[str] = []
    for block_id in values:
        match = _BLOCK_ID.match(block_id) if isinstance(block_id, str) else None
        if match is None:
            continue
        blocks.append(block_id)
        if not read_text(values, block_id):
            continue
        value = read_number(values, block_id, tr, errors)
        if value is not None:
            found[int(match.group(1))] = value
    if blocks and not found and not errors:
        errors[blocks[0]] = tr("Fill in at least one number.")
    return found, errors


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) <= 18 else None


class ReportForms:
    """Opening the report form from the check-in's button, and taking its submission."""

    def __init__(self, sessions: SessionFactory, slack: SlackIO, weekly: WeeklyCheckins) -> None:
        self.sessions = sessions
        self.slack = slack
        self.weekly = weekly

    def _checkin_strategy(self, team_id: str, checkin_id: int) -> Strategy | None:
        with self.sessions.begin() as session:
            checkin = checkin_claims.checkin_in_team(session, team_id, checkin_id)
            if checkin is None:
                return None
            return strategies.strategy_by_id(session, team_id, checkin.strategy_id)

    def open(self, actor: Actor, checkin_id_text: str, trigger_id: str) -> bool:
        """Open the form for the check-in's owner; True if it was asked for."""
        checkin_id = _int(checkin_id_text)
        if checkin_id is None or not trigger_id:
            return False
        with self.sessions.begin() as session:
            checkin = checkin_claims.checkin_in_team(session, actor.team_id, checkin_id)
            strategy = (
                strategies.strategy_by_id(session, actor.team_id, checkin.strategy_id)
                if checkin is not None
                else None
            )
            if strategy is None or strategy.id is None or actor.user_id != strategy.owner_id:
                return False  # the button is in the owner's DM; anyone else gets nothing
            # Ordered by week, so the last one of each metric is its latest value.
            latest = {
                r.metric_id: r.value
                for r in checkin_claims.reports_for_strategy(session, strategy.id)
            }
        form = report_form(strategy, checkin_id, latest, translator(strategy.language))
        return self.slack.open_view(trigger_id, form)

    def check(self, team_id: str, values: dict, metadata: str) -> dict[str, str]:
        """Errors for `ack(response_action="errors")` before the ack, in the strategy's language."""
        checkin_id = _int(metadata)
        if checkin_id is None:
            return {}
        try:
            strategy = self._checkin_strategy(team_id, checkin_id)
        except SQLAlchemyError:
            log.exception("Could not load the check-in for a report form")
            tr = translator(None)
            _, errors = read_report_form(values, tr)
            first = next((k for k in values if _BLOCK_ID.match(str(k))), None)
            # Keep the modal open with what the user typed, rather than lose it.
            return {first: tr("Something went wrong; please try again.")} if first else errors
        if strategy is None:
            return {}  # not this workspace's check-in: the submit saves nothing
        _, errors = read_report_form(values, translator(strategy.language))
        return errors

    def submit(
        self, actor: Actor, values: dict, metadata: str, view_id: str, now: dt.datetime
    ) -> bool:
        """Save the numbers once per view id; True if something was saved."""
        checkin_id = _int(metadata)
        if checkin_id is None or not view_id:
            return False
        found, errors = read_report_form(values, translator(None))
        if errors or not found:
            return False
        return self.weekly.report_values(actor, checkin_id, found, view_id, now)

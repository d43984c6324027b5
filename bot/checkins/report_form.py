"""The weekly check-in's "Report" form: one number field per metric, and reading it back.

Pure: the reader never raises, whatever the payload looks like. Opening the form and saving a
submission (once per view id) is `CheckinAnswers` in bot/checkins/answers.py.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bot.checkins.messages import ordered_metrics
from bot.domain.limits import MAX_METRICS
from bot.domain.model import Goal, Metric, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.slack.blocks import mrkdwn, strategy_name, user
from bot.slack.modals import LABEL_LIMIT, input_block, modal, read_number, read_text, text_input
from bot.text.user_text import one_line

CALLBACK_REPORT_FORM = "report_form"
_NUMBER_LENGTH = 40
_BLOCK_ID = re.compile(r"^metric_([0-9]{1,18})$")


def _block_id(metric: Metric) -> str:
    return f"metric_{metric.id}"


def _label(goal: Goal, metric: Metric, tr: Translator) -> str:
    """ "goal · metric (unit)", the metric's part kept whole when the goal's name is long; for a
    goal counted per period, the window the number covers ("visits, last 30 days")."""
    metric_part = user(
        fmt.period_window(fmt.metric_label(metric), goal.period, tr), LABEL_LIMIT // 2
    )
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
    for goal, metric in ordered_metrics(strategy)[:MAX_METRICS]:
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
                _label(goal, metric, tr),
                text_input(tr("e.g. 1200"), _NUMBER_LENGTH),
                hint=hint,
                optional=True,
            )
        )
    return modal(CALLBACK_REPORT_FORM, str(checkin_id), tr("This week's numbers"), blocks, tr)


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


def first_metric_field(values: dict) -> str | None:
    """The block id of the form's first number field, to hang a form-wide error on."""
    return next((k for k in values if _BLOCK_ID.match(str(k))), None)

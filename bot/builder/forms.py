"""The builder's forms: a goal in one go, and every goal's weekly metrics; reading them back.

Pure. The readers never raise: whatever is missing or malformed becomes an error on the right
block (for `ack(response_action="errors")`) or is left out.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.builder.metric_suggestions import suggested_metrics
from bot.domain.limits import MAX_GOALS, MAX_METRIC_NAME, MAX_METRICS_PER_GOAL, MAX_UNIT
from bot.domain.model import Goal, GoalType, Metric, Strategy
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.slack.blocks import fit, mrkdwn, plain, user
from bot.slack.modals import (
    INPUT_LIMIT,
    LABEL_LIMIT,
    element,
    input_block,
    modal,
    read_number,
    read_text,
    text_input,
)
from bot.text.user_text import one_line

CALLBACK_GOAL_FORM = "goal_form"
CALLBACK_METRICS_FORM = "metrics_form"

_BULLET = re.compile(r"^\s*(?:[-•*–]|\d{1,2}[.)])\s+")
_WITH_UNIT = re.compile(r"^(?P<name>.*?)\s*\((?P<unit>[^()]*)\)\s*$")


# --- building ---------------------------------------------------------------------------------


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def goal_form(strategy: Strategy, tr: Translator) -> dict:
    """A modal for one goal: metric, today's value, target, unit, deadline and kind of goal."""
    options = [
        {"text": plain(fit(_capitalised(fmt.goal_type_title(kind, tr)), 75)), "value": kind.value}
        for kind in GoalType
    ]
    blocks = [
        {
            "type": "section",
            "text": mrkdwn(
                tr(
                    "A goal is a number you want to move by a date, like Instagram followers "
                    "from 1,200 to 5,000 by 30 June."
                )
            ),
        },
        input_block(
            "metric",
            tr("What do you measure?"),
            text_input(tr("e.g. Instagram followers"), MAX_METRIC_NAME),
        ),
        input_block("baseline", tr("Today's value"), text_input(tr("e.g. 1200"), 40)),
        input_block("target", tr("Target"), text_input(tr("e.g. 5000"), 40)),
        input_block(
            "unit",
            tr("Unit"),
            text_input(tr("e.g. NOK, %, orders"), MAX_UNIT),
            hint=tr("Leave it empty when you count things, like followers."),
            optional=True,
        ),
        input_block(
            "deadline",
            tr("By when?"),
            {"type": "datepicker", "placeholder": plain(fit(tr("Pick a date"), 150))},
        ),
        input_block(
            "goal_type",
            tr("What kind of goal is it?"),
            {
                "type": "static_select",
                "placeholder": plain(fit(tr("Choose one"), 150)),
                "options": options,
            },
            hint=tr(
                "Sales and leads bring money or contacts; word of mouth, awareness and "
                "authority make people talk about you, know you and trust you."
            ),
        ),
    ]
    return modal(CALLBACK_GOAL_FORM, str(strategy.id), tr("Add a goal"), blocks, tr)


def metrics_form(strategy: Strategy, tr: Translator) -> dict:
    """A modal with one field per goal: the metrics reported every week, one per line."""
    blocks: list[dict] = [
        {
            "type": "section",
            "text": mrkdwn(
                tr(
                    "Write the numbers you will report every week, one per line, with the unit "
                    "in brackets, like reach (accounts). Every goal needs at least one."
                )
            ),
        }
    ]
    for index, goal in enumerate(strategy.goals[:MAX_GOALS]):
        suggestions = ", ".join(suggested_metrics(goal.goal_type, tr))
        if goal.goal_type:
            hint = tr(
                "Suggested for {kind} goals: {metrics}",
                kind=fmt.goal_type_title(goal.goal_type, tr),
                metrics=suggestions,
            )
        else:
            hint = tr("Suggested: {metrics}", metrics=suggestions)
        field = text_input(tr("e.g. reach (accounts)"), INPUT_LIMIT, multiline=True)
        # The field's value is what the user edits, not displayed text: it stays unescaped.
        current = "\n".join(
            fmt.metric_label(metric) for metric in goal.metrics[:MAX_METRICS_PER_GOAL]
        )
        if current:
            field["initial_value"] = current[:INPUT_LIMIT]
        label = tr(
            "Goal {n}: {goal}",
            n=index + 1,
            goal=user(one_line(goal.metric or goal.description), LABEL_LIMIT - 20),
        )
        blocks.append(input_block(f"goal_{index}", label, field, hint=hint))
    return modal(CALLBACK_METRICS_FORM, str(strategy.id), tr("Weekly numbers"), blocks, tr)


# --- reading ----------------------------------------------------------------------------------


def _deadline(
    values: object, tr: Translator, today: dt.date, errors: dict[str, str]
) -> dt.date | None:
    chosen = element(values, "deadline").get("selected_date")
    if not isinstance(chosen, str) or not chosen.strip():
        errors["deadline"] = tr("Pick the date you want to reach the target by.")
        return None
    try:
        deadline = dt.date.fromisoformat(chosen.strip())
    except ValueError:
        errors["deadline"] = tr("Pick the date you want to reach the target by.")
        return None
    if deadline <= today:
        errors["deadline"] = tr("Pick a date after today.")
        return None
    return deadline


def _goal_type(values: object, tr: Translator, errors: dict[str, str]) -> GoalType | None:
    option = element(values, "goal_type").get("selected_option")
    chosen = option.get("value") if isinstance(option, dict) else None
    try:
        return GoalType(chosen)
    except (ValueError, TypeError):
        errors["goal_type"] = tr("Choose the kind of goal.")
        return None


def read_goal_form(
    values: dict, tr: Translator, today: dt.date
) -> tuple[Goal | None, dict[str, str]]:
    """A Goal from the submitted goal form, or None and a friendly error for each bad field."""
    errors: dict[str, str] = {}
    metric = one_line(read_text(values, "metric"))
    if not metric:
        errors["metric"] = tr("Tell me what you measure, like Instagram followers.")
    elif len(metric) > MAX_METRIC_NAME:
        errors["metric"] = tr("Keep it to {limit} characters.", limit=MAX_METRIC_NAME)
    baseline = read_number(values, "baseline", tr, errors)
    target = read_number(values, "target", tr, errors)
    if baseline is not None and target is not None and baseline == target:
        errors["target"] = tr("The target should be different from today's value.")
    unit = one_line(read_text(values, "unit"))
    if len(unit) > MAX_UNIT:
        errors["unit"] = tr("Keep it to {limit} characters.", limit=MAX_UNIT)
    deadline = _deadline(values, tr, today, errors)
    goal_type = _goal_type(values, tr, errors)
    if errors:
        return None, errors
    goal = Goal(
        description=metric,
        metric=metric,
        unit=unit,
        baseline=baseline,
        target=target,
        deadline=deadline,
        goal_type=goal_type,
    )
    return goal, {}


def _parse_metric(line: str) -> Metric | None:
    line = one_line(_BULLET.sub("", line))
    match = _WITH_UNIT.match(line)
    name, unit = (match["name"], match["unit"]) if match else (line, "")
    name = one_line(name)[:MAX_METRIC_NAME].rstrip()
    unit = one_line(unit)[:MAX_UNIT].rstrip()
    return Metric(name, unit) if name else None


def _parse_metrics(text: str) -> list[Metric]:
    metrics: list[Metric] = []
    seen: set[str] = set()
    for line in text.splitlines():
        metric = _parse_metric(line)
        if metric is None or metric.name.casefold() in seen:
            continue
        seen.add(metric.name.casefold())
        metrics.append(metric)
        if len(metrics) == MAX_METRICS_PER_GOAL:
            break
    return metrics


def read_metrics_form(values: dict, strategy: Strategy) -> list[list[Metric]]:
    """One list of metrics per goal; a blank field falls back to the goal's own metric.

    A goal that was not in the form (beyond the first ten) keeps the metrics it has.
    """
    result: list[list[Metric]] = []
    for index, goal in enumerate(strategy.goals):
        block_id = f"goal_{index}"
        if index >= MAX_GOALS and not element(values, block_id):
            result.append(list(goal.metrics))
            continue
        metrics = _parse_metrics(read_text(values, block_id))
        if not metrics and goal.metric:
            metrics = [Metric(goal.metric[:MAX_METRIC_NAME], goal.unit[:MAX_UNIT])]
        result.append(metrics)
    return result

"""Modals for answering a step in one go, and reading what comes back from them.

The readers take Slack's `view.state.values` as it arrives and never raise: whatever is missing
or malformed becomes an error on the right block (for `ack(response_action="errors")`) or is left
out.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from bot.domain.model import Goal, GoalType, Metric, Strategy, fits_amount
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.slack.blocks import fit, mrkdwn, one_line, plain, user
from bot.text.numbers import find_numbers, parse_number

CALLBACK_GOAL_FORM = "goal_form"
CALLBACK_METRICS_FORM = "metrics_form"

ACTION = "value"  # the action_id of every input, so a reader always knows where to look
MAX_GOALS = 10
MAX_METRICS = 5
METRIC_NAME_LIMIT = 80
UNIT_LIMIT = 20
TITLE_LIMIT = 24
LABEL_LIMIT = 150
_PLACEHOLDER_LIMIT = 150
_HINT_LIMIT = 2000
_INPUT_LIMIT = 3000

_BULLET = re.compile(r"^\s*(?:[-•*–]|\d{1,2}[.)])\s+")
_WITH_UNIT = re.compile(r"^(?P<name>.*?)\s*\((?P<unit>[^()]*)\)\s*$")


# --- building ---------------------------------------------------------------------------------


def _modal(
    callback_id: str, strategy: Strategy, title: str, blocks: list[dict], tr: Translator
) -> dict:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": str(strategy.id),
        "title": plain(fit(title, TITLE_LIMIT)),
        "submit": plain(fit(tr("Save"), TITLE_LIMIT)),
        "close": plain(fit(tr("Cancel"), TITLE_LIMIT)),
        "blocks": blocks,
    }


def input_block(
    block_id: str,
    label: str,
    element: dict,
    hint: str | None = None,
    optional: bool = False,
) -> dict:
    block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(fit(label, LABEL_LIMIT)),
        "element": {**element, "action_id": ACTION},
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(fit(hint, _HINT_LIMIT))
    return block


def text_input(placeholder: str, max_length: int, multiline: bool = False) -> dict:
    return {
        "type": "plain_text_input",
        "placeholder": plain(fit(placeholder, _PLACEHOLDER_LIMIT)),
        "max_length": max_length,
        "multiline": multiline,
    }


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
            text_input(tr("e.g. Instagram followers"), METRIC_NAME_LIMIT),
        ),
        input_block("baseline", tr("Today's value"), text_input(tr("e.g. 1200"), 40)),
        input_block("target", tr("Target"), text_input(tr("e.g. 5000"), 40)),
        input_block(
            "unit",
            tr("Unit"),
            text_input(tr("e.g. NOK, %, orders"), UNIT_LIMIT),
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
    return _modal(CALLBACK_GOAL_FORM, strategy, tr("Add a goal"), blocks, tr)


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
        element = text_input(tr("e.g. reach (accounts)"), _INPUT_LIMIT, multiline=True)
        # The field's value is what the user edits, not displayed text: it stays unescaped.
        current = "\n".join(fmt.metric_label(metric) for metric in goal.metrics[:MAX_METRICS])
        if current:
            element["initial_value"] = current[:_INPUT_LIMIT]
        label = tr(
            "Goal {n}: {goal}",
            n=index + 1,
            goal=user(one_line(goal.metric or goal.description), LABEL_LIMIT - 20),
        )
        blocks.append(input_block(f"goal_{index}", label, element, hint=hint))
    return _modal(CALLBACK_METRICS_FORM, strategy, tr("Weekly numbers"), blocks, tr)


def suggested_metrics(goal_type: GoalType | None, tr: Translator) -> list[str]:
    """Metrics worth reporting weekly for a kind of goal (the most common ones without a kind)."""
    if goal_type == GoalType.SALES:
        return [
            tr("orders from social"),
            tr("revenue from social"),
            tr("promo codes redeemed"),
            tr("conversion rate"),
        ]
    if goal_type == GoalType.LEADS:
        return [tr("sign-ups from social"), tr("form fills from social"), tr("cost per lead")]
    if goal_type == GoalType.WORD_OF_MOUTH:
        return [tr("shares"), tr("mentions"), tr("reviews"), tr("average rating")]
    if goal_type == GoalType.AWARENESS:
        return [tr("reach"), tr("impressions"), tr("followers"), tr("branded searches")]
    if goal_type == GoalType.AUTHORITY:
        return [
            tr("inbound links"),
            tr("downloads"),
            tr("comments per post"),
            tr("search ranking"),
        ]
    return [tr("reach"), tr("followers"), tr("sign-ups from social")]


# --- reading ----------------------------------------------------------------------------------


def _element(values: object, block_id: str) -> dict:
    """The submitted element of a block, or {} whatever shape the payload has."""
    if not isinstance(values, dict):
        return {}
    block = values.get(block_id)
    if not isinstance(block, dict):
        return {}
    element = block.get(ACTION)
    if not isinstance(element, dict):  # an unexpected action_id: take the block's only element
        element = next((e for e in block.values() if isinstance(e, dict)), None)
    return element if isinstance(element, dict) else {}


def read_text(values: object, block_id: str) -> str:
    value = _element(values, block_id).get("value")
    return value.strip() if isinstance(value, str) else ""


def read_number(
    values: object, block_id: str, tr: Translator, errors: dict[str, str]
) -> Decimal | None:
    text = read_text(values, block_id)
    if not text:
        errors[block_id] = tr("Write a number here, like 1200.")
        return None
    try:
        result = parse_number(text)
    except Exception:  # a reader of user input must not take the whole submission down
        result = None
    value = getattr(result, "value", None)
    if isinstance(value, Decimal) and fits_amount(value):
        return value
    if isinstance(value, Decimal) and value.is_finite():
        errors[block_id] = tr("That number is too large for me.")
        return None
    if getattr(result, "problem", None) != "ambiguous":
        errors[block_id] = tr("I couldn't read that as a number. Write it like 1200 or 12.5.")
    elif len(find_numbers(text)) > 1:
        errors[block_id] = tr("Write just one number here.")
    else:
        errors[block_id] = tr(
            "I can't tell whether the dot marks thousands or decimals. Write it without the "
            "dot, like 1234 or 1,5."
        )
    return None


def _deadline(
    values: object, tr: Translator, today: dt.date, errors: dict[str, str]
) -> dt.date | None:
    chosen = _element(values, "deadline").get("selected_date")
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
    option = _element(values, "goal_type").get("selected_option")
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
    elif len(metric) > METRIC_NAME_LIMIT:
        errors["metric"] = tr("Keep it to {limit} characters.", limit=METRIC_NAME_LIMIT)
    baseline = read_number(values, "baseline", tr, errors)
    target = read_number(values, "target", tr, errors)
    if baseline is not None and target is not None and baseline == target:
        errors["target"] = tr("The target should be different from today's value.")
    unit = one_line(read_text(values, "unit"))
    if len(unit) > UNIT_LIMIT:
        errors["unit"] = tr("Keep it to {limit} characters.", limit=UNIT_LIMIT)
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
    name = one_line(name)[:METRIC_NAME_LIMIT].rstrip()
    unit = one_line(unit)[:UNIT_LIMIT].rstrip()
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
        if len(metrics) == MAX_METRICS:
            break
    return metrics


def read_metrics_form(values: dict, strategy: Strategy) -> list[list[Metric]]:
    """One list of metrics per goal; a blank field falls back to the goal's own metric.

    A goal that was not in the form (beyond the first ten) keeps the metrics it has.
    """
    result: list[list[Metric]] = []
    for index, goal in enumerate(strategy.goals):
        block_id = f"goal_{index}"
        if index >= MAX_GOALS and not _element(values, block_id):
            result.append(list(goal.metrics))
            continue
        metrics = _parse_metrics(read_text(values, block_id))
        if not metrics and goal.metric:
            metrics = [Metric(goal.metric[:METRIC_NAME_LIMIT], goal.unit[:UNIT_LIMIT])]
        result.append(metrics)
    return result

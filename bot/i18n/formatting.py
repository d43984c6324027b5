"""Numbers, dates and names as a reader of each language expects them (Babel knows how)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date as babel_format_date
from babel.dates import get_day_names
from babel.numbers import format_decimal

from bot.domain.model import Goal, GoalType, Metric, Step
from bot.i18n.catalogue import Translator

_BABEL_LOCALE = {"en": "en_GB", "nb": "nb_NO"}


def babel_locale(tr: Translator) -> str:
    return _BABEL_LOCALE.get(tr.language, "en_GB")


def number(value: Decimal | int | float, tr: Translator) -> str:
    return format_decimal(value, format="#,##0.####", locale=babel_locale(tr))


def date(value: dt.date, tr: Translator) -> str:
    return babel_format_date(value, format="long", locale=babel_locale(tr))


def weekday(index: int, tr: Translator) -> str:
    return str(get_day_names("wide", locale=babel_locale(tr))[index % 7])


def clock(value: dt.time) -> str:
    return value.strftime("%H:%M")


def step_title(step: Step, tr: Translator) -> str:
    return {
        Step.GOALS: tr("Goals"),
        Step.MISSION: tr("Mission"),
        Step.MEASUREMENT: tr("Measurement"),
        Step.RESPONSIBILITY: tr("Responsibility"),
        Step.BENEFITS: tr("Customer benefits"),
    }[step]


def goal_type_title(goal_type: GoalType, tr: Translator) -> str:
    return {
        GoalType.SALES: tr("sales"),
        GoalType.LEADS: tr("leads"),
        GoalType.WORD_OF_MOUTH: tr("word of mouth"),
        GoalType.AWARENESS: tr("awareness"),
        GoalType.AUTHORITY: tr("authority"),
    }[goal_type]


def amount(value: Decimal | None, unit: str, tr: Translator) -> str:
    if value is None:
        return "?"
    shown = number(value, tr)
    if not unit:
        return shown
    return f"{shown} {unit}" if unit != "%" else f"{shown} %"


def metric_label(metric: Metric) -> str:
    """ "reach (accounts)", on one line; user text, callers escape it."""
    name, unit = " ".join(metric.name.split()), " ".join(metric.unit.split())
    return f"{name} ({unit})" if unit else name


def goal_line(goal: Goal, tr: Translator) -> str:
    """One goal in one line, e.g. "Instagram followers: 1,200 → 5,000 by 30 June 2027".

    The metric and unit are user text; callers escape the whole line.
    """
    deadline = date(goal.deadline, tr) if goal.deadline else "?"
    line = tr(
        "{metric} from {baseline} to {target} by {deadline}",
        metric=goal.metric or goal.description,
        baseline=amount(goal.baseline, goal.unit, tr),
        target=amount(goal.target, goal.unit, tr),
        deadline=deadline,
    )
    if goal.goal_type:
        line += f" ({goal_type_title(goal.goal_type, tr)})"
    return line

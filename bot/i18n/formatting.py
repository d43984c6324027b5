"""Numbers, dates and names as a reader of each language expects them (Babel knows how)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date as babel_format_date
from babel.dates import get_day_names
from babel.numbers import format_decimal

from bot.domain.model import Goal, GoalType, Metric, Period, Step
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
    if unit in ("$", "€", "£") and tr.language == "en":
        return f"{unit}{shown}"  # "$120", as English writes it; Norwegian writes "120 $"
    return f"{shown} {unit}" if unit != "%" else f"{shown} %"


def period_amount(shown: str, period: Period | str | None, tr: Translator) -> str:
    """An amount counted per period, e.g. "2,000 a month"; a running total (no period) as is."""
    if not period:
        return shown
    return {
        Period.WEEK: tr("{amount} a week", amount=shown),
        Period.MONTH: tr("{amount} a month", amount=shown),
        Period.QUARTER: tr("{amount} a quarter", amount=shown),
        Period.YEAR: tr("{amount} a year", amount=shown),
    }[Period(period)]


def period_window(label: str, period: Period | str | None, tr: Translator) -> str:
    """What a weekly report of a per-period figure counts, after the metric's label, e.g.
    "visits, last 30 days".

    A check-in comes every week, so a monthly figure is asked for as the rolling window up to
    the day of the report (never "the month so far", which starts again on the 1st): each
    week's number is then a whole month's worth, comparable with the last one and the target.
    """
    if not period:
        return label
    return {
        Period.WEEK: tr("{metric}, last 7 days", metric=label),
        Period.MONTH: tr("{metric}, last 30 days", metric=label),
        Period.QUARTER: tr("{metric}, last 90 days", metric=label),
        Period.YEAR: tr("{metric}, last 12 months", metric=label),
    }[Period(period)]


def metric_label(metric: Metric) -> str:
    """ "reach (accounts)", on one line; user text, callers escape it."""
    name, unit = " ".join(metric.name.split()), " ".join(metric.unit.split())
    return f"{name} ({unit})" if unit else name


def goal_line(goal: Goal, tr: Translator) -> str:
    """One goal in one line, e.g. "visits from 1,200 to 2,000 a month by 30 June 2027".

    The metric and unit are user text; callers escape the whole line.
    """
    deadline = date(goal.deadline, tr) if goal.deadline else "?"
    target = period_amount(amount(goal.target, goal.unit, tr), goal.period, tr)
    metric = goal.metric or goal.description
    if goal.baseline is None and goal.target is not None:
        # Today's value left for later: the first weekly report becomes the starting point.
        line = tr(
            "{metric} to {target} by {deadline}, from the first report on",
            metric=metric,
            target=target,
            deadline=deadline,
        )
    else:
        line = tr(
            "{metric} from {baseline} to {target} by {deadline}",
            metric=metric,
            baseline=amount(goal.baseline, goal.unit, tr),
            target=target,
            deadline=deadline,
        )
    if goal.goal_type:
        line += f" ({goal_type_title(goal.goal_type, tr)})"
    return line

"""How a goal's progress reads in a Slack message: its name and line, amounts with units (and the
period a figure counts), percent, pace, the plan figure, the projection, a progress bar, and an
instant in the reader's zone. A goal that should go down is worded as one ("down to", "or
lower"); nothing here assumes more is better.

Shared by the check-in replies, the status message and the Home tab, so they word a goal's
standing alike. Pure functions; user text (goal and metric names, units) is escaped and cut here
within budgets in characters of JSON (`bot.slack.blocks.json_cost`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from bot.domain.limits import MAX_METRIC_NAME, MAX_UNIT
from bot.domain.model import Direction, Goal
from bot.domain.progress import GoalStatus, Pace, goal_direction, round_percent
from bot.domain.slots import zone_or_utc
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.slack.blocks import SECTION_LIMIT, fit, user
from bot.text.user_text import one_line

PACE_EMOJI = {
    Pace.ON_TRACK: ":white_check_mark:",
    Pace.AHEAD: ":rocket:",
    Pace.BEHIND: ":warning:",
}
NO_PACE_EMOJI = ":grey_question:"
BAR_CELLS = 10

NAME_CHARS = MAX_METRIC_NAME
NAME_COST = 140
_UNIT_COST = 40
_GOAL_LINE_COST = 340  # a goal's line at the top of its section
_MAX_PLACES = 2  # decimals shown for a plan figure


def pace_text(pace: Pace | None, tr: Translator) -> str:
    """The pace as emoji and word, e.g. ":white_check_mark: on track"; no pace without a number."""
    if pace is None:
        return f"{NO_PACE_EMOJI} {tr('no report yet')}"
    pace = Pace(pace)  # storage may hand in the plain string
    word = {
        Pace.ON_TRACK: tr("on track"),
        Pace.AHEAD: tr("ahead of plan"),
        Pace.BEHIND: tr("behind plan"),
    }[pace]
    return f"{PACE_EMOJI[pace]} {word}"


def goal_name(goal: Goal, chars: int = NAME_CHARS, cost: int = NAME_COST) -> str:
    """The goal's metric (or its description), one line, escaped and cut."""
    return user(one_line(goal.metric) or one_line(goal.description), chars, cost)


def unit_text(unit: str) -> str:
    """A unit (user text) escaped and cut."""
    return user(one_line(unit), MAX_UNIT, _UNIT_COST)


def amount_text(value: Decimal | None, unit: str, tr: Translator) -> str:
    """A number with its unit, escaped (the unit is user text)."""
    return fmt.amount(value, unit_text(unit), tr)


def goes_down(goal: Goal) -> bool:
    """True for a goal whose number should fall (reply time, cost per lead)."""
    return goal_direction(goal) is Direction.DOWN


def target_text(goal: Goal, tr: Translator) -> str:
    """The target with its unit and period, escaped, e.g. "2,000 a month"."""
    return fmt.period_amount(amount_text(goal.target, goal.unit, tr), goal.period, tr)


def standing_text(latest: str, goal: Goal, tr: Translator) -> str:
    """The latest value (prepared mrkdwn) against the target: "1,500 of 2,000 a month", or for a
    goal that goes down "7 hours, target 2 hours or lower" ("7 of 2" would read as a shortfall)."""
    if goes_down(goal):
        return tr("{latest}, target {target} or lower", latest=latest, target=target_text(goal, tr))
    return tr("{latest} of {target}", latest=latest, target=target_text(goal, tr))


def safe_goal_line(goal: Goal, tr: Translator) -> str:
    """`formatting.goal_line` from escaped, shortened parts, so the cut never eats the deadline."""
    shown = dataclasses.replace(
        goal,
        description=user(one_line(goal.description), NAME_CHARS, NAME_COST),
        metric=user(one_line(goal.metric), NAME_CHARS, NAME_COST),
        unit=unit_text(goal.unit),
    )
    return fit(fmt.goal_line(shown, tr), SECTION_LIMIT, _GOAL_LINE_COST)


def percent_text(status: GoalStatus, tr: Translator) -> str | None:
    if status.percent is None:
        return None
    return fmt.number(round_percent(status.percent), tr)


def plan_figure(expected: Decimal, goal: Goal) -> Decimal:
    """The plan figure with no more decimals than the goal's numbers (1,234, not 1,234.5714)."""

    def places(value: Decimal | None) -> int:
        if value is None or not value.is_finite():
            return 0
        exponent = value.normalize().as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0

    digits = min(_MAX_PLACES, max(places(goal.baseline), places(goal.target)))
    try:
        return expected.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the context holds: show it as it is
        return expected


def plan_amount(status: GoalStatus, goal: Goal, tr: Translator) -> str:
    """Where the straight-line plan says the goal should be today, with its unit, escaped."""
    return amount_text(plan_figure(status.expected, goal), goal.unit, tr)


def projection_text(status: GoalStatus, tr: Translator) -> str:
    if status.latest is not None and status.percent is not None and status.percent >= 100:
        return tr("Target reached. :tada:")
    if status.projected is not None:
        when = fmt.date(status.projected, tr)
        if status.on_time is False:
            return tr(
                "On this trend it reaches the target around {date}, after the deadline.",
                date=when,
            )
        return tr("On this trend it reaches the target around {date}.", date=when)
    if status.trend_per_week is None:
        return tr("Not enough weeks for a trend yet.")
    return tr("On this trend it won't reach the target before the deadline.")


def progress_bar(percent: Decimal | None) -> str:
    """`▰▰▰▱▱▱▱▱▱▱`: ten cells, clamped to 0–100 %, never empty of meaning."""
    if percent is None:
        return "▱" * BAR_CELLS
    filled = max(0, min(BAR_CELLS, round_percent(percent * BAR_CELLS / 100)))
    return "▰" * filled + "▱" * (BAR_CELLS - filled)


def when_text(moment: dt.datetime, zone: str, tr: Translator) -> str:
    """An instant as the reader's local weekday, date and time, e.g. "Monday 30 November 2026,
    09:00 (Europe/Oslo)"."""
    tz = zone_or_utc(zone)
    local = moment.astimezone(tz)
    return tr(
        "{weekday} {date}, {time} ({zone})",
        weekday=fmt.weekday(local.weekday(), tr),
        date=fmt.date(local.date(), tr),
        time=fmt.clock(local.time()),
        zone=user(zone if tz is not dt.UTC else "UTC", 64),
    )

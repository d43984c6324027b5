"""Progress maths for the weekly check-ins: where a goal stands, where the plan says it should be,
and when the trend gets there.

Pure functions: no Slack, no database, no clock. Every date comes in as an argument. Internally
the arithmetic is exact (`Fraction`); results are converted to `Decimal` once, at the end, so a
boundary case (exactly on the tolerance edge, exactly on the target) is decided exactly, not by
rounding noise.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from bot.domain.model import Direction, Goal

DAYS_PER_WEEK = 7
# A straight line extrapolated a decade past the deadline is noise, not a forecast.
HORIZON_AFTER_DEADLINE = dt.timedelta(days=3653)


def week_start(d: dt.date) -> dt.date:
    """The Monday of the ISO week `d` belongs to."""
    return d - dt.timedelta(days=d.weekday())


@dataclass(frozen=True)
class Reading:
    """A reported value for one week; `week` is that week's Monday."""

    week: dt.date
    value: Decimal

    def __post_init__(self) -> None:
        # Normalise rather than refuse: a reading dated mid-week still belongs to its week.
        object.__setattr__(self, "week", week_start(self.week))


class Pace(StrEnum):
    AHEAD = "ahead"
    ON_TRACK = "on_track"
    BEHIND = "behind"


@dataclass(frozen=True)
class GoalStatus:
    latest: Decimal | None
    percent: Decimal | None
    expected: Decimal
    pace: Pace | None
    trend_per_week: Decimal | None
    projected: dt.date | None
    on_time: bool | None


def _dec(f: Fraction) -> Decimal:
    # The one place where exact arithmetic is rounded (to the context precision, 28 digits).
    return Decimal(f.numerator) / Decimal(f.denominator)


def _sign(f: Fraction) -> int:
    return (f > 0) - (f < 0)


def direction(baseline: Decimal | None, target: Decimal | None) -> Direction | None:
    """Which way the numbers say a goal goes: UP when the target is above the baseline, DOWN when
    below, None when they are equal or one is unknown."""
    if baseline is None or target is None or target == baseline:
        return None
    return Direction.UP if target > baseline else Direction.DOWN


def goal_direction(goal: Goal) -> Direction | None:
    """The goal's direction as the maths follows it: from its numbers when both are known (so
    what is said never disagrees with the percent and the pace), else as stored."""
    return direction(goal.baseline, goal.target) or goal.direction


def percent_done(baseline: Decimal, target: Decimal, value: Decimal) -> Decimal | None:
    """Percent of the way from baseline to target, unrounded.

    Works for goals that go down (250 → 150: 200 is 50 %); negative when the value moved the
    wrong way, above 100 past the target. None when baseline == target (no way to measure).
    """
    span = Fraction(target) - Fraction(baseline)
    if span == 0:
        return None
    return _dec((Fraction(value) - Fraction(baseline)) * 100 / span)


def round_percent(p: Decimal) -> int:
    """A percentage for display: whole percent, halves away from zero (12.5 → 13, -12.5 → -13)."""
    # to_integral_value never raises on large values, unlike quantize.
    return int(p.to_integral_value(rounding=ROUND_HALF_UP))


def _expected(
    baseline: Decimal, target: Decimal, start: dt.date, deadline: dt.date, on: dt.date
) -> Fraction:
    b, t = Fraction(baseline), Fraction(target)
    span = (deadline - start).days
    # No room for a plan (same day, or a deadline before the start): the plan is the target.
    if span <= 0 or on >= deadline:
        return t
    if on <= start:
        return b
    return b + (t - b) * (on - start).days / span


def expected_value(
    baseline: Decimal, target: Decimal, start: dt.date, deadline: dt.date, on: dt.date
) -> Decimal:
    """The straight-line plan from (start, baseline) to (deadline, target) on day `on`.

    Baseline before the start, target from the deadline on; target when start == deadline.
    """
    return _dec(_expected(baseline, target, start, deadline, on))


def pace(
    baseline: Decimal,
    target: Decimal,
    start: dt.date,
    deadline: dt.date,
    on: dt.date,
    value: Decimal,
    tolerance: Decimal = Decimal("0.05"),
) -> Pace:
    """Compare `value` with the plan on day `on`.

    Within tolerance × |target − baseline| of the plan (edge included) is on track; further in
    the goal's direction is ahead, otherwise behind. A goal with baseline == target has no
    direction and no band: exactly on it is on track, anything else is behind.
    """
    b, t = Fraction(baseline), Fraction(target)
    off = Fraction(value) - _expected(baseline, target, start, deadline, on)
    band = abs(Fraction(tolerance)) * abs(t - b)
    if abs(off) <= band:
        return Pace.ON_TRACK
    if _sign(off) == _sign(t - b):
        return Pace.AHEAD
    return Pace.BEHIND


def _one_per_week(readings: Sequence[Reading]) -> list[Reading]:
    """Readings sorted by week, one per week: a later reading for the same week is a correction."""
    by_week: dict[dt.date, Reading] = {}
    for reading in readings:
        by_week[reading.week] = reading
    return [by_week[w] for w in sorted(by_week)]


def _fit(weekly: list[Reading]) -> tuple[Fraction, Fraction] | None:
    """Least-squares (intercept, slope per day), x = days since the first week. Exact."""
    if len(weekly) < 2:
        return None
    first = weekly[0].week
    xs = [Fraction((r.week - first).days) for r in weekly]
    ys = [Fraction(r.value) for r in weekly]
    n = len(weekly)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    # Distinct weeks guarantee sxx > 0. Missed weeks are absent points, never zeros.
    slope = sxy / sxx
    return mean_y - slope * mean_x, slope


def trend_per_day(readings: Sequence[Reading]) -> Decimal | None:
    """Least-squares slope in value per day; None with fewer than two reported weeks."""
    fit = _fit(_one_per_week(readings))
    return None if fit is None else _dec(fit[1])


def _direction(weekly: list[Reading], target: Fraction, baseline: Decimal | None) -> int:
    """+1 for a goal that goes up, -1 for one that goes down, 0 when it can't be told.

    From the baseline when known, else from the first reading.
    """
    start = Fraction(baseline) if baseline is not None else Fraction(weekly[0].value)
    return _sign(target - start)


def _reached(value: Decimal, target: Fraction, direction: int) -> bool:
    # At the target, or past it in the goal's direction (no direction: exactly at it).
    gap = Fraction(value) - target
    return gap == 0 or (direction != 0 and _sign(gap) == direction)


def projected_date(
    readings: Sequence[Reading],
    target: Decimal,
    deadline: dt.date | None = None,
    *,
    baseline: Decimal | None = None,
) -> dt.date | None:
    """The first day on which the least-squares line reaches the target.

    The latest reading's week when that reading has already reached it. None with no readings,
    with too few weeks for a trend, when the trend is flat or moving away from the target, or
    when the line gets there more than ten years after `deadline` (when given). Pass `baseline`
    so the goal's direction is known; without it the first reading stands in for it.
    """
    weekly = _one_per_week(readings)
    if not weekly:
        return None
    t = Fraction(target)
    latest = weekly[-1]
    direction = _direction(weekly, t, baseline)
    if _reached(latest.value, t, direction):
        return latest.week
    fit = _fit(weekly)
    if fit is None:
        return None
    intercept, slope = fit
    if direction == 0:
        # No goal direction (baseline == target): getting back to the target is the way.
        direction = _sign(t - Fraction(latest.value))
    if _sign(slope) != direction:
        return None
    first = weekly[0].week
    # The line may already be past the target while the latest point is not: say "now".
    days = max(math.ceil((t - intercept) / slope), (latest.week - first).days)
    if days > (dt.date.max - first).days:
        return None
    when = first + dt.timedelta(days=days)
    if deadline is not None and when - deadline > HORIZON_AFTER_DEADLINE:
        return None
    return when


def reaches_by_deadline(
    readings: Sequence[Reading],
    target: Decimal,
    deadline: dt.date,
    *,
    baseline: Decimal | None = None,
) -> bool | None:
    """Whether the target is (or, on the trend, will be) reached by the deadline.

    True when a reading from a week starting on or before the deadline reached it, or when the
    projected date is on or before the deadline; None when there is no reading, or it is not
    reached and there are too few weeks for a trend; otherwise False.
    """
    weekly = _one_per_week(readings)
    if not weekly:
        return None
    t = Fraction(target)
    direction = _direction(weekly, t, baseline)
    # Reached in time counts even if a later reading slipped back.
    if any(r.week <= deadline and _reached(r.value, t, direction) for r in weekly):
        return True
    if not _reached(weekly[-1].value, t, direction) and len(weekly) < 2:
        return None
    when = projected_date(weekly, target, deadline, baseline=baseline)
    return when is not None and when <= deadline


def goal_status(
    baseline: Decimal,
    target: Decimal,
    start: dt.date,
    deadline: dt.date,
    readings: Sequence[Reading],
    today: dt.date,
) -> GoalStatus:
    """Everything a check-in reply says about one goal.

    `expected` and `pace` are both for `today`, so the reply never compares the value with a
    plan figure it doesn't show.
    """
    weekly = _one_per_week(readings)
    latest = weekly[-1].value if weekly else None
    fit = _fit(weekly)
    return GoalStatus(
        latest=latest,
        percent=None if latest is None else percent_done(baseline, target, latest),
        expected=expected_value(baseline, target, start, deadline, today),
        pace=None if latest is None else pace(baseline, target, start, deadline, today, latest),
        trend_per_week=None if fit is None else _dec(fit[1] * DAYS_PER_WEEK),
        projected=projected_date(weekly, target, deadline, baseline=baseline),
        on_time=reaches_by_deadline(weekly, target, deadline, baseline=baseline),
    )


def missed_weeks(first_week: dt.date, readings: Sequence[Reading], today: dt.date) -> list[dt.date]:
    """Mondays from `first_week` up to the last complete week before today's, with no reading.

    Today's week is still open, so it is never missed yet.
    """
    reported = {r.week for r in readings}
    week, this_week = week_start(first_week), week_start(today)
    missed: list[dt.date] = []
    while week < this_week:
        if week not in reported:
            missed.append(week)
        week += dt.timedelta(days=DAYS_PER_WEEK)
    return missed


# A week-on-week change this large is more often a typo than news: ask before saving it.
IMPLAUSIBLE_DROP = Decimal("0.5")
IMPLAUSIBLE_RISE = Decimal(10)


def implausible(previous: Decimal | None, value: Decimal) -> bool:
    """True for a drop of more than half, or a rise to more than ten times, since last time."""
    if previous is None or previous <= 0:
        return False
    return value < previous * IMPLAUSIBLE_DROP or value > previous * IMPLAUSIBLE_RISE

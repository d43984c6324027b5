"""Where a strategy stands: each goal's progress, trend and last report, from a stored snapshot.

Pure: the snapshot and today's date come in, plain data goes out. The status message, App Home
and the export all read a strategy through this, so they never disagree about a number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from bot.model import Goal, Metric, Report, Snapshot
from bot.progress import GoalStatus, Reading, goal_status

ANSWERED = "answered"
MISSED = "missed"


@dataclass(frozen=True)
class GoalStanding:
    goal: Goal
    metric: Metric | None  # the metric progress follows: the goal's first
    status: GoalStatus | None  # None while the goal lacks a baseline, target or deadline
    change: Decimal | None  # since the previous reported week; None with fewer than two
    last_week: dt.date | None  # the latest week with a report


@dataclass(frozen=True)
class Standing:
    goals: list[GoalStanding]
    last_checkin: dt.date | None  # the day (UTC) the latest report came in
    last_week: dt.date | None  # the latest week with any report
    missed: list[dt.date]  # check-in weeks that got no numbers, oldest first
    reports: int  # how many weekly values are stored in all


def readings_by_metric(reports: list[Report]) -> dict[int, list[Reading]]:
    """Each metric's readings, by week (reports are already the latest per metric and week)."""
    series: dict[int, list[Reading]] = {}
    for report in reports:
        series.setdefault(report.metric_id, []).append(Reading(report.week, report.value))
    for readings in series.values():
        readings.sort(key=lambda reading: reading.week)
    return series


def goal_standing(
    goal: Goal, readings: list[Reading], start: dt.date, today: dt.date
) -> GoalStanding:
    metric = goal.metrics[0] if goal.metrics else None
    last_week = readings[-1].week if readings else None
    change = readings[-1].value - readings[-2].value if len(readings) >= 2 else None
    if goal.baseline is None or goal.target is None or goal.deadline is None:
        return GoalStanding(goal, metric, None, change, last_week)
    status = goal_status(goal.baseline, goal.target, start, goal.deadline, readings, today)
    return GoalStanding(goal, metric, status, change, last_week)


def standing(snapshot: Snapshot, today: dt.date) -> Standing:
    strategy = snapshot.strategy
    start = strategy.started_on or today
    series = readings_by_metric(snapshot.reports)
    goals = []
    for goal in strategy.goals:
        metric_id = goal.metrics[0].id if goal.metrics else None
        readings = series.get(metric_id, []) if metric_id is not None else []
        goals.append(goal_standing(goal, readings, start, today))
    reported_weeks = {report.week for report in snapshot.reports}
    last = max(reported_weeks) if reported_weeks else None
    missed = [
        c.week for c in snapshot.checkins if c.status == MISSED and c.week not in reported_weeks
    ]
    latest = max((report.reported_at for report in snapshot.reports), default=None)
    return Standing(
        goals=goals,
        last_checkin=latest.date() if latest else None,
        last_week=last,
        missed=missed,
        reports=len(snapshot.reports),
    )

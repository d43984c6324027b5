"""Where a strategy stands: each goal's progress, trend and last report, from a stored snapshot.

Pure: the snapshot and today's date come in, plain data goes out. The check-in reply, the status
message, App Home and the export all read a strategy through this, so they never disagree about
a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.domain.model import CheckinStatus, Goal, Report, Snapshot, Strategy
from bot.domain.progress import GoalStatus, Reading, goal_status


@dataclass(frozen=True)
class GoalStanding:
    goal: Goal
    latest: Decimal | None  # the latest value of the metric progress follows (the first)
    status: GoalStatus | None  # None while the goal lacks a baseline, target or deadline
    change: Decimal | None  # since the previous reported week; None with fewer than two
    last_week: dt.date | None  # the latest week with a report


@dataclass(frozen=True)
class Standing:
    goals: list[GoalStanding]
    last_checkin: dt.date | None  # the day (UTC) the latest report came in
    missed: list[dt.date]  # check-in weeks that got no numbers, oldest first
    reports: int  # how many weekly values are stored in all


def readings_by_metric(reports: Sequence[Report]) -> dict[int, list[Reading]]:
    """Each metric's readings, by week (reports are already the latest per metric and week)."""
    series: dict[int, list[Reading]] = {}
    for report in reports:
        series.setdefault(report.metric_id, []).append(Reading(report.week, report.value))
    for readings in series.values():
        readings.sort(key=lambda reading: reading.week)
    return series


def goal_standings(
    goals: Sequence[Goal], reports: Sequence[Report], start: dt.date, today: dt.date
) -> list[GoalStanding]:
    """Each goal's standing, measured by its first metric (the coach puts the goal's own
    metric first; further metrics are reported and kept, but progress follows the first)."""
    series = readings_by_metric(reports)
    standings = []
    for goal in goals:
        metric_id = goal.metrics[0].id if goal.metrics else None
        readings = series.get(metric_id, []) if metric_id is not None else []
        latest = readings[-1].value if readings else None
        last_week = readings[-1].week if readings else None
        change = latest - readings[-2].value if latest is not None and len(readings) >= 2 else None
        status = None
        if goal.baseline is not None and goal.target is not None and goal.deadline is not None:
            status = goal_status(goal.baseline, goal.target, start, goal.deadline, readings, today)
        standings.append(GoalStanding(goal, latest, status, change, last_week))
    return standings


def standing(snapshot: Snapshot, today: dt.date) -> Standing:
    start = snapshot.strategy.started_on or today
    reported_weeks = {report.week for report in snapshot.reports}
    missed = [
        c.week
        for c in snapshot.checkins
        if c.status == CheckinStatus.MISSED and c.week not in reported_weeks
    ]
    latest = max((report.reported_at for report in snapshot.reports), default=None)
    return Standing(
        goals=goal_standings(snapshot.strategy.goals, snapshot.reports, start, today),
        last_checkin=latest.date() if latest else None,
        missed=missed,
        reports=len(snapshot.reports),
    )


def goal_statuses(
    strategy: Strategy, reports: Sequence[Report], today: dt.date
) -> list[tuple[Goal, GoalStatus]]:
    """Each complete goal's status, for goals whose first metric is stored (the check-in reply)."""
    start = strategy.started_on or today
    return [
        (item.goal, item.status)
        for item in goal_standings(strategy.goals, reports, start, today)
        if item.status is not None and item.goal.metrics and item.goal.metrics[0].id is not None
    ]


def latest_values(reports: Sequence[Report]) -> dict[int, Decimal]:
    """Each metric's value in its latest reported week (reports are the latest per week)."""
    latest: dict[int, tuple[dt.date, Decimal]] = {}
    for report in reports:
        known = latest.get(report.metric_id)
        if known is None or report.week >= known[0]:
            latest[report.metric_id] = (report.week, report.value)
    return {metric_id: value for metric_id, (_, value) in latest.items()}

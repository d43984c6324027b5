"""Where a strategy stands: each goal's progress, trend and last report, from a stored snapshot.

Pure: the snapshot and today's date come in, plain data goes out. The status message, App Home
and the export all read a strategy through this, so they never disagree about a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from bot.domain.model import Goal, Snapshot
from bot.domain.progress import GoalStatus, Reading, goal_status

MISSED = "missed"


class Reported(Protocol):
    """A stored value: `bot.model.Report`, or a report row straight from storage."""

    metric_id: int
    week: dt.date
    value: Decimal


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


def readings_by_metric(reports: Sequence[Reported]) -> dict[int, list[Reading]]:
    """Each metric's readings, by week (reports are already the latest per metric and week)."""
    series: dict[int, list[Reading]] = {}
    for report in reports:
        series.setdefault(report.metric_id, []).append(Reading(report.week, report.value))
    for readings in series.values():
        readings.sort(key=lambda reading: reading.week)
    return series


def goal_standings(
    goals: Sequence[Goal], reports: Sequence[Reported], start: dt.date, today: dt.date
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
        c.week for c in snapshot.checkins if c.status == MISSED and c.week not in reported_weeks
    ]
    latest = max((report.reported_at for report in snapshot.reports), default=None)
    return Standing(
        goals=goal_standings(snapshot.strategy.goals, snapshot.reports, start, today),
        last_checkin=latest.date() if latest else None,
        missed=missed,
        reports=len(snapshot.reports),
    )

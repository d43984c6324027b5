"""The two goals the direction-and-period tests share: visits counted per month (going up) and
a reply time in hours (going down), deadline 30 June 2027; and a live strategy reporting them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from bot.domain.model import (
    Direction,
    Goal,
    GoalType,
    Metric,
    Period,
    Report,
    Snapshot,
    Status,
    Strategy,
)

DEADLINE = dt.date(2027, 6, 30)


def webshop_goals(
    goal_ids: tuple[int, int] = (1, 2), metric_ids: tuple[int, int, int] = (1, 2, 3)
) -> list[Goal]:
    visits = Goal(
        "2,000 visits a month",
        metric="visits",
        baseline=Decimal(1200),
        target=Decimal(2000),
        deadline=DEADLINE,
        goal_type=GoalType.AWARENESS,
        direction=Direction.UP,
        period=Period.MONTH,
        metrics=[Metric("visits", id=metric_ids[0]), Metric("sign-ups", id=metric_ids[1])],
        id=goal_ids[0],
    )
    reply_time = Goal(
        "Reply within 2 hours",
        metric="reply time",
        unit="hours",
        baseline=Decimal(10),
        target=Decimal(2),
        deadline=DEADLINE,
        direction=Direction.DOWN,
        metrics=[Metric("reply time", "hours", id=metric_ids[2])],
        id=goal_ids[1],
    )
    return [visits, reply_time]


W1, W2 = dt.date(2026, 11, 9), dt.date(2026, 11, 16)
REPORTED_AT = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)


def webshop_snapshot(goals: list[Goal], owner: str, **strategy: Any) -> Snapshot:
    """A live "Webshop" strategy (id 9, started 2 November 2026) with `goals`, and two weeks of
    reports on the webshop goals: visits 1,500 then 1,600, reply time 9 then 6 hours."""
    found = Strategy(
        "T1",
        "C1",
        "Webshop",
        owner,
        owner_id=owner,
        status=Status.LIVE,
        goals=goals,
        started_on=dt.date(2026, 11, 2),
        id=9,
        **strategy,
    )
    values = [(1, 1, W1, "1500"), (2, 3, W1, "9"), (1, 1, W2, "1600"), (2, 3, W2, "6")]
    reports = [
        Report(n, goal, metric, week, Decimal(value), owner, REPORTED_AT)
        for n, (goal, metric, week, value) in enumerate(values, start=1)
    ]
    return Snapshot(found, reports)

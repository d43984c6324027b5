"""The two goals the direction-and-period tests share: visits counted per month (going up) and
a reply time in hours (going down), deadline 30 June 2027."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.domain.model import Direction, Goal, GoalType, Metric, Period

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

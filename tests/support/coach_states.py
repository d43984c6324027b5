"""A strategy in the middle of the dialogue, as the coach's pure tests start from it: one goal
(followers 1,200 -> 5,000 by 30 June 2027), a mission, an owner and benefits, and the step and
question given; a half-typed goal where the question needs one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.domain.model import Goal, GoalType, Metric, Schedule, Step, Strategy


def strategy_at(step: Step, awaiting: str) -> Strategy:
    goal = Goal(
        description="5000 followers",
        metric="Instagram followers",
        baseline=Decimal(1200),
        target=Decimal(5000),
        deadline=dt.date(2027, 6, 30),
        goal_type=GoalType.AWARENESS,
        metrics=[Metric("followers")],
    )
    strategy = Strategy(
        id=1,
        team_id="T111",
        channel_id="C1",
        name="Strategy for #marketing",
        started_by="U1",
        thread_ts="1.1",
        goals=[goal],
        mission="We make the brand human.",
        owner_id="U1",
        schedule=Schedule(),
        benefits=["Behind the scenes every Friday"],
    )
    strategy.conversation.step = step
    strategy.conversation.awaiting = awaiting
    if awaiting == "goal_details":
        strategy.conversation.draft = {"metric": "followers", "description": "more followers"}
    if awaiting == "goal_type":
        strategy.conversation.draft = {
            "metric": "x",
            "target": "5",
            "baseline": "1",
            "deadline": "2027-01-01",
        }
    return strategy

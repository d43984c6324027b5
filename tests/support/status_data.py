"""Live strategies with weeks of reports, stored through the real storage code.

Used by the status, App Home and export tests and by bench/status_bench.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import update

from bot.domain.model import Conversation, Goal, GoalType, Metric, Schedule, Status, Strategy
from bot.domain.progress import week_start
from bot.domain.slots import next_slot
from storage import checkin_claims, checkin_schedules, reports, strategies
from storage.db import SessionFactory
from storage.models import StrategyRow

TEAM = "T111"


def live_strategy(
    channel: str = "C1",
    goals: int = 1,
    metrics_per_goal: int = 1,
    owner: str = "U1",
    team: str = TEAM,
    name: str | None = None,
    deadline: dt.date = dt.date(2027, 12, 31),
) -> Strategy:
    return Strategy(
        team_id=team,
        channel_id=channel,
        name=name or f"Strategy for #{channel.lower()}",
        started_by="U1",
        owner_id=owner,
        status=Status.LIVE,
        thread_ts="1690000000.000100",
        card_ts="1690000000.000100",
        mission="We make the brand human: people meet the people behind it.",
        conversation=Conversation(step=None, awaiting=""),
        goals=[
            Goal(
                description=f"Goal {g + 1}: more Instagram followers",
                metric=f"followers {g + 1}",
                unit="followers" if g % 2 == 0 else "kr",
                baseline=Decimal(1000),
                target=Decimal(5000),
                deadline=deadline,
                goal_type=GoalType.AWARENESS,
                metrics=[
                    Metric(f"followers {g + 1}" if m == 0 else f"metric {g + 1}.{m + 1}")
                    for m in range(metrics_per_goal)
                ],
            )
            for g in range(goals)
        ],
        schedule=Schedule(weekday=0, time=dt.time(9, 0), timezone="Europe/Oslo"),
        benefits=["Behind the scenes every Friday"],
    )


def store(
    sessions: SessionFactory,
    strategy: Strategy,
    today: dt.date,
    weeks: int = 0,
    missed: tuple[int, ...] = (),
    started_weeks_ago: int | None = None,
    next_checkin: dt.datetime | None = None,
) -> Strategy:
    """Save `strategy`, backdate its start, and store `weeks` weekly reports for every metric
    up to last week (growing by 40 a week); week numbers in `missed` (0 = the oldest) get a
    missed check-in and no report."""
    started = started_weeks_ago if started_weeks_ago is not None else weeks
    with sessions.begin() as session:
        strategies.save_strategy(session, strategy)
        assert strategy.id is not None
        start = dt.datetime.combine(today - dt.timedelta(weeks=started), dt.time(8), dt.UTC)
        session.execute(
            update(StrategyRow).where(StrategyRow.id == strategy.id).values(created_at=start)
        )
        if next_checkin is None and strategy.status is Status.LIVE and strategy.schedule:
            # As going live writes it: the next check-in is always set (noon UTC, `today`).
            noon = dt.datetime.combine(today, dt.time(12), dt.UTC)
            next_checkin = next_slot(strategy.schedule, noon)
        if next_checkin is not None:
            checkin_schedules.set_next_due(session, strategy.id, next_checkin)
        first = week_start(today) - dt.timedelta(weeks=weeks)
        for n in range(weeks):
            week = first + dt.timedelta(weeks=n)
            due = dt.datetime.combine(week, dt.time(8), dt.UTC)
            checkin_id = checkin_claims.claim_week(session, strategy.id, week, due, "seed", now=due)
            assert checkin_id is not None
            if n in missed:
                checkin_claims.mark_missed(session, checkin_id)
                continue
            for goal in strategy.goals:
                for index, metric in enumerate(goal.metrics):
                    assert goal.id is not None and metric.id is not None
                    reports.add_report(
                        session,
                        strategy.id,
                        checkin_id,
                        goal.id,
                        metric.id,
                        week,
                        Decimal(1000 + 40 * (n + 1) + index),
                        strategy.owner_id or "U1",
                        due + dt.timedelta(hours=2),
                    )
            checkin_claims.mark_answered(session, checkin_id, due + dt.timedelta(hours=2))
    with sessions.begin() as session:
        loaded = strategies.strategy_by_id(session, strategy.team_id, strategy.id)
    assert loaded is not None
    return loaded

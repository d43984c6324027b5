"""Strategies read in bulk for the check-in tick's DMs and reminders: a few Core queries per
batch (strategies, their goals, their goals' metrics, their schedules), made into the same
`bot.domain.model.Strategy` as storage/strategies.py's `to_strategy` makes from ORM rows,
without building ORM objects for hundreds of strategies at a time.

Left out, because a DM never shows them: the builder's conversation and the held-report counts
only an edit needs. Strategies of any team come back, each with its `team_id` for the caller
to check.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.model import Strategy
from storage.models import GoalRow, MetricRow, ScheduleRow, StrategyRow
from storage.strategies import to_strategy


def strategies_by_ids(session: Session, strategy_ids: Iterable[int]) -> dict[int, Strategy]:
    """The strategies with these ids, by id, goals and metrics in their order."""
    ids = sorted(set(strategy_ids))
    if not ids:
        return {}
    goals_table, metrics_table = GoalRow.__table__, MetricRow.__table__
    metrics: dict[int, list[SimpleNamespace]] = defaultdict(list)
    for row in session.execute(
        select(metrics_table)
        .join(goals_table, goals_table.c.id == metrics_table.c.goal_id)
        .where(goals_table.c.strategy_id.in_(ids))
        .order_by(metrics_table.c.goal_id, metrics_table.c.position, metrics_table.c.id)
    ):
        metrics[row.goal_id].append(SimpleNamespace(**row._mapping))
    goals: dict[int, list[SimpleNamespace]] = defaultdict(list)
    for row in session.execute(
        select(goals_table)
        .where(goals_table.c.strategy_id.in_(ids))
        .order_by(goals_table.c.strategy_id, goals_table.c.position, goals_table.c.id)
    ):
        goals[row.strategy_id].append(SimpleNamespace(**row._mapping, metrics=metrics[row.id]))
    schedules = {
        row.strategy_id: SimpleNamespace(**row._mapping)
        for row in session.execute(
            select(ScheduleRow.__table__).where(ScheduleRow.__table__.c.strategy_id.in_(ids))
        )
    }
    found: dict[int, Strategy] = {}
    for row in session.execute(
        select(StrategyRow.__table__).where(StrategyRow.__table__.c.id.in_(ids))
    ):
        view = SimpleNamespace(
            **row._mapping,
            goals=goals[row.id],
            schedule=schedules.get(row.id),
            conversation=None,
        )
        found[row.id] = to_strategy(view)  # type: ignore[arg-type]
    return found

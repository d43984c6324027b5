"""Strategies with their goals, metrics, schedule and open question: loaded and saved whole.

Each function takes an open session; the caller owns the transaction. Every lookup is scoped by
Slack team id, so one workspace never sees another's strategies. Rows go in and out as
`bot.domain.model.Strategy`; no row leaves this package.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session, selectinload

from bot.domain.model import (
    Conversation,
    Direction,
    Goal,
    GoalType,
    Metric,
    Period,
    Schedule,
    Status,
    Step,
    Strategy,
)
from storage.models import (
    ConversationRow,
    GoalRow,
    MetricRow,
    ScheduleRow,
    StrategyRow,
)
from storage.workspaces import ensure_workspace

STRATEGY_LOAD = (
    selectinload(StrategyRow.goals).selectinload(GoalRow.metrics),
    selectinload(StrategyRow.schedule),
    selectinload(StrategyRow.conversation),
)


def strategy_in_channel(
    session: Session, team_id: str, channel_id: str, lock: bool = False
) -> Strategy | None:
    """`lock` when the caller will change it: the row stays locked until the transaction ends."""
    query = select(StrategyRow).where(
        StrategyRow.team_id == team_id, StrategyRow.channel_id == channel_id
    )
    return _load(session, query, lock)


def strategy_by_id(
    session: Session, team_id: str, strategy_id: int, lock: bool = False
) -> Strategy | None:
    query = select(StrategyRow).where(StrategyRow.team_id == team_id, StrategyRow.id == strategy_id)
    return _load(session, query, lock)


def _load(session: Session, query: Select[tuple[StrategyRow]], lock: bool) -> Strategy | None:
    if lock:
        # PostgreSQL: SELECT ... FOR UPDATE. SQLite has no row locks; its transactions
        # already begin IMMEDIATE (storage.db), which serialises writers the same way.
        query = query.with_for_update(of=StrategyRow)
    row = session.scalar(query.options(*STRATEGY_LOAD))
    return to_strategy(row) if row else None


def save_strategy(session: Session, strategy: Strategy) -> Strategy:
    """Insert or update the whole strategy; fills in the ids of new rows."""
    ensure_workspace(session, strategy.team_id)
    if strategy.id is None:
        row = StrategyRow(team_id=strategy.team_id, channel_id=strategy.channel_id)
        session.add(row)
    else:
        row = session.scalar(
            select(StrategyRow)
            .where(StrategyRow.team_id == strategy.team_id, StrategyRow.id == strategy.id)
            .options(*STRATEGY_LOAD)
        )
        if row is None:
            raise LookupError(f"strategy {strategy.id} not found in team {strategy.team_id}")
    row.name = strategy.name
    row.started_by = strategy.started_by
    row.owner_id = strategy.owner_id
    row.language = strategy.language
    row.status = strategy.status.value
    row.thread_ts = strategy.thread_ts
    row.card_ts = strategy.card_ts
    row.mission = strategy.mission
    row.benefits = list(strategy.benefits)
    row.skipped = [step.value for step in strategy.skipped]
    _sync_goals(row, strategy.goals)
    _sync_schedule(row, strategy.schedule)
    conversation = strategy.conversation
    if row.conversation is None:
        row.conversation = ConversationRow(awaiting="")
    row.conversation.step = conversation.step.value if conversation.step else None
    row.conversation.awaiting = conversation.awaiting
    row.conversation.draft = dict(conversation.draft)
    session.flush()
    strategy.id = row.id
    for goal, goal_row in zip(strategy.goals, row.goals, strict=True):
        goal.id = goal_row.id
        for metric, metric_row in zip(goal.metrics, goal_row.metrics, strict=True):
            metric.id = metric_row.id
    return strategy


def _sync_goals(row: StrategyRow, goals: list[Goal]) -> None:
    """Update goals in place by id so their ids (and later their reports) survive edits."""
    existing = {goal_row.id: goal_row for goal_row in row.goals}
    kept: list[GoalRow] = []
    for position, goal in enumerate(goals):
        goal_row = existing.get(goal.id) if goal.id is not None else None
        if goal_row is None:
            goal_row = GoalRow()
        goal_row.position = position
        goal_row.description = goal.description
        goal_row.metric = goal.metric
        goal_row.unit = goal.unit
        goal_row.baseline = goal.baseline
        goal_row.target = goal.target
        goal_row.deadline = goal.deadline
        goal_row.goal_type = goal.goal_type.value if goal.goal_type else None
        goal_row.direction = goal.direction.value if goal.direction else None
        goal_row.period = goal.period.value if goal.period else None
        _sync_metrics(goal_row, goal.metrics)
        kept.append(goal_row)
    row.goals = kept


def _sync_metrics(goal_row: GoalRow, metrics: list[Metric]) -> None:
    existing = {metric_row.id: metric_row for metric_row in goal_row.metrics}
    kept: list[MetricRow] = []
    for position, metric in enumerate(metrics):
        metric_row = existing.get(metric.id) if metric.id is not None else None
        if metric_row is None:
            metric_row = MetricRow()
        metric_row.position = position
        metric_row.name = metric.name
        metric_row.unit = metric.unit
        kept.append(metric_row)
    goal_row.metrics = kept


def _sync_schedule(row: StrategyRow, schedule: Schedule | None) -> None:
    if schedule is None:
        row.schedule = None
        return
    if row.schedule is None:
        row.schedule = ScheduleRow(weekday=0, local_time=schedule.time, timezone="UTC")
    row.schedule.weekday = schedule.weekday
    row.schedule.local_time = schedule.time
    row.schedule.timezone = schedule.timezone


def to_strategy(row: StrategyRow) -> Strategy:
    conversation = row.conversation
    return Strategy(
        id=row.id,
        team_id=row.team_id,
        channel_id=row.channel_id,
        name=row.name,
        started_by=row.started_by,
        owner_id=row.owner_id,
        language=row.language,
        status=Status(row.status),
        thread_ts=row.thread_ts,
        card_ts=row.card_ts,
        mission=row.mission,
        benefits=list(row.benefits or []),
        skipped=[Step(value) for value in row.skipped or []],
        goals=[_to_goal(goal_row) for goal_row in row.goals],
        started_on=row.created_at.date() if row.created_at else None,
        schedule=(
            Schedule(
                weekday=row.schedule.weekday,
                time=row.schedule.local_time,
                timezone=row.schedule.timezone,
            )
            if row.schedule
            else None
        ),
        conversation=(
            Conversation(
                step=Step(conversation.step) if conversation.step else None,
                awaiting=conversation.awaiting,
                draft=dict(conversation.draft or {}),
            )
            if conversation
            else Conversation()
        ),
    )


def _to_goal(row: GoalRow) -> Goal:
    return Goal(
        id=row.id,
        description=row.description,
        metric=row.metric,
        unit=row.unit,
        baseline=row.baseline,
        target=row.target,
        deadline=row.deadline,
        goal_type=GoalType(row.goal_type) if row.goal_type else None,
        direction=Direction(row.direction) if row.direction else None,
        period=Period(row.period) if row.period else None,
        metrics=[Metric(id=m.id, name=m.name, unit=m.unit) for m in row.metrics],
    )


def delete_strategy(session: Session, team_id: str, strategy_id: int | None) -> None:
    row = session.scalar(
        select(StrategyRow).where(StrategyRow.team_id == team_id, StrategyRow.id == strategy_id)
    )
    if row is not None:
        session.delete(row)


def set_schedule_timezone(
    session: Session, team_id: str, strategy_id: int | None, timezone: str
) -> None:
    """The owner's zone as Slack knows it; only the zone changes, whatever else was edited."""
    owned = select(StrategyRow.id).where(
        StrategyRow.team_id == team_id, StrategyRow.id == strategy_id
    )
    session.execute(
        update(ScheduleRow).where(ScheduleRow.strategy_id.in_(owned)).values(timezone=timezone)
    )


def set_deferred_baseline(
    session: Session,
    team_id: str,
    goal_id: int,
    baseline: Decimal,
    direction: Direction | None,
) -> bool:
    """Today's value for a goal saved without one (the first weekly number), with the direction
    the numbers now give. Only while the goal still has no baseline, so a baseline set meanwhile
    (an edit, an earlier report) is never overwritten; True if this set it."""
    owned = select(StrategyRow.id).where(StrategyRow.team_id == team_id)
    result = session.execute(
        update(GoalRow)
        .where(
            GoalRow.id == goal_id,
            GoalRow.strategy_id.in_(owned),
            GoalRow.baseline.is_(None),
        )
        .values(baseline=baseline, direction=direction.value if direction else None)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)

"""Strategies with their goals, metrics, schedule and open question: loaded and saved whole.

Each function takes an open session; the caller owns the transaction. Every lookup is scoped by
Slack team id, so one workspace never sees another's strategies. Rows go in and out as
`bot.domain.model.Strategy`; no row leaves this package.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from bot.domain.model import (
    Conversation,
    Direction,
    Goal,
    GoalType,
    HeldReports,
    Metric,
    Period,
    Schedule,
    Status,
    Step,
    Strategy,
    same_name,
)
from storage.models import (
    ConversationRow,
    GoalRow,
    MetricRow,
    ReportRow,
    ScheduleRow,
    StrategyRow,
    utc,
)
from storage.reports import held_reports
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
    if row is None:
        return None
    # The reports each goal and metric holds: an edit that removes one asks first.
    return to_strategy(row, held_reports(session, row.id))


def save_strategy(
    session: Session, strategy: Strategy, created_at: dt.datetime | None = None
) -> Strategy:
    """Insert or update the whole strategy; fills in the ids of new rows. `created_at` (the
    service's clock) is when a new one was started, where its plan's line begins; without it
    the database's clock says.

    Goals and metrics keep their rows (and so their reports) by id; a metric without an id takes
    the row of the goal's metric of the same name. A goal or metric left out is deleted if it
    holds no reports and archived if it does: history is never deleted by an edit.
    """
    ensure_workspace(session, strategy.team_id)
    if strategy.id is None:
        row = StrategyRow(team_id=strategy.team_id, channel_id=strategy.channel_id)
        if created_at is not None:
            row.created_at = utc(created_at)
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
    # Counted now, in this transaction, whatever the strategy in hand was loaded with.
    held = held_reports(session, strategy.id)
    active = _sync_goals(row, strategy.goals, held)
    _sync_schedule(row, strategy.schedule)
    conversation = strategy.conversation
    if row.conversation is None:
        row.conversation = ConversationRow(awaiting="")
    row.conversation.step = conversation.step.value if conversation.step else None
    row.conversation.awaiting = conversation.awaiting
    row.conversation.draft = dict(conversation.draft)
    session.flush()
    strategy.id = row.id
    for goal, (goal_row, metric_rows) in zip(strategy.goals, active, strict=True):
        goal.id = goal_row.id
        for metric, metric_row in zip(goal.metrics, metric_rows, strict=True):
            metric.id = metric_row.id
    return strategy


def _sync_goals(
    row: StrategyRow, goals: list[Goal], held: HeldReports
) -> list[tuple[GoalRow, list[MetricRow]]]:
    """Update goals in place by id so their ids and reports survive edits; the rows of `goals`
    with their metrics' rows, in order."""
    existing = {goal_row.id: goal_row for goal_row in row.goals}
    active: list[tuple[GoalRow, list[MetricRow]]] = []
    for position, goal in enumerate(goals):
        goal_row = existing.pop(goal.id, None) if goal.id is not None else None
        if goal_row is None:
            goal_row = GoalRow()
        goal_row.archived_at = None
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
        active.append((goal_row, _sync_metrics(goal_row, goal.metrics, held)))
    # Left out: archived if it holds reports (or already was), else deleted with its metrics.
    kept = [goal_row for goal_row, _ in active]
    for goal_row in existing.values():
        if goal_row.archived_at is None and held.goals.get(goal_row.id, 0):
            goal_row.archived_at = func.now()
        if goal_row.archived_at is not None:
            kept.append(goal_row)
    row.goals = kept
    return active


def _sync_metrics(goal_row: GoalRow, metrics: list[Metric], held: HeldReports) -> list[MetricRow]:
    rows = list(goal_row.metrics)
    chosen: list[MetricRow] = []
    for position, metric in enumerate(metrics):
        metric_row = _metric_row(rows, metric)
        if metric_row is None:
            metric_row = MetricRow()
        else:
            rows.remove(metric_row)
        metric_row.archived_at = None  # a metric named again comes back with its history
        metric_row.position = position
        metric_row.name = metric.name
        metric_row.unit = metric.unit
        chosen.append(metric_row)
    kept = list(chosen)
    for metric_row in rows:
        if metric_row.archived_at is None and held.metrics.get(metric_row.id, 0):
            metric_row.archived_at = func.now()
        if metric_row.archived_at is not None:
            kept.append(metric_row)
    goal_row.metrics = kept
    return chosen


def _metric_row(rows: list[MetricRow], metric: Metric) -> MetricRow | None:
    """The stored row `metric` is: by id, else an active metric of the same name, else an
    archived one of that name (the same number, asked for again)."""
    if metric.id is not None:
        found = next((r for r in rows if r.id == metric.id), None)
        if found is not None:
            return found
    named = [r for r in rows if same_name(r.name, metric.name)]
    return next((r for r in named if r.archived_at is None), None) or next(iter(named), None)


def _sync_schedule(row: StrategyRow, schedule: Schedule | None) -> None:
    if schedule is None:
        row.schedule = None
        return
    if row.schedule is None:
        row.schedule = ScheduleRow(weekday=0, local_time=schedule.time, timezone="UTC")
    row.schedule.weekday = schedule.weekday
    row.schedule.local_time = schedule.time
    row.schedule.timezone = schedule.timezone


def to_strategy(row: StrategyRow, held: HeldReports | None = None) -> Strategy:
    """The strategy with its active goals and metrics; archived ones apart (export, history)."""
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
        goals=[_to_goal(goal_row) for goal_row in row.goals if goal_row.archived_at is None],
        archived_goals=[
            _to_goal(goal_row, archived=True)
            for goal_row in row.goals
            if goal_row.archived_at is not None
        ],
        held=held or HeldReports(),
        started_on=_day(row.created_at),
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


def _day(moment: dt.datetime | None) -> dt.date | None:
    """The UTC date of a stored moment (PostgreSQL hands it back in the session's zone, SQLite
    without one: it was stored as UTC)."""
    if moment is None:
        return None
    return (moment if moment.tzinfo is None else moment.astimezone(dt.UTC)).date()


def _to_goal(row: GoalRow, archived: bool = False) -> Goal:
    """An archived goal keeps all its metrics; an active one lists its archived ones apart."""
    metrics: list[Metric] = []
    archived_metrics: list[Metric] = []
    for metric_row in row.metrics:
        metric = Metric(id=metric_row.id, name=metric_row.name, unit=metric_row.unit)
        (metrics if archived or metric_row.archived_at is None else archived_metrics).append(metric)
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
        metrics=metrics,
        archived_metrics=archived_metrics,
    )


def delete_strategy(session: Session, team_id: str, strategy_id: int | None) -> None:
    row = session.scalar(
        select(StrategyRow).where(StrategyRow.team_id == team_id, StrategyRow.id == strategy_id)
    )
    if row is not None:
        # Reports no longer go with their goals and metrics on their own: a strategy deleted
        # whole takes its reports first.
        session.execute(delete(ReportRow).where(ReportRow.strategy_id == row.id))
        session.delete(row)


def set_card(session: Session, team_id: str, strategy_id: int, card_ts: str) -> bool:
    """The card's ts, also the thread's, only while the strategy has no card (compare-and-set):
    True if this call set it."""
    result = session.execute(
        update(StrategyRow)
        .where(
            StrategyRow.team_id == team_id,
            StrategyRow.id == strategy_id,
            StrategyRow.card_ts.is_(None),
        )
        .values(card_ts=card_ts, thread_ts=card_ts)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


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

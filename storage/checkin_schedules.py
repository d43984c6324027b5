"""Check-in schedules: when each live strategy's next check-in falls due, paused or not.

`next_due_at` is moved by compare-and-set, so concurrent ticks advance a slot once; the whole
exactly-once design is explained in storage/checkin_claims.py. Instants are aware UTC datetimes
passed in; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select, true, update
from sqlalchemy.orm import Session

from bot.domain.model import DueSchedule, Status
from storage.db import changed_one
from storage.models import ScheduleRow, StrategyRow, utc
from storage.workspaces import installed_team


def set_next_due(session: Session, strategy_id: int, next_due_at: dt.datetime | None) -> None:
    """Set the next slot unconditionally (schedule created or edited); None unschedules."""
    session.execute(
        update(ScheduleRow)
        .where(ScheduleRow.strategy_id == strategy_id)
        .values(next_due_at=utc(next_due_at) if next_due_at else None)
    )


def set_paused(
    session: Session, strategy_id: int, paused: bool, paused_until: dt.date | None = None
) -> None:
    session.execute(
        update(ScheduleRow)
        .where(ScheduleRow.strategy_id == strategy_id)
        .values(paused=paused, paused_until=paused_until)
    )


def due_schedules(
    session: Session, now: dt.datetime, limit: int = 500, team_id: str | None = None
) -> list[DueSchedule]:
    """Live, unpaused schedules whose slot is at or before `now`, oldest slot first.

    Every installed team's (the scheduler serves them all, and `team_id` comes back with each
    row), or only `team_id`'s (the shell's, whose clock runs ahead of everyone else's).
    `paused_until` is compared with now's UTC date: paused through that day, due after it.
    """
    now = utc(now)
    rows = session.execute(
        select(
            ScheduleRow.strategy_id,
            StrategyRow.team_id,
            StrategyRow.owner_id,
            ScheduleRow.next_due_at,
            ScheduleRow.weekday,
            ScheduleRow.local_time,
            ScheduleRow.timezone,
        )
        .join(StrategyRow, StrategyRow.id == ScheduleRow.strategy_id)
        .where(
            StrategyRow.status == Status.LIVE.value,
            ScheduleRow.paused.is_(False),
            or_(ScheduleRow.paused_until.is_(None), ScheduleRow.paused_until < now.date()),
            ScheduleRow.next_due_at <= now,
            installed_team(StrategyRow.team_id),  # nothing goes to an uninstalled workspace
            true() if team_id is None else StrategyRow.team_id == team_id,
        )
        .order_by(ScheduleRow.next_due_at, ScheduleRow.strategy_id)
        .limit(limit)
    ).all()
    return [
        DueSchedule(
            strategy_id=row.strategy_id,
            team_id=row.team_id,
            owner_id=row.owner_id,
            next_due_at=row.next_due_at,
            weekday=row.weekday,
            local_time=row.local_time,
            timezone=row.timezone,
        )
        for row in rows
    ]


def advance_schedule(
    session: Session,
    strategy_id: int,
    expected_due_at: dt.datetime,
    next_due_at: dt.datetime | None,
) -> bool:
    """Move the slot from `expected_due_at` to `next_due_at`; False if someone already moved it.

    On PostgreSQL a concurrent UPDATE waits for the first to commit, then re-checks the WHERE
    against the new value and matches nothing.
    """
    return changed_one(
        session,
        update(ScheduleRow)
        .where(
            ScheduleRow.strategy_id == strategy_id,
            ScheduleRow.next_due_at == utc(expected_due_at),
        )
        .values(next_due_at=utc(next_due_at) if next_due_at else None)
        .execution_options(synchronize_session="fetch"),
    )


def usual_timezone(session: Session, team_id: str) -> str | None:
    """The zone most of a workspace's schedules use (UTC aside): the best guess for an owner
    whose own zone Slack could not give."""
    zone = ScheduleRow.timezone
    return session.scalar(
        select(zone)
        .join(StrategyRow, StrategyRow.id == ScheduleRow.strategy_id)
        .where(StrategyRow.team_id == team_id, zone != "UTC")
        .group_by(zone)
        .order_by(func.count().desc(), zone)
        .limit(1)
    )

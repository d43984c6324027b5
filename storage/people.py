"""Owners' Slack profiles: the time zone and locale Slack last gave for a person (with when),
and the app's DM channel with them, per (team, user). Kept so a check-in costs one Web API call
(bot/domain/profiles.py says when Slack is asked again). Nothing here reads the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from bot.domain.model import Schedule, Status
from bot.domain.profiles import OwnerProfile
from storage.db import dialect_insert
from storage.models import OwnerProfileRow, ScheduleRow, StrategyRow, utc


def _profile(row: OwnerProfileRow) -> OwnerProfile:
    return OwnerProfile(
        team_id=row.team_id,
        user_id=row.user_id,
        tz=row.tz,
        locale=row.locale,
        dm_channel=row.dm_channel,
        checked_at=row.checked_at,
    )


def profile(session: Session, team_id: str, user_id: str) -> OwnerProfile | None:
    row = session.get(OwnerProfileRow, (team_id, user_id))
    return None if row is None else _profile(row)


def profiles(
    session: Session, people: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], OwnerProfile]:
    """The stored profiles of these (team, user) pairs, in one query; the unknown are absent."""
    keys = sorted(set(people))
    if not keys:
        return {}
    rows = session.scalars(
        select(OwnerProfileRow).where(
            tuple_(OwnerProfileRow.team_id, OwnerProfileRow.user_id).in_(keys)
        )
    )
    return {(row.team_id, row.user_id): _profile(row) for row in rows}


def _upsert(session: Session, team_id: str, user_id: str, values: dict[str, object]) -> None:
    insert = dialect_insert(session)(OwnerProfileRow)
    session.execute(
        insert.values(team_id=team_id, user_id=user_id, **values).on_conflict_do_update(
            index_elements=[OwnerProfileRow.team_id, OwnerProfileRow.user_id], set_=values
        )
    )


def save_checked(
    session: Session,
    team_id: str,
    user_id: str,
    tz: str,
    locale: str | None,
    checked_at: dt.datetime,
) -> None:
    """What Slack just said of the person; a locale Slack left out keeps the stored one."""
    values: dict[str, object] = {"tz": tz, "checked_at": utc(checked_at)}
    if locale:
        values["locale"] = locale[:16]
    _upsert(session, team_id, user_id, values)


def remember_dm(session: Session, team_id: str, user_id: str, dm_channel: str) -> None:
    """The app's DM channel with the person, as a post's answer named it."""
    _upsert(session, team_id, user_id, {"dm_channel": dm_channel})


def owned_live_schedules(
    session: Session, team_id: str, user_id: str
) -> list[tuple[int, Schedule, dt.datetime | None]]:
    """The live strategies the person owns in the team: id, schedule and next slot (UTC)."""
    rows = session.execute(
        select(
            ScheduleRow.strategy_id,
            ScheduleRow.weekday,
            ScheduleRow.local_time,
            ScheduleRow.timezone,
            ScheduleRow.next_due_at,
        )
        .join(StrategyRow, StrategyRow.id == ScheduleRow.strategy_id)
        .where(
            StrategyRow.team_id == team_id,
            StrategyRow.owner_id == user_id,
            StrategyRow.status == Status.LIVE.value,
        )
        .order_by(ScheduleRow.strategy_id)
    ).all()
    return [
        (row.strategy_id, Schedule(row.weekday, row.local_time, row.timezone), row.next_due_at)
        for row in rows
    ]

"""Owners' Slack profiles: the time zone and locale Slack last gave for a person (with when),
and the app's DM channel with them, per (team, user). Kept so a check-in costs one Web API call
(bot/domain/profiles.py says when Slack is asked again). Nothing here reads the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import and_, select, tuple_
from sqlalchemy.orm import Session

from bot.domain.model import Schedule, Status
from bot.domain.profiles import OwnerProfile
from storage import processed_messages
from storage.db import dialect_insert
from storage.models import OwnerProfileRow, ProcessedMessage, ScheduleRow, StrategyRow, utc
from storage.workspaces import installed_team

# The background refresh's claims, kept with the handled messages (storage/processed_messages):
# (team, user id, ASKED) says Slack was asked about the person then, by any process; (team,
# REFRESH_RUN, REFRESH_RUN) says a process is taking this run of the team's refreshes.
ASKED = "profile-asked"
REFRESH_RUN = "profile-refresh"


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


# --- the background refresh (bot/checkins/profile_refresh.py) ---------------------------------


def teams_with_owners(session: Session, only_team: str | None = None) -> list[str]:
    """The installed teams with a live strategy that has an owner (only `only_team`, if given)."""
    query = (
        select(StrategyRow.team_id)
        .where(
            StrategyRow.status == Status.LIVE.value,
            StrategyRow.owner_id.is_not(None),
            installed_team(StrategyRow.team_id),
        )
        .distinct()
        .order_by(StrategyRow.team_id)
    )
    if only_team is not None:
        query = query.where(StrategyRow.team_id == only_team)
    return list(session.scalars(query))


def owners_to_refresh(
    session: Session,
    team_id: str,
    checked_before: dt.datetime,
    asked_before: dt.datetime,
    limit: int,
) -> list[str]:
    """Up to `limit` owners of the team's live strategies whose profile Slack last gave before
    `checked_before` (or never), and who were not asked since `asked_before`: the never asked
    first, then the oldest."""
    asked = ProcessedMessage
    checked_at = OwnerProfileRow.checked_at
    query = (
        select(StrategyRow.owner_id, checked_at)
        .outerjoin(
            OwnerProfileRow,
            and_(
                OwnerProfileRow.team_id == StrategyRow.team_id,
                OwnerProfileRow.user_id == StrategyRow.owner_id,
            ),
        )
        .outerjoin(
            asked,
            and_(
                asked.team_id == StrategyRow.team_id,
                asked.channel_id == StrategyRow.owner_id,
                asked.message_ts == ASKED,
            ),
        )
        .where(
            StrategyRow.team_id == team_id,
            StrategyRow.status == Status.LIVE.value,
            StrategyRow.owner_id.is_not(None),
            (checked_at.is_(None)) | (checked_at < utc(checked_before)),
            (asked.processed_at.is_(None)) | (asked.processed_at < utc(asked_before)),
        )
        .distinct()
        .order_by(checked_at.asc().nulls_first(), StrategyRow.owner_id)
        .limit(limit)
    )
    return [owner for owner, _ in session.execute(query) if owner]


def claim_refresh_run(
    session: Session, team_id: str, now: dt.datetime, every: dt.timedelta
) -> bool:
    """This process takes the team's refresh run; False if another took one less than `every`
    ago (several processes on one database ask Slack no more often than one)."""
    return processed_messages.claim_within(session, team_id, REFRESH_RUN, REFRESH_RUN, now, every)


def claim_ask(
    session: Session, team_id: str, user_id: str, now: dt.datetime, every: dt.timedelta
) -> bool:
    """Slack is about to be asked about the person; False if it was less than `every` ago."""
    return processed_messages.claim_within(session, team_id, user_id, ASKED, now, every)


def release_asks(session: Session, team_id: str, user_ids: list[str]) -> None:
    """Claims of `claim_ask` given up before Slack was asked (the process is stopping)."""
    for user_id in user_ids:
        processed_messages.release(session, team_id, user_id, ASKED)

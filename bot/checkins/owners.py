"""Owners as the check-ins know them, at one Web API call per check-in: their time zone from the
stored profile (storage/people.py) while it is fresh, from Slack (`users.info`) only when it is
missing or old (bot/domain/profiles.py); the DM posted to the stored DM channel, or to the
person's user id, whose answer names the DM (never `conversations.open` first).

Slack's `user_change` event (handlers/people.py) keeps an owner's profile current: a new time
zone moves their strategies' next check-in as the tick's own check does (sending.py), a DST
change being no change of the IANA zone. The background refresh (profile_refresh.py) asks Slack
about owners whose profile will soon be old, a few at a time, and keeps the answer the same way.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from bot.domain.model import Schedule
from bot.domain.profiles import OwnerProfile, is_fresh
from bot.domain.slots import next_slot
from bot.slack.client import SlackIO
from storage import checkin_schedules, people, strategies
from storage.db import SessionFactory

log = logging.getLogger(__name__)


class OwnerProfiles:
    def __init__(
        self, sessions: SessionFactory, slack: SlackIO, now: Callable[[], dt.datetime]
    ) -> None:
        self.sessions = sessions
        self.slack = slack
        self.now = now  # for the events; the tick passes its own `now`

    def current(
        self, team_id: str, user_id: str, known: OwnerProfile | None, now: dt.datetime
    ) -> OwnerProfile | None:
        """`known` while fresh; else what Slack says now, stored. When Slack can't say,
        `known` as it is (the check-in goes out in the zone we had)."""
        if is_fresh(known, now):
            return known
        asked = self.slack.user(user_id)
        if asked.tz is None:
            return known
        with self.sessions.begin() as session:
            people.save_checked(session, team_id, user_id, asked.tz, asked.locale, now)
        return OwnerProfile(
            team_id=team_id,
            user_id=user_id,
            tz=asked.tz,
            locale=asked.locale or (known.locale if known else None),
            dm_channel=known.dm_channel if known else None,
            checked_at=now,
        )

    def post_dm(
        self, user_id: str, known: OwnerProfile | None, text: str, blocks: list[dict]
    ) -> tuple[str, str] | None:
        """Post in the app's DM with the person: (the DM's channel id, ts), or None (logged)."""
        to = (known.dm_channel if known else None) or user_id
        channel, ts, error = self.slack.post_where(to, text, blocks)
        if ts is None or channel is None or not channel.startswith("D"):
            log.warning("The DM to %s failed: %s", user_id, error or "no DM channel known")
            return None
        return channel, ts

    @staticmethod
    def remember_dm(
        session: Session, team_id: str, user_id: str, known: OwnerProfile | None, channel: str
    ) -> None:
        """Keep the DM's channel id (in the caller's transaction), once it is new."""
        if known is None or known.dm_channel != channel:
            people.remember_dm(session, team_id, user_id, channel)

    def changed(self, team_id: str, user: dict[str, Any]) -> int:
        """Slack's `user_change`: an owner's new zone and locale kept, and each of their live
        strategies' next check-in moved to a new zone; how many moved. Nobody else is stored."""
        user_id, zone = user.get("id"), _zone(user.get("tz"))
        if not isinstance(user_id, str) or not user_id or zone is None:
            return 0
        locale = user.get("locale") if isinstance(user.get("locale"), str) else None
        return self._keep(team_id, user_id, zone, locale, self.now()) or 0

    def refresh(self, team_id: str, user_id: str, now: dt.datetime) -> bool:
        """The background refresh (bot/checkins/profile_refresh.py): the owner's profile asked
        of Slack now and kept, their check-ins moved as for `user_change`; False when Slack
        could not say (the stored profile stays as it was)."""
        asked = self.slack.user(user_id)
        if asked.tz is None:
            return False
        return self._keep(team_id, user_id, asked.tz, asked.locale, now) is not None

    def _keep(
        self, team_id: str, user_id: str, zone: str, locale: str | None, now: dt.datetime
    ) -> int | None:
        """Slack's word on an owner kept, and their live strategies' next check-ins moved to a
        new zone: how many moved; None (nothing stored) for someone the coach doesn't DM."""
        moved = 0
        with self.sessions.begin() as session:
            owned = people.owned_live_schedules(session, team_id, user_id)
            if not owned and people.profile(session, team_id, user_id) is None:
                return None  # not someone the coach DMs
            people.save_checked(session, team_id, user_id, zone, locale, now)
            for strategy_id, schedule, due_at in owned:
                if schedule.timezone == zone:
                    continue
                strategies.set_schedule_timezone(session, team_id, strategy_id, zone)
                if due_at is not None:  # as the tick moves it (sending.py `_zone_moved`)
                    following = next_slot(Schedule(schedule.weekday, schedule.time, zone), now)
                    checkin_schedules.advance_schedule(session, strategy_id, due_at, following)
                moved += 1
        return moved


def _zone(value: object) -> str | None:
    """An IANA zone name Python knows, else None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return value

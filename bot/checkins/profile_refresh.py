"""Owners' profiles refreshed beside the check-ins, a few at a time, so the Monday 09:00 tick finds
them fresh and asks Slack nothing but the post.

The tick asks `users.info` for a profile older than `ASK_SLACK_AFTER` (bot/domain/profiles.py):
every owner who went live in the same week would be asked in the same tick, two calls per DM,
and at Slack's Tier 4 (about 100 `users.info` a minute per workspace) 10,000 owners would take
an hour and a half. This job, run every minute by the scheduler beside the tick
(bot/runtime/scheduler.py), asks instead about the owners of live strategies whose profile is
within `REFRESH_AHEAD` of going stale, the oldest first: at most `PER_RUN` per workspace and
run, each workspace in its own scope (`in_team`, its token), so a workspace's owners are asked
well inside Tier 4 (a week's worth of refreshes at 30 a minute: over 300,000 owners).

Several `strategy-coach run` processes on one database each run the job; the database decides:
a workspace's run is claimed for `RUN_EVERY` (one process asks for it per minute), and each
owner for `ASK_AT_MOST_EVERY` before Slack is asked (never the same person twice a day, by
any process, answered or not). Slack's answer is kept as a `user_change` event's is
(bot/checkins/owners.py): a new zone moves the owner's next check-ins at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from bot.checkins.owners import OwnerProfiles
from bot.domain.profiles import ASK_AT_MOST_EVERY, refresh_checked_before
from bot.slack.team_scope import in_team
from storage import people
from storage.db import SessionFactory

log = logging.getLogger(__name__)

# Owners asked about per workspace and run. With one run a minute, 30 is under a third of Tier
# 4's 100 `users.info` a minute: the rest stays for the requests and the tick's own asks.
PER_RUN = 30
# A workspace's run is taken by one process at a time for this long: a little under the job's
# minute, so one process whose runs come a few milliseconds early never skips one.
RUN_EVERY = dt.timedelta(seconds=55)


def _never() -> bool:
    return False


class ProfileRefresher:
    def __init__(
        self,
        sessions: SessionFactory,
        owners: OwnerProfiles,
        only_team: str | None = None,
        per_run: int = PER_RUN,
    ) -> None:
        self.sessions = sessions
        self.owners = owners
        # The one workspace a bot with one token can reach (as `CheckinSender.only_team`).
        self.only_team = only_team
        self.per_run = per_run

    def run(self, now: dt.datetime, should_stop: Callable[[], bool] = _never) -> int:
        """One run: each workspace's owners due for a refresh asked and kept; how many Slack
        answered. `should_stop` is asked before each owner (the process is stopping)."""
        with self.sessions.begin() as session:
            teams = people.teams_with_owners(session, self.only_team)
        refreshed = 0
        for team_id in teams:
            if should_stop():
                break
            with in_team(team_id):
                refreshed += self._refresh_team(team_id, now, should_stop)
        return refreshed

    def _refresh_team(self, team_id: str, now: dt.datetime, should_stop: Callable[[], bool]) -> int:
        with self.sessions.begin() as session:
            if not people.claim_refresh_run(session, team_id, now, RUN_EVERY):
                return 0  # another process runs this workspace's refreshes this minute
            due = people.owners_to_refresh(
                session, team_id, refresh_checked_before(now), now - ASK_AT_MOST_EVERY, self.per_run
            )
            # Claimed in the same transaction, before Slack is asked: once a day, by anyone.
            claimed = [
                u for u in due if people.claim_ask(session, team_id, u, now, ASK_AT_MOST_EVERY)
            ]
        refreshed = 0
        for index, user_id in enumerate(claimed):
            if should_stop():  # the ones not asked are free for the next run, here or elsewhere
                with self.sessions.begin() as session:
                    people.release_asks(session, team_id, claimed[index:])
                break
            # False: Slack could not say (SlackIO logged why); asked again in a day, and the
            # tick asks itself should the profile go stale first.
            refreshed += self.owners.refresh(team_id, user_id, now)
        if claimed:
            log.info("Refreshed %d of %d owners' profiles in %s", refreshed, len(claimed), team_id)
        return refreshed

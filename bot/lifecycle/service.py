"""What happens when Slack takes the app away from a workspace, and when it comes back.

- `uninstalled(team, reason)`: `app_uninstalled`, the bot token in `tokens_revoked`, or the Web
  API refusing the token (`invalid_auth`, `account_inactive`, `token_revoked`, `not_authed`) mark
  the workspace. From then on the scheduler's queries skip it (storage/checkin_schedules.py,
  storage/checkin_claims.py), so nothing scheduled calls Slack for it.
  In multi-workspace mode (an `installations` store given) the installation goes too: its bot
  and installation rows are deleted from slack_sdk's store, so no token of the workspace is
  left to call Slack with. `users_revoked(team, users)`: the users' own tokens were revoked
  (`tokens_revoked` without the bot): their installation rows go, the bot stays.
- `seen(team)`: a signed request from the team, or a working token at start-up, clears the mark;
  its live check-ins restart from their next slot, so the weeks spent uninstalled are neither
  sent late nor recorded as missed. It runs before every request's ack, so a team found
  unmarked is taken at that for `SEEN_WINDOW` seconds (a monotonic clock): a mark made in this
  process ends that at once; one made by another process is seen within the window.
  `installed(team)`: the OAuth flow stored a new installation (its success callback calls
  it): the same, at once.
- `purge_expired(now)`: a workspace marked longer than the grace period loses all its data
  (storage/team_data.py). The scheduler's tick calls it; it looks at most once an hour.

Time is passed in (`now`, and the monotonic `ticks` of the window), never read here.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Protocol

from bot.domain.slots import next_slot
from storage import checkin_schedules, team_data, workspaces
from storage.db import SessionFactory, quick_read

log = logging.getLogger(__name__)

DEFAULT_GRACE = dt.timedelta(days=30)
# How often the tick looks for workspaces whose grace period is over.
PURGE_EVERY = dt.timedelta(hours=1)
# How long a team found unmarked is taken at that (see `seen`), in seconds.
SEEN_WINDOW = 1.0


class _MarksMade:
    """How many marks this process has made (by any lifecycle: the app's, the scheduler's,
    the health check's): a lifecycle's memory of unmarked teams is good only while it holds."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def made(self) -> None:
        with self._lock:
            self.count += 1


_MARKS = _MarksMade()


class Installations(Protocol):
    """The part of slack_sdk's installation store an uninstall uses (storage/installations.py)."""

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None: ...

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None: ...


class WorkspaceLifecycle:
    def __init__(
        self,
        sessions: SessionFactory,
        now: Callable[[], dt.datetime],
        grace: dt.timedelta = DEFAULT_GRACE,
        installations: Installations | None = None,
        ticks: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sessions = sessions
        self.now = now
        self.grace = grace
        # None in single-workspace mode: the one token lives in the environment, not here.
        self.installations = installations
        self.ticks = ticks
        self._lock = threading.Lock()
        self._purged_at: dt.datetime | None = None
        # Team -> (ticks, marks made in this process) when it was last found unmarked.
        self._unmarked: dict[str, tuple[float, int]] = {}

    def uninstalled(
        self,
        team_id: str,
        reason: str,
        enterprise_id: str | None = None,
        org_wide: bool = False,
    ) -> bool:
        """Mark the workspace and, in multi-workspace mode, delete its installation (the org's,
        for an org-wide install); True if it was installed until now. The mark comes first: from
        then on nothing scheduled asks for the workspace's token."""
        marked = self._mark(team_id, reason)
        if team_id and self.installations is not None:
            stored_team = None if org_wide else team_id
            self.installations.delete_bot(enterprise_id=enterprise_id, team_id=stored_team)
            self.installations.delete_installation(enterprise_id=enterprise_id, team_id=stored_team)
            log.warning("Workspace %s: its installation was deleted (%s)", team_id, reason)
        return marked

    def _mark(self, team_id: str, reason: str) -> bool:
        if not team_id:
            return False
        with self.sessions.begin() as session:
            marked = workspaces.mark_uninstalled(session, team_id, reason, self.now())
        _MARKS.made()  # every lifecycle in this process asks again
        if marked:
            log.warning(
                "Workspace %s marked uninstalled (%s): nothing is sent to it; its data is "
                "deleted after %d days unless it comes back",
                team_id,
                reason,
                self.grace.days,
            )
        return marked

    def users_revoked(
        self,
        team_id: str,
        user_ids: Iterable[str],
        enterprise_id: str | None = None,
        org_wide: bool = False,
    ) -> None:
        """Some people's own tokens were revoked, not the bot's: their installation rows go (in
        multi-workspace mode); the bot, its token and the workspace's data stay."""
        if self.installations is None or not team_id:
            return
        stored_team = None if org_wide else team_id
        for user_id in user_ids:
            if isinstance(user_id, str) and user_id:
                self.installations.delete_installation(
                    enterprise_id=enterprise_id, team_id=stored_team, user_id=user_id
                )

    def installed(self, team_id: str) -> bool:
        """The OAuth flow stored an installation for the team: if it was marked uninstalled,
        it is back now (its data is kept, its check-ins resume from their next slot)."""
        return self._back(team_id, None)  # asks the database, whatever the window says

    def auth_failed(self, team_id: str | None, error: str) -> None:
        """The Web API refused the bot token (SlackIO's hook): marked like an uninstall, but the
        installation is kept (a refusal can pass; Slack's own events delete it)."""
        if team_id:
            self._mark(team_id, error)

    def seen(self, team_id: str, happened_at: dt.datetime | None = None) -> bool:
        """The team is back: clear its mark and restart its check-ins from their next slot.
        True if it had been marked. One indexed read without a lock when it was not, and none
        while the team was found unmarked less than `SEEN_WINDOW` seconds ago.

        `happened_at` is when Slack says the event happened: an event from before the mark (a
        late retry of an earlier message, say) is no sign of a reinstall."""
        if not team_id or self._known_unmarked(team_id):
            return False
        return self._back(team_id, happened_at)

    def _back(self, team_id: str, happened_at: dt.datetime | None) -> bool:
        if not team_id:
            return False
        now = self.now()
        # Asked before every request's ack: a look without a lock first (a marked team is
        # rare), then the locked transaction only for a team that has a mark to clear.
        looked_at, marks = self.ticks(), _MARKS.count
        with quick_read(self.sessions) as session:
            if workspaces.uninstalled(session, team_id) is None:
                self._unmarked[team_id] = (looked_at, marks)
                return False
        with self.sessions.begin() as session:
            mark = workspaces.uninstalled(session, team_id)
            if mark is None or (happened_at is not None and happened_at <= mark[0]):
                return False
            workspaces.clear_uninstalled(session, team_id)
            for strategy_id, schedule in workspaces.live_schedules(session, team_id):
                checkin_schedules.set_next_due(session, strategy_id, next_slot(schedule, now))
        log.info("Workspace %s is back: check-ins resume from their next slot", team_id)
        return True

    def _known_unmarked(self, team_id: str) -> bool:
        found = self._unmarked.get(team_id)
        if found is None:
            return False
        looked_at, marks = found
        if marks == _MARKS.count and 0 <= self.ticks() - looked_at < SEEN_WINDOW:
            return True
        self._unmarked.pop(team_id, None)
        return False

    def purge_expired(self, now: dt.datetime) -> dict[str, dict[str, int]]:
        """Delete the data of workspaces uninstalled more than the grace period before `now`;
        rows deleted per team and table. Looks at most once per PURGE_EVERY."""
        with self._lock:
            if self._purged_at is not None and (
                dt.timedelta(0) <= now - self._purged_at < PURGE_EVERY
            ):
                return {}
            self._purged_at = now
        deleted: dict[str, dict[str, int]] = {}
        with self.sessions.begin() as session:
            expired = workspaces.expired_teams(session, now - self.grace)
        for team_id in expired:
            with self.sessions.begin() as session:
                # Re-checked inside the transaction: a reinstall since the query keeps the data.
                mark = workspaces.uninstalled(session, team_id)
                if mark is None or mark[0] > now - self.grace:
                    continue
                deleted[team_id] = team_data.delete_team(session, team_id)
            log.warning(
                "Workspace %s: grace period over, its data was deleted (%d rows)",
                team_id,
                sum(deleted[team_id].values()),
            )
        return deleted

"""`GET /healthz`: the database and, for each workspace, whether the bot token works.

The token is checked with `auth.test`, at most once a minute (the answer is cached), so a load
balancer polling every few seconds costs Slack nothing. The body names workspaces and states,
never a token:

    {"database": "ok", "workspaces": {"T111": "ok"}}

A workspace's state is "ok", Slack's error for its token (`invalid_auth`, …, which also marks it
uninstalled through SlackIO's hook), or why it was marked (`app_uninstalled`,
`tokens_revoked`, …). 200 when the database answers and the token's workspace is "ok"; 503 when
the database is down or the token is dead. A workspace uninstalled long ago (kept for its grace
period) is listed but does not fail the check; Slack being unreachable is reported, not failed.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient

from bot.lifecycle.service import WorkspaceLifecycle
from bot.slack.auth_watch import AUTH_FAILURES
from bot.slack.client import SlackIO
from storage import workspaces
from storage.db import SessionFactory, is_reachable

TOKEN_CHECK_SECONDS = 60.0
OK = "ok"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Health:
    def __init__(
        self,
        sessions: SessionFactory,
        client: WebClient,
        clock: Callable[[], float] = time.monotonic,
        ttl: float = TOKEN_CHECK_SECONDS,
    ) -> None:
        self.sessions = sessions
        self.slack = SlackIO(client, WorkspaceLifecycle(sessions, _utc_now).auth_failed)
        self.clock = clock
        self.ttl = ttl
        self._lock = threading.Lock()
        self._checked: tuple[float, str | None, str | None] | None = None
        self._team: str | None = None

    def _token(self) -> tuple[str | None, str | None]:
        """(team, error) of `auth.test`, asked at most once per `ttl` seconds."""
        with self._lock:
            now = self.clock()
            if self._checked is None or now - self._checked[0] >= self.ttl:
                team, error = self.slack.whoami()
                self._team = team or self._team
                self._checked = (now, team, error)
            return self._team, self._checked[2]

    def check(self) -> tuple[bool, dict[str, object]]:
        """(healthy, the body's JSON)."""
        if not is_reachable(self.sessions):
            return False, {"database": "unreachable", "workspaces": {}}
        team, error = self._token()
        try:
            with self.sessions.begin() as session:
                marked = workspaces.uninstalled_teams(session)
        except Exception:
            return False, {"database": "unreachable", "workspaces": {}}
        states = {team_id: reason for team_id, (_, reason) in marked.items()}
        healthy = True
        if error is not None:
            states[team or "token"] = error
            healthy = error not in AUTH_FAILURES
        elif team is not None:
            states[team] = states.get(team, OK)
            healthy = states[team] == OK
        return healthy, {"database": OK, "workspaces": dict(sorted(states.items()))}

    def response(self) -> tuple[str, bytes]:
        """The HTTP status line and the JSON body."""
        healthy, body = self.check()
        status = "200 OK" if healthy else "503 Service Unavailable"
        return status, (json.dumps(body) + "\n").encode()

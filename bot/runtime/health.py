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

Multi-workspace mode: every installed workspace (storage/installations.py lists them) is checked
with its own token (bot/slack/tokens.py), each answer cached like the one above. There one
workspace's dead token says nothing about this process, so it is reported, not failed: 503 means
the database is down.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable

from slack_bolt import App
from slack_sdk import WebClient

from bot.lifecycle.service import WorkspaceLifecycle
from bot.runtime.token_sources import installed_tokens
from bot.slack.auth_watch import AUTH_FAILURES
from bot.slack.client import SlackIO
from bot.slack.team_scope import in_team
from bot.slack.tokens import NotInstalled, TokenSource
from storage import workspaces
from storage.db import SessionFactory, is_reachable
from storage.installations import InstalledWorkspace, installed_workspaces

TOKEN_CHECK_SECONDS = 60.0
OK = "ok"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Health:
    def __init__(
        self,
        sessions: SessionFactory,
        client: WebClient | TokenSource,
        clock: Callable[[], float] = time.monotonic,
        ttl: float = TOKEN_CHECK_SECONDS,
        installed: Callable[[], list[InstalledWorkspace]] | None = None,
    ) -> None:
        """`installed` (multi-workspace mode) lists the installed workspaces, and `client` is
        then their `InstalledTokens`."""
        self.sessions = sessions
        self.slack = SlackIO(client, WorkspaceLifecycle(sessions, _utc_now).auth_failed)
        self.clock = clock
        self.ttl = ttl
        self.installed = installed
        self._lock = threading.Lock()
        self._checked: tuple[float, str | None, str | None] | None = None
        self._team: str | None = None
        self._per_team: dict[InstalledWorkspace, tuple[float, str | None]] = {}

    def _token(self) -> tuple[str | None, str | None]:
        """(team, error) of `auth.test`, asked at most once per `ttl` seconds."""
        with self._lock:
            now = self.clock()
            if self._checked is None or now - self._checked[0] >= self.ttl:
                team, error = self.slack.whoami()
                self._team = team or self._team
                self._checked = (now, team, error)
            return self._team, self._checked[2]

    def _installed_tokens(self) -> dict[str, str]:
        """Multi-workspace mode: each installed workspace's state, by its own `auth.test`
        (asked at most once per `ttl` seconds for each)."""
        assert self.installed is not None
        states: dict[str, str] = {}
        listed = self.installed()
        with self._lock:
            now = self.clock()
            self._per_team = {w: c for w, c in self._per_team.items() if w in listed}
            for workspace in listed:
                checked = self._per_team.get(workspace)
                if checked is None or now - checked[0] >= self.ttl:
                    checked = (now, self._whoami(workspace))
                    self._per_team[workspace] = checked
                states[workspace.team_id or workspace.enterprise_id or "?"] = checked[1] or OK
        return states

    def _whoami(self, workspace: InstalledWorkspace) -> str | None:
        with in_team(workspace.team_id, workspace.enterprise_id):
            try:
                return self.slack.whoami()[1]
            except NotInstalled:  # uninstalled since the listing
                return "not_installed"

    def check(self) -> tuple[bool, dict[str, object]]:
        """(healthy, the body's JSON)."""
        if not is_reachable(self.sessions):
            return False, {"database": "unreachable", "workspaces": {}}
        if self.installed is not None:
            return self._check_installed()
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

    def _check_installed(self) -> tuple[bool, dict[str, object]]:
        try:
            with self.sessions.begin() as session:
                marked = workspaces.uninstalled_teams(session)
            states = {team_id: reason for team_id, (_, reason) in marked.items()}
            states.update(self._installed_tokens())
        except Exception:
            return False, {"database": "unreachable", "workspaces": {}}
        return True, {"database": OK, "workspaces": dict(sorted(states.items()))}

    def response(self) -> tuple[str, bytes]:
        """The HTTP status line and the JSON body."""
        healthy, body = self.check()
        status = "200 OK" if healthy else "503 Service Unavailable"
        return status, (json.dumps(body) + "\n").encode()


def health_for(sessions: SessionFactory, app: App) -> Health:
    """The check for `app`: its one token, or (multi-workspace mode, Bolt's OAuth flow set up)
    each installed workspace's own."""
    flow, store = app.oauth_flow, app.installation_store
    if flow is None or store is None:
        return Health(sessions, app.client)
    settings = flow.settings
    engine = sessions.kw["bind"]
    tokens = installed_tokens(
        store, app.client.base_url, settings.client_id, settings.client_secret, engine
    )
    return Health(
        sessions, tokens, installed=lambda: installed_workspaces(engine, settings.client_id)
    )

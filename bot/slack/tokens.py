"""Where a Slack call's token comes from: one bot token, or the installed workspace's.

- `SingleToken(client)`: single-workspace mode (SLACK_BOT_TOKEN). The one client, whatever
  team is in scope: exactly the behaviour from before multi-workspace mode.
- `InstalledTokens(installation_store, api_url, client_id, client_secret)`: multi-workspace
  mode. The team in scope (bot/slack/team_scope.py) names the installation; its bot token is
  read through slack_sdk's installation store (`find_bot`), kept for `CACHE_SECONDS`, and
  renewed with slack_sdk's `TokenRotator` (against `api_url`, like every other call) when it
  expires within `REFRESH_BEFORE_SECONDS`, or when Slack already says `token_expired`. The
  renewed token is saved back through the store (sealed there when keys are set). Inside a
  request the token Bolt's authorization found (and renewed, earlier than here: its window is
  wider) is used as it is: a refresh token works once, so two renewals of one token race.

No team in scope is a `NoTeamInScope` error and a team without an installation a
`NotInstalled` one: a call in multi-workspace mode never falls back to another team's token or
to a global one.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.slack.team_scope import Team, current_team

log = logging.getLogger(__name__)

CACHE_SECONDS = 60.0
# A rotating token this close to its expiry is renewed before it is used.
REFRESH_BEFORE_SECONDS = 10 * 60


class NoTeamInScope(RuntimeError):
    """A Slack call in multi-workspace mode with no workspace in scope (a bug: fail closed)."""


class NotInstalled(LookupError):
    """The workspace in scope has no installation (never installed, or uninstalled)."""


class BotStore(Protocol):
    """The part of slack_sdk's `InstallationStore` used here."""

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None: ...

    def save_bot(self, bot: Bot) -> None: ...


class TokenSource(Protocol):
    """Gives `SlackIO` the client for the call it is about to make."""

    def client(self, team: Team | None = None) -> tuple[WebClient, str | None]:
        """(the client, the team its token belongs to, when known) for `team`, else for
        the team in scope."""
        ...

    def renew(self, team: Team, token: str | None) -> bool:
        """Slack said `token`, the team's, expired: renew it now; True if a newer one is
        there now."""
        ...


class SingleToken:
    """Single-workspace mode: one client for every call, the team in scope ignored."""

    def __init__(self, client: WebClient) -> None:
        self.web_client = client

    def client(self, team: Team | None = None) -> tuple[WebClient, str | None]:
        return self.web_client, None

    def renew(self, team: Team, token: str | None) -> bool:
        return False


@dataclass
class _Cached:
    bot: Bot
    client: WebClient
    read_at: float


MakeClient = Callable[[str, str], WebClient]


class InstalledTokens:
    """Multi-workspace mode: each team's own bot token (see the module docstring)."""

    def __init__(
        self,
        store: BotStore,
        api_url: str,
        client_id: str,
        client_secret: str,
        make_client: MakeClient,
        clock: Callable[[], float] = time.time,
        cache_seconds: float = CACHE_SECONDS,
        refresh_before: float = REFRESH_BEFORE_SECONDS,
        enterprise_of: Callable[[str], str | None] | None = None,
    ) -> None:
        """`enterprise_of(team_id)` names a grid workspace's org when only its team is known
        (the scheduler's case)."""
        self.store = store
        self.enterprise_of = enterprise_of
        self.api_url = api_url
        self.make_client = make_client
        self.clock = clock
        self.cache_seconds = cache_seconds
        self.refresh_before = refresh_before
        self.rotator = TokenRotator(
            client_id=client_id,
            client_secret=client_secret,
            client=WebClient(base_url=api_url),
        )
        self._lock = threading.Lock()
        self._cache: dict[tuple[str | None, str | None], _Cached] = {}
        self._request_clients: dict[tuple[str | None, str | None], WebClient] = {}

    def client(self, team: Team | None = None) -> tuple[WebClient, str | None]:
        team = team or current_team()
        if team is None:
            raise NoTeamInScope("a Slack call with no workspace in scope")
        if team.bot_token:  # the request's, from Bolt's authorization of this very request
            return self._request_client(team, team.bot_token), team.team_id or team.enterprise_id
        with self._lock:
            now = self.clock()
            cached = self._cache.get(_key(team))
            if cached is None or now - cached.read_at >= self.cache_seconds:
                cached = self._read(team, now)
            if self._expiring(cached.bot, now):
                cached = self._renewed(team, cached, now)
            return cached.client, team.team_id or team.enterprise_id

    def renew(self, team: Team, token: str | None) -> bool:
        team = team.workspace
        with self._lock:
            now = self.clock()
            cached = self._read(team, now)
            if cached.bot.bot_token != token:
                return True  # renewed already (another thread, process, or Bolt's authorize)
            return self._renewed(team, cached, now).bot.bot_token != token

    def _renewed(self, team: Team, cached: _Cached, now: float) -> _Cached:
        """The team's token renewed; the stored one read again first (someone else may have
        renewed it: a refresh token works once), and once more if the renewal fails."""
        if cached.read_at != now:
            cached = self._read(team, now)
        if cached.bot.bot_refresh_token is None:
            return cached
        rotated = self._rotated(team, cached.bot, now)
        return rotated if rotated is not None else self._read(team, now)

    def _request_client(self, team: Team, token: str) -> WebClient:
        with self._lock:
            client = self._request_clients.get(_key(team))
            if client is None or client.token != token:
                client = self.make_client(token, self.api_url)
                self._request_clients[_key(team)] = client
            return client

    def forget(self, team_id: str | None, enterprise_id: str | None = None) -> None:
        """Drop a team's cached token (its installation was removed)."""
        with self._lock:
            self._cache.pop(_key(Team(team_id, enterprise_id)), None)
            self._request_clients.pop(_key(Team(team_id, enterprise_id)), None)

    def _read(self, team: Team, now: float) -> _Cached:
        bot = self._find(team.enterprise_id, team.team_id)
        if bot is None and team.enterprise_id is None and team.team_id and self.enterprise_of:
            enterprise_id = self.enterprise_of(team.team_id)
            if enterprise_id is not None:
                bot = self._find(enterprise_id, team.team_id)
        if bot is None or not bot.bot_token:
            self._cache.pop(_key(team), None)
            raise NotInstalled(f"workspace {team.team_id or team.enterprise_id} is not installed")
        return self._keep(team, bot, now)

    def _find(self, enterprise_id: str | None, team_id: str | None) -> Bot | None:
        return self.store.find_bot(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=team_id is None
        )

    def _keep(self, team: Team, bot: Bot, now: float) -> _Cached:
        cached = _Cached(bot, self.make_client(str(bot.bot_token), self.api_url), now)
        self._cache[_key(team)] = cached
        return cached

    def _expiring(self, bot: Bot, now: float) -> bool:
        expires_at = bot.bot_token_expires_at
        return (
            expires_at is not None
            and bot.bot_refresh_token is not None
            and expires_at <= now + self.refresh_before
        )

    def _rotated(self, team: Team, bot: Bot, now: float) -> _Cached | None:
        # TokenRotator decides by the real clock whether the expiry is near enough; once this
        # object's clock (or Slack) has decided, it is given a window that includes it.
        left = (bot.bot_token_expires_at or 0) - time.time()
        minutes = max(0, math.ceil(left / 60)) + 1
        try:
            renewed = self.rotator.perform_bot_token_rotation(
                bot=bot, minutes_before_expiration=minutes
            )
        except SlackTokenRotationError as error:
            log.warning(
                "Renewing the bot token of workspace %s failed: %s",
                team.team_id or team.enterprise_id,
                error.api_error.response.get("error"),
            )
            return None
        if renewed is None:
            return None
        self.store.save_bot(renewed)
        log.info("Renewed the bot token of workspace %s", team.team_id or team.enterprise_id)
        return self._keep(team, renewed, now)


def _key(team: Team) -> tuple[str | None, str | None]:
    return team.enterprise_id, team.team_id

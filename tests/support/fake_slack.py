"""A fake Slack Web API on 127.0.0.1 that records every call and answers like Slack.

``FakeSlack`` is the package's ``bot.slack_standin.SlackStandin`` (the Web API itself: a real
HTTP server on port 0 that records each call's parsed parameters and raw body, keeps messages,
views and uploads, serves ``response_url`` and the external upload flow; modelled on
bolt-python's ``tests/mock_web_api_server``) plus what only tests need: injected failures
(HTTP 429/5xx, ``ok: false``, dropped connections), responders (``on``), held calls
(``hold``), ``reset``, counted timestamps, and several workspaces with their tokens and OAuth.

    with FakeSlack() as fake:
        client = WebClient(token="xoxb-test", base_url=fake.api_url)
        client.chat_postMessage(channel="C1", text="hi")
        [call] = fake.wait_for("chat.postMessage")

Workspaces and OAuth (the "Add to Slack" side): ``oauth.v2.access`` exchanges codes the test
registered with ``oauth_code`` for tokens bound to their workspace, with token rotation
(``grant_type=refresh_token``) when asked; ``expire``/``revoke`` make a token answer
``token_expired``/``token_revoked``; ``team_of_call`` names the workspace a call's token belongs
to. Tokens the fake neither issued nor registered (``register_token``) belong to the default
workspace unless ``strict_tokens`` is set, when they get ``invalid_auth``.

        fake.oauth_code("c1", team_id="T2", user_id="U2", rotation=True)
        answer = WebClient(base_url=fake.api_url).oauth_v2_access(
            client_id=fake.client_id, client_secret=fake.client_secret, code="c1"
        )
        assert fake.team_of(answer["access_token"]) == "T2"
"""

from __future__ import annotations

import base64
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.slack_standin import Answer, Call, SlackStandin, Workspace
from bot.slack_standin.calls import DROP

__all__ = ["DEFAULT_TOKEN", "Call", "FakeSlack"]

# The bot token every test app is configured with; it belongs to the default workspace.
DEFAULT_TOKEN = "xoxb-test-token"
# Slack's rotating tokens live 12 hours.
ROTATED_EXPIRES_IN = 43200
# The method answered here rather than by the stand-in: no bearer token, the whole call.
OAUTH_ACCESS = "oauth.v2.access"


@dataclass
class _Failure:
    status: int
    retry_after: int | None = None
    error: str | None = None
    # "before": fail without doing the call; "after": do it (a post is stored), then fail.
    when: str = "before"
    # Close the connection without any answer (the client sees a dropped connection).
    drop: bool = False


@dataclass
class _Token:
    """A token the fake issued or was told about; ``team_id`` is None for an org-wide one."""

    team_id: str | None
    kind: str = "bot"  # or "user"
    user_id: str | None = None
    enterprise_id: str | None = None
    is_enterprise_install: bool = False
    scopes: tuple[str, ...] = ()
    expires_at: float | None = None
    state: str = "active"  # "expired", "revoked"
    refresh_token: str | None = None


@dataclass
class _Grant:
    """An authorization code the test registered with ``oauth_code`` (single use)."""

    team_id: str | None
    user_id: str
    enterprise_id: str | None
    is_enterprise_install: bool
    rotation: bool
    scopes: tuple[str, ...]
    user_scopes: tuple[str, ...]
    redirect_uri: str | None
    expires_in: int
    used_redirect_uri: str | None = None
    used: bool = False


class FakeSlack(SlackStandin):
    """The Slack stand-in with the tests' extras. See the module docstring."""

    def __init__(
        self,
        team_id: str = "T111",
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
        team_domain: str = "example",
        *,
        client_id: str = "1111.2222",
        client_secret: str = "fake-client-secret",
        app_id: str = "A111",
        strict_tokens: bool = False,
    ) -> None:
        super().__init__(team_id, bot_user_id, bot_id, team_domain, app_id=app_id)
        self._ts_seq = 0
        self._failures: dict[str, deque[_Failure]] = defaultdict(deque)
        self._responders: dict[str, Callable[[Call], dict[str, Any]]] = {}
        self._holds: dict[str, threading.Event] = {}
        self._held: dict[str, int] = defaultdict(int)
        # The OAuth app: oauth.v2.access checks these credentials.
        self.client_id = client_id
        self.client_secret = client_secret
        # Unknown tokens: the default workspace (False) or ``invalid_auth`` (True).
        self.strict_tokens = strict_tokens
        # A refresh makes the replaced access token answer ``token_expired`` at once (Slack
        # itself lets it live out its 12 hours).
        self.expire_replaced_tokens = False
        self._teams: dict[str, Workspace] = {}
        self._tokens: dict[str, _Token] = {DEFAULT_TOKEN: _Token(team_id=team_id)}
        self._codes: dict[str, _Grant] = {}
        self._refresh_tokens: dict[str, str] = {}  # refresh token -> the access token it renews
        self._enterprise_names: dict[str, str] = {}
        self._lifetimes: dict[str, int] = {}  # rotating access token -> its expires_in

    def __enter__(self) -> FakeSlack:
        self.start()
        return self

    def next_ts(self) -> str:
        """Counted, not read from the clock: tests know the first ts ("1700000000.000100")."""
        with self._cond:
            self._ts_seq += 1
            micros = self._ts_seq * 100
        return f"{1_700_000_000 + micros // 1_000_000}.{micros % 1_000_000:06d}"

    # -- failures, responders, holds -----------------------------------------------------------

    def fail(
        self, method: str, status: int = 429, retry_after: int | None = 1, times: int = 1
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with HTTP ``status``.

        429 carries ``Retry-After`` and ``{"ok": false, "error": "ratelimited"}``; 5xx a plain
        text body. ``method`` may also be "upload" or "response_url".
        """
        with self._cond:
            for _ in range(times):
                self._failures[method].append(_Failure(status, retry_after=retry_after))

    def error(self, method: str, error: str = "not_in_channel", times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with HTTP 200 ``ok: false``.

        ``method`` "*" fails every method (``invalid_auth`` for a while, say); a failure queued
        for the method itself is used first.
        """
        with self._cond:
            for _ in range(times):
                self._failures[method].append(_Failure(200, error=error))

    def fail_after(self, method: str, status: int = 500, times: int = 1) -> None:
        """Do the next ``times`` calls of ``method`` (a post is stored, a ts given out), then
        answer HTTP ``status`` instead of the result, as Slack does when it fails late."""
        with self._cond:
            for _ in range(times):
                self._failures[method].append(_Failure(status, when="after"))

    def drop(self, method: str, times: int = 1, after: bool = False) -> None:
        """Close the connection of the next ``times`` calls of ``method`` without an answer;
        with ``after``, only once the call was done (the message is posted, the reply lost)."""
        with self._cond:
            for _ in range(times):
                self._failures[method].append(
                    _Failure(0, drop=True, when="after" if after else "before")
                )

    def on(self, method: str, responder: Callable[[Call], dict[str, Any]]) -> None:
        """Answer ``method`` with ``responder(call)`` (a JSON dict) instead of the built-in."""
        with self._cond:
            self._responders[method] = responder

    def hold(self, method: str) -> threading.Event:
        """Keep every call of ``method`` waiting, unanswered, until the returned event is set;
        then each is answered as usual (a post is stored). ``wait_held`` counts the waiting."""
        with self._cond:
            return self._holds.setdefault(method, threading.Event())

    def wait_held(self, method: str, count: int = 1, timeout: float = 5.0) -> None:
        """Block until ``count`` calls of ``method`` have arrived at its ``hold``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._held[method] < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected {count} held {method!r} call(s) within {timeout}s, got "
                        f"{self._held[method]}. Calls seen:\n{self.summary()}"
                    )
                self._cond.wait(remaining)

    def reset(self) -> None:
        """Forget recorded calls and pending failures (messages, users and views stay)."""
        with self._cond:
            self._calls.clear()
            self._failures.clear()

    # -- workspaces, tokens and OAuth ----------------------------------------------------------

    def add_team(
        self,
        team_id: str,
        *,
        name: str | None = None,
        domain: str | None = None,
        bot_user_id: str | None = None,
        bot_id: str | None = None,
        enterprise_id: str | None = None,
        enterprise_name: str | None = None,
    ) -> None:
        """A workspace besides the default one; ``oauth_code`` adds one itself if needed.

        Its bot gets its own user and bot id (``U<team>BOT``, ``B<team>BOT`` unless given), as
        each workspace's bot user is a different account in Slack."""
        with self._cond:
            self._teams[team_id] = Workspace(
                id=team_id,
                name=name or f"Workspace {team_id}",
                domain=domain or team_id.lower(),
                bot_user_id=bot_user_id or f"U{team_id[1:]}BOT",
                bot_id=bot_id or f"B{team_id[1:]}BOT",
                enterprise_id=enterprise_id,
                enterprise_name=enterprise_name,
            )
            if enterprise_id is not None:
                self._enterprise_names[enterprise_id] = enterprise_name or f"Org {enterprise_id}"

    def oauth_code(
        self,
        code: str,
        *,
        team_id: str | None,
        user_id: str,
        enterprise_id: str | None = None,
        enterprise_name: str | None = None,
        is_enterprise_install: bool = False,
        rotation: bool = False,
        scopes: tuple[str, ...] | list[str] = ("chat:write", "commands", "im:write", "users:read"),
        user_scopes: tuple[str, ...] | list[str] = (),
        redirect_uri: str | None = None,
        expires_in: int = ROTATED_EXPIRES_IN,
        team_name: str | None = None,
    ) -> None:
        """Register ``code`` as Slack would hand it to the app's redirect URL after ``user_id``
        installed the app in ``team_id`` (None for an org-wide install of ``enterprise_id``).

        ``oauth.v2.access`` exchanges it once for a bot token of that workspace (and a user
        token when ``user_scopes`` are given); with ``rotation`` the tokens expire after
        ``expires_in`` seconds and come with refresh tokens. With ``redirect_uri`` the exchange
        must name the same URI (else ``bad_redirect_uri``)."""
        if team_id is None and not (is_enterprise_install and enterprise_id):
            raise ValueError("an install without a team is an org-wide (enterprise) install")
        with self._cond:
            if team_id is not None and team_id != self.team_id and team_id not in self._teams:
                self.add_team(
                    team_id,
                    name=team_name,
                    enterprise_id=enterprise_id,
                    enterprise_name=enterprise_name,
                )
            if enterprise_id is not None:
                self._enterprise_names[enterprise_id] = enterprise_name or f"Org {enterprise_id}"
            self._codes[code] = _Grant(
                team_id=team_id,
                user_id=user_id,
                enterprise_id=enterprise_id,
                is_enterprise_install=is_enterprise_install,
                rotation=rotation,
                scopes=tuple(scopes),
                user_scopes=tuple(user_scopes),
                redirect_uri=redirect_uri,
                expires_in=expires_in,
            )

    def code_redirect_uri(self, code: str) -> str | None:
        """The ``redirect_uri`` the app sent when it exchanged ``code`` (None if it sent none)."""
        with self._cond:
            return self._codes[code].used_redirect_uri

    def register_token(
        self,
        token: str,
        team_id: str,
        *,
        kind: str = "bot",
        user_id: str | None = None,
        expires_in: int | None = None,
    ) -> None:
        """Bind a token the fake did not issue to ``team_id`` (added with ``add_team`` unless
        it is the default workspace), e.g. a second single-workspace deployment's token."""
        with self._cond:
            if team_id != self.team_id and team_id not in self._teams:
                self.add_team(team_id)
            expires_at = None if expires_in is None else time.time() + expires_in
            self._tokens[token] = _Token(
                team_id=team_id, kind=kind, user_id=user_id, expires_at=expires_at
            )

    def expire(self, token: str) -> None:
        """From now on every method called with ``token`` answers ``token_expired`` (its
        refresh token, if any, still renews it)."""
        with self._cond:
            self._known(token).state = "expired"

    def revoke(self, token: str) -> None:
        """From now on every method called with ``token`` answers ``token_revoked``; its
        refresh token is refused too (``invalid_refresh_token``)."""
        with self._cond:
            entry = self._known(token)
            entry.state = "revoked"
            if entry.refresh_token is not None:
                self._refresh_tokens.pop(entry.refresh_token, None)

    def team_of(self, token: str | None) -> str | None:
        """The workspace ``token`` belongs to (the enterprise id for an org-wide install);
        None for a token the fake neither issued nor registered."""
        with self._cond:
            entry = self._tokens.get(token or "")
            if entry is None:
                return None
            return entry.team_id or entry.enterprise_id

    def team_of_call(self, call: Call) -> str | None:
        """The workspace of the token a recorded call carried (see ``team_of``)."""
        return self.team_of(call.token)

    def bot_token(self, team_id: str) -> str:
        """The newest bot token the fake issued (or was told about) for ``team_id``."""
        with self._cond:
            found = [
                t
                for t, e in self._tokens.items()
                if e.kind == "bot" and team_id in (e.team_id, e.enterprise_id)
            ]
        if not found:
            raise AssertionError(f"no bot token for {team_id!r}")
        return found[-1]

    def _known(self, token: str) -> _Token:
        entry = self._tokens.get(token)
        if entry is None:
            raise KeyError("the fake neither issued nor registered this token")
        return entry

    # -- the stand-in's hooks ----------------------------------------------------------------

    def before_answering(self, call: Call) -> Answer | None:
        """A held call waits here; a responder answers unless a failure or a refusal comes
        first (outside the lock: it may wait for the test to do something through the app)."""
        with self._cond:
            hold = self._holds.get(call.method)
            if hold is not None:
                self._held[call.method] += 1
                self._cond.notify_all()
        if hold is not None:
            hold.wait()  # outside the lock: the rest of the fake keeps answering
        with self._cond:
            responder = self._responders.get(call.method)
            failing = self._failures.get(call.method) or self._failures.get("*")
            refused = self.token_refusal(call)
        if responder is not None and not failing and refused is None and call.is_api:
            try:
                return Answer.ok(responder(call))
            except Exception as exc:  # a bug in the test's responder; show it, keep serving
                return Answer(500, f"fake_slack responder error in {call.method}: {exc!r}")
        return None

    def answer(self, call: Call) -> Answer:
        """An injected failure instead of the answer, or after it (the call done)."""
        queue = self._failures.get(call.method) or self._failures.get("*")
        if not queue:
            return super().answer(call)
        failure = queue.popleft()
        call.failed = True
        if failure.when == "after":
            super().answer(call)
        return _failed_answer(failure)

    def answer_method(self, call: Call) -> dict[str, Any]:
        if call.method in self._responders:
            return self._responders[call.method](call)
        if call.method == OAUTH_ACCESS:
            return self._oauth_v2_access(call)
        entry = self._tokens.get(call.token or "")
        other = entry is not None and (entry.team_id != self.team_id or entry.kind != "bot")
        if call.method == "auth.test" and entry is not None and other:
            # Another workspace's token, a user token or an org-wide one.
            return self._auth_test_for(entry)
        return super().answer_method(call)

    def token_refusal(self, call: Call) -> str | None:
        """Slack's error for a call whose token is dead or unknown; None when it may go on."""
        if call.method == OAUTH_ACCESS or not call.is_api or call.token is None:
            return None
        entry = self._tokens.get(call.token)
        if entry is None:
            return "invalid_auth" if self.strict_tokens else None
        if entry.state == "revoked":
            return "token_revoked"
        if entry.state == "expired" or (
            entry.expires_at is not None and time.time() >= entry.expires_at
        ):
            return "token_expired"
        return None

    def calling_workspace(self, call: Call) -> Workspace:
        """The workspace of the call's token (the default one for unknown tokens)."""
        entry = self._tokens.get(call.token or "")
        return self._team(entry.team_id if entry is not None else None)

    # -- tokens and OAuth (called with the lock held) -----------------------------------------

    def _team(self, team_id: str | None) -> Workspace:
        """A workspace's details; the default workspace's come from the fake's attributes."""
        if team_id is not None and team_id in self._teams:
            return self._teams[team_id]
        return self.workspace()

    def _client_error(self, call: Call) -> dict[str, Any] | None:
        """``client_id``/``client_secret`` from HTTP Basic auth (as slack_sdk sends them) or
        form parameters, checked against the fake's OAuth app."""
        client_id = call.params.get("client_id")
        client_secret = call.params.get("client_secret")
        auth = call.headers.get("Authorization") or ""
        if auth.startswith("Basic "):
            try:
                decoded = base64.b64decode(auth[len("Basic ") :], validate=True).decode()
            except (ValueError, UnicodeDecodeError):
                return {"ok": False, "error": "invalid_client_id"}
            client_id, _, client_secret = decoded.partition(":")
        if client_id != self.client_id:
            return {"ok": False, "error": "invalid_client_id"}
        if client_secret != self.client_secret:
            return {"ok": False, "error": "bad_client_secret"}
        return None

    def _oauth_v2_access(self, call: Call) -> dict[str, Any]:
        if (err := self._client_error(call)) is not None:
            return err
        p = call.params
        grant_type = p.get("grant_type") or "authorization_code"
        if grant_type == "refresh_token":
            return self._refresh(str(p.get("refresh_token") or ""))
        if grant_type != "authorization_code":
            return {"ok": False, "error": "invalid_grant_type"}
        grant = self._codes.get(str(p.get("code") or ""))
        if grant is None or grant.used:
            return {"ok": False, "error": "invalid_code"}
        redirect_uri = p.get("redirect_uri")
        if grant.redirect_uri is not None and redirect_uri != grant.redirect_uri:
            return {"ok": False, "error": "bad_redirect_uri"}
        grant.used = True
        grant.used_redirect_uri = redirect_uri
        bot = self._issue(grant, "bot", grant.scopes)
        answer = {
            "ok": True,
            "app_id": self.app_id,
            "authed_user": {"id": grant.user_id},
            **self._token_fields(bot, grant.rotation),
            **self._install_fields(grant.team_id, grant.enterprise_id, grant.is_enterprise_install),
        }
        if grant.user_scopes:
            user = self._issue(grant, "user", grant.user_scopes)
            answer["authed_user"] = {
                "id": grant.user_id,
                **self._token_fields(user, grant.rotation),
            }
            for key in ("bot_user_id", "team", "enterprise", "is_enterprise_install", "app_id"):
                answer["authed_user"].pop(key, None)
        return answer

    def _issue(self, grant: _Grant, kind: str, scopes: tuple[str, ...]) -> str:
        prefix = "xoxb" if kind == "bot" else "xoxp"
        n = self._store.next_seq()
        token = f"{prefix}-{n}-{secrets.token_hex(8)}"
        entry = _Token(
            team_id=grant.team_id,
            kind=kind,
            user_id=grant.user_id if kind == "user" else None,
            enterprise_id=grant.enterprise_id,
            is_enterprise_install=grant.is_enterprise_install,
            scopes=scopes,
        )
        if grant.rotation:
            token = f"xoxe.{prefix}-1-{n}-{secrets.token_hex(8)}"
            entry.expires_at = time.time() + grant.expires_in
            entry.refresh_token = f"xoxe-1-{n}-{secrets.token_hex(8)}"
            self._refresh_tokens[entry.refresh_token] = token
            self._lifetimes[token] = grant.expires_in
        self._tokens[token] = entry
        return token

    def _token_fields(self, token: str, rotation: bool) -> dict[str, Any]:
        entry = self._tokens[token]
        fields: dict[str, Any] = {
            "scope": ",".join(entry.scopes),
            "token_type": entry.kind,
            "access_token": token,
        }
        if entry.kind == "bot":
            fields["bot_user_id"] = self._team(entry.team_id).bot_user_id
        if rotation and entry.refresh_token is not None:
            fields["refresh_token"] = entry.refresh_token
            fields["expires_in"] = self._lifetimes[token]
        return fields

    def _install_fields(
        self, team_id: str | None, enterprise_id: str | None, is_enterprise_install: bool
    ) -> dict[str, Any]:
        team = None if team_id is None else {"id": team_id, "name": self._team(team_id).name}
        enterprise = None
        if enterprise_id is not None:
            name = self._enterprise_names.get(enterprise_id, f"Org {enterprise_id}")
            enterprise = {"id": enterprise_id, "name": name}
        return {
            "team": team,
            "enterprise": enterprise,
            "is_enterprise_install": is_enterprise_install,
        }

    def _refresh(self, refresh_token: str) -> dict[str, Any]:
        """A new access token (new value, new expiry) and a new refresh token; the old refresh
        token is spent, the old access token lives on unless ``expire_replaced_tokens``."""
        old = self._refresh_tokens.pop(refresh_token, None)
        if old is None:
            return {"ok": False, "error": "invalid_refresh_token"}
        entry = self._tokens[old]
        if self.expire_replaced_tokens:
            entry.state = "expired"
        grant = _Grant(
            team_id=entry.team_id,
            user_id=entry.user_id or "",
            enterprise_id=entry.enterprise_id,
            is_enterprise_install=entry.is_enterprise_install,
            rotation=True,
            scopes=entry.scopes,
            user_scopes=(),
            redirect_uri=None,
            expires_in=self._lifetimes[old],
        )
        token = self._issue(grant, entry.kind, entry.scopes)
        answer = {"ok": True, "app_id": self.app_id, **self._token_fields(token, rotation=True)}
        if entry.kind == "user":
            answer["user_id"] = entry.user_id
        fields = self._install_fields(
            entry.team_id, entry.enterprise_id, entry.is_enterprise_install
        )
        return {**answer, **fields}

    def _auth_test_for(self, entry: _Token) -> dict[str, Any]:
        """``auth.test`` for a token of another workspace, a user token or an org-wide one."""
        team = self._team(entry.team_id)
        if entry.team_id is None:  # org-wide: the organisation answers for the workspace
            org = entry.enterprise_id or ""
            name = self._enterprise_names.get(org, f"Org {org}")
            team = Workspace(org, name, org.lower(), f"U{org[1:]}BOT", f"B{org[1:]}BOT")
        answer: dict[str, Any] = {
            "ok": True,
            "url": f"https://{team.domain}.slack.com/",
            "team": team.name,
            "user": "strategy-coach" if entry.kind == "bot" else (entry.user_id or "").lower(),
            "team_id": team.id,
            "user_id": team.bot_user_id if entry.kind == "bot" else entry.user_id,
            "is_enterprise_install": entry.is_enterprise_install,
        }
        if entry.kind == "bot":
            answer["bot_id"] = team.bot_id
        if entry.enterprise_id is not None:
            answer["enterprise_id"] = entry.enterprise_id
        return answer


def _failed_answer(failure: _Failure) -> Answer:
    if failure.drop:
        return Answer(DROP, "")
    if failure.error is not None:
        return Answer.ok({"ok": False, "error": failure.error})
    if failure.status == 429:
        extra = {} if failure.retry_after is None else {"Retry-After": str(failure.retry_after)}
        return Answer(429, {"ok": False, "error": "ratelimited"}, extra)
    if failure.status >= 500:
        return Answer(failure.status, f"{failure.status} Server Error")
    return Answer(failure.status, {"ok": False, "error": f"http_{failure.status}"})

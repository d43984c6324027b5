"""A fake Slack Web API on 127.0.0.1 that records every call and answers like Slack.

Modelled on bolt-python's ``tests/mock_web_api_server`` but a real HTTP server on port 0 that
keeps each call's parsed parameters and raw body, keeps enough state (messages, views, uploads)
to answer follow-up calls realistically, serves ``response_url`` and the external file upload
flow, and can inject failures (HTTP 429/5xx, ``ok: false``) for resilience tests.

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
import contextlib
import json
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

# Parameters that slack_sdk sends as JSON strings inside form bodies.
JSON_PARAMS = frozenset(
    {"blocks", "attachments", "view", "metadata", "files", "user_auth_blocks", "unfurls"}
)
# A status `_handle` returns to mean "close the connection without answering".
DROP = -1
MESSAGE_BLOCK_LIMIT = 50
VIEW_BLOCK_LIMIT = 100
SECTION_TEXT_LIMIT = 3000
HEADER_TEXT_LIMIT = 150
# The bot token every test app is configured with; it belongs to the default workspace.
DEFAULT_TOKEN = "xoxb-test-token"
# Slack's rotating tokens live 12 hours.
ROTATED_EXPIRES_IN = 43200
# oauth.v2.access parameters that `summary` never shows.
OAUTH_SECRETS = ("client_secret", "code", "refresh_token")


class Headers(dict[str, str]):
    """Request headers; lookups ignore case (``headers["authorization"]`` works)."""

    def _key(self, key: object) -> object:
        if isinstance(key, str):
            for k in self.keys():
                if k.lower() == key.lower():
                    return k
        return key

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(self._key(key))  # type: ignore[arg-type]

    def __contains__(self, key: object) -> bool:
        return super().__contains__(self._key(key))

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(self._key(key), default)  # type: ignore[arg-type]


@dataclass
class Call:
    """One request the fake received. Headers and body stay out of repr (the token is secret)."""

    method: str
    params: dict[str, Any]
    headers: Headers = field(repr=False)
    body: bytes = field(repr=False)
    at: float
    failed: bool = False
    status: int = 200
    response: Any = field(default=None, repr=False)

    @property
    def token(self) -> str | None:
        """The token sent, from ``Authorization: Bearer ...`` or a ``token`` param."""
        auth = self.headers.get("Authorization") or ""
        if auth.startswith("Bearer "):
            return auth[len("Bearer ") :]
        token = self.params.get("token")
        return token if isinstance(token, str) else None


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
class _Team:
    """A workspace other than the default one (that one is read from FakeSlack's attributes)."""

    id: str
    name: str
    domain: str
    bot_user_id: str
    bot_id: str
    enterprise_id: str | None = None
    enterprise_name: str | None = None


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


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in {"1", "true"}


def _parse_form(text: str) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, values in parse_qs(text, keep_blank_values=True).items():
        value: Any = values[0] if len(values) == 1 else values
        if key in JSON_PARAMS and isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        params[key] = value
    return params


def _parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """Form fields become str, file parts stay bytes (``filename`` is recorded too)."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    params: dict[str, Any] = {}
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            params[name] = data
            params.setdefault("filename", filename)
        else:
            params[name] = data.decode("utf-8", "replace")
    return params


def _parse_params(content_type: str, query: str, body: bytes) -> dict[str, Any]:
    params = _parse_form(query) if query else {}
    ctype = content_type.lower()
    if "multipart/form-data" in ctype:
        params.update(_parse_multipart(content_type, body))
    elif "application/json" in ctype or (not ctype and body.lstrip()[:1] == b"{"):
        loaded = json.loads(body or b"{}")
        params.update(loaded if isinstance(loaded, dict) else {"_json": loaded})
    elif body:
        params.update(_parse_form(body.decode("utf-8", "replace")))
    return params


def _block_errors(blocks: Any, limit: int) -> list[str]:
    """The Block Kit limits Slack enforces with ``invalid_blocks`` (a useful subset)."""
    if not blocks:
        return []
    if not isinstance(blocks, list):
        return ["blocks must be a list"]
    errors = [f"more than {limit} items"] if len(blocks) > limit else []
    for i, block in enumerate(blocks):
        text = block.get("text") if isinstance(block, dict) else None
        size = len(text.get("text", "")) if isinstance(text, dict) else 0
        kind = block.get("type") if isinstance(block, dict) else None
        if kind == "section" and size > SECTION_TEXT_LIMIT:
            errors.append(f"must be less than {SECTION_TEXT_LIMIT} characters [json-pointer:/{i}]")
        if kind == "header" and size > HEADER_TEXT_LIMIT:
            errors.append(f"must be less than {HEADER_TEXT_LIMIT} characters [json-pointer:/{i}]")
    return errors


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output quiet; never echo headers (they carry the token)

    def do_POST(self) -> None:
        self._serve()

    def do_GET(self) -> None:
        self._serve()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status, headers, payload = self.server.fake._handle(
            self.command, self.path, Headers(self.headers.items()), body
        )
        if status == DROP:
            # No status line, no body: the client's read fails as on a dropped connection.
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(2)
            return
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeSlack


class FakeSlack:
    """Fake Slack Web API served on 127.0.0.1:<free port>. See the module docstring."""

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
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.team_domain = team_domain
        self._cond = threading.Condition(threading.RLock())
        self._calls: list[Call] = []
        self._seq = 0
        self._ts_seq = 0
        self._messages: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._users: dict[str, dict[str, Any]] = {}
        self._channels: dict[str, dict[str, Any]] = {}
        self._views: dict[str, dict[str, Any]] = {}
        self._files: dict[str, dict[str, Any]] = {}
        self._failures: dict[str, deque[_Failure]] = defaultdict(deque)
        self._responders: dict[str, Callable[[Call], dict[str, Any]]] = {}
        self._holds: dict[str, threading.Event] = {}
        self._held: dict[str, int] = defaultdict(int)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        # The OAuth app: oauth.v2.access checks these credentials.
        self.client_id = client_id
        self.client_secret = client_secret
        self.app_id = app_id
        # Unknown tokens: the default workspace (False) or ``invalid_auth`` (True).
        self.strict_tokens = strict_tokens
        # A refresh makes the replaced access token answer ``token_expired`` at once (Slack
        # itself lets it live out its 12 hours).
        self.expire_replaced_tokens = False
        self._teams: dict[str, _Team] = {}
        self._tokens: dict[str, _Token] = {DEFAULT_TOKEN: _Token(team_id=team_id)}
        self._codes: dict[str, _Grant] = {}
        self._refresh_tokens: dict[str, str] = {}  # refresh token -> the access token it renews
        self._current: _Token | None = None  # the token of the call being answered
        self._enterprise_names: dict[str, str] = {}
        self._lifetimes: dict[str, int] = {}  # rotating access token -> its expires_in

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        if self._server is None:
            self._server = _Server(("127.0.0.1", 0), _Handler)
            self._server.fake = self
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="fake-slack",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        """Pass this to ``WebClient(base_url=...)`` / ``SLACK_API_URL``."""
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "r") -> str:
        """A fresh ``response_url`` on the fake; POSTs to it are recorded as "response_url"."""
        return f"{self.base_url}/response/{name}-{self._next_seq()}"

    # -- configuration -----------------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        real_name: str | None = None,
        tz: str = "Europe/Oslo",
        locale: str = "en-US",
        is_bot: bool = False,
        deleted: bool = False,
    ) -> None:
        """A workspace account; ``name`` is also its display name. ``users.list`` lists them in
        the order added."""
        ZoneInfo(tz)  # fail fast on a bad zone name
        with self._cond:
            self._users[user_id] = {
                "name": name or user_id.lower(),
                "real_name": real_name or name or f"User {user_id}",
                "tz": tz,
                "locale": locale,
                "is_bot": is_bot,
                "deleted": deleted,
            }

    def add_channel(
        self,
        channel_id: str,
        *,
        name: str | None = None,
        is_private: bool = False,
        members: list[str] | None = None,
    ) -> None:
        """A channel; ``members`` (user ids) answer ``conversations.members``."""
        with self._cond:
            self._channels[channel_id] = {
                "name": name or channel_id.lower(),
                "is_private": is_private,
                "members": list(members or []),
            }

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
            self._teams[team_id] = _Team(
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

    # -- queries -----------------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[Call]:
        """Recorded calls in arrival order, failed ones included."""
        with self._cond:
            return [c for c in self._calls if method is None or c.method == method]

    def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Block until at least ``count`` calls of ``method`` (matching ``where``) arrived.

        Returns all matching calls so far; raises AssertionError listing what came instead.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls(method) if where is None or where(c)]
                remaining = deadline - time.monotonic()
                if len(found) >= count or remaining <= 0:
                    break
                self._cond.wait(remaining)
        if len(found) < count:
            raise AssertionError(
                f"expected {count} matching {method!r} call(s) within {timeout}s, got "
                f"{len(found)}. Calls seen:\n{self.summary()}"
            )
        return found

    def summary(self, limit: int = 40) -> str:
        """One line per recorded call (never headers), for assertion messages."""
        lines = []
        for c in self.calls()[-limit:]:
            shown = {k: v for k, v in c.params.items() if not isinstance(v, bytes)}
            shown.update({k: "(redacted)" for k in OAUTH_SECRETS if k in shown})
            text = json.dumps(shown, default=str, ensure_ascii=False)
            flag = f" [failed {c.status}]" if c.failed else ""
            lines.append(f"  {c.method}{flag} {text[:200]}")
        return "\n".join(lines) or "  (none)"

    def reset(self) -> None:
        """Forget recorded calls and pending failures (messages, users and views stay)."""
        with self._cond:
            self._calls.clear()
            self._failures.clear()

    def messages(self, channel: str, thread_ts: str | None = None) -> list[dict[str, Any]]:
        """Messages the bot posted in ``channel`` (a user id means the DM with that user).

        With ``thread_ts``: the thread's parent (if the bot posted it) and its replies.
        """
        with self._cond:
            stored = self._messages.get(self._resolve_channel(channel), [])
            return [
                dict(m)
                for m in stored
                if thread_ts is None or thread_ts in (m["ts"], m.get("thread_ts"))
            ]

    def uploaded(self, file_id: str) -> bytes | None:
        """The bytes uploaded for ``file_id`` through the upload URL, if any."""
        with self._cond:
            return self._files.get(file_id, {}).get("data")

    def dm_channel(self, user_id: str) -> str:
        """The IM channel id the fake uses for a user: "U1" -> "D1"."""
        return "D" + user_id[1:]

    # -- request handling --------------------------------------------------------------------

    def _next_seq(self) -> int:
        with self._cond:
            self._seq += 1
            return self._seq

    def _next_ts(self) -> str:
        with self._cond:
            self._ts_seq += 1
            micros = self._ts_seq * 100
        return f"{1_700_000_000 + micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _resolve_channel(self, channel: str) -> str:
        return self.dm_channel(channel) if channel[:1] in ("U", "W") else channel

    def _handle(
        self, verb: str, raw_path: str, headers: Headers, body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        url = urlsplit(raw_path)
        path = url.path
        if path.startswith("/api/"):
            method = path[len("/api/") :]
        elif path.startswith("/response/"):
            method = "response_url"
        elif path.startswith("/upload/"):
            method = "upload"
        else:
            method = path
        try:
            if method == "upload":
                params = {"file_id": path.rsplit("/", 1)[-1], **self._upload_params(headers, body)}
            else:
                params = _parse_params(headers.get("Content-Type") or "", url.query, body)
        except ValueError as exc:
            params = {"_parse_error": str(exc)}
        if method == "response_url":
            params["_path"] = path
        call = Call(method, params, headers, body, time.time())

        with self._cond:
            hold = self._holds.get(method)
            if hold is not None:
                self._held[method] += 1
                self._cond.notify_all()
        if hold is not None:
            hold.wait()  # outside the lock: the rest of the fake keeps answering
        with self._cond:
            responder = self._responders.get(method)
            failing = self._failures.get(method) or self._failures.get("*")
            refused = self._token_error(call)
        if responder is not None and not failing and refused is None and path.startswith("/api/"):
            # Outside the lock: a responder may block until the test has done something
            # through the app (which calls the fake meanwhile).
            status, extra, payload = self._respond(responder, call)
            with self._cond:
                call.status = status
                call.failed = status >= 300
                call.response = payload
                self._calls.append(call)
                self._cond.notify_all()
            return self._encoded(status, extra, payload)
        with self._cond:
            status, extra, payload = self._answer(call, path)
            call.status = status
            call.failed = call.failed or status >= 300
            call.response = payload
            self._calls.append(call)
            self._cond.notify_all()
        return self._encoded(status, extra, payload)

    @staticmethod
    def _respond(
        responder: Callable[[Call], dict[str, Any]], call: Call
    ) -> tuple[int, dict[str, str], dict[str, Any] | str]:
        try:
            return 200, {}, responder(call)
        except Exception as exc:  # a bug in the test's responder; show it, keep serving
            return 500, {}, f"fake_slack responder error in {call.method}: {exc!r}"

    @staticmethod
    def _encoded(
        status: int, extra: dict[str, str], payload: dict[str, Any] | str
    ) -> tuple[int, dict[str, str], bytes]:
        if isinstance(payload, dict):
            data = json.dumps(payload).encode()
            extra = {"Content-Type": "application/json; charset=utf-8", **extra}
        else:
            data = payload.encode()
            extra = {"Content-Type": "text/plain; charset=utf-8", **extra}
        return status, extra, data

    def _upload_params(self, headers: Headers, body: bytes) -> dict[str, Any]:
        ctype = headers.get("Content-Type") or ""
        if "multipart/form-data" in ctype.lower():
            parts = _parse_multipart(ctype, body)
            data = next((v for v in parts.values() if isinstance(v, bytes)), b"")
            return {**{k: v for k, v in parts.items() if not isinstance(v, bytes)}, "file": data}
        return {"file": body}

    def _answer(self, call: Call, path: str) -> tuple[int, dict[str, str], dict[str, Any] | str]:
        queue = self._failures.get(call.method) or self._failures.get("*")
        if queue:
            failure = queue.popleft()
            call.failed = True
            if failure.when == "after":
                self._answer_normally(call, path)
            return self._failed_answer(failure)
        return self._answer_normally(call, path)

    @staticmethod
    def _failed_answer(failure: _Failure) -> tuple[int, dict[str, str], dict[str, Any] | str]:
        if failure.drop:
            return DROP, {}, ""
        if failure.error is not None:
            return 200, {}, {"ok": False, "error": failure.error}
        if failure.status == 429:
            extra = {} if failure.retry_after is None else {"Retry-After": str(failure.retry_after)}
            return 429, extra, {"ok": False, "error": "ratelimited"}
        if failure.status >= 500:
            return failure.status, {}, f"{failure.status} Server Error"
        return failure.status, {}, {"ok": False, "error": f"http_{failure.status}"}

    def _answer_normally(
        self, call: Call, path: str
    ) -> tuple[int, dict[str, str], dict[str, Any] | str]:
        if call.method == "response_url":
            return 200, {}, "ok"
        if call.method == "upload":
            return self._upload(call)
        if not path.startswith("/api/"):
            return 404, {}, "not found"
        try:
            if (refused := self._token_error(call)) is not None:
                return 200, {}, refused
            if call.method in self._responders:
                return 200, {}, self._responders[call.method](call)
            if call.method in _CALL_METHODS:
                return 200, {}, _CALL_METHODS[call.method](self, call)
            if call.method not in _METHODS:
                return 200, {}, {"ok": False, "error": "unknown_method"}
            if call.token is None:
                return 200, {}, {"ok": False, "error": "not_authed"}
            self._current = self._tokens.get(call.token)
            try:
                return 200, {}, _METHODS[call.method](self, call.params)
            finally:
                self._current = None
        except Exception as exc:  # a bug in the fake or a malformed call; show it, keep serving
            return 500, {}, f"fake_slack error in {call.method}: {exc!r}"

    def _upload(self, call: Call) -> tuple[int, dict[str, str], str]:
        entry = self._files.get(call.params["file_id"])
        if entry is None:
            return 404, {}, "unknown upload url"
        entry["data"] = call.params["file"]
        return 200, {}, f"OK - {len(call.params['file'])}"

    # -- tokens and OAuth (called with the lock held) -----------------------------------------

    def _token_error(self, call: Call) -> dict[str, Any] | None:
        """Slack's answer to a call whose token is dead or unknown; None when it may go on."""
        outside_api = call.method in ("response_url", "upload") or call.method.startswith("/")
        if call.method in _CALL_METHODS or outside_api or call.token is None:
            return None
        entry = self._tokens.get(call.token)
        if entry is None:
            return {"ok": False, "error": "invalid_auth"} if self.strict_tokens else None
        if entry.state == "revoked":
            return {"ok": False, "error": "token_revoked"}
        if entry.state == "expired" or (
            entry.expires_at is not None and time.time() >= entry.expires_at
        ):
            return {"ok": False, "error": "token_expired"}
        return None

    def _calling_team(self) -> _Team:
        """The workspace of the call being answered (the default one for unknown tokens)."""
        return self._team(self._current.team_id if self._current is not None else None)

    def _team(self, team_id: str | None) -> _Team:
        """A workspace's details; the default workspace's come from the fake's attributes."""
        if team_id is not None and team_id in self._teams:
            return self._teams[team_id]
        return _Team(
            id=self.team_id,
            name="Example Workspace",
            domain=self.team_domain,
            bot_user_id=self.bot_user_id,
            bot_id=self.bot_id,
        )

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
        n = self._next_seq()
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

    # -- Web API methods (called with the lock held) -----------------------------------------

    def _auth_test(self, p: dict[str, Any]) -> dict[str, Any]:
        entry = self._current
        if entry is not None and (entry.team_id != self.team_id or entry.kind != "bot"):
            return self._auth_test_for(entry)
        return {
            "ok": True,
            "url": f"https://{self.team_domain}.slack.com/",
            "team": "Example Workspace",
            "user": "strategy-coach",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _auth_test_for(self, entry: _Token) -> dict[str, Any]:
        """``auth.test`` for a token of another workspace, a user token or an org-wide one."""
        team = self._team(entry.team_id)
        if entry.team_id is None:  # org-wide: the organisation answers for the workspace
            org = entry.enterprise_id or ""
            name = self._enterprise_names.get(org, f"Org {org}")
            team = _Team(org, name, org.lower(), f"U{org[1:]}BOT", f"B{org[1:]}BOT")
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

    def _message_errors(self, p: dict[str, Any], need_text: bool = True) -> dict[str, Any] | None:
        if not p.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if need_text and not (p.get("text") or p.get("blocks") or p.get("attachments")):
            return {"ok": False, "error": "no_text"}
        problems = _block_errors(p.get("blocks"), MESSAGE_BLOCK_LIMIT)
        if problems:
            return {"ok": False, "error": "invalid_blocks", "errors": problems}
        return None

    def _post_message(self, p: dict[str, Any]) -> dict[str, Any]:
        if (err := self._message_errors(p)) is not None:
            return err
        channel = self._resolve_channel(str(p["channel"]))
        ts = self._next_ts()
        team = self._calling_team()
        message: dict[str, Any] = {
            "type": "message",
            "user": team.bot_user_id,
            "bot_id": team.bot_id,
            "team": team.id,
            "text": p.get("text", ""),
            "blocks": p.get("blocks") or [],
            "ts": ts,
        }
        for key in ("thread_ts", "attachments", "metadata"):
            if p.get(key):
                message[key] = p[key]
        self._messages[channel].append(message)
        return {"ok": True, "channel": channel, "ts": ts, "message": dict(message)}

    def _update(self, p: dict[str, Any]) -> dict[str, Any]:
        if (err := self._message_errors(p, need_text=False)) is not None:
            return err
        if not p.get("ts"):
            return {"ok": False, "error": "message_not_found"}
        channel = self._resolve_channel(str(p["channel"]))
        stored = next((m for m in self._messages[channel] if m["ts"] == p["ts"]), None)
        if stored is None:  # lenient: tests often act on messages the fake never saw
            stored = {"type": "message", "user": self.bot_user_id, "ts": p["ts"]}
            self._messages[channel].append(stored)
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in p:
                stored[key] = p[key]
        stored["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {
            "ok": True,
            "channel": channel,
            "ts": p["ts"],
            "text": stored.get("text", ""),
            "message": dict(stored),
        }

    def _delete(self, p: dict[str, Any]) -> dict[str, Any]:
        channel = self._resolve_channel(str(p.get("channel", "")))
        kept = [m for m in self._messages[channel] if m["ts"] != p.get("ts")]
        if len(kept) == len(self._messages[channel]):
            return {"ok": False, "error": "message_not_found"}
        self._messages[channel] = kept
        return {"ok": True, "channel": channel, "ts": p["ts"]}

    def _post_ephemeral(self, p: dict[str, Any]) -> dict[str, Any]:
        if (err := self._message_errors(p)) is not None:
            return err
        if not p.get("user"):
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "message_ts": self._next_ts()}

    def _permalink(self, p: dict[str, Any]) -> dict[str, Any]:
        channel = self._resolve_channel(str(p.get("channel", "")))
        ts = str(p.get("message_ts", ""))
        if not channel or not ts:
            return {"ok": False, "error": "message_not_found"}
        link = f"https://{self.team_domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        stored = next((m for m in self._messages[channel] if m["ts"] == ts), {})
        thread_ts = stored.get("thread_ts")
        if thread_ts and thread_ts != ts:
            link += f"?thread_ts={thread_ts}&cid={channel}"
        return {"ok": True, "channel": channel, "permalink": link}

    def _users_info(self, p: dict[str, Any]) -> dict[str, Any]:
        user_id = str(p.get("user", ""))
        if not user_id:
            return {"ok": False, "error": "user_not_found"}
        profile = self._users.get(user_id) or {
            "name": user_id.lower(),
            "real_name": f"User {user_id}",
            "tz": "Europe/Oslo",
            "locale": "en-US",
            "is_bot": user_id == self.bot_user_id,
        }
        user = self._user_object(user_id, profile)
        if _truthy(p.get("include_locale")):
            user["locale"] = profile["locale"]
        return {"ok": True, "user": user}

    def _user_object(self, user_id: str, profile: dict[str, Any]) -> dict[str, Any]:
        now = datetime.now(ZoneInfo(profile["tz"]))
        offset = now.utcoffset()
        real_name = profile["real_name"]
        return {
            "id": user_id,
            "team_id": self._calling_team().id,
            "name": profile["name"],
            "real_name": real_name,
            "deleted": profile.get("deleted", False),
            "tz": profile["tz"],
            "tz_label": now.tzname(),
            "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
            "is_bot": profile["is_bot"],
            "profile": {
                "real_name": real_name,
                "display_name": profile["name"],
                "first_name": real_name.split()[0] if real_name.split() else "",
            },
        }

    def _users_list(self, p: dict[str, Any]) -> dict[str, Any]:
        """All accounts, the bot's included, paged by ``limit`` and ``cursor`` like Slack."""
        ids = [*self._users]
        if self.bot_user_id not in self._users:
            ids.append(self.bot_user_id)
        page = _page(ids, p, "user")
        if "error" in page:
            return page
        bot = {"name": "strategy-coach", "real_name": "Strategy Coach", "tz": "UTC"}
        members = [
            self._user_object(
                user_id, self._users.get(user_id) or {**bot, "is_bot": True, "locale": "en-US"}
            )
            for user_id in page["items"]
        ]
        return {
            "ok": True,
            "members": members,
            "cache_ts": int(time.time()),
            "response_metadata": {"next_cursor": page["next_cursor"]},
        }

    def _conversations_members(self, p: dict[str, Any]) -> dict[str, Any]:
        channel = self._channels.get(str(p.get("channel", "")))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        page = _page(channel["members"], p, "member")
        if "error" in page:
            return page
        return {
            "ok": True,
            "members": page["items"],
            "response_metadata": {"next_cursor": page["next_cursor"]},
        }

    def _conversations_info(self, p: dict[str, Any]) -> dict[str, Any]:
        channel_id = str(p.get("channel", ""))
        if not channel_id:
            return {"ok": False, "error": "channel_not_found"}
        known = self._channels.get(channel_id, {})
        is_im = channel_id.startswith("D")
        channel = {
            "id": channel_id,
            "name": known.get("name", channel_id.lower()),
            "is_channel": not is_im,
            "is_im": is_im,
            "is_private": known.get("is_private", is_im),
            "is_member": True,
            "is_archived": False,
        }
        if is_im:
            channel["user"] = "U" + channel_id[1:]
        return {"ok": True, "channel": channel}

    def _conversations_open(self, p: dict[str, Any]) -> dict[str, Any]:
        users = [u for u in str(p.get("users", "")).split(",") if u]
        if p.get("channel"):
            return {"ok": True, "channel": {"id": p["channel"]}}
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        if len(users) == 1:
            return {"ok": True, "channel": {"id": self.dm_channel(users[0])}}
        return {"ok": True, "channel": {"id": "G" + "".join(u[1:] for u in users)}}

    def _replies(self, p: dict[str, Any]) -> dict[str, Any]:
        channel = self._resolve_channel(str(p.get("channel", "")))
        ts = p.get("ts")
        found = [m for m in self._messages[channel] if ts in (m["ts"], m.get("thread_ts"))]
        return {"ok": True, "messages": _echoed(found, p), "has_more": False}

    def _history(self, p: dict[str, Any]) -> dict[str, Any]:
        channel = self._resolve_channel(str(p.get("channel", "")))
        top = [m for m in self._messages[channel] if m.get("thread_ts") in (None, m["ts"])]
        return {"ok": True, "messages": _echoed(list(reversed(top)), p), "has_more": False}

    def _store_view(self, view: Any, view_id: str | None = None) -> dict[str, Any]:
        if not isinstance(view, dict):
            return {"ok": False, "error": "invalid_arguments"}
        problems = _block_errors(view.get("blocks"), VIEW_BLOCK_LIMIT)
        if problems:
            return {"ok": False, "error": "invalid_arguments", "errors": problems}
        n = self._next_seq()
        stored = {
            **view,
            "id": view_id or f"V{n:08d}",
            "team_id": self._calling_team().id,
            "app_id": self.app_id,
            "bot_id": self._calling_team().bot_id,
            "hash": f"{int(time.time())}.{n:08x}",
            "state": view.get("state", {"values": {}}),
        }
        self._views[stored["id"]] = stored
        return {"ok": True, "view": dict(stored)}

    def _views_open(self, p: dict[str, Any]) -> dict[str, Any]:
        if not p.get("trigger_id") and not p.get("interactivity_pointer"):
            return {"ok": False, "error": "invalid_arguments"}
        return self._store_view(p.get("view"))

    def _views_update(self, p: dict[str, Any]) -> dict[str, Any]:
        view_id = p.get("view_id")
        if not view_id and p.get("external_id"):
            view_id = next(
                (k for k, v in self._views.items() if v.get("external_id") == p["external_id"]),
                None,
            )
        if not view_id:
            return {"ok": False, "error": "not_found"}
        old = self._views.get(view_id)
        if old is not None and p.get("hash") and p["hash"] != old["hash"]:
            return {"ok": False, "error": "hash_conflict"}
        return self._store_view(p.get("view"), view_id)

    def _views_publish(self, p: dict[str, Any]) -> dict[str, Any]:
        if not p.get("user_id"):
            return {"ok": False, "error": "invalid_arguments"}
        return self._store_view(p.get("view"))

    def _get_upload_url(self, p: dict[str, Any]) -> dict[str, Any]:
        if not p.get("filename") or not str(p.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{self._next_seq():08d}"
        self._files[file_id] = {"filename": p["filename"], "length": int(p["length"])}
        return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    def _complete_upload(self, p: dict[str, Any]) -> dict[str, Any]:
        files = p.get("files")
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        out = []
        for f in files:
            entry = self._files.get(f.get("id", ""))
            if entry is None or "data" not in entry:
                return {"ok": False, "error": "file_not_found"}
            channels = [p["channel_id"]] if p.get("channel_id") else []
            out.append(
                {
                    "id": f["id"],
                    "title": f.get("title") or entry["filename"],
                    "name": entry["filename"],
                    "size": len(entry["data"]),
                    "channels": channels,
                }
            )
        return {"ok": True, "files": out}


def _echoed(messages: list[dict[str, Any]], p: dict[str, Any]) -> list[dict[str, Any]]:
    """Messages as history/replies give them: `metadata` only with `include_all_metadata`."""
    keep = _truthy(p.get("include_all_metadata"))
    return [{k: v for k, v in m.items() if keep or k != "metadata"} for m in messages]


def _page(items: list[str], p: dict[str, Any], kind: str) -> dict[str, Any]:
    """One page of ``items`` as Slack pages them: ``limit`` (Slack caps it at 1000; none means
    everything) and an opaque ``cursor`` naming the first item of the next page."""
    try:
        limit = int(p.get("limit") or 0)
    except ValueError:
        return {"ok": False, "error": "invalid_limit"}
    limit = min(limit, 1000) if limit > 0 else len(items) or 1
    start = 0
    cursor = str(p.get("cursor") or "")
    if cursor:
        try:
            prefix, _, position = base64.b64decode(cursor, validate=True).decode().partition(":")
            start = int(position)
        except (ValueError, UnicodeDecodeError):
            return {"ok": False, "error": "invalid_cursor"}
        if prefix != kind or not 0 <= start <= len(items):
            return {"ok": False, "error": "invalid_cursor"}
    end = start + limit
    following = base64.b64encode(f"{kind}:{end}".encode()).decode() if end < len(items) else ""
    return {"items": items[start:end], "next_cursor": following}


# Methods that need the whole call (headers), not only its parameters; no bearer token.
_CALL_METHODS: dict[str, Callable[[FakeSlack, Call], dict[str, Any]]] = {
    "oauth.v2.access": FakeSlack._oauth_v2_access,
}

_METHODS: dict[str, Callable[[FakeSlack, dict[str, Any]], dict[str, Any]]] = {
    "auth.test": FakeSlack._auth_test,
    "chat.postMessage": FakeSlack._post_message,
    "chat.update": FakeSlack._update,
    "chat.delete": FakeSlack._delete,
    "chat.postEphemeral": FakeSlack._post_ephemeral,
    "chat.getPermalink": FakeSlack._permalink,
    "users.info": FakeSlack._users_info,
    "users.list": FakeSlack._users_list,
    "conversations.members": FakeSlack._conversations_members,
    "conversations.info": FakeSlack._conversations_info,
    "conversations.open": FakeSlack._conversations_open,
    "conversations.replies": FakeSlack._replies,
    "conversations.history": FakeSlack._history,
    "views.open": FakeSlack._views_open,
    "views.push": FakeSlack._views_open,
    "views.update": FakeSlack._views_update,
    "views.publish": FakeSlack._views_publish,
    "files.getUploadURLExternal": FakeSlack._get_upload_url,
    "files.completeUploadExternal": FakeSlack._complete_upload,
}

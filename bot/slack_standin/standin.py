"""``SlackStandin``: the Slack Web API served on 127.0.0.1:<free port>. It records every call
with its parsed parameters and raw body, keeps enough state (people, channels, messages,
views, files) to answer follow-up calls like Slack, and serves ``response_url`` and the upload
URL of the external file upload flow.

    with SlackStandin() as slack:
        client = WebClient(token="xoxb-any", base_url=slack.api_url)
        client.chat_postMessage(channel="C1", text="hi")
        [call] = slack.wait_for("chat.postMessage")

Every request goes through one pipeline, with hooks a subclass (the tests' ``FakeSlack``)
overrides: ``before_answering`` (answer first, without the lock: hold a call, a test's own
responder), ``answer`` (wrap the whole answer: fail instead of it or after it),
``token_refusal`` (a dead or unknown token), ``calling_workspace`` (which workspace a token
belongs to) and ``answer_method`` (methods of its own, such as OAuth's).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from bot.slack_standin import messages, people, views_files
from bot.slack_standin.calls import Answer, Call, Headers, parse_params, upload_params
from bot.slack_standin.server import ServerThread
from bot.slack_standin.store import Request, Store, Workspace

# Every Web API method the stand-in answers, by name.
METHODS: dict[str, Callable[[Store, Request], dict[str, Any]]] = {
    **people.METHODS,
    **messages.METHODS,
    **views_files.METHODS,
}
# Parameters `summary` never shows.
SECRET_PARAMS = ("token", "client_secret", "code", "refresh_token")


class SlackStandin:
    """Slack's Web API for one workspace, served on 127.0.0.1. See the module docstring."""

    def __init__(
        self,
        team_id: str = "T111",
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
        team_domain: str = "example",
        *,
        app_id: str = "A111",
    ) -> None:
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.team_domain = team_domain
        self.team_name = "Example Workspace"
        self.app_id = app_id
        self._store = Store(app_id=app_id, next_ts=self.next_ts)
        self._cond = self._store.lock
        self._calls: list[Call] = []
        self._last_micros = 0
        self._server: ServerThread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> SlackStandin:
        if self._server is None:
            self._server = ServerThread(self.handle)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> SlackStandin:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        return f"http://127.0.0.1:{self._server.port}"

    @property
    def api_url(self) -> str:
        """Pass this to ``WebClient(base_url=...)`` / ``SLACK_API_URL``."""
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "r") -> str:
        """A fresh ``response_url``; POSTs to it are recorded as "response_url"."""
        return f"{self.base_url}/response/{name}-{self._store.next_seq()}"

    # -- the workspace -----------------------------------------------------------------------

    def workspace(self) -> Workspace:
        """The stand-in's own workspace (read from its attributes, which a test may change)."""
        return Workspace(
            id=self.team_id,
            name=self.team_name,
            domain=self.team_domain,
            bot_user_id=self.bot_user_id,
            bot_id=self.bot_id,
        )

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
            self._store.users[user_id] = {
                "name": name or user_id.lower(),
                "real_name": real_name or name or f"User {user_id}",
                "tz": tz,
                "locale": locale,
                "is_bot": is_bot,
                "deleted": deleted,
            }

    def set_locale(self, user_id: str, locale: str) -> None:
        """Change someone's Slack language (``users.info`` with ``include_locale`` says it);
        someone never added is added with the defaults ``users.info`` gave them."""
        with self._cond:
            profile = self._store.users.get(user_id) or people.default_profile(
                user_id, is_bot=user_id == self.bot_user_id
            )
            self._store.users[user_id] = {**profile, "locale": locale}

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
            self._store.channels[channel_id] = {
                "name": name or channel_id.lower(),
                "is_private": is_private,
                "members": list(members or []),
            }

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
        """One line per recorded call (never headers, never secrets), for error messages."""
        lines = []
        for c in self.calls()[-limit:]:
            shown = {k: v for k, v in c.params.items() if not isinstance(v, bytes)}
            shown.update({k: "(redacted)" for k in SECRET_PARAMS if k in shown})
            text = json.dumps(shown, default=str, ensure_ascii=False)
            flag = f" [failed {c.status}]" if c.failed else ""
            lines.append(f"  {c.method}{flag} {text[:200]}")
        return "\n".join(lines) or "  (none)"

    def messages(self, channel: str, thread_ts: str | None = None) -> list[dict[str, Any]]:
        """Messages the bot posted in ``channel`` (a user id means the DM with that user).

        With ``thread_ts``: the thread's parent (if the bot posted it) and its replies.
        """
        with self._cond:
            stored = self._store.messages.get(self._store.resolve_channel(channel), [])
            return [
                dict(m)
                for m in stored
                if thread_ts is None or thread_ts in (m["ts"], m.get("thread_ts"))
            ]

    def uploaded(self, file_id: str) -> bytes | None:
        """The bytes uploaded for ``file_id`` through the upload URL, if any."""
        with self._cond:
            return self._store.files.get(file_id, {}).get("data")

    def file(self, file_id: str) -> dict[str, Any] | None:
        """A file the app uploaded: ``filename``, ``title`` (once completed) and ``data``
        (the bytes, None before the upload); None for an id never handed out."""
        with self._cond:
            entry = self._store.files.get(file_id)
            if entry is None:
                return None
            return {
                "id": file_id,
                "filename": entry["filename"],
                "title": entry.get("title"),
                "data": entry.get("data"),
            }

    def delete_file(self, file_id: str) -> None:
        """Someone deleted the file in Slack: it can no longer be shown by id."""
        with self._cond:
            if file_id in self._store.files:
                self._store.files[file_id]["deleted"] = True

    def view(self, view_id: str) -> dict[str, Any] | None:
        """The view (modal or Home tab) last opened, pushed, updated or published as
        ``view_id``, as Slack holds it; None for an unknown id."""
        with self._cond:
            found = self._store.views.get(view_id)
            return None if found is None else dict(found)

    def dm_channel(self, user_id: str) -> str:
        """The IM channel id the stand-in uses for a user: "U1" -> "D1"."""
        return self._store.dm_channel(user_id)

    def next_ts(self) -> str:
        """A new message timestamp, ``"<seconds>.<micros>"`` from the machine's clock and
        strictly increasing, as Slack's are: unique across runs on one database."""
        with self._cond:
            micros = max(time.time_ns() // 1000, self._last_micros + 1)
            self._last_micros = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    # -- hooks for subclasses ----------------------------------------------------------------

    def before_answering(self, call: Call) -> Answer | None:
        """Hook, called without the lock (it may block): an answer that replaces the stand-in's
        own for ``call``, or None to go on."""
        return None

    def token_refusal(self, call: Call) -> str | None:
        """Hook: the error (``invalid_auth``, ``token_revoked``...) a Web API call's token gets,
        or None when it may go on. The stand-in itself takes any token."""
        return None

    def calling_workspace(self, call: Call) -> Workspace:
        """Hook: the workspace a Web API call comes from (by its token). Here: the one."""
        return self.workspace()

    def answer_method(self, call: Call) -> dict[str, Any]:
        """Hook, called with the lock held: the JSON answer to a Web API call whose token was
        not refused. A subclass answers methods of its own, then calls this."""
        answer = METHODS.get(call.method)
        if answer is None:
            return {"ok": False, "error": "unknown_method"}
        if call.token is None:
            return {"ok": False, "error": "not_authed"}
        return answer(
            self._store, Request(call.params, self.calling_workspace(call), self.base_url)
        )

    # -- the pipeline ------------------------------------------------------------------------

    def handle(self, verb: str, raw_path: str, headers: Headers, body: bytes) -> Answer:
        """One HTTP request: parse it as a ``Call``, answer it, record it."""
        call = self.parse_call(raw_path, headers, body)
        answer = self.before_answering(call)
        with self._cond:
            return self.record(call, self.answer(call) if answer is None else answer)

    @staticmethod
    def parse_call(raw_path: str, headers: Headers, body: bytes) -> Call:
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
        ctype = headers.get("Content-Type") or ""
        try:
            if method == "upload":
                params = {"file_id": path.rsplit("/", 1)[-1], **upload_params(ctype, body)}
            else:
                params = parse_params(ctype, url.query, body)
        except ValueError as exc:
            params = {"_parse_error": str(exc)}
        if method == "response_url":
            params["_path"] = path
        return Call(method, params, headers, body, time.time())

    def answer(self, call: Call) -> Answer:
        """The stand-in's own answer to ``call``, called with the lock held; a subclass may wrap
        it (fail instead of it, or after it)."""
        if call.method == "response_url":
            return Answer.ok("ok")
        if call.method == "upload":
            return views_files.upload(self._store, call.params)
        if not call.is_api:
            return Answer(404, "not found")
        try:
            if (refused := self.token_refusal(call)) is not None:
                return Answer.ok({"ok": False, "error": refused})
            return Answer.ok(self.answer_method(call))
        except Exception as exc:  # a bug or a malformed call; show it, keep serving
            return Answer(500, f"slack stand-in error in {call.method}: {exc!r}")

    def record(self, call: Call, answer: Answer) -> Answer:
        with self._cond:
            call.status = answer.status
            call.failed = call.failed or answer.status >= 300
            call.response = answer.payload
            self._calls.append(call)
            self._cond.notify_all()
        return answer

"""Send requests to the app under test exactly as Slack does, signed with the signing secret.

Slash commands are form-encoded, events are JSON ``event_callback`` envelopes, interactivity is
``payload=<json>`` form-encoded. Every request carries ``X-Slack-Request-Timestamp`` and
``X-Slack-Signature: v0=hex(HMAC_SHA256(secret, "v0:{timestamp}:{raw body}"))``.

    driver = SlackDriver(app_url, signing_secret, fake=fake)
    reply = driver.command("goal 10 posts a week")
    assert reply.status == 200
    reply = driver.thread_reply("done", thread_ts="1700000000.000100")
    reply.ts  # the ts of the message event that was sent

The bodies and signatures are built by `bot.runtime.shell.slack_payloads`, the same builders
the `strategy-coach shell` sends with; this driver adds what only tests send (the legacy
``token`` field, chosen event ids, retries, ``**extra`` fields, stale signatures) through their
optional parameters.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import ProxyHandler, Request, build_opener

from bot.runtime.shell import slack_payloads as payloads
from bot.runtime.shell.slack_payloads import FORM, JSON, Workspace

if TYPE_CHECKING:
    from tests.support.fake_slack import FakeSlack

__all__ = [
    "FORM",
    "JSON",
    "UNREACHABLE_BASE",
    "Reply",
    "SlackDriver",
    "fresh_trigger_id",
    "fresh_ts",
    "text_values",
]

# Without a fake, response_urls point at a closed local port: no request ever leaves the host.
UNREACHABLE_BASE = "http://127.0.0.1:9/response"
BOT_ID = "BBOT"

_counter = itertools.count(1)
_counter_lock = threading.Lock()


def _unique() -> int:
    with _counter_lock:
        return next(_counter)


def fresh_ts() -> str:
    """A Slack-like, unique, increasing message ts for user messages ("<now>.<n:06d>")."""
    n = _unique()
    return f"{int(time.time())}.{n % 1_000_000:06d}"


def fresh_trigger_id() -> str:
    return f"{_unique()}.{int(time.time())}.{uuid.uuid4().hex[:32]}"


def text_values(texts: dict[str, str], action_id: str = "value") -> dict[str, Any]:
    """``{"goal": "10 posts"}`` -> view state values as Slack sends plain_text_input blocks."""
    return {
        block_id: {action_id: {"type": "plain_text_input", "value": value}}
        for block_id, value in texts.items()
    }


@dataclass
class Reply:
    """The app's HTTP answer. ``ts``/``event_id`` are set by the message/event helpers."""

    status: int
    body: str
    headers: dict[str, str]
    ts: str | None = None
    event_id: str | None = None
    request_body: bytes = field(default=b"", repr=False)

    def json(self) -> Any:
        return json.loads(self.body)


class SlackDriver:
    def __init__(
        self,
        app_url: str,
        signing_secret: str,
        team_id: str = "T111",
        *,
        fake: FakeSlack | None = None,
        api_app_id: str = "A111",
        bot_user_id: str = "UBOT",
        team_domain: str = "example",
        timeout: float = 10.0,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.app_url = app_url
        self.signing_secret = signing_secret
        self.team_id = team_id
        self.fake = fake
        self.api_app_id = api_app_id
        self.bot_user_id = bot_user_id
        self.team_domain = team_domain
        self.timeout = timeout
        # When events happen (`event_time`): the app's clock, so Slack and the app agree on
        # what came first. Signatures always use the real time (Bolt checks them against it).
        self.clock = clock
        self.verification_token = "legacy-verification-token"
        # Ignore http_proxy & co: the app is on 127.0.0.1 and nothing may leave the host.
        self._opener = build_opener(ProxyHandler({}))

    text_values = staticmethod(text_values)

    @property
    def workspace(self) -> Workspace:
        """The workspace and app the requests come from (read anew: tests may change ids)."""
        return Workspace(
            team_id=self.team_id,
            team_domain=self.team_domain,
            api_app_id=self.api_app_id,
            bot_user_id=self.bot_user_id,
            bot_id=BOT_ID,
        )

    # -- raw HTTP ----------------------------------------------------------------------------

    def signed_headers(self, body: bytes, timestamp: int | None = None) -> dict[str, str]:
        """The two signing headers for ``body`` (pass an old ``timestamp`` to forge staleness)."""
        when = int(time.time()) if timestamp is None else timestamp
        return payloads.signed_headers(self.signing_secret, body, when)

    def post_raw(self, body: bytes, headers: dict[str, str]) -> Reply:
        """POST exactly ``body`` with ``headers`` (urllib adds a form Content-Type if missing)."""
        return self._send(Request(self.app_url, data=body, headers=headers, method="POST"), body)

    def get(self, path: str) -> Reply:
        """GET ``path`` relative to the app's base, e.g. ``get("/healthz")``."""
        parts = urlsplit(self.app_url)
        return self._send(Request(f"{parts.scheme}://{parts.netloc}{path}", method="GET"), b"")

    def _send(self, request: Request, body: bytes) -> Reply:
        request.add_header("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
        try:
            with self._opener.open(request, timeout=self.timeout) as resp:
                return Reply(
                    resp.status,
                    resp.read().decode("utf-8", "replace"),
                    dict(resp.headers),
                    request_body=body,
                )
        except HTTPError as err:
            text = err.read().decode("utf-8", "replace")
            return Reply(err.code, text, dict(err.headers or {}), request_body=body)

    def _post_signed(self, body: bytes, content_type: str, **headers: str) -> Reply:
        return self.post_raw(
            body, {"Content-Type": content_type, **self.signed_headers(body), **headers}
        )

    def _post(self, request: payloads.Request) -> Reply:
        return self._post_signed(request.body, request.content_type, **request.headers)

    def _response_url(self, given: str | None, name: str) -> str:
        if given is not None:
            return given
        if self.fake is not None:
            return self.fake.response_url(name)
        return f"{UNREACHABLE_BASE}/{name}-{_unique()}"

    def _user(self, user_id: str) -> dict[str, str]:
        return payloads.user_object(self.workspace, user_id, user_id.lower())

    # -- slash commands ----------------------------------------------------------------------

    def command(
        self,
        text: str = "",
        user_id: str = "U1",
        channel_id: str = "C1",
        command: str = "/strategy",
        trigger_id: str | None = None,
        response_url: str | None = None,
        **extra: str,
    ) -> Reply:
        """A slash command, form-encoded as Slack sends it. ``extra`` adds/overrides fields."""
        request = payloads.command(
            self.workspace,
            text,
            user_id=user_id,
            user_name=user_id.lower(),
            channel_id=channel_id,
            channel_name="directmessage" if channel_id.startswith("D") else channel_id.lower(),
            response_url=self._response_url(response_url, "command"),
            trigger=trigger_id or fresh_trigger_id(),
            name=command,
            token=self.verification_token,
            extra=extra,
        )
        return self._post(request)

    # -- events ------------------------------------------------------------------------------

    def event(
        self,
        event: dict[str, Any],
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> Reply:
        """An Events API ``event_callback``; ``retry_num`` adds Slack's retry headers."""
        event_id = event_id or f"Ev{_unique():08d}{uuid.uuid4().hex[:4].upper()}"
        request = payloads.event(
            self.workspace,
            event,
            int(self.clock().timestamp() if self.clock else time.time()),
            event_id=event_id,
            token=self.verification_token,
            retry_num=retry_num,
            retry_reason=retry_reason,
        )
        reply = self._post(request)
        reply.event_id = event_id
        reply.ts = event.get("ts")
        return reply

    def url_verification(self, challenge: str = "challenge-token") -> Reply:
        return self._post(payloads.url_verification(challenge, token=self.verification_token))

    def _message(
        self,
        kind: str,
        text: str,
        user_id: str,
        channel_id: str,
        channel_type: str,
        thread_ts: str | None,
        ts: str | None,
        event_id: str | None,
        retry_num: int | None,
        parent_user_id: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> Reply:
        event = payloads.message_event(
            self.workspace,
            text,
            user_id=user_id,
            channel_id=channel_id,
            channel_type=channel_type,
            ts=ts or fresh_ts(),
            thread_ts=thread_ts,
            kind=kind,
            parent_user_id=parent_user_id,
            extra=extra,
        )
        return self.event(event, event_id=event_id, retry_num=retry_num)

    def message(
        self,
        text: str,
        user_id: str = "U1",
        channel_id: str = "C1",
        channel_type: str = "channel",
        thread_ts: str | None = None,
        ts: str | None = None,
        event_id: str | None = None,
        retry_num: int | None = None,
        **extra: Any,
    ) -> Reply:
        """A user's ``message`` event; ``reply.ts`` is its ts. ``extra`` adds event fields."""
        return self._message(
            "message", text, user_id, channel_id, channel_type, thread_ts, ts, event_id,
            retry_num, extra=extra,
        )  # fmt: skip

    def thread_reply(
        self,
        text: str,
        user_id: str = "U1",
        channel_id: str = "C1",
        thread_ts: str | None = None,
        ts: str | None = None,
        channel_type: str = "channel",
        event_id: str | None = None,
        retry_num: int | None = None,
        parent_user_id: str | None = None,
    ) -> Reply:
        """A reply in the thread ``thread_ts`` (required); ``reply.ts`` is the reply's ts."""
        if not thread_ts:
            raise ValueError("thread_reply needs thread_ts")
        return self._message(
            "message", text, user_id, channel_id, channel_type, thread_ts, ts, event_id,
            retry_num, parent_user_id=parent_user_id or self.bot_user_id,
        )  # fmt: skip

    def dm(
        self,
        text: str,
        user_id: str = "U1",
        channel_id: str = "D1",
        thread_ts: str | None = None,
        ts: str | None = None,
        event_id: str | None = None,
        retry_num: int | None = None,
    ) -> Reply:
        """A direct message to the bot (``message`` with ``channel_type: im``)."""
        return self.message(text, user_id, channel_id, "im", thread_ts, ts, event_id, retry_num)

    def app_mention(
        self,
        text: str,
        user_id: str = "U1",
        channel_id: str = "C1",
        thread_ts: str | None = None,
        ts: str | None = None,
        event_id: str | None = None,
        retry_num: int | None = None,
    ) -> Reply:
        """An ``app_mention``; put ``<@UBOT>`` in ``text`` as Slack does."""
        return self._message(
            "app_mention", text, user_id, channel_id, "channel", thread_ts, ts, event_id,
            retry_num,
        )  # fmt: skip

    # -- interactivity -----------------------------------------------------------------------

    def block_action(
        self,
        action_id: str,
        value: str = "",
        user_id: str = "U1",
        channel_id: str = "C1",
        message_ts: str | None = None,
        thread_ts: str | None = None,
        trigger_id: str | None = None,
        response_url: str | None = None,
        block_id: str = "b",
        message_text: str = "",
        **extra: Any,
    ) -> Reply:
        """A button click on a bot message; ``reply.ts`` is the message ts used."""
        message_ts = message_ts or fresh_ts()
        message: dict[str, Any] = {
            "type": "message",
            "ts": message_ts,
            "text": message_text,
            "user": self.bot_user_id,
            "bot_id": BOT_ID,
            "blocks": [],
        }
        if thread_ts is not None:
            message["thread_ts"] = thread_ts
        button = {
            "action_id": action_id,
            "block_id": block_id,
            "text": {"type": "plain_text", "text": action_id, "emoji": True},
            "value": value,
            "type": "button",
            "action_ts": f"{time.time():.6f}",
        }
        request = payloads.block_actions(
            self.workspace,
            button,
            user=self._user(user_id),
            trigger=trigger_id or fresh_trigger_id(),
            response_url=self._response_url(response_url, "action"),
            message=message,
            channel={"id": channel_id, "name": channel_id.lower()},
            token=self.verification_token,
            extra=extra,
        )
        reply = self._post(request)
        reply.ts = message_ts
        return reply

    def view_submission(
        self,
        callback_id: str,
        values: dict[str, Any],
        private_metadata: str = "",
        user_id: str = "U1",
        view_id: str | None = None,
        trigger_id: str | None = None,
        **extra: Any,
    ) -> Reply:
        """A modal submit; ``values`` as Slack's ``view.state.values`` (see ``text_values``)."""
        view_id = view_id or f"V{_unique():08d}"
        view = {
            "id": view_id,
            "team_id": self.team_id,
            "type": "modal",
            "blocks": [],
            "private_metadata": private_metadata,
            "callback_id": callback_id,
            "state": {"values": {}},  # the builder puts ``values`` here
            "hash": f"{int(time.time())}.{uuid.uuid4().hex[:8]}",
            "title": {"type": "plain_text", "text": "Strategy Coach", "emoji": True},
            "clear_on_close": False,
            "notify_on_close": False,
            "close": {"type": "plain_text", "text": "Cancel", "emoji": True},
            "submit": {"type": "plain_text", "text": "Save", "emoji": True},
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": self.api_app_id,
            "external_id": "",
            "app_installed_team_id": self.team_id,
            "bot_id": BOT_ID,
        }
        request = payloads.view_submission(
            self.workspace,
            view,
            values,
            user=self._user(user_id),
            trigger=trigger_id or fresh_trigger_id(),
            token=self.verification_token,
            extra=extra,
        )
        return self._post(request)

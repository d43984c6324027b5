"""What Slack sends the app, built as Slack builds it and signed with the signing secret.

Slash commands are form-encoded, events are JSON `event_callback` envelopes, interactivity is
`payload=<json>` form-encoded; every request carries `X-Slack-Request-Timestamp` and
`X-Slack-Signature: v0=hex(HMAC_SHA256(secret, "v0:{timestamp}:{raw body}"))`. The shell sends
these to the same WSGI app `strategy-coach run` serves, so Bolt checks each signature.

The tests' `SlackDriver` builds its requests here too. What only it sends is optional and left
out by default: the legacy verification `token` field, an `event_id` of its choosing, Slack's
retry headers, and `extra` fields added to (or replacing) what a builder made.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal
from urllib.parse import urlencode

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


@dataclass(frozen=True)
class Workspace:
    """The workspace and app a request comes from."""

    team_id: str
    team_domain: str
    api_app_id: str
    bot_user_id: str
    bot_id: str


class _Parent(Enum):
    BOT = "the bot user"


THE_BOT: Literal[_Parent.BOT] = _Parent.BOT


@dataclass(frozen=True)
class Request:
    body: bytes
    content_type: str
    # Sent besides Content-Type and the signature: Slack's `X-Slack-Retry-*` on a redelivery.
    headers: Mapping[str, str] = field(default_factory=dict)


def signed_headers(secret: str, body: bytes, timestamp: int) -> dict[str, str]:
    """The two signing headers Slack sends with `body` at `timestamp` (seconds)."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


def trigger_id(seconds: int) -> str:
    return f"{seconds}.{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex}"


def retry_headers(retry_num: int, reason: str = "http_timeout") -> dict[str, str]:
    """The headers Slack adds when it delivers an event again (`retry_num` >= 1)."""
    return {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": reason}


def _with_token(token: str | None, fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` led by the legacy verification `token`, where one is sent."""
    return fields if token is None else {"token": token, **fields}


def user_object(ws: Workspace, user_id: str, name: str) -> dict[str, str]:
    return {"id": user_id, "username": name, "name": name, "team_id": ws.team_id}


def command(
    ws: Workspace,
    text: str,
    *,
    user_id: str,
    user_name: str,
    channel_id: str,
    channel_name: str,
    response_url: str,
    trigger: str,
    name: str = "/strategy",
    token: str | None = None,
    extra: Mapping[str, str] | None = None,
) -> Request:
    """A slash command as Slack posts it; `extra` adds or replaces fields."""
    fields = {
        "team_id": ws.team_id,
        "team_domain": ws.team_domain,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": name,
        "text": text,
        "api_app_id": ws.api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger,
    }
    fields = {**_with_token(token, fields), **(extra or {})}
    return Request(urlencode(fields).encode(), FORM)


def message_event(
    ws: Workspace,
    text: str,
    *,
    user_id: str,
    channel_id: str,
    channel_type: str,
    ts: str,
    thread_ts: str | None = None,
    kind: str = "message",
    parent_user_id: str | Literal[_Parent.BOT] | None = THE_BOT,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A person's message (or `app_mention`), as the event inside the envelope.

    In a thread, `parent_user_id` is who started it: the bot unless told (None leaves it out).
    `extra` adds or replaces event fields."""
    event: dict[str, Any] = {
        "type": kind,
        "user": user_id,
        "text": text,
        "client_msg_id": str(uuid.uuid4()),
        "ts": ts,
        "team": ws.team_id,
        "channel": channel_id,
        "event_ts": ts,
    }
    if kind == "message":
        event["channel_type"] = channel_type
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
        if parent_user_id is not None:
            event["parent_user_id"] = (
                ws.bot_user_id if parent_user_id is THE_BOT else parent_user_id
            )
    event.update(extra or {})
    return event


def home_opened_event(ws: Workspace, user_id: str, event_ts: str) -> dict[str, Any]:
    return {
        "type": "app_home_opened",
        "user": user_id,
        "channel": "D" + user_id[1:],
        "tab": "home",
        "event_ts": event_ts,
    }


def event(
    ws: Workspace,
    inner: dict[str, Any],
    event_time: int,
    *,
    event_id: str | None = None,
    token: str | None = None,
    retry_num: int | None = None,
    retry_reason: str = "http_timeout",
) -> Request:
    """The Events API envelope around `inner`; `retry_num` makes it Slack's redelivery."""
    envelope = {
        "team_id": ws.team_id,
        "context_team_id": ws.team_id,
        "context_enterprise_id": None,
        "api_app_id": ws.api_app_id,
        "event": inner,
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": ws.team_id,
                "user_id": ws.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{uuid.uuid4().hex}",
    }
    headers = {} if retry_num is None else retry_headers(retry_num, retry_reason)
    return Request(json.dumps(_with_token(token, envelope)).encode(), JSON, headers)


def url_verification(challenge: str, *, token: str | None = None) -> Request:
    """The handshake Slack sends when the Request URL is set."""
    body = _with_token(token, {"challenge": challenge, "type": "url_verification"})
    return Request(json.dumps(body).encode(), JSON)


def block_actions(
    ws: Workspace,
    action: dict[str, Any],
    *,
    user: dict[str, str],
    trigger: str,
    response_url: str | None,
    message: dict[str, Any] | None = None,
    channel: dict[str, str] | None = None,
    view: dict[str, Any] | None = None,
    ephemeral: bool = False,
    token: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Request:
    """A button pressed or an option chosen, in a message (`message`, `channel`) or a view;
    `extra` adds or replaces payload fields."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": user,
        "api_app_id": ws.api_app_id,
        "trigger_id": trigger,
        "team": {"id": ws.team_id, "domain": ws.team_domain},
        "enterprise": None,
        "is_enterprise_install": False,
        "actions": [action],
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id")}
        payload["view"] = view
    elif message is not None and channel is not None:
        container: dict[str, Any] = {
            "type": "message",
            "message_ts": message.get("ts"),
            "channel_id": channel["id"],
            "is_ephemeral": ephemeral,
        }
        if message.get("thread_ts"):
            container["thread_ts"] = message["thread_ts"]
        payload["container"] = container
        payload["channel"] = channel
        payload["message"] = message
        payload["state"] = {"values": {}}
    if response_url is not None:
        payload["response_url"] = response_url
    return _interactive(payload, token, extra)


def view_submission(
    ws: Workspace,
    view: dict[str, Any],
    values: dict[str, Any],
    *,
    user: dict[str, str],
    trigger: str | None = None,
    token: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Request:
    """A modal's submit button, with what was typed as `view.state.values`; `extra` adds or
    replaces payload fields."""
    submitted = {**view, "state": {"values": values}}
    payload: dict[str, Any] = {
        "type": "view_submission",
        "team": {"id": ws.team_id, "domain": ws.team_domain},
        "user": user,
        "api_app_id": ws.api_app_id,
    }
    if trigger is not None:
        payload["trigger_id"] = trigger
    payload |= {
        "view": submitted,
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }
    return _interactive(payload, token, extra)


def view_closed(ws: Workspace, view: dict[str, Any], *, user: dict[str, str]) -> Request:
    """A modal closed with its Cancel button (sent only if the view asked to be told)."""
    payload = {
        "type": "view_closed",
        "team": {"id": ws.team_id, "domain": ws.team_domain},
        "user": user,
        "api_app_id": ws.api_app_id,
        "view": view,
        "is_cleared": False,
        "is_enterprise_install": False,
        "enterprise": None,
    }
    return _interactive(payload)


def _interactive(
    payload: dict[str, Any], token: str | None = None, extra: Mapping[str, Any] | None = None
) -> Request:
    payload = {**_with_token(token, payload), **(extra or {})}
    return Request(urlencode({"payload": json.dumps(payload)}).encode(), FORM)

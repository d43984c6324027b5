"""Requests that are not what Slack sends are refused before Bolt sees them: 400 (413 when too
big) with a one-line plain body and one WARNING log line, nothing stored, nothing posted.

Slack sends slash commands and interactivity (`payload=<json>`) form-encoded, and events as
JSON. A body that isn't UTF-8, doesn't parse, doesn't match its content type, or lacks the ids
its kind of request needs (`team_id`, `user_id`, `channel_id`) is refused here, signed or not.
Everything that passes still goes through Bolt's signature check (an unsigned request gets 401).
In Socket Mode there is no HTTP: `drop_payloads_without_ids` applies the same id rule as a
Bolt middleware, acking and logging what it drops.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from slack_bolt import BoltResponse

from bot.slack.surface import INTERACTION_TYPES

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1_000_000  # Slack's own requests are a few kilobytes; a full modal is < 100 kB
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str


def check_body(content_type: str, raw: bytes) -> Refusal | None:
    """Why this body is not a Slack request, or None if it may go on to Bolt."""
    if len(raw) > MAX_BODY_BYTES:
        return Refusal(413, "body too large")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Refusal(400, "body is not UTF-8")
    media = content_type.split(";", 1)[0].strip().lower()
    if media == JSON:
        return _check_json(text)
    if media == FORM:
        return _check_form(text)
    return Refusal(400, f"unsupported content type {media or '(none)'!r}")


def _check_json(text: str) -> Refusal | None:
    try:
        body = json.loads(text)
    except ValueError:
        if _looks_like_form(text):
            return Refusal(400, "a form body sent as application/json")
        return Refusal(400, "malformed JSON")
    if not isinstance(body, dict) or not text.startswith("{"):
        # (Bolt reads a body as JSON by its first character when the content type has extras)
        return Refusal(400, "JSON body is not an object")
    if body.get("type") not in ("event_callback", "url_verification", "app_rate_limited"):
        return Refusal(400, "JSON body is not an event callback")
    problem = payload_problem(body)
    return Refusal(400, problem) if problem else None


def _looks_like_form(text: str) -> bool:
    return "=" in text and not text.lstrip().startswith(("{", "["))


def _check_form(text: str) -> Refusal | None:
    if text.lstrip().startswith(("{", "[")):
        return Refusal(400, "a JSON body sent as form-encoded")
    try:
        fields = parse_qs(text, keep_blank_values=True, strict_parsing=True, errors="strict")
    except (ValueError, UnicodeDecodeError):
        return Refusal(400, "malformed form body")
    if any(len(values) > 1 for values in fields.values()):
        return Refusal(400, "a form field given twice")
    form = {key: values[0] for key, values in fields.items()}
    if "payload" in form:
        try:
            payload = json.loads(form["payload"])
        except ValueError:
            return Refusal(400, "payload is not JSON")
        if not isinstance(payload, dict):
            return Refusal(400, "payload is not a JSON object")
        missing = payload_problem(payload)
        return Refusal(400, missing) if missing else None
    if "command" in form:
        missing = payload_problem(form)
        return Refusal(400, missing) if missing else None
    if form.get("ssl_check"):
        return None
    return Refusal(400, "form body is neither a command nor an interaction")


def _id(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _nested_id(value: Any) -> bool:
    return isinstance(value, dict) and _id(value.get("id"))


# Fields Bolt and the listeners read as "a string or an object with an id", as an object, or as
# a string: any other shape is malformed (Bolt would fail on it with a 500).
_ID_OR_OBJECT = ("team", "user", "enterprise", "channel")
_OBJECTS = ("event", "view", "container", "message", "previous_message", "state")
_STRINGS = (
    "type",
    "team_id",
    "user_id",
    "channel_id",
    "enterprise_id",
    "api_app_id",
    "command",
    "text",
    "ts",
    "thread_ts",
    "event_ts",
    "subtype",
    "bot_id",
    "tab",
    "channel_type",
    "callback_id",
    "trigger_id",
    "response_url",
)


def _shape_problem(body: dict, where: str) -> str | None:
    if "event" in body and not isinstance(body["event"], dict):  # Bolt reads it even if null
        return f"{where}event is not an object"
    for name in _ID_OR_OBJECT:
        if body.get(name) is not None and not isinstance(body[name], str | dict):
            return f"{where}{name} is neither a string nor an object"
    for name in _OBJECTS:
        if body.get(name) is not None and not isinstance(body[name], dict):
            return f"{where}{name} is not an object"
    for name in _STRINGS:
        if body.get(name) is not None and not isinstance(body[name], str):
            return f"{where}{name} is not a string"
    for name in ("event", "message", "previous_message"):  # Bolt reads ids inside them too
        inner = body.get(name)
        problem = _shape_problem(inner, f"{where}{name}.") if isinstance(inner, dict) else None
        if problem:
            return problem
    authorizations = body.get("authorizations")
    if authorizations is not None and not (
        isinstance(authorizations, list) and all(isinstance(a, dict) for a in authorizations)
    ):
        return f"{where}authorizations is not a list of objects"
    return None


def payload_problem(body: dict) -> str | None:
    """What makes a parsed request unfit to handle, or None: a field of the wrong shape, or
    a missing id. Commands need team, user and channel; events their team and an event object
    (with a type); interactivity its team and user (block_actions their actions too)."""
    problem = _shape_problem(body, "")
    if problem:
        return problem
    if "command" in body and "type" not in body:
        for name in ("team_id", "user_id", "channel_id"):
            if not _id(body.get(name)):
                return f"command without {name}"
        return None
    kind = body.get("type")
    if kind == "event_callback":
        if not _id(body.get("team_id")):
            return "event without team_id"
        event = body.get("event")
        if not isinstance(event, dict) or not _id(event.get("type")):
            return "event callback without an event"
        return _event_problem(event)
    if kind in INTERACTION_TYPES:
        if not (_nested_id(body.get("team")) or _id(body.get("team_id"))):
            return f"{kind} without team.id"
        if not _nested_id(body.get("user")):
            return f"{kind} without user.id"
        return _interaction_problem(kind, body)
    if isinstance(kind, str):
        return None  # url_verification, app_rate_limited and the like carry no people
    return "payload without a type"


def _event_problem(event: dict) -> str | None:
    """The events the listeners read name their author by id, never by an object."""
    read = event.get("type") in ("message", "app_mention", "app_home_opened")
    if read and event.get("user") is not None and not isinstance(event["user"], str):
        return "event.user is not a string"
    return None


def _interaction_problem(kind: str, body: dict) -> str | None:
    if kind == "block_actions":
        actions = body.get("actions")
        if not (
            isinstance(actions, list) and actions and all(isinstance(a, dict) for a in actions)
        ):
            return "block_actions without actions"
        for action in actions:
            for name in ("action_id", "block_id"):
                if action.get(name) is not None and not isinstance(action[name], str):
                    return f"action.{name} is not a string"
    if kind in ("view_submission", "view_closed"):
        view = body.get("view")
        if not isinstance(view, dict) or not _id(view.get("type")):
            return f"{kind} without a view"
        return _shape_problem(view, "view.")
    return None


def refuse_bad_requests(app: Callable[..., Any]) -> Callable[..., Any]:
    """The WSGI app for `POST /slack/events`, behind the checks above. The body is read once
    here and handed on to `app` unchanged."""

    def checked(environ: dict, start_response: Callable[..., Any]) -> Any:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(start_response, Refusal(400, "bad Content-Length"))
        if length > MAX_BODY_BYTES:
            return _refuse(start_response, Refusal(413, "body too large"))
        raw = environ["wsgi.input"].read(length) if length > 0 else b""
        refusal = check_body(str(environ.get("CONTENT_TYPE") or ""), raw)
        if refusal is not None:
            return _refuse(start_response, refusal)
        environ["wsgi.input"] = io.BytesIO(raw)
        environ["CONTENT_LENGTH"] = str(len(raw))
        return app(environ, start_response)

    return checked


def _refuse(start_response: Callable[..., Any], refusal: Refusal) -> list[bytes]:
    log.warning("Refused a request with %d: %s", refusal.status, refusal.reason)
    body = f"{_STATUS[refusal.status].split(' ', 1)[1].lower()}: {refusal.reason}\n".encode()
    start_response(
        _STATUS[refusal.status],
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
    )
    return [body]


_STATUS = {400: "400 Bad Request", 413: "413 Payload Too Large"}


def drop_payloads_without_ids(
    body: dict, context: object, next: Callable[[], Any]
) -> BoltResponse | None:
    """Bolt middleware (Socket Mode has no HTTP to refuse): a payload without the ids its kind
    needs is acked, so Slack doesn't send it again, logged, and goes no further."""
    missing = payload_problem(body) if _is_people_request(body) else None
    if missing is None:
        return next()
    log.warning("Dropped a request: %s", missing)
    return BoltResponse(status=200, body="")


def _is_people_request(body: dict) -> bool:
    return (
        "command" in body
        or body.get("type") == "event_callback"
        or body.get("type") in INTERACTION_TYPES
    )

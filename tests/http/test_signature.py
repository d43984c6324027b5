"""Only requests signed by Slack with our secret, within five minutes, are accepted."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest

from tests.conftest import RunningApp


def _command_body() -> bytes:
    return urlencode(
        {"team_id": "T111", "channel_id": "C1", "user_id": "U1", "command": "/strategy", "text": ""}
    ).encode()


def _form_headers() -> dict[str, str]:
    return {"Content-Type": "application/x-www-form-urlencoded"}


def test_signed_command_is_accepted(sqlite_app: RunningApp) -> None:
    body = _command_body()
    headers = {**_form_headers(), **sqlite_app.driver.signed_headers(body)}
    assert sqlite_app.driver.post_raw(body, headers).status == 200
    sqlite_app.slack.wait_for("chat.postMessage")


@pytest.mark.parametrize("forgery", ["bad signature", "stale timestamp", "missing signature"])
def test_forged_command_is_refused_and_changes_nothing(
    sqlite_app: RunningApp, forgery: str
) -> None:
    driver = sqlite_app.driver
    body = _command_body()
    if forgery == "bad signature":
        headers = driver.signed_headers(body)
        headers["X-Slack-Signature"] = "v0=" + "0" * 64
    elif forgery == "stale timestamp":
        headers = driver.signed_headers(body, timestamp=int(time.time()) - 6 * 60)
    else:
        headers = {}
    reply = driver.post_raw(body, {**_form_headers(), **headers})
    assert reply.status == 401
    assert sqlite_app.slack.calls("chat.postMessage") == []
    with sqlite_app.sessions.begin() as session:
        from storage import strategies

        assert strategies.strategy_in_channel(session, "T111", "C1") is None


def test_forged_event_is_refused(sqlite_app: RunningApp) -> None:
    body = json.dumps(
        {
            "type": "event_callback",
            "team_id": "T111",
            "event_id": "Ev1",
            "event": {"type": "message", "channel": "C1", "user": "U1", "text": "hi", "ts": "1.2"},
        }
    ).encode()
    headers = sqlite_app.driver.signed_headers(body + b" ")  # signed a different body
    reply = sqlite_app.driver.post_raw(body, {"Content-Type": "application/json", **headers})
    assert reply.status == 401


def test_body_tampered_after_signing_is_refused(sqlite_app: RunningApp) -> None:
    body = _command_body()
    headers = sqlite_app.driver.signed_headers(body)
    tampered = body.replace(b"U1", b"U2")
    assert sqlite_app.driver.post_raw(tampered, {**_form_headers(), **headers}).status == 401


def test_healthz_and_unknown_paths(sqlite_app: RunningApp) -> None:
    assert sqlite_app.driver.get("/healthz").status == 200
    assert sqlite_app.driver.get("/nowhere").status == 404

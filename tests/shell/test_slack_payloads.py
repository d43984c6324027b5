"""What the shell and the tests' `SlackDriver` send the app, from one set of builders: signed as
slack_sdk checks signatures, parsed by Bolt into the request type, ids and context the handlers
see; the driver's extras (legacy token, event id, retries, parent, `extra` fields) only where
asked for, so the shell's requests stay as they were."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import parse_qsl

import pytest
from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.runtime.shell import slack_payloads as payloads
from bot.runtime.shell.slack_payloads import FORM, JSON, Request, Workspace
from bot.runtime.slack_requests import SlackFormRequest
from tests.support.slack_driver import SlackDriver

WS = Workspace(
    team_id="T0TEST0",
    team_domain="coach-test",
    api_app_id="A0TEST0",
    bot_user_id="U0BOT0",
    bot_id="B0BOT0",
)
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
NOW = 1_795_000_000
PERSON = "U0KARI0"
USER = payloads.user_object(WS, PERSON, "kari")
CHANNEL = {"id": "C0MKT0", "name": "marketing"}
BOT_MESSAGE = {"type": "message", "ts": "1795000000.000100", "text": "Pick one", "blocks": []}
VIEW = {"id": "V0VIEW0", "type": "modal", "callback_id": "goal_form", "private_metadata": "7"}
BUTTON = {"action_id": "confirm", "block_id": "b", "type": "button", "value": "yes"}


class FixedClock:
    def __init__(self, now: int) -> None:
        self.at = now

    def now(self) -> float:
        return float(self.at)


def _command(text: str = "status", **kw: Any) -> Request:
    fields: dict[str, Any] = {
        "user_id": PERSON,
        "user_name": "kari",
        "channel_id": "C0MKT0",
        "channel_name": "marketing",
        "response_url": "http://127.0.0.1:9/response/command-1",
        "trigger": "1795000000.1.abc",
    }
    return payloads.command(WS, text, **(fields | kw))


def _message(**kw: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {"user_id": PERSON, "channel_id": "C0MKT0"}
    fields |= {"channel_type": "channel", "ts": "1795000000.000200"}
    return payloads.message_event(WS, "done", **(fields | kw))


def _bolt(request: Request) -> BoltRequest:
    headers = {"content-type": request.content_type}
    headers |= payloads.signed_headers(SECRET, request.body, NOW)
    return BoltRequest(body=request.body.decode(), headers=headers)


def _sent(request: Request) -> dict[str, Any]:
    """The body as Slack meant it: the JSON, the command's fields or the `payload` field."""
    if request.content_type == JSON:
        return json.loads(request.body)
    fields = dict(parse_qsl(request.body.decode(), keep_blank_values=True))
    return json.loads(fields["payload"]) if "payload" in fields else fields


# --- signatures ---------------------------------------------------------------------------------


def test_a_signed_body_passes_slack_sdks_signature_verifier() -> None:
    body = _command().body
    headers = payloads.signed_headers(SECRET, body, NOW)
    verifier = SignatureVerifier(SECRET, clock=FixedClock(NOW + 60))
    ts, signature = headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    assert verifier.is_valid(body, ts, signature)
    assert verifier.is_valid_request(body, {k.lower(): v for k, v in headers.items()})
    assert not verifier.is_valid(body + b"&x=1", ts, signature)
    assert not SignatureVerifier("another-secret", clock=FixedClock(NOW)).is_valid(
        body, ts, signature
    )


def test_an_old_timestamp_makes_a_stale_signature_that_slack_sdk_refuses() -> None:
    body = payloads.event(WS, _message(), NOW).body
    stale = payloads.signed_headers(SECRET, body, int(time.time()) - 6 * 60)
    fresh = payloads.signed_headers(SECRET, body, int(time.time()))
    verifier = SignatureVerifier(SECRET)
    assert verifier.is_valid_request(body, {k.lower(): v for k, v in fresh.items()})
    assert not verifier.is_valid_request(body, {k.lower(): v for k, v in stale.items()})


def test_the_drivers_signature_is_the_builders() -> None:
    driver = SlackDriver("http://127.0.0.1:9/slack/events", SECRET)
    body = _command().body
    assert driver.signed_headers(body, NOW) == payloads.signed_headers(SECRET, body, NOW)


# --- parsed as Bolt parses them -----------------------------------------------------------------


def test_a_command_parses_as_a_command_with_its_ids() -> None:
    parsed = _bolt(_command("goal 10 posts"))
    assert parsed.content_type == FORM
    assert parsed.body["command"] == "/strategy" and parsed.body["text"] == "goal 10 posts"
    assert parsed.body["trigger_id"] == "1795000000.1.abc"
    assert (parsed.context.team_id, parsed.context.user_id) == (WS.team_id, PERSON)
    assert parsed.context.channel_id == "C0MKT0"


@pytest.mark.parametrize(
    ("inner", "kind", "channel"),
    [
        (_message(), "message", "C0MKT0"),
        (_message(kind="app_mention", thread_ts="1795000000.000100"), "app_mention", "C0MKT0"),
        (_message(channel_id="D0KARI0", channel_type="im"), "message", "D0KARI0"),
        (payloads.home_opened_event(WS, PERSON, "1795000000.000300"), "app_home_opened", "D0KARI0"),
    ],
)
def test_an_event_parses_as_an_event_callback_with_its_ids(
    inner: dict[str, Any], kind: str, channel: str
) -> None:
    parsed = _bolt(payloads.event(WS, inner, NOW))
    assert parsed.content_type == JSON
    assert parsed.body["type"] == "event_callback" and parsed.body["event"]["type"] == kind
    assert parsed.body["event_time"] == NOW and parsed.body["event_id"].startswith("Ev")
    assert parsed.body["authorizations"][0]["user_id"] == WS.bot_user_id
    context = parsed.context
    assert (context.team_id, context.user_id, context.channel_id) == (WS.team_id, PERSON, channel)


def test_a_button_in_a_message_parses_as_block_actions_in_its_channel() -> None:
    threaded = {**BOT_MESSAGE, "thread_ts": "1795000000.000050"}
    request = payloads.block_actions(
        WS,
        BUTTON,
        user=USER,
        trigger="1795000000.2.abc",
        response_url="http://127.0.0.1:9/response/action-1",
        message=threaded,
        channel=CHANNEL,
    )
    parsed = _bolt(request)
    assert parsed.body["type"] == "block_actions"
    assert parsed.body["actions"][0]["action_id"] == "confirm"
    assert parsed.body["container"] == {
        "type": "message",
        "message_ts": BOT_MESSAGE["ts"],
        "channel_id": "C0MKT0",
        "is_ephemeral": False,
        "thread_ts": "1795000000.000050",
    }
    context = parsed.context
    assert (context.team_id, context.user_id, context.channel_id) == (WS.team_id, PERSON, "C0MKT0")
    assert context.response_url == "http://127.0.0.1:9/response/action-1"


def test_a_button_in_a_view_parses_as_block_actions_of_that_view() -> None:
    request = payloads.block_actions(
        WS, BUTTON, user=USER, trigger="1795000000.3.abc", response_url=None, view=VIEW
    )
    parsed = _bolt(request)
    assert parsed.body["type"] == "block_actions"
    assert parsed.body["container"] == {"type": "view", "view_id": "V0VIEW0"}
    assert "response_url" not in parsed.body and "channel" not in parsed.body
    assert (parsed.context.team_id, parsed.context.user_id) == (WS.team_id, PERSON)
    assert parsed.context.channel_id is None


def test_a_submitted_form_parses_as_view_submission_with_its_values() -> None:
    values = {"goal": {"value": {"type": "plain_text_input", "value": "10 posts"}}}
    parsed = _bolt(payloads.view_submission(WS, VIEW, values, user=USER))
    assert parsed.body["type"] == "view_submission"
    assert parsed.body["view"]["callback_id"] == "goal_form"
    assert parsed.body["view"]["state"] == {"values": values}
    assert (parsed.context.team_id, parsed.context.user_id) == (WS.team_id, PERSON)


def test_a_closed_form_parses_as_view_closed() -> None:
    parsed = _bolt(payloads.view_closed(WS, VIEW, user=USER))
    assert parsed.body["type"] == "view_closed" and parsed.body["view"]["id"] == "V0VIEW0"
    assert (parsed.context.team_id, parsed.context.user_id) == (WS.team_id, PERSON)


def test_url_verification_carries_its_challenge() -> None:
    parsed = _bolt(payloads.url_verification("the-challenge", token="legacy"))
    assert parsed.body == {
        "token": "legacy",
        "challenge": "the-challenge",
        "type": "url_verification",
    }


@pytest.mark.parametrize(
    "fields",
    [
        {"text": "help payload"},
        {"text": "payload=1&x"},
        {"text": "status", "channel_name": "payload-team"},
        {"text": "status", "user_name": "payload"},
    ],
)
def test_the_word_payload_in_a_command_keeps_it_a_command(fields: dict[str, str]) -> None:
    text = fields.pop("text")
    request = _command(text, **fields)
    headers = {"content-type": FORM, **payloads.signed_headers(SECRET, request.body, NOW)}
    parsed = SlackFormRequest(body=request.body.decode(), query="", headers=headers)
    assert parsed.body["command"] == "/strategy" and parsed.body["text"] == text
    assert parsed.context.user_id == PERSON and parsed.context.channel_id == "C0MKT0"


# --- what only the tests' driver adds -----------------------------------------------------------


def test_the_shells_requests_carry_no_token_no_retry_and_the_bot_as_thread_parent() -> None:
    threaded = _message(thread_ts="1795000000.000100")
    requests = [
        _command(),
        payloads.event(WS, threaded, NOW),
        payloads.block_actions(WS, BUTTON, user=USER, trigger="t", response_url=None, view=VIEW),
        payloads.view_submission(WS, VIEW, {}, user=USER),
    ]
    assert all("token" not in _sent(r) and r.headers == {} for r in requests)
    assert threaded["parent_user_id"] == WS.bot_user_id
    assert "trigger_id" not in _sent(requests[3])
    assert list(_sent(requests[0])) == [
        "team_id", "team_domain", "channel_id", "channel_name", "user_id", "user_name",
        "command", "text", "api_app_id", "is_enterprise_install", "response_url", "trigger_id",
    ]  # fmt: skip


def test_a_thread_parent_can_be_named_or_left_out() -> None:
    assert _message(thread_ts="1.2", parent_user_id="U0OLA0")["parent_user_id"] == "U0OLA0"
    assert "parent_user_id" not in _message(thread_ts="1.2", parent_user_id=None)
    assert "parent_user_id" not in _message()


def test_the_legacy_token_leads_and_extra_fields_add_or_replace() -> None:
    command = _sent(_command(token="legacy", extra={"team_id": "T0OTHER0", "enterprise_id": "E1"}))
    assert next(iter(command)) == "token" and command["token"] == "legacy"
    assert command["team_id"] == "T0OTHER0" and command["enterprise_id"] == "E1"
    action = _sent(
        payloads.block_actions(
            WS,
            BUTTON,
            user=USER,
            trigger="t",
            response_url=None,
            view=VIEW,
            token="legacy",
            extra={"is_enterprise_install": True},
        )
    )
    assert action["token"] == "legacy" and action["is_enterprise_install"] is True
    submitted = payloads.view_submission(
        WS, VIEW, {}, user=USER, trigger="t-9", token="legacy", extra={"hash": "h"}
    )
    assert _sent(submitted)["trigger_id"] == "t-9" and _sent(submitted)["hash"] == "h"
    event = _message(extra={"subtype": "thread_broadcast"})
    assert event["subtype"] == "thread_broadcast"


def test_an_event_can_be_a_retry_with_its_own_id() -> None:
    request = payloads.event(WS, _message(), NOW, event_id="Ev0GIVEN0", token="legacy", retry_num=2)
    assert request.headers == {"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_timeout"}
    parsed = _bolt(request)
    assert parsed.body["event_id"] == "Ev0GIVEN0" and parsed.body["token"] == "legacy"
    timeout = payloads.event(WS, _message(), NOW, retry_num=1, retry_reason="timeout")
    assert payloads.retry_headers(1, "timeout") == dict(timeout.headers)

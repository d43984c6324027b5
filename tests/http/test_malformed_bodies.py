"""Bodies that aren't what Slack sends get 400 (413 when too big), signed or not: a one-line
plain answer, one WARNING log line without a traceback, nothing stored, nothing posted. What
passes the checks still has its signature checked by Bolt. Socket Mode drops (acks and logs)
payloads without the ids they need."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_bolt import BoltRequest
from sqlalchemy import func, select

from bot.runtime.app import create_app
from bot.runtime.config import Config
from storage.db import make_engine, make_session_factory
from storage.models import ProcessedMessage, StrategyRow
from tests.conftest import SIGNING_SECRET, TEAM, RunningApp
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import FORM, JSON, Reply, fresh_trigger_id

CHECKS = "bot.runtime.request_checks"


def _command(**fields: str) -> dict[str, str]:
    base = {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "team_domain": "example",
        "channel_id": "C1",
        "channel_name": "c1",
        "user_id": "U1",
        "user_name": "u1",
        "command": "/strategy",
        "text": "",
        "api_app_id": "A111",
        "response_url": "http://127.0.0.1:9/response/r",
        "trigger_id": fresh_trigger_id(),
    }
    base.update(fields)
    return {key: value for key, value in base.items() if value is not None}


def _form(fields: dict[str, str]) -> bytes:
    return urlencode(fields).encode()


def _event(**envelope: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "api_app_id": "A111",
        "type": "event_callback",
        "event_id": "Ev0MALFORMED",
        "event_time": 1700000000,
        "event": {
            "type": "app_mention",
            "user": "U1",
            "text": "<@UBOT> status",
            "ts": "1700000000.000200",
            "channel": "C1",
            "event_ts": "1700000000.000200",
        },
    }
    body.update(envelope)
    return {key: value for key, value in body.items() if value is not None}


def _action(**payload: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "example"},
        "user": {"id": "U1", "username": "u1", "team_id": TEAM},
        "api_app_id": "A111",
        "trigger_id": fresh_trigger_id(),
        "channel": {"id": "C1", "name": "c1"},
        "response_url": "http://127.0.0.1:9/response/a",
        "actions": [{"action_id": "strategy_skip", "block_id": "b", "value": "", "type": "button"}],
    }
    body.update(payload)
    return {key: value for key, value in body.items() if value is not None}


def _submission(**payload: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "example"},
        "user": {"id": "U1", "username": "u1", "team_id": TEAM},
        "api_app_id": "A111",
        "view": {"id": "V1", "type": "modal", "callback_id": "goal_form", "state": {"values": {}}},
    }
    body.update(payload)
    return {key: value for key, value in body.items() if value is not None}


def _payload(payload: Any) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


# (name, content type, body, status): every kind of body that isn't what Slack sends.
MALFORMED: list[tuple[str, str, bytes, int]] = [
    ("form not UTF-8", FORM, b"command=/strategy&text=\xff\xfe&team_id=T111", 400),
    ("form percent-encoded not UTF-8", FORM, _form(_command())[:-1] + b"&text=%FF%FE", 400),
    ("JSON not UTF-8", JSON, b'{"type": "event_callback", "team_id": "\xc3\x28"}', 400),
    ("a form sent as JSON", JSON, _form(_command()), 400),
    ("JSON sent as a form", FORM, json.dumps(_event()).encode(), 400),
    ("malformed JSON", JSON, b'{"type": "event_callback", "team_id": ', 400),
    ("JSON list", JSON, b"[1, 2, 3]", 400),
    ("JSON string", JSON, b'"event_callback"', 400),
    ("JSON null", JSON, b"null", 400),
    ("JSON without a type", JSON, json.dumps({"team_id": TEAM}).encode(), 400),
    ("malformed form", FORM, b"command=/strategy&&team_id", 400),
    ("empty form", FORM, b"", 400),
    ("payload not JSON", FORM, b"payload=%7Bnot+json", 400),
    ("payload a JSON list", FORM, _payload([1, 2]), 400),
    ("payload a JSON number", FORM, _payload(7), 400),
    ("payload without a type", FORM, _payload({"team": {"id": TEAM}}), 400),
    ("command without user_id", FORM, _form(_command(user_id=None)), 400),  # type: ignore[arg-type]
    ("command with empty user_id", FORM, _form(_command(user_id="")), 400),
    ("command without team_id", FORM, _form(_command(team_id=None)), 400),  # type: ignore[arg-type]
    ("command with empty team_id", FORM, _form(_command(team_id="")), 400),
    ("command without channel_id", FORM, _form(_command(channel_id="")), 400),
    ("event without team_id", JSON, json.dumps(_event(team_id=None)).encode(), 400),
    ("event with empty team_id", JSON, json.dumps(_event(team_id="")).encode(), 400),
    ("event without an event", JSON, json.dumps(_event(event="x")).encode(), 400),
    ("action without team", FORM, _payload(_action(team=None)), 400),
    ("action without user", FORM, _payload(_action(user=None)), 400),
    ("action with a user but no id", FORM, _payload(_action(user={"name": "u1"})), 400),
    ("submission without team", FORM, _payload(_submission(team=None)), 400),
    ("submission without user", FORM, _payload(_submission(user=None)), 400),
    ("event null", JSON, json.dumps(_event(event=None)).encode(), 400),
    (
        "event.user an object",
        JSON,
        json.dumps(_event(event={"type": "message", "user": {}})).encode(),
        400,
    ),
    (
        "event.channel a number",
        JSON,
        json.dumps(_event(event={"type": "message", "channel": 5})).encode(),
        400,
    ),
    ("team a number", FORM, _payload(_action(team=5)), 400),
    ("action without actions", FORM, _payload(_action(actions=[])), 400),
    ("action a string", FORM, _payload(_action(actions=["skip"])), 400),
    ("submission without a view", FORM, _payload(_submission(view=None)), 400),
    ("submission's view without a type", FORM, _payload(_submission(view={"id": "V1"})), 400),
    ("text/plain", "text/plain", _form(_command()), 400),
    ("no content type", "", _form(_command()), 400),
    ("oversized", FORM, _form(_command(text="x" * 1_100_000)), 413),
]


def _post(app: RunningApp, content_type: str, body: bytes, signed: bool) -> Reply:
    headers = {"Content-Type": content_type} if content_type else {}
    if signed:
        headers.update(app.driver.signed_headers(body))
    if not content_type:
        # urllib would add a form content type: send none at all
        return _post_without_content_type(app, body, headers)
    return app.driver.post_raw(body, headers)


def _post_without_content_type(app: RunningApp, body: bytes, headers: dict[str, str]) -> Reply:
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(app.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.putrequest("POST", parts.path)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            connection.putheader(name, value)
        connection.endheaders(body)
        answer = connection.getresponse()
        return Reply(answer.status, answer.read().decode("utf-8", "replace"), dict(answer.headers))
    finally:
        connection.close()


def _nothing_happened(app: RunningApp) -> None:
    with app.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(StrategyRow)) == 0
        assert session.scalar(select(func.count()).select_from(ProcessedMessage)) == 0
    spoken = [c for c in app.slack.calls() if c.method not in ("auth.test",)]
    assert spoken == [], app.slack.summary()


@pytest.mark.parametrize("signed", [True, False], ids=["signed", "unsigned"])
@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_malformed_body_is_refused_without_a_trace(
    sqlite_app: RunningApp,
    caplog: pytest.LogCaptureFixture,
    content_type: str,
    body: bytes,
    status: int,
    signed: bool,
) -> None:
    caplog.set_level(logging.INFO)
    reply = _post(sqlite_app, content_type, body, signed)
    assert reply.status == status, reply.body
    assert reply.headers.get("Content-Type", "").startswith("text/plain")
    assert reply.body.endswith("\n") and reply.body.count("\n") == 1, reply.body
    refusals = [r for r in caplog.records if r.name == CHECKS]
    assert [r.levelno for r in refusals] == [logging.WARNING]
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert "Traceback" not in caplog.text
    _nothing_happened(sqlite_app)


# --- what passes the checks ----------------------------------------------------------------


def test_a_well_formed_unsigned_command_still_gets_bolts_401(sqlite_app: RunningApp) -> None:
    reply = sqlite_app.driver.post_raw(_form(_command()), {"Content-Type": FORM})
    assert reply.status == 401
    _nothing_happened(sqlite_app)


def test_a_well_formed_unsigned_event_still_gets_bolts_401(sqlite_app: RunningApp) -> None:
    reply = sqlite_app.driver.post_raw(json.dumps(_event()).encode(), {"Content-Type": JSON})
    assert reply.status == 401
    _nothing_happened(sqlite_app)


def test_url_verification_keeps_working(sqlite_app: RunningApp) -> None:
    reply = sqlite_app.driver.url_verification("the-challenge")
    assert reply.status == 200 and "the-challenge" in reply.body


def test_a_json_content_type_with_a_charset_is_json(sqlite_app: RunningApp) -> None:
    reply = sqlite_app.driver._post_signed(
        json.dumps(_event()).encode(), "application/json; charset=utf-8"
    )
    assert reply.status == 200


def test_a_signed_well_formed_command_is_answered(sqlite_app: RunningApp) -> None:
    reply = sqlite_app.driver.command("help")
    assert reply.status == 200
    assert sqlite_app.slack.calls("response_url")


# --- Socket Mode: no HTTP to refuse, so the same rule drops the payload ---------------------


@pytest.fixture
def socket_mode_app(sqlite_url: str, fake_slack: FakeSlack) -> Iterator[Any]:
    config = Config(
        bot_token="xoxb-test-token",
        signing_secret=SIGNING_SECRET,
        database_url=sqlite_url,
        api_url=fake_slack.api_url,
    )
    sessions = make_session_factory(make_engine(sqlite_url))
    app = create_app(config, sessions, process_before_response=True)
    yield app, sessions, fake_slack
    sessions.kw["bind"].dispose()


SOCKET_MODE_MISSING = [
    ("command without user_id", _command(user_id="")),
    ("command without team_id", _command(team_id="")),
    ("command without channel_id", _command(channel_id="")),
    ("event without team_id", _event(team_id=None)),
    ("action without user", _action(user=None)),
    ("action without team", _action(team=None)),
    ("submission without user", _submission(user=None)),
]


@pytest.mark.parametrize(
    "body", [case[1] for case in SOCKET_MODE_MISSING], ids=[c[0] for c in SOCKET_MODE_MISSING]
)
def test_socket_mode_drops_payloads_without_ids(
    socket_mode_app: Any, caplog: pytest.LogCaptureFixture, body: dict[str, Any]
) -> None:
    app, sessions, fake = socket_mode_app
    caplog.set_level(logging.INFO)
    # As slack_bolt's SocketModeHandler hands a request to the app (no signature in Socket Mode).
    response = app.dispatch(BoltRequest(body=body, mode="socket_mode"))
    assert response.status == 200  # acked: Slack does not send it again
    assert [r.levelno for r in caplog.records if r.name == CHECKS] == [logging.WARNING]
    assert not [r for r in caplog.records if r.exc_info]
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(StrategyRow)) == 0
    assert [c for c in fake.calls() if c.method != "auth.test"] == []


def test_socket_mode_still_handles_a_complete_command(socket_mode_app: Any) -> None:
    app, sessions, fake = socket_mode_app
    response = app.dispatch(
        BoltRequest(body=_command(response_url=fake.response_url()), mode="socket_mode")
    )
    assert response.status == 200
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(StrategyRow)) == 1


# --- whatever arrives: never a 5xx ------------------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
# Objects shaped a little like Slack's, so the checks' inner branches are reached too.
_slackish = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(
            ["event_callback", "block_actions", "view_submission", "url_verification", "x"]
        )
        | st.text(max_size=8),
        "team_id": st.sampled_from([TEAM, "", None]) | _json_values,
        "team": st.sampled_from([{"id": TEAM}, {}, None]) | _json_values,
        "user": st.sampled_from([{"id": "U1"}, {"id": ""}, None]) | _json_values,
        "event": st.fixed_dictionaries(
            {"type": st.sampled_from(["app_mention", "message", "app_home_opened", 3])},
            optional={
                name: st.sampled_from(["U1", "C1", "1700000000.000100", ""]) | _json_values
                for name in ("user", "channel", "ts", "thread_ts", "text", "subtype", "tab")
            },
        )
        | _json_values,
        "actions": st.lists(
            st.fixed_dictionaries({}, optional={"action_id": _json_values, "value": _json_values})
        )
        | _json_values,
        "view": st.fixed_dictionaries(
            {}, optional={"type": st.just("modal"), "callback_id": _json_values}
        )
        | _json_values,
        "challenge": st.text(max_size=8),
    },
)
_content_types = st.sampled_from([FORM, JSON, "text/plain", "application/json; charset=utf-8"])

_fuzz = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@_fuzz
@given(body=st.binary(max_size=300), content_type=_content_types, signed=st.booleans())
def test_random_bytes_never_get_a_5xx(
    sqlite_app: RunningApp, body: bytes, content_type: str, signed: bool
) -> None:
    reply = _post(sqlite_app, content_type, body, signed)
    assert reply.status < 500, (reply.status, reply.body)


@_fuzz
@given(value=_json_values | _slackish, as_payload=st.booleans(), signed=st.booleans())
def test_random_json_never_gets_a_5xx(
    sqlite_app: RunningApp, value: Any, as_payload: bool, signed: bool
) -> None:
    if as_payload:
        body, content_type = urlencode({"payload": json.dumps(value)}).encode(), FORM
    else:
        body, content_type = json.dumps(value).encode(), JSON
    reply = _post(sqlite_app, content_type, body, signed)
    assert reply.status < 500, (reply.status, reply.body)

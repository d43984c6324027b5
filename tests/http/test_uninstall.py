"""Uninstall and token revocation: answered 200, nothing scheduled calls Slack for the workspace
any more, its data is kept for the grace period and then deleted, and a reinstall resumes."""

from __future__ import annotations

import datetime as dt
import json

from bot.runtime.app import make_tick
from storage import checkin_claims
from tests.conftest import RunningApp
from tests.support.checkins import SLOTS, live, owner_dms, sender
from tests.support.dialogue import message_text
from tests.support.lifecycle import config, mark, reported, stored

UTC = dt.UTC
FIRST, SECOND = SLOTS["Europe/Oslo"]
THIRD = dt.datetime(2027, 4, 5, 7, 0, tzinfo=UTC)  # Monday 09:00 CEST


def uninstall(app: RunningApp) -> None:
    reply = app.driver.event({"type": "app_uninstalled"})
    assert reply.status == 200, reply.body


def test_uninstall_is_answered_and_stops_every_scheduled_call(running_app: RunningApp) -> None:
    app = running_app
    strategy = live(app)
    weekly = sender(app)
    weekly.schedule(strategy, FIRST - dt.timedelta(days=1))
    assert weekly.tick(FIRST) == 1  # this week's check-in went out, unanswered
    app.clock.set(FIRST + dt.timedelta(hours=1))
    uninstall(app)
    assert mark(app) == "app_uninstalled"
    app.slack.reset()
    # The reminder a day later, next week's check-in, and the sweep after the lease: none.
    assert weekly.tick(FIRST + dt.timedelta(hours=25)) == 0
    assert weekly.tick(SECOND) == 0
    assert weekly.tick(SECOND + dt.timedelta(minutes=11)) == 0
    assert app.slack.calls() == [], app.slack.summary()  # no DM, no Home, no users.info
    assert stored(app)["reports"] == 0 and stored(app)["strategies"] == 1  # kept for now


def test_a_retried_uninstall_is_answered_too(sqlite_app: RunningApp) -> None:
    uninstall(sqlite_app)
    again = sqlite_app.driver.event({"type": "app_uninstalled"}, retry_num=1)
    assert again.status == 200
    assert mark(sqlite_app) == "app_uninstalled"


def test_tokens_revoked_marks_the_workspace_only_for_the_bot_token(
    running_app: RunningApp,
) -> None:
    app = running_app
    users_only = {"type": "tokens_revoked", "tokens": {"oauth": ["U1", "U2"]}}
    assert app.driver.event(users_only).status == 200
    assert mark(app) is None
    empty_bot = {"type": "tokens_revoked", "tokens": {"oauth": ["U1"], "bot": []}}
    assert app.driver.event(empty_bot).status == 200
    assert mark(app) is None
    bot = {"type": "tokens_revoked", "tokens": {"oauth": ["U1"], "bot": ["UBOT"]}}
    assert app.driver.event(bot).status == 200
    assert mark(app) == "tokens_revoked"


def test_invalid_auth_during_a_checkin_marks_the_workspace_and_stops_calls(
    running_app: RunningApp,
) -> None:
    app = running_app
    strategy = live(app)
    weekly = sender(app)  # its auth.test named the workspace
    weekly.schedule(strategy, FIRST - dt.timedelta(days=1))
    app.slack.reset()
    app.slack.error("*", "invalid_auth", times=3)  # the token is refused for a while
    assert weekly.tick(FIRST) == 0
    assert mark(app) == "invalid_auth"
    # Refused once (the owner's time zone, asked before the DM), then not asked again.
    assert [call.method for call in app.slack.calls()] == ["users.info"]
    assert weekly.tick(FIRST + dt.timedelta(minutes=11)) == 0  # the claim's lease is over
    assert weekly.tick(SECOND) == 0
    assert [call.method for call in app.slack.calls()] == ["users.info"]
    assert owner_dms(app) == []


def test_invalid_auth_while_sending_stops_the_rest_of_the_tick(running_app: RunningApp) -> None:
    app = running_app
    first = live(app, channel="C1", owner="U2")
    second = live(app, channel="C2", owner="U3")
    weekly = sender(app)
    for strategy in (first, second):
        weekly.schedule(strategy, FIRST - dt.timedelta(days=1))
    app.slack.reset()
    # The token is dead: Slack refuses the DMs (both may be under way at once, in the fan-out).
    app.slack.error("chat.postMessage", "invalid_auth", times=2)
    assert weekly.tick(FIRST) == 0
    assert mark(app) == "invalid_auth"
    methods = [call.method for call in app.slack.calls()]
    assert methods[:2] == ["users.info", "users.info"]
    assert methods[2:] in (["chat.postMessage"], ["chat.postMessage"] * 2)  # nothing after it
    assert weekly.tick(FIRST + dt.timedelta(minutes=11)) == 0
    assert len(app.slack.calls()) == len(methods)


def _event_at(app: RunningApp, happened: dt.datetime, retry: bool) -> int:
    """A message event as Slack delivers it, with the `event_time` it happened at."""
    event = {"type": "message", "channel": "C1", "channel_type": "channel", "user": "U1"}
    event |= {"text": "hello", "ts": f"{int(happened.timestamp())}.000100"}
    envelope = {
        "token": app.driver.verification_token,
        "team_id": "T111",
        "api_app_id": app.driver.api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": f"Ev{int(happened.timestamp())}",
        "event_time": int(happened.timestamp()),
        "authorizations": [{"team_id": "T111", "user_id": "UBOT", "is_bot": True}],
    }
    body = json.dumps(envelope).encode()
    headers = {"Content-Type": "application/json", **app.driver.signed_headers(body)}
    if retry:
        headers |= {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    return app.driver.post_raw(body, headers).status


def test_a_late_retry_of_an_earlier_event_is_no_reinstall(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    app.clock.set(FIRST)
    uninstall(app)
    assert _event_at(app, FIRST - dt.timedelta(minutes=1), retry=True) == 200
    assert mark(app) == "app_uninstalled"
    assert _event_at(app, FIRST + dt.timedelta(minutes=1), retry=False) == 200
    assert mark(app) is None


def test_data_is_kept_through_the_grace_period_then_deleted(running_app: RunningApp) -> None:
    app = running_app
    reported(app)
    before = stored(app)
    assert before["reports"] == 3 and before["checkins"] == 1 and before["metrics"] == 3
    uninstalled_at = FIRST + dt.timedelta(hours=2)
    app.clock.set(uninstalled_at)
    uninstall(app)
    tick = make_tick(config(app), app.sessions)
    tick(uninstalled_at + dt.timedelta(days=29))
    kept = {table: count for table, count in stored(app).items() if table != "processed_messages"}
    before.pop("processed_messages")  # pruned by age anyway (de-duplication only needs days)
    assert kept == before
    tick(uninstalled_at + dt.timedelta(days=31))
    assert sum(stored(app).values()) == 0, stored(app)
    assert mark(app) is None  # the workspace row went too


def test_a_reinstall_within_the_grace_period_resumes_from_the_next_slot(
    running_app: RunningApp,
) -> None:
    app = running_app
    strategy = live(app)
    weekly = sender(app)
    weekly.schedule(strategy, FIRST - dt.timedelta(days=1))
    app.clock.set(FIRST - dt.timedelta(hours=1))
    uninstall(app)
    assert weekly.tick(FIRST) == 0
    assert weekly.tick(SECOND) == 0
    # Reinstalled: the next request from the team says it is back.
    app.clock.set(SECOND + dt.timedelta(days=2))
    assert app.driver.command("help").status == 200
    assert mark(app) is None
    # The slots missed while uninstalled are neither sent late nor counted as missed weeks.
    assert weekly.tick(SECOND + dt.timedelta(days=3)) == 0
    assert owner_dms(app) == []
    assert weekly.tick(THIRD) == 1
    [dm] = owner_dms(app)
    with app.sessions.begin() as session:
        assert checkin_claims.missed_count(session, strategy.id) == 0
    assert "missed" not in message_text(dm.params).lower()

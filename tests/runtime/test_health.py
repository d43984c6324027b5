"""`GET /healthz`: the database and each workspace's token, with `auth.test` asked at most once a
minute, and never a token in the answer."""

from __future__ import annotations

import datetime as dt

from slack_sdk import WebClient

from bot.runtime.health import Health
from tests.conftest import RunningApp
from tests.support.checkins import SLOTS, live, sender
from tests.support.lifecycle import mark

FIRST = SLOTS["Europe/Oslo"][0]


def test_healthz_names_each_workspace_and_caches_auth_test(running_app: RunningApp) -> None:
    app = running_app
    first = app.driver.get("/healthz")
    assert first.status == 200
    assert first.json() == {"database": "ok", "workspaces": {"T111": "ok"}}
    assert first.headers["Content-Type"] == "application/json"
    asked = len(app.slack.calls("auth.test"))
    second = app.driver.get("/healthz")
    assert second.status == 200 and second.json() == first.json()
    assert len(app.slack.calls("auth.test")) == asked  # cached: Slack was not asked again
    assert "xoxb" not in first.body + second.body


def test_healthz_is_503_once_slack_refused_the_token(running_app: RunningApp) -> None:
    app = running_app
    strategy = live(app)
    weekly = sender(app)
    weekly.schedule(strategy, FIRST - dt.timedelta(days=1))
    assert app.driver.get("/healthz").status == 200  # the token worked a moment ago (cached)
    app.slack.error("*", "invalid_auth", times=2)
    assert weekly.tick(FIRST) == 0
    health = app.driver.get("/healthz")
    assert health.status == 503
    assert health.json() == {"database": "ok", "workspaces": {"T111": "invalid_auth"}}
    assert mark(app) == "invalid_auth"


def test_healthz_is_503_after_the_app_was_uninstalled(sqlite_app: RunningApp) -> None:
    assert sqlite_app.driver.event({"type": "app_uninstalled"}).status == 200
    health = sqlite_app.driver.get("/healthz")
    assert health.status == 503
    assert health.json()["workspaces"] == {"T111": "app_uninstalled"}


class Ticks:
    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


def test_a_refused_auth_test_marks_the_workspace_a_minute_later(running_app: RunningApp) -> None:
    app = running_app
    clock = Ticks()
    health = Health(app.sessions, WebClient(token="xoxb-test", base_url=app.slack.api_url), clock)
    assert health.check() == (True, {"database": "ok", "workspaces": {"T111": "ok"}})
    asked = len(app.slack.calls("auth.test"))
    app.slack.error("auth.test", "account_inactive")
    clock.seconds += 59
    assert health.check()[0] is True  # still the cached answer
    assert len(app.slack.calls("auth.test")) == asked
    clock.seconds += 2
    healthy, body = health.check()
    assert not healthy
    assert body == {"database": "ok", "workspaces": {"T111": "account_inactive"}}
    assert mark(app) == "account_inactive"


def test_slack_unreachable_is_reported_but_not_a_failure(sqlite_app: RunningApp) -> None:
    clock = Ticks()
    closed = WebClient(token="xoxb-test", base_url="http://127.0.0.1:9/api/")
    healthy, body = Health(sqlite_app.sessions, closed, clock).check()
    assert healthy
    assert body == {"database": "ok", "workspaces": {"token": "unreachable"}}
    assert mark(sqlite_app) is None

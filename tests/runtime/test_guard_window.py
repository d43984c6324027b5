"""The database guard keeps a "the database answers" for a short window (the check was most of
the time before an ack) and never a "no": after the window the next request asks again and an
event is refused with 503; once the database is back the very next request goes on. Real
PostgreSQL behind a proxy the test cuts; the window's clock is the test's."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from slack_bolt import BoltContext, BoltResponse

from bot.slack.client import SlackIO, make_client
from handlers.database_guard import RecentAnswer, database_guard
from storage.db import SessionFactory
from tests.conftest import TEAM
from tests.support.fake_slack import FakeSlack
from tests.support.pg_proxy import PgProxy, sessions_behind_proxy

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)

EVENT = {
    "type": "event_callback",
    "team_id": TEAM,
    "event_id": "Ev1",
    "event": {"type": "message", "user": "U1", "channel": "C1", "text": "hi", "ts": "1.000001"},
}


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def behind_proxy(database_url: str) -> Iterator[tuple[PgProxy, SessionFactory]]:
    with sessions_behind_proxy(database_url) as found:
        yield found


def _guarded(
    sessions: SessionFactory, fake_slack: FakeSlack, ticks: Ticks
) -> tuple[RecentAnswer, Callable[[], BoltResponse | None]]:
    """The guard's answer, and an event through the guard: None if it went on to the
    listeners, else the guard's own response."""
    answers = RecentAnswer(sessions, window=0.5, ticks=ticks)
    slack = SlackIO(make_client("xoxb-test-token", fake_slack.api_url))
    guard = database_guard(sessions, slack, answers)

    def request() -> BoltResponse | None:
        went_on: list[bool] = []
        answer = guard(dict(EVENT), BoltContext({"team_id": TEAM}), lambda: went_on.append(True))
        return None if went_on else answer

    return answers, request


def test_the_guard_asks_again_after_its_window_and_refuses_events_with_503(
    behind_proxy: tuple[PgProxy, SessionFactory], fake_slack: FakeSlack
) -> None:
    proxy, sessions = behind_proxy
    ticks = Ticks()
    _, request = _guarded(sessions, fake_slack, ticks)
    assert request() is None  # asked: the database answers, the request goes on
    proxy.cut()
    ticks.now += 0.4
    assert request() is None  # within the window: not asked again
    ticks.now += 0.1
    refused = request()  # the window is over: asked, and refused before any ack
    assert refused is not None and refused.status == 503
    ticks.now += 10
    again = request()
    assert again is not None and again.status == 503
    proxy.restore()
    assert request() is None  # a "no" is not kept: the first request after it is back goes on


def test_a_no_is_never_kept_and_a_yes_is_asked_once_per_window(
    behind_proxy: tuple[PgProxy, SessionFactory], fake_slack: FakeSlack
) -> None:
    proxy, sessions = behind_proxy
    ticks = Ticks()
    answers, _ = _guarded(sessions, fake_slack, ticks)
    proxy.cut()
    assert answers.reachable() is False
    proxy.restore()
    assert answers.reachable() is True  # at the same instant: the "no" was not kept
    proxy.cut()
    assert answers.reachable() is True  # the "yes" holds for the window
    ticks.now += 0.5
    assert answers.reachable() is False

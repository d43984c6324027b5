"""Slack's rate limits as the client keeps them (bot/slack/rate_limits.py): token buckets per
workspace, method and channel on a fake clock whose sleep moves it, so nothing waits for real;
and a 429 from the fake Slack holding back only its own channel."""

from __future__ import annotations

import pytest

from bot.slack.rate_limits import (
    CHANNEL_BURST,
    POST,
    WORKSPACE_BURST_SECONDS,
    WORKSPACE_POSTS_PER_MINUTE,
    PacedClient,
    PacedRateLimitRetry,
    RateLimited,
    RateLimits,
    deferring_posts,
)
from bot.slack.team_scope import in_team
from tests.support.fake_slack import DEFAULT_TOKEN, FakeSlack


class FakeTime:
    """A monotonic clock that only the sleeps move."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _limits(scale: float = 1.0) -> tuple[RateLimits, FakeTime]:
    time = FakeTime()
    return RateLimits(scale, clock=time.clock, sleep=time.sleep), time


def test_a_channel_is_paced_one_post_a_second_from_its_first_429_on() -> None:
    limits, time = _limits()
    for _ in range(50):  # Slack's burst is not published: no pacing before Slack says so
        assert limits.acquire("T1", POST, "D1") == 0
    limits.retry_after("T1", POST, "D1", 1)
    assert limits.acquire("T1", POST, "D1") == pytest.approx(1.0)  # the hold, then one post
    assert limits.acquire("T1", POST, "D1") == pytest.approx(1.0)
    time.now += CHANNEL_BURST  # a quiet spell refills the burst
    for _ in range(int(CHANNEL_BURST)):
        assert limits.acquire("T1", POST, "D1") == 0
    assert limits.acquire("T1", POST, "D1") == pytest.approx(1.0)
    assert limits.acquire("T1", POST, "D2") == 0  # another DM is another channel
    assert limits.acquire("T2", POST, "D1") == 0  # and another workspace has its own


def test_the_scale_speeds_the_pace_up() -> None:
    limits, _ = _limits(scale=30)
    limits.retry_after("T1", POST, "D1", 0)
    limits.acquire("T1", POST, "D1")
    assert limits.acquire("T1", POST, "D1") == pytest.approx(1 / 30)


def test_a_429_holds_back_only_that_channel() -> None:
    limits, time = _limits()
    limits.retry_after("T1", POST, "D1", 5)
    assert limits.waiting("T1", POST, "D1") == pytest.approx(5)
    assert limits.waiting("T1", POST, "D2") == 0
    assert limits.waiting("T2", POST, "D1") == 0
    assert limits.waiting("T1", "users.info") == 0
    assert limits.acquire("T1", POST, "D1") == pytest.approx(5)
    assert time.now == pytest.approx(1005)


def test_a_tier_is_paced_from_its_first_429_on_for_that_workspace_only() -> None:
    limits, time = _limits()
    for _ in range(300):  # Slack's tiers are minimums: no pacing before Slack says so
        assert limits.acquire("T1", "users.info") == 0
    limits.retry_after("T1", "users.info", None, 2)
    assert limits.waiting("T1", "conversations.open") == 0
    assert limits.waiting("T2", "users.info") == 0
    assert limits.acquire("T1", "users.info") == pytest.approx(2)  # the hold, then one call
    assert limits.acquire("T1", "users.info") == pytest.approx(0.6)  # Tier 4: 100 a minute
    assert limits.acquire("T1", "users.info") == pytest.approx(0.6)
    assert time.now == pytest.approx(1003.2)


def test_processes_sending_at_once_share_the_workspaces_post_ceiling() -> None:
    limits, time = _limits()
    posts_a_second = WORKSPACE_POSTS_PER_MINUTE / 60
    limits.retry_after("T1", POST, "D1", 0)  # Slack's first 429: the workspace is paced
    for n in range(int(posts_a_second * WORKSPACE_BURST_SECONDS) + 1):  # the burst, spent
        limits.acquire("T1", POST, f"D{n + 100}")
    start = time.now
    limits.acquire("T1", POST, "D2")
    assert time.now - start == pytest.approx(1 / posts_a_second)  # one process: all of it
    limits.share_posts(2)  # another process is sending check-ins too
    limits.acquire("T1", POST, "D3")
    start = time.now
    limits.acquire("T1", POST, "D4")
    assert time.now - start == pytest.approx(2 / posts_a_second)  # half each
    limits.share_posts(1)
    limits.acquire("T1", POST, "D5")
    start = time.now
    limits.acquire("T1", POST, "D6")
    assert time.now - start == pytest.approx(1 / posts_a_second)


def test_a_deferred_post_raises_and_takes_nothing() -> None:
    limits, time = _limits()
    limits.retry_after("T1", POST, "D1", 3)
    with deferring_posts(), pytest.raises(RateLimited) as raised:
        limits.acquire("T1", POST, "D1")
    assert raised.value.seconds == pytest.approx(3)
    with deferring_posts():
        assert limits.acquire("T1", POST, "D2") == 0  # another channel goes at once
        assert limits.acquire("T1", "users.info") == 0  # only posts are deferred
    assert time.slept == []
    time.now += 3
    with deferring_posts():
        assert limits.acquire("T1", POST, "D1") == 0


def _client(fake: FakeSlack, limits: RateLimits) -> PacedClient:
    return PacedClient(
        token=DEFAULT_TOKEN,
        base_url=fake.api_url,
        limits=limits,
        retry_handlers=[PacedRateLimitRetry(limits)],
    )


def test_a_429_from_slack_is_waited_out_for_that_channel_alone(fake_slack: FakeSlack) -> None:
    limits, time = _limits()
    client = _client(fake_slack, limits)
    fake_slack.fail(POST, 429, retry_after=4)
    with in_team("T111"):
        assert client.chat_postMessage(channel="D1", text="one")["ok"]
        assert time.slept == pytest.approx([4])  # the retry waited for Retry-After
        assert client.chat_postMessage(channel="D2", text="two")["ok"]
        assert time.slept == pytest.approx([4])  # the other channel did not wait
    answered = [c.status for c in fake_slack.calls(POST)]
    assert answered == [429, 200, 200]


def test_a_deferring_post_answered_429_is_given_back_unposted(fake_slack: FakeSlack) -> None:
    limits, time = _limits()
    client = _client(fake_slack, limits)
    fake_slack.fail(POST, 429, retry_after=2)
    with in_team("T111"), deferring_posts(), pytest.raises(RateLimited) as raised:
        client.chat_postMessage(channel="D1", text="one")
    assert raised.value.seconds == pytest.approx(2)
    assert [c.status for c in fake_slack.calls(POST)] == [429]
    assert time.slept == []
    with in_team("T111"):
        assert limits.waiting("T111", POST, "D1") == pytest.approx(2)

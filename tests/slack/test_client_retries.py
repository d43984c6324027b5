"""What `SlackIO` retries and what it reconciles, against the fake Slack Web API.

Reads (and calls that set a state) are retried after a dropped connection and after a 5xx;
posts never blindly: a post whose answer was lost is looked up by the marker in its metadata
before it is posted again, so it appears once.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.slack.client import POST_EVENT_TYPE, SlackIO, is_repeatable, make_client
from bot.slack.surface import BOT_SCOPES
from tests.support.fake_slack import FakeSlack

THREAD = "1690000000.000100"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as running:
        running.add_user("U1", tz="Asia/Kolkata")
        yield running


@pytest.fixture
def slack(fake: FakeSlack) -> SlackIO:
    return SlackIO(make_client("xoxb-test-token", fake.api_url))


def _landed(fake: FakeSlack, channel: str = "C1") -> list[dict]:
    return fake.messages(channel)


def test_a_dropped_connection_is_retried_for_reads(fake: FakeSlack, slack: SlackIO) -> None:
    fake.drop("users.info")
    assert slack.user("U1").tz == "Asia/Kolkata"
    assert len(fake.calls("users.info")) == 2
    fake.drop("conversations.info")
    assert slack.is_public_channel("C1") is True
    assert len(fake.calls("conversations.info")) == 2


def test_a_5xx_is_retried_for_reads(fake: FakeSlack, slack: SlackIO) -> None:
    fake.fail("chat.getPermalink", status=503)
    assert slack.permalink("C1", THREAD)
    assert len(fake.calls("chat.getPermalink")) == 2


def test_a_read_that_keeps_failing_is_a_value_not_a_crash(fake: FakeSlack, slack: SlackIO) -> None:
    fake.drop("users.info", times=3)
    user = slack.user("U1")
    assert user.tz is None and user.locale is None
    assert len(fake.calls("users.info")) == 3


def test_posts_are_not_in_the_blind_retry_list() -> None:
    assert is_repeatable("users.info") and is_repeatable("conversations.replies")
    assert is_repeatable("chat.getPermalink") and is_repeatable("auth.test")
    for write in ("chat.postMessage", "chat.postEphemeral", "files.completeUploadExternal"):
        assert not is_repeatable(write)


@pytest.mark.parametrize("thread_ts", [None, THREAD])
def test_a_post_whose_answer_was_dropped_appears_once(
    fake: FakeSlack, slack: SlackIO, thread_ts: str | None
) -> None:
    fake.drop("chat.postMessage", after=True)
    ts, error = slack.post_or_error("C1", "hello", [], thread_ts=thread_ts)
    assert error is None
    posted = [m for m in _landed(fake) if m["text"] == "hello"]
    assert [m["ts"] for m in posted] == [ts]
    assert posted[0]["metadata"]["event_type"] == POST_EVENT_TYPE
    lookup = "conversations.replies" if thread_ts else "conversations.history"
    (call,) = fake.calls(lookup)
    assert call.params.get("include_all_metadata") in ("1", "true", True)
    assert len(fake.calls("chat.postMessage")) == 1


def test_a_post_that_failed_late_with_500_appears_once(fake: FakeSlack, slack: SlackIO) -> None:
    fake.fail_after("chat.postMessage", 500)
    ts, error = slack.post_or_error("C1", "hello", [], thread_ts=THREAD)
    assert error is None and ts is not None
    assert [m["ts"] for m in _landed(fake) if m["text"] == "hello"] == [ts]
    assert len(fake.calls("chat.postMessage")) == 1


def test_a_post_dropped_before_slack_took_it_is_posted_after_the_lookup(
    fake: FakeSlack, slack: SlackIO
) -> None:
    fake.drop("chat.postMessage")
    ts, error = slack.post_or_error("C1", "hello", [])
    assert error is None
    assert [m["ts"] for m in _landed(fake) if m["text"] == "hello"] == [ts]
    assert [c.method for c in fake.calls()] == [
        "chat.postMessage",
        "conversations.history",
        "chat.postMessage",
    ]


def test_when_the_lookup_fails_too_nothing_is_posted_again(fake: FakeSlack, slack: SlackIO) -> None:
    fake.drop("chat.postMessage", after=True)
    fake.error("conversations.replies", "internal_error")
    ts, error = slack.post_or_error("C1", "hello", [], thread_ts=THREAD)
    assert (ts, error) == (None, "unknown")
    assert len([m for m in _landed(fake) if m["text"] == "hello"]) == 1
    assert len(fake.calls("chat.postMessage")) == 1


def test_look_first_finds_a_post_an_earlier_attempt_made(fake: FakeSlack, slack: SlackIO) -> None:
    fake.drop("chat.postMessage", after=True)
    fake.error("conversations.history", "internal_error")
    assert slack.post_or_error("C1", "card", [], post_id="card-1") == (None, "unknown")
    ts, error = slack.post_or_error("C1", "card", [], post_id="card-1", look_first=True)
    assert error is None and ts == _landed(fake)[0]["ts"]
    assert len(_landed(fake)) == 1


def test_a_refusal_is_not_retried(fake: FakeSlack, slack: SlackIO) -> None:
    fake.error("chat.postMessage", "not_in_channel")
    assert slack.post_or_error("C1", "hello", []) == (None, "not_in_channel")
    assert len(fake.calls("chat.postMessage")) == 1
    assert fake.calls("conversations.history") == []


def test_no_link_without_a_ts(fake: FakeSlack, slack: SlackIO) -> None:
    assert slack.permalink("C1", "") is None
    assert fake.calls("chat.getPermalink") == []


def test_the_manifest_scopes_cover_the_lookups() -> None:
    # conversations.history/replies in channels, private channels and the owner's DM.
    assert {"channels:history", "groups:history", "im:history"} <= set(BOT_SCOPES)

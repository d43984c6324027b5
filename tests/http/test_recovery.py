"""Multi-step changes recover: a strategy whose card never made it is healed by the next
`/strategy`, a card whose answer was lost is not posted twice, and a strategy that goes live
while Slack can't give the owner's time zone still gets its next check-in."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from bot.domain.model import Schedule, Status
from bot.domain.slots import next_slot
from storage import checkin_schedules, strategies
from tests.conftest import TEAM, RunningApp
from tests.support.checkins import live, sender
from tests.support.dialogue import Thread, message_text


def _cards(app: RunningApp, channel: str = "C1") -> list[dict]:
    return [m for m in app.slack.messages(channel) if not m.get("thread_ts")]


def _answers(app: RunningApp) -> list[str]:
    return [message_text(c.params) for c in app.slack.calls("response_url")]


def _stored(app: RunningApp, channel: str = "C1"):  # type: ignore[no-untyped-def]
    with app.sessions.begin() as session:
        return strategies.strategy_in_channel(session, TEAM, channel)


def test_a_strategy_whose_card_post_was_dropped_is_healed_by_the_next_strategy(
    running_app: RunningApp,
) -> None:
    app = running_app
    # Every attempt dropped before Slack took it: the card is not there, and nobody can post.
    app.slack.drop("chat.postMessage", times=3)
    assert app.driver.command("", channel_id="C1").status == 200
    saved = _stored(app)
    assert saved is not None and saved.card_ts is None and saved.thread_ts is None
    assert "being set up" in _answers(app)[-1]
    assert _cards(app) == []

    # The next `/strategy` posts the card and asks the first question in its thread.
    assert app.driver.command("", channel_id="C1").status == 200
    (card,) = _cards(app)
    healed = _stored(app)
    assert healed.id == saved.id and healed.card_ts == healed.thread_ts == card["ts"]
    thread = app.slack.messages("C1", thread_ts=card["ts"])
    assert any("Step 1 of 5" in message_text(m) for m in thread if m.get("thread_ts"))
    assert "https://example.slack.com/archives/C1/p" in _answers(app)[-1]

    # And the dialogue goes on in that thread.
    dialogue = Thread(app)
    dialogue.thread_ts = card["ts"]
    assert "number" in dialogue.say("More Instagram followers")


def test_edit_heals_a_strategy_without_a_card(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    app.slack.drop("chat.postMessage", times=3)
    app.driver.command("", channel_id="C1")
    assert _stored(app).thread_ts is None
    app.driver.command("edit goals", channel_id="C1")
    (card,) = _cards(app)
    assert _stored(app).thread_ts == card["ts"]
    assert "no strategy" not in _answers(app)[-1].lower()


def test_a_card_that_reached_slack_but_lost_its_answer_is_not_posted_twice(
    running_app: RunningApp,
) -> None:
    app = running_app
    app.slack.drop("chat.postMessage", after=True)
    app.driver.command("", channel_id="C1")
    app.slack.fail_after("chat.postMessage", 500)
    app.driver.command("", channel_id="C2")
    for channel in ("C1", "C2"):
        (card,) = _cards(app, channel)
        assert _stored(app, channel).card_ts == card["ts"]
        questions = [m for m in app.slack.messages(channel) if m.get("thread_ts") == card["ts"]]
        assert len(questions) == 1
    # Asked again: still one card each.
    app.driver.command("", channel_id="C1")
    assert len(_cards(app, "C1")) == 1


def test_a_card_whose_lookup_failed_too_is_found_not_reposted_when_healed(
    sqlite_app: RunningApp,
) -> None:
    app = sqlite_app
    app.slack.drop("chat.postMessage", after=True)
    app.slack.error("conversations.history", "internal_error")
    app.driver.command("", channel_id="C1")
    assert _stored(app).card_ts is None
    assert "being set up" in _answers(app)[-1]
    (card,) = _cards(app)  # it did land
    app.driver.command("", channel_id="C1")
    assert len(_cards(app)) == 1
    assert _stored(app).thread_ts == card["ts"]


def test_users_info_failing_when_the_strategy_goes_live_still_sets_the_next_checkin(
    running_app: RunningApp,
) -> None:
    app = running_app
    strategy = live(app, owner="U2", zone="Europe/Oslo", weekday=0)
    sender(app).schedule(strategy, app.clock.now())
    app.driver.command("edit responsibility", user_id="U1", channel_id="C1")
    thread = Thread(app)
    thread.thread_ts = strategy.thread_ts
    # The owner's zone can't be had from Slack (every attempt's connection dropped).
    app.slack.drop("users.info", times=3)
    thread.say("<@U3> Fridays at 14:00", posts=2)
    said = "\n".join(message_text(c.params) for c in thread.thread_posts())
    assert "could not get <@U3>'s time zone" in said and "Europe/Oslo" in said

    stored = _stored(app)
    assert stored.status is Status.LIVE and stored.owner_id == "U3"
    assert stored.schedule == Schedule(4, dt.time(14, 0), "Europe/Oslo")
    with app.sessions.begin() as session:
        due = checkin_schedules.due_schedules(session, app.clock.now() + dt.timedelta(days=8))
    assert [d.next_due_at for d in due] == [next_slot(stored.schedule, app.clock.now())]


def test_no_link_is_ever_built_from_an_empty_ts(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    app.slack.drop("chat.postMessage", times=3)
    app.driver.command("", channel_id="C1")
    assert _stored(app).thread_ts is None
    app.slack.reset()
    app.driver.command("status", channel_id="C1")
    app.slack.drop("chat.postMessage", times=3)
    app.driver.command("", user_id="U7", channel_id="C1")
    assert "being set up" in _answers(app)[-1]
    asked = [c.params.get("message_ts") for c in app.slack.calls("chat.getPermalink")]
    assert "" not in asked and None not in asked


def test_a_cardless_strategy_slack_refuses_outright_is_removed_not_stuck(
    sqlite_app: RunningApp,
) -> None:
    app = sqlite_app
    app.slack.drop("chat.postMessage", times=3)
    app.driver.command("", channel_id="C1")
    assert _stored(app).thread_ts is None
    # Meanwhile the bot was removed from the channel: the heal is refused, not retried forever.
    app.slack.error("chat.postMessage", "not_in_channel")
    app.driver.command("", channel_id="C1")
    assert "/invite @Strategy Coach" in _answers(app)[-1]
    assert _stored(app) is None
    # Invited again: `/strategy` starts afresh, with one card.
    app.driver.command("", channel_id="C1")
    (card,) = _cards(app)
    assert _stored(app).thread_ts == card["ts"]


def test_a_slow_card_post_holds_no_one_else_up(sqlite_app: RunningApp) -> None:
    """The card is posted outside any transaction: while Slack keeps one channel's card post
    waiting, another channel's `/strategy` is saved and answered (on SQLite a transaction
    holds the whole database, so a post made inside one stalled every other request)."""
    app = sqlite_app
    release = app.slack.hold("chat.postMessage")
    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(app.driver.command, "", channel_id="C1")
        app.slack.wait_held("chat.postMessage")
        second = pool.submit(app.driver.command, "edit goals", channel_id="C2")
        try:
            assert second.result(timeout=15).status == 200  # answered while C1 still waits
            assert app.slack.wait_for("response_url")
            assert not first.done()
        finally:
            release.set()
        assert first.result(timeout=15).status == 200
    assert len(_cards(app)) == 1 and _stored(app).card_ts == _cards(app)[0]["ts"]

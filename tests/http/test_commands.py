"""`/strategy` and its subcommands over signed HTTP: help, unknown, again, edit, language."""

from __future__ import annotations

import datetime as dt

from bot.domain.model import Status, Step
from tests.conftest import TODAY, RunningApp
from tests.support.dialogue import Thread, message_text

GOAL = "5000 Instagram followers by 30 June 2027, we have 1200 today"


def _ephemerals(app: RunningApp) -> list[dict]:
    return [call.params for call in app.slack.calls("response_url")]


def _wait_ephemeral(app: RunningApp, count: int = 1) -> dict:
    app.slack.wait_for("response_url", count=count)
    answer = _ephemerals(app)[-1]
    assert answer["response_type"] == "ephemeral"
    return answer


def _live_strategy(app: RunningApp) -> Thread:
    thread = Thread(app)
    thread.start()
    for text in (GOAL, "done", "We make the brand human.", "ok", "ok"):
        thread.say(text)
    thread.say("Behind the scenes every Friday\nTips from our experts", posts=2)
    assert thread.stored().status is Status.LIVE
    return thread


def test_help_lists_every_subcommand_only_to_the_user(sqlite_app: RunningApp) -> None:
    assert sqlite_app.driver.command("help").status == 200
    text = message_text(_wait_ephemeral(sqlite_app))
    for subcommand in (
        "/strategy edit",
        "/strategy checkin",
        "/strategy pause",
        "/strategy resume",
        "/strategy schedule",
        "/strategy owner",
        "/strategy language",
        "/strategy help",
    ):
        assert subcommand in text
    assert sqlite_app.slack.calls("chat.postMessage") == []


def test_unknown_subcommand_gets_help(sqlite_app: RunningApp) -> None:
    sqlite_app.driver.command("frobnicate <!channel>")
    text = message_text(_wait_ephemeral(sqlite_app))
    assert "frobnicate" in text and "/strategy help" in text
    assert "<!channel>" not in str(_ephemerals(sqlite_app))


def test_strategy_again_links_to_the_thread_and_asks_again(sqlite_app: RunningApp) -> None:
    thread = Thread(sqlite_app)
    thread.start()
    thread.say("More Instagram followers")
    posts = len(thread.thread_posts())
    sqlite_app.driver.command("")
    answer = message_text(_wait_ephemeral(sqlite_app))
    assert "https://example.slack.com/archives/C1/p" in answer
    sqlite_app.slack.wait_for(
        "chat.postMessage",
        count=posts + 1,
        where=lambda c: c.params.get("thread_ts") == thread.thread_ts,
    )
    assert "what number" in thread.last()
    # Still one strategy and one card in the channel.
    cards = [c for c in sqlite_app.slack.calls("chat.postMessage") if not c.params.get("thread_ts")]
    assert len(cards) == 1


def test_strategy_on_a_live_strategy_shows_the_summary(running_app: RunningApp) -> None:
    _live_strategy(running_app)
    running_app.driver.command("", user_id="U5")
    text = message_text(_wait_ephemeral(running_app))
    assert "Instagram followers" in text and "We make the brand human." in text


def test_edit_reopens_a_step_and_returns_to_live(running_app: RunningApp) -> None:
    thread = _live_strategy(running_app)
    running_app.driver.command("edit mission")
    _wait_ephemeral(running_app)
    running_app.slack.wait_for(
        "chat.postMessage", where=lambda c: "Mission" in message_text(c.params)
    )
    assert thread.stored().conversation.step is Step.MISSION
    thread.say("We answer every customer within an hour.", posts=2)
    strategy = thread.stored()
    assert strategy.status is Status.LIVE and strategy.conversation.step is None
    assert strategy.mission == "We answer every customer within an hour."
    assert len(strategy.goals) == 1 and strategy.benefits  # the rest is untouched
    assert "Updated" in message_text(thread.thread_posts()[-2].params)


def test_edit_by_someone_else_is_refused(sqlite_app: RunningApp) -> None:
    thread = _live_strategy(sqlite_app)
    sqlite_app.driver.command("edit goals", user_id="U9")
    text = message_text(_wait_ephemeral(sqlite_app))
    assert "<@U1>" in text
    assert thread.stored().conversation.step is None


def test_edit_without_a_step_or_strategy(sqlite_app: RunningApp) -> None:
    sqlite_app.driver.command("edit")
    assert "/strategy edit goals" in message_text(_wait_ephemeral(sqlite_app))
    sqlite_app.driver.command("edit mission")
    assert "/strategy" in message_text(_wait_ephemeral(sqlite_app, count=2))


def test_language_for_the_team(sqlite_app: RunningApp) -> None:
    sqlite_app.slack.add_user("U1", locale="en-US")
    sqlite_app.driver.command("language nb")
    assert "norsk" in message_text(_wait_ephemeral(sqlite_app))
    thread = Thread(sqlite_app)
    thread.start()
    assert "Steg 1 av 5" in thread.last()
    sqlite_app.driver.command("language")
    assert "nb" in message_text(_wait_ephemeral(sqlite_app, count=2))
    sqlite_app.driver.command("language en")
    assert "English" in message_text(_wait_ephemeral(sqlite_app, count=3))
    assert thread.stored().language == "en"


def test_a_channel_the_bot_is_not_in(sqlite_app: RunningApp) -> None:
    sqlite_app.slack.error("chat.postMessage", "not_in_channel")
    sqlite_app.driver.command("", channel_id="C9")
    assert "/invite" in message_text(_wait_ephemeral(sqlite_app))
    assert Thread(sqlite_app, channel="C9").stored() is None
    # Invited now: it works.
    Thread(sqlite_app, channel="C9").start()


def test_user_text_never_pings(sqlite_app: RunningApp) -> None:
    thread = Thread(sqlite_app)
    thread.start()
    thread.say(GOAL)
    thread.say("done")
    thread.say("We are here for <!channel> and <@U3> &co <!here|here>")
    for call in sqlite_app.slack.calls():
        raw = str(call.params)
        assert "<!channel>" not in raw and "<!here" not in raw and "<@U3>" not in raw
    assert thread.stored().mission == "We are here for @channel and @u3 &co @here"


def test_not_in_a_direct_message(sqlite_app: RunningApp) -> None:
    sqlite_app.driver.command("", channel_id="D1")
    assert "channel" in message_text(_wait_ephemeral(sqlite_app))
    assert sqlite_app.slack.calls("chat.postMessage") == []


def test_a_strategy_starts_on_the_coachs_clock(running_app: RunningApp) -> None:
    """Where the plan's straight line begins is the day the coach's clock says the strategy was
    started (not the database server's clock), on both databases."""
    thread = Thread(running_app)
    thread.start()
    assert thread.stored().started_on == TODAY
    running_app.clock.advance(dt.timedelta(days=9))
    assert thread.stored().started_on == TODAY  # a later load reads the same day

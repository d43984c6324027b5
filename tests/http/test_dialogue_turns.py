"""Turns a real conversation takes: typed skip and back, changing a goal, the owner answering."""

from __future__ import annotations

from decimal import Decimal

from bot.domain.model import Status, Step
from tests.conftest import RunningApp
from tests.support.dialogue import Thread, message_text

GOAL = "5000 Instagram followers by 30 June 2027, we have 1200 today"


def test_typed_skip_marks_the_step_missing_to_the_end(sqlite_app: RunningApp) -> None:
    thread = Thread(sqlite_app)
    thread.start()
    thread.say(GOAL)
    thread.say("done")
    thread.say("We make the brand human.")
    reply = thread.say("skip")  # measurement, typed instead of the button
    assert "Step 4 of 5" in reply
    thread.say("ok")
    thread.say("Behind the scenes every Friday\nTips from our experts", posts=2)
    live = message_text(thread.thread_posts()[-2].params)
    assert "Still missing: Measurement" in live
    strategy = thread.stored()
    assert strategy.status is Status.LIVE and strategy.skipped == [Step.MEASUREMENT]
    sqlite_app.slack.wait_for(
        "chat.update",
        where=lambda c: (
            c.params.get("ts") == thread.thread_ts
            and "Measurement: missing" in message_text(c.params)
        ),
    )


def test_typed_back_and_a_new_goal_replacing_a_half_one(sqlite_app: RunningApp) -> None:
    thread = Thread(sqlite_app)
    thread.start()
    assert "what number" in thread.say("More followers")
    # Starting over with a whole goal replaces the half-built one.
    assert "Saved goal 1" in thread.say(GOAL)
    thread.say("done")
    assert "Step 1 of 5" in thread.say("tilbake")
    strategy = thread.stored()
    assert [g.metric for g in strategy.goals] == ["Instagram followers"]
    assert strategy.conversation.step is Step.GOALS


def test_a_reply_also_sent_to_the_channel_is_an_answer(sqlite_app: RunningApp) -> None:
    thread = Thread(sqlite_app)
    thread.start()
    before = len(thread.thread_posts())
    sqlite_app.driver.message(GOAL, thread_ts=thread.thread_ts, subtype="thread_broadcast")
    sqlite_app.slack.wait_for(
        "chat.postMessage",
        count=before + 1,
        where=lambda c: c.params.get("thread_ts") == thread.thread_ts,
    )
    assert len(thread.stored().goals) == 1


def test_the_owner_answers_by_typing_too(sqlite_app: RunningApp) -> None:
    thread = Thread(sqlite_app)
    thread.start()
    thread.say(GOAL)
    thread.say("done")
    thread.say("We make the brand human.")
    thread.say("ok")
    thread.say("<@U2> Fridays 10:00")
    reply = thread.say("Behind the scenes every Friday\nTips from our experts", user="U2", posts=2)
    assert reply  # answered
    assert thread.stored().status is Status.LIVE
    # The owner may reopen a step; a colleague may not.
    sqlite_app.driver.command("edit mission", user_id="U2")
    sqlite_app.slack.wait_for("response_url")
    assert thread.stored().conversation.step is Step.MISSION


def test_editing_goals_keeps_the_metrics_already_chosen(sqlite_app: RunningApp) -> None:
    thread = Thread(sqlite_app)
    thread.start()
    thread.say(GOAL)
    thread.say("done")
    thread.say("We make the brand human.")
    thread.say("reach (accounts), followers")
    thread.say("ok")
    thread.say("Behind the scenes every Friday\nTips from our experts", posts=2)
    sqlite_app.driver.command("edit goals")
    sqlite_app.slack.wait_for("response_url")
    thread.say("Reduce cost per lead from 250 kr to 150 kr by 2027-12-31")
    reply = thread.say("done")
    assert "Goal 2" in reply  # measurement asks only about the new goal
    thread.say("ok", posts=2)
    strategy = thread.stored()
    assert strategy.status is Status.LIVE and strategy.conversation.step is None
    first, second = strategy.goals
    assert [(m.name, m.unit) for m in first.metrics] == [("reach", "accounts"), ("followers", "")]
    assert [m.name for m in second.metrics] == ["cost per lead"]
    assert second.target == Decimal(150)

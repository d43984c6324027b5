"""The whole five-step dialogue, end to end over signed HTTP, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.domain.model import GoalType, Status, Step
from tests.conftest import RunningApp, start_app
from tests.support.dialogue import Thread, message_text


def test_five_steps_in_english(running_app: RunningApp) -> None:
    fake = running_app.slack
    fake.add_user("U1", tz="Europe/Oslo", locale="en-US")
    fake.add_user("U2", tz="America/Los_Angeles", locale="en-US")
    thread = Thread(running_app)
    card = thread.start()
    assert "Step 1 of 5" in message_text(card.params)
    first = thread.last()
    assert "Step 1 of 5: Goals" in first and "5000 Instagram followers" in first

    # A wish is not a goal yet: the coach asks for the number and the date.
    reply = thread.say("More Instagram followers")
    assert "number" in reply and "by when" in reply
    reply = thread.say("5000 by 30 June 2027")
    assert "today" in reply.lower()
    reply = thread.say("1200 today")
    assert "Saved goal 1" in reply and "awareness" in reply
    # Understood in one go, type inferred from "cost per lead".
    reply = thread.say("Reduce cost per lead from 250 kr to 150 kr by 2027-12-31")
    assert "Saved goal 2" in reply and "leads" in reply
    reply = thread.say("done")
    assert "Step 2 of 5: Mission" in reply and "Ford" in reply

    reply = thread.say("We show the people behind the brand and answer customers fast.")
    assert "Step 3 of 5: Measurement" in reply and "reach" in reply
    reply = thread.say("ok")
    assert "Goal 2" in reply
    reply = thread.say("cost per lead (kr), sign-ups from social")
    assert "Step 4 of 5: Responsibility" in reply
    reply = thread.say("<@U2> Tuesdays at 10:00")
    assert "Step 5 of 5: Customer benefits" in reply and "<@U2>" in reply

    thread.say(
        "A look behind the scenes every Friday\nTips from our experts\nOffers only for followers",
        posts=2,
    )
    posts = thread.thread_posts()
    assert "strategy is live" in message_text(posts[-2].params)
    summary = message_text(posts[-1].params)
    assert "Instagram followers" in summary and "Tips from our experts" in summary
    fake.wait_for(
        "chat.update",
        where=lambda c: c.params.get("ts") == thread.thread_ts and "Live" in message_text(c.params),
    )

    strategy = thread.stored()
    assert strategy.status is Status.LIVE and strategy.conversation.step is None
    assert strategy.started_by == "U1" and strategy.owner_id == "U2"
    followers, cost = strategy.goals
    assert followers.metric == "Instagram followers"
    assert (followers.baseline, followers.target) == (Decimal(1200), Decimal(5000))
    assert followers.deadline == dt.date(2027, 6, 30)
    assert followers.goal_type is GoalType.AWARENESS
    assert [m.name for m in followers.metrics] == ["Instagram followers"]
    assert (cost.baseline, cost.target, cost.unit) == (Decimal(250), Decimal(150), "kr")
    assert cost.goal_type is GoalType.LEADS
    assert [(m.name, m.unit) for m in cost.metrics] == [
        ("cost per lead", "kr"),
        ("sign-ups from social", ""),
    ]
    assert strategy.mission.startswith("We show the people")
    assert strategy.schedule.weekday == 1 and strategy.schedule.time == dt.time(10, 0)
    assert strategy.schedule.timezone == "America/Los_Angeles"
    assert len(strategy.benefits) == 3 and strategy.skipped == []


def test_five_steps_in_norwegian(running_app: RunningApp) -> None:
    fake = running_app.slack
    fake.add_user("U1", tz="Europe/Oslo", locale="nb-NO")
    thread = Thread(running_app)
    thread.start()
    assert "Steg 1 av 5" in thread.last()

    reply = thread.say("Flere følgere på Instagram")
    assert "innen når" in reply.lower() or "når" in reply.lower()
    thread.say("5 000 innen 30. juni 2027")
    reply = thread.say("1 200 i dag")
    assert "Lagret mål 1" in reply
    reply = thread.say("ferdig")
    assert "Steg 2 av 5" in reply
    thread.say("Vi viser menneskene bak merkevaren og hjelper kundene raskt.")
    thread.say("ok")
    reply = thread.say("meg, fredag kl. 14.30")
    assert "Steg 5 av 5" in reply
    thread.say("Et blikk bak kulissene hver fredag\nTips fra ekspertene våre", posts=2)

    strategy = thread.stored()
    assert strategy.status is Status.LIVE and strategy.language == "nb"
    goal = strategy.goals[0]
    assert (goal.baseline, goal.target) == (Decimal(1200), Decimal(5000))
    assert goal.deadline == dt.date(2027, 6, 30)
    assert strategy.owner_id == "U1"
    assert strategy.schedule.weekday == 4 and strategy.schedule.time == dt.time(14, 30)
    assert strategy.schedule.timezone == "Europe/Oslo"


def test_other_peoples_replies_are_comments(sqlite_app: RunningApp) -> None:
    thread = Thread(sqlite_app)
    thread.start()
    before = len(thread.thread_posts())
    reply = sqlite_app.driver.thread_reply(
        "5000 followers by 30 June 2027, 1200 today", user_id="U9", thread_ts=thread.thread_ts
    )
    assert reply.status == 200
    assert len(thread.thread_posts()) == before
    assert thread.stored().goals == []
    assert thread.stored().conversation.step is Step.GOALS


def test_restart_in_the_middle_continues_the_thread(sqlite_url: str, fake_slack) -> None:  # type: ignore[no-untyped-def]
    first = start_app(sqlite_url, fake_slack)
    thread = Thread(first)
    thread.start()
    thread.say("5000 Instagram followers by 30 June 2027, we have 1200 today")
    thread.say("done")
    first.stop()  # type: ignore[operator]

    second = start_app(sqlite_url, fake_slack)
    try:
        thread.app = second
        reply = thread.say("We make the brand human.")
        assert "Step 3 of 5" in reply
        strategy = thread.stored()
        assert len(strategy.goals) == 1 and strategy.mission == "We make the brand human."
    finally:
        second.stop()  # type: ignore[operator]

"""The goal and metrics forms end to end: the button opens the modal, Slack submits it back.

The submissions are built in Slack's `view.state.values` shape from the view the bot actually
opened (its block ids, action ids, options and private_metadata).
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

import pytest

from bot.builder import messages as builder_messages
from bot.domain.model import GoalType, Step
from storage import strategies
from tests.conftest import SIGNING_SECRET, TODAY, RunningApp
from tests.support.buttons import (
    click,
    latest_question,
    snapshot,
    step_buttons,
    stored,
    wait_for_card,
    wait_for_posts,
)
from tests.support.dialogue import Thread, message_text
from tests.support.fake_slack import Call
from tests.support.slack_driver import SlackDriver, fresh_trigger_id
from tests.support.views import assert_acked, input_blocks, submit

VALID = {
    "metric": "Instagram followers",
    "baseline": "1 200",
    "target": "5000",
    "unit": None,  # optional, left empty
    "deadline": "2027-06-30",
    "goal_type": "awareness",
}


def open_form(thread: Thread, action_id: str) -> tuple[dict[str, Any], Call, str]:
    """Click the step's "Use a form" button; the opened view (as Slack stores it), the call and
    the trigger_id the click carried."""
    trigger_id = fresh_trigger_id()
    click(thread, action_id, trigger_id=trigger_id)
    [call] = thread.app.slack.wait_for("views.open")
    assert call.response and call.response["ok"], call.response
    return call.response["view"], call, trigger_id


def to_measurement(thread: Thread, goals: list[str]) -> None:
    thread.start()
    for goal in goals:
        assert "Saved goal" in thread.say(goal)
    assert "Step 2 of 5: Mission" in thread.say("done")
    assert "Step 3 of 5: Measurement" in thread.say("We make the brand human.")


# --- the goal form -----------------------------------------------------------------------------


def test_use_a_form_opens_the_goal_form_and_saves_the_goal(running_app: RunningApp) -> None:
    thread = Thread(running_app)
    thread.start()
    strategy_id = stored(thread).id

    view, call, trigger_id = open_form(thread, builder_messages.ACTION_GOAL_FORM)
    assert call.params["trigger_id"] == trigger_id
    assert view["type"] == "modal" and view["callback_id"] == "goal_form"
    assert view["private_metadata"] == str(strategy_id)
    assert set(input_blocks(view)) == {
        "metric",
        "baseline",
        "target",
        "unit",
        "deadline",
        "goal_type",
    }
    assert len(thread.thread_posts()) == 1  # opening a form says nothing in the thread

    reply = submit(running_app, view, VALID)
    assert_acked(reply)

    posts = wait_for_posts(thread, 2)
    said = posts[-1]
    assert said.params["channel"] == "C1" and said.params["thread_ts"] == thread.thread_ts
    text = message_text(said.params)
    assert "Saved goal 1" in text and "Instagram followers" in text
    assert "Your goals so far" in text
    assert step_buttons(said)[0] == "step_goals"
    wait_for_card(thread, 1)

    saved = stored(thread)
    [goal] = saved.goals
    assert goal.metric == "Instagram followers" and goal.unit == ""
    assert (goal.baseline, goal.target) == (Decimal(1200), Decimal(5000))
    assert goal.deadline == dt.date(2027, 6, 30)
    assert goal.goal_type is GoalType.AWARENESS
    assert saved.conversation.step is Step.GOALS
    assert saved.conversation.awaiting == "goal_more"
    # and the thread dialogue carries on from the form's goal
    assert "Step 2 of 5: Mission" in thread.say("done")


INVALID = {
    "bad number": ({"baseline": "lots"}, {"baseline"}),
    "two numbers": ({"target": "5000 or 6000"}, {"target"}),
    "past date": ({"deadline": "2026-01-01"}, {"deadline"}),
    "today": ({"deadline": TODAY.isoformat()}, {"deadline"}),
    "impossible date": ({"deadline": "2027-02-30"}, {"deadline"}),
    "no metric": ({"metric": None}, {"metric"}),
    "metric too long": ({"metric": "m" * 81}, {"metric"}),
    "blank metric": ({"metric": "   "}, {"metric"}),
    "no target": ({"target": None}, {"target"}),
    "no date": ({"deadline": None}, {"deadline"}),
    "no kind": ({"goal_type": None}, {"goal_type"}),
    "target is today's value": ({"target": "1200"}, {"target"}),
    "unit too long": ({"unit": "u" * 21}, {"unit"}),
    "several": ({"baseline": "lots", "deadline": "2020-05-01"}, {"baseline", "deadline"}),
}


def test_invalid_goal_form_shows_errors_on_the_right_blocks(running_app: RunningApp) -> None:
    """Every case in INVALID, each a fresh submission of the opened form (one app start)."""
    thread = Thread(running_app)
    thread.start()
    view, _, _ = open_form(thread, builder_messages.ACTION_GOAL_FORM)
    wrong = {}
    for n, (case, (changes, blocks_with_errors)) in enumerate(INVALID.items()):
        reply = submit(running_app, view, {**VALID, **changes}, view_id=f"VBAD{n}")
        assert reply.status == 200, (case, reply.status, reply.body)
        body = reply.json()
        errors = body.get("errors") or {}
        if (
            set(body) != {"response_action", "errors"}
            or body["response_action"] != "errors"
            or set(errors) != blocks_with_errors
            or not all(isinstance(m, str) and m.strip() for m in errors.values())
        ):
            wrong[case] = body
        assert set(errors) <= set(input_blocks(view)), (case, errors)
    assert wrong == {}
    assert stored(thread).goals == []
    assert len(thread.thread_posts()) == 1
    # after all that, a valid submission of the same form still goes through
    assert_acked(submit(running_app, view, VALID, view_id="VGOOD"))
    wait_for_posts(thread, 2)
    assert len(stored(thread).goals) == 1


def test_goal_form_submitted_twice_is_saved_once(running_app: RunningApp) -> None:
    thread = Thread(running_app)
    thread.start()
    view, _, _ = open_form(thread, builder_messages.ACTION_GOAL_FORM)

    assert_acked(submit(running_app, view, VALID))
    wait_for_posts(thread, 2)
    assert_acked(submit(running_app, view, VALID))  # same view id: Slack's retry or a re-send

    assert len(stored(thread).goals) == 1
    assert len(thread.thread_posts()) == 2
    # another view (a second form) adds another goal
    second = {**VALID, "metric": "Newsletter sign-ups", "goal_type": "leads"}
    assert_acked(submit(running_app, view, second, view_id="V-another-form"))
    wait_for_posts(thread, 3)
    assert [g.metric for g in stored(thread).goals] == [
        "Instagram followers",
        "Newsletter sign-ups",
    ]


def test_goal_form_text_is_escaped_in_the_thread(sqlite_app: RunningApp) -> None:
    thread = Thread(sqlite_app)
    thread.start()
    view, _, _ = open_form(thread, builder_messages.ACTION_GOAL_FORM)
    answers = {**VALID, "metric": "<!channel> followers & <@U2>", "unit": "<b>"}
    assert_acked(submit(sqlite_app, view, answers))
    said = wait_for_posts(thread, 2)[-1]
    text = message_text(said.params) + said.params.get("text", "")
    assert "&lt;!channel&gt; followers &amp; &lt;@U2&gt;" in text
    assert "<!channel>" not in text and "<@U2>" not in text and "<b>" not in text
    assert stored(thread).goals[0].metric == "<!channel> followers & <@U2>"


def test_goal_form_from_someone_else_saves_nothing(sqlite_app: RunningApp) -> None:
    thread = Thread(sqlite_app)
    thread.start()
    view, _, _ = open_form(thread, builder_messages.ACTION_GOAL_FORM)
    before = snapshot(thread)

    assert_acked(submit(sqlite_app, view, VALID, user="U9"))
    assert snapshot(thread) == before
    assert len(thread.thread_posts()) == 1


def test_goal_form_with_bogus_metadata_saves_nothing(
    sqlite_app: RunningApp, caplog: pytest.LogCaptureFixture
) -> None:
    fake = sqlite_app.slack
    other = SlackDriver(sqlite_app.driver.app_url, SIGNING_SECRET, team_id="T999", fake=fake)
    assert other.command("", user_id="U1", channel_id="C7").status == 200
    fake.wait_for("chat.postMessage", where=lambda c: c.params.get("thread_ts"))
    thread = Thread(sqlite_app)
    thread.start()
    view, _, _ = open_form(thread, builder_messages.ACTION_GOAL_FORM)
    with sqlite_app.sessions.begin() as session:
        theirs = strategies.strategy_in_channel(session, "T999", "C7")
    assert theirs is not None
    before = snapshot(thread)
    posts = len(fake.calls("chat.postMessage"))
    caplog.set_level(logging.ERROR)

    for n, metadata in enumerate(["", "abc", "999999", "-1", "{}", str(theirs.id)]):
        reply = submit(sqlite_app, view, VALID, private_metadata=metadata, view_id=f"VBOGUS{n}")
        assert_acked(reply)
    assert snapshot(thread) == before
    assert len(fake.calls("chat.postMessage")) == posts
    with sqlite_app.sessions.begin() as session:
        assert strategies.strategy_in_channel(session, "T999", "C7").goals == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_forms_with_out_of_range_metadata_are_answered(
    running_app: RunningApp, caplog: pytest.LogCaptureFixture
) -> None:
    """Regression (HEAD b1ffd77): check_goal_form runs before the ack, and a private_metadata
    beyond the id column made the query raise, so Slack got HTTP 500."""
    thread = Thread(running_app)
    thread.start()
    view, _, _ = open_form(thread, builder_messages.ACTION_GOAL_FORM)
    before = snapshot(thread)
    caplog.set_level(logging.ERROR)
    for n, metadata in enumerate(("9" * 30, str(2**31), str(2**63))):
        reply = submit(running_app, view, VALID, private_metadata=metadata, view_id=f"VBIG{n}")
        assert reply.status == 200, (metadata, reply.status, reply.body)
        reply = running_app.driver.view_submission(
            "metrics_form",
            running_app.driver.text_values({"goal_0": "reach"}),
            private_metadata=metadata,
            view_id=f"VBIGM{n}",
        )
        assert reply.status == 200, (metadata, reply.status, reply.body)
    assert snapshot(thread) == before
    assert len(thread.thread_posts()) == 1
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


# --- the metrics form ------------------------------------------------------------------------


def test_use_a_form_on_measurement_saves_metrics_and_moves_on(sqlite_app: RunningApp) -> None:
    thread = Thread(sqlite_app)
    to_measurement(
        thread,
        [
            "5000 Instagram followers by 30 June 2027, we have 1200 today",
            "Reduce cost per lead from 250 kr to 150 kr by 2027-12-31",
        ],
    )
    question = latest_question(thread)
    block_id, buttons = step_buttons(question)
    assert block_id == "step_measurement" and builder_messages.ACTION_METRICS_FORM in buttons
    strategy_id = stored(thread).id
    posts = len(thread.thread_posts())

    view, call, trigger_id = open_form(thread, builder_messages.ACTION_METRICS_FORM)
    assert call.params["trigger_id"] == trigger_id
    assert view["callback_id"] == "metrics_form"
    assert view["private_metadata"] == str(strategy_id)
    assert list(input_blocks(view)) == ["goal_0", "goal_1"]

    reply = submit(sqlite_app, view, {"goal_0": "reach (accounts)\nfollowers"})
    assert_acked(reply)

    said = wait_for_posts(thread, posts + 1)[-1]
    assert said.params["thread_ts"] == thread.thread_ts
    text = message_text(said.params)
    assert "Saved the metrics from the form" in text
    assert "Step 4 of 5: Responsibility" in text
    assert step_buttons(said)[0] == "step_responsibility"
    sqlite_app.slack.wait_for(
        "chat.update",
        where=lambda c: (
            c.params.get("ts") == thread.thread_ts and "Measurement: done" in message_text(c.params)
        ),
    )

    saved = stored(thread)
    followers, cost = saved.goals
    assert [(m.name, m.unit) for m in followers.metrics] == [
        ("reach", "accounts"),
        ("followers", ""),
    ]
    assert [(m.name, m.unit) for m in cost.metrics] == [("cost per lead", "kr")]  # left blank
    assert saved.conversation.step is Step.RESPONSIBILITY
    assert Step.MEASUREMENT not in saved.skipped

    # the same view again changes nothing
    assert_acked(submit(sqlite_app, view, {"goal_0": "impressions"}))
    assert [m.name for m in stored(thread).goals[0].metrics] == ["reach", "followers"]
    assert len(thread.thread_posts()) == posts + 1


def test_measurement_without_goals_offers_no_form(sqlite_app: RunningApp) -> None:
    thread = Thread(sqlite_app)
    thread.start()
    # goals skipped: measurement has nothing to measure and is passed over
    click(thread, builder_messages.ACTION_SKIP)
    wait_for_posts(thread, 2)
    click(thread, builder_messages.ACTION_SKIP)
    said = wait_for_posts(thread, 3)[-1]
    assert step_buttons(said)[0] == "step_responsibility"
    assert builder_messages.ACTION_METRICS_FORM not in step_buttons(said)[1]

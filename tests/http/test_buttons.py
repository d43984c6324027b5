"""The step buttons under the coach's questions, clicked over signed HTTP as Slack sends them.

Every click uses the block_id and value the bot actually posted (read from the recorded
chat.postMessage), and every test checks both what the bot said and what was stored.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, text

from bot.builder import messages as builder_messages
from bot.domain.model import Status, Step
from storage import strategies
from tests.conftest import SIGNING_SECRET, RunningApp
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
from tests.support.slack_driver import SlackDriver

EPHEMERAL_WAIT = 2.0


# --- helpers used only here (the shared ones are in tests/support/buttons.py) --------------


def wait_for_response(app: RunningApp, url: str, timeout: float = EPHEMERAL_WAIT) -> Call:
    path = urlsplit(url).path
    return app.slack.wait_for(
        "response_url", timeout=timeout, where=lambda c: c.params.get("_path") == path
    )[-1]


def card_updates(thread: Thread) -> list[Call]:
    return [
        c
        for c in thread.app.slack.calls("chat.update")
        if c.params.get("channel") == thread.channel and c.params.get("ts") == thread.thread_ts
    ]


def is_sqlite(app: RunningApp) -> bool:
    return app.database_url.startswith("sqlite")


# --- skip -----------------------------------------------------------------------------------


def test_skip_goals_moves_on_and_marks_goals_missing(running_app: RunningApp) -> None:
    thread = Thread(running_app)
    thread.start()
    question = latest_question(thread)
    block_id, values = step_buttons(question)
    strategy = stored(thread)
    assert block_id == "step_goals"
    assert values[builder_messages.ACTION_SKIP] == str(strategy.id)
    assert builder_messages.ACTION_BACK not in values  # nothing before goals

    click(thread, builder_messages.ACTION_SKIP, question)

    posts = wait_for_posts(thread, 2)
    said = posts[-1]
    assert said.params["channel"] == "C1" and said.params["thread_ts"] == thread.thread_ts
    text = message_text(said.params)
    assert "Skipped Goals for now" in text and "Step 2 of 5: Mission" in text
    assert step_buttons(said)[0] == "step_mission"
    card = wait_for_card(thread, 1)
    card_text = message_text(card.params)
    assert "Goals: missing" in card_text and "*Mission*: now" in card_text
    assert "Step 2 of 5" in card_text

    saved = stored(thread)
    assert saved.skipped == [Step.GOALS]
    assert saved.conversation.step is Step.MISSION
    assert saved.status is Status.DRAFT and saved.goals == []


def test_skipping_every_step_makes_the_strategy_live(running_app: RunningApp) -> None:
    thread = Thread(running_app)
    thread.start()
    asked = []
    for _ in range(6):  # four skips expected; measurement has nothing to measure
        if stored(thread).status is Status.LIVE:
            break
        question = latest_question(thread)
        asked.append(step_buttons(question)[0])
        before = len(thread.thread_posts())
        click(thread, builder_messages.ACTION_SKIP, question)
        wait_for_posts(thread, before + 1)
        # the last skip posts "live" and then the summary
        if stored(thread).status is Status.LIVE:
            wait_for_posts(thread, before + 2)
    assert asked == ["step_goals", "step_mission", "step_responsibility", "step_benefits"]

    saved = stored(thread)
    assert saved.status is Status.LIVE and saved.conversation.step is None
    assert saved.skipped == [Step.GOALS, Step.MISSION, Step.RESPONSIBILITY, Step.BENEFITS]
    posts = thread.thread_posts()
    assert "strategy is live" in message_text(posts[-2].params)
    summary = message_text(posts[-1].params)
    for step in ("goals", "mission", "measurement", "responsibility", "benefits"):
        assert f"`/strategy edit {step}` to fill it in" in summary, summary
    # the last post has no buttons: nothing left to answer
    assert not any(b.get("type") == "actions" for b in posts[-1].params["blocks"])
    running_app.slack.wait_for(
        "chat.update",
        where=lambda c: c.params.get("ts") == thread.thread_ts and "Live" in message_text(c.params),
    )
    card = card_updates(thread)[-1]
    card_text = message_text(card.params)
    for title in ("Goals", "Mission", "Measurement", "Responsibility", "Customer benefits"):
        assert f"{title}: missing" in card_text, card_text


# --- back -----------------------------------------------------------------------------------


def test_go_back_from_mission_returns_to_goals(sqlite_app: RunningApp) -> None:
    thread = Thread(sqlite_app)
    thread.start()
    thread.say("5000 Instagram followers by 30 June 2027, we have 1200 today")
    reply = thread.say("done")
    assert "Step 2 of 5: Mission" in reply
    mission_question = latest_question(thread)
    block_id, values = step_buttons(mission_question)
    assert block_id == "step_mission" and builder_messages.ACTION_BACK in values
    before = len(thread.thread_posts())

    click(thread, builder_messages.ACTION_BACK, mission_question)

    posts = wait_for_posts(thread, before + 1)
    text = message_text(posts[-1].params)
    assert "Back to Goals" in text and "Step 1 of 5: Goals" in text
    assert "Your goals so far" in text and "Instagram followers" in text
    assert step_buttons(posts[-1])[0] == "step_goals"
    sqlite_app.slack.wait_for(
        "chat.update",
        where=lambda c: (
            c.params.get("ts") == thread.thread_ts and "*Goals*: now" in message_text(c.params)
        ),
    )

    saved = stored(thread)
    assert saved.conversation.step is Step.GOALS
    assert saved.conversation.awaiting == "goal_more"
    assert [g.metric for g in saved.goals] == ["Instagram followers"]
    assert saved.skipped == []
    # and the dialogue carries on from there
    reply = thread.say("done")
    assert "Step 2 of 5: Mission" in reply


# --- double clicks, strangers, stale and bogus buttons ---------------------------------------


def test_double_click_on_skip_skips_once(running_app: RunningApp) -> None:
    """The same button (same block_id and value) clicked again after the first was handled.

    Regression (HEAD b1ffd77): on SQLite the "already answered" note never went out, because
    Coaching.button opened a second session (translator_for) while its own held the write lock.
    """
    thread = Thread(running_app)
    thread.start()
    question = latest_question(thread)
    click(thread, builder_messages.ACTION_SKIP, question)
    wait_for_posts(thread, 2)
    wait_for_card(thread, 1)

    second_url = running_app.slack.response_url("second-click")
    click(thread, builder_messages.ACTION_SKIP, question, response_url=second_url)
    assert len(thread.thread_posts()) == 2
    assert len(card_updates(thread)) == 1
    saved = stored(thread)
    assert saved.skipped == [Step.GOALS]
    assert saved.conversation.step is Step.MISSION

    note = wait_for_response(running_app, second_url)
    assert note.params.get("response_type") == "ephemeral"
    assert note.params.get("replace_original") is False
    assert "already been answered" in message_text(note.params)


def _wait_for_blocked_writers(conn, count: int, timeout: float = 5.0) -> int:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    waiting = 0
    while time.monotonic() < deadline:
        waiting = conn.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        ).scalar_one()
        # pg_stat_activity is read once per transaction: end it to see the next change.
        conn.rollback()
        if waiting >= count:
            break
        time.sleep(0.02)  # a poll of the server's view of the locks; no event to wait on
    return waiting


def test_fast_double_click_is_answered_once(running_app: RunningApp) -> None:
    """Both clicks arrive before the first is saved, as they can from a real double click.

    On PostgreSQL the test holds the strategy's rows locked while both clicks come in, so both
    handlers have read the strategy before either saves: the window a busy server opens anyway.
    On SQLite every transaction begins with BEGIN IMMEDIATE, which serialises the two clicks.
    Regression (HEAD b1ffd77): without SELECT ... FOR UPDATE both clicks skipped and the thread
    got "Skipped Goals" and the mission question twice.
    """
    thread = Thread(running_app)
    thread.start()
    question = latest_question(thread)
    strategy_id = stored(thread).id
    lock_engine = None
    lock = None
    if not is_sqlite(running_app):
        lock_engine = create_engine(running_app.database_url)
        lock = lock_engine.connect()
        lock.begin()
        for table, column in (("strategies", "id"), ("conversations", "strategy_id")):
            lock.execute(
                text(f"SELECT 1 FROM {table} WHERE {column} = :id FOR UPDATE"), {"id": strategy_id}
            )
    # The app answers a click once its listener is done, so both are sent from threads of
    # their own: on PostgreSQL both wait on the lock at the same time.
    clicking = ThreadPoolExecutor(max_workers=2)
    try:
        clicks = [
            clicking.submit(
                click,
                thread,
                builder_messages.ACTION_SKIP,
                question,
                response_url=running_app.slack.response_url(f"fast-{n}"),
            )
            for n in range(2)
        ]
        if lock is not None:
            with lock_engine.connect() as watcher:  # type: ignore[union-attr]
                assert _wait_for_blocked_writers(watcher, 2) == 2
    finally:
        if lock is not None:
            lock.rollback()
            lock.close()
            lock_engine.dispose()  # type: ignore[union-attr]
        clicking.shutdown(wait=True)
    for answered in clicks:
        answered.result()  # both answered: both listeners have finished

    saved = stored(thread)
    assert saved.skipped == [Step.GOALS] and saved.conversation.step is Step.MISSION
    skips = [p for p in thread.thread_posts() if "Skipped" in message_text(p.params)]
    assert len(skips) == 1, [message_text(p.params)[:60] for p in skips]
    assert len(thread.thread_posts()) == 2


def test_click_by_someone_else_names_who_may_answer(running_app: RunningApp) -> None:
    thread = Thread(running_app)
    thread.start()
    before = snapshot(thread)
    url = running_app.slack.response_url("stranger")

    click(thread, builder_messages.ACTION_SKIP, user="U9", response_url=url)
    assert len(thread.thread_posts()) == 1
    assert card_updates(thread) == []
    assert snapshot(thread) == before

    note = wait_for_response(running_app, url)
    assert note.params.get("response_type") == "ephemeral"
    assert note.params.get("replace_original") is False
    text_ = message_text(note.params)
    assert "Only <@U1>" in text_ and "<@U9>" not in text_


def test_owner_may_click_and_others_are_told_about_both(running_app: RunningApp) -> None:
    thread = Thread(running_app)
    thread.start()
    for _ in range(2):  # goals, mission
        before = len(thread.thread_posts())
        click(thread, builder_messages.ACTION_SKIP)
        wait_for_posts(thread, before + 1)
    reply = thread.say("<@U2> Tuesdays at 10:00")
    assert "Step 5 of 5" in reply
    assert stored(thread).owner_id == "U2"

    before = len(thread.thread_posts())
    click(thread, builder_messages.ACTION_SKIP, user="U2")  # the owner may answer too
    wait_for_posts(thread, before + 2)
    saved = stored(thread)
    assert saved.status is Status.LIVE and Step.BENEFITS in saved.skipped

    reply = thread.app.driver.command("edit benefits", user_id="U1", channel_id="C1")
    assert reply.status == 200
    wait_for_posts(thread, before + 3)
    url = running_app.slack.response_url("stranger")
    click(thread, builder_messages.ACTION_SKIP, user="U9", response_url=url)
    assert stored(thread).conversation.step is Step.BENEFITS
    assert len(thread.thread_posts()) == before + 3

    text_ = message_text(wait_for_response(running_app, url).params)
    assert "<@U1>" in text_ and "<@U2>" in text_


def test_button_from_an_old_step_is_stale(running_app: RunningApp) -> None:
    """'Use a form' on the goals question after goals were skipped: a note, no modal."""
    thread = Thread(running_app)
    thread.start()
    goals_question = latest_question(thread)
    click(thread, builder_messages.ACTION_SKIP, goals_question)
    wait_for_posts(thread, 2)
    wait_for_card(thread, 1)
    before = snapshot(thread)

    url = running_app.slack.response_url("stale")
    click(thread, builder_messages.ACTION_GOAL_FORM, goals_question, response_url=url)
    assert running_app.slack.calls("views.open") == []
    assert snapshot(thread) == before
    assert len(thread.thread_posts()) == 2

    note = wait_for_response(running_app, url)
    assert "already been answered" in message_text(note.params)


def test_bogus_button_values_change_nothing(
    running_app: RunningApp, caplog: pytest.LogCaptureFixture
) -> None:
    fake = running_app.slack
    # Another workspace's strategy, started by a "U1" too (user ids are per workspace).
    other = SlackDriver(running_app.driver.app_url, SIGNING_SECRET, team_id="T999", fake=fake)
    assert other.command("", user_id="U1", channel_id="C7").status == 200
    fake.wait_for("chat.postMessage", where=lambda c: c.params.get("thread_ts"))
    thread = Thread(running_app)
    thread.start()
    with running_app.sessions.begin() as session:
        theirs = strategies.strategy_in_channel(session, "T999", "C7")
    assert theirs is not None and theirs.id != stored(thread).id

    question = latest_question(thread)
    block_id = step_buttons(question)[0]
    posts = len(fake.calls("chat.postMessage"))
    updates = len(fake.calls("chat.update"))
    before = snapshot(thread)
    values = ["", "abc", "999999", "-1", "0", "1.0", "1e3", "null", str(theirs.id)]
    caplog.set_level(logging.ERROR)
    for action_id in (
        builder_messages.ACTION_SKIP,
        builder_messages.ACTION_GOAL_FORM,
        builder_messages.ACTION_BACK,
    ):
        for value in values:
            reply = running_app.driver.block_action(
                action_id,
                value=value,
                block_id=block_id,
                channel_id="C1",
                message_ts=question.response["ts"],
                thread_ts=thread.thread_ts,
            )
            assert reply.status == 200, (action_id, value, reply.status, reply.body)
    assert len(fake.calls("chat.postMessage")) == posts
    assert len(fake.calls("chat.update")) == updates
    assert fake.calls("views.open") == []
    assert fake.calls("response_url") == []
    assert snapshot(thread) == before
    with running_app.sessions.begin() as session:
        after = strategies.strategy_in_channel(session, "T999", "C7")
    assert after is not None and after.skipped == [] and after.conversation.step is Step.GOALS
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]


def test_out_of_range_button_value_is_ignored(
    running_app: RunningApp, caplog: pytest.LogCaptureFixture
) -> None:
    """Regression (HEAD b1ffd77): an integer beyond the id column crashed the listener after its
    ack (SQLite OverflowError, PostgreSQL NumericValueOutOfRange) and Bolt could answer 404."""
    thread = Thread(running_app)
    thread.start()
    question = latest_question(thread)
    block_id = step_buttons(question)[0]
    before = snapshot(thread)
    caplog.set_level(logging.ERROR)
    statuses = []
    values = ("9" * 30, str(2**31), str(2**63))
    for value in values:
        reply = running_app.driver.block_action(
            builder_messages.ACTION_SKIP,
            value=value,
            block_id=block_id,
            message_ts=question.response["ts"],
            thread_ts=thread.thread_ts,
        )
        statuses.append(reply.status)
    assert snapshot(thread) == before
    assert len(thread.thread_posts()) == 1
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
    assert statuses == [200] * len(values)

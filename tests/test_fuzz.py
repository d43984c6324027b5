"""Whatever people type, nothing escapes, every answer is a valid message, nothing saved is lost."""

from __future__ import annotations

import copy
import datetime as dt
import json
import time
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.builder import coach
from bot.builder import messages as builder_messages
from bot.builder.questions import open_question
from bot.domain.model import STEPS, Goal, GoalType, Metric, Schedule, Step, Strategy
from bot.i18n.catalogue import translator
from tests.conftest import RunningApp
from tests.dialogue import Thread

TODAY = dt.date(2026, 11, 27)

slack_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "<!channel> 5000 followers by 30 June 2027",
            "<@U2> <!here> mondays 25:99",
            "&lt; & < > 1.234 1,5 5k",
            "done",
            "ferdig",
            "ok",
            "keep",
            "remove 1",
            "fjern 9",
            "",
            "   ",
            "9" * 400,
            "30.02.2027",
            "1/0",
            "\u202e\u0000\ufffd",
        ]
    ),
    st.lists(
        st.sampled_from(
            ["5000", "by", "innen", "June", "2027", "today", "i dag", "<@U1>", ",", "kr", "%"]
        ),
        max_size=12,
    ).map(" ".join),
)


def _strategy_at(step: Step, awaiting: str) -> Strategy:
    goal = Goal(
        description="5000 followers",
        metric="Instagram followers",
        baseline=Decimal(1200),
        target=Decimal(5000),
        deadline=dt.date(2027, 6, 30),
        goal_type=GoalType.AWARENESS,
        metrics=[Metric("followers")],
    )
    strategy = Strategy(
        id=1,
        team_id="T111",
        channel_id="C1",
        name="Strategy for #marketing",
        started_by="U1",
        thread_ts="1.1",
        goals=[goal],
        mission="We make the brand human.",
        owner_id="U1",
        schedule=Schedule(),
        benefits=["Behind the scenes every Friday"],
    )
    strategy.conversation.step = step
    strategy.conversation.awaiting = awaiting
    if awaiting == "goal_details":
        strategy.conversation.draft = {"metric": "followers", "description": "more followers"}
    if awaiting == "goal_type":
        strategy.conversation.draft = {
            "metric": "x",
            "target": "5",
            "baseline": "1",
            "deadline": "2027-01-01",
        }
    return strategy


STATES = [
    (Step.GOALS, "goal"),
    (Step.GOALS, "goal_more"),
    (Step.GOALS, "goal_details"),
    (Step.GOALS, "goal_type"),
    (Step.MISSION, "mission"),
    (Step.MISSION, "mission_shorten"),
    (Step.MEASUREMENT, "metrics"),
    (Step.RESPONSIBILITY, "responsibility"),
    (Step.BENEFITS, "benefits"),
    (Step.BENEFITS, "benefits_concrete"),
]


def _assert_valid_post(strategy: Strategy, outcome: coach.Outcome, language: str) -> None:
    tr = translator(language)
    question = open_question(strategy, tr) if outcome.ask else None
    _, block_list = builder_messages.thread_post(strategy, outcome.said, question, tr)
    assert len(block_list) <= 50
    for block in block_list:
        if block.get("type") == "section" and "text" in block:
            assert len(block["text"]["text"]) <= 3000
    assert len(json.dumps(block_list)) <= 12000
    rendered = json.dumps(block_list)
    assert "<!channel>" not in rendered and "<!here>" not in rendered
    for builder in (builder_messages.card, builder_messages.summary):
        _, more = builder(strategy, tr)
        assert len(more) <= 50


@settings(max_examples=300, deadline=None)
@given(
    state=st.sampled_from(STATES),
    text=slack_text,
    language=st.sampled_from(["en", "nb"]),
)
def test_any_reply_in_any_state(state: tuple[Step, str], text: str, language: str) -> None:
    strategy = _strategy_at(*state)
    before = copy.deepcopy(strategy)
    outcome = coach.on_reply(strategy, text, TODAY, translator(language))
    _assert_valid_post(strategy, outcome, language)
    # Nothing saved is lost: a goal goes only when asked to remove it; the other parts stay.
    if not text.strip().lower().startswith(("remove", "fjern", "delete", "slett")):
        assert len(strategy.goals) >= len(before.goals)
    assert strategy.benefits or not before.benefits
    assert strategy.mission or not before.mission
    assert strategy.owner_id == before.owner_id or state[0] is Step.RESPONSIBILITY
    assert strategy.conversation.step in (*STEPS, None)


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(slack_text, min_size=1, max_size=12), language=st.sampled_from(["en", "nb"]))
def test_any_conversation_from_the_start(texts: list[str], language: str) -> None:
    strategy = Strategy(team_id="T1", channel_id="C1", name="s", started_by="U1", id=1)
    coach.begin(strategy)
    for text in texts:
        outcome = coach.on_reply(strategy, text, TODAY, translator(language))
        _assert_valid_post(strategy, outcome, language)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=slack_text)
def test_any_command_text_over_http(sqlite_app: RunningApp, text: str) -> None:
    fake = sqlite_app.slack

    def answers() -> int:
        return len(fake.calls("response_url")) + len(fake.calls("chat.postMessage"))

    before = answers()
    reply = sqlite_app.driver.command(text[:200], channel_id="C5")
    assert reply.status == 200
    _wait_until(lambda: answers() > before)
    for call in fake.calls():
        refused = isinstance(call.response, dict) and call.response.get("ok") is False
        assert not call.failed and not refused, fake.summary()


def _wait_until(condition, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(texts=st.lists(slack_text, min_size=1, max_size=4))
def test_any_thread_replies_over_http(sqlite_app: RunningApp, texts: list[str]) -> None:
    thread = Thread(sqlite_app, channel="C6")
    stored = thread.stored()
    if stored is None:
        thread.start()
    else:
        thread.thread_ts = stored.thread_ts
    saved = thread.stored()
    for text in texts:
        reply = sqlite_app.driver.thread_reply(text, channel_id="C6", thread_ts=thread.thread_ts)
        assert reply.status == 200
        # one reply at a time, as a person types: wait until it is handled
        _wait_until(
            lambda ts=reply.ts: _handled(sqlite_app, ts) or thread.stored().status.value == "live"
        )
    for call in sqlite_app.slack.calls("chat.postMessage"):
        assert call.response and call.response["ok"], call.response
    stored = thread.stored()
    if not any(t.strip().lower().startswith(("remove", "fjern", "delete", "slett")) for t in texts):
        assert len(stored.goals) >= len(saved.goals)
    assert stored.mission or not saved.mission


def _handled(app: RunningApp, ts: str | None) -> bool:
    from sqlalchemy import select

    from storage.models import ProcessedMessage

    with app.sessions.begin() as session:
        return (
            session.scalar(select(ProcessedMessage).where(ProcessedMessage.message_ts == ts))
            is not None
        )

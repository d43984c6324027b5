"""The coach on its own: whatever people type in any state, every answer is a valid message
and nothing saved is lost."""

from __future__ import annotations

import copy
import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.builder import coach
from bot.builder import messages as builder_messages
from bot.builder.questions import open_question
from bot.domain.model import STEPS, Step, Strategy
from bot.i18n.catalogue import translator
from tests.support.coach_states import strategy_at
from tests.support.typed_text import slack_text

TODAY = dt.date(2026, 11, 27)


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
    strategy = strategy_at(*state)
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

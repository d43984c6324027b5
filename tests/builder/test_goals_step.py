"""The goals step as a pure function: each case of tests/support/goal_cases.py through the coach,
turn by turn (the same table runs over HTTP in tests/http/test_goal_dialogue.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.builder import coach
from bot.builder.questions import open_question
from bot.domain.model import Direction, Strategy
from bot.i18n.catalogue import translator
from bot.text.hesitation import is_later
from tests.support.goal_cases import CASES, Case, asking, stored

TODAY = dt.date(2026, 11, 27)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_reply_answers_the_open_question(case: Case) -> None:
    tr = translator(case.language)
    strategy = Strategy(team_id="T1", channel_id="C1", name="s", started_by="U1")
    strategy.language = case.language
    coach.begin(strategy)
    previous_question = None
    for reply, expected, *shown in case.turns:
        outcome = coach.on_reply(strategy, reply, TODAY, tr)
        question = open_question(strategy, tr) if outcome.ask else None
        said = "\n".join([*outcome.said, question or ""])
        assert asking(strategy) == expected, (reply, said)
        for text in shown:
            assert text in said, (reply, said)
        # Never the same question word for word twice in a row.
        assert question is None or question != previous_question, (reply, question)
        previous_question = question
    assert stored(strategy) == case.stored


def test_there_are_enough_cases_in_both_languages() -> None:
    assert len(CASES) >= 40
    assert sum(case.language == "nb" for case in CASES) >= 10


REPLIES = st.one_of(
    st.sampled_from(
        [
            "More Instagram followers", "5000", "1200", "by 30 June 2027", "June 2040",
            "grow followers by 50 %", "halve cost per lead", "yes", "no", "ok", "later",
            "I don't know", "what do you mean?", "done", "skip", "back", "remove 1",
            "Grow to 1000 followers by June 2027, we have 1200", "2,000 visits a month",
            "Reduce reply time from 10 hours to 2 hours by March 2027", "vet ikke", "ja",
            "nei", "awareness", "3", "0", "-5", "1e9", "99999999999999999999", "by 2020",
        ]
    ),
    st.text(max_size=60),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(REPLIES, max_size=12), st.sampled_from(["en", "nb"]))
def test_a_stored_goal_is_whole_and_adds_up_or_still_a_draft(
    replies: list[str], language: str
) -> None:
    """Whatever is typed: every saved goal has a target, a deadline after today, a direction
    that agrees with its numbers and a target unlike today's value; today's value is missing
    only when the owner said "later" (the first report fills it in). Anything else stays a
    draft with an open question. No exception escapes."""
    tr = translator(language)
    strategy = Strategy(team_id="T1", channel_id="C1", name="s", started_by="U1")
    coach.begin(strategy)
    for reply in replies:
        coach.on_reply(strategy, reply, TODAY, tr)
        for goal in strategy.goals:
            assert goal.target is not None and goal.deadline is not None
            assert goal.deadline > TODAY
            assert goal.baseline is not None or any(is_later(reply) for reply in replies)
            if goal.baseline is not None:
                assert goal.target != goal.baseline
                expected = Direction.UP if goal.target > goal.baseline else Direction.DOWN
                assert goal.direction is expected
        if strategy.conversation.step is not None:
            assert open_question(strategy, tr)

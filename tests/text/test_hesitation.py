"""Replies that are not the answer yet: a question back, not knowing, later, no."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.text.hesitation import is_later, is_no, is_question, is_unsure


@pytest.mark.parametrize(
    "text",
    [
        "I don't know",
        "not sure, we haven't counted",
        "no idea",
        "dunno",
        "vet ikke",
        "aner ikke",
        "har ikke telt",
        "usikker",
    ],
)
def test_unsure(text: str) -> None:
    assert is_unsure(text)


@pytest.mark.parametrize("text", ["1200", "we have 1200", "I know: 1200", "sure"])
def test_not_unsure(text: str) -> None:
    assert not is_unsure(text)


@pytest.mark.parametrize(
    "text",
    ["what do you mean?", "What is today's value?", "hva mener du?", "hvordan finner jeg det"],
)
def test_questions_back(text: str) -> None:
    assert is_question(text)


@pytest.mark.parametrize("text", ["1200?", "maybe 1200?", "5000 by June", "followers"])
def test_a_number_with_a_question_mark_is_an_answer(text: str) -> None:
    assert not is_question(text)


@pytest.mark.parametrize("text", ["later", "not yet", "senere", "ikke ennå", "Later."])
def test_later(text: str) -> None:
    assert is_later(text)


@pytest.mark.parametrize("text", ["no", "Nope", "nei", "stemmer ikke", "that's wrong"])
def test_no(text: str) -> None:
    assert is_no(text)


@pytest.mark.parametrize("text", ["no, 1500", "not later than June", "nei takk til kaffe"])
def test_not_a_plain_no(text: str) -> None:
    assert not is_no(text)


@given(st.text(max_size=400))
def test_any_text_is_read_without_error(text: str) -> None:
    for read in (is_unsure, is_question, is_later, is_no):
        assert read(text) in (True, False)

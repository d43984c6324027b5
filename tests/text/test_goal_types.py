"""Goal types: inferred from a goal's words and read from an answer, in English and Norwegian."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from bot.domain.model import GoalType
from bot.text.goal_types import infer_goal_type, parse_goal_type
from tests.support.typed_text import TEXTS

FAST = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize(
    ("text", "goal_type"),
    [
        ("More sales from Instagram", GoalType.SALES),
        ("Revenue from social", GoalType.SALES),
        ("Flere salg i nettbutikken", GoalType.SALES),
        ("promo codes redeemed", GoalType.SALES),
        ("Conversion rate", GoalType.SALES),
        ("Økt omsetning", GoalType.SALES),
        ("rabattkoder brukt", GoalType.SALES),
        ("reach 5000 sales", GoalType.SALES),
        ("Grow newsletter sign-ups", GoalType.LEADS),
        ("cost per lead", GoalType.LEADS),
        ("demo requests", GoalType.LEADS),
        ("Flere påmeldinger til nyhetsbrevet", GoalType.LEADS),
        ("kostnad per lead", GoalType.LEADS),
        ("henvendelser via skjema", GoalType.LEADS),
        ("More shares and mentions", GoalType.WORD_OF_MOUTH),
        ("Reviews and rating", GoalType.WORD_OF_MOUTH),
        ("Flere anmeldelser", GoalType.WORD_OF_MOUTH),
        ("delinger", GoalType.WORD_OF_MOUTH),
        ("5000 Instagram followers", GoalType.AWARENESS),
        ("Instagram-følgere", GoalType.AWARENESS),
        ("impressions", GoalType.AWARENESS),
        ("Increase reach", GoalType.AWARENESS),
        ("rekkevidde og visninger", GoalType.AWARENESS),
        ("inbound links", GoalType.AUTHORITY),
        ("downloads of our report", GoalType.AUTHORITY),
        ("comments per post", GoalType.AUTHORITY),
        ("search ranking", GoalType.AUTHORITY),
        ("flere nedlastinger", GoalType.AUTHORITY),
        ("kommentarer", GoalType.AUTHORITY),
        ("", None),
        ("be better", None),
        ("followers and sales", None),  # a tie
        ("<@U123ABC>", None),
    ],
)
def test_infer_goal_type(text: str, goal_type: GoalType | None) -> None:
    assert infer_goal_type(text) == goal_type


@pytest.mark.parametrize(
    ("text", "goal_type"),
    [
        ("sales", GoalType.SALES),
        ("Salg", GoalType.SALES),
        ("det er salg", GoalType.SALES),
        ("It’s sales!", GoalType.SALES),
        ("1", GoalType.SALES),
        ("leads", GoalType.LEADS),
        ("lead", GoalType.LEADS),
        ("potensielle kunder", GoalType.LEADS),
        ("2", GoalType.LEADS),
        ("word of mouth", GoalType.WORD_OF_MOUTH),
        ("Word-of-mouth", GoalType.WORD_OF_MOUTH),
        ("WOM", GoalType.WORD_OF_MOUTH),
        ("jungeltelegraf", GoalType.WORD_OF_MOUTH),
        ("muntlig omtale", GoalType.WORD_OF_MOUTH),
        ("omtale", GoalType.WORD_OF_MOUTH),
        ("3", GoalType.WORD_OF_MOUTH),
        ("awareness", GoalType.AWARENESS),
        ("it's awareness", GoalType.AWARENESS),
        ("Kjennskap.", GoalType.AWARENESS),
        ("synlighet", GoalType.AWARENESS),
        ("merkevarekjennskap", GoalType.AWARENESS),
        ("awarness", GoalType.AWARENESS),  # small typo
        ("4", GoalType.AWARENESS),
        ("authority", GoalType.AUTHORITY),
        ("autoritet", GoalType.AUTHORITY),
        ("5", GoalType.AUTHORITY),
        ("", None),
        ("6", None),
        ("ok", None),
        ("We want more sales by June 2027 from our online shop", None),
        ("5000 sales by June", None),
        ("Vi vil øke salget med 20 prosent innen juni neste år", None),
    ],
)
def test_parse_goal_type(text: str, goal_type: GoalType | None) -> None:
    assert parse_goal_type(text) == goal_type


@FAST
@given(TEXTS)
def test_any_text_goal_types(text: str) -> None:
    for result in (infer_goal_type(text), parse_goal_type(text)):
        assert result is None or isinstance(result, GoalType)

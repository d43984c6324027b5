"""The words around a goal's numbers: direction, period, relative targets and time units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from bot.domain.model import Direction, Period
from bot.text.goal_sentences import reads_like_a_goal, split_goals
from bot.text.goal_text import parse_goal
from bot.text.goal_words import (
    direction_in_words,
    period_in_words,
    relative_target,
    time_unit_after,
)

TODAY = dt.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Grow Instagram followers", Direction.UP),
        ("more sign-ups", Direction.UP),
        ("Øke salget", Direction.UP),
        ("flere følgere", Direction.UP),
        ("Reduce cost per lead", Direction.DOWN),
        ("cut reply time", Direction.DOWN),
        ("fewer unsubscribes", Direction.DOWN),
        ("halvere svartiden", Direction.DOWN),
        ("redusere kostnaden", Direction.DOWN),
        ("5000 Instagram followers", None),
        ("reduce churn and grow sales", None),  # both ways: the words can't tell
    ],
)
def test_direction_in_words(text: str, direction: Direction | None) -> None:
    assert direction_in_words(text) is direction


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2,000 visits a month", Period.MONTH),
        ("2 000 besøk i måneden", Period.MONTH),
        ("visits per month", Period.MONTH),
        ("monthly revenue", Period.MONTH),
        ("10 000 kr/mnd", Period.MONTH),
        ("50 leads a week", Period.WEEK),
        ("300 leads i uka", Period.WEEK),
        ("revenue per quarter", Period.QUARTER),
        ("1 mill kr i året", Period.YEAR),
        ("5000 followers", None),
        ("within a year", None),  # when, not how often
        ("i løpet av et år", None),
        ("in a month we want 300", None),
        ("innen utgangen av året", None),
    ],
)
def test_period_in_words(text: str, period: Period | None) -> None:
    assert period_in_words(text) is period


@pytest.mark.parametrize(
    ("text", "baseline", "target"),
    [
        ("grow followers by 50 %", D(1200), D(1800)),
        ("øke salget med 20 %", D(400000), D(480000)),
        ("20 % more sign-ups", D(100), D(120)),
        ("20 prosent færre avmeldinger", D(50), D(40)),
        ("reduce cost per lead by 20 %", D(250), D(200)),
        ("ned 30 % på kostnaden", D(100), D(70)),
        ("double our sign-ups", D(400), D(800)),
        ("doble påmeldingene", D(300), D(600)),
        ("triple reach", D(10), D(30)),
        ("halve the reply time", D(10), D(5)),
        ("halvere svartiden", D(10), D(5)),
        ("grow followers by 500", D(1200), D(1700)),
        ("reduce complaints by 5", D(20), D(15)),
    ],
)
def test_relative_targets(text: str, baseline: D, target: D) -> None:
    change = relative_target(text, direction_in_words(text))
    assert change is not None and change.target(baseline) == target


@pytest.mark.parametrize("text", ["5000 followers by 2027", "by 30 June", "to 5000 by June"])
def test_a_level_is_not_a_change(text: str) -> None:
    assert relative_target(text, direction_in_words(text)) is None


def test_time_units_after_a_number() -> None:
    assert time_unit_after("10 hours", 2) == ("hours", 8)
    assert time_unit_after("10 t", 2) == ("timer", 4)
    assert time_unit_after("30 min", 2) == ("minutes", 6)
    assert time_unit_after("2 dager", 1) == ("dager", 7)
    assert time_unit_after("5000 followers", 4) is None


def test_units_stay_out_of_the_metric() -> None:
    parsed = parse_goal(
        "Reduce average reply time on Facebook from 10 hours to 2 hours by June 2027", TODAY
    )
    assert (parsed.metric, parsed.unit) == ("average reply time on Facebook", "hours")
    assert (parsed.baseline, parsed.target, parsed.direction) == (D(10), D(2), Direction.DOWN)
    nb = parse_goal("Redusere svartiden fra 10 timer til 2 timer innen juni 2027", TODAY)
    assert (nb.metric, nb.unit) == ("svartiden", "timer")


@pytest.mark.parametrize("text", ["ok", "roughly 1,200 I think", "ok, 1200", "ca. 1 200 vel"])
def test_fillers_name_nothing(text: str) -> None:
    assert parse_goal(text, TODAY).metric is None


def test_the_end_of_the_year_in_norwegian() -> None:
    parsed = parse_goal("Øke salget med 20 % innen utgangen av året", TODAY)
    assert parsed.deadline == dt.date(2026, 12, 31)
    assert parsed.relative is not None and parsed.target is None


@pytest.mark.parametrize(
    ("text", "goals"),
    [
        ("5000 Instagram followers by 30 June 2027, we have 1200 today", 1),
        ("5000 followers by June 2027 and 200 sign-ups by March 2027", 2),
        ("5000 følgere innen juni 2027, vi har 1200. Øke salget med 20 % innen 2027", 2),
        ("Grow followers from 40 to 120 by June, and double sign-ups by March", 2),
        ("More Instagram followers", 1),
        ("Reduce cost per lead from 250 kr to 150 kr by 2027-12-31", 1),
    ],
)
def test_goals_in_one_message(text: str, goals: int) -> None:
    found = split_goals(text, TODAY)
    assert len(found) == goals
    if goals == 1:
        assert found == [text]


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("We want 5000 followers by June 2027", True),
        ("grow sign-ups by 50 %", True),
        ("reach (accounts), followers", False),
        ("top 3 posts", False),
        ("followers", False),
    ],
)
def test_what_reads_like_a_goal(text: str, goal: bool) -> None:
    assert reads_like_a_goal(text, TODAY) is goal

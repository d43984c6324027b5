"""The check-in's "Report" form on its own: one number field per metric, fits Slack for the
biggest strategy, and whatever is typed reads as numbers or as errors on the right fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.checkins.report_form import read_report_form, report_form
from bot.domain.model import Goal, Metric, Period, Strategy
from bot.i18n.catalogue import LANGUAGES, translator
from tests.support.checkins import biggest_strategy
from tests.support.slack_driver import text_values
from tests.support.views import assert_valid_view


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_biggest_strategy_fits_one_form(language: str) -> None:
    strategy = biggest_strategy()
    latest = {metric.id: Decimal("123456789.1234") for _, metric in _all(strategy)}
    view = report_form(strategy, 7, latest, translator(language))
    assert_valid_view(view)
    inputs = [b for b in view["blocks"] if b["type"] == "input"]
    assert len(inputs) == 50
    assert [b["block_id"] for b in inputs] == [f"metric_{m.id}" for _, m in _all(strategy)]
    assert all(b["optional"] and b["hint"]["text"] for b in inputs)
    assert view["private_metadata"] == "7"


def _all(strategy: Any) -> list[Any]:
    return [(goal, metric) for goal in strategy.goals for metric in goal.metrics]


def test_read_report_form_takes_what_is_filled() -> None:
    tr = translator("en")
    values = text_values({"metric_3": "5k", "metric_4": "  ", "metric_5": "12,5"})
    values["metric_6"] = {"value": {"type": "plain_text_input", "value": None}}
    assert read_report_form(values, tr) == ({3: Decimal(5000), 5: Decimal("12.5")}, {})
    _, errors = read_report_form(text_values({"metric_3": "12 14", "metric_4": "x"}), tr)
    assert errors == {
        "metric_3": "Write just one number here.",
        "metric_4": "I couldn't read that as a number. Write it like 1200 or 12.5.",
    }
    _, blank = read_report_form(text_values({"metric_3": "", "metric_4": ""}), tr)
    assert blank == {"metric_3": "Fill in at least one number."}


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(["value", "type", "other"]), children, max_size=3)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["metric_1", "metric_2", "metric_x", "metric_-1", "goal_0"])
        | st.integers(),
        st.dictionaries(st.sampled_from(["value", "other"]), _json, max_size=2) | _json,
        max_size=5,
    )
    | _json
)
def test_read_report_form_survives_any_shape(values: Any) -> None:
    found, errors = read_report_form(values, translator("nb"))
    assert all(isinstance(v, Decimal) for v in found.values())
    assert all(key.startswith("metric_") for key in errors)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_typed_text_is_a_number_or_an_error(text: str) -> None:
    found, errors = read_report_form(text_values({"metric_1": text}), translator("en"))
    assert bool(found) != bool(errors)


def test_a_goal_counted_per_period_asks_for_its_window() -> None:
    visits = Goal(
        "2,000 visits a month",
        metric="visits",
        baseline=Decimal(1200),
        target=Decimal(2000),
        period=Period.MONTH,
        metrics=[Metric("visits", id=7), Metric("sign-ups", id=8)],
    )
    followers = Goal("followers", metric="followers", metrics=[Metric("followers", id=9)])
    strategy = Strategy("T1", "C1", "s", "U1", goals=[visits, followers], id=1)
    for language, window in (("en", "last 30 days"), ("nb", "siste 30 dager")):
        view = report_form(strategy, 3, {}, translator(language))
        labels = {
            block["block_id"]: block["label"]["text"]
            for block in view["blocks"]
            if block["type"] == "input"
        }
        assert window in labels["metric_7"] and window in labels["metric_8"]
        assert labels["metric_9"] == "followers"

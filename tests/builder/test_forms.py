"""The goal and metrics modals: they validate in Slack's models, and what they send back reads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.builder import forms
from bot.domain.model import Goal, GoalType, Metric, Strategy
from bot.i18n.catalogue import translator
from tests.support.views import assert_valid_view

TODAY = dt.date(2026, 11, 27)
EVIL = "&<>@here <!channel> <@U0EVIL> "
LANGUAGES = ["en", "nb"]


def strategy_with_goals(goals: list[Goal]) -> Strategy:
    return Strategy(
        team_id="T1", channel_id="C1", name="Bakery", started_by="U1", goals=goals, id=7
    )


def followers_goal(**changes: object) -> Goal:
    goal = Goal(
        description="Instagram followers",
        metric="Instagram followers",
        unit="",
        baseline=Decimal(1200),
        target=Decimal(5000),
        deadline=dt.date(2027, 6, 30),
        goal_type=GoalType.AWARENESS,
    )
    for name, value in changes.items():
        setattr(goal, name, value)
    return goal


def input_blocks(view: dict) -> dict[str, dict]:
    return {block["block_id"]: block for block in view["blocks"] if block["type"] == "input"}


def submitted(view: dict, answers: dict[str, str | None]) -> dict:
    """`view.state.values` as Slack sends it, for the given answers per block id."""
    values: dict[str, dict] = {}
    for block_id, block in input_blocks(view).items():
        element = block["element"]
        answer = answers.get(block_id)
        kind = element["type"]
        if kind == "plain_text_input":
            state = {"type": kind, "value": answer}
        elif kind == "datepicker":
            state = {"type": kind, "selected_date": answer}
        elif kind == "static_select":
            chosen = next((o for o in element["options"] if o["value"] == answer), None)
            state = {"type": kind, "selected_option": chosen}
        else:  # pragma: no cover - the forms use only these three
            raise AssertionError(kind)
        values[block_id] = {element["action_id"]: state}
    return values


GOOD = {
    "metric": "Instagram followers",
    "baseline": "1200",
    "target": "5000",
    "unit": None,
    "deadline": "2027-06-30",
    "goal_type": "awareness",
}


# --- the goal form ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_goal_form_shape(language: str) -> None:
    view = forms.goal_form(strategy_with_goals([]), translator(language))
    assert_valid_view(view)
    assert view["type"] == "modal"
    assert view["callback_id"] == forms.CALLBACK_GOAL_FORM
    assert view["private_metadata"] == "7"
    inputs = input_blocks(view)
    assert list(inputs) == ["metric", "baseline", "target", "unit", "deadline", "goal_type"]
    assert [inputs[b]["optional"] for b in inputs] == [False, False, False, True, False, False]
    assert inputs["deadline"]["element"]["type"] == "datepicker"
    options = inputs["goal_type"]["element"]["options"]
    assert [o["value"] for o in options] == [kind.value for kind in GoalType]


@pytest.mark.parametrize("language", LANGUAGES)
def test_goal_form_round_trip(language: str) -> None:
    tr = translator(language)
    view = forms.goal_form(strategy_with_goals([]), tr)
    goal, errors = forms.read_goal_form(submitted(view, GOOD), tr, TODAY)
    assert errors == {}
    assert goal == followers_goal()


def test_goal_form_keeps_unit_and_type() -> None:
    tr = translator("en")
    view = forms.goal_form(strategy_with_goals([]), tr)
    answers = {**GOOD, "metric": "  Revenue  from   social ", "unit": " NOK ", "goal_type": "sales"}
    goal, errors = forms.read_goal_form(submitted(view, answers), tr, TODAY)
    assert errors == {}
    assert goal is not None
    assert (goal.description, goal.metric, goal.unit) == (
        "Revenue from social",
        "Revenue from social",
        "NOK",
    )
    assert goal.goal_type is GoalType.SALES


@pytest.mark.parametrize(
    ("changes", "bad_blocks"),
    [
        ({"baseline": "lots"}, {"baseline"}),
        ({"baseline": "1.234"}, {"baseline"}),  # thousands or decimals: the parser won't guess
        ({"baseline": "1200 to 5000"}, {"baseline"}),
        ({"target": "five thousand-ish"}, {"target"}),
        ({"baseline": "", "target": None}, {"baseline", "target"}),
        ({"target": "1200"}, {"target"}),  # the same as today's value
        ({"deadline": "2026-11-27"}, {"deadline"}),  # today is not after today
        ({"deadline": "2020-01-01"}, {"deadline"}),
        ({"deadline": None}, {"deadline"}),
        ({"deadline": "30/06/2027"}, {"deadline"}),
        ({"metric": "   "}, {"metric"}),
        ({"metric": "x" * 81}, {"metric"}),
        ({"unit": "u" * 21}, {"unit"}),
        ({"goal_type": None}, {"goal_type"}),
        ({"goal_type": "bogus"}, {"goal_type"}),
        (
            {"metric": None, "baseline": None, "target": None, "deadline": None, "goal_type": None},
            {"metric", "baseline", "target", "deadline", "goal_type"},
        ),
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_goal_form_errors_on_the_right_blocks(
    changes: dict[str, str | None], bad_blocks: set[str], language: str
) -> None:
    tr = translator(language)
    view = forms.goal_form(strategy_with_goals([]), tr)
    goal, errors = forms.read_goal_form(submitted(view, {**GOOD, **changes}), tr, TODAY)
    assert goal is None
    assert set(errors) == bad_blocks
    assert all(isinstance(message, str) and message for message in errors.values())


def test_goal_form_reads_numbers_as_people_type_them() -> None:
    tr = translator("nb")
    view = forms.goal_form(strategy_with_goals([]), tr)
    answers = {**GOOD, "baseline": "1 200", "target": "12,5k"}
    goal, errors = forms.read_goal_form(submitted(view, answers), tr, TODAY)
    assert errors == {}
    assert goal is not None
    assert (goal.baseline, goal.target) == (Decimal(1200), Decimal(12500))


def test_number_errors_say_what_is_wrong() -> None:
    tr = translator("en")
    view = forms.goal_form(strategy_with_goals([]), tr)
    answers = {**GOOD, "baseline": "1.234", "target": "1200 to 5000", "metric": ""}
    _, errors = forms.read_goal_form(submitted(view, answers), tr, TODAY)
    assert "thousands or decimals" in errors["baseline"]
    assert errors["target"] == "Write just one number here."
    assert errors["metric"] == "Tell me what you measure, like Instagram followers."


def test_goal_form_bogus_option_value() -> None:
    tr = translator("en")
    view = forms.goal_form(strategy_with_goals([]), tr)
    values = submitted(view, GOOD)
    values["goal_type"]["value"]["selected_option"] = {"value": "bogus"}
    goal, errors = forms.read_goal_form(values, tr, TODAY)
    assert goal is None and set(errors) == {"goal_type"}


@pytest.mark.parametrize(
    "values",
    [
        {},
        None,
        [],
        "values",
        {"metric": None, "baseline": [], "target": "x", "deadline": {"value": None}},
        {"metric": {"value": {"value": 12}}, "goal_type": {"value": {"selected_option": "x"}}},
        {"deadline": {"value": {"selected_date": 20270630}}},
        {"metric": {"other_action": {"type": "plain_text_input", "value": "Reach"}}},
    ],
)
def test_read_goal_form_never_raises(values: object) -> None:
    goal, errors = forms.read_goal_form(values, translator("en"), TODAY)  # type: ignore[arg-type]
    assert goal is None
    assert errors


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["value", "selected_date", "selected_option", "type"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["metric", "baseline", "target", "unit", "deadline", "goal_type", "x"]),
        st.dictionaries(st.sampled_from(["value", "other"]), _json, max_size=2) | _json,
        max_size=7,
    )
)
def test_read_goal_form_survives_any_shape(values: dict) -> None:
    goal, errors = forms.read_goal_form(values, translator("en"), TODAY)
    assert (goal is None) == bool(errors)


# --- the metrics form ---------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_metrics_form_shape(language: str) -> None:
    tr = translator(language)
    goals = [
        followers_goal(metrics=[Metric("reach", "accounts"), Metric("followers")]),
        Goal(description="More sign-ups", goal_type=GoalType.LEADS),
        Goal(description="Be known", goal_type=None),
    ]
    view = forms.metrics_form(strategy_with_goals(goals), tr)
    assert_valid_view(view)
    assert view["callback_id"] == forms.CALLBACK_METRICS_FORM
    assert view["private_metadata"] == "7"
    inputs = input_blocks(view)
    assert list(inputs) == ["goal_0", "goal_1", "goal_2"]
    first = inputs["goal_0"]
    assert first["element"]["multiline"] is True
    assert first["element"]["initial_value"] == "reach (accounts)\nfollowers"
    assert "initial_value" not in inputs["goal_1"]["element"]
    assert "Instagram followers" in first["label"]["text"]
    assert "More sign-ups" in inputs["goal_1"]["label"]["text"]
    for block_id, kind in (
        ("goal_0", GoalType.AWARENESS),
        ("goal_1", GoalType.LEADS),
        ("goal_2", None),
    ):
        for metric in forms.suggested_metrics(kind, tr):
            assert metric in inputs[block_id]["hint"]["text"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_metrics_form_with_the_longest_goals(language: str) -> None:
    evil = (EVIL * 20)[:300]
    goals = [
        Goal(
            description=evil,
            metric=(EVIL * 5)[:80] if index % 2 else "",
            unit=(EVIL * 2)[:20],
            goal_type=list(GoalType)[index % 5],
            metrics=[Metric((EVIL * 5)[:80], (EVIL * 2)[:20]) for _ in range(5)],
        )
        for index in range(10)
    ]
    view = forms.metrics_form(strategy_with_goals(goals), translator(language))
    assert_valid_view(view)
    assert len(input_blocks(view)) == 10
    for block in input_blocks(view).values():
        assert "<" not in block["label"]["text"]  # user text in labels is escaped
        assert block["element"]["initial_value"].count("\n") == 4


def test_metrics_form_round_trip() -> None:
    tr = translator("en")
    goals = [followers_goal(metrics=[Metric("reach", "accounts"), Metric("followers")])]
    strategy = strategy_with_goals(goals)
    view = forms.metrics_form(strategy, tr)
    initial = input_blocks(view)["goal_0"]["element"]["initial_value"]
    values = {"goal_0": {"value": {"type": "plain_text_input", "value": initial}}}
    assert forms.read_metrics_form(values, strategy) == [goals[0].metrics]


def test_read_metrics_form_parses_lines() -> None:
    strategy = strategy_with_goals(
        [followers_goal(), Goal(description="Sign-ups"), followers_goal()]
    )
    text = (
        "reach (accounts)\n\n   followers  \n- shares (count)\n• Revenue (NOK) (kr)\nREACH\n(kr)\n"
    )
    values = {
        "goal_0": {"value": {"type": "plain_text_input", "value": text}},
        "goal_1": {"value": {"type": "plain_text_input", "value": "   "}},
        "goal_2": {"value": {"type": "plain_text_input", "value": None}},
    }
    first, second, third = forms.read_metrics_form(values, strategy)
    assert first == [
        Metric("reach", "accounts"),
        Metric("followers", ""),
        Metric("shares", "count"),
        Metric("Revenue (NOK)", "kr"),
    ]
    assert second == []  # nothing written and no metric of its own
    assert third == [Metric("Instagram followers", "")]


def test_read_metrics_form_caps() -> None:
    strategy = strategy_with_goals([followers_goal()])
    text = "\n".join(f"metric {n} " + "x" * 100 + " (" + "u" * 30 + ")" for n in range(9))
    (metrics,) = forms.read_metrics_form({"goal_0": {"value": {"value": text}}}, strategy)
    assert len(metrics) == 5
    assert all(len(m.name) <= 80 and len(m.unit) <= 20 for m in metrics)


@pytest.mark.parametrize("values", [{}, None, [], {"goal_0": None}, {"goal_0": {"value": 5}}])
def test_read_metrics_form_falls_back(values: object) -> None:
    strategy = strategy_with_goals([followers_goal(unit="accounts"), Goal(description="x")])
    result = forms.read_metrics_form(values, strategy)  # type: ignore[arg-type]
    assert result == [[Metric("Instagram followers", "accounts")], []]


def test_read_metrics_form_keeps_goals_beyond_the_form() -> None:
    goals = [followers_goal(metrics=[Metric(f"m{n}")]) for n in range(12)]
    strategy = strategy_with_goals(goals)
    assert len(input_blocks(forms.metrics_form(strategy, translator("en")))) == 10
    result = forms.read_metrics_form({}, strategy)
    assert result[:10] == [[Metric("Instagram followers")]] * 10
    assert result[10:] == [[Metric("m10")], [Metric("m11")]]


# --- suggestions --------------------------------------------------------------------------


def test_suggested_metrics() -> None:
    tr = translator("en")
    assert forms.suggested_metrics(GoalType.SALES, tr) == [
        "orders from social",
        "revenue from social",
        "promo codes redeemed",
        "conversion rate",
    ]
    assert forms.suggested_metrics(GoalType.LEADS, tr) == [
        "sign-ups from social",
        "form fills from social",
        "cost per lead",
    ]
    assert "reviews" in forms.suggested_metrics(GoalType.WORD_OF_MOUTH, tr)
    assert "branded searches" in forms.suggested_metrics(GoalType.AWARENESS, tr)
    assert "inbound links" in forms.suggested_metrics(GoalType.AUTHORITY, tr)
    assert forms.suggested_metrics(None, tr) == ["reach", "followers", "sign-ups from social"]
    for kind in (*GoalType, None):
        assert forms.suggested_metrics(kind, translator("nb"))

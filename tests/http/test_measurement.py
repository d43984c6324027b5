"""Step 3 over signed HTTP: only metric names become metrics. A question back or "I don't know"
gets an explanation with the suggestions, "k" is ok, "all of them" and "1, 3" take suggestions,
"skip this one" keeps the goal's own metric, "and" separates names; nothing else is stored.

Each test asserts what the coach asked and what was stored, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from bot.domain.model import Step
from tests.conftest import RunningApp
from tests.support.buttons import stored
from tests.support.dialogue import Thread

FOLLOWERS = "5000 Instagram followers by 30 June 2027, we have 1200 today"
COST = "Reduce cost per lead from 250 kr to 150 kr by 2027-12-31"
SUGGESTED = "1. reach, 2. impressions, 3. followers, 4. branded searches"


def at_measurement(app: RunningApp, *goals: str) -> Thread:
    """A strategy in C1 with these goals and a mission, at step 3 (English)."""
    app.slack.add_user("U1", locale="en-US")
    thread = Thread(app)
    thread.start()
    for goal in goals or (FOLLOWERS,):
        assert "Saved goal" in thread.say(goal)
    thread.say("done")
    question = thread.say("We make the brand human.")
    assert "Step 3 of 5: Measurement" in question
    return thread


def at_measurement_nb(app: RunningApp) -> Thread:
    """The same in Norwegian, with one goal about followers."""
    app.slack.add_user("U1", locale="nb-NO")
    thread = Thread(app)
    thread.start()
    thread.say("Flere følgere på Instagram")
    thread.say("5 000 innen 30. juni 2027")
    assert "Lagret mål 1" in thread.say("1 200 i dag")
    thread.say("ferdig")
    question = thread.say("Vi viser menneskene bak merkevaren.")
    assert "Steg 3 av 5: Måling" in question
    return thread


def metrics(thread: Thread, goal: int = 0) -> list[tuple[str, str]]:
    return [(m.name, m.unit) for m in stored(thread).goals[goal].metrics]


def waiting(thread: Thread) -> tuple:
    conversation = stored(thread).conversation
    return conversation.step, conversation.awaiting, conversation.draft


def test_the_question_numbers_the_suggestions_and_numbers_pick_them(
    running_app: RunningApp,
) -> None:
    thread = at_measurement(running_app)
    assert SUGGESTED in thread.last() and "*all of them*" in thread.last()
    said = thread.say("1, 3")
    assert "Goal 1 will be measured by reach, followers." in said
    assert "Step 4 of 5" in said
    assert metrics(thread) == [("reach", ""), ("followers", "")]


def test_hesitation_gets_an_explanation_and_nothing_is_stored(running_app: RunningApp) -> None:
    thread = at_measurement(running_app)
    for typed in ("not sure, what do you suggest?", "hmm", "what's reach?"):
        said = thread.say(typed)
        assert "A weekly metric is a number you can look up once a week" in said, typed
        assert SUGGESTED in said and "Insights" in said
        assert metrics(thread) == [], typed
        assert waiting(thread) == (Step.MEASUREMENT, "metrics", {"goal_index": 0})
    # Replies without a letter are never names; a number without a suggestion is asked about.
    for typed in ("?", "..."):
        thread.say(typed)
        assert metrics(thread) == [] and waiting(thread)[1] == "metrics"
    said = thread.say("7")
    assert "Pick them by number, from 1 to 4" in said
    assert metrics(thread) == []
    said = thread.say("k")
    assert "Goal 1 will be measured by Instagram followers." in said
    assert metrics(thread) == [("Instagram followers", "")]


def test_all_of_them_and_skip_this_one(running_app: RunningApp) -> None:
    thread = at_measurement(running_app, FOLLOWERS, COST)
    said = thread.say("all of them")
    assert "Goal 1 will be measured by reach, impressions, followers, branded searches." in said
    assert metrics(thread) == [
        ("reach", ""),
        ("impressions", ""),
        ("followers", ""),
        ("branded searches", ""),
    ]
    assert "Goal 2" in said
    said = thread.say("skip this one")
    assert "Goal 2 keeps its own metric, cost per lead (kr)." in said
    assert "Step 4 of 5" in said
    assert metrics(thread, 1) == [("cost per lead", "kr")]


def test_skip_this_one_says_which_goal_comes_next(running_app: RunningApp) -> None:
    thread = at_measurement(running_app, FOLLOWERS, COST)
    said = thread.say("skip this one")
    assert "Goal 1 keeps its own metric, Instagram followers. On to goal 2." in said
    assert "Goal 2, " in said
    assert metrics(thread) == [("Instagram followers", "")] and metrics(thread, 1) == []
    assert waiting(thread) == (Step.MEASUREMENT, "metrics", {"goal_index": 1})


def test_and_separates_metric_names(running_app: RunningApp) -> None:
    thread = at_measurement(running_app, FOLLOWERS, COST)
    said = thread.say("reach and followers")
    assert "Goal 1 will be measured by reach, followers." in said
    assert metrics(thread) == [("reach", ""), ("followers", "")]
    # No part names something counted: one name.
    said = thread.say("questions and answers")
    assert "Goal 2 will be measured by questions and answers." in said
    assert metrics(thread, 1) == [("questions and answers", "")]


def test_in_norwegian(running_app: RunningApp) -> None:
    thread = at_measurement_nb(running_app)
    assert "1. rekkevidde, 2. visninger, 3. følgere" in thread.last()
    said = thread.say("vet ikke")
    assert "Et ukentlig måltall er et tall" in said and "1. rekkevidde" in said
    assert metrics(thread) == [] and waiting(thread)[1] == "metrics"
    said = thread.say("rekkevidde og følgere")
    assert "Mål 1 måles med rekkevidde, følgere." in said
    assert metrics(thread) == [("rekkevidde", ""), ("følgere", "")]
    assert "Steg 4 av 5" in said


def test_forslagene_takes_the_norwegian_suggestions(running_app: RunningApp) -> None:
    thread = at_measurement_nb(running_app)
    said = thread.say("forslagene")
    assert "Mål 1 måles med rekkevidde, visninger, følgere" in said
    assert [name for name, _ in metrics(thread)][:3] == ["rekkevidde", "visninger", "følgere"]

"""Steps 3 and 4 as pure decisions: what a reply to the measurement or responsibility question
saves, and what the coach asks when the reply is not (yet) an answer. English and Norwegian."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot.builder import coach
from bot.builder.metric_suggestions import suggested_metrics
from bot.builder.questions import answer_choices, open_question
from bot.domain.model import Conversation, Goal, GoalType, Metric, Schedule, Step, Strategy
from bot.i18n.catalogue import translator

TODAY = dt.date(2026, 11, 27)


def _strategy(step: Step, awaiting: str, draft: dict | None = None) -> Strategy:
    followers = Goal(
        description="5000 Instagram followers",
        metric="Instagram followers",
        baseline=Decimal(1200),
        target=Decimal(5000),
        deadline=dt.date(2027, 6, 30),
        goal_type=GoalType.AWARENESS,
    )
    cost = Goal(
        description="cheaper leads",
        metric="cost per lead",
        unit="kr",
        baseline=Decimal(250),
        target=Decimal(150),
        deadline=dt.date(2027, 12, 31),
        goal_type=GoalType.LEADS,
    )
    strategy = Strategy(
        id=1,
        team_id="T1",
        channel_id="C1",
        name="s",
        started_by="U1",
        goals=[followers, cost],
        mission="We make the brand human.",
    )
    strategy.conversation = Conversation(step=step, awaiting=awaiting, draft=draft or {})
    return strategy


def at_metrics(language: str = "en", goal_index: int = 0) -> Strategy:
    strategy = _strategy(Step.MEASUREMENT, "metrics", {"goal_index": goal_index})
    strategy.language = language
    return strategy


def at_responsibility(language: str = "en") -> Strategy:
    strategy = _strategy(Step.RESPONSIBILITY, "responsibility")
    for goal in strategy.goals:
        goal.metrics = [Metric(goal.metric or "x", goal.unit)]
    strategy.language = language
    return strategy


def reply(strategy: Strategy, text: str) -> tuple[str, str | None]:
    """(what the coach said, the question it asked or None)."""
    tr = translator(strategy.language)
    outcome = coach.on_reply(strategy, text, TODAY, tr)
    question = open_question(strategy, tr) if outcome.ask else None
    return "\n".join(outcome.said), question


def names(strategy: Strategy, goal: int = 0) -> list[tuple[str, str]]:
    return [(m.name, m.unit) for m in strategy.goals[goal].metrics]


# --- step 3: measurement -----------------------------------------------------------------------


def test_the_question_numbers_its_suggestions() -> None:
    question = open_question(at_metrics(), translator("en")) or ""
    assert "1. reach, 2. impressions, 3. followers, 4. branded searches" in question
    assert "*all of them*" in question
    question = open_question(at_metrics("nb"), translator("nb")) or ""
    assert "1. rekkevidde, 2. visninger, 3. følgere" in question and "*alle*" in question


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "not sure, what do you suggest?"),
        ("en", "hmm"),
        ("en", "what's reach?"),
        ("en", "I don't know"),
        ("en", "no"),
        ("nb", "vet ikke"),
        ("nb", "hva mener du med måltall?"),
        ("nb", "hmm"),
    ],
)
def test_hesitation_gets_an_explanation_and_nothing_is_stored(language: str, text: str) -> None:
    strategy = at_metrics(language)
    said, question = reply(strategy, text)
    if language == "en":
        assert "A weekly metric is a number you can look up once a week" in said
        assert "1. reach, 2. impressions, 3. followers, 4. branded searches" in said
    else:
        assert "Et ukentlig måltall er et tall" in said
        assert "1. rekkevidde, 2. visninger, 3. følgere" in said
    assert question is None  # the explanation is the question, never the same one again
    assert names(strategy) == [] and strategy.conversation.awaiting == "metrics"
    assert strategy.conversation.draft == {"goal_index": 0}


@pytest.mark.parametrize("text", ["k", "ok", "K.", "done"])
def test_k_is_ok(text: str) -> None:
    strategy = at_metrics()
    said, _ = reply(strategy, text)
    assert "Goal 1 will be measured by Instagram followers." in said
    assert names(strategy) == [("Instagram followers", "")]
    assert strategy.conversation.draft == {"goal_index": 1}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "all of them"),
        ("en", "the suggested ones"),
        ("nb", "alle"),
        ("nb", "forslagene"),
    ],
)
def test_all_of_them_takes_the_suggestions(language: str, text: str) -> None:
    strategy = at_metrics(language)
    reply(strategy, text)
    expected = suggested_metrics(GoalType.AWARENESS, translator(language))
    assert [name for name, _ in names(strategy)] == expected
    assert strategy.conversation.draft == {"goal_index": 1}


def test_numbers_pick_suggestions_by_position() -> None:
    strategy = at_metrics()
    said, question = reply(strategy, "1, 3")
    assert "Goal 1 will be measured by reach, followers." in said
    assert names(strategy) == [("reach", ""), ("followers", "")]
    assert question and "Goal 2" in question
    # The goal's own metric keeps its unit when picked by number.
    reply(strategy, "1 og 3")
    assert names(strategy, 1) == [("sign-ups from social", ""), ("cost per lead", "kr")]


@pytest.mark.parametrize("text", ["7", "0", "1, 9", "followers, 8"])
def test_a_number_without_a_suggestion_is_asked_about(text: str) -> None:
    strategy = at_metrics()
    said, question = reply(strategy, text)
    assert "The suggestions are 1. reach, 2. impressions" in said and "from 1 to 4" in said
    assert question is None and names(strategy) == []


@pytest.mark.parametrize("text", ["?", "...", "5000", "-", "!!!"])
def test_no_letters_is_never_a_metric(text: str) -> None:
    strategy = at_metrics()
    reply(strategy, text)
    assert names(strategy) == [] and strategy.conversation.draft == {"goal_index": 0}


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "skip this one", "Goal 1 keeps its own metric, Instagram followers. On to goal 2."),
        ("nb", "hopp over denne", "Mål 1 beholder sitt eget måltall, Instagram followers."),
    ],
)
def test_skip_this_one_keeps_the_goals_metric(language: str, text: str, said: str) -> None:
    strategy = at_metrics(language)
    told, question = reply(strategy, text)
    assert said in told
    assert names(strategy) == [("Instagram followers", "")]
    assert strategy.conversation.draft == {"goal_index": 1}
    assert question and ("Goal 2" in question or "Mål 2" in question)
    # On the last goal it says so without "on to", and step 4 comes next.
    told, question = reply(strategy, text)
    assert names(strategy, 1) == [("cost per lead", "kr")]
    assert told == "Goal 2 keeps its own metric, cost per lead (kr)." or "Mål 2" in told
    assert strategy.conversation.step is Step.RESPONSIBILITY


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "reach and followers", [("reach", ""), ("followers", "")]),
        ("nb", "rekkevidde og følgere", [("rekkevidde", ""), ("følgere", "")]),
        ("en", "reach (accounts) and followers", [("reach", "accounts"), ("followers", "")]),
        ("en", "questions and answers", [("questions and answers", "")]),
        ("nb", "spørsmål og svar", [("spørsmål og svar", "")]),
        ("en", "1, reach", [("reach", "")]),
    ],
)
def test_and_separates_metric_names(
    language: str, text: str, expected: list[tuple[str, str]]
) -> None:
    strategy = at_metrics(language)
    reply(strategy, text)
    assert names(strategy) == expected


# --- step 4: responsibility --------------------------------------------------------------------


def schedule(strategy: Strategy) -> tuple[str | None, int | None, dt.time | None]:
    saved = strategy.schedule or Schedule(weekday=-1, time=dt.time(0, 0))
    return (
        strategy.owner_id,
        (saved.weekday if strategy.schedule else None),
        (saved.time if strategy.schedule else None),
    )


@pytest.mark.parametrize(
    ("language", "text", "owner", "weekday", "at"),
    [
        ("en", "friday 1430", "U1", 4, dt.time(14, 30)),
        ("nb", "fredag kl 1430", "U1", 4, dt.time(14, 30)),
        ("en", "fri 0930", "U1", 4, dt.time(9, 30)),
        ("nb", "<@U2> man 0930", "U2", 0, dt.time(9, 30)),
        ("nb", "fredag kl. halv ti", "U1", 4, dt.time(9, 30)),
        ("nb", "tirsdag kvart over ni", "U1", 1, dt.time(9, 15)),
        ("nb", "tirsdag kvart på ti", "U1", 1, dt.time(9, 45)),
        ("en", "friday at 3 pm", "U1", 4, dt.time(15, 0)),
        ("nb", "fredag kl 3 om natta", "U1", 4, dt.time(3, 0)),
    ],
)
def test_times_are_read_as_said(
    language: str, text: str, owner: str, weekday: int, at: dt.time
) -> None:
    strategy = at_responsibility(language)
    reply(strategy, text)
    assert schedule(strategy) == (owner, weekday, at)
    assert strategy.conversation.step is Step.BENEFITS


@pytest.mark.parametrize(
    ("language", "text", "asked", "answer", "at"),
    [
        ("en", "tuesday afternoon", "Tuesday at what time?", "14:00", dt.time(14, 0)),
        ("nb", "tirsdag ettermiddag", "Tirsdag, hvilket klokkeslett?", "kl 15", dt.time(15, 0)),
        ("nb", "hver mandag morgen", "Mandag, hvilket klokkeslett?", "halv ti", dt.time(9, 30)),
        ("en", "morning", "At what time?", "8:15", dt.time(8, 15)),
        ("nb", "kveld", "Hvilket klokkeslett?", "19:00", dt.time(19, 0)),
    ],
)
def test_a_part_of_the_day_gets_asked_for_the_time(
    language: str, text: str, asked: str, answer: str, at: dt.time
) -> None:
    strategy = at_responsibility(language)
    _, question = reply(strategy, text)
    assert question and asked in question
    assert strategy.conversation.awaiting == "responsibility_time"
    assert schedule(strategy) == (None, None, None)
    reply(strategy, answer)
    assert schedule(strategy)[0] == "U1" and schedule(strategy)[2] == at


def test_a_part_of_the_day_keeps_the_person_mentioned() -> None:
    strategy = at_responsibility()
    reply(strategy, "<@U2> tuesday afternoon")
    assert strategy.conversation.awaiting == "responsibility_time"
    said, _ = reply(strategy, "2pm")
    assert "<@U2> reports the numbers every Tuesday at 14:00" in said
    assert schedule(strategy) == ("U2", 1, dt.time(14, 0))


@pytest.mark.parametrize(
    ("language", "text", "asked", "night", "afternoon"),
    [
        ("en", "friday at 3", "Do you mean Friday at 15:00?", "03:00", dt.time(15, 0)),
        ("nb", "fredag klokka 3", "Mener du fredag kl. 15:00?", "03:00", dt.time(15, 0)),
        ("nb", "fredag halv tre", "Mener du fredag kl. 14:30?", "02:30", dt.time(14, 30)),
    ],
)
def test_an_hour_from_one_to_six_is_asked_about(
    language: str, text: str, asked: str, night: str, afternoon: dt.time
) -> None:
    tr = translator(language)
    strategy = at_responsibility(language)
    _, question = reply(strategy, text)
    assert question and asked in question and night in question
    assert strategy.conversation.awaiting == "responsibility_hour"
    assert schedule(strategy) == (None, None, None)
    yes = tr("Yes")
    assert answer_choices(strategy, tr) == [(yes, f"yes {afternoon.strftime('%H:%M')}")]
    reply(strategy, "ja" if language == "nb" else "yes")
    assert schedule(strategy) == ("U1", 4, afternoon)


@pytest.mark.parametrize("answer", ["03:00", "3:00", "0300", "3 am"])
def test_the_night_given_with_minutes(answer: str) -> None:
    strategy = at_responsibility()
    reply(strategy, "friday at 3")
    said, _ = reply(strategy, "no")
    assert "Then give the time with minutes, like 03:00 or 10:30." in said
    assert strategy.conversation.awaiting == "responsibility_hour"
    reply(strategy, answer)
    assert schedule(strategy) == ("U1", 4, dt.time(3, 0))


def test_the_hour_button_and_a_written_name() -> None:
    strategy = at_responsibility()
    reply(strategy, "Kari, friday at 3")
    assert strategy.conversation.awaiting == "responsibility_hour"
    outcome = coach.on_reply(strategy, "yes 15:00", TODAY, translator("en"))
    # Now the time is known, the name is looked up.
    assert outcome.lookup_person == "Kari" and strategy.owner_id is None
    assert strategy.conversation.draft == {"weekday": 4, "time": "15:00", "lookup": "Kari"}


@pytest.mark.parametrize("language", ["en", "nb"])
def test_two_mentions_ask_who_of_them(language: str) -> None:
    tr = translator(language)
    strategy = at_responsibility(language)
    _, question = reply(strategy, "<@U2> and <@U3> friday 12:00")
    who = "Who of <@U2> and <@U3> reports" if language == "en" else "Hvem av <@U2> og <@U3>"
    assert question and who in question
    assert strategy.conversation.awaiting == "responsibility_who"
    assert answer_choices(strategy, tr) == [("@U2", "<@U2>"), ("@U3", "<@U3>")]
    assert schedule(strategy) == (None, None, None)
    reply(strategy, "<@U3>")  # what the second button sends
    assert schedule(strategy) == ("U3", 4, dt.time(12, 0))


def test_two_mentions_then_a_number() -> None:
    strategy = at_responsibility()
    reply(strategy, "<@U2>, <@U3> or <@U4>, tuesdays 10:00")
    _, question = reply(strategy, "thursday")
    assert question and "Who of <@U2>, <@U3> and <@U4>" in question
    reply(strategy, "2")
    assert schedule(strategy) == ("U3", 3, dt.time(10, 0))


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "hmm not sure"),
        ("en", "who should it be?"),
        ("en", "hmm"),
        ("nb", "vet ikke"),
        ("nb", "hvem bør det være?"),
    ],
)
def test_hesitation_explains_the_step(language: str, text: str) -> None:
    strategy = at_responsibility(language)
    outcome = coach.on_reply(strategy, text, TODAY, translator(language))
    said = "\n".join(outcome.said)
    explained = "Once a week I send one person" if language == "en" else "Én gang i uka sender"
    assert explained in said and ("@Kari Friday 14:00" in said or "@Kari fredag 14:00" in said)
    assert outcome.lookup_person is None and not outcome.ask
    assert strategy.conversation.awaiting == "responsibility"
    assert schedule(strategy) == (None, None, None)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("every weekday 9", "I can't read every weekday as a weekday"),
        ("hver dag kl 9", "hver dag"),
        ("hver ukedag kl 9", "hver ukedag"),
    ],
)
def test_every_weekday_is_not_one_weekday(text: str, said: str) -> None:
    strategy = at_responsibility()
    outcome = coach.on_reply(strategy, text, TODAY, translator("en"))
    assert said in "\n".join(outcome.said)
    assert outcome.lookup_person is None and schedule(strategy) == (None, None, None)

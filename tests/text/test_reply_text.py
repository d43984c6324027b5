"""Short intent replies, responsibility slots, lists and metric units, en + nb."""

from __future__ import annotations

import time as clock
from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.reply_text import (
    has_letters,
    is_accept_suggestion,
    is_all_suggested,
    is_done,
    is_filler,
    is_keep,
    is_skip_this_one,
    is_yes,
    name_key,
    parse_list,
    parse_metric_list,
    split_metric,
    suggestion_numbers,
)
from bot.text.slot_text import SlotParse, parse_responsibility, with_minutes

FAST = settings(max_examples=200, deadline=None)
SLACK_BITS = st.sampled_from(
    ["<@U123ABC>", "<@W1|bob>", "<!channel>", "<#C42|general>", "mandag", "kl 9", "done", "ja"]
)
TEXTS = st.one_of(
    st.text(),
    st.lists(st.one_of(st.text(max_size=15), SLACK_BITS), max_size=8).map(" ".join),
)

DONE = ["done", "Done!", "that's all", "That’s all.", "no more", "finished", "next", "ok, done"]
DONE_NB = ["ferdig", "Ferdig.", "det var alt", "ikke flere", "neste", "nei", "no", "Nei takk"]


@pytest.mark.parametrize("text", DONE + DONE_NB)
def test_is_done(text: str) -> None:
    assert is_done(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yes",
        "ja",
        "More followers",
        "no, I want to add one more goal about sales",
        "done with this one but next we need something for sales",
        "ikke ferdig",
    ],
)
def test_is_not_done(text: str) -> None:
    assert not is_done(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True),
        ("Yes!", True),
        ("yep", True),
        ("ok", True),
        ("ja", True),
        ("Ja takk", True),
        ("jepp", True),
        ("det stemmer", True),
        (":+1:", True),
        ("👍", True),
        ("no", False),
        ("nei", False),
        ("", False),
        ("yes but change the target to 6000 and the deadline to June", False),
    ],
)
def test_is_yes(text: str, expected: bool) -> None:
    assert is_yes(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("keep", True),
        ("keep it", True),
        ("Keep it as is.", True),
        ("ok", True),
        ("fine", True),
        ("behold", True),
        ("behold den", True),
        ("greit", True),
        ("ja", True),
        ("change it", False),
        ("use your version", False),
        ("", False),
    ],
)
def test_is_keep(text: str, expected: bool) -> None:
    assert is_keep(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ok", True),
        ("OK!", True),
        ("yes", True),
        ("use that", True),
        ("sounds good", True),
        ("ja", True),
        ("greit", True),
        ("bruk den", True),
        ("høres bra ut", True),
        ("k", True),
        ("K.", True),
        ("no", False),
        ("reach, followers", False),
        ("", False),
    ],
)
def test_is_accept_suggestion(text: str, expected: bool) -> None:
    assert is_accept_suggestion(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<@U123ABC> on mondays at 9", SlotParse("U123ABC", 0, time(9, 0), False)),
        ("<@W12AB|kari> Monday 09:00", SlotParse("W12AB", 0, time(9, 0), False)),
        ("me, Mon 9:00", SlotParse(None, 0, time(9, 0), True)),
        ("I will, tuesdays 9am", SlotParse(None, 1, time(9, 0), True)),
        ("meg, fredager kl. 14.30", SlotParse(None, 4, time(14, 30), True)),
        ("jeg tar det, mandager kl 9", SlotParse(None, 0, time(9, 0), True)),
        ("tirsdag 9.30", SlotParse(None, 1, time(9, 30), False)),
        ("onsdag kl 8", SlotParse(None, 2, time(8, 0), False)),
        ("torsdager 14", SlotParse(None, 3, time(14, 0), False)),
        ("lørdag 10:15", SlotParse(None, 5, time(10, 15), False)),
        ("søndag", SlotParse(None, 6, None, False)),
        ("tue 2pm", SlotParse(None, 1, time(14, 0), False)),
        ("thu 9 am", SlotParse(None, 3, time(9, 0), False)),
        ("Wednesday at 10", SlotParse(None, 2, time(10, 0), False)),
        ("fri 12pm", SlotParse(None, 4, time(12, 0), False)),
        ("sat 12am", SlotParse(None, 5, time(0, 0), False)),
        ("<@U123ABC> 25:00 fri", SlotParse("U123ABC", 4, None, False, bad_time="25:00")),
        ("Monday 13pm", SlotParse(None, 0, None, False, bad_time="13pm")),
        ("mandag kl 24", SlotParse(None, 0, None, False, bad_time="kl 24")),
        ("<@U1234567>", SlotParse("U1234567", None, None, False)),
        ("<@U1234567> can remind me", SlotParse("U1234567", None, None, False)),
        ("<#C0912|general> <@U55> friday", SlotParse("U55", 4, None, False)),
        ("<@u123>", SlotParse(None, None, None, False)),  # not an id: lower case
        ("", SlotParse(None, None, None, False)),
    ],
)
def test_parse_responsibility(text: str, expected: SlotParse) -> None:
    assert parse_responsibility(text) == expected


@pytest.mark.parametrize(
    ("text", "name", "weekday", "at"),
    [
        ("Kari does it on Fridays", "Kari", 4, None),
        ("Kari Nordmann, fredager kl. 10", "Kari Nordmann", 4, time(10, 0)),
        ("ask Ola, tuesdays", "Ola", 1, None),
        ("spør Ola, tirsdager kl 9", "Ola", 1, time(9, 0)),
        ("Kari gjør det på fredager", "Kari", 4, None),
        ("The owner is Kari Nordmann, every Friday at 10", "Kari Nordmann", 4, time(10, 0)),
        ("kari nordmann, fridays at 10", "kari nordmann", 4, time(10, 0)),  # typed lower case
        ("Kåre, mandag", "Kåre", 0, None),
        ("Anne-Lise O'Neil, fri 2pm", "Anne-Lise O'Neil", 4, time(14, 0)),
        ("@Kari fredag 10", "Kari", 4, time(10, 0)),  # an @ Slack did not turn into a mention
        # With a full day name, "Tor" is a person, not Thursday ("tor." in Norwegian).
        ("Tor does it on Fridays", "Tor", 4, None),
        ("Frida, 10:00", "Frida", None, time(10, 0)),  # a name, not a misspelt Friday
    ],
)
def test_a_written_name(text: str, name: str, weekday: int | None, at: time | None) -> None:
    slot = parse_responsibility(text)
    assert (slot.name, slot.weekday, slot.time) == (name, weekday, at)
    assert slot.owner_id is None and not slot.me
    assert slot.bad_time is None and slot.bad_weekday is None


@pytest.mark.parametrize(
    "text",
    [
        "ok",
        "me, Mon 9:00",
        "meg, fredager kl. 14.30",
        "jeg tar det, mandager kl 9",
        "Wednesday at 10",
        "every Friday at 10",
        "hver fredag kl 9",
        "fridays at 10 works fine for us",
        "Same as suggested",
        "Fridays at 10 :thumbsup:",
        "Friday at 10 CET",
        "ja takk, mandager",
        "<@U123ABC> Kari Friday",  # a mention names the owner; the written word is not asked about
    ],
)
def test_ordinary_words_are_not_names(text: str) -> None:
    assert parse_responsibility(text).name is None


@pytest.mark.parametrize(
    ("text", "bad_time", "bad_weekday"),
    [
        ("Monday 25:00", "25:00", None),
        ("mandag kl. 25", "kl. 25", None),
        ("14:75", "14:75", None),
        ("Friday 24:00", "24:00", None),
        ("tirsdag klokka 31", "klokka 31", None),
        ("Kari, monday 13 pm", "13 pm", None),
        ("the 32nd", None, "the 32nd"),
        ("every 15th at 10", None, "15th"),
        ("den 15. kl 10", None, "den 15."),
        ("every day at 9", None, "every day"),
        ("hver dag kl 9", None, "hver dag"),
        ("firday 10:00", None, "firday"),
        ("wensday at 10", None, "wensday"),
        ("Mondays and Thursdays at 9", None, "Mondays / Thursdays"),
        ("the 32nd at 25:00", "25:00", "the 32nd"),
    ],
)
def test_an_impossible_weekday_or_time(
    text: str, bad_time: str | None, bad_weekday: str | None
) -> None:
    slot = parse_responsibility(text)
    assert (slot.bad_time, slot.bad_weekday) == (bad_time, bad_weekday)
    if bad_time:
        assert slot.time is None


@pytest.mark.parametrize(
    ("typed", "slack"),
    [
        ("kari nordmann", "Kari Nordmann"),
        ("KARI", "Kari"),
        ("Kare", "Kåre"),
        ("Bjorn", "Bjørn"),
        ("Baerum", "Bærum"),
        ("Jose", "José"),
        ("anne lise", "Anne-Lise"),
        ("Zoë", "Zoe"),
    ],
)
def test_names_compare_without_case_and_accents(typed: str, slack: str) -> None:
    assert name_key(typed) == name_key(slack)


def test_different_names_stay_different() -> None:
    assert name_key("Kari") != name_key("Karin")
    assert name_key("Ola Nordmann") != name_key("Ola")
    assert name_key("") == name_key("  --  ") == ""


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "reach (accounts)\nfollowers\n• impressions",
            ["reach (accounts)", "followers", "impressions"],
        ),
        ("- a\n- b\n* c\n1. d\n2) e", ["a", "b", "c", "d", "e"]),
        ("followers, reach; impressions", ["followers", "reach", "impressions"]),
        ("4,5 rating, reviews", ["4,5 rating", "reviews"]),
        ("• behind the scenes • tips og triks", ["behind the scenes", "tips og triks"]),
        ("*bold idea*\n\n   \n_italic idea_", ["bold idea", "italic idea"]),
        ("følgere.\nrekkevidde", ["følgere", "rekkevidde"]),
        ("", []),
        ("  ;  ,  \n", []),
    ],
)
def test_parse_list(text: str, items: list[str]) -> None:
    assert parse_list(text) == items


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("reach (accounts)", ("reach", "accounts")),
        ("followers", ("followers", "")),
        ("cost per lead (kr)", ("cost per lead", "kr")),
        ("conversion rate %", ("conversion rate", "%")),
        ("konverteringsrate i prosent", ("konverteringsrate", "%")),
        ("kostnad per lead i kroner", ("kostnad per lead", "kr")),
        ("revenue NOK", ("revenue", "NOK")),
        ("rekkevidde [kontoer]", ("rekkevidde", "kontoer")),
        ("  spaced   out  ", ("spaced out", "")),
        ("", ("", "")),
    ],
)
def test_split_metric(item: str, expected: tuple[str, str]) -> None:
    assert split_metric(item) == expected


# --- measurement: more than names -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "all of them",
        "All of them!",
        "the suggested ones",
        "all",
        "alle",
        "forslagene",
        "alle forslagene",
        "bruk forslagene",
        "ok, all of them please",
    ],
)
def test_all_the_suggestions(text: str) -> None:
    assert is_all_suggested(text)


@pytest.mark.parametrize("text", ["reach, followers", "all followers", "alle følgere", "ok"])
def test_not_all_the_suggestions(text: str) -> None:
    assert not is_all_suggested(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("skip this one", True),
        ("Skip this one.", True),
        ("next goal", True),
        ("hopp over denne", True),
        ("neste mål", True),
        ("skip", False),  # the whole step: the Skip button's word
        ("hopp over", False),
        ("skip rate", False),
    ],
)
def test_skip_this_one(text: str, expected: bool) -> None:
    assert is_skip_this_one(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hmm", True),
        ("Hmm...", True),
        ("uhm", True),
        ("øh", True),
        ("tja", True),
        ("hmm hmm", True),
        ("k", False),
        ("ok", False),
        ("reach", False),
        ("?", False),
        ("", False),
    ],
)
def test_is_filler(text: str, expected: bool) -> None:
    assert is_filler(text) is expected


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("1, 3", [1, 3]),
        ("1,3", [1, 3]),
        ("1 og 3", [1, 3]),
        ("1 and 3", [1, 3]),
        ("#2", [2]),
        ("nr 2 og 4", [2, 4]),
        ("2-4", [2, 3, 4]),
        ("3, 3", [3]),
        ("4-2", [0]),  # backwards: no such suggestion
        ("reach", None),
        ("1 reach", None),
        ("top 3", None),
        ("", None),
        ("...", None),
    ],
)
def test_suggestion_numbers(text: str, numbers: list[int] | None) -> None:
    assert suggestion_numbers(text) == numbers


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("reach and followers", ["reach", "followers"]),
        ("rekkevidde og følgere", ["rekkevidde", "følgere"]),
        ("reach, followers and impressions", ["reach", "followers", "impressions"]),
        ("reach (accounts) & followers", ["reach (accounts)", "followers"]),
        ("likes og kommentarer", ["likes", "kommentarer"]),
        ("cost and revenue", ["cost", "revenue"]),
        # No part names something counted: one name with "and" in it.
        ("questions and answers", ["questions and answers"]),
        ("spørsmål og svar", ["spørsmål og svar"]),
        ("terms and conditions", ["terms and conditions"]),
        # Inside brackets, "and" is part of the unit.
        ("revenue (NOK and EUR)", ["revenue (NOK and EUR)"]),
        # A name the coach suggested counts too.
        ("branded searches and brand lift", ["branded searches", "brand lift"]),
    ],
)
def test_parse_metric_list(text: str, items: list[str]) -> None:
    assert parse_metric_list(text, ["reach", "branded searches"]) == items


@pytest.mark.parametrize(("text", "expected"), [("1, 3", False), ("?", False), ("a1", True)])
def test_has_letters(text: str, expected: bool) -> None:
    assert has_letters(text) is expected


# --- responsibility: times, parts of the day, several people ---------------------------------


@pytest.mark.parametrize(
    ("text", "weekday", "at"),
    [
        ("friday 1430", 4, time(14, 30)),
        ("fredag kl 1430", 4, time(14, 30)),
        ("fri 0930", 4, time(9, 30)),
        ("torsdag 0800", 3, time(8, 0)),
        ("thursday 230pm", 3, time(14, 30)),
        ("kl. halv ti", None, time(9, 30)),
        ("fredag halv ti", 4, time(9, 30)),
        ("tirsdag kvart over ni", 1, time(9, 15)),
        ("kvart på ti", None, time(9, 45)),
        ("halv tolv", None, time(11, 30)),
        ("halv ett", None, time(12, 30)),
        ("half past nine", None, time(9, 30)),
        ("quarter to ten", None, time(9, 45)),
        ("quarter past 10", None, time(10, 15)),
        ("friday at nine", 4, time(9, 0)),
        ("fredag kl. ni", 4, time(9, 0)),
        ("friday at 3 pm", 4, time(15, 0)),
        ("friday 3 in the afternoon", 4, time(15, 0)),
        ("fredag kl 3 om ettermiddagen", 4, time(15, 0)),
        ("fredag kl 8 om kvelden", 4, time(20, 0)),
        ("fredag kl 3 om natta", 4, time(3, 0)),
        ("friday 03:00", 4, time(3, 0)),
        ("friday at 7", 4, time(7, 0)),
        ("monday morning at 8", 0, time(8, 0)),
    ],
)
def test_a_time_said_many_ways(text: str, weekday: int | None, at: time) -> None:
    slot = parse_responsibility(text)
    assert (slot.weekday, slot.time) == (weekday, at)
    assert (slot.or_afternoon, slot.part_of_day, slot.name, slot.bad_time) == (None,) * 4


@pytest.mark.parametrize(
    ("text", "weekday", "literal", "afternoon"),
    [
        ("friday at 3", 4, time(3, 0), time(15, 0)),
        ("fredag klokka 3", 4, time(3, 0), time(15, 0)),
        ("fri 5", 4, time(5, 0), time(17, 0)),
        ("fredag halv tre", 4, time(2, 30), time(14, 30)),
        ("kvart over to", None, time(2, 15), time(14, 15)),
        ("friday 3:30", 4, time(3, 30), time(15, 30)),
        ("friday 330", 4, time(3, 30), time(15, 30)),
        ("<@U2> at 6", None, time(6, 0), time(18, 0)),
    ],
)
def test_an_hour_that_could_be_night_or_afternoon(
    text: str, weekday: int | None, literal: time, afternoon: time
) -> None:
    slot = parse_responsibility(text)
    assert (slot.weekday, slot.time, slot.or_afternoon) == (weekday, literal, afternoon)
    assert slot.name is None


@pytest.mark.parametrize(
    ("text", "weekday", "part"),
    [
        ("tirsdag ettermiddag", 1, "afternoon"),
        ("tuesday afternoon", 1, "afternoon"),
        ("morgen", None, "morning"),
        ("morning", None, "morning"),
        ("kveld", None, "evening"),
        ("hver mandag morgen", 0, "morning"),
        ("fridays in the evening", 4, "evening"),
        ("onsdag formiddag", 2, "morning"),
    ],
)
def test_a_part_of_the_day_is_not_a_time(text: str, weekday: int | None, part: str) -> None:
    slot = parse_responsibility(text)
    assert (slot.weekday, slot.time, slot.part_of_day) == (weekday, None, part)
    assert slot.name is None and slot.bad_time is None


@pytest.mark.parametrize(
    "text",
    [
        "hmm not sure",
        "vet ikke",
        "fredag halv tre",
        "hver mandag morgen",
        "tirsdag ettermiddag",
        "morgen",
        "kveld",
        "every weekday 9",
        "kl. halv ti",
        "kvart over ni",
        "quarter to ten on fridays",
        "i don't know",
        "hmm",
    ],
)
def test_time_and_hesitation_words_are_not_names(text: str) -> None:
    assert parse_responsibility(text).name is None


def test_two_mentions_are_two_people() -> None:
    slot = parse_responsibility("<@U2> and <@U3> friday 12:00")
    assert (slot.owner_id, slot.also_mentioned) == ("U2", ("U3",))
    assert (slot.weekday, slot.time) == (4, time(12, 0))
    assert parse_responsibility("<@U2> <@U2> friday").also_mentioned == ()


@pytest.mark.parametrize(
    ("text", "bad_weekday"),
    [
        ("every weekday 9", "every weekday"),
        ("weekdays at 10", "weekdays"),
        ("hver ukedag kl 9", "hver ukedag"),
        ("hverdager kl 9", "hverdager"),
        ("every morning", "every morning"),
        ("hver morgen", "hver morgen"),
        ("i helgen", "i helgen"),
    ],
)
def test_not_one_weekday(text: str, bad_weekday: str) -> None:
    slot = parse_responsibility(text)
    assert (slot.weekday, slot.bad_weekday, slot.name) == (None, bad_weekday, None)


@pytest.mark.parametrize(("text", "bad"), [("fredag 2575", "2575"), ("kl 1290", "1290")])
def test_four_impossible_digits(text: str, bad: str) -> None:
    slot = parse_responsibility(text)
    assert (slot.time, slot.bad_time) == (None, bad)


@pytest.mark.parametrize(
    ("text", "expected"), [("3:00", True), ("0300", True), ("14.30", True), ("3", False)]
)
def test_with_minutes(text: str, expected: bool) -> None:
    assert with_minutes(text) is expected


@FAST
@given(TEXTS)
def test_any_text_intents(text: str) -> None:
    for check in (is_done, is_yes, is_keep, is_accept_suggestion, is_all_suggested, is_filler):
        assert isinstance(check(text), bool)
    numbers = suggestion_numbers(text)
    assert numbers is None or all(isinstance(n, int) for n in numbers)


@FAST
@given(TEXTS)
def test_any_text_parse_responsibility(text: str) -> None:
    slot = parse_responsibility(text)
    assert slot.owner_id is None or slot.owner_id[0] in "UW"
    assert slot.weekday is None or 0 <= slot.weekday <= 6
    assert slot.time is None or isinstance(slot.time, time)
    assert isinstance(slot.me, bool)
    assert slot.name is None or (slot.name.strip() and len(slot.name.split()) <= 4)
    assert slot.bad_time is None or slot.time is None
    assert slot.bad_weekday is None or isinstance(slot.bad_weekday, str)
    assert isinstance(name_key(text), str)
    assert slot.or_afternoon is None or (
        slot.time and slot.or_afternoon.hour == slot.time.hour + 12
    )
    assert slot.part_of_day is None or slot.time is None
    assert slot.owner_id not in slot.also_mentioned


@FAST
@given(TEXTS)
def test_any_text_lists(text: str) -> None:
    items = parse_list(text)
    assert len(items) <= 50
    assert all(isinstance(i, str) and i and i == i.strip() for i in items)
    for item in [*items, text]:
        name, unit = split_metric(item)
        assert isinstance(name, str) and isinstance(unit, str)
    metrics = parse_metric_list(text, ["reach"])
    assert len(metrics) <= 50 and all(i and i == i.strip() for i in metrics)


def test_long_inputs_are_fast() -> None:
    nasty = ["a" * 10_000, "1 " * 5000, "<@U1" * 2500, "- " * 5000, "kl " * 3000, "9:" * 5000]
    start = clock.perf_counter()
    for text in nasty:
        parse_responsibility(text)
        name_key(text)
        parse_list(text)
        parse_metric_list(text)
        suggestion_numbers(text)
        split_metric(text)
        is_done(text)
    assert clock.perf_counter() - start < 2

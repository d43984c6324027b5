"""Deadlines in English and Norwegian, relative to a fixed today, never the real clock."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.dates import DateMatch, DateResult, find_date, parse_date

TODAY = date(2026, 11, 27)
FAST = settings(max_examples=200, deadline=None)
SLACK_BITS = st.sampled_from(
    ["<@U123ABC>", "<!channel>", "<#C42|general>", "30 June 2027", "Q2", "5000", "end of"]
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-06-30", date(2027, 6, 30)),
        ("30.06.2027", date(2027, 6, 30)),
        ("30.6.2027", date(2027, 6, 30)),
        ("30/06/2027", date(2027, 6, 30)),
        ("01/03/2027", date(2027, 3, 1)),  # day first
        ("30.06.27", date(2027, 6, 30)),
        ("30 June 2027", date(2027, 6, 30)),
        ("June 30, 2027", date(2027, 6, 30)),
        ("June 30th 2027", date(2027, 6, 30)),
        ("30. juni 2027", date(2027, 6, 30)),
        ("30 jun 2027", date(2027, 6, 30)),
        ("1. mars", date(2027, 3, 1)),
        ("1 March", date(2027, 3, 1)),
        ("17. mai", date(2027, 5, 17)),
        ("27 Nov", TODAY),  # no year: the next occurrence on or after today
        ("26. november", date(2027, 11, 26)),
        ("29. feb", date(2028, 2, 29)),
        ("end of June", date(2027, 6, 30)),
        ("the end of June", date(2027, 6, 30)),
        ("End of june 2028", date(2028, 6, 30)),
        ("slutten av juni", date(2027, 6, 30)),
        ("utgangen av juni", date(2027, 6, 30)),
        ("ultimo juni", date(2027, 6, 30)),
        ("end of November", date(2026, 11, 30)),
        ("end of the month", date(2026, 11, 30)),
        ("slutten av måneden", date(2026, 11, 30)),
        ("end of the year", date(2026, 12, 31)),
        ("end of 2027", date(2027, 12, 31)),
        ("end of next year", date(2027, 12, 31)),
        ("slutten av året", date(2026, 12, 31)),
        ("utgangen av 2027", date(2027, 12, 31)),
        ("June 2027", date(2027, 6, 30)),
        ("juni 2027", date(2027, 6, 30)),
        ("februar 2028", date(2028, 2, 29)),
        ("06/2027", date(2027, 6, 30)),
        ("June", date(2027, 6, 30)),
        ("2027", date(2027, 12, 31)),
        ("Q2 2027", date(2027, 6, 30)),
        ("q4", date(2026, 12, 31)),
        ("Q1", date(2027, 3, 31)),
        ("end of Q1 2027", date(2027, 3, 31)),
        ("2. kvartal 2027", date(2027, 6, 30)),
        ("andre kvartal 2027", date(2027, 6, 30)),
        ("second quarter of 2027", date(2027, 6, 30)),
        ("H1 2027", date(2027, 6, 30)),
        ("by 30 June 2027", date(2027, 6, 30)),
        ("innen 30. juni 2027", date(2027, 6, 30)),
        ("innen utgangen av juni.", date(2027, 6, 30)),
        ("Deadline: 2027-06-30", date(2027, 6, 30)),
        ("in 3 weeks", date(2026, 12, 18)),
        ("tomorrow", date(2026, 11, 28)),
        ("I think 30 June 2027 works", date(2027, 6, 30)),
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == DateResult(expected, None)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("  \n", "empty"),
        ("lots", "not_a_date"),
        ("soon", "not_a_date"),
        ("snart", "not_a_date"),
        ("5000", "not_a_date"),
        ("1200", "not_a_date"),
        ("12 and 14", "not_a_date"),
        ("31.02.2027", "not_a_date"),
        ("today", "not_a_date"),
        ("i dag", "not_a_date"),
        ("<@U2027>", "not_a_date"),
        ("2025-01-01", "in_the_past"),
        ("26.11.2026", "in_the_past"),
        ("30 June 2020", "in_the_past"),
        ("end of 2025", "in_the_past"),
        ("juni 2026", "in_the_past"),
        ("Q3 2026", "in_the_past"),
    ],
)
def test_parse_date_refuses(text: str, problem: str) -> None:
    assert parse_date(text, TODAY) == DateResult(None, problem)


def test_parse_date_uses_only_today() -> None:
    assert parse_date("1. mars", date(2030, 3, 2)).value == date(2031, 3, 1)
    assert parse_date("end of June", date(2030, 6, 30)).value == date(2030, 6, 30)
    assert parse_date("end of the year", date(2031, 1, 1)).value == date(2031, 12, 31)


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        (
            "5000 Instagram followers by 30 June 2027, we have 1200 today",
            "30 June 2027",
            date(2027, 6, 30),
        ),
        (
            "5000 følgere innen 30. juni 2027, vi har 1200 i dag",
            "30. juni 2027",
            date(2027, 6, 30),
        ),
        ("reach 10k by end of June", "end of June", date(2027, 6, 30)),
        ("nå 10k innen utgangen av juni", "utgangen av juni", date(2027, 6, 30)),
        ("from 40 to 120 a month by end of March", "end of March", date(2027, 3, 31)),
        ("cost per lead to 150 kr by 2027-12-31", "2027-12-31", date(2027, 12, 31)),
        ("3 % by Q2 2027, today 1,5 %", "Q2 2027", date(2027, 6, 30)),
        ("1200 today, 5000 by June 2027", "June 2027", date(2027, 6, 30)),
        ("5000 by 30/06/2027", "30/06/2027", date(2027, 6, 30)),
        ("reach 5000 by June", "June", date(2027, 6, 30)),
        ("5000 følgere innen 2027", "2027", date(2027, 12, 31)),
        ("by 2028, and 1 000 by June 2027", "June 2027", date(2027, 6, 30)),
        ("we hit 1000 on 1 Jan 2020", "1 Jan 2020", date(2020, 1, 1)),  # past is returned
    ],
)
def test_find_date(text: str, span: str, expected: date) -> None:
    found = find_date(text, TODAY)
    assert found is not None
    assert found.value == expected
    assert text[found.start : found.end] == span


@pytest.mark.parametrize(
    "text",
    [
        "5000 Instagram followers, we have 1200 today",
        "grow by 2000 followers",
        "we may reach 5000",
        "1.5 posts a day",
        "version 1.2.3",
        "<@U2027> <#C2027|x>",
        "",
        "More followers",
    ],
)
def test_find_date_none(text: str) -> None:
    assert find_date(text, TODAY) is None


def test_long_inputs_are_fast() -> None:
    nasty = ["30 June " * 1500, "1 " * 5000, "end of " * 1500, "Q2 " * 3000, "1" * 10_000]
    start = time.perf_counter()
    for text in nasty:
        parse_date(text, TODAY)
        find_date(text, TODAY)
    assert time.perf_counter() - start < 5


@FAST
@given(st.text())
def test_any_text_parse_date(text: str) -> None:
    result = parse_date(text, TODAY)
    assert isinstance(result, DateResult)
    assert (result.value is None) == (result.problem is not None)
    assert result.problem in (None, "empty", "not_a_date", "in_the_past")
    if result.value is not None:
        assert result.value >= TODAY


@FAST
@given(st.lists(st.one_of(st.text(max_size=20), SLACK_BITS), max_size=8).map(" ".join))
def test_any_text_find_date(text: str) -> None:
    found = find_date(text, TODAY)
    assert found is None or isinstance(found, DateMatch)
    if found is not None:
        assert isinstance(found.value, date)
        assert 0 <= found.start < found.end <= len(text)


@FAST
@given(st.dates(min_value=TODAY, max_value=date(2099, 12, 31)))
def test_iso_and_norwegian_round_trip(day: date) -> None:
    assert parse_date(day.isoformat(), TODAY).value == day
    assert parse_date(day.strftime("%d.%m.%Y"), TODAY).value == day

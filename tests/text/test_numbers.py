"""Numbers as typed in English and Norwegian: grouping, decimals, suffixes, refusals."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.numbers import NumberMatch, NumberResult, find_numbers, parse_number

FAST = settings(max_examples=200, deadline=None)
SLACK_BITS = st.sampled_from(
    ["<@U123ABC>", "<@W1|bob>", "<!channel>", "<#C42|general>", "<https://x.io/1|x>", ":100:"]
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5000", "5000"),
        ("5,000", "5000"),
        ("5 000", "5000"),
        ("5\u00a0000", "5000"),
        ("5\u202f000", "5000"),
        ("1 000 000", "1000000"),
        ("5k", "5000"),
        ("5K", "5000"),
        ("1.5k", "1500"),
        ("1,5k", "1500"),
        ("2m", "2000000"),
        ("2 mill", "2000000"),
        ("2 mill.", "2000000"),
        ("2 millioner", "2000000"),
        ("2 million", "2000000"),
        ("3 tusen", "3000"),
        ("1 234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1.234,5", "1234.5"),
        ("1.234.567", "1234567"),
        ("1,234,567", "1234567"),
        ("12 %", "12"),
        ("12%", "12"),
        ("12,5 %", "12.5"),
        ("12 prosent", "12"),
        ("-3", "-3"),
        ("\u22123", "-3"),
        ("ca. 1200", "1200"),
        ("about 1200", "1200"),
        ("omtrent 1200", "1200"),
        ("1200 followers", "1200"),
        ("1200 følgere", "1200"),
        ("0,8", "0.8"),
        ("0.8", "0.8"),
        ("1,5", "1.5"),
        ("12,25", "12.25"),
        ("0,800", "0.8"),
        ("kr 5.000,-", "5000"),
        ("  42  ", "42"),
        ("<@U123ABC> 42", "42"),
    ],
)
def test_parse_number_accepts(text: str, expected: str) -> None:
    assert parse_number(text) == NumberResult(Decimal(expected), None)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("\n\t", "empty"),
        ("lots", "not_a_number"),
        ("mange", "not_a_number"),
        ("five thousand", "not_a_number"),
        ("fem tusen", "not_a_number"),
        ("<@U123ABC>", "not_a_number"),
        (":100:", "not_a_number"),
        ("30.06.2027", "not_a_number"),
        ("1.234", "ambiguous"),
        ("12.345", "ambiguous"),
        ("12 and 14", "ambiguous"),
        ("12 og 14", "ambiguous"),
        ("followers 4350, signups 12", "ambiguous"),
    ],
)
def test_parse_number_refuses(text: str, problem: str) -> None:
    assert parse_number(text) == NumberResult(None, problem)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        (
            "5000 Instagram followers by 30 June 2027, we have 1 200 today",
            ["5000", "30", "2027", "1200"],
        ),
        ("followers 4350, signups 12", ["4350", "12"]),
        ("følgere 4350; påmeldinger 12", ["4350", "12"]),
        ("from 1.234 to 2.000", ["1234", "2000"]),
        ("fra 1 234,5 til 2 000", ["1234.5", "2000"]),
        ("10-20 posts", ["10", "20"]),
        ("ping <@U12345> and <!channel>, 7 left", ["7"]),
        ("see https://example.com/page/123 for 9", ["9"]),
        ("version 1.2.3", []),
        ("H2O Q2", []),
        ("", []),
    ],
)
def test_find_numbers_values(text: str, values: list[str]) -> None:
    assert [m.value for m in find_numbers(text)] == [Decimal(v) for v in values]


def test_find_numbers_spans_and_flags() -> None:
    text = "conversion 3 % by June, today 1,5 %, budget 2.5k"
    found = find_numbers(text)
    assert found == [
        NumberMatch(Decimal("3"), 11, 14, "3 %", True),
        NumberMatch(Decimal("1.5"), 30, 35, "1,5 %", True),
        NumberMatch(Decimal("2500"), 44, 48, "2.5k", False),
    ]
    for m in found:
        assert text[m.start : m.end] == m.raw


def test_long_inputs_are_fast() -> None:
    nasty = ["1" * 10_000, "1 " * 5_000, "1," * 5_000, "1." * 5_000, "9" * 3000 + "k"]
    start = time.perf_counter()
    for text in nasty:
        parse_number(text)
        find_numbers(text)
    assert time.perf_counter() - start < 2


@FAST
@given(st.text())
def test_any_text_parse_number(text: str) -> None:
    result = parse_number(text)
    assert isinstance(result, NumberResult)
    assert (result.value is None) == (result.problem is not None)
    assert result.problem in (None, "empty", "not_a_number", "ambiguous")


@FAST
@given(st.lists(st.one_of(st.text(max_size=20), SLACK_BITS), max_size=8).map(" ".join))
def test_any_text_find_numbers(text: str) -> None:
    for m in find_numbers(text):
        assert isinstance(m.value, Decimal)
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.raw
        assert isinstance(m.percent, bool)


@FAST
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integers_round_trip(n: int) -> None:
    assert parse_number(str(n)).value == n
    assert parse_number(f"{n:,}").value == n  # English grouping
    assert parse_number(f"{n:,}".replace(",", "\u00a0")).value == n  # Norwegian grouping

"""The weekly check-in answer: named values, bare numbers by order, positions, skips, noise."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.report_text import MetricRef, ReportParse, is_nothing_to_report, parse_report

FAST = settings(max_examples=200, deadline=None)

FOLLOWERS, CPL, SIGNUPS = 11, 22, 33
METRICS = [
    MetricRef(FOLLOWERS, "Instagram followers"),
    MetricRef(CPL, "cost per lead (kr)", "kr"),
    MetricRef(SIGNUPS, "sign-ups from social"),
]
# The team named its metrics in Norwegian; nothing is translated.
NB_METRICS = [
    MetricRef(FOLLOWERS, "Instagram-følgere"),
    MetricRef(CPL, "kostnad per lead", "kr"),
    MetricRef(SIGNUPS, "påmeldinger fra sosiale medier"),
]
INSTA, LINKEDIN = 1, 2
SHARED = [MetricRef(INSTA, "Instagram followers"), MetricRef(LINKEDIN, "LinkedIn followers")]


def values(**by_id: int | str) -> dict[int, Decimal]:
    ids = {"f": FOLLOWERS, "c": CPL, "s": SIGNUPS, "i": INSTA, "l": LINKEDIN}
    return {ids[k]: Decimal(v) for k, v in by_id.items()}


def expect(
    vals: dict[int, Decimal],
    missing: list[int],
    unknown: list[str] | None = None,
    ambiguous: list[str] | None = None,
) -> ReportParse:
    return ReportParse(vals, unknown or [], ambiguous or [], missing)


CASES = [
    # named, English
    ("followers 4350, signups 12", expect(values(f=4350, s=12), [CPL])),
    (
        "Instagram followers: 4 350; sign-ups from social = 12",
        expect(values(f=4350, s=12), [CPL]),
    ),
    ("4350 followers and 12 sign-ups", expect(values(f=4350, s=12), [CPL])),
    ("followers 4,350 and sign ups 12", expect(values(f=4350, s=12), [CPL])),
    (
        "- followers 4350\n- cost per lead 180 kr\n- signups 12",
        expect(values(f=4350, c=180, s=12), []),
    ),
    ("• Followers: 4350\n• Sign-Ups: 12", expect(values(f=4350, s=12), [CPL])),
    ("Followers 4350. Signups 12.", expect(values(f=4350, s=12), [CPL])),
    ("cost per lead 180 kr", expect(values(c=180), [FOLLOWERS, SIGNUPS])),
    ("cost per lead 172,5 kr", expect(values(c="172.5"), [FOLLOWERS, SIGNUPS])),
    ("social 12", expect(values(s=12), [FOLLOWERS, CPL])),
    ("insta 5k", expect(values(f=5000), [CPL, SIGNUPS])),
    ("folowers 4350", expect(values(f=4350), [CPL, SIGNUPS])),
    ("followers ca. 4350", expect(values(f=4350), [CPL, SIGNUPS])),
    ("followers went from 4200 to 4350", expect(values(f=4350), [CPL, SIGNUPS])),
    ("followers 4350 (up 150)", expect(values(f=4350), [CPL, SIGNUPS])),
    (
        "1. Instagram followers: 4350\n2. cost per lead (kr): 180\n3. sign-ups from social: 12",
        expect(values(f=4350, c=180, s=12), []),
    ),
    # "cpl" is not required to match; the number is asked about, not guessed
    ("followers 4350, cpl 180", expect(values(f=4350), [CPL, SIGNUPS], unknown=["cpl 180"])),
    (
        "tiktok views 5000, followers 4350",
        expect(values(f=4350), [CPL, SIGNUPS], unknown=["tiktok views 5000"]),
    ),
    # bare numbers in the listed order
    ("4350 12 180", expect(values(f=4350, c=12, s=180), [])),
    ("4350, 180, 12", expect(values(f=4350, c=180, s=12), [])),
    ("4350\n180\n12", expect(values(f=4350, c=180, s=12), [])),
    ("Here are the numbers: 4350 180 12", expect(values(f=4350, c=180, s=12), [])),
    ("4350", expect(values(f=4350), [CPL, SIGNUPS])),
    ("4350 180", expect(values(f=4350, c=180), [SIGNUPS])),
    ("4350 180 12 99", expect(values(f=4350, c=180, s=12), [], unknown=["99"])),
    # "12 180" could be twelve thousand: with no unspaced big number we can't tell
    ("4 350 12 180", expect({}, [FOLLOWERS, CPL, SIGNUPS], ambiguous=["4 350 12 180"])),
    # mixed: named first, then bare numbers fill what is left, in order
    ("cost per lead 180, 4350, 12", expect(values(f=4350, c=180, s=12), [])),
    ("4350, signups 12, 180", expect(values(f=4350, c=180, s=12), [])),
    # by position
    ("1: 4350, 2: 180, 3: 12", expect(values(f=4350, c=180, s=12), [])),
    ("1: 4350 2: 180 3: 12", expect(values(f=4350, c=180, s=12), [])),
    ("#2 180", expect(values(c=180), [FOLLOWERS, SIGNUPS])),
    ("1) 4350\n3) 12", expect(values(f=4350, s=12), [CPL])),
    ("1. 4350\n2. 180\n3. 12", expect(values(f=4350, c=180, s=12), [])),
    ("#5 99", expect({}, [FOLLOWERS, CPL, SIGNUPS], unknown=["#5 99"])),
    ("#1 4350, 180", expect(values(f=4350, c=180), [SIGNUPS])),
    # named twice: the last one wins
    ("followers 4000, signups 12, followers 4350", expect(values(f=4350, s=12), [CPL])),
    ("1: 4000, followers 4350", expect(values(f=4350), [CPL, SIGNUPS])),
    # dates and weeks are not values
    ("week 48: followers 4350, signups 12", expect(values(f=4350, s=12), [CPL])),
    ("Uke 48 (23.11): 4350 180 12", expect(values(f=4350, c=180, s=12), [])),
    ("2026-11-23: 4350 180 12", expect(values(f=4350, c=180, s=12), [])),
    ("Numbers for 23.11.2026: 4350 180 12", expect(values(f=4350, c=180, s=12), [])),
    ("23. nov: 4350 180 12", expect(values(f=4350, c=180, s=12), [])),
    ("w48 4350 180 12", expect(values(f=4350, c=180, s=12), [])),
    ("Q4 2026 at 10:30: 4350 180 12", expect(values(f=4350, c=180, s=12), [])),
    # a second number beside a named one is asked about once, not given a place
    (
        "followers 4350 12 180",
        expect(values(f=4350), [CPL, SIGNUPS], unknown=["followers 4350 12 180"]),
    ),
    # Slack markup carries digits that are not values
    (
        "<@U123ABC> followers 4350 <https://x.io/123|report> :100:",
        expect(values(f=4350), [CPL, SIGNUPS]),
    ),
    ("&gt; 4350 180 12", expect(values(f=4350, c=180, s=12), [])),
    ("followers 4350 &amp; signups 12", expect(values(f=4350, s=12), [CPL])),
    # unsafe numbers are asked about, never stored
    ("followers 1.234", expect({}, [FOLLOWERS, CPL, SIGNUPS], ambiguous=["followers 1.234"])),
    ("followers 1.234.567", expect(values(f=1234567), [CPL, SIGNUPS])),
    ("kr 5.000,- per lead", expect(values(c=5000), [FOLLOWERS, SIGNUPS])),
    (
        "followers 9999999999999999, signups 12",
        expect(values(s=12), [FOLLOWERS, CPL], ambiguous=["followers 9999999999999999"]),
    ),
    # an unreadable bare number still takes its place in the order
    ("4350 1.234 12", expect(values(f=4350, s=12), [CPL], ambiguous=["1.234"])),
    # skipped metrics stay missing, never zero, and bare numbers don't fill them
    ("followers 4350, cost per lead skip, 12", expect(values(f=4350, s=12), [CPL])),
    ("followers 4350, cost per lead: n/a, signups 12", expect(values(f=4350, s=12), [CPL])),
    ("followers: 4350\ncost per lead: -\nsignups: 12", expect(values(f=4350, s=12), [CPL])),
    ("followers 4350; skip cost per lead; 12", expect(values(f=4350, s=12), [CPL])),
    ("2: skip, 4350, 12", expect(values(f=4350, s=12), [CPL])),
    ("followers 4350, followers skip", expect({}, [FOLLOWERS, CPL, SIGNUPS])),
    # nothing
    ("", expect({}, [FOLLOWERS, CPL, SIGNUPS])),
    ("nothing this week", expect({}, [FOLLOWERS, CPL, SIGNUPS])),
    ("followers, signups", expect({}, [FOLLOWERS, CPL, SIGNUPS])),
]

NB_CASES = [
    ("følgere 4 350, påmeldinger 12", expect(values(f=4350, s=12), [CPL])),
    (
        "Følgere: 4 350\nKostnad per lead: 172,50 kr\nPåmeldinger: 12",
        expect(values(f=4350, c="172.5", s=12), []),
    ),
    ("4 350 følgere og 12 påmeldinger", expect(values(f=4350, s=12), [CPL])),
    ("instagramfølgere 4350", expect(values(f=4350), [CPL, SIGNUPS])),
    ("følgerne er nå 4 350", expect(values(f=4350), [CPL, SIGNUPS])),
    ("uke 48: 4 350, 180, 12", expect(values(f=4350, c=180, s=12), [])),
    ("hopp over kostnad, følgere 4350, 12", expect(values(f=4350, s=12), [CPL])),
    ("påmeldinger fra sosiale medier: 12", expect(values(s=12), [FOLLOWERS, CPL])),
    # English words are not translated into the Norwegian names
    ("followers 4350", expect({}, [FOLLOWERS, CPL, SIGNUPS], unknown=["followers 4350"])),
]

SHARED_CASES = [
    ("followers 10", expect({}, [INSTA, LINKEDIN], ambiguous=["followers 10"])),
    ("linkedin 10", expect(values(l=10), [INSTA])),
    ("linkedin followers 10", expect(values(l=10), [INSTA])),
    ("10 instagram followers", expect(values(i=10), [LINKEDIN])),
    ("Instagram followers 10, linkedin 20", expect(values(i=10, l=20), [])),
    ("instagram 10, 20", expect(values(i=10, l=20), [])),
    # the ambiguous mention holds both places: a bare number must not guess one
    ("followers 10, 20", expect({}, [INSTA, LINKEDIN], ["20"], ["followers 10"])),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_english(text: str, expected: ReportParse) -> None:
    assert parse_report(text, METRICS) == expected


@pytest.mark.parametrize(("text", "expected"), NB_CASES)
def test_norwegian(text: str, expected: ReportParse) -> None:
    assert parse_report(text, NB_METRICS) == expected


@pytest.mark.parametrize(("text", "expected"), SHARED_CASES)
def test_names_sharing_a_word(text: str, expected: ReportParse) -> None:
    assert parse_report(text, SHARED) == expected


def test_percent_value() -> None:
    metrics = [MetricRef(7, "conversion rate", "%"), MetricRef(8, "orders")]
    assert parse_report("conversion 2,5 %, orders 40", metrics).values == {
        7: Decimal("2.5"),
        8: Decimal(40),
    }


def test_no_metrics_listed() -> None:
    result = parse_report("followers 4350, 12", [])
    assert result == ReportParse({}, ["followers 4350", "12"], [], [])


def test_metric_listed_twice_counts_once() -> None:
    result = parse_report("4350 12", [METRICS[0], METRICS[0], METRICS[2]])
    assert result == expect(values(f=4350, s=12), [])


def test_quoted_fragments_are_capped() -> None:
    result = parse_report(", ".join(f"tiktok {n}" for n in range(100)), METRICS)
    assert len(result.unknown) == 20


@pytest.mark.parametrize(
    "text",
    [
        "nothing this week",
        "Nothing to report this week :sweat_smile:",
        "no numbers this week, sorry",
        "skip",
        "Skip this week",
        "n/a",
        "-",
        "ingenting denne uka",
        "Ingenting å rapportere i dag",
        "ikke noe nytt denne uken",
        "hopp over",
        "Hopp over denne uka, takk!",
        "uke 48: ingenting",
    ],
)
def test_nothing_to_report(text: str) -> None:
    assert is_nothing_to_report(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "followers 4350",
        "4350 12 180",
        "skip followers",
        "no",
        "nothing yet but I will have the follower numbers by friday, and the rest next week",
        "hopp over kostnad, følgere 4350",
        "this week was slow",
    ],
)
def test_something_to_report(text: str) -> None:
    assert not is_nothing_to_report(text)


def test_long_and_hostile_input_is_fast() -> None:
    hostile = [
        "1 " * 5000,
        "1 234 " * 2000,
        "followers 1 " * 1000,
        "(" * 10000,
        "#1 1: " * 2000,
        "a," * 5000,
        "week " * 3000,
        "1." * 5000,
    ]
    for text in hostile:
        started = time.perf_counter()
        parse_report(text, METRICS + SHARED)
        is_nothing_to_report(text)
        assert time.perf_counter() - started < 2


# --- properties ---------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "followers",
        "Instagram",
        "følgere",
        "cost per lead",
        "sign-ups",
        "linkedin",
        "skip",
        "hopp over",
        "n/a",
        "-",
        "week 48",
        "uke",
        "23.11",
        "2026-11-23",
        "<@U123ABC>",
        "<https://x.io/1|x>",
        ":100:",
        "1.234",
        "4 350",
        "5k",
        "12 %",
        "1: ",
        "#2",
        "\n",
        ", ",
        "; ",
        " og ",
        " and ",
        "9" * 20,
        "(",
        ")",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(WORDS, st.integers(-10, 10**6).map(str)), max_size=25).map(" ".join),
)
METRIC_LISTS = st.sampled_from([METRICS, NB_METRICS, SHARED, [], METRICS[:1]])


@FAST
@given(TEXTS, METRIC_LISTS)
def test_any_text_gives_a_consistent_result(text: str, metrics: list[MetricRef]) -> None:
    result = parse_report(text, metrics)
    listed = {m.id for m in metrics}
    assert set(result.values) <= listed
    assert set(result.missing) <= listed
    assert not set(result.values) & set(result.missing)
    assert set(result.values) | set(result.missing) == listed
    assert all(isinstance(f, str) and f for f in result.unknown + result.ambiguous)
    is_nothing_to_report(text)


@FAST
@given(st.text(alphabet=st.characters(blacklist_categories=["Nd"]), max_size=300), METRIC_LISTS)
def test_no_digits_no_values(text: str, metrics: list[MetricRef]) -> None:
    text = "".join(ch for ch in text if ch not in "0123456789")
    assert parse_report(text, metrics).values == {}


@FAST
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=6))
def test_bare_numbers_follow_the_listed_order(numbers: list[int]) -> None:
    # Newlines can't be read as digit grouping, so every number is its own.
    result = parse_report("\n".join(map(str, numbers)), METRICS)
    ids = [m.id for m in METRICS]
    assert result.values == {i: Decimal(n) for i, n in zip(ids, numbers, strict=False)}
    assert result.missing == ids[len(numbers) :]
    assert result.unknown == [str(n) for n in numbers[len(ids) :]]

"""Progress maths: hand-computed tables first, then properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.domain.model import Direction, Goal
from bot.domain.progress import (
    GoalStatus,
    Pace,
    Reading,
    direction,
    expected_value,
    goal_direction,
    goal_status,
    missed_weeks,
    pace,
    percent_done,
    projected_date,
    reaches_by_deadline,
    round_percent,
    trend_per_day,
    week_start,
)

D = Decimal
d = dt.date
FAST = settings(max_examples=200, deadline=None)

# Mondays of 2024 (a leap year): weeks 1..5.
W1, W2, W3, W4, W5 = (d(2024, 1, 1) + dt.timedelta(weeks=i) for i in range(5))
# A 100-day plan: Jan 1 + 31 (Jan) + 29 (Feb, leap) + 31 (Mar) + 9 = Apr 10.
START, DEADLINE = d(2024, 1, 1), d(2024, 4, 10)
DAY_25, DAY_50 = d(2024, 1, 26), d(2024, 2, 20)


def readings(*pairs: tuple[dt.date, str]) -> list[Reading]:
    return [Reading(week, D(value)) for week, value in pairs]


# --- week_start / Reading --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (d(2024, 1, 1), d(2024, 1, 1)),  # a Monday is its own week
        (d(2024, 1, 7), d(2024, 1, 1)),  # Sunday closes the ISO week
        (d(2024, 2, 29), d(2024, 2, 26)),  # leap day, a Thursday
        (d(2024, 3, 3), d(2024, 2, 26)),  # the week spanning the leap day
        (d(2023, 1, 1), d(2022, 12, 26)),  # across a year boundary
        (d(2000, 1, 1), d(1999, 12, 27)),  # a Saturday
        (d(2100, 1, 1), d(2099, 12, 28)),  # a Friday
    ],
)
def test_week_start(day: dt.date, monday: dt.date) -> None:
    assert week_start(day) == monday


def test_reading_belongs_to_its_monday() -> None:
    assert Reading(d(2024, 2, 29), D(1)).week == d(2024, 2, 26)


# --- percent_done / round_percent ------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "target", "value", "expected"),
    [
        ("100", "200", "150", D(50)),
        ("100", "200", "100", D(0)),
        ("100", "200", "200", D(100)),
        ("100", "200", "250", D(150)),  # past the target
        ("100", "200", "80", D(-20)),  # moved the wrong way
        ("250", "150", "200", D(50)),  # cost per lead going down
        ("250", "150", "260", D(-10)),
        ("250", "150", "120", D(130)),
        ("1000", "1500", "1062.5", D("12.5")),  # unrounded
        ("0", "3", "1", D(100) / D(3)),
        ("5", "5", "7", None),  # no span to measure along
        ("5", "5", "5", None),
    ],
)
def test_percent_done(baseline: str, target: str, value: str, expected: Decimal | None) -> None:
    assert percent_done(D(baseline), D(target), D(value)) == expected


@pytest.mark.parametrize(
    ("p", "shown"),
    [
        ("12.5", 13),
        ("12.4999", 12),
        ("-12.5", -13),  # halves away from zero, both sides
        ("-0.4", 0),
        ("99.5", 100),
        ("0", 0),
        ("33.33333333333333333333333333", 33),
        ("1E+15", 10**15),
    ],
)
def test_round_percent(p: str, shown: int) -> None:
    assert round_percent(D(p)) == shown


# --- expected_value --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "target", "start", "deadline", "on", "expected"),
    [
        # increasing 100 -> 200 over 100 days
        ("100", "200", START, DEADLINE, d(2023, 12, 31), D(100)),  # before start: baseline
        ("100", "200", START, DEADLINE, START, D(100)),
        ("100", "200", START, DEADLINE, DAY_25, D(125)),
        ("100", "200", START, DEADLINE, DAY_50, D(150)),
        ("100", "200", START, DEADLINE, d(2024, 3, 1), D(160)),  # day 60, after Feb 29
        ("100", "200", START, DEADLINE, DEADLINE, D(200)),
        ("100", "200", START, DEADLINE, d(2030, 1, 1), D(200)),  # after deadline: target
        # decreasing 250 -> 150
        ("250", "150", START, DEADLINE, d(2023, 6, 1), D(250)),
        ("250", "150", START, DEADLINE, DAY_25, D(225)),
        ("250", "150", START, DEADLINE, DAY_50, D(200)),
        ("250", "150", START, DEADLINE, d(2024, 12, 1), D(150)),
        # zero span: the plan is the target, whatever the day
        ("10", "20", d(2024, 3, 1), d(2024, 3, 1), d(2024, 2, 1), D(20)),
        ("10", "20", d(2024, 3, 1), d(2024, 3, 1), d(2024, 3, 1), D(20)),
        ("10", "20", d(2024, 3, 1), d(2024, 3, 1), d(2024, 5, 1), D(20)),
        # a deadline before the start is treated like zero span
        ("10", "20", d(2024, 3, 1), d(2024, 2, 1), d(2024, 2, 15), D(20)),
        # leap years: 2024 and 2000 have Feb 29, 2023 and 2100 don't
        ("0", "10", d(2024, 2, 28), d(2024, 3, 1), d(2024, 2, 29), D(5)),
        ("0", "10", d(2000, 2, 28), d(2000, 3, 1), d(2000, 2, 29), D(5)),
        ("0", "10", d(2023, 2, 28), d(2023, 3, 2), d(2023, 3, 1), D(5)),
        ("0", "10", d(2100, 2, 28), d(2100, 3, 2), d(2100, 3, 1), D(5)),
        # a third of the way
        ("0", "1", d(2024, 1, 1), d(2024, 1, 4), d(2024, 1, 2), D(1) / D(3)),
    ],
)
def test_expected_value(
    baseline: str,
    target: str,
    start: dt.date,
    deadline: dt.date,
    on: dt.date,
    expected: Decimal,
) -> None:
    assert expected_value(D(baseline), D(target), start, deadline, on) == expected


# --- pace ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "target", "on", "value", "tolerance", "expected"),
    [
        # up 100 -> 200, plan 150 on day 50, band 5 % of 100 = 5, edges included
        ("100", "200", DAY_50, "150", None, Pace.ON_TRACK),
        ("100", "200", DAY_50, "155", None, Pace.ON_TRACK),
        ("100", "200", DAY_50, "155.0001", None, Pace.AHEAD),
        ("100", "200", DAY_50, "145", None, Pace.ON_TRACK),
        ("100", "200", DAY_50, "144.9999", None, Pace.BEHIND),
        ("100", "200", DAY_50, "300", None, Pace.AHEAD),
        ("100", "200", DAY_50, "0", None, Pace.BEHIND),
        # down 250 -> 150, plan 200 on day 50: lower is ahead
        ("250", "150", DAY_50, "195", None, Pace.ON_TRACK),
        ("250", "150", DAY_50, "194.9999", None, Pace.AHEAD),
        ("250", "150", DAY_50, "205", None, Pace.ON_TRACK),
        ("250", "150", DAY_50, "205.0001", None, Pace.BEHIND),
        # other tolerances
        ("100", "200", DAY_50, "150", "0", Pace.ON_TRACK),
        ("100", "200", DAY_50, "150.0001", "0", Pace.AHEAD),
        ("100", "200", DAY_50, "149.9999", "0", Pace.BEHIND),
        ("100", "200", DAY_50, "160", "0.1", Pace.ON_TRACK),
        ("100", "200", DAY_50, "160.01", "0.1", Pace.AHEAD),
        # before the start the plan is the baseline, after the deadline the target
        ("100", "200", d(2023, 12, 1), "95", None, Pace.ON_TRACK),
        ("100", "200", d(2023, 12, 1), "94", None, Pace.BEHIND),
        ("100", "200", d(2024, 6, 1), "195", None, Pace.ON_TRACK),
        ("100", "200", d(2024, 6, 1), "194", None, Pace.BEHIND),
        ("100", "200", d(2024, 6, 1), "210", None, Pace.AHEAD),
        # no span, no direction: on it or behind
        ("50", "50", DAY_50, "50", None, Pace.ON_TRACK),
        ("50", "50", DAY_50, "51", None, Pace.BEHIND),
        ("50", "50", DAY_50, "49", None, Pace.BEHIND),
    ],
)
def test_pace(
    baseline: str, target: str, on: dt.date, value: str, tolerance: str | None, expected: Pace
) -> None:
    extra = {} if tolerance is None else {"tolerance": D(tolerance)}
    assert pace(D(baseline), D(target), START, DEADLINE, on, D(value), **extra) == expected


def test_pace_values_are_stable_strings() -> None:
    assert [p.value for p in Pace] == ["ahead", "on_track", "behind"]


# --- trend_per_day ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([], None),
        ([(W1, "100")], None),
        ([(W1, "100"), (W1, "120")], None),  # one week, however many readings
        ([(W1, "0"), (W2, "7")], D(1)),
        # weeks 1, 2, 4 on a line of 10 a week: the gap is a gap (index-based x would give 15/7)
        ([(W1, "100"), (W2, "110"), (W4, "130")], D(10) / D(7)),
        # x = 0, 7, 21; y = 100, 120, 130: Sxy = 2730/9, Sxx = 2058/9, slope = 65/49
        ([(W1, "100"), (W2, "120"), (W4, "130")], D(65) / D(49)),
        ([(W4, "130"), (W1, "100"), (W2, "120")], D(65) / D(49)),  # order doesn't matter
        ([(W1, "100"), (W2, "999"), (W2, "120"), (W4, "130")], D(65) / D(49)),  # correction
        ([(W1, "100"), (W2, "100"), (W3, "100")], D(0)),
        ([(W1, "240"), (W2, "230"), (W3, "220")], D(-10) / D(7)),
    ],
)
def test_trend_per_day(points: list[tuple[dt.date, str]], expected: Decimal | None) -> None:
    assert trend_per_day(readings(*points)) == expected


# --- projected_date / reaches_by_deadline ----------------------------------------------------

NONLINEAR = [(W1, "100"), (W2, "120"), (W4, "130")]  # intercept 730/7, slope 65/49


@pytest.mark.parametrize(
    ("points", "target", "baseline", "deadline", "expected"),
    [
        # (150 - 730/7) / (65/49) = 34.46 days -> day 35 -> Feb 5 (the last point alone says Feb 19)
        (NONLINEAR, "150", None, None, d(2024, 2, 5)),
        ([(W1, "0"), (W2, "7")], "10", None, None, d(2024, 1, 11)),
        ([(W1, "0"), (W2, "7")], "10.5", None, None, d(2024, 1, 12)),  # first day at or past
        # down 10 a week from 240 to 150: 63 days, across Feb 29
        ([(W1, "240"), (W2, "230"), (W3, "220")], "150", "250", None, d(2024, 3, 4)),
        ([(d(2024, 2, 19), "0"), (d(2024, 2, 26), "7")], "10", None, None, d(2024, 2, 29)),
        # flat, or moving away
        ([(W1, "100"), (W2, "100"), (W3, "100")], "200", "100", None, None),
        ([(W1, "100"), (W2, "95"), (W3, "90")], "200", "100", None, None),
        ([(W1, "100"), (W2, "95"), (W3, "90")], "200", None, None, None),
        ([(W1, "240"), (W2, "245"), (W3, "250")], "150", "250", None, None),
        # already reached by the latest reading: its week
        ([(W1, "100"), (W2, "150"), (W3, "210")], "200", "100", None, W3),
        ([(W1, "100"), (W2, "200")], "200", None, None, W2),
        ([(W1, "200"), (W2, "140")], "150", "250", None, W2),
        ([(W1, "210")], "200", "100", None, W1),
        # without the baseline the first reading sets the direction: 210 -> 200 looks like down
        ([(W1, "210")], "200", None, None, None),
        ([(W1, "150")], "200", "100", None, None),  # one week: no trend
        ([], "200", "100", None, None),
        # the line is past 95 on day 12, the latest point (90) is not: "now", its week
        ([(W1, "0"), (W2, "100"), (W3, "90")], "95", "0", None, W3),
        # 1 a day reaches 3000 on day 3000; 10000 is more than ten years past the deadline
        ([(W1, "0"), (W2, "7")], "3000", None, d(2024, 1, 31), d(2032, 3, 19)),
        ([(W1, "0"), (W2, "7")], "10000", None, d(2024, 1, 31), None),
    ],
)
def test_projected_date(
    points: list[tuple[dt.date, str]],
    target: str,
    baseline: str | None,
    deadline: dt.date | None,
    expected: dt.date | None,
) -> None:
    base = None if baseline is None else D(baseline)
    assert projected_date(readings(*points), D(target), deadline, baseline=base) == expected


def test_projection_far_away_without_deadline_is_still_a_date() -> None:
    assert projected_date(readings((W1, "0"), (W2, "7")), D(10000)) == W1 + dt.timedelta(10000)


@pytest.mark.parametrize(
    ("points", "target", "baseline", "deadline", "expected"),
    [
        (NONLINEAR, "150", "100", d(2024, 2, 5), True),
        (NONLINEAR, "150", "100", d(2024, 2, 4), False),
        ([(W1, "100"), (W2, "100")], "200", "100", DEADLINE, False),  # flat
        ([(W1, "100"), (W2, "90")], "200", "100", DEADLINE, False),  # moving away
        ([], "200", "100", DEADLINE, None),
        ([(W1, "150")], "200", "100", DEADLINE, None),  # can't tell yet
        ([(W1, "200")], "200", "100", DEADLINE, True),
        ([(W1, "100"), (W5, "210")], "200", "100", W3, False),  # reached, but late
        ([(W1, "210"), (W2, "190")], "200", "100", W1, True),  # reached in time, then slipped
        ([(W1, "240"), (W2, "230"), (W3, "220")], "150", "250", DEADLINE, True),
    ],
)
def test_reaches_by_deadline(
    points: list[tuple[dt.date, str]],
    target: str,
    baseline: str,
    deadline: dt.date,
    expected: bool | None,
) -> None:
    result = reaches_by_deadline(readings(*points), D(target), deadline, baseline=D(baseline))
    assert result is expected


# --- goal_status -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "target", "points", "today", "expected"),
    [
        (
            "100",
            "200",
            NONLINEAR,
            DAY_25,  # plan 125; 130 is exactly on the 5-point edge
            GoalStatus(
                latest=D(130),
                percent=D(30),
                expected=D(125),
                pace=Pace.ON_TRACK,
                trend_per_week=D(65) / D(7),
                projected=d(2024, 3, 14),  # (200 - 730/7) / (65/49) = 72.15 -> day 73
                on_time=True,
            ),
        ),
        (
            "250",
            "150",
            [(W1, "240"), (W2, "230"), (W3, "220")],
            d(2024, 1, 21),  # day 20: plan 230
            GoalStatus(
                latest=D(220),
                percent=D(30),
                expected=D(230),
                pace=Pace.AHEAD,
                trend_per_week=D(-10),
                projected=d(2024, 3, 4),
                on_time=True,
            ),
        ),
        (
            "100",
            "200",
            [],
            DAY_25,
            GoalStatus(None, None, D(125), None, None, None, None),
        ),
        (
            "100",
            "200",
            [(W1, "110")],
            DAY_50,
            GoalStatus(D(110), D(10), D(150), Pace.BEHIND, None, None, None),
        ),
        (
            "100",
            "200",
            [(W2, "120"), (W1, "500"), (W1, "100")],  # latest by week; a week's last report wins
            DAY_25,
            GoalStatus(D(120), D(20), D(125), Pace.ON_TRACK, D(20), d(2024, 2, 5), True),
        ),
    ],
)
def test_goal_status(
    baseline: str,
    target: str,
    points: list[tuple[dt.date, str]],
    today: dt.date,
    expected: GoalStatus,
) -> None:
    status = goal_status(D(baseline), D(target), START, DEADLINE, readings(*points), today)
    assert status == expected


# --- missed_weeks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_week", "reported", "today", "expected"),
    [
        (W1, [W1, W3], d(2024, 1, 31), [W2, W4]),  # Wednesday of week 5: weeks 1-4 are complete
        (W1, [W1, W3], W5, [W2, W4]),
        (W1, [W1, W3], d(2024, 1, 28), [W2]),  # Sunday of week 4: week 4 is still open
        (W1, [], W1, []),
        (W1, [], d(2024, 1, 3), []),
        (W3, [], W1, []),  # first week still ahead
        (d(2024, 1, 3), [d(2024, 1, 10)], W4, [W1, W3]),  # mid-week dates count as their week
        (d(2024, 2, 19), [], d(2024, 3, 6), [d(2024, 2, 19), d(2024, 2, 26)]),
    ],
)
def test_missed_weeks(
    first_week: dt.date, reported: list[dt.date], today: dt.date, expected: list[dt.date]
) -> None:
    found = missed_weeks(first_week, [Reading(w, D(1)) for w in reported], today)
    assert found == expected


# --- properties ------------------------------------------------------------------------------

decimals = st.decimals(
    allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9, places=4
)
dates = st.dates(min_value=d(2000, 1, 1), max_value=d(2100, 12, 31))
reading_lists = st.lists(st.builds(Reading, dates, decimals), max_size=12)


@FAST
@given(decimals, decimals)
def test_percent_done_is_0_at_baseline_and_100_at_target(b: Decimal, t: Decimal) -> None:
    assume(b != t)
    assert percent_done(b, t, b) == 0
    assert percent_done(b, t, t) == 100


@FAST
@given(decimals, decimals, dates, st.integers(1, 3000), st.integers(0, 3000), st.integers(0, 3000))
def test_expected_value_moves_monotonically_between_baseline_and_target(
    b: Decimal, t: Decimal, start: dt.date, span: int, i: int, j: int
) -> None:
    deadline = start + dt.timedelta(days=span)
    early = start + dt.timedelta(days=min(i, j, span))
    late = start + dt.timedelta(days=min(max(i, j), span))
    e1 = expected_value(b, t, start, deadline, early)
    e2 = expected_value(b, t, start, deadline, late)
    assert min(b, t) <= e1 <= max(b, t)
    assert min(b, t) <= e2 <= max(b, t)
    assert (e1 <= e2) if t >= b else (e1 >= e2)


@FAST
@given(decimals, decimals, dates, dates, dates)
def test_expected_value_stays_between_baseline_and_target_on_any_day(
    b: Decimal, t: Decimal, start: dt.date, deadline: dt.date, on: dt.date
) -> None:
    assert min(b, t) <= expected_value(b, t, start, deadline, on) <= max(b, t)


@FAST
@given(
    first=dates.map(week_start),
    offsets=st.sets(st.integers(0, 20), min_size=2, max_size=8),
    start_value=decimals,
    per_week=decimals.filter(lambda k: k != 0),
    weeks_more=st.decimals(min_value=Decimal("0.01"), max_value=50, places=2),
    with_baseline=st.booleans(),
)
def test_projection_of_a_straight_line_is_the_day_it_hits_the_target(
    first: dt.date,
    offsets: set[int],
    start_value: Decimal,
    per_week: Decimal,
    weeks_more: Decimal,
    with_baseline: bool,
) -> None:
    # Reported weeks with gaps, exactly on a line; the target lies beyond the last reading.
    points = [Reading(first + dt.timedelta(weeks=w), start_value + per_week * w) for w in offsets]
    target = start_value + per_week * (max(offsets) + weeks_more)
    exact = Fraction(target - start_value) / (Fraction(per_week) / 7)  # days after `first`
    baseline = start_value if with_baseline else None
    when = projected_date(points, target, baseline=baseline)
    assert when is not None
    assert abs(Fraction((when - first).days) - exact) <= 1


@FAST
@given(
    decimals,
    decimals,
    decimals,
    dates,
    dates,
    dates,
    reading_lists,
    st.decimals(min_value=0, max_value=1, places=4),
)
def test_nothing_raises_on_finite_inputs(
    b: Decimal,
    t: Decimal,
    value: Decimal,
    start: dt.date,
    deadline: dt.date,
    today: dt.date,
    points: list[Reading],
    tolerance: Decimal,
) -> None:
    p = percent_done(b, t, value)
    if p is not None:
        round_percent(p)
    expected_value(b, t, start, deadline, today)
    pace(b, t, start, deadline, today, value, tolerance)
    trend_per_day(points)
    projected_date(points, t)
    projected_date(points, t, deadline, baseline=b)
    reaches_by_deadline(points, t, deadline)
    reaches_by_deadline(points, t, deadline, baseline=b)
    goal_status(b, t, start, deadline, points, today)
    missed_weeks(start, points, today)


# --- goals that go down ----------------------------------------------------------------------
# Reply time from 10 hours to 2 hours over the 100-day plan (START to DEADLINE): the plan drops
# 0.08 an hour a day, the on-track band is 5 % of 8 = 0.4 either side of it, and lower is ahead.

DOWN_BASE, DOWN_TARGET = D(10), D(2)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10", D(0)),
        ("8.4", D(20)),
        ("6", D(50)),
        ("2", D(100)),
        ("1", D("112.5")),  # below the target: past it, the good way
        ("0", D(125)),
        ("11", D("-12.5")),  # up is the wrong way
        ("12", D(-25)),
    ],
)
def test_percent_done_going_down(value: str, expected: Decimal) -> None:
    assert percent_done(DOWN_BASE, DOWN_TARGET, D(value)) == expected


def test_percent_done_going_down_a_third() -> None:
    # 10 -> 4, at 8: 2 of 6 = 33.33…, exact to the context's precision
    assert percent_done(D(10), D(4), D(8)) == D(100) / D(3)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (d(2023, 12, 1), D(10)),  # before the start: the baseline
        (START, D(10)),
        (d(2024, 1, 2), D("9.92")),  # day 1
        (DAY_25, D(8)),
        (DAY_50, D(6)),
        (d(2024, 3, 1), D("5.2")),  # day 60, after Feb 29
        (d(2024, 4, 9), D("2.08")),  # day 99
        (DEADLINE, D(2)),
        (d(2025, 1, 1), D(2)),  # after the deadline: the target, never below it
    ],
)
def test_expected_value_going_down(on: dt.date, expected: Decimal) -> None:
    assert expected_value(DOWN_BASE, DOWN_TARGET, START, DEADLINE, on) == expected


@pytest.mark.parametrize(
    ("on", "value", "tolerance", "expected"),
    [
        # day 50, plan 6, band 0.4: the edges are on track, lower is ahead, higher behind
        (DAY_50, "6", None, Pace.ON_TRACK),
        (DAY_50, "5.6", None, Pace.ON_TRACK),
        (DAY_50, "5.5999", None, Pace.AHEAD),
        (DAY_50, "6.4", None, Pace.ON_TRACK),
        (DAY_50, "6.4001", None, Pace.BEHIND),
        (DAY_50, "1", None, Pace.AHEAD),  # already below the target
        (DAY_50, "10", None, Pace.BEHIND),  # still at the baseline
        # no tolerance: exactly on the plan or not
        (DAY_50, "6", "0", Pace.ON_TRACK),
        (DAY_50, "5.9999", "0", Pace.AHEAD),
        (DAY_50, "6.0001", "0", Pace.BEHIND),
        # 10 %: band 0.8
        (DAY_50, "5.2", "0.1", Pace.ON_TRACK),
        (DAY_50, "5.1999", "0.1", Pace.AHEAD),
        (DAY_50, "6.8001", "0.1", Pace.BEHIND),
        # before the start the plan is the baseline 10
        (d(2023, 12, 1), "10.4", None, Pace.ON_TRACK),
        (d(2023, 12, 1), "10.4001", None, Pace.BEHIND),
        (d(2023, 12, 1), "9.5", None, Pace.AHEAD),
        # after the deadline the plan is the target 2
        (d(2024, 6, 1), "2.4", None, Pace.ON_TRACK),
        (d(2024, 6, 1), "2.4001", None, Pace.BEHIND),
        (d(2024, 6, 1), "1.6", None, Pace.ON_TRACK),
        (d(2024, 6, 1), "1.5999", None, Pace.AHEAD),  # overshooting below the target is ahead
    ],
)
def test_pace_going_down(on: dt.date, value: str, tolerance: str | None, expected: Pace) -> None:
    extra = {} if tolerance is None else {"tolerance": D(tolerance)}
    found = pace(DOWN_BASE, DOWN_TARGET, START, DEADLINE, on, D(value), **extra)
    assert found == expected


# Weeks 1, 2 and 4 (week 3 missed): x = 0, 7, 21 days; y = 10, 9, 8.5.
# Sxx = 2058/9, Sxy = -91/6: slope -13/196 a day (-13/28 a week), intercept 137/14.
# Reaching 2: (2 - 137/14) / (-13/196) = 1526/13 = 117.38 days -> day 118 -> 28 April 2024.
DOWN_GAPPED = [(W1, "10"), (W2, "9"), (W4, "8.5")]
# The same weeks exactly on a line of -0.5 a week: 8 / (0.5 / 7) = day 112 -> 22 April 2024.
DOWN_LINE = [(W1, "10"), (W2, "9.5"), (W4, "8.5")]
# Below the target by week 3 (1.5 < 2): x = 0, 7, 14, Sxx = 98, Sxy = -59.5: -4.25 a week.
DOWN_OVERSHOOT = [(W1, "10"), (W2, "6"), (W3, "1.5")]
# Below the target in week 2, back above it in week 3: the line (intercept 8.5167, slope -15/28)
# is past 2 on day 13, the latest point is not: "now", week 3.
DOWN_BOUNCE = [(W1, "10"), (W2, "1.8"), (W3, "2.5")]


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        (DOWN_GAPPED, D(-13) / D(196)),
        (DOWN_LINE, D("-0.5") / D(7)),
        (DOWN_OVERSHOOT, D("-59.5") / D(98)),
        (DOWN_BOUNCE, D(-15) / D(28)),
        ([(W1, "10"), (W2, "11"), (W3, "12")], D(1) / D(7)),  # the wrong way: up
    ],
)
def test_trend_per_day_going_down(points: list[tuple[dt.date, str]], expected: Decimal) -> None:
    assert trend_per_day(readings(*points)) == expected


@pytest.mark.parametrize(
    ("points", "baseline", "deadline", "expected"),
    [
        (DOWN_GAPPED, "10", None, d(2024, 4, 28)),
        (DOWN_GAPPED, "10", DEADLINE, d(2024, 4, 28)),  # 18 days late, still a date
        (DOWN_LINE, "10", None, d(2024, 4, 22)),  # exactly on day 112: the first day at it
        (DOWN_OVERSHOOT, "10", None, W3),  # already below the target: its week
        (DOWN_BOUNCE, "10", None, W3),
        # the first reading worse than the baseline, then down 1 a week: 12 -> 2 in 70 days
        ([(W1, "12"), (W2, "11"), (W3, "10")], "10", None, d(2024, 3, 11)),
        # no baseline: the first reading (9 > 2) says the goal goes down; 7 / (1/7) = 49 days
        ([(W1, "9"), (W2, "8")], None, None, d(2024, 2, 19)),
        # flat, or moving away (up)
        ([(W1, "10"), (W2, "10"), (W3, "10")], "10", None, None),
        ([(W1, "10"), (W2, "11"), (W3, "12")], "10", None, None),
        ([(W1, "10"), (W2, "11"), (W3, "12")], None, None, None),
        # one week: no trend, unless it is already at or below the target
        ([(W1, "5")], "10", None, None),
        ([(W1, "2")], "10", None, W1),
        ([(W1, "1.9999")], "10", None, W1),
        # 0.5 a week from 10 to 2 takes 112 days; ten years past a deadline is no forecast
        (DOWN_LINE, "10", d(2014, 4, 21), None),
    ],
)
def test_projected_date_going_down(
    points: list[tuple[dt.date, str]],
    baseline: str | None,
    deadline: dt.date | None,
    expected: dt.date | None,
) -> None:
    base = None if baseline is None else D(baseline)
    assert projected_date(readings(*points), DOWN_TARGET, deadline, baseline=base) == expected


@pytest.mark.parametrize(
    ("points", "deadline", "expected"),
    [
        (DOWN_GAPPED, d(2024, 4, 28), True),  # projected on the deadline itself
        (DOWN_GAPPED, d(2024, 4, 27), False),
        (DOWN_GAPPED, DEADLINE, False),
        (DOWN_LINE, d(2024, 4, 22), True),
        (DOWN_LINE, d(2024, 4, 21), False),
        (DOWN_OVERSHOOT, DEADLINE, True),
        (DOWN_OVERSHOOT, W2, False),  # below the target only in week 3; the trend is past too
        (DOWN_BOUNCE, W2, True),  # reached in week 2, slipped back after: it counted
        ([(W1, "10"), (W2, "11"), (W3, "12")], DEADLINE, False),  # moving away
        ([(W1, "10"), (W2, "10")], DEADLINE, False),  # flat
        ([(W1, "5")], DEADLINE, None),  # one week, not there: can't tell
        ([(W1, "2")], DEADLINE, True),
        ([], DEADLINE, None),
    ],
)
def test_reaches_by_deadline_going_down(
    points: list[tuple[dt.date, str]], deadline: dt.date, expected: bool | None
) -> None:
    found = reaches_by_deadline(readings(*points), DOWN_TARGET, deadline, baseline=DOWN_BASE)
    assert found is expected


@pytest.mark.parametrize(
    ("points", "today", "expected"),
    [
        (
            DOWN_GAPPED,
            W5,  # day 28: plan 10 - 0.08 × 28 = 7.76; 8.5 is 0.74 above it, past the 0.4 band
            GoalStatus(
                latest=D("8.5"),
                percent=D("18.75"),
                expected=D("7.76"),
                pace=Pace.BEHIND,
                trend_per_week=D(-13) / D(28),
                projected=d(2024, 4, 28),
                on_time=False,  # the deadline is 10 April
            ),
        ),
        (
            DOWN_LINE,
            d(2024, 1, 22),  # day 21: plan 8.32; 8.5 is within 0.4 of it
            GoalStatus(
                latest=D("8.5"),
                percent=D("18.75"),
                expected=D("8.32"),
                pace=Pace.ON_TRACK,
                trend_per_week=D("-0.5"),
                projected=d(2024, 4, 22),
                on_time=False,
            ),
        ),
        (
            DOWN_OVERSHOOT,
            d(2024, 1, 21),  # day 20: plan 8.4; 1.5 is far below: ahead, and past the target
            GoalStatus(
                latest=D("1.5"),
                percent=D("106.25"),
                expected=D("8.4"),
                pace=Pace.AHEAD,
                trend_per_week=D("-4.25"),
                projected=W3,
                on_time=True,
            ),
        ),
        (
            [(W1, "12")],  # one week, worse than the baseline: the wrong way, no trend yet
            d(2024, 1, 3),
            GoalStatus(D(12), D(-25), D("9.84"), Pace.BEHIND, None, None, None),
        ),
    ],
)
def test_goal_status_going_down(
    points: list[tuple[dt.date, str]], today: dt.date, expected: GoalStatus
) -> None:
    status = goal_status(DOWN_BASE, DOWN_TARGET, START, DEADLINE, readings(*points), today)
    assert status == expected


@pytest.mark.parametrize(
    ("baseline", "target", "expected"),
    [
        ("10", "2", Direction.DOWN),
        ("1200", "5000", Direction.UP),
        ("-5", "-1", Direction.UP),
        ("0", "-3", Direction.DOWN),
        ("5", "5", None),
        (None, "5", None),
        ("5", None, None),
    ],
)
def test_direction_from_the_numbers(
    baseline: str | None, target: str | None, expected: Direction | None
) -> None:
    as_dec = [None if v is None else D(v) for v in (baseline, target)]
    assert direction(*as_dec) is expected


def test_goal_direction_prefers_the_numbers_and_falls_back_to_what_is_stored() -> None:
    assert goal_direction(Goal("x", baseline=D(10), target=D(2))) is Direction.DOWN
    # Numbers and a stored direction that disagree: the numbers, as the maths follows them.
    wrong = Goal("x", baseline=D(10), target=D(2), direction=Direction.UP)
    assert goal_direction(wrong) is Direction.DOWN
    # No baseline yet (it comes with the first report): what the dialogue stored.
    assert goal_direction(Goal("x", target=D(2), direction=Direction.DOWN)) is Direction.DOWN
    assert goal_direction(Goal("x", target=D(2))) is None


@FAST
@given(
    b=decimals,
    t=decimals,
    start=dates,
    span=st.integers(0, 2000),
    today=dates,
    points=reading_lists,
)
def test_a_goal_going_down_is_the_mirror_of_one_going_up(
    b: Decimal, t: Decimal, start: dt.date, span: int, today: dt.date, points: list[Reading]
) -> None:
    # Negating every number turns "10 -> 2" into "-10 -> -2": the same progress, pace and dates.
    deadline = start + dt.timedelta(days=span)
    up = goal_status(b, t, start, deadline, points, today)
    mirrored = [Reading(r.week, -r.value) for r in points]
    down = goal_status(-b, -t, start, deadline, mirrored, today)
    assert down.percent == up.percent
    assert down.pace == up.pace
    assert down.projected == up.projected and down.on_time == up.on_time
    assert down.expected == -up.expected
    assert down.latest == (None if up.latest is None else -up.latest)
    assert down.trend_per_week == (None if up.trend_per_week is None else -up.trend_per_week)

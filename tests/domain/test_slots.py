"""Weekly check-in slots: exact UTC instants across DST changes, half-hour zones and the date line.

Expected instants are worked out by hand from the zones' offsets and written as literal UTC
datetimes; the property tests compare the module with a brute-force oracle built straight from
the definition ("the first instant whose local wall time is at or after the slot's").
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.domain.model import Schedule
from bot.domain.slots import is_within_grace, next_slot, slot_week, slots_between, zone_or_utc

UTC = dt.UTC
OSLO = "Europe/Oslo"
LA = "America/Los_Angeles"
KOLKATA = "Asia/Kolkata"
AUCKLAND = "Pacific/Auckland"
ZONES = [
    "UTC",
    OSLO,
    LA,
    KOLKATA,
    AUCKLAND,
    "America/St_Johns",  # −03:30 / −02:30
    "Australia/Lord_Howe",  # +10:30 / +11: a half-hour DST shift
    "Asia/Kathmandu",  # +05:45
]
DST_ZONES = [OSLO, LA, AUCKLAND, "America/St_Johns", "Australia/Lord_Howe"]
PROPERTY = settings(max_examples=200, deadline=None)


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


def monday_9(zone: str) -> Schedule:
    return Schedule(weekday=0, time=dt.time(9, 0), timezone=zone)


# (zone, after, expected next slot). Each `after` is the Sunday before the Monday at 00:00 UTC.
MONDAY_9_CASES = [
    # Oslo: CET +01 until Sun 29 Mar 2026, CEST +02 until Sun 25 Oct 2026, CET again.
    (OSLO, utc(2026, 3, 22), utc(2026, 3, 23, 8)),  # 09:00 CET
    (OSLO, utc(2026, 3, 29), utc(2026, 3, 30, 7)),  # 09:00 CEST, the day after spring forward
    (OSLO, utc(2026, 10, 18), utc(2026, 10, 19, 7)),  # 09:00 CEST
    (OSLO, utc(2026, 10, 25), utc(2026, 10, 26, 8)),  # 09:00 CET, the day after fall back
    # 2027: changes on Sun 28 Mar and Sun 31 Oct.
    (OSLO, utc(2027, 3, 21), utc(2027, 3, 22, 8)),  # CET
    (OSLO, utc(2027, 3, 28), utc(2027, 3, 29, 7)),  # CEST
    (OSLO, utc(2027, 10, 24), utc(2027, 10, 25, 7)),  # CEST
    (OSLO, utc(2027, 10, 31), utc(2027, 11, 1, 8)),  # CET
    # Los Angeles: PST −08 until Sun 8 Mar 2026, PDT −07 until Sun 1 Nov 2026.
    (LA, utc(2026, 3, 1), utc(2026, 3, 2, 17)),  # 09:00 PST
    (LA, utc(2026, 3, 8), utc(2026, 3, 9, 16)),  # 09:00 PDT
    (LA, utc(2026, 10, 25), utc(2026, 10, 26, 16)),  # 09:00 PDT
    (LA, utc(2026, 11, 1), utc(2026, 11, 2, 17)),  # 09:00 PST
    # 2027: changes on Sun 14 Mar and Sun 7 Nov.
    (LA, utc(2027, 3, 7), utc(2027, 3, 8, 17)),  # PST
    (LA, utc(2027, 3, 14), utc(2027, 3, 15, 16)),  # PDT
    (LA, utc(2027, 10, 31), utc(2027, 11, 1, 16)),  # PDT
    (LA, utc(2027, 11, 7), utc(2027, 11, 8, 17)),  # PST
    # Kolkata: IST +05:30 all year, 09:00 is always 03:30 UTC the same day.
    (KOLKATA, utc(2026, 3, 29), utc(2026, 3, 30, 3, 30)),
    (KOLKATA, utc(2026, 10, 25), utc(2026, 10, 26, 3, 30)),
    (KOLKATA, utc(2027, 3, 28), utc(2027, 3, 29, 3, 30)),
    # Auckland: NZDT +13 until Sun 5 Apr 2026, NZST +12 until Sun 27 Sep 2026, NZDT again.
    # Monday 09:00 there is Sunday evening in UTC, so `after` is the Saturday before.
    (AUCKLAND, utc(2026, 3, 28), utc(2026, 3, 29, 20)),  # Mon 30 Mar 09:00 NZDT
    (AUCKLAND, utc(2026, 4, 4), utc(2026, 4, 5, 21)),  # Mon 6 Apr 09:00 NZST
    (AUCKLAND, utc(2026, 9, 19), utc(2026, 9, 20, 21)),  # Mon 21 Sep 09:00 NZST
    (AUCKLAND, utc(2026, 9, 26), utc(2026, 9, 27, 20)),  # Mon 28 Sep 09:00 NZDT
    # 2027: changes on Sun 4 Apr and Sun 26 Sep.
    (AUCKLAND, utc(2027, 3, 27), utc(2027, 3, 28, 20)),  # Mon 29 Mar NZDT
    (AUCKLAND, utc(2027, 4, 3), utc(2027, 4, 4, 21)),  # Mon 5 Apr NZST
    (AUCKLAND, utc(2027, 9, 18), utc(2027, 9, 19, 21)),  # Mon 20 Sep NZST
    (AUCKLAND, utc(2027, 9, 25), utc(2027, 9, 26, 20)),  # Mon 27 Sep NZDT
]


@pytest.mark.parametrize(("zone", "after", "expected"), MONDAY_9_CASES)
def test_monday_nine_around_dst_changes(
    zone: str, after: dt.datetime, expected: dt.datetime
) -> None:
    slot = next_slot(monday_9(zone), after)

    assert slot == expected
    assert slot.tzinfo is UTC
    local = slot.astimezone(ZoneInfo(zone))
    assert (local.weekday(), local.time()) == (0, dt.time(9, 0))


@pytest.mark.parametrize(("zone", "after", "expected"), MONDAY_9_CASES)
def test_a_slot_as_after_gives_the_following_week(
    zone: str, after: dt.datetime, expected: dt.datetime
) -> None:
    following = next_slot(monday_9(zone), expected)

    local = following.astimezone(ZoneInfo(zone))
    assert local.date() == expected.astimezone(ZoneInfo(zone)).date() + dt.timedelta(days=7)
    assert local.time() == dt.time(9, 0)
    # One microsecond earlier is still this week's slot.
    assert next_slot(monday_9(zone), expected - dt.timedelta(microseconds=1)) == expected


@pytest.mark.parametrize(
    ("zone", "wall", "after", "expected"),
    [
        # Oslo, Sun 29 Mar 2026: 02:00 CET jumps to 03:00 CEST; 02:30 → 03:00 CEST = 01:00 UTC.
        (OSLO, dt.time(2, 30), utc(2026, 3, 28, 12), utc(2026, 3, 29, 1)),
        (OSLO, dt.time(2, 0), utc(2026, 3, 28, 12), utc(2026, 3, 29, 1)),  # gap's first minute
        (OSLO, dt.time(3, 0), utc(2026, 3, 28, 12), utc(2026, 3, 29, 1)),  # exists: 03:00 CEST
        (OSLO, dt.time(1, 59), utc(2026, 3, 28, 12), utc(2026, 3, 29, 0, 59)),  # 01:59 CET
        # Oslo, Sun 25 Oct 2026: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice and the
        # first one (CEST) = 00:30 UTC counts.
        (OSLO, dt.time(2, 30), utc(2026, 10, 24, 12), utc(2026, 10, 25, 0, 30)),
        # Los Angeles, Sun 8 Mar 2026: 02:00 PST jumps to 03:00 PDT = 10:00 UTC.
        (LA, dt.time(2, 30), utc(2026, 3, 7, 12), utc(2026, 3, 8, 10)),
        # Los Angeles, Sun 1 Nov 2026: first 01:30 is PDT = 08:30 UTC.
        (LA, dt.time(1, 30), utc(2026, 10, 31, 12), utc(2026, 11, 1, 8, 30)),
        # Auckland, Sun 27 Sep 2026: 02:00 NZST jumps to 03:00 NZDT = Sat 14:00 UTC.
        (AUCKLAND, dt.time(2, 30), utc(2026, 9, 26), utc(2026, 9, 26, 14)),
        # Auckland, Sun 5 Apr 2026: 03:00 NZDT falls back to 02:00 NZST; first 02:30 is NZDT,
        # Sat 13:30 UTC.
        (AUCKLAND, dt.time(2, 30), utc(2026, 4, 4), utc(2026, 4, 4, 13, 30)),
        # Lord Howe, Sun 4 Oct 2026: 02:00 +10:30 jumps to 02:30 +11; 02:15 → 02:30 +11, Sat
        # 15:30 UTC.
        ("Australia/Lord_Howe", dt.time(2, 15), utc(2026, 10, 3), utc(2026, 10, 3, 15, 30)),
    ],
)
def test_sunday_slots_in_gaps_and_folds(
    zone: str, wall: dt.time, after: dt.datetime, expected: dt.datetime
) -> None:
    assert next_slot(Schedule(weekday=6, time=wall, timezone=zone), after) == expected


def test_second_occurrence_of_an_ambiguous_time_is_not_a_slot() -> None:
    sunday = Schedule(weekday=6, time=dt.time(2, 30), timezone=OSLO)

    # Between the first 02:30 (00:30 UTC) and the second (01:30 UTC): next week, 02:30 CET.
    assert next_slot(sunday, utc(2026, 10, 25, 0, 45)) == utc(2026, 11, 1, 1, 30)
    assert next_slot(sunday, utc(2026, 10, 25, 0, 30)) == utc(2026, 11, 1, 1, 30)
    # A time with fold=1 in the schedule still means the first occurrence.
    folded = Schedule(weekday=6, time=dt.time(2, 30, fold=1), timezone=OSLO)
    assert next_slot(folded, utc(2026, 10, 24, 12)) == utc(2026, 10, 25, 0, 30)


def test_after_in_the_owners_zone_across_the_fold() -> None:
    oslo = ZoneInfo(OSLO)
    sunday = Schedule(weekday=6, time=dt.time(2, 30), timezone=OSLO)
    first_0215 = dt.datetime(2026, 10, 25, 2, 15, tzinfo=oslo)  # CEST, 00:15 UTC
    second_0215 = dt.datetime(2026, 10, 25, 2, 15, fold=1, tzinfo=oslo)  # CET, 01:15 UTC

    assert next_slot(sunday, first_0215) == utc(2026, 10, 25, 0, 30)
    assert next_slot(sunday, second_0215) == utc(2026, 11, 1, 1, 30)


@pytest.mark.parametrize(
    "after",
    [
        # Monday 1 Jun 2026 13:00 UTC is already Tuesday 01:00 NZST in Auckland, so this
        # Monday's slot (Sun 31 May 21:00 UTC) has passed even though it is still Monday in UTC.
        utc(2026, 6, 1, 13),
        dt.datetime(2026, 6, 1, 6, tzinfo=ZoneInfo(LA)),  # the same instant, PDT
        dt.datetime(2026, 6, 1, 18, 30, tzinfo=ZoneInfo(KOLKATA)),  # the same instant, IST
        dt.datetime(2026, 6, 2, 1, tzinfo=ZoneInfo(AUCKLAND)),  # the same instant, NZST
        dt.datetime(2026, 6, 1, 15, tzinfo=dt.timezone(dt.timedelta(hours=2))),  # fixed offset
    ],
)
def test_after_in_any_zone_counts_as_its_instant(after: dt.datetime) -> None:
    # Mon 8 Jun 09:00 NZST (+12) = Sun 7 Jun 21:00 UTC.
    assert next_slot(monday_9(AUCKLAND), after) == utc(2026, 6, 7, 21)


def test_auckland_monday_is_sunday_in_utc() -> None:
    # Sun 31 May 2026 20:00 UTC = Mon 1 Jun 08:00 NZST: the slot an hour later is still ahead.
    assert next_slot(monday_9(AUCKLAND), utc(2026, 5, 31, 20)) == utc(2026, 5, 31, 21)


@pytest.mark.parametrize("name", ["Not/AZone", "", "Europe", "../../etc/passwd", "UTC+2", "oslo"])
def test_unknown_zones_fall_back_to_utc(name: str) -> None:
    assert zone_or_utc(name) is UTC
    assert next_slot(monday_9(name), utc(2026, 3, 29)) == utc(2026, 3, 30, 9)
    assert slot_week(utc(2026, 3, 29, 23), name) == dt.date(2026, 3, 23)


def test_naive_instants_are_refused() -> None:
    # A naive datetime would silently depend on the host's local zone.
    with pytest.raises(ValueError, match="aware"):
        next_slot(monday_9(OSLO), dt.datetime(2026, 3, 29))
    with pytest.raises(ValueError, match="aware"):
        slots_between(monday_9(OSLO), utc(2026, 3, 1), dt.datetime(2026, 4, 1))
    with pytest.raises(ValueError, match="aware"):
        slot_week(dt.datetime(2026, 3, 30, 7), OSLO)
    with pytest.raises(ValueError, match="aware"):
        is_within_grace(dt.datetime(2026, 3, 30, 7), utc(2026, 3, 30, 8))


def test_slots_between_across_spring_forward() -> None:
    slots = slots_between(monday_9(OSLO), utc(2026, 3, 16, 8), utc(2026, 4, 6, 7))

    # (start, end]: the 16 Mar slot itself is excluded, the 6 Apr slot included.
    assert slots == [
        utc(2026, 3, 23, 8),  # CET
        utc(2026, 3, 30, 7),  # CEST
        utc(2026, 4, 6, 7),  # CEST
    ]


def test_slots_between_after_three_weeks_down_across_fall_back() -> None:
    # Down from Fri 16 Oct 2026 to Fri 6 Nov 2026; LA changes on Sun 1 Nov.
    slots = slots_between(monday_9(LA), utc(2026, 10, 16, 12), utc(2026, 11, 6, 12))

    assert slots == [
        utc(2026, 10, 19, 16),  # PDT
        utc(2026, 10, 26, 16),  # PDT
        utc(2026, 11, 2, 17),  # PST
    ]
    assert [s.astimezone(ZoneInfo(LA)).time() for s in slots] == [dt.time(9, 0)] * 3


def test_slots_between_empty_and_reversed_windows() -> None:
    schedule = monday_9(OSLO)
    assert slots_between(schedule, utc(2026, 3, 24), utc(2026, 3, 29)) == []
    assert slots_between(schedule, utc(2026, 4, 1), utc(2026, 3, 1)) == []
    assert slots_between(schedule, utc(2026, 3, 30, 7), utc(2026, 3, 30, 7)) == []


@pytest.mark.parametrize(
    ("slot", "zone", "week"),
    [
        # Sun 7 Jun 2026 22:00 PDT = Mon 8 Jun 05:00 UTC: still the week of Mon 1 Jun for the owner.
        (utc(2026, 6, 8, 5), LA, dt.date(2026, 6, 1)),
        (utc(2026, 6, 8, 5), "UTC", dt.date(2026, 6, 8)),
        # Mon 8 Jun 09:00 NZST = Sun 7 Jun 21:00 UTC: already the week of Mon 8 Jun for the owner.
        (utc(2026, 6, 7, 21), AUCKLAND, dt.date(2026, 6, 8)),
        (utc(2026, 6, 7, 21), "UTC", dt.date(2026, 6, 1)),
        # Spring-forward Sunday in Oslo (gap slot at 01:00 UTC) belongs to the week of Mon 23 Mar.
        (utc(2026, 3, 29, 1), OSLO, dt.date(2026, 3, 23)),
        # ISO weeks cross the year: Fri 1 Jan 2027 is in the week of Mon 28 Dec 2026.
        (utc(2027, 1, 1, 8), OSLO, dt.date(2026, 12, 28)),
    ],
)
def test_slot_week_is_the_owners_local_week(slot: dt.datetime, zone: str, week: dt.date) -> None:
    assert slot_week(slot, zone) == week


def test_slot_week_of_a_late_sunday_schedule() -> None:
    sunday_late = Schedule(weekday=6, time=dt.time(22, 0), timezone=LA)
    slot = next_slot(sunday_late, utc(2026, 6, 2))

    assert slot == utc(2026, 6, 8, 5)  # Sun 7 Jun 22:00 PDT (−07)
    assert slot.weekday() == 0  # already Monday in UTC
    assert slot_week(slot, LA) == dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("now", "grace", "within"),
    [
        (utc(2026, 3, 30, 7), dt.timedelta(days=1), True),  # exactly due
        (utc(2026, 3, 31, 7), dt.timedelta(days=1), True),  # exactly one day late: inclusive
        (utc(2026, 3, 31, 7, 0, 0, 1), dt.timedelta(days=1), False),  # a microsecond more: missed
        (utc(2026, 3, 30, 6, 59, 59, 999999), dt.timedelta(days=1), False),  # not due yet
        (utc(2026, 3, 30, 9), dt.timedelta(hours=2), True),
        (utc(2026, 3, 30, 9, 0, 1), dt.timedelta(hours=2), False),
        (utc(2026, 3, 30, 7), dt.timedelta(0), True),
    ],
)
def test_is_within_grace_boundaries(now: dt.datetime, grace: dt.timedelta, within: bool) -> None:
    assert is_within_grace(utc(2026, 3, 30, 7), now, grace) is within


def test_is_within_grace_defaults_to_one_day() -> None:
    slot = utc(2026, 3, 30, 7)
    assert is_within_grace(slot, slot + dt.timedelta(days=1))
    assert not is_within_grace(slot, slot + dt.timedelta(days=1, seconds=1))


def test_is_within_grace_measures_real_time_across_fall_back() -> None:
    oslo = ZoneInfo(OSLO)
    slot = dt.datetime(2026, 10, 24, 2, 30, tzinfo=oslo)  # CEST, 00:30 UTC
    now = dt.datetime(2026, 10, 25, 2, 15, fold=1, tzinfo=oslo)  # CET, 01:15 UTC

    # 24 h 45 min have passed, though the wall clocks are only 23 h 45 min apart.
    assert not is_within_grace(slot, now)
    assert is_within_grace(slot, now, dt.timedelta(hours=24, minutes=45))


def test_negative_grace_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        is_within_grace(utc(2026, 3, 30, 7), utc(2026, 3, 30, 7), dt.timedelta(seconds=-1))


def test_the_real_clock_is_ignored() -> None:
    def results() -> tuple[object, ...]:
        return (
            next_slot(monday_9(OSLO), utc(2026, 3, 29)),
            slots_between(monday_9(LA), utc(2026, 10, 25), utc(2026, 11, 3)),
            slot_week(utc(2026, 6, 7, 21), AUCKLAND),
            is_within_grace(utc(2026, 3, 30, 7), utc(2026, 3, 30, 8)),
        )

    expected = (
        utc(2026, 3, 30, 7),
        [utc(2026, 10, 26, 16), utc(2026, 11, 2, 17)],
        dt.date(2026, 6, 8),
        True,
    )
    assert results() == expected
    # Frozen years away, and in the middle of Oslo's spring-forward gap: nothing changes.
    for frozen in (utc(2031, 1, 1, 12), utc(2026, 3, 29, 1, 30), utc(1999, 12, 31, 23, 59)):
        with time_machine.travel(frozen, tick=False):
            assert dt.datetime.now(UTC) == frozen
            assert results() == expected


# --- properties -----------------------------------------------------------------------------


def _brute_slot(zone: dt.tzinfo, day: dt.date, wall: dt.time) -> dt.datetime:
    """The first whole UTC minute whose local wall time is at or after `day` `wall`.

    Straight from the definition, by scanning: offsets are within ±15 h and every transition
    in these zones falls on a whole minute, like the schedule times drawn below.
    """
    target = dt.datetime.combine(day, wall)
    moment = target.replace(tzinfo=UTC) - dt.timedelta(hours=15)
    while moment.astimezone(zone).replace(tzinfo=None) < target:
        moment += dt.timedelta(minutes=1)
    return moment


def _brute_next(schedule: Schedule, after: dt.datetime) -> dt.datetime:
    zone = ZoneInfo(schedule.timezone)
    start = after.astimezone(zone).date() - dt.timedelta(days=7)
    days = (start + dt.timedelta(days=n) for n in range(16))
    slots = (
        _brute_slot(zone, day, schedule.time) for day in days if day.weekday() == schedule.weekday
    )
    return min(slot for slot in slots if slot > after)


schedules = st.builds(
    Schedule,
    weekday=st.integers(0, 6),
    time=st.builds(dt.time, st.integers(0, 23), st.integers(0, 59)),
    timezone=st.sampled_from(ZONES),
)
after_zones = st.sampled_from(
    [UTC, dt.timezone(dt.timedelta(hours=-11)), dt.timezone(dt.timedelta(hours=14))]
    + [ZoneInfo(name) for name in ZONES]
)
afters = st.datetimes(
    min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 12, 31), timezones=after_zones
)


def _wall(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


@PROPERTY
@given(schedule=schedules, after=afters)
@example(Schedule(6, dt.time(2, 30), OSLO), utc(2026, 3, 28, 12))  # spring-forward gap
@example(Schedule(6, dt.time(2, 30), OSLO), utc(2026, 10, 24, 12))  # autumn fold
@example(Schedule(6, dt.time(2, 15), "Australia/Lord_Howe"), utc(2026, 10, 3))  # 30-minute gap
@example(Schedule(6, dt.time(2, 30), "America/St_Johns"), utc(2026, 3, 7, 12))  # St John's gap
def test_next_slot_properties(schedule: Schedule, after: dt.datetime) -> None:
    zone = ZoneInfo(schedule.timezone)
    slot = next_slot(schedule, after)
    local = slot.astimezone(zone)

    assert slot.tzinfo is UTC
    assert after < slot <= after + dt.timedelta(days=7, hours=1)
    assert local.weekday() == schedule.weekday
    wanted = dt.datetime.combine(local.date(), schedule.time)
    if local.time() != schedule.time:
        # Only in a gap: the wanted wall time lies between the wall clock just before the jump
        # and the wall clock at `slot`, i.e. `slot` is the first instant after the gap.
        before = slot - dt.timedelta(microseconds=1)
        assert before.astimezone(zone).utcoffset() < local.utcoffset()  # type: ignore[operator]
        assert _wall(before, zone) < wanted < local.replace(tzinfo=None)

    following = next_slot(schedule, slot)
    assert following.astimezone(zone).date() == local.date() + dt.timedelta(days=7)
    assert following == _brute_slot(zone, local.date() + dt.timedelta(days=7), schedule.time)
    assert slots_between(schedule, after, following) == [slot, following]
    assert slot_week(following, schedule.timezone) - slot_week(slot, schedule.timezone) == (
        dt.timedelta(days=7)
    )


@lru_cache
def _transitions(name: str, year: int) -> tuple[dt.datetime, ...]:
    """The UTC instants (to the minute) at which `name` changes its offset during `year`.

    Found by scanning, independently of the module: day by day, then minute by minute.
    """
    zone = ZoneInfo(name)
    found = []
    day = utc(year, 1, 1)
    while day.year == year:
        following = day + dt.timedelta(days=1)
        if day.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            low, high = day, following
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle -= dt.timedelta(seconds=middle.second, microseconds=middle.microsecond)
                if middle.astimezone(zone).utcoffset() == day.astimezone(zone).utcoffset():
                    low = middle
                else:
                    high = middle
            found.append(high)
        day = following
    return tuple(found)


@st.composite
def dst_cases(draw: st.DrawFn) -> tuple[Schedule, dt.datetime]:
    """A small-hours schedule and an `after` up to 8 days before a DST change in its zone.

    Random dates would hit a gap or fold about once in a few hundred tries; aiming at the
    changes makes every run exercise both.
    """
    name = draw(st.sampled_from(DST_ZONES))
    change = draw(st.sampled_from(_transitions(name, draw(st.integers(2020, 2035)))))
    after = change - dt.timedelta(minutes=draw(st.integers(0, 8 * 24 * 60)))
    weekday = draw(st.sampled_from([6, 6, 6, 0, 5]))  # these zones all change on a Sunday
    wall = dt.time(draw(st.integers(0, 3)), draw(st.integers(0, 59)))
    return Schedule(weekday=weekday, time=wall, timezone=name), after


@PROPERTY
@given(case=dst_cases())
@example((Schedule(6, dt.time(2, 30), OSLO), utc(2026, 10, 25, 0, 45)))  # between the 02:30s
def test_next_slot_matches_brute_force_around_dst(case: tuple[Schedule, dt.datetime]) -> None:
    schedule, after = case
    assert next_slot(schedule, after) == _brute_next(schedule, after)


def test_transitions_found_by_the_tests_match_the_hand_dates() -> None:
    # 01:00 UTC on Sun 29 Mar and Sun 25 Oct 2026, as the EU rules say.
    assert _transitions(OSLO, 2026) == (utc(2026, 3, 29, 1), utc(2026, 10, 25, 1))
    # Auckland: 03:00 NZDT on Sun 5 Apr = Sat 14:00 UTC; 02:00 NZST on Sun 27 Sep = Sat 14:00 UTC.
    assert _transitions(AUCKLAND, 2026) == (utc(2026, 4, 4, 14), utc(2026, 9, 26, 14))


@PROPERTY
@given(schedule=schedules, start=afters, weeks=st.integers(0, 8))
def test_slots_between_walks_next_slot(schedule: Schedule, start: dt.datetime, weeks: int) -> None:
    end = start + dt.timedelta(weeks=weeks, hours=12)
    expected = []
    slot = next_slot(schedule, start)
    while slot <= end:
        expected.append(slot)
        slot = next_slot(schedule, slot)

    slots = slots_between(schedule, start, end)
    assert slots == expected
    assert len({slot_week(s, schedule.timezone) for s in slots}) == len(slots)

"""When the weekly check-in falls due: exact, DST-correct slot maths.

A slot is the owner's local wall time `schedule.time` on `schedule.weekday` in the owner's IANA
zone, so "Monday 09:00 Europe/Oslo" stays 09:00 in Oslo all year while its UTC instant moves by
an hour at each DST change. The scheduler stores slots in UTC and compares them with the clock;
this module only does the maths. It is pure: it does no I/O and never reads the clock, every
instant comes in as an argument.

Rules for wall times that are not exactly one instant:

- A wall time in a gap (spring forward: 02:30 on the last Sunday of March in Oslo does not exist)
  goes to the first instant after the gap, the moment the clocks jump (03:00 local, 01:00 UTC).
  That is never later than the wall time would have been, and never before it was due.
- An ambiguous wall time (autumn fold: 02:30 on the last Sunday of October in Oslo happens twice)
  takes the first occurrence (fold=0); the second occurrence is not another slot.

Equivalently, the slot for a local date is the first instant whose local wall time is at or after
that date and time. The local weekday is what counts: Monday 09:00 in Auckland is Sunday evening
in UTC. A gap can only move a slot to another date when the gap crosses midnight (Pacific/Apia
skipped all of 30 December 2011); then the slot is the first instant after it.

Unknown or invalid zone names fall back to UTC rather than raising: a bad value in the database
must not stop every other strategy's check-in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.model import Schedule

DEFAULT_GRACE = dt.timedelta(days=1)
_WEEK = dt.timedelta(days=7)


def zone_or_utc(name: str) -> dt.tzinfo:
    """The IANA zone called `name`, or UTC when the name is unknown or malformed."""
    try:
        return ZoneInfo(name)
    # ZoneInfo raises ZoneInfoNotFoundError for unknown names, ValueError for paths and other
    # malformed keys, IsADirectoryError (an OSError) for area names like "Europe".
    except (ZoneInfoNotFoundError, ValueError, OSError, TypeError):
        return dt.UTC


def _utc(moment: dt.datetime, name: str) -> dt.datetime:
    # A naive datetime would be read as the machine's local time: a hidden dependency on the
    # host, so refuse it instead of guessing.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got naive {moment!r}")
    return moment.astimezone(dt.UTC)


def _gap_end(tz: dt.tzinfo, before: dt.datetime, after: dt.datetime) -> dt.datetime:
    """The instant in (before, after] at which `tz` jumps forward (the end of a DST gap).

    zoneinfo exposes no transition list, so bisect on whole seconds: tz transitions are on
    whole seconds, and the offset is constant on each side of the jump within this window.
    """
    target = after.astimezone(tz).utcoffset()
    low = int(before.timestamp() // 1)  # offset differs from `target` here
    high = -int(-after.timestamp() // 1)  # ceiling; offset equals `target` here
    while high - low > 1:
        middle = (low + high) // 2
        if dt.datetime.fromtimestamp(middle, dt.UTC).astimezone(tz).utcoffset() == target:
            high = middle
        else:
            low = middle
    return dt.datetime.fromtimestamp(high, dt.UTC)


def _slot_on(tz: dt.tzinfo, day: dt.date, wall: dt.time) -> dt.datetime:
    """The slot for local date `day` at wall time `wall` in `tz`, as an aware UTC datetime."""
    first = dt.datetime.combine(day, wall, tzinfo=tz)  # fold=0: the first of two occurrences
    instant = first.astimezone(dt.UTC)
    if instant.astimezone(tz).replace(tzinfo=None) == first.replace(tzinfo=None):
        return instant
    # The wall time does not exist. For a gap, fold=0 uses the offset before the jump and
    # fold=1 the offset after it, so the jump lies between the two readings.
    return _gap_end(tz, first.replace(fold=1).astimezone(dt.UTC), instant)


def _wall_time(schedule: Schedule) -> dt.time:
    # Only the wall clock counts: drop any tzinfo on the time, and force fold=0 so an ambiguous
    # time always means its first occurrence.
    return schedule.time.replace(tzinfo=None, fold=0)


def _slots_after(schedule: Schedule, after: dt.datetime) -> Iterator[dt.datetime]:
    """Every slot strictly after `after`, in order."""
    tz = zone_or_utc(schedule.timezone)
    wall = _wall_time(schedule)
    after_utc = _utc(after, "after")
    local = after_utc.astimezone(tz)
    # Start at the latest scheduled weekday on or before the local date of `after`: the slot a
    # week before that is certainly not after `after`, and slots grow with their date.
    day = local.date() - dt.timedelta(days=(local.weekday() - schedule.weekday) % 7)
    while True:
        slot = _slot_on(tz, day, wall)
        if slot > after_utc:
            yield slot
        day += _WEEK


def next_slot(schedule: Schedule, after: dt.datetime) -> dt.datetime:
    """The first slot strictly after `after` (aware, any zone), as an aware UTC datetime.

    `after` equal to a slot gives the following week's slot, so feeding a slot back in walks
    the schedule week by week. Raises ValueError for a naive `after`.
    """
    return next(_slots_after(schedule, after))


def slots_between(schedule: Schedule, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """All slots in (start, end], oldest first, as aware UTC datetimes (catching up after downtime).

    Half-open so consecutive windows (last run, now] never send a slot twice.
    """
    end_utc = _utc(end, "end")
    slots: list[dt.datetime] = []
    for slot in _slots_after(schedule, start):
        if slot > end_utc:
            break
        slots.append(slot)
    return slots


def slot_week(slot: dt.datetime, timezone: str) -> dt.date:
    """The Monday (local date) of the ISO week `slot` falls in, in the owner's zone.

    This names "this week's check-in". It is the owner's week, not UTC's: Monday 09:00 in
    Auckland is still Sunday in UTC, and Sunday 22:00 in Los Angeles is already Monday in UTC.
    """
    local = _utc(slot, "slot").astimezone(zone_or_utc(timezone))
    return local.date() - dt.timedelta(days=local.weekday())


def is_within_grace(
    slot: dt.datetime, now: dt.datetime, grace: dt.timedelta = DEFAULT_GRACE
) -> bool:
    """Whether a check-in due at `slot` may still be sent at `now`: 0 ≤ now − slot ≤ grace.

    A slot not yet due is not within grace (sending it would be early); one older than
    `grace` is recorded as missed. Both ends are inclusive. Raises ValueError for naive
    datetimes or a negative grace.
    """
    if grace < dt.timedelta(0):
        raise ValueError(f"grace must not be negative, got {grace!r}")
    # Subtract in UTC: Python subtracts two datetimes sharing one tzinfo by wall clock, which
    # is off by an hour across a DST change.
    elapsed = _utc(now, "now") - _utc(slot, "slot")
    return dt.timedelta(0) <= elapsed <= grace

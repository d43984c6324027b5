"""The shell's clock: the machine's time moved on by what the user asked for (`:time +1w`).

It only moves forward, as time does for the coach in Slack: a check-in claimed, a reminder sent
or a report saved is never followed by an earlier "now".
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from zoneinfo import ZoneInfo

import dateparser

_UNITS = {
    "w": "weeks",
    "week": "weeks",
    "weeks": "weeks",
    "uke": "weeks",
    "uker": "weeks",
    "d": "days",
    "day": "days",
    "days": "days",
    "dag": "days",
    "dager": "days",
    "h": "hours",
    "hour": "hours",
    "hours": "hours",
    "t": "hours",
    "time": "hours",
    "timer": "hours",
    "m": "minutes",
    "min": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
    "minutt": "minutes",
    "minutter": "minutes",
}
_STEP = re.compile(r"(\d+)\s*([a-zæøå]+)")
_STEPS = re.compile(r"^\+\s*(?:\d+\s*[a-zæøå]+\s*)+$")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ShellClock:
    """`now()` is the machine's UTC time plus the distance the user moved the clock."""

    def __init__(self, zone: str, real: Callable[[], dt.datetime] = utc_now) -> None:
        self.zone = ZoneInfo(zone)
        self._real = real
        self._ahead = dt.timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        with self._lock:
            return self._real() + self._ahead

    def today(self) -> dt.date:
        """Today where the shell's user is."""
        return self.now().astimezone(self.zone).date()

    def local(self) -> dt.datetime:
        return self.now().astimezone(self.zone)

    def move_to(self, instant: dt.datetime) -> bool:
        """Move on to `instant`; False (and no move) if it is not after now."""
        with self._lock:
            distance = instant - (self._real() + self._ahead)
            if distance <= dt.timedelta(0):
                return False
            self._ahead += distance
            return True


def target_time(text: str, now: dt.datetime, zone: str) -> dt.datetime | None:
    """Where `:time <text>` moves the clock: `+1w`, `+2d 3h`, `+90m`, or a date and time in
    the user's zone (`2027-01-04 09:00`, `monday 9:00`); None if it can't be read."""
    text = text.strip().lower()
    if _STEPS.match(text):
        distance = dt.timedelta(0)
        for amount, unit in _STEP.findall(text):
            name = _UNITS.get(unit)
            if name is None:
                return None
            distance += dt.timedelta(**{name: int(amount)})
        return now + distance
    if not text or text.startswith(("+", "-")):
        return None
    local_now = now.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    found = dateparser.parse(
        text,
        languages=["en", "nb"],
        settings={
            "TIMEZONE": zone,
            "RETURN_AS_TIMEZONE_AWARE": True,
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": local_now,
            "DATE_ORDER": "YMD" if re.match(r"^\d{4}-", text) else "DMY",
        },
    )
    return found.astimezone(dt.UTC) if found is not None else None


def steps(start: dt.datetime, end: dt.datetime, most: int = 500) -> list[dt.datetime]:
    """The instants the shell ticks at on its way from `start` to `end` (both excluded start,
    included end): every hour, as the scheduler would have ticked meanwhile, or `most` even
    steps when that is fewer, so a check-in, its reminder and the next week's each come at
    their time."""
    distance = end - start
    if distance <= dt.timedelta(0):
        return []
    step = max(dt.timedelta(hours=1), distance / most)
    found = []
    at = start + step
    while at < end:
        found.append(at)
        at += step
    return [*found, end]

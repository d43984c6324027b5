"""A fixed clock for the app under test: it reads the time only from here, never from the
machine, so a test's branch never depends on the day or hour it happens to run.

`now()` and `today()` always agree (today is now's date in UTC); `advance()` moves both.
"""

from __future__ import annotations

import datetime as dt
import threading


class Clock:
    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        with self._lock:
            return self._now

    def today(self) -> dt.date:
        return self.now().astimezone(dt.UTC).date()

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        with self._lock:
            self._now += delta
            return self._now

    def set(self, when: dt.datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        with self._lock:
            self._now = when

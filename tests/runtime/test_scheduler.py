"""The APScheduler clock: it calls the tick with an aware UTC time, and a failing tick does not
stop the next one."""

from __future__ import annotations

import datetime as dt
import threading

from bot.runtime.scheduler import TICK_JOB_ID, start_ticking


def test_ticks_keep_coming_even_after_a_failure() -> None:
    seen: list[dt.datetime] = []
    enough = threading.Event()

    def tick(now: dt.datetime) -> None:
        seen.append(now)
        if len(seen) >= 2:
            enough.set()
        if len(seen) == 1:
            raise RuntimeError("a bad tick")

    scheduler = start_ticking(tick, seconds=1)
    try:
        assert enough.wait(timeout=10)
        assert scheduler.get_job(TICK_JOB_ID) is not None
    finally:
        scheduler.shutdown(wait=False)
    assert all(
        moment.tzinfo is not None and moment.utcoffset() == dt.timedelta(0) for moment in seen
    )

"""The APScheduler clock: it calls the tick with an aware UTC time, and a failing tick does not
stop the next one."""

from __future__ import annotations

import datetime as dt
import logging
import threading

import pytest
from sqlalchemy.exc import OperationalError

from bot.runtime.scheduler import REFRESH_JOB_ID, TICK_JOB_ID, start_ticking


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


def test_a_tick_that_meets_a_database_outage_logs_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An unreachable database is expected now and then: a warning without a traceback, and the
    next tick comes; any other failure keeps its traceback."""
    calls: list[int] = []
    enough = threading.Event()

    def tick(now: dt.datetime) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("SELECT 1", {}, Exception("connection refused\nsecond line"))
        if len(calls) == 2:
            raise RuntimeError("a bug")
        enough.set()

    caplog.set_level(logging.WARNING, logger="bot.runtime.scheduler")
    scheduler = start_ticking(tick, seconds=1)
    try:
        assert enough.wait(timeout=10)
    finally:
        scheduler.shutdown(wait=False)
    outage, bug = caplog.records[:2]
    assert outage.levelno == logging.WARNING and outage.exc_info is None
    assert "database is unreachable" in outage.getMessage()
    assert "second line" not in outage.getMessage()
    assert bug.levelno == logging.ERROR and bug.exc_info is not None


def test_the_profile_refresh_is_a_job_of_its_own_and_its_failure_stops_nothing() -> None:
    ticks: list[dt.datetime] = []
    refreshes: list[dt.datetime] = []
    enough = threading.Event()

    def tick(now: dt.datetime) -> None:
        ticks.append(now)
        if len(ticks) >= 2 and len(refreshes) >= 2:
            enough.set()

    def refresh(now: dt.datetime) -> None:
        refreshes.append(now)
        raise RuntimeError("Slack said no")

    scheduler = start_ticking(tick, seconds=1, refresh=refresh, refresh_seconds=1)
    try:
        assert enough.wait(timeout=10)
        assert scheduler.get_job(REFRESH_JOB_ID) is not None
        assert scheduler.get_job(TICK_JOB_ID) is not None
    finally:
        scheduler.shutdown(wait=False)

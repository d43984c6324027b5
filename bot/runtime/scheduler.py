"""The clock that drives weekly check-ins.

APScheduler only ticks: every tick asks the database what is due and claims it there
(storage/checkin_claims.py), so the database, not the scheduler's memory, decides what is sent. A
restart loses nothing, and two bot processes ticking against one database still send each
check-in once. One scheduler runs per `strategy-coach run` process (waitress serves the web
side with threads in that same process, so there is no per-worker copy).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from storage.db import is_outage

log = logging.getLogger(__name__)

TICK_JOB_ID = "strategy-coach-checkin-tick"
TICK_SECONDS = 30
# Beside the tick: owners' profiles asked of Slack a few at a time before they are old
# (bot/checkins/profile_refresh.py), guarded by the database like the tick's sends.
REFRESH_JOB_ID = "strategy-coach-profile-refresh"
REFRESH_SECONDS = 60


def start_ticking(
    tick: Callable[[dt.datetime], object],
    seconds: int = TICK_SECONDS,
    refresh: Callable[[dt.datetime], object] | None = None,
    refresh_seconds: int = REFRESH_SECONDS,
) -> BackgroundScheduler:
    """Call `tick(now)` every `seconds`, once at a time; missed ticks are merged, not queued.
    `refresh(now)`, if given, likewise every `refresh_seconds`, as a job of its own."""
    scheduler = BackgroundScheduler(timezone=dt.UTC)
    _every(scheduler, TICK_JOB_ID, "Check-in tick", tick, seconds)
    if refresh is not None:
        _every(scheduler, REFRESH_JOB_ID, "Profile refresh", refresh, refresh_seconds)
    scheduler.start()
    return scheduler


def _every(
    scheduler: BackgroundScheduler,
    job_id: str,
    name: str,
    job: Callable[[dt.datetime], object],
    seconds: int,
) -> None:
    def run() -> None:
        try:
            job(dt.datetime.now(dt.UTC))
        except Exception as error:  # one bad run must not stop the next
            if is_outage(error):  # expected now and then; the next run takes it up
                log.warning("%s skipped, the database is unreachable: %s", name, one_line(error))
            else:
                log.exception("%s failed", name)

    scheduler.add_job(
        run,
        "interval",
        seconds=seconds,
        id=job_id,
        name=name,  # in APScheduler's log lines
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=seconds,
        next_run_time=dt.datetime.now(dt.UTC),
    )


def one_line(error: BaseException) -> str:
    """The first line of an error's message (a driver's message can run to many lines)."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"[:300]


def stop_ticking(scheduler: BaseScheduler) -> None:
    """Start no new tick and wait for the one running: it stops between two sends once the
    process is stopping (the `should_stop` the runtime passes to `CheckinSender.tick`)."""
    scheduler.shutdown(wait=True)

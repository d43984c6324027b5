"""Stopping `strategy-coach run` gracefully on SIGTERM or SIGINT.

The first signal starts the stop: the server stops taking new work (bot/runtime/server.py), the
requests and envelopes already taken are answered, then the work Bolt runs after the ack (its
listener executor), the status charts and the check-in being sent are finished, and the
database is closed: one log line per phase, exit status 0. All of it shares one grace period
(`SHUTDOWN_GRACE_SECONDS`, 20 s by default); what is still running when it ends is cut off and
the exit status is 1. A second signal during the stop ends the process at once (128 + signal).

The signal handler does nothing but let Python's C-level handler write the signal's number to a
pipe (`signal.set_wakeup_fd`); the main thread reads it there. So no Python code of ours runs
inside a signal handler, where taking a lock the interrupted code holds would hang the process.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass

from apscheduler.schedulers.base import BaseScheduler
from sqlalchemy.engine import Engine

from bot.runtime.scheduler import stop_ticking

log = logging.getLogger(__name__)

STOP_SIGNALS = frozenset({signal.SIGTERM, signal.SIGINT})
# Exit status when the grace period ran out with work still running.
EXIT_CUT_OFF = 1
POLL_SECONDS = 0.05


class StopRequest:
    """The first SIGTERM/SIGINT, and the grace period that starts with it.

    Make it in the main thread once the bot is built: until then a signal ends the process at
    once, from then on it starts the graceful stop.
    """

    def __init__(self, grace_seconds: float) -> None:
        self.grace_seconds = grace_seconds
        self.signal_name = ""
        self._requested = threading.Event()
        self._deadline = 0.0
        self._started = 0.0
        self._signals, wakeup = os.pipe()
        os.set_blocking(wakeup, False)  # the C-level handler must never block
        signal.set_wakeup_fd(wakeup, warn_on_full_buffer=False)
        for signum in STOP_SIGNALS:
            signal.signal(signum, _noted_in_the_pipe)

    def is_requested(self) -> bool:
        return self._requested.is_set()

    def wait(self) -> None:
        """Block the main thread until SIGTERM or SIGINT arrives; the grace period starts."""
        received = _next_signal(self._signals)
        self._started = time.monotonic()
        self._deadline = self._started + self.grace_seconds
        self.signal_name = signal.Signals(received).name
        self._requested.set()
        threading.Thread(
            target=_end_on_second_signal, args=(self._signals,), name="second-signal", daemon=True
        ).start()
        log.info(
            "Stopping on %s: no new work; finishing what is in flight (grace %g s)",
            self.signal_name,
            self.grace_seconds,
        )

    def remaining(self) -> float:
        return max(0.0, self._deadline - time.monotonic())

    def elapsed(self) -> float:
        return time.monotonic() - self._started

    def until(self, done: Callable[[], bool]) -> bool:
        """Wait, within the grace period, until `done()`; whether it came true."""
        while not done():
            if self.remaining() <= 0:
                return False
            time.sleep(min(POLL_SECONDS, self.remaining()))
        return True

    def within(self, action: Callable[[], object]) -> bool:
        """Run a blocking `action` (an executor's shutdown, say), waiting for it only within
        the grace period; whether it finished."""
        worker = threading.Thread(target=action, name="graceful-stop", daemon=True)
        worker.start()
        worker.join(self.remaining())
        return not worker.is_alive()


def _noted_in_the_pipe(signum: int, frame: object) -> None:
    """Nothing: the signal's number is already in the wakeup pipe."""


def _next_signal(signals: int) -> int:
    while True:
        received = os.read(signals, 1)[0]
        if received in STOP_SIGNALS:
            return received


def _end_on_second_signal(signals: int) -> None:
    received = _next_signal(signals)
    log.warning("Second %s: stopping now", signal.Signals(received).name)
    logging.shutdown()
    os._exit(128 + received)


class InFlight:
    """Counts the work under way at a door (Socket Mode envelopes); once closed, nothing new
    enters and `until_idle` waits for what is inside."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._count = 0
        self._closed = False
        self.turned_away = 0

    def enter(self) -> bool:
        with self._cond:
            if self._closed:
                self.turned_away += 1
                return False
            self._count += 1
            return True

    def leave(self) -> None:
        with self._cond:
            self._count -= 1
            self._cond.notify_all()

    def close(self) -> int:
        """Let nothing new in; how many are still inside."""
        with self._cond:
            self._closed = True
            return self._count

    def until_idle(self, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self._count == 0, timeout)


@dataclass(frozen=True)
class BackgroundWork:
    """What keeps working after a request is answered, in the order it is stopped."""

    listeners: Executor  # Bolt's listener executor: the work after the ack
    charts: Executor  # the status charts the listeners hand over
    scheduler: BaseScheduler | None  # the check-in clock (None with --no-scheduler)
    engine: Engine


def finish(stop: StopRequest, work: BackgroundWork, front_done: bool) -> int:
    """After the server has answered what it took: finish the rest within the grace period,
    close the database, and give the exit status."""
    done = front_done
    phases: list[tuple[str, str, Callable[[], object]]] = [
        ("listeners", "Listeners finished", lambda: work.listeners.shutdown(wait=True)),
        ("status charts", "Status charts finished", lambda: work.charts.shutdown(wait=True)),
    ]
    if work.scheduler is not None:
        scheduler = work.scheduler
        phases.append(
            (
                "scheduler",
                "Scheduler stopped after its current send",
                lambda: stop_ticking(scheduler),
            )
        )
    for name, finished_line, action in phases:
        if stop.within(action):
            log.info("%s (%.1f s)", finished_line, stop.elapsed())
        else:
            done = False
            log.warning("Grace period over: %s cut off", name)
    work.engine.dispose()
    log.info("Database closed (%.1f s)", stop.elapsed())
    if not done:
        log.warning("Stopped after %.1f s with work cut off; exit status 1", stop.elapsed())
        logging.shutdown()
        os._exit(EXIT_CUT_OFF)  # threads still running would keep a normal exit waiting
    log.info("Stopped cleanly in %.1f s", stop.elapsed())
    return 0

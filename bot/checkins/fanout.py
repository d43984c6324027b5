"""Sending many claimed check-ins at once: a bounded pool of workers, each send in a copy of the
tick's context (the send enters its own team's scope), with Slack's rate limits kept per
workspace, method and channel (bot/slack/rate_limits.py).

A post Slack answers 429, or that its buckets would make wait, does not hold its worker: it is
put aside (`RateLimited`) and tried again once its `Retry-After` has passed, while the workers
send the other DMs, each its own channel. After `MAX_DEFERRALS` it is sent waiting in place, as
any other call waits out a 429.

A stop (`should_stop`, asked before each send starts) lets the sends under way finish and starts
no other: what was claimed and not sent is swept up after its lease (storage/checkin_claims.py),
as with one worker. Exactly-once does not depend on the order or the number of workers: each
check-in is claimed in the database before it gets here, and each send renews its own claim by
compare-and-set right before posting.

The clock and the pause are passed in (monotonic seconds), so the waiting is testable.
"""

from __future__ import annotations

import contextvars
import heapq
import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Generic, TypeVar

from bot.slack.rate_limits import RateLimited, deferring_posts

log = logging.getLogger(__name__)

T = TypeVar("T")
DEFAULT_WORKERS = 8
MAX_DEFERRALS = 5


def _never() -> bool:
    return False


class Fanout(Generic[T]):
    def __init__(
        self,
        workers: int = DEFAULT_WORKERS,
        clock: Callable[[], float] = time.monotonic,
        pause: Callable[[float], None] = time.sleep,
    ) -> None:
        self.workers = max(1, workers)
        self.clock = clock
        self.pause = pause

    def run(
        self,
        items: Iterable[T],
        send: Callable[[T], int],
        should_stop: Callable[[], bool] = _never,
    ) -> int:
        """`send(item)` for each item, at most `workers` at a time; the sum of what they
        returned (the DMs that went out). `items` is taken as workers come free: a generator
        may claim its next batch while a post put aside waits for its `Retry-After`."""
        pending = iter(items)
        later: list[tuple[float, int, T, int]] = []  # (ready at, order, item, deferrals)
        running: dict[Future[tuple[int, float | None]], tuple[T, int]] = {}
        sent, order, stopping, exhausted = 0, 0, False, False
        failure: BaseException | None = None
        with ThreadPoolExecutor(self.workers, thread_name_prefix="checkin-send") as pool:
            while True:
                now = self.clock()
                while not stopping and len(running) < self.workers:
                    ready = bool(later) and later[0][0] <= now
                    if not ready and exhausted:
                        break
                    if should_stop():
                        stopping = True  # claimed, unsent: swept up once the lease is over
                        break
                    if ready:
                        _, _, item, deferred = heapq.heappop(later)
                    else:
                        try:  # a generator may claim its next batch here
                            item, deferred = next(pending), 0
                        except StopIteration:
                            exhausted = True
                            continue
                    context = contextvars.copy_context()
                    task = pool.submit(context.run, self._attempt, send, item, deferred)
                    running[task] = (item, deferred)
                if not running:
                    if stopping or not later:
                        break
                    self.pause(max(0.0, later[0][0] - self.clock()))
                    continue
                timeout = max(0.0, later[0][0] - now) if later and not stopping else None
                done, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
                for task in done:
                    item, deferred = running.pop(task)
                    try:
                        count, retry_in = task.result()
                    except Exception as error:  # the others finish; no new send starts
                        failure, stopping = failure or error, True
                        continue
                    sent += count
                    if retry_in is not None:
                        order += 1
                        ready = self.clock() + retry_in
                        heapq.heappush(later, (ready, order, item, deferred + 1))
        if failure is not None:
            raise failure
        return sent

    @staticmethod
    def _attempt(send: Callable[[T], int], item: T, deferred: int) -> tuple[int, float | None]:
        """(DMs sent, None), or (0, seconds to wait) for a post put aside."""
        if deferred >= MAX_DEFERRALS:
            return send(item), None  # waits out its limits in place
        try:
            with deferring_posts():
                return send(item), None
        except RateLimited as limited:
            log.info("A check-in post is rate limited; trying again in %.1f s", limited.seconds)
            return 0, limited.seconds

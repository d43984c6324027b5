"""A thread pool whose tasks run in the context of the code that submitted them, and whose
queue can be bounded.

Bolt runs a request's listeners on its listener executor after the middleware has returned,
and the status charts render on their own pool: both must see the request's workspace (the
`ContextVar` in bot/slack/team_scope.py), so each task runs in a copy of the submitter's
context, as `asyncio.to_thread` does.

With `max_pending`, at most that many tasks wait or run at once: a burst of status requests
never queues unbounded work (each waiting chart holds its whole snapshot). Beyond it `submit`
raises `PoolFull` at once, never waits; `reserve()` takes a place without waiting for callers
that must know before they act (a status says in its own message that its chart is not
coming), and the place is used with `Place.submit` or given back with `Place.release`.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any


class PoolFull(RuntimeError):
    """The pool already has `max_pending` tasks waiting or running."""


class Place:
    """A place in a bounded pool's queue, taken by `ContextExecutor.reserve`: used once."""

    def __init__(self, pool: ContextExecutor) -> None:
        self._pool = pool
        self._used = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Run `fn` in this place; it is given back when the task is done (or not started)."""
        if self._used:
            raise RuntimeError("a place in the pool is used once")
        self._used = True
        return self._pool.start(fn, args, kwargs)

    def release(self) -> None:
        """Give the place back unused (idempotent after a submit)."""
        if not self._used:
            self._used = True
            self._pool.give_back()


class ContextExecutor(ThreadPoolExecutor):
    def __init__(
        self,
        max_workers: int | None = None,
        thread_name_prefix: str = "",
        max_pending: int | None = None,
    ) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self.max_pending = max_pending
        self._places = threading.BoundedSemaphore(max_pending) if max_pending else None

    def reserve(self) -> Place | None:
        """A place in the queue, without waiting; None when `max_pending` are taken."""
        if self._places is not None and not self._places.acquire(blocking=False):
            return None
        return Place(self)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        place = self.reserve()
        if place is None:
            raise PoolFull(f"{self.max_pending} tasks are waiting or running already")
        return place.submit(fn, *args, **kwargs)

    def start(
        self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Future[Any]:
        """Run `fn` in a copy of the caller's context, in a place already taken."""
        context = contextvars.copy_context()
        try:
            future = super().submit(context.run, fn, *args, **kwargs)
        except BaseException:  # shutting down: the place is free again
            self.give_back()
            raise
        future.add_done_callback(lambda _: self.give_back())
        self.started(future)
        return future

    def give_back(self) -> None:
        if self._places is not None:
            self._places.release()

    def started(self, future: Future[Any]) -> None:
        """Hook: a task was started (DrainableExecutor keeps them)."""


class DrainableExecutor(ContextExecutor):
    """A ContextExecutor whose submitted work can be waited for: `strategy-coach shell` shows
    a status's chart before its next prompt, and the tests check that nothing more is coming."""

    def __init__(
        self,
        max_workers: int = 2,
        thread_name_prefix: str = "status-chart",
        max_pending: int | None = None,
    ) -> None:
        super().__init__(max_workers, thread_name_prefix, max_pending)
        self._futures: list[Future[Any]] = []
        self._futures_lock = threading.Lock()
        self._submitted = 0

    def started(self, future: Future[Any]) -> None:
        with self._futures_lock:
            self._futures = [f for f in self._futures if not f.done()]  # bounded by the work
            self._futures.append(future)
            self._submitted += 1

    @property
    def submitted(self) -> int:
        """How many tasks were submitted so far."""
        with self._futures_lock:
            return self._submitted

    def drain(self, timeout: float = 20.0) -> int:
        """Wait until everything submitted so far is done, at most `timeout` seconds; how many
        are still running (0: all done)."""
        with self._futures_lock:
            pending = list(self._futures)
        _, not_done = wait(pending, timeout=timeout)
        return len(not_done)

"""A thread pool whose tasks run in the context of the code that submitted them.

Bolt runs a request's listeners on its listener executor after the middleware has returned,
and the status charts render on their own pool: both must see the request's workspace (the
`ContextVar` in bot/slack/team_scope.py), so each task runs in a copy of the submitter's
context, as `asyncio.to_thread` does.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any


class ContextExecutor(ThreadPoolExecutor):
    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        context = contextvars.copy_context()
        return super().submit(context.run, fn, *args, **kwargs)


class DrainableExecutor(ContextExecutor):
    """A ContextExecutor whose submitted work can be waited for: `strategy-coach shell` shows
    a status's chart before its next prompt, and the tests check that nothing more is coming."""

    def __init__(self, max_workers: int = 2, thread_name_prefix: str = "status-chart") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self._futures: list[Future[Any]] = []
        self._futures_lock = threading.Lock()
        self._submitted = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        with self._futures_lock:
            self._futures = [f for f in self._futures if not f.done()]  # bounded by the work
            self._futures.append(future)
            self._submitted += 1
        return future

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

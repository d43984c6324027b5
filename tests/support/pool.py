"""A thread pool the tests can wait on: the app under test renders its status charts here,
and `drain()` returns once every chart submitted so far has finished (uploaded or given up).

After the HTTP reply (the app answers only when its listener is done) and `drain()`, nothing
more is coming: "no chart was sent" is then a check that can fail.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, wait
from typing import Any

from bot.runtime.executors import ContextExecutor


class DrainablePool(ContextExecutor):
    """Each chart renders in the context it was submitted from (its request's workspace in
    scope), as in the app."""

    def __init__(self, max_workers: int = 2, thread_name_prefix: str = "status-chart") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self._futures: list[Future[Any]] = []
        self._futures_lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        with self._futures_lock:
            self._futures.append(future)
        return future

    @property
    def submitted(self) -> int:
        with self._futures_lock:
            return len(self._futures)

    def drain(self, timeout: float = 20.0) -> None:
        """Wait until every chart submitted so far is done; fail the test if one hangs."""
        with self._futures_lock:
            pending = list(self._futures)
        _, not_done = wait(pending, timeout=timeout)
        assert not not_done, f"{len(not_done)} chart(s) still running after {timeout}s"

"""A thread pool the tests can wait on: the app under test renders its status charts here,
and `drain()` returns once every chart submitted so far has finished (uploaded or given up).

After the HTTP reply (the app answers only when its listener is done) and `drain()`, nothing
more is coming: "no chart was sent" is then a check that can fail.
"""

from __future__ import annotations

from bot.insights.status import CHART_QUEUE
from bot.runtime.executors import DrainableExecutor


class DrainablePool(DrainableExecutor):
    """Each chart renders in the context it was submitted from (its request's workspace in
    scope), as in the app; a chart that hangs fails the test. Bounded like the app's pool."""

    def __init__(self, max_workers: int = 2, max_pending: int = CHART_QUEUE) -> None:
        super().__init__(max_workers, "status-chart", max_pending)

    def drain(self, timeout: float = 20.0) -> int:
        running = super().drain(timeout)
        assert not running, f"{running} chart(s) still running after {timeout}s"
        return 0

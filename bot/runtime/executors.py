"""A thread pool whose tasks run in the context of the code that submitted them.

Bolt runs a request's listeners on its listener executor after the middleware has returned,
and the status charts render on their own pool: both must see the request's workspace (the
`ContextVar` in bot/slack/team_scope.py), so each task runs in a copy of the submitter's
context, as `asyncio.to_thread` does.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


class ContextExecutor(ThreadPoolExecutor):
    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        context = contextvars.copy_context()
        return super().submit(context.run, fn, *args, **kwargs)

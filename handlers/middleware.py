"""The app's global middlewares as Bolt `Middleware` objects, which Bolt calls as they are.

A plain function given to `app.middleware` is inspected and handed every argument it names on
each request (`build_required_kwargs`): with five of them that was a quarter of the time before
an ack. Each of ours takes `(body, context, next)` and is wrapped in `Direct`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

BodyMiddleware = Callable[[dict, BoltContext, Callable[[], Any]], BoltResponse | None]


class Direct(Middleware):
    def __init__(self, func: BodyMiddleware) -> None:
        self.func = func

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        return self.func(req.body, req.context, next)

    @property
    def name(self) -> str:
        return f"Direct({getattr(self.func, '__qualname__', repr(self.func))})"

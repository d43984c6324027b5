"""Which workspace the code running now works for: the team whose token a Slack call uses.

A `ContextVar`, so each request thread, listener and scheduled job has its own. A Bolt
middleware enters the request's team first thing (`enter_team`, never reset: Bolt runs the
listeners after every middleware has returned, and the next request on the same thread enters
its own team before anything else); the scheduler wraps each workspace's work in `in_team`.
Thread pools that run work for a request copy the context on submit
(bot/runtime/executors.py).

In multi-workspace mode `SlackIO` (bot/slack/client.py) refuses a call made with no team in
scope rather than guess one (bot/slack/tokens.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Team:
    team_id: str | None
    enterprise_id: str | None = None
    # The bot token Bolt's authorization found for this request (already renewed by Bolt when
    # it was about to expire), so the request's calls use it rather than renew it again.
    bot_token: str | None = field(default=None, repr=False, compare=False)

    @property
    def workspace(self) -> Team:
        """The same team without the request's token."""
        return Team(self.team_id, self.enterprise_id)


_current: ContextVar[Team | None] = ContextVar("strategy_coach_team", default=None)


def current_team() -> Team | None:
    """The team in scope; None when nothing entered one (or a request named no team)."""
    team = _current.get()
    if team is None or not (team.team_id or team.enterprise_id):
        return None
    return team


def enter_team(
    team_id: str | None, enterprise_id: str | None = None, bot_token: str | None = None
) -> None:
    """Set the team for the rest of this context (a request), replacing any earlier one; a
    request with no team clears it, so nothing of an earlier request's team remains."""
    _current.set(Team(team_id or None, enterprise_id or None, bot_token or None))


@contextlib.contextmanager
def in_team(team_id: str | None, enterprise_id: str | None = None) -> Iterator[Team]:
    """The team for the calls inside the block, restored to what it was afterwards."""
    team = Team(team_id or None, enterprise_id or None)
    token = _current.set(team)
    try:
        yield team
    finally:
        _current.reset(token)

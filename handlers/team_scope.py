"""The first global middleware: the request's workspace in scope for every Slack call it leads
to (bot/slack/team_scope.py), from Bolt's `context.team_id` / `context.enterprise_id`.

Set without a reset: Bolt's sync `next()` only marks that the chain went on, and the listeners
run after every middleware has returned (on this thread, or on the listener executor, which
copies this context). Each request sets it first thing, so a server thread reused by the next
request never keeps the earlier team; a request that names no team clears it.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import BoltContext

from bot.slack.team_scope import enter_team


def enter_request_team(body: dict, context: BoltContext, next: Callable[[], None]) -> None:
    # With the token Bolt's authorization found (multi-workspace mode): already renewed if it
    # was about to expire, so the request's calls never renew it a second time.
    enter_team(context.team_id, context.enterprise_id, context.bot_token)
    next()

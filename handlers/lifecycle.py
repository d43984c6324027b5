"""`app_uninstalled` and `tokens_revoked`, and the request that shows a workspace is back.

Both events are answered 200 (Bolt's 404 for an unhandled event makes Slack retry them and, in
time, switch event delivery off). Any other signed request from a team marked uninstalled
clears the mark: the app was reinstalled (bot/lifecycle/service.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from slack_bolt import App, BoltContext

from bot.lifecycle.service import WorkspaceLifecycle
from handlers.middleware import Direct

log = logging.getLogger(__name__)

LIFECYCLE_EVENTS = ("app_uninstalled", "tokens_revoked")


def register(app: App, lifecycle: WorkspaceLifecycle) -> None:
    def app_uninstalled(event: dict, context: BoltContext) -> None:
        lifecycle.uninstalled(context.team_id or "", "app_uninstalled", *_installed_as(context))

    def tokens_revoked(event: dict, context: BoltContext) -> None:
        # The bot token is the workspace's; a user's revoked OAuth token leaves the app working
        # (in multi-workspace mode only that user's installation rows go).
        tokens = event.get("tokens")
        if not isinstance(tokens, dict):
            return
        if tokens.get("bot"):
            lifecycle.uninstalled(context.team_id or "", "tokens_revoked", *_installed_as(context))
        users = tokens.get("oauth")
        if isinstance(users, list) and users:
            lifecycle.users_revoked(context.team_id or "", users, *_installed_as(context))

    def back_on_request(body: dict, context: BoltContext, next: Callable[[], None]) -> None:
        event = body.get("event") if isinstance(body, dict) else None
        event_type = event.get("type") if isinstance(event, dict) else None
        if context.team_id and event_type not in LIFECYCLE_EVENTS:
            try:
                lifecycle.seen(context.team_id, _event_time(body))
            except Exception as error:  # never in the way of the request itself
                log.warning(
                    "Checking whether workspace %s is back failed: %s", context.team_id, error
                )
        next()

    app.event("app_uninstalled")(app_uninstalled)
    app.event("tokens_revoked")(tokens_revoked)
    app.middleware(Direct(back_on_request))


def _installed_as(context: BoltContext) -> tuple[str | None, bool]:
    """The enterprise and whether the app is installed org-wide: where its installation is."""
    return context.enterprise_id, bool(context.is_enterprise_install)


def _event_time(body: object) -> dt.datetime | None:
    """When Slack says an event happened (`event_time`); None for commands and interactivity,
    which someone is doing right now."""
    seconds = body.get("event_time") if isinstance(body, dict) else None
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        return None
    try:
        return dt.datetime.fromtimestamp(seconds, dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None

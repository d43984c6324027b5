"""When the database is away, every request gets an answer Slack or the person can act on.

- `database_guard` (a global middleware) asks the database first (a pooled `SELECT 1` outside
  any transaction). If it can't be reached, no listener runs and nothing is acked: events get
  503, so Slack sends them again later (an event answered 200 and then dropped would be lost for
  good); slash commands and interactivity tell the person, only them, to try again in a minute.
  An answer is kept for `GUARD_WINDOW` seconds when it was yes (the check was most of the time
  before an ack), never when it was no: a request in the first moment of an outage goes on to
  its listener, which rides it out like an outage that begins after the check.
- `rides_out_outages` wraps an event listener, whose work runs after the ack: a unit of work
  that fails because the database went away mid-way is run again, with backoff, for a bounded
  time. Services load, decide and save in one transaction before they speak, and a reply's claim
  (`storage/processed_messages`) commits in that same transaction, so a retry never answers twice.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import BoltContext, BoltResponse

from bot.slack.client import SlackIO
from bot.slack.outage import database_unreachable, unreachable_modal
from bot.slack.surface import INTERACTION_TYPES
from storage.db import PATIENCE, SessionFactory, is_outage, is_reachable

log = logging.getLogger(__name__)

Listener = TypeVar("Listener", bound=Callable[..., Any])
Middleware = Callable[..., BoltResponse | None]


# Seconds a "the database answers" is trusted for; a "no" is asked again by the next request.
GUARD_WINDOW = 0.5


class RecentAnswer:
    """Whether the database answers, asked at most once per `window` while it does."""

    def __init__(
        self,
        sessions: SessionFactory,
        window: float = GUARD_WINDOW,
        ticks: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sessions = sessions
        self.window = window
        self.ticks = ticks
        self._answered_at: float | None = None  # when it last said yes

    def reachable(self) -> bool:
        answered_at, now = self._answered_at, self.ticks()
        if answered_at is not None and 0 <= now - answered_at < self.window:
            return True
        if is_reachable(self.sessions):
            self._answered_at = now
            return True
        self._answered_at = None
        return False


def database_guard(
    sessions: SessionFactory, slack: SlackIO, database: RecentAnswer | None = None
) -> Middleware:
    """The middleware: the database is asked (see `RecentAnswer`) before any listener runs or
    anything is acked."""
    answers = database or RecentAnswer(sessions)

    def guard(body: dict, context: BoltContext, next: Callable[[], Any]) -> BoltResponse | None:
        kind = _kind(body)
        if kind is None or answers.reachable():
            return next()
        return _refuse(kind, body, context, slack)

    return guard


def _kind(body: dict) -> str | None:
    """What the request is, as far as an outage answer goes; None if it needs no database."""
    if body.get("type") == "event_callback":
        return "event"
    if "command" in body:
        return "command"
    if body.get("type") in INTERACTION_TYPES:
        return str(body["type"])
    return None  # url_verification, ssl_check, app_rate_limited: Bolt answers them itself


def _refuse(kind: str, body: dict, context: BoltContext, slack: SlackIO) -> BoltResponse:
    if kind == "event":
        log.warning(
            "Database unreachable: event %s refused with 503, Slack will send it again",
            body.get("event_id"),
        )
        return BoltResponse(status=503, body="database unreachable, retry later\n")
    log.warning("Database unreachable: told the person who sent a %s to try again", kind)
    text = database_unreachable(_locale(body))
    if kind == "command":  # a slash command's answer body is shown to the person who typed it
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
    if kind == "view_submission":
        return BoltResponse(status=200, body=_form_answer(body, text))
    _tell(body, context, slack, text)
    return BoltResponse(status=200, body="")


def _locale(body: dict) -> str | None:
    """The person's Slack locale, when the payload carries it (the database that knows their
    chosen language is the one that is away); English otherwise."""
    user = body.get("user")
    for found in (
        user.get("locale") if isinstance(user, dict) else None,
        body.get("locale"),
        body.get("user_locale"),
    ):
        if isinstance(found, str) and found:
            return found
    return None


def _form_answer(body: dict, text: str) -> dict:
    """A submitted form stays open with what was typed: the sentence shows under its first
    input; a form without inputs gets it in a modal pushed on top."""
    view = body.get("view") if isinstance(body.get("view"), dict) else {}
    values = ((view or {}).get("state") or {}).get("values") or {}
    if isinstance(values, dict) and values:
        return {"response_action": "errors", "errors": {next(iter(values)): text}}
    return {"response_action": "push", "view": unreachable_modal(_locale(body))}


def _tell(body: dict, context: BoltContext, slack: SlackIO, text: str) -> None:
    """A button: the sentence through the message's response_url, or (the Home tab has none)
    in a small modal opened with the click's trigger_id."""
    try:
        if context.respond is not None and body.get("response_url"):
            context.respond(text=text, response_type="ephemeral", replace_original=False)
        elif body.get("trigger_id"):
            slack.open_view(str(body["trigger_id"]), unreachable_modal(_locale(body)))
    except Exception as error:  # telling is a courtesy; the request is answered regardless
        log.warning("Could not tell the person the database is unreachable: %s", error)


def rides_out_outages(listener: Listener) -> Listener:
    """Run `listener` again while the database is briefly away (see `Patience`). Bolt still
    sees the listener's own arguments (it reads them through `functools.wraps`)."""

    @functools.wraps(listener)
    def patient(*args: Any, **kwargs: Any) -> Any:
        return PATIENCE.run(lambda: listener(*args, **kwargs), listener.__name__)

    return patient  # type: ignore[return-value]


def tell_if_outage(error: Exception, body: dict, respond: Callable[..., Any]) -> None:
    """A command whose database went away after its ack (the guard had found it): the person
    is told to try again, instead of hearing nothing; any other error goes on to Bolt's log."""
    if not is_outage(error):
        raise error
    log.warning("Database unreachable while answering a command: told the person to try again")
    try:
        respond(text=database_unreachable(_locale(body)), response_type="ephemeral")
    except Exception as failure:  # telling is a courtesy
        log.warning("Could not tell the person the database is unreachable: %s", failure)

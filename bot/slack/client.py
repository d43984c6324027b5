"""The Web API calls the coach makes, with Slack's failures turned into values, not crashes.

Only this module (and the runtime that builds it) holds a `WebClient`; capabilities call
`SlackIO` with the blocks their pure message builders made.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from http.client import HTTPException
from typing import cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest

from bot.slack import files as slack_files
from bot.slack.auth_watch import AuthFailure, AuthWatch
from bot.slack.rate_limits import PacedClient, PacedRateLimitRetry, shared
from bot.slack.team_scope import current_team
from bot.slack.tokens import SingleToken, TokenSource

log = logging.getLogger(__name__)


# Calls that may be repeated when the first attempt's fate is unknown (a dropped connection, a
# 5xx): reads, and writes that set a state rather than add something. `chat.postMessage` is
# not one of them: `SlackIO.post_or_error` reconciles it instead (looks the message up first).
_REPEATABLE_PREFIXES = ("users.", "conversations.", "auth.", "team.", "bots.")
_REPEATABLE_METHODS = frozenset({"chat.getPermalink", "chat.update", "views.publish"})
# The marker a post carries in its `metadata`, so a post whose answer was lost can be found.
POST_EVENT_TYPE = "strategy_coach_post"
# A post that is confirmed not to have landed is tried this often in all (like the 5xx retries).
_POST_ATTEMPTS = 3


def _method(request: HttpRequest) -> str:
    return request.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def is_repeatable(method: str) -> bool:
    """True for the Web API methods that are safe to send twice."""
    return method in _REPEATABLE_METHODS or method.startswith(_REPEATABLE_PREFIXES)


class _RepeatableConnectionErrors(ConnectionErrorRetryHandler):
    """A dropped connection is retried only for calls that are safe to repeat."""

    def _can_retry(self, *, state, request, response=None, error=None) -> bool:  # type: ignore[no-untyped-def]
        if not is_repeatable(_method(request)):
            return False
        return super()._can_retry(state=state, request=request, response=response, error=error)


class _RepeatableServerErrors(ServerErrorRetryHandler):
    """Slack's 5xx is retried only for calls that are safe to repeat: a post may have landed."""

    def _can_retry(self, *, state, request, response=None, error=None) -> bool:  # type: ignore[no-untyped-def]
        if not is_repeatable(_method(request)):
            return False
        return super()._can_retry(state=state, request=request, response=response, error=error)


def make_client(token: str, base_url: str) -> WebClient:
    """A Web API client keeping Slack's rate limits with the process's other clients, a 429 (Slack
    did nothing) holding back its method or channel alone (bot/slack/rate_limits.py); dropped
    connections and Slack's 5xx retried only for calls safe to repeat."""
    limits = shared(base_url)
    return PacedClient(
        token=token or None,  # "": no token (multi-workspace mode, Bolt then warns nothing)
        base_url=base_url,
        limits=limits,
        retry_handlers=[
            PacedRateLimitRetry(limits, max_retry_count=3),
            _RepeatableConnectionErrors(max_retry_count=2),
            _RepeatableServerErrors(max_retry_count=2),
        ],
    )


@dataclass(frozen=True)
class SlackUser:
    tz: str | None  # None: Slack could not say (the caller keeps what it had)
    locale: str | None
    name: str | None = None  # the display name, else the real name


@dataclass(frozen=True)
class SlackPerson:
    """An account as `users.list` gives it: the names people know it by."""

    user_id: str
    real_name: str
    display_name: str
    first_name: str
    is_bot: bool
    deleted: bool


class SlackIO:
    """The calls, each made with the client `tokens` gives for the workspace in scope: one
    client (a `WebClient`, or `SingleToken`), or each installed workspace's own token
    (`InstalledTokens`, which refuses a call with no workspace in scope: bot/slack/tokens.py)."""

    def __init__(
        self, tokens: WebClient | TokenSource, on_auth_failure: AuthFailure | None = None
    ) -> None:
        self.tokens: TokenSource = SingleToken(tokens) if isinstance(tokens, WebClient) else tokens
        # With `on_auth_failure`, a refused token on any call is reported (bot/slack/auth_watch.py).
        self._on_auth_failure = on_auth_failure
        self._single: WebClient | None = None
        if isinstance(self.tokens, SingleToken):
            client = self.tokens.web_client
            watched = client if on_auth_failure is None else AuthWatch(client, on_auth_failure)
            self._single = cast(WebClient, watched)

    @property
    def client(self) -> WebClient:
        """The client for the call about to be made: the one client, or the workspace's."""
        if self._single is not None:
            return self._single
        team = current_team()
        client, team_id = self.tokens.client(team)
        if self._on_auth_failure is None:
            return client
        tokens = self.tokens

        def renew() -> WebClient | None:
            assert team is not None  # tokens.client() refused the call otherwise
            if not tokens.renew(team, client.token):
                return None
            return tokens.client(team.workspace)[0]

        return cast(WebClient, AuthWatch(client, self._on_auth_failure, team_id, renew))

    def whoami(self) -> tuple[str | None, str | None]:
        """`auth.test`: (the token's team id, None), or (None, Slack's error or 'unreachable')."""
        try:
            team_id = self.client.auth_test().get("team_id")
        except SlackApiError as error:
            return None, str(error.response.get("error") or "error")
        except (SlackRequestError, OSError, HTTPException) as error:
            log.warning("auth.test failed: %s", error)
            return None, "unreachable"
        return (str(team_id), None) if team_id else (None, "error")

    def user(self, user_id: str) -> SlackUser:
        """The user's IANA time zone and locale; None for what Slack can't say."""
        try:
            user = self.client.users_info(user=user_id, include_locale=True)["user"]
        except (
            SlackApiError,
            SlackRequestError,
            OSError,
            HTTPException,
            KeyError,
            TypeError,
        ) as error:
            log.warning("users.info failed for %s: %s", user_id, error)
            return SlackUser(tz=None, locale=None)
        profile = user.get("profile") or {}
        name = profile.get("display_name") or user.get("real_name") or user.get("name") or None
        tz = user.get("tz") or None
        try:
            if tz is not None:
                ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            tz = None
        return SlackUser(tz=tz, locale=user.get("locale"), name=name)

    def post(
        self, channel: str, text: str, block_list: list[dict], thread_ts: str | None = None
    ) -> str | None:
        """Post a message; its ts, or None when Slack refused (the error is logged)."""
        ts, error = self.post_or_error(channel, text, block_list, thread_ts)
        if error is not None:
            log.warning("chat.postMessage to %s failed: %s", channel, error)
        return ts

    def post_or_error(
        self,
        channel: str,
        text: str,
        block_list: list[dict],
        thread_ts: str | None = None,
        post_id: str | None = None,
        look_first: bool = False,
    ) -> tuple[str | None, str | None]:
        """Post a message: (its ts, None), or (None, Slack's error code) to explain.

        Reconciled, never blindly repeated: the message carries `post_id` (made up here when
        not given) in its metadata; when the answer is lost (dropped connection, timeout, 5xx)
        the thread or channel is searched for it, and it is posted again only if it is not
        there. `look_first` searches before the first attempt too (a post an earlier process
        may have made before it stopped). The error "unknown" means Slack could not say.
        """
        return self.post_where(channel, text, block_list, thread_ts, post_id, look_first)[1:]

    def post_where(
        self,
        channel: str,
        text: str,
        block_list: list[dict],
        thread_ts: str | None = None,
        post_id: str | None = None,
        look_first: bool = False,
    ) -> tuple[str | None, str | None, str | None]:
        """`post_or_error` with the channel the post is in first, as Slack's answer names it: a
        post to a person's user id is in the app's DM with them (opened, `conversations.open`,
        only to look for a post whose answer was lost)."""
        post_id = post_id or uuid.uuid4().hex
        if look_first:
            found = self._find_post(where := self._dm_of(channel), thread_ts, post_id)
            if found is not None:
                return where, (found or None), (None if found else "unknown")
        for _ in range(_POST_ATTEMPTS):
            try:
                response = self.client.chat_postMessage(
                    channel=channel,
                    text=text,
                    blocks=block_list,
                    thread_ts=thread_ts,
                    metadata={"event_type": POST_EVENT_TYPE, "event_payload": {"id": post_id}},
                )
                return response.get("channel") or channel, response.get("ts"), None
            except SlackApiError as error:
                status = error.response.status_code
                if status < 500:
                    return channel, None, str(error.response.get("error") or "error")
                log.warning("chat.postMessage to %s answered %s; looking it up", channel, status)
            except (SlackRequestError, OSError, HTTPException) as error:
                log.warning(
                    "chat.postMessage to %s lost its answer (%s); looking it up", channel, error
                )
            found = self._find_post(where := self._dm_of(channel), thread_ts, post_id)
            if found is None:
                continue  # not there: Slack never took it, so posting again is safe
            return where, (found or None), (None if found else "unknown")
        return None, None, "unreachable"

    def _dm_of(self, channel: str) -> str:
        return (self.open_dm(channel) or channel) if channel[:1] in ("U", "W") else channel

    def _find_post(self, channel: str, thread_ts: str | None, post_id: str) -> str | None:
        """The ts of the bot's message carrying `post_id`; None if Slack says it is not there,
        "" if Slack could not be asked (then nobody can tell, and nothing is posted again)."""
        try:
            if thread_ts:
                response = self.client.conversations_replies(
                    channel=channel, ts=thread_ts, include_all_metadata=True, limit=200
                )
            else:  # the latest messages: the post is at most as old as the attempt
                response = self.client.conversations_history(
                    channel=channel, include_all_metadata=True, limit=100
                )
            messages = list(response.get("messages") or [])
        except (SlackApiError, SlackRequestError, OSError, HTTPException) as error:
            log.warning("looking up a post in %s failed: %s", channel, error)
            return ""
        for message in messages:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == POST_EVENT_TYPE and payload.get("id") == post_id:
                return str(message.get("ts") or "") or ""
        return None

    def update(self, channel: str, ts: str, text: str, block_list: list[dict]) -> None:
        try:
            self.client.chat_update(channel=channel, ts=ts, text=text, blocks=block_list)
        except SlackApiError as error:
            log.warning("chat.update in %s failed: %s", channel, error.response.get("error"))

    def open_dm(self, user_id: str) -> str | None:
        """The bot's direct-message channel with a user."""
        try:
            return self.client.conversations_open(users=user_id)["channel"]["id"]
        except (SlackApiError, KeyError, TypeError) as error:
            log.warning("conversations.open with %s failed: %s", user_id, error)
            return None

    def permalink(self, channel: str, ts: str) -> str | None:
        if not ts:  # a link built from no ts would point at the channel, not the message
            return None
        try:
            return self.client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
        except SlackApiError:
            return None

    def open_view(self, trigger_id: str, view: dict) -> bool:
        try:
            self.client.views_open(trigger_id=trigger_id, view=view)
        except SlackApiError as error:
            log.warning("views.open failed: %s", error.response.get("error"))
            return False
        return True

    def is_public_channel(self, channel_id: str) -> bool:
        """True only when Slack says the channel is a public channel; unknown counts as private,
        so a failure never shows a private strategy elsewhere."""
        try:
            channel = self.client.conversations_info(channel=channel_id)["channel"]
        except (SlackApiError, KeyError, TypeError) as error:
            log.warning("conversations.info for %s failed: %s", channel_id, error)
            return False
        # A channel shared with another organisation is not "public" for our purposes either.
        closed = ("is_private", "is_im", "is_mpim", "is_ext_shared", "is_pending_ext_shared")
        return "is_private" in channel and not any(channel.get(key) for key in closed)

    def upload(
        self,
        channel: str,
        files: list[dict],
        thread_ts: str | None = None,
        comment: str | None = None,
    ) -> bool:
        """Share files in a channel with `files_upload_v2` (bot/slack/files.py)."""
        return self.upload_files(channel, files, thread_ts, comment) is not None

    def upload_files(
        self,
        channel: str,
        files: list[dict],
        thread_ts: str | None = None,
        comment: str | None = None,
    ) -> list[str] | None:
        """`upload`, answering with the ids Slack gave the files (None when it refused)."""
        return slack_files.upload_files(self.client, channel, files, thread_ts, comment)

    def post_ephemeral(
        self,
        channel: str,
        user_id: str,
        text: str,
        block_list: list[dict],
        thread_ts: str | None = None,
    ) -> None:
        try:
            self.client.chat_postEphemeral(
                channel=channel, user=user_id, text=text, blocks=block_list, thread_ts=thread_ts
            )
        except SlackApiError as error:
            log.warning("chat.postEphemeral failed: %s", error.response.get("error"))

    def publish_home(self, user_id: str, view: dict) -> bool:
        try:
            self.client.views_publish(user_id=user_id, view=view)
        except SlackApiError as error:
            log.warning("views.publish for %s failed: %s", user_id, error.response.get("error"))
            return False
        return True

    def channel_members_page(
        self, channel: str, cursor: str | None = None, limit: int = 200
    ) -> tuple[list[str], str | None] | None:
        """One page of `conversations.members`: user ids and the next cursor; None on failure."""
        try:
            response = self.client.conversations_members(
                channel=channel, cursor=cursor or None, limit=limit
            )
            members = [str(member) for member in response["members"]]
        except (SlackApiError, SlackRequestError, OSError, KeyError, TypeError) as error:
            log.warning("conversations.members for %s failed: %s", channel, error)
            return None
        return members, _next_cursor(response)

    def people_page(
        self, cursor: str | None = None, limit: int = 200
    ) -> tuple[list[SlackPerson], str | None] | None:
        """One page of `users.list`: the accounts and the next cursor; None on failure."""
        try:
            response = self.client.users_list(cursor=cursor or None, limit=limit)
            people = [_person(user) for user in response["members"] if user.get("id")]
        except (SlackApiError, SlackRequestError, OSError, KeyError, TypeError) as error:
            log.warning("users.list failed: %s", error)
            return None
        return people, _next_cursor(response)


def _next_cursor(response: object) -> str | None:
    metadata = response.get("response_metadata") or {}  # type: ignore[attr-defined]
    return metadata.get("next_cursor") or None


def _person(user: dict) -> SlackPerson:
    profile = user.get("profile") or {}
    return SlackPerson(
        user_id=str(user["id"]),
        real_name=str(profile.get("real_name") or user.get("real_name") or ""),
        display_name=str(profile.get("display_name") or ""),
        first_name=str(profile.get("first_name") or ""),
        is_bot=bool(user.get("is_bot")) or user["id"] == "USLACKBOT",
        deleted=bool(user.get("deleted")),
    )

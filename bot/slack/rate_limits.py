"""Slack's rate limits, kept per workspace, method and channel by every client of the process.

Slack limits each Web API method per app and workspace (https://api.slack.com/apis/rate-limits):
Tier 2 20+ calls a minute, Tier 3 50+, Tier 4 100+, bursts welcome; `chat.postMessage` about one
message a second per channel with short bursts, under a workspace-wide ceiling Slack does not
publish. `RateLimits` keeps a token bucket per (team, method), and per (team, channel) for posts,
shared by every client of the process that talks to the same Slack (`shared(api_url)`): with
several processes each keeps its own, a 429 still tells each what Slack thinks, and the
check-in sender tells each how many are posting check-ins now (`share_posts`), so each paces a
workspace's posts at its share of the ceiling.

- Before each call (`PacedClient.api_call`) the call takes a token from its buckets, waiting for
  one if the bucket is empty. The tiers are minimums ("50+ a minute"), a channel's burst and the
  workspace's post ceiling are not published, so each bucket trusts Slack until its first 429
  for it: from then on that (team, method), or channel, is paced at its rate (a tier's, one post
  a second), with a burst (10 s of a tier's calls, 10 posts). So a process never runs slower
  than Slack allows, and pays for a limit with one 429, not one per call.
- A 429 (`PacedRateLimitRetry`) holds back only the bucket of that (team, method), or for a post
  that (team, channel), until its `Retry-After` has passed; then the call is made again. Other
  methods and channels go on, so a 429 for one DM costs the other DMs nothing.
- Work that has something better to do than wait (the check-in fan-out, bot/checkins/fanout.py)
  enters `deferring_posts()`: a post that would wait, or was answered 429, raises `RateLimited`
  instead, so the worker sends another DM meanwhile and tries this one again later. Only posts:
  a 429 on any other call (a look-up while reconciling a lost post, say) is waited out in place,
  since giving up half-way could post twice. A post answered 429 was not posted, so repeating it
  is safe.

The rates are Slack's published minimums times `scale` (`SLACK_RATE_SCALE`: a Slack stand-in, or
a plan that allows more). The clock and the sleep are passed in, so the buckets are tested
without waiting.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any
from urllib.parse import parse_qs

from slack_sdk import WebClient
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.slack.team_scope import current_team

POST = "chat.postMessage"
TIER_2, TIER_3, TIER_4 = 20.0, 50.0, 100.0  # calls a minute, per app and workspace
# The methods the coach calls, by tier (others are held back only by a 429's Retry-After).
TIERS: dict[str, float] = {
    "users.info": TIER_4,
    "users.list": TIER_2,
    "conversations.open": TIER_3,
    "conversations.info": TIER_3,
    "conversations.history": TIER_3,
    "conversations.replies": TIER_3,
    "conversations.members": TIER_4,
    "chat.update": TIER_3,
    "chat.postEphemeral": TIER_4,
    "views.open": TIER_4,
    "views.publish": TIER_4,
    "files.getUploadURLExternal": TIER_4,
    "files.completeUploadExternal": TIER_4,
}
TIER_BURST_SECONDS = 10.0  # a tier bucket holds 10 s of calls ("bursts welcome"; unpublished)
CHANNEL_POSTS_PER_SECOND = 1.0
CHANNEL_BURST = 10.0  # "short bursts >1 allowed"
# Unpublished by Slack; the figure bench/slack_tiers.py models too.
WORKSPACE_POSTS_PER_MINUTE = 600.0
WORKSPACE_BURST_SECONDS = 10.0
# Buckets kept before the idle ones (full, not held back) are forgotten.
KEEP_BUCKETS = 20_000

Key = tuple[str, ...]


class RateLimited(Exception):
    """A post that would have to wait `seconds` (a 429, or its buckets are empty); raised only
    inside `deferring_posts()`. It was not posted."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"rate limited for {seconds:.2f} s")
        self.seconds = seconds


_deferring: ContextVar[bool] = ContextVar("slack_defer_posts", default=False)
# The call being made (team, method, channel), for the retry handler.
_calling: ContextVar[Key | None] = ContextVar("slack_call", default=None)


@contextlib.contextmanager
def deferring_posts() -> Iterator[None]:
    """Inside: a post that would wait raises `RateLimited` instead (see the module docstring)."""
    token = _deferring.set(True)
    try:
        yield
    finally:
        _deferring.reset(token)


class TokenBucket:
    """`rate` tokens a second up to `capacity` (None: no rate, only `hold`); not thread-safe.
    A `learned` bucket counts nothing until its first `hold` (Slack's first 429 for it)."""

    def __init__(
        self, rate: float | None, capacity: float, now: float, learned: bool = False
    ) -> None:
        self.rate = rate
        self.capacity = max(1.0, capacity)
        self.tokens = self.capacity
        self.at = now
        self.held_until = now
        self.active = not learned

    def _refill(self, now: float) -> None:
        if self.rate is not None and now > self.at:
            self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = max(self.at, now)

    def wait(self, now: float) -> float:
        """Seconds until a token is there and any hold is over (0: now)."""
        self._refill(now)
        wait = max(0.0, self.held_until - now)
        if self.active and self.rate is not None and self.tokens < 1.0:
            wait = max(wait, (1.0 - self.tokens) / self.rate)
        return wait

    def take(self, now: float) -> None:
        """Take a token, into debt if there is none: later callers wait for it too."""
        self._refill(now)
        if self.active and self.rate is not None:
            self.tokens -= 1.0

    def hold(self, until: float) -> None:
        """Nothing before `until`; then one call, and the rate from there (Slack said 429)."""
        self.held_until = max(self.held_until, until)
        self.active = True
        self.tokens, self.at = min(self.tokens, 1.0), max(self.at, self.held_until)

    def idle(self, now: float) -> bool:
        self._refill(now)
        return now >= self.held_until and (self.rate is None or self.tokens >= self.capacity)


class RateLimits:
    """The process's buckets for one Slack (see the module docstring); thread-safe."""

    def __init__(
        self,
        scale: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.scale = scale
        self.clock = clock
        self.sleep = sleep
        self._buckets: dict[Key, TokenBucket] = {}
        self._lock = threading.Lock()
        # This process's share of each workspace's post ceiling (1 / the senders at work).
        self.post_share = 1.0

    def share_posts(self, senders: int) -> None:
        """`senders` processes are posting check-ins now: each paces its workspace posts at
        that share of the ceiling (once a 429 made it pace them), so together they keep to it
        instead of each running into 429s at the full rate."""
        share = 1.0 / max(1, senders)
        with self._lock:
            if share == self.post_share:
                return
            self.post_share = share
            for key, bucket in self._buckets.items():
                if len(key) == 2 and key[1] == POST:
                    bucket.rate = WORKSPACE_POSTS_PER_MINUTE / 60 * self.scale * share

    def acquire(self, team: str, method: str, channel: str | None = None) -> float:
        """Take the call's tokens, sleeping until they are there; the seconds it waited.
        Inside `deferring_posts()` a post that would wait raises `RateLimited` instead, and
        takes nothing."""
        defer = method == POST and _deferring.get()
        with self._lock:
            now = self.clock()
            buckets = self._for(team, method, channel, now)
            wait = max(bucket.wait(now) for bucket in buckets)
            if wait > 0 and defer:
                raise RateLimited(wait)
            for bucket in buckets:
                bucket.take(now)
        if wait > 0:
            self.sleep(wait)
        return wait

    def retry_after(self, team: str, method: str, channel: str | None, seconds: float) -> None:
        """Slack answered 429: hold back that (team, method), or for a post that channel; the
        team's posts are paced from now on too (Slack does not say which limit it was)."""
        with self._lock:
            now = self.clock()
            until = now + max(0.0, seconds)
            if method == POST and channel:
                self._bucket(_channel_key(team, channel), now).hold(until)
                self._bucket((team, method), now).active = True
            else:
                self._bucket((team, method), now).hold(until)

    def waiting(self, team: str, method: str, channel: str | None = None) -> float:
        """Seconds a call would wait now (nothing taken)."""
        with self._lock:
            now = self.clock()
            return max(b.wait(now) for b in self._for(team, method, channel, now))

    def _for(self, team: str, method: str, channel: str | None, now: float) -> list[TokenBucket]:
        found = [self._bucket((team, method), now)]
        if method == POST and channel:
            found.append(self._bucket(_channel_key(team, channel), now))
        return found

    def _bucket(self, key: Key, now: float) -> TokenBucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= KEEP_BUCKETS:
                self._forget_idle(now)
            bucket = self._buckets[key] = self._new(key, now)
        return bucket

    def _new(self, key: Key, now: float) -> TokenBucket:
        if len(key) == 3:  # (team, "channel", id): a channel's posts
            rate = CHANNEL_POSTS_PER_SECOND * self.scale
            return TokenBucket(rate, CHANNEL_BURST, now, learned=True)
        method = key[1]
        if method == POST:
            per_second = WORKSPACE_POSTS_PER_MINUTE / 60 * self.scale * self.post_share
            burst = WORKSPACE_POSTS_PER_MINUTE / 60 * WORKSPACE_BURST_SECONDS
            return TokenBucket(per_second, burst, now, learned=True)
        per_minute = TIERS.get(method)
        if per_minute is None:
            return TokenBucket(None, 1.0, now)
        rate = per_minute / 60
        return TokenBucket(rate * self.scale, rate * TIER_BURST_SECONDS, now, learned=True)

    def _forget_idle(self, now: float) -> None:
        # An idle bucket is the same as a new one: forgetting it changes nothing.
        for key in [k for k, b in self._buckets.items() if b.idle(now)]:
            del self._buckets[key]


def _channel_key(team: str, channel: str) -> Key:
    return (team, "channel", channel)


# --- the process's limits, one set per Slack -----------------------------------------------

_shared: dict[str, RateLimits] = {}
_shared_lock = threading.Lock()


def shared(api_url: str) -> RateLimits:
    """The process's `RateLimits` for the Slack at `api_url`: every client of that Slack
    shares them (a test's own fake Slack, on its own port, has its own)."""
    with _shared_lock:
        limits = _shared.get(api_url)
        if limits is None:
            limits = _shared[api_url] = RateLimits()
        return limits


def configure(api_url: str, scale: float) -> None:
    """Slack's rates times `scale` for the Slack at `api_url` (the runtime, at start-up)."""
    shared(api_url).scale = scale


# --- the client's hooks --------------------------------------------------------------------


def _team() -> str:
    team = current_team()
    return (team.team_id or team.enterprise_id or "") if team is not None else ""


def _channel(arguments: dict[str, Any]) -> str | None:
    for key in ("json", "data", "params"):
        given = arguments.get(key)
        if isinstance(given, dict) and given.get("channel"):
            return str(given["channel"])
    return None


class PacedClient(WebClient):
    """A `WebClient` whose every call first takes its tokens from `limits`."""

    def __init__(self, *args: Any, limits: RateLimits, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits

    def api_call(self, api_method: str, **kwargs: Any) -> Any:  # type: ignore[override]
        key = (_team(), api_method, _channel(kwargs) or "")
        self.limits.acquire(key[0], api_method, key[2] or None)
        token = _calling.set(key)
        try:
            return super().api_call(api_method, **kwargs)
        finally:
            _calling.reset(token)


class PacedRateLimitRetry(RetryHandler):
    """slack_sdk's `RateLimitErrorRetryHandler`, but the 429 holds back only its own bucket
    (`RateLimits.retry_after`), and the retry waits for that bucket: the sleep holds only this
    call's thread. Inside `deferring_posts()` a post raises `RateLimited` instead."""

    def __init__(self, limits: RateLimits, max_retry_count: int = 3) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.limits = limits

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code == 429

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error  # type: ignore[misc]
        seconds = _retry_after(response)
        team, method, channel = _calling.get() or _key_of(request)
        self.limits.retry_after(team, method, channel or None, seconds)
        if method == POST and _deferring.get():
            raise RateLimited(seconds)
        self.limits.acquire(team, method, channel or None)
        state.next_attempt_requested = True
        state.increment_current_attempt()


def _retry_after(response: HttpResponse) -> float:
    for name, values in response.headers.items():
        if name.lower() == "retry-after" and values:
            try:
                return max(0.0, float(values[0]))
            except ValueError:
                break
    return 1.0


def _key_of(request: HttpRequest) -> Key:
    """(team, method, channel) of a call not made through `PacedClient` (Bolt's own client)."""
    method = request.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    channel = ""
    if method == POST and request.data:
        body = request.data.decode("utf-8", "replace")
        try:
            channel = str((json.loads(body) or {}).get("channel") or "")
        except (ValueError, AttributeError):
            channel = (parse_qs(body).get("channel") or [""])[0]
    return (_team(), method, channel)

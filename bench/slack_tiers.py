"""The Slack stand-in with Slack's rate limits: token buckets per workspace and method, and per
DM channel for `chat.postMessage`, answering HTTP 429 with `Retry-After` beyond them.

Slack's published limits (https://api.slack.com/apis/rate-limits), "per method per app per
workspace": `conversations.open` Tier 3 (50+ a minute), `users.info` Tier 4 (100+ a minute),
`chat.postMessage` about one message a second per channel with short bursts, plus a
workspace-wide limit Slack does not publish (modelled here as `WORKSPACE_POSTS_PER_MINUTE`).
A benchmark can't wait real minutes, so every rate is multiplied by `scale` (a `scale` of 30 makes
Slack's minute two seconds). Each bucket holds 10 seconds of Slack's rate (a channel's 3 posts),
so a burst is allowed and a sustained rate above the tier is not. `Retry-After` is whole seconds,
at least 1, as Slack sends it and as slack_sdk reads it, so a 429 costs at least a second of real
time: relatively more than in Slack under the scale.

`random_429`: that share of `chat.postMessage` calls is answered 429 (`Retry-After: 1`) at
random, from a seeded generator, before any bucket is asked.

Tokens `xoxb-bench-<TEAM>` belong to workspace <TEAM> (the multi-workspace installations the
benchmark stores); any other token belongs to the stand-in's own workspace.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.slack_standin import Answer, Call, SlackStandin, Workspace

# Slack's rates, calls a minute, per workspace (the method's tier).
TIER_PER_MINUTE = {
    "conversations.open": 50.0,  # Tier 3
    "users.info": 100.0,  # Tier 4
}
# chat.postMessage: per channel (one a second, bursts of 3) and per workspace (unpublished).
CHANNEL_POSTS_PER_SECOND = 1.0
CHANNEL_BURST = 3.0
WORKSPACE_POSTS_PER_MINUTE = 600.0
BURST_SECONDS = 10.0  # a bucket holds this many seconds of Slack's (unscaled) rate
TOKEN_PREFIX = "xoxb-bench-"


def bench_token(team_id: str) -> str:
    return f"{TOKEN_PREFIX}{team_id}"


class TokenBucket:
    """`rate` tokens a second, at most `capacity` held; not thread-safe (the caller locks)."""

    def __init__(self, rate: float, capacity: float) -> None:
        self.rate = rate
        self.capacity = max(1.0, capacity)
        self.tokens = self.capacity
        self.at = time.monotonic()

    def take(self, now: float) -> float:
        """0 if a token was taken, else the seconds until one will be there."""
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


@dataclass(frozen=True)
class Limits:
    """Slack's rates times `scale`, for the stand-in and for a client that paces itself."""

    scale: float

    def tier(self, method: str) -> TokenBucket | None:
        per_minute = TIER_PER_MINUTE.get(method)
        if per_minute is None:
            return None
        return TokenBucket(per_minute / 60 * self.scale, per_minute / 60 * BURST_SECONDS)

    def workspace_posts(self) -> TokenBucket:
        per_second = WORKSPACE_POSTS_PER_MINUTE / 60
        return TokenBucket(per_second * self.scale, per_second * BURST_SECONDS)

    def channel_posts(self) -> TokenBucket:
        return TokenBucket(CHANNEL_POSTS_PER_SECOND * self.scale, CHANNEL_BURST)

    def describe(self) -> str:
        tiers = ", ".join(f"{m} {r:.0f}/min" for m, r in TIER_PER_MINUTE.items())
        return (
            f"Slack's tiers x{self.scale:g} ({tiers}, chat.postMessage "
            f"{CHANNEL_POSTS_PER_SECOND:.0f}/s per channel and {WORKSPACE_POSTS_PER_MINUTE:.0f}/min"
            f" per workspace; per workspace and method, bursts of {BURST_SECONDS:.0f} s)"
        )


class TieredSlack(SlackStandin):
    """`SlackStandin` answering 429 beyond Slack's (scaled) limits; see the module docstring."""

    def __init__(
        self, limits: Limits, random_429: float = 0.0, seed: int = 13, team_id: str = "T0001"
    ) -> None:
        super().__init__(team_id=team_id)
        self.limits = limits
        self.random_429 = random_429
        self._random = random.Random(seed)
        self._buckets: dict[tuple[str, ...], TokenBucket] = {}
        self._limit_lock = threading.Lock()

    def team_of_token(self, token: str | None) -> str:
        if token and token.startswith(TOKEN_PREFIX):
            return token[len(TOKEN_PREFIX) :]
        return self.team_id

    def calling_workspace(self, call: Call) -> Workspace:
        team = self.team_of_token(call.token)
        if team == self.team_id:
            return self.workspace()
        return Workspace(team, f"Team {team}", team.lower(), f"UBOT{team}", f"B{team}")

    def before_answering(self, call: Call) -> Answer | None:
        if not call.is_api:
            return None
        wait = self._wait(call)
        if wait <= 0:
            return None
        retry_after = max(1, math.ceil(wait))
        return Answer(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)})

    def _wait(self, call: Call) -> float:
        """0 to answer the call, else the seconds until it would have been answered."""
        team = self.team_of_token(call.token)
        with self._limit_lock:
            now = time.monotonic()
            if call.method == "chat.postMessage":
                if self.random_429 and self._random.random() < self.random_429:
                    return 1.0
                channel = str(call.params.get("channel") or "")
                channel = self.dm_channel(channel) if channel[:1] in ("U", "W") else channel
                per_channel = self._bucket((team, "post", channel), self.limits.channel_posts)
                workspace = self._bucket((team, "post"), self.limits.workspace_posts)
                # Both must allow it; a refused call takes no token from either.
                wait = per_channel.take(now)
                if wait:
                    return wait
                wait = workspace.take(now)
                if wait:
                    per_channel.tokens += 1.0
                return wait
            tier = self._buckets.get((team, call.method))
            if tier is None:
                made = self.limits.tier(call.method)
                if made is None:
                    return 0.0
                tier = self._buckets[(team, call.method)] = made
            return tier.take(now)

    def _bucket(self, key: tuple[str, ...], make: Callable[[], TokenBucket]) -> TokenBucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = make()
        return bucket

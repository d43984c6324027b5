"""Helpers for driving the strategy dialogue through the running app and reading what it said."""

from __future__ import annotations

from typing import Any

from storage import strategies
from tests.conftest import TEAM, RunningApp
from tests.support.fake_slack import Call


def message_text(params: dict[str, Any]) -> str:
    """All the text a person would read in a posted message: blocks, else the fallback."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                parts.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(params.get("blocks") or [])
    return "\n".join(parts) if parts else str(params.get("text") or "")


class Thread:
    """The strategy thread in one channel, seen from the person typing in it."""

    def __init__(self, app: RunningApp, channel: str = "C1", user: str = "U1") -> None:
        self.app = app
        self.channel = channel
        self.user = user
        self.thread_ts: str | None = None

    def thread_posts(self) -> list[Call]:
        return [
            call
            for call in self.app.slack.calls("chat.postMessage")
            if not call.failed
            and call.params.get("channel") == self.channel
            and self.thread_ts is not None
            and call.params.get("thread_ts") == self.thread_ts
        ]

    def start(self, text: str = "") -> Call:
        """`/strategy` in the channel: returns the card's postMessage call."""
        reply = self.app.driver.command(text, user_id=self.user, channel_id=self.channel)
        assert reply.status == 200, reply.body
        card = self.app.slack.wait_for(
            "chat.postMessage",
            where=lambda c: (
                c.params.get("channel") == self.channel
                and not c.params.get("thread_ts")
                and bool(c.response and c.response.get("ok"))
            ),
        )[-1]
        assert card.response and card.response["ok"], card.response
        self.thread_ts = card.response["ts"]
        self.app.slack.wait_for(
            "chat.postMessage", where=lambda c: c.params.get("thread_ts") == self.thread_ts
        )
        return card

    def last(self) -> str:
        return message_text(self.thread_posts()[-1].params)

    def say(self, text: str, user: str | None = None, posts: int = 1, **kwargs: Any) -> str:
        """Reply in the thread; wait for `posts` new thread messages and return the last one."""
        before = len(self.thread_posts())
        reply = self.app.driver.thread_reply(
            text,
            user_id=user or self.user,
            channel_id=self.channel,
            thread_ts=self.thread_ts,
            **kwargs,
        )
        assert reply.status == 200, reply.body
        if posts:
            self.app.slack.wait_for(
                "chat.postMessage",
                count=before + posts,
                where=lambda c: c.params.get("thread_ts") == self.thread_ts,
            )
        return self.last()

    def stored(self):  # type: ignore[no-untyped-def]
        with self.app.sessions.begin() as session:
            return strategies.strategy_in_channel(session, TEAM, self.channel)

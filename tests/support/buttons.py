"""Clicking the coach's step buttons over signed HTTP, as Slack sends the clicks, and reading
back the thread, the card and the stored strategy. Used by the button and form tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from bot.domain.model import Strategy
from storage import strategies
from tests.conftest import TEAM
from tests.support.dialogue import Thread
from tests.support.fake_slack import Call
from tests.support.slack_driver import Reply, fresh_trigger_id


def step_buttons(post: Call) -> tuple[str, dict[str, str]]:
    """The actions block of a posted thread message: (block_id, {action_id: value})."""
    [actions] = [b for b in post.params.get("blocks") or [] if b.get("type") == "actions"]
    return actions["block_id"], {e["action_id"]: e["value"] for e in actions["elements"]}


def latest_question(thread: Thread) -> Call:
    """The newest thread message that carries step buttons."""
    for post in reversed(thread.thread_posts()):
        if any(b.get("type") == "actions" for b in post.params.get("blocks") or []):
            return post
    raise AssertionError("no thread message with buttons")


def click(
    thread: Thread,
    action_id: str,
    post: Call | None = None,
    user: str | None = None,
    trigger_id: str | None = None,
    response_url: str | None = None,
    **overrides: Any,
) -> Reply:
    """Click `action_id` on `post` (default: the latest question) exactly as Slack sends it."""
    post = post or latest_question(thread)
    block_id, values = step_buttons(post)
    assert action_id in values, f"{action_id} not offered: {values}"
    fields: dict[str, Any] = {
        "value": values[action_id],
        "block_id": block_id,
        "user_id": user or thread.user,
        "channel_id": thread.channel,
        "message_ts": post.response["ts"],
        "thread_ts": thread.thread_ts,
        "trigger_id": trigger_id or fresh_trigger_id(),
        "message_text": post.params.get("text") or "",
    }
    if response_url is not None:
        fields["response_url"] = response_url
    fields.update(overrides)
    reply = thread.app.driver.block_action(action_id, **fields)
    assert reply.status == 200, (reply.status, reply.body)
    return reply


def wait_for_posts(thread: Thread, count: int, timeout: float = 5.0) -> list[Call]:
    thread.app.slack.wait_for(
        "chat.postMessage",
        count=count,
        timeout=timeout,
        where=lambda c: c.params.get("thread_ts") == thread.thread_ts and not c.failed,
    )
    return thread.thread_posts()


def wait_for_card(thread: Thread, count: int, timeout: float = 5.0) -> Call:
    calls = thread.app.slack.wait_for(
        "chat.update",
        count=count,
        timeout=timeout,
        where=lambda c: (
            c.params.get("channel") == thread.channel and c.params.get("ts") == thread.thread_ts
        ),
    )
    return calls[-1]


def stored(thread: Thread) -> Strategy:
    """The stored strategy, read through a plain engine of its own.

    On SQLite the app's sessions begin with BEGIN IMMEDIATE, so while the app holds the write
    lock a read through them would wait; a plain read (WAL mode) never does.
    """
    engine = create_engine(thread.app.database_url)
    try:
        with Session(engine) as session:
            found = strategies.strategy_in_channel(session, TEAM, thread.channel)
    finally:
        engine.dispose()
    assert found is not None
    return found


def snapshot(thread: Thread) -> tuple:
    s = stored(thread)
    return (
        s.status,
        s.conversation.step,
        s.conversation.awaiting,
        list(s.skipped),
        [(g.metric, g.baseline, g.target, [m.name for m in g.metrics]) for g in s.goals],
        s.mission,
        s.owner_id,
        list(s.benefits),
    )

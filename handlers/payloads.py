"""Reading who acted, and where, out of Slack's payloads, whatever fields they lack."""

from __future__ import annotations

from slack_bolt import BoltContext

from bot.domain.actor import Actor


def interaction_actor(body: dict, context: BoltContext, with_channel: bool = True) -> Actor:
    """Who pressed a button or submitted a form (`block_actions`, `view_submission`), and in
    which channel (none for modals and the Home tab)."""
    channel = (body.get("channel") or {}).get("id", "") if with_channel else ""
    return Actor(
        team_id=context.team_id or "",
        user_id=(body.get("user") or {}).get("id", ""),
        channel_id=channel,
    )


def event_actor(event: dict, context: BoltContext) -> Actor:
    """Who wrote a message or a mention, and in which channel."""
    return Actor(
        team_id=context.team_id or event.get("team", ""),
        user_id=event.get("user", ""),
        channel_id=event.get("channel", ""),
    )

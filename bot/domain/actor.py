"""Who did something in Slack, and where."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    team_id: str
    user_id: str
    channel_id: str

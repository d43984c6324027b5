"""Messages, mentions and form submissions already handled: Slack's retries and re-deliveries of
them are dropped here, once per key, across threads and processes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from storage.db import dialect_insert
from storage.models import ProcessedMessage


def claim_message(session: Session, team_id: str, channel_id: str, message_ts: str) -> bool:
    """Record a message as handled; False if it already was (a retry or a re-delivery).

    An insert that ignores conflicts, so two deliveries racing in two threads or two
    processes cannot both win. `channel_id`/`message_ts` are the key: a message's channel and
    ts, or another pair that names the thing once (`"view"` and a modal's view id).
    """
    claimed = session.scalar(
        dialect_insert(session)(ProcessedMessage)
        .values(team_id=team_id, channel_id=channel_id, message_ts=message_ts)
        .on_conflict_do_nothing()
        .returning(ProcessedMessage.message_ts)
    )
    return claimed is not None

"""Messages, mentions and form submissions already handled: Slack's retries and re-deliveries of
them are dropped here, once per key, across threads and processes. Rows older than a week are
pruned by the check-in tick (`prune`): Slack retries for about five minutes, never days."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, tuple_
from sqlalchemy.orm import Session

from storage.db import dialect_insert
from storage.models import ProcessedMessage, utc


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


def claim_within(
    session: Session,
    team_id: str,
    channel_id: str,
    key: str,
    now: dt.datetime,
    window: dt.timedelta,
) -> bool:
    """Claim `key` for `window`: True for the first caller, then False until the window has
    passed (a re-post that many requests at once would each make is made by one of them).

    One INSERT ... ON CONFLICT DO UPDATE whose WHERE is the compare-and-set: a row comes back
    only when it was inserted or its earlier claim had run out.
    """
    now = utc(now)
    insert = dialect_insert(session)(ProcessedMessage)
    claimed = session.scalar(
        insert.values(team_id=team_id, channel_id=channel_id, message_ts=key, processed_at=now)
        .on_conflict_do_update(
            index_elements=[
                ProcessedMessage.team_id,
                ProcessedMessage.channel_id,
                ProcessedMessage.message_ts,
            ],
            set_={"processed_at": now},
            where=ProcessedMessage.processed_at < now - window,
        )
        .returning(ProcessedMessage.message_ts)
    )
    return claimed is not None


def release(session: Session, team_id: str, channel_id: str, key: str) -> None:
    """Give up a claim made with `claim_within` before its window ends (the work failed)."""
    session.execute(
        delete(ProcessedMessage).where(
            ProcessedMessage.team_id == team_id,
            ProcessedMessage.channel_id == channel_id,
            ProcessedMessage.message_ts == key,
        )
    )


def prune(session: Session, before: dt.datetime, limit: int = 1000) -> int:
    """Forget up to `limit` handled messages older than `before` (Slack retries for minutes,
    not days); how many went. Batched, so one tick never holds a long delete."""
    oldest = (
        select(ProcessedMessage.team_id, ProcessedMessage.channel_id, ProcessedMessage.message_ts)
        .where(ProcessedMessage.processed_at < utc(before))
        .order_by(ProcessedMessage.processed_at)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        oldest = oldest.with_for_update(skip_locked=True)
    result = session.execute(
        delete(ProcessedMessage)
        .where(
            tuple_(
                ProcessedMessage.team_id, ProcessedMessage.channel_id, ProcessedMessage.message_ts
            ).in_(oldest)
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]

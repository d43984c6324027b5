"""A channel's strategy thread as a reply first looks at it (`bot.domain.dialogue_thread`): one
indexed read of five columns, no goals, no reports, meant for a session outside any transaction
(`storage.db.quick_read`), so a reply that is no answer takes no lock at all."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.domain.dialogue_thread import DialogueThread
from storage.models import ConversationRow, StrategyRow

# Built once: the statement costs more to build than to run.
_THREAD = (
    select(
        StrategyRow.thread_ts,
        StrategyRow.started_by,
        StrategyRow.owner_id,
        ConversationRow.step,
        ConversationRow.awaiting,
    )
    .outerjoin(ConversationRow, ConversationRow.strategy_id == StrategyRow.id)
    .where(
        StrategyRow.team_id == bindparam("team_id"),
        StrategyRow.channel_id == bindparam("channel_id"),
    )
)


def dialogue_thread(session: Session, team_id: str, channel_id: str) -> DialogueThread | None:
    """The thread of the strategy in `channel_id` of `team_id`, or None if it has none."""
    # On the session's connection: a plain row needs none of the ORM's result machinery.
    params = {"team_id": team_id, "channel_id": channel_id}
    row = session.connection().execute(_THREAD, params).first()
    if row is None:
        return None
    thread_ts, started_by, owner_id, step, awaiting = row
    return DialogueThread(thread_ts, started_by, owner_id, step or None, awaiting or "")

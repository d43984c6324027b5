"""Check-in claims in batches: what the tick does for hundreds of due check-ins at once, in a
fixed number of queries per batch instead of a few per check-in.

The rules are storage/checkin_claims.py's, unchanged, applied to many rows per statement:

- `advance_schedules` moves many slots by compare-and-set, one UPDATE per distinct (expected
  slot, next slot) pair; a batch due at one instant has a handful of those.
- `claim_weeks` inserts many weeks' check-ins with `ON CONFLICT (strategy_id, week) DO NOTHING
  RETURNING`, so each row still has exactly one creator, the only caller that gets its id.
- `record_sent` marks many check-ins sent, each only while it is still due and its strategy
  still has the owner the DM went to.
- `mark_reminded_many` marks many reminders before they are posted, each once.

Every function takes the caller's open session and its instants as aware UTC datetimes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from bot.domain.model import Checkin
from storage.checkin_claims import ANSWERED, DUE, MISSED, OPEN_STATUSES, SENT, to_checkin
from storage.db import dialect_insert
from storage.models import CheckinRow, ScheduleRow, StrategyRow, utc


@dataclass(frozen=True)
class SlotMove:
    strategy_id: int
    expected: dt.datetime  # the slot the caller read
    following: dt.datetime | None  # where it moves


@dataclass(frozen=True)
class WeekClaim:
    strategy_id: int
    week: dt.date
    due_at: dt.datetime


@dataclass(frozen=True)
class SentRecord:
    checkin_id: int
    dm_channel: str
    message_ts: str
    sent_at: dt.datetime
    owner_id: str  # whom the DM went to: recorded only while they are still the owner


def advance_schedules(session: Session, moves: Sequence[SlotMove]) -> set[int]:
    """Move each slot from `expected` to `following` where nobody moved it yet: the strategies
    this caller advanced (a process that lost the race gets none of its rows)."""
    groups: dict[tuple[dt.datetime, dt.datetime | None], list[int]] = defaultdict(list)
    for move in moves:
        groups[(utc(move.expected), utc(move.following) if move.following else None)].append(
            move.strategy_id
        )
    advanced: set[int] = set()
    for (expected, following), strategy_ids in groups.items():
        advanced.update(
            session.scalars(
                update(ScheduleRow)
                .where(
                    ScheduleRow.strategy_id.in_(strategy_ids),
                    ScheduleRow.next_due_at == expected,
                )
                .values(next_due_at=following)
                .returning(ScheduleRow.strategy_id)
                .execution_options(synchronize_session=False)
            )
        )
    return advanced


def miss_open_before(session: Session, weeks: dict[int, dt.date]) -> None:
    """Each strategy's check-in still open from a week before `weeks[strategy]` is missed: it
    went unanswered until the next slot (one UPDATE per distinct week)."""
    by_week: dict[dt.date, list[int]] = defaultdict(list)
    for strategy_id, week in weeks.items():
        by_week[week].append(strategy_id)
    for week, strategy_ids in by_week.items():
        session.execute(
            update(CheckinRow)
            .where(
                CheckinRow.strategy_id.in_(strategy_ids),
                CheckinRow.status.in_(OPEN_STATUSES),
                CheckinRow.week < week,
            )
            .values(status=MISSED)
            .execution_options(synchronize_session=False)
        )


def claim_weeks(
    session: Session, claims: Sequence[WeekClaim], worker: str, now: dt.datetime
) -> dict[int, int]:
    """Create these weeks' check-ins claimed by `worker` (stamped `now`): strategy id → the new
    check-in's id, only for the rows this call created. One INSERT statement, compiled once and
    sent for all rows at once (SQLAlchemy's "insertmanyvalues")."""
    if not claims:
        return {}
    table = CheckinRow.__table__
    rows = session.connection().execute(
        dialect_insert(session)(table)
        .on_conflict_do_nothing(index_elements=[table.c.strategy_id, table.c.week])
        .returning(table.c.strategy_id, table.c.id),
        [
            {
                "strategy_id": claim.strategy_id,
                "week": claim.week,
                "due_at": utc(claim.due_at),
                "status": DUE,
                "claimed_by": worker,
                "claimed_at": utc(now),
            }
            for claim in claims
        ],
    )
    return {strategy_id: checkin_id for strategy_id, checkin_id in rows}


def record_sent(session: Session, sent: Sequence[SentRecord], worker: str) -> set[int]:
    """due → sent for many check-ins, each with where its DM is (one statement, many rows);
    the ids not recorded.

    A DM built before the strategy was handed to a new owner went to the former one: that
    check-in is not recorded, and `worker`'s claim on it is given up, so the next tick's sweep
    sends it to the new owner (who was told of an open check-in only once it was sent)."""
    if not sent:
        return set()
    table = CheckinRow.__table__
    strategy = StrategyRow.__table__
    still_owner = (
        select(strategy.c.id)
        .where(strategy.c.id == table.c.strategy_id, strategy.c.owner_id == bindparam("sent_owner"))
        .exists()
    )
    result = session.connection().execute(
        update(table)
        .where(table.c.id == bindparam("sent_id"), table.c.status == DUE, still_owner)
        .values(
            status=SENT,
            dm_channel=bindparam("sent_channel"),
            message_ts=bindparam("sent_ts"),
            sent_at=bindparam("sent_at_utc"),
        ),
        [
            {
                "sent_id": record.checkin_id,
                "sent_channel": record.dm_channel,
                "sent_ts": record.message_ts,
                "sent_at_utc": utc(record.sent_at),
                "sent_owner": record.owner_id,
            }
            for record in sent
        ],
    )
    counted = session.get_bind().dialect.supports_sane_multi_rowcount
    if counted and result.rowcount == len(sent):
        return set()
    return set(
        session.scalars(
            update(CheckinRow)
            .where(
                CheckinRow.id.in_([record.checkin_id for record in sent]),
                CheckinRow.status == DUE,
                CheckinRow.claimed_by == worker,
            )
            .values(claimed_by=None, claimed_at=None)
            .returning(CheckinRow.id)
            .execution_options(synchronize_session=False)
        )
    )


def checkins_of_teams(session: Session, checkin_ids: Iterable[int]) -> list[tuple[str, Checkin]]:
    """These check-ins with their workspace, in id order (what the sends need of them)."""
    ids = sorted(set(checkin_ids))
    if not ids:
        return []
    rows = session.execute(
        select(StrategyRow.team_id, CheckinRow)
        .join(StrategyRow, StrategyRow.id == CheckinRow.strategy_id)
        .where(CheckinRow.id.in_(ids))
        .order_by(CheckinRow.id)
    ).all()
    return [(team_id, checkin) for team_id, row in rows if (checkin := to_checkin(row))]


def missed_counts(session: Session, strategy_ids: Iterable[int]) -> dict[int, int]:
    """`checkin_claims.missed_count` for many strategies in one query; zero ones are absent."""
    ids = sorted(set(strategy_ids))
    if not ids:
        return {}
    answered = select(CheckinRow).where(CheckinRow.status == ANSWERED).subquery()
    last_answered = (
        select(func.max(answered.c.week))
        .where(answered.c.strategy_id == CheckinRow.strategy_id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(CheckinRow.strategy_id, func.count())
        .where(
            CheckinRow.strategy_id.in_(ids),
            CheckinRow.status == MISSED,
            or_(last_answered.is_(None), CheckinRow.week > last_answered),
        )
        .group_by(CheckinRow.strategy_id)
    ).all()
    return {strategy_id: int(count) for strategy_id, count in rows}


def mark_reminded_many(
    session: Session, checkin_ids: Iterable[int], reminded_at: dt.datetime
) -> set[int]:
    """`checkin_claims.mark_reminded` for many: the ids this call marked (still sent, not yet
    reminded); a process that lost the race gets none of them, so nobody reminds twice."""
    ids = sorted(set(checkin_ids))
    if not ids:
        return set()
    return set(
        session.scalars(
            update(CheckinRow)
            .where(
                CheckinRow.id.in_(ids),
                CheckinRow.status == SENT,
                CheckinRow.reminded_at.is_(None),
            )
            .values(reminded_at=utc(reminded_at))
            .returning(CheckinRow.id)
            .execution_options(synchronize_session=False)
        )
    )


def unmark_reminded(session: Session, checkin_ids: Iterable[int], reminded_at: dt.datetime) -> None:
    """Give back reminders marked at `reminded_at` and never posted (the process is stopping):
    the next tick, here or in another process, sends them."""
    ids = sorted(set(checkin_ids))
    if ids:
        session.execute(
            update(CheckinRow)
            .where(CheckinRow.id.in_(ids), CheckinRow.reminded_at == utc(reminded_at))
            .values(reminded_at=None)
            .execution_options(synchronize_session=False)
        )


def senders_at_work(session: Session, now: dt.datetime, within: dt.timedelta) -> int:
    """How many workers claimed check-ins that fell due in the last day and are being sent or
    were sent within `within` before `now`: the processes sharing Slack's post ceiling now."""
    now = utc(now)
    count = session.scalar(
        select(func.count(func.distinct(CheckinRow.claimed_by))).where(
            CheckinRow.status.in_((DUE, SENT)),
            CheckinRow.due_at >= now - dt.timedelta(days=1),
            CheckinRow.due_at <= now,
            CheckinRow.claimed_at >= now - within,
        )
    )
    return int(count or 0)

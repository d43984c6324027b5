"""Check-in claims: the database decides which week's check-in is due, who sends it, and that it
goes out once.

Every function takes an open session (the caller owns the transaction: `with factory.begin()
as s:`) and any "now" as an aware UTC datetime passed in; nothing here reads the clock, so
tests move time by passing it.

How exactly-once works, with any number of bot processes on one database:

1. `checkin_schedules.next_due_at` is the next slot in UTC (NULL = not scheduled). A tick asks
   `due_schedules(now)` (storage/checkin_schedules.py) for live, unpaused schedules whose slot
   has come. Several processes may see the same rows; nothing is decided by reading.
2. For a batch of them, in one transaction: `claim_week` inserts the week's check-in with
   `ON CONFLICT (strategy_id, week) DO NOTHING RETURNING id` (`checkin_batches.claim_weeks`,
   one INSERT for the batch, the same rule row by row). UNIQUE(strategy_id, week) lets one
   insert win; only that caller gets an id, and only it sends the DM. On PostgreSQL a second
   inserter blocks on the first's uncommitted row and then sees the conflict; on SQLite
   transactions begin IMMEDIATE (storage.db), so they simply take turns.
   `advance_schedule` moves `next_due_at` to the next slot by compare-and-set
   (`WHERE next_due_at = :expected`; `checkin_batches.advance_schedules` for a batch, first,
   and only the slots it moved are claimed), so concurrent ticks advance it once, never twice.
   Both steps commit together; a check-in already there (claim_week returns None) is not sent
   again.
3. The creator stamps `claimed_by`/`claimed_at`; after sending it calls `mark_sent`. If it dies
   in between, the row stays 'due' with an old claim. `claim_unsent(now, worker, lease)` re-claims
   rows whose claim is missing or older than the lease, again by an UPDATE whose WHERE re-checks
   the claim, so a crash loses nothing and a live sender (claim younger than the lease) is not
   doubled. The lease must be longer than one send takes, retries included; a tick may take
   longer than the lease as a whole, because the sender stamps every claim and renewal with the
   time it really happens (its clock is read per send, not once per tick). Right before posting,
   a claim older than a minute (the sender's RENEW_AFTER; a younger one leaves the post nine of
   its ten minutes) is renewed by compare-and-set (`renew_claim`: still its own, and younger
   than the lease); a claim whose lease ran out is never sent on, since a sweeper may take it
   over at that moment; the sweep sends it instead. "Sent" is recorded for several sends in one
   commit, each send waiting for its own (bot/checkins/send_records.py). On PostgreSQL the
   candidates are picked with `FOR UPDATE SKIP LOCKED`, so two sweepers split the rows instead of
   queueing behind each other's locks; the outer WHERE still re-checks each row.

Slack itself is outside the transaction: a process can post the DM and die before `mark_sent`
commits. Then the lease expires and the DM goes out again. That window (one post) is the only
duplicate left; no design without Slack-side idempotency closes it, and it never loses a DM.

Computing slots (weekday, local time, time zone, DST) and the week's local Monday is the
caller's job (bot/domain/slots.py); this module stores and compares instants. When a schedule is
edited, unpaused, or its `paused_until` passes, the caller should `set_next_due` to a fresh slot,
otherwise the stale slot in the past is due at once. Check-ins leave this module as
`bot.domain.model.Checkin`; the reports answering them live in storage/reports.py.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select, true, update
from sqlalchemy.orm import Session

from bot.domain.model import Checkin, CheckinStatus, DueReminder, Strategy
from storage.db import changed_one, dialect_insert
from storage.models import CheckinRow, StrategyRow, utc
from storage.strategies import strategy_by_id
from storage.workspaces import installed_team

DUE = CheckinStatus.DUE.value
SENT = CheckinStatus.SENT.value
ANSWERED = CheckinStatus.ANSWERED.value
MISSED = CheckinStatus.MISSED.value
OPEN_STATUSES = (DUE, SENT)


def to_checkin(row: CheckinRow | None) -> Checkin | None:
    if row is None:
        return None
    return Checkin(
        id=row.id,
        strategy_id=row.strategy_id,
        week=row.week,
        due_at=row.due_at,
        status=CheckinStatus(row.status),
        dm_channel=row.dm_channel,
        message_ts=row.message_ts,
        pending=dict(row.pending) if row.pending else None,
    )


def claim_week(
    session: Session,
    strategy_id: int,
    week: dt.date,
    due_at: dt.datetime,
    worker: str,
    *,
    now: dt.datetime,
) -> int | None:
    """Create the week's check-in, claimed by `worker`; its id only for the caller that created it.

    `now` stamps the claim: stamping `due_at` instead would make a late tick's own claim look
    expired at once to `claim_unsent` in another process, and the DM would go out twice.
    """
    return session.scalar(
        dialect_insert(session)(CheckinRow)
        .values(
            strategy_id=strategy_id,
            week=week,
            due_at=utc(due_at),
            status=DUE,
            claimed_by=worker,
            claimed_at=utc(now),
        )
        .on_conflict_do_nothing(index_elements=[CheckinRow.strategy_id, CheckinRow.week])
        .returning(CheckinRow.id)
    )


def claim_unsent(
    session: Session,
    now: dt.datetime,
    worker: str,
    lease: dt.timedelta,
    limit: int = 100,
    team_id: str | None = None,
) -> list[int]:
    """(Re)claim due check-ins nobody is sending: unclaimed, or claimed longer than `lease` ago;
    every team's, or only `team_id`'s."""
    now = utc(now)
    stale = or_(CheckinRow.claimed_at.is_(None), CheckinRow.claimed_at < now - lease)
    # Nothing goes to a workspace marked uninstalled; its rows wait for a reinstall.
    installed = CheckinRow.strategy_id.in_(
        select(StrategyRow.id).where(
            installed_team(StrategyRow.team_id),
            true() if team_id is None else StrategyRow.team_id == team_id,
        )
    )
    candidates = (
        select(CheckinRow.id)
        .where(CheckinRow.status == DUE, CheckinRow.due_at <= now, stale, installed)
        .order_by(CheckinRow.due_at, CheckinRow.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Rows another sweeper is claiming right now are skipped rather than waited for.
        candidates = candidates.with_for_update(skip_locked=True)
    claimed = session.scalars(
        update(CheckinRow)
        # The WHERE is repeated on purpose: the UPDATE itself is the compare-and-set.
        .where(CheckinRow.id.in_(candidates), CheckinRow.status == DUE, stale)
        .values(claimed_by=worker, claimed_at=now)
        .returning(CheckinRow.id)
        .execution_options(synchronize_session="fetch")
    ).all()
    return sorted(claimed)


def _move(
    session: Session, checkin_id: int, from_statuses: tuple[str, ...], **values: object
) -> bool:
    return changed_one(
        session,
        update(CheckinRow)
        .where(CheckinRow.id == checkin_id, CheckinRow.status.in_(from_statuses))
        .values(**values)
        .execution_options(synchronize_session="fetch"),
    )


def mark_sent(
    session: Session, checkin_id: int, dm_channel: str, message_ts: str, sent_at: dt.datetime
) -> bool:
    """due → sent, with where the DM is (its thread is where the answer comes)."""
    return _move(
        session,
        checkin_id,
        (DUE,),
        status=SENT,
        dm_channel=dm_channel,
        message_ts=message_ts,
        sent_at=utc(sent_at),
    )


def mark_reminded(session: Session, checkin_id: int, reminded_at: dt.datetime) -> bool:
    """Record the one reminder; False if it was already sent or the check-in is not 'sent'."""
    return changed_one(
        session,
        update(CheckinRow)
        .where(
            CheckinRow.id == checkin_id,
            CheckinRow.status == SENT,
            CheckinRow.reminded_at.is_(None),
        )
        .values(reminded_at=utc(reminded_at))
        .execution_options(synchronize_session="fetch"),
    )


def mark_missed(session: Session, checkin_id: int) -> bool:
    """due/sent → missed (the week passed without an answer)."""
    return _move(session, checkin_id, OPEN_STATUSES, status=MISSED)


def mark_answered(session: Session, checkin_id: int, answered_at: dt.datetime) -> bool:
    """due/sent/missed → answered. A late answer to a missed week still counts."""
    return _move(
        session,
        checkin_id,
        (DUE, SENT, MISSED),
        status=ANSWERED,
        answered_at=utc(answered_at),
    )


def open_checkin(session: Session, strategy_id: int) -> Checkin | None:
    """The latest check-in still waiting for an answer (due or sent)."""
    return to_checkin(
        session.scalar(
            select(CheckinRow)
            .where(CheckinRow.strategy_id == strategy_id, CheckinRow.status.in_(OPEN_STATUSES))
            .order_by(CheckinRow.week.desc())
            .limit(1)
        )
    )


def checkin_for_message(
    session: Session, team_id: str, dm_channel: str, message_ts: str
) -> Checkin | None:
    """The check-in whose DM a thread reply answers, only within the replying team."""
    return to_checkin(
        session.scalar(
            select(CheckinRow)
            .join(StrategyRow, StrategyRow.id == CheckinRow.strategy_id)
            .where(
                StrategyRow.team_id == team_id,
                CheckinRow.dm_channel == dm_channel,
                CheckinRow.message_ts == message_ts,
            )
        )
    )


def checkin_in_team(session: Session, team_id: str, checkin_id: int) -> Checkin | None:
    """A check-in by id (say, from a button value), only if it belongs to `team_id`."""
    return to_checkin(
        session.scalar(
            select(CheckinRow)
            .join(StrategyRow, StrategyRow.id == CheckinRow.strategy_id)
            .where(StrategyRow.team_id == team_id, CheckinRow.id == checkin_id)
        )
    )


def checkin_with_strategy(
    session: Session, team_id: str, checkin_id: int, lock: bool = False
) -> tuple[Checkin, Strategy] | None:
    """A check-in of `team_id` with its strategy (`lock`ed when the caller will change it)."""
    checkin = checkin_in_team(session, team_id, checkin_id)
    if checkin is None:
        return None
    strategy = strategy_by_id(session, team_id, checkin.strategy_id, lock=lock)
    return (checkin, strategy) if strategy is not None else None


def missed_count(session: Session, strategy_id: int) -> int:
    """Weeks missed since the last answered check-in: the gap the next check-in mentions."""
    last_answered = (
        select(CheckinRow.week)
        .where(CheckinRow.strategy_id == strategy_id, CheckinRow.status == ANSWERED)
        .order_by(CheckinRow.week.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = select(func.count()).where(
        CheckinRow.strategy_id == strategy_id,
        CheckinRow.status == MISSED,
        or_(last_answered.is_(None), CheckinRow.week > last_answered),
    )
    return int(session.scalar(query) or 0)


def due_reminders(
    session: Session,
    now: dt.datetime,
    after: dt.timedelta,
    limit: int = 200,
    team_id: str | None = None,
) -> list[DueReminder]:
    """Sent, unanswered check-ins older than `after` that have not been reminded yet, at most
    `limit` of them, oldest first (the rest come at the next tick); every team's or `team_id`'s."""
    rows = session.execute(
        select(CheckinRow.id, StrategyRow.team_id, CheckinRow.dm_channel, CheckinRow.message_ts)
        .join(StrategyRow, StrategyRow.id == CheckinRow.strategy_id)
        .where(
            CheckinRow.status == SENT,
            CheckinRow.reminded_at.is_(None),
            CheckinRow.pending.is_(None),  # answered; only a confirmation is outstanding
            CheckinRow.sent_at <= utc(now) - after,
            CheckinRow.dm_channel.is_not(None),
            CheckinRow.message_ts.is_not(None),
            installed_team(StrategyRow.team_id),
            true() if team_id is None else StrategyRow.team_id == team_id,
        )
        .order_by(CheckinRow.id)
        .limit(limit)
    ).all()
    return [DueReminder(row[0], row[1], row[2], row[3]) for row in rows]


def hold_values(session: Session, checkin_id: int, pending: dict[str, str] | None) -> None:
    """Values waiting for the owner's confirmation (metric id → value), or None to clear."""
    session.execute(update(CheckinRow).where(CheckinRow.id == checkin_id).values(pending=pending))


def renew_claim(
    session: Session,
    checkin_id: int,
    worker: str,
    now: dt.datetime,
    lease: dt.timedelta | None = None,
) -> bool:
    """Refresh this worker's claim just before it posts; False if another worker took it over,
    or (with `lease`) if this worker's lease has run out, so exactly one of them sends.

    A compare-and-set: the claim is renewed only while it is still this worker's and, with
    `lease`, younger than the lease at `now`; an expired lease is never sent on, since a
    sweeper may be taking it over at this very moment."""
    still_ours = [
        CheckinRow.id == checkin_id,
        CheckinRow.status == DUE,
        CheckinRow.claimed_by == worker,
    ]
    if lease is not None:
        still_ours.append(CheckinRow.claimed_at >= utc(now) - lease)
    return changed_one(session, update(CheckinRow).where(*still_ours).values(claimed_at=utc(now)))


def move_checkin(session: Session, checkin_id: int, dm_channel: str, message_ts: str) -> None:
    """An open check-in re-sent to a new owner: their DM thread is where answers come now."""
    session.execute(
        update(CheckinRow)
        .where(CheckinRow.id == checkin_id, CheckinRow.status == SENT)
        .values(dm_channel=dm_channel, message_ts=message_ts)
    )


def checkin_of_week(session: Session, strategy_id: int, week: dt.date) -> Checkin | None:
    return to_checkin(
        session.scalar(
            select(CheckinRow).where(CheckinRow.strategy_id == strategy_id, CheckinRow.week == week)
        )
    )

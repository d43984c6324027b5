"""Claiming due check-ins for this process, a batch at a time (storage/checkin_claims.py explains
the exactly-once design; storage/checkin_batches.py holds its batched queries).

A check-in due at its one slot, within the grace period (the usual Monday 09:00) is claimed with
the others of its batch in one transaction: the slots advanced by compare-and-set, each earlier
week still open marked missed, the weeks' check-ins inserted; only the rows this process created
come back. A schedule with several slots passed (the bot was down) is claimed on its own, as
before: the weeks it slept through become gaps and only the last slot, if still within grace,
is asked.

Each claim carries the instant it was stamped with, so the sender knows how old its lease is
when it posts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.domain.model import DueSchedule, Schedule
from bot.domain.slots import is_within_grace, next_slot, slot_week, slots_between
from storage import checkin_batches, checkin_claims, checkin_schedules
from storage.checkin_batches import SlotMove, WeekClaim
from storage.db import SessionFactory


@dataclass(frozen=True)
class Claimed:
    team_id: str
    checkin_id: int
    claimed_at: dt.datetime  # the claim's stamp: its lease runs from here


class DueClaims:
    def __init__(self, sessions: SessionFactory, worker: str) -> None:
        self.sessions = sessions
        self.worker = worker

    def claim(self, due: list[DueSchedule], now: dt.datetime) -> list[Claimed]:
        """Claim these due schedules' check-ins at `now`: those this process is to send."""
        usual: list[DueSchedule] = []
        claimed: list[Claimed] = []
        for item in due:
            schedule = _schedule(item)
            if is_within_grace(item.next_due_at, now) and not slots_between(
                schedule, item.next_due_at, now
            ):
                usual.append(item)
                continue
            checkin_id = self.claim_one(item, now)
            if checkin_id is not None:
                claimed.append(Claimed(item.team_id, checkin_id, now))
        return self._claim_usual(usual, now) + claimed

    def _claim_usual(self, due: list[DueSchedule], now: dt.datetime) -> list[Claimed]:
        if not due:
            return []
        by_strategy = {item.strategy_id: item for item in due}
        moves = [
            SlotMove(item.strategy_id, item.next_due_at, next_slot(_schedule(item), now))
            for item in due
        ]
        with self.sessions.begin() as session:
            advanced = checkin_batches.advance_schedules(session, moves)
            weeks = {
                strategy_id: slot_week(
                    by_strategy[strategy_id].next_due_at, by_strategy[strategy_id].timezone
                )
                for strategy_id in advanced
            }
            checkin_batches.miss_open_before(session, weeks)
            created = checkin_batches.claim_weeks(
                session,
                [
                    WeekClaim(strategy_id, week, by_strategy[strategy_id].next_due_at)
                    for strategy_id, week in sorted(weeks.items())
                ],
                self.worker,
                now,
            )
        return [
            Claimed(by_strategy[strategy_id].team_id, checkin_id, now)
            for strategy_id, checkin_id in sorted(created.items(), key=lambda pair: pair[1])
        ]

    def claim_one(self, item: DueSchedule, now: dt.datetime) -> int | None:
        """One schedule, every slot it passed: the weeks gone by are gaps, the last slot is
        claimed (its check-in's id) if it is still within grace."""
        schedule = _schedule(item)
        slots = [item.next_due_at, *slots_between(schedule, item.next_due_at, now)]
        following = next_slot(schedule, now)
        claimed: int | None = None
        with self.sessions.begin() as session:
            if not checkin_schedules.advance_schedule(
                session, item.strategy_id, item.next_due_at, following
            ):
                return None  # another process took this slot
            for slot in slots:
                week = slot_week(slot, item.timezone)
                earlier = checkin_claims.open_checkin(session, item.strategy_id)
                if earlier is not None and earlier.week < week:
                    checkin_claims.mark_missed(session, earlier.id)  # unanswered by the next slot
                checkin_id = checkin_claims.claim_week(
                    session, item.strategy_id, week, slot, self.worker, now=now
                )
                if checkin_id is None:
                    continue
                if slot == slots[-1] and is_within_grace(slot, now):
                    claimed = checkin_id
                else:  # fell due while the bot was down, too long ago: a gap, not a late ask
                    checkin_claims.mark_missed(session, checkin_id)
        return claimed

    def sweep(
        self, now: dt.datetime, lease: dt.timedelta, team_id: str | None = None
    ) -> list[Claimed]:
        """Check-ins a process claimed and then died before sending, claimed again."""
        with self.sessions.begin() as session:
            unsent = checkin_claims.claim_unsent(session, now, self.worker, lease, team_id=team_id)
            found = checkin_batches.checkins_of_teams(session, unsent)
        return [Claimed(team, checkin.id, now) for team, checkin in found]


def _schedule(item: DueSchedule) -> Schedule:
    return Schedule(item.weekday, item.local_time, item.timezone)

"""Weekly check-ins: ask the owner for the numbers at their slot, take the answer, say where
each goal stands.

The database decides what is due and who sends it (storage/checkin_claims.py explains the
exactly-once design); this module computes the slots (bot/slots.py), talks to Slack after each
transaction has committed, and never reads the clock itself: `now` is passed in, so the
scheduler and the tests drive it alike.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from bot.checkins import messages as checkin_blocks
from bot.domain.actor import Actor
from bot.domain.model import Goal, Metric, Schedule, Status, Strategy
from bot.domain.progress import GoalStatus, implausible
from bot.domain.slots import is_within_grace, next_slot, slot_week, slots_between
from bot.domain.standing import goal_standings
from bot.i18n.catalogue import translator
from bot.slack.client import SlackIO
from bot.text.reply_text import is_yes
from bot.text.report_text import MetricRef, parse_report
from storage import checkin_claims, strategies
from storage.db import SessionFactory
from storage.models import CheckinRow, ReportRow

log = logging.getLogger(__name__)

# Longer than a send takes with Slack's retries, so a live sender is never doubled.
SEND_LEASE = dt.timedelta(minutes=10)
# Unanswered this long: one reminder in the same thread.
REMIND_AFTER = dt.timedelta(hours=24)


class WeeklyCheckins:
    def __init__(self, sessions: SessionFactory, slack: SlackIO, worker: str) -> None:
        self.sessions = sessions
        self.slack = slack
        self.worker = worker
        # Called with (team id, user id) after a report is saved: the App Home refresh.
        self.after_report: Callable[[str, str], object] | None = None

    # --- scheduling --------------------------------------------------------------------

    def schedule(self, strategy: Strategy, now: dt.datetime) -> None:
        """(Re)start a live strategy's check-ins from its current slot."""
        if strategy.id is None or strategy.status is not Status.LIVE or not strategy.schedule:
            return
        with self.sessions.begin() as session:
            checkin_claims.set_next_due(session, strategy.id, next_slot(strategy.schedule, now))

    def tick(self, now: dt.datetime) -> int:
        """Claim and send what is due; returns how many check-ins this process sent."""
        with self.sessions.begin() as session:
            due = checkin_claims.due_schedules(session, now)
        to_send: list[tuple[str, int]] = []
        for item in due:
            if self._zone_moved(item, now):
                continue  # rescheduled to the owner's new zone; claimed when that slot comes
            claimed = self._claim(item, now)
            if claimed is not None:
                to_send.append((item.team_id, claimed))
        with self.sessions.begin() as session:
            # Check-ins a process claimed and then died before sending.
            for checkin_id in checkin_claims.claim_unsent(session, now, self.worker, SEND_LEASE):
                team_id = checkin_claims.team_of_checkin(session, checkin_id)
                if team_id is not None:
                    to_send.append((team_id, checkin_id))
        sent = sum(self.send(team_id, checkin_id, now) for team_id, checkin_id in to_send)
        self._remind(now)
        return sent

    def _remind(self, now: dt.datetime) -> None:
        with self.sessions.begin() as session:
            due = checkin_claims.due_reminders(session, now, REMIND_AFTER)
        for item in due:
            with self.sessions.begin() as session:
                # Claimed before posting: two processes never both remind.
                if not checkin_claims.mark_reminded(session, item.checkin_id, now):
                    continue
                row = checkin_claims.checkin_in_team(session, item.team_id, item.checkin_id)
                strategy = (
                    strategies.strategy_by_id(session, item.team_id, row.strategy_id)
                    if row
                    else None
                )
            if strategy is not None:
                text, blocks = checkin_blocks.reminder(strategy, translator(strategy.language))
                self.slack.post(item.dm_channel, text, blocks, thread_ts=item.message_ts)

    def _claim(self, item: checkin_claims.DueSchedule, now: dt.datetime) -> int | None:
        schedule = Schedule(item.weekday, item.local_time, item.timezone)
        slots = [item.next_due_at, *slots_between(schedule, item.next_due_at, now)]
        following = next_slot(schedule, now)
        claimed: int | None = None
        with self.sessions.begin() as session:
            if not checkin_claims.advance_schedule(
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

    def send(self, team_id: str, checkin_id: int, now: dt.datetime) -> int:
        """DM a claimed check-in to the owner; 1 if it went out (then it is marked sent)."""
        with self.sessions.begin() as session:
            # Renewed right before posting: if our lease ran out and another process took the
            # check-in over, it sends and we don't.
            if not checkin_claims.renew_claim(session, checkin_id, self.worker, now):
                return 0
            row = checkin_claims.checkin_in_team(session, team_id, checkin_id)
            strategy = strategies.strategy_by_id(session, team_id, row.strategy_id) if row else None
            if row is None or strategy is None or not strategy.owner_id:
                return 0
            if not is_within_grace(row.due_at, now):
                checkin_claims.mark_missed(session, checkin_id)  # too late to ask: a gap
                return 0
            latest = _latest_values(checkin_claims.reports_for_strategy(session, strategy.id))
            missed = checkin_claims.missed_count(session, strategy.id)
        tr = translator(strategy.language)
        channel = self.slack.open_dm(strategy.owner_id)
        if channel is None:
            return 0
        text, blocks = checkin_blocks.checkin_request(
            strategy, latest, missed, tr, checkin_id=checkin_id
        )
        ts = self.slack.post(channel, text, blocks)
        if ts is None:
            return 0  # left 'due': the next tick's sweep tries again after the lease
        with self.sessions.begin() as session:
            checkin_claims.mark_sent(session, checkin_id, channel, ts, now)
        return 1

    def tell_new_owner(self, strategy: Strategy, now: dt.datetime) -> None:
        """Tell the new owner, and hand them this week's open check-in, so someone can answer."""
        if strategy.owner_id is None or strategy.id is None:
            return
        channel = self.slack.open_dm(strategy.owner_id)
        if channel is None:
            return
        tr = translator(strategy.language)
        text, blocks = checkin_blocks.new_owner(strategy, tr)
        self.slack.post(channel, text, blocks)
        with self.sessions.begin() as session:
            row = checkin_claims.open_checkin(session, strategy.id)
            if row is None or row.status != checkin_claims.SENT:
                return
            checkin_id = row.id
            latest = _latest_values(checkin_claims.reports_for_strategy(session, strategy.id))
            missed = checkin_claims.missed_count(session, strategy.id)
        text, blocks = checkin_blocks.checkin_request(
            strategy, latest, missed, tr, checkin_id=checkin_id
        )
        ts = self.slack.post(channel, text, blocks)
        if ts is not None:
            with self.sessions.begin() as session:
                checkin_claims.move_checkin(session, checkin_id, channel, ts)

    def _zone_moved(self, item: checkin_claims.DueSchedule, now: dt.datetime) -> bool:
        """Asked of Slack before each check-in: if the owner's zone changed, move the slot to
        the new zone instead of asking at the old zone's hour. (A slot the new zone has already
        passed this week moves to next week.)"""
        if item.owner_id is None:
            return False
        zone = self.slack.user(item.owner_id).tz
        if zone is None or zone == item.timezone:
            return False
        moved = Schedule(item.weekday, item.local_time, zone)
        with self.sessions.begin() as session:
            strategies.set_schedule_timezone(session, item.team_id, item.strategy_id, zone)
            checkin_claims.advance_schedule(
                session, item.strategy_id, item.next_due_at, next_slot(moved, now)
            )
        return True

    # --- the owner's answer ------------------------------------------------------------

    def report(self, actor: Actor, thread_ts: str, ts: str, text: str, now: dt.datetime) -> None:
        """A reply in a check-in's DM thread."""
        with self.sessions.begin() as session:
            checkin = checkin_claims.checkin_for_message(
                session, actor.team_id, actor.channel_id, thread_ts
            )
            if checkin is None:
                return
            strategy = strategies.strategy_by_id(
                session, actor.team_id, checkin.strategy_id, lock=True
            )
            if strategy is None or actor.user_id != strategy.owner_id:
                return
            if not strategies.claim_message(session, actor.team_id, actor.channel_id, ts):
                return  # a retry or a second delivery
            ordered = checkin_blocks.ordered_metrics(strategy)
            if checkin.pending and is_yes(text):
                # The owner confirms the values held back last time.
                held = {int(k): Decimal(v) for k, v in checkin.pending.items()}
                result = self._save(
                    session, strategy, checkin, held, actor.user_id, now, confirmed=True
                )
            else:
                refs = [MetricRef(m.id, m.name, m.unit) for _, m in ordered if m.id is not None]
                parsed = parse_report(text, refs)
                result = self._save(session, strategy, checkin, parsed.values, actor.user_id, now)
                result.questions = parsed.unknown + parsed.ambiguous
                by_id = {m.id: m for _, m in ordered}
                result.missing = [by_id[i] for i in parsed.missing]
        self._answer(strategy, result, actor, actor.channel_id, thread_ts, now)

    def report_values(
        self,
        actor: Actor,
        checkin_id: int,
        values: dict[int, Decimal],
        submission_id: str,
        now: dt.datetime,
    ) -> bool:
        """Values from the report form, by metric id; False if nothing was saved.

        `submission_id` (the modal's view id) makes a double-clicked submit count once.
        """
        with self.sessions.begin() as session:
            checkin = checkin_claims.checkin_in_team(session, actor.team_id, checkin_id)
            if checkin is None or not checkin.dm_channel or not checkin.message_ts:
                return False
            strategy = strategies.strategy_by_id(
                session, actor.team_id, checkin.strategy_id, lock=True
            )
            if strategy is None or actor.user_id != strategy.owner_id:
                return False
            if not strategies.claim_message(session, actor.team_id, "view", submission_id):
                return False
            listed = {m.id for _, m in checkin_blocks.ordered_metrics(strategy)}
            chosen = {k: v for k, v in values.items() if k in listed}
            result = self._save(session, strategy, checkin, chosen, actor.user_id, now)
            channel, thread_ts = checkin.dm_channel, checkin.message_ts
        self._answer(strategy, result, actor, channel, thread_ts, now)
        return bool(result.saved)

    def _save(
        self,
        session: Session,
        strategy: Strategy,
        checkin: CheckinRow,
        values: dict[int, Decimal],
        reporter: str,
        now: dt.datetime,
        confirmed: bool = False,
    ) -> _Saved:
        """Save the values, except implausible ones, which wait for the owner's yes."""
        by_id = {m.id: (goal, m) for goal, m in checkin_blocks.ordered_metrics(strategy)}
        result = _Saved()
        previous = _latest_values(
            [
                r
                for r in checkin_claims.reports_for_strategy(session, strategy.id)
                if r.week < checkin.week
            ]
        )
        held: dict[str, str] = {}
        for metric_id, value in values.items():
            goal, metric = by_id[metric_id]
            # Sending the same number again after the question confirms it, like "yes" does.
            repeated = (checkin.pending or {}).get(str(metric_id)) == str(value)
            if not (confirmed or repeated) and implausible(previous.get(metric_id), value):
                held[str(metric_id)] = str(value)
                result.doubtful.append((metric, previous[metric_id], value))
                continue
            checkin_claims.add_report(
                session,
                strategy.id,
                checkin.id,
                goal.id,
                metric_id,
                checkin.week,
                value,
                reporter,
                now,
            )
            result.saved.append((metric, value))
        if result.saved:
            checkin_claims.mark_answered(session, checkin.id, now)
        checkin_claims.hold_values(session, checkin.id, held or None)
        result.reports = checkin_claims.reports_for_strategy(session, strategy.id)
        return result

    def _answer(
        self,
        strategy: Strategy,
        result: _Saved,
        actor: Actor,
        channel: str,
        thread_ts: str,
        now: dt.datetime,
    ) -> None:
        """Where each goal stands, in the DM thread; a digest in the strategy's thread."""
        tr = translator(strategy.language)
        statuses = goal_statuses(strategy, result.reports, now.date())
        reply_text, reply_blocks = checkin_blocks.report_reply(
            strategy, result.saved, statuses, result.questions, result.missing, tr
        )
        if result.doubtful:
            reply_blocks = [*reply_blocks, checkin_blocks.confirm_doubtful(result.doubtful, tr)]
        self.slack.post(channel, reply_text, reply_blocks, thread_ts=thread_ts)
        if result.saved and strategy.thread_ts:
            digest_text, digest_blocks = checkin_blocks.digest(
                strategy, statuses, actor.user_id, tr
            )
            self.slack.post(
                strategy.channel_id, digest_text, digest_blocks, thread_ts=strategy.thread_ts
            )
        if result.saved and self.after_report is not None:
            self.after_report(strategy.team_id, actor.user_id)


@dataclass
class _Saved:
    saved: list[tuple[Metric, Decimal]] = field(default_factory=list)
    reports: list[ReportRow] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    missing: list[Metric] = field(default_factory=list)
    doubtful: list[tuple[Metric, Decimal, Decimal]] = field(default_factory=list)


def goal_statuses(
    strategy: Strategy, reports: list[ReportRow], today: dt.date
) -> list[tuple[Goal, GoalStatus]]:
    """Each complete goal's standing, from the reports of its first metric (bot/standing.py)."""
    start = strategy.started_on or today
    return [
        (item.goal, item.status)
        for item in goal_standings(strategy.goals, reports, start, today)
        if item.status is not None and item.goal.metrics and item.goal.metrics[0].id is not None
    ]


def _latest_values(reports: list[ReportRow]) -> dict[int, Decimal]:
    latest: dict[int, tuple[dt.date, Decimal]] = {}
    for report in reports:
        known = latest.get(report.metric_id)
        if known is None or report.week >= known[0]:
            latest[report.metric_id] = (report.week, report.value)
    return {metric_id: value for metric_id, (_, value) in latest.items()}

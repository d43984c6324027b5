"""Sending the weekly check-ins: at each owner's slot, claim the week's check-in in the database
and DM it to the owner; remind once a day later; hand an open check-in to a new owner.

The database decides what is due and who sends it (storage/checkin_claims.py explains the
exactly-once design); this module computes the slots (bot/domain/slots.py), talks to Slack after
each transaction has committed, and never reads the clock itself: a tick's `now` is passed in,
and the clock it was built with (also passed in) only measures how long the tick has taken, so
each claim, lease renewal and "sent" is stamped with the time it happens; the scheduler and the
tests drive both alike.

Each DM is one Web API call at steady state: the owner's zone comes from the stored profile
while fresh and the DM goes to the stored DM channel (bot/checkins/owners.py).

A tick works in batches of due check-ins, each in a fixed number of queries: claimed together
(bot/checkins/claiming.py), their DMs loaded and built together (bot/checkins/checkin_dms.py),
sent several at once (bot/checkins/fanout.py) and recorded as sent with shared commits
(bot/checkins/send_records.py). A claim is renewed right before its post only once it is older
than RENEW_AFTER, so the post always has most of its lease.

Each workspace's work runs with its team in scope (`in_team`, bot/slack/team_scope.py), so in
multi-workspace mode every Slack call uses that workspace's own token; a workspace whose
installation is gone is skipped (logged) without holding up the others.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator

from sqlalchemy.orm import Session

from bot.checkins import messages
from bot.checkins.checkin_dms import CheckinDM, checkin_dms
from bot.checkins.claiming import Claimed, DueClaims
from bot.checkins.fanout import Fanout
from bot.checkins.owners import OwnerProfiles
from bot.checkins.reminding import Reminder, Reminders
from bot.checkins.send_records import SendRecords, SentDM
from bot.domain.model import CheckinStatus, DueSchedule, Schedule, Status, Strategy
from bot.domain.profiles import OwnerProfile
from bot.domain.slots import next_slot
from bot.domain.standing import latest_values
from bot.i18n.catalogue import translator
from bot.slack.client import SlackIO
from bot.slack.team_scope import in_team
from bot.slack.tokens import NotInstalled
from storage import (
    checkin_batches,
    checkin_claims,
    checkin_schedules,
    people,
    processed_messages,
    reports,
    strategies,
    workspaces,
)
from storage.db import SessionFactory

log = logging.getLogger(__name__)

# Longer than a send takes with Slack's retries, so a live sender is never doubled.
SEND_LEASE = dt.timedelta(minutes=10)
# Processes whose claims are this recent count as sending now (they share the post ceiling).
SENDERS_WITHIN = dt.timedelta(minutes=1)
# A claim older than this is renewed right before its post (a younger one has most of its lease).
RENEW_AFTER = dt.timedelta(minutes=1)


def _never() -> bool:
    return False


# Handled messages are forgotten after this long (Slack retries for minutes), some per tick.
FORGET_PROCESSED_AFTER = dt.timedelta(days=7)
PRUNE_BATCH = 1000
# Due check-ins read and claimed at a time, and batches a tick takes at most (20,000 check-ins).
DUE_BATCH = 500
MAX_BATCHES = 40

Clock = Callable[[], dt.datetime]


class CheckinSender:
    def __init__(
        self,
        sessions: SessionFactory,
        slack: SlackIO,
        worker: str,
        clock: Clock,
        only_team: str | None = None,
        prunes: bool = True,
        owners: OwnerProfiles | None = None,
        fanout: Fanout[CheckinDM] | None = None,
        batch: int = DUE_BATCH,
        share_posts: Callable[[int], None] | None = None,
    ) -> None:
        self.sessions = sessions
        self.slack = slack
        self.owners = owners or OwnerProfiles(sessions, slack, clock)
        self.worker = worker
        # Read for each claim, renewal and send: a tick slowed down by Slack's rate limits
        # stamps its leases with the time it really is, not with the time it started.
        self.clock = clock
        # Only this workspace's check-ins: a bot with one token (it can't reach another), and
        # `strategy-coach shell`, whose clock the user moves ahead, maybe on the bot's own
        # database; the shell also leaves the pruning of handled messages to the bot.
        self.only_team = only_team
        self.prunes = prunes
        # The claimed check-ins are sent by a bounded pool, rate-limited per workspace and method.
        self.fanout: Fanout[CheckinDM] = fanout or Fanout()
        self.claims = DueClaims(sessions, worker)
        self.records = SendRecords(sessions, worker)
        reminder_fanout: Fanout[Reminder] = Fanout(
            self.fanout.workers, self.fanout.clock, self.fanout.pause
        )
        self._refused: set[str] = set()
        self.reminders = Reminders(sessions, slack, reminder_fanout, batch)
        # Due check-ins are read and claimed this many at a time; a tick takes batch after
        # batch until fewer are due (at most MAX_BATCHES), not one batch per 30 s tick.
        self.batch = batch
        # Told how many processes are sending check-ins now (bot/slack/rate_limits.py
        # `RateLimits.share_posts`): each keeps to its share of a workspace's post ceiling.
        self.share_posts = share_posts

    # --- scheduling --------------------------------------------------------------------

    def schedule(self, strategy: Strategy, now: dt.datetime) -> None:
        """(Re)start a live strategy's check-ins from its current slot."""
        with self.sessions.begin() as session:
            self.schedule_in(session, strategy, now)

    def schedule_in(self, session: Session, strategy: Strategy, now: dt.datetime) -> None:
        """The same inside the caller's transaction (the one that makes the strategy live)."""
        if strategy.id is None or strategy.status is not Status.LIVE or not strategy.schedule:
            return
        checkin_schedules.set_next_due(session, strategy.id, next_slot(strategy.schedule, now))

    def _elapsed_since(self, now: dt.datetime) -> Clock:
        """The tick's `now` moved on by the time the tick has taken so far (by `self.clock`)."""
        started = self.clock()
        return lambda: now + (self.clock() - started)

    def tick(self, now: dt.datetime, should_stop: Callable[[], bool] = _never) -> int:
        """Claim and send what is due; returns how many check-ins this process sent.

        `should_stop` is asked before each send: once the process is stopping, the sends under
        way finish and no new one starts (what is left is due again at the next tick, here or in
        another process)."""
        at = self._elapsed_since(now)
        self._refused = set()  # teams whose token Slack refused in this tick
        # Several at once, each in its team's scope (bot/checkins/fanout.py), batch after batch:
        # the next batch is claimed as workers come free, while a post put aside for its
        # Retry-After waits. Once stopping, no send starts and no batch is claimed: what was
        # claimed and not sent, the sweep sends once the lease is over.
        sent = self.fanout.run(
            self._due_dms(now, at, should_stop),
            lambda dm: self._send_in_team(dm, at),
            should_stop,
        )
        if should_stop():
            return sent
        self.reminders.send_due(at(), MAX_BATCHES, self.only_team, should_stop)
        if self.prunes:
            with self.sessions.begin() as session:
                processed_messages.prune(session, at() - FORGET_PROCESSED_AFTER, PRUNE_BATCH)
        return sent

    def _due_dms(
        self, now: dt.datetime, at: Clock, should_stop: Callable[[], bool]
    ) -> Iterator[CheckinDM]:
        """The DMs of what is due, claimed batch after batch until fewer than a batch are due
        (at most MAX_BATCHES a tick)."""
        for _ in range(MAX_BATCHES):
            dms, progressed, full = self._batch(now, at, should_stop)
            yield from dms
            # A batch another process claimed first is progress too: the next one is new.
            if should_stop() or not full or not progressed:
                return  # nothing more due, or nothing more this tick can take

    def _batch(
        self, now: dt.datetime, at: Clock, should_stop: Callable[[], bool]
    ) -> tuple[list[CheckinDM], bool, bool]:
        """Claim one batch of what is due: (its DMs, whether any due slot moved on (claimed
        here or by another process, or moved to a new zone), whether the batch was full)."""
        with self.sessions.begin() as session:
            due = checkin_schedules.due_schedules(
                session, now, limit=self.batch, team_id=self.only_team
            )
            known = people.profiles(session, [(i.team_id, i.owner_id) for i in due if i.owner_id])
            others = checkin_batches.senders_at_work(session, at(), SENDERS_WITHIN)
        if due and self.share_posts is not None:
            self.share_posts(max(1, others))  # ourselves among them once we have claimed
        installed: dict[str, bool] = {}
        to_claim: list[DueSchedule] = []
        moved = False
        for item in due:
            if should_stop():
                break
            if item.team_id not in installed:
                installed[item.team_id] = self._installed(item.team_id)
            if not installed[item.team_id]:
                continue  # Slack refused the team's token earlier in this tick
            try:
                with in_team(item.team_id):
                    if self._zone_moved(item, known, at()):
                        moved = True  # claimed when the slot in the owner's new zone comes
                        continue
            except NotInstalled:
                log.warning("Workspace %s has no installation: skipped", item.team_id)
                continue
            to_claim.append(item)
        if should_stop():
            return [], False, False  # nothing claimed: due again at the next tick
        # A team whose token Slack refused while its owners' zones were looked at is marked.
        teams = {item.team_id for item in to_claim}
        installed = {team: self._installed(team) for team in teams}
        to_claim = [item for item in to_claim if installed[item.team_id]]
        claimed = self.claims.claim(to_claim, at())
        # And check-ins a process claimed and then died before sending.
        claimed += self.claims.sweep(at(), SEND_LEASE, team_id=self.only_team)
        dms = checkin_dms(self.sessions, claimed, at())
        return dms, bool(to_claim or claimed) or moved, len(due) >= self.batch

    def send(self, team_id: str, checkin_id: int, now: dt.datetime | Clock) -> int:
        """DM a claimed check-in to the owner now (`/strategy checkin`, or a test); 1 if it went
        out (then it is marked sent). `now` is an instant, or a clock read right before the
        renewal and after the post. The Slack calls use the team's token (`in_team`)."""
        at: Clock = now if callable(now) else (lambda: now)  # type: ignore[assignment,return-value]
        if not self._installed(team_id):
            return 0  # left 'due' and claimed: a reinstall within the day still sends it
        self._refused.discard(team_id)  # installed again since a tick saw its token refused
        stale = at() - SEND_LEASE  # its claim is renewed before the post, whatever its age
        dms = checkin_dms(self.sessions, [Claimed(team_id, checkin_id, stale)], at())
        return sum(self._send_in_team(dm, at) for dm in dms)

    def _send_in_team(self, dm: CheckinDM, at: Clock) -> int:
        with in_team(dm.team_id):
            try:
                return self._send(dm, at)
            except NotInstalled:
                log.warning(
                    "Workspace %s has no installation: check-in %s unsent",
                    dm.team_id,
                    dm.checkin_id,
                )
                return 0

    def _send(self, dm: CheckinDM, at: Clock) -> int:
        if dm.team_id in self._refused:
            return 0  # Slack refused the team's token in this tick: left 'due' for a reinstall
        now = at()
        if now - dm.claimed_at >= RENEW_AFTER:
            # Renewed right before posting, only while our lease still holds: if it ran out,
            # another process may have taken the check-in over; it sends and we don't. A claim
            # younger than RENEW_AFTER leaves the post most of its lease without a renewal.
            with self.sessions.begin() as session:
                if not checkin_claims.renew_claim(
                    session, dm.checkin_id, self.worker, now, SEND_LEASE
                ):
                    return 0
        posted = self.owners.post_dm(dm.owner_id, dm.known, dm.text, dm.blocks)
        if posted is None:
            if not self._installed(dm.team_id):  # the refusal marked the team: no more posts
                self._refused.add(dm.team_id)
            return 0  # left 'due': the next tick's sweep tries again after the lease
        channel, ts = posted
        new_channel = dm.known is None or dm.known.dm_channel != channel
        sent = SentDM(dm.team_id, dm.owner_id, dm.checkin_id, channel, ts, at(), new_channel)
        if not self.records.record(sent):
            log.info("Check-in %s went to its former owner; the new owner gets it", dm.checkin_id)
            return 0
        return 1

    def tell_new_owner(self, strategy: Strategy, now: dt.datetime) -> None:
        """Tell the new owner, and hand them this week's open check-in, so someone can answer."""
        if strategy.owner_id is None or strategy.id is None:
            return
        with in_team(strategy.team_id):
            self._tell_new_owner(strategy)

    def _tell_new_owner(self, strategy: Strategy) -> None:
        assert strategy.owner_id is not None and strategy.id is not None
        with self.sessions.begin() as session:
            known = people.profile(session, strategy.team_id, strategy.owner_id)
        tr = translator(strategy.language)
        text, blocks = messages.new_owner(strategy, tr)
        posted = self.owners.post_dm(strategy.owner_id, known, text, blocks)
        if posted is None:
            return
        channel = posted[0]
        with self.sessions.begin() as session:
            self.owners.remember_dm(session, strategy.team_id, strategy.owner_id, known, channel)
            checkin = checkin_claims.open_checkin(session, strategy.id)
            if checkin is None or checkin.status is not CheckinStatus.SENT:
                return
            checkin_id = checkin.id
            latest = latest_values(reports.reports_for_strategy(session, strategy.id))
            missed = checkin_claims.missed_count(session, strategy.id)
        text, blocks = messages.checkin_request(strategy, latest, missed, tr, checkin_id=checkin_id)
        ts = self.slack.post(channel, text, blocks)
        if ts is not None:
            with self.sessions.begin() as session:
                checkin_claims.move_checkin(session, checkin_id, channel, ts)

    def _installed(self, team_id: str) -> bool:
        with self.sessions.begin() as session:
            return workspaces.uninstalled(session, team_id) is None

    def _zone_moved(
        self, item: DueSchedule, known: dict[tuple[str, str], OwnerProfile], now: dt.datetime
    ) -> bool:
        """Before each check-in: if the owner's zone changed, move the slot to the new zone
        instead of asking at the old zone's hour. (A slot the new zone has already passed this
        week moves to next week.) The zone is the stored one while fresh, else Slack's
        (`users.info`, stored, and kept in `known` for the owner's other strategies)."""
        if item.owner_id is None:
            return False
        key = (item.team_id, item.owner_id)
        profile = self.owners.current(item.team_id, item.owner_id, known.get(key), now)
        if profile is not None:
            known[key] = profile
        zone = profile.tz if profile is not None else None
        if zone is None or zone == item.timezone:
            return False
        moved = Schedule(item.weekday, item.local_time, zone)
        with self.sessions.begin() as session:
            strategies.set_schedule_timezone(session, item.team_id, item.strategy_id, zone)
            checkin_schedules.advance_schedule(
                session, item.strategy_id, item.next_due_at, next_slot(moved, now)
            )
        return True

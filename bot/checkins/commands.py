"""`/strategy checkin | pause [until <date>] | resume | schedule <weekday> <time> | owner @user`.

Only the owner reports, pauses, resumes or moves the slot; the owner or the person who started
the strategy hands it over. Everyone else gets a polite answer naming the owner.

A command asks Slack what it needs first, then locks the strategy, loads it again and changes
only what the command is about, with the next check-in, in one transaction: a goal added in the
thread meanwhile is never written over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.checkins.sending import CheckinSender
from bot.domain.model import Schedule, Status, Strategy
from bot.domain.slots import next_slot, slot_week, zone_or_utc
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.slack.client import SlackIO
from bot.text.command_words import Command
from bot.text.dates import parse_date
from bot.text.slot_text import parse_responsibility
from bot.text.user_text import escape
from storage import checkin_claims, checkin_schedules, people, strategies
from storage.db import SessionFactory


class CheckinCommands:
    def __init__(
        self,
        sessions: SessionFactory,
        slack: SlackIO,
        sender: CheckinSender,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.sessions = sessions
        self.slack = slack
        self.sender = sender
        self.now = now

    def handle(
        self, team_id: str, channel_id: str, user_id: str, command: Command, tr: Translator
    ) -> str:
        """Do the subcommand for the channel's strategy; the sentence to answer the user with."""
        with self.sessions.begin() as session:
            strategy = strategies.strategy_in_channel(session, team_id, channel_id)
        return self._handle(strategy, user_id, command, tr)

    def handle_for(
        self, team_id: str, strategy_id: int, user_id: str, command: Command, tr: Translator
    ) -> str | None:
        """The same for a strategy by id (a Home tab button); None when there is no such one."""
        with self.sessions.begin() as session:
            strategy = strategies.strategy_by_id(session, team_id, strategy_id)
        if strategy is None:
            return None
        return self._handle(strategy, user_id, command, tr)

    def _handle(
        self, strategy: Strategy | None, user_id: str, command: Command, tr: Translator
    ) -> str:
        if strategy is None or strategy.status is not Status.LIVE or strategy.schedule is None:
            return tr(
                "Check-ins start when this channel's strategy is live. Type `/strategy` to see "
                "where it stands."
            )
        owner = strategy.owner_id or strategy.started_by
        allowed = (owner, strategy.started_by) if command.name == "owner" else (owner,)
        if user_id not in allowed:
            return tr(
                "Only the owner, <@{owner}>, can do that. Ask them, or ask them to hand it over "
                "with `/strategy owner @you`.",
                owner=owner,
            )
        action = {
            "checkin": self._checkin,
            "pause": self._pause,
            "resume": self._resume,
            "schedule": self._schedule,
            "owner": self._owner,
        }[command.name]
        return action(strategy, command.argument, tr)

    def _checkin(self, strategy: Strategy, argument: str, tr: Translator) -> str:
        now = self.now()
        assert strategy.schedule is not None and strategy.id is not None
        week = slot_week(now, strategy.schedule.timezone)
        with self.sessions.begin() as session:
            checkin_id = checkin_claims.claim_week(
                session, strategy.id, week, now, self.sender.worker, now=now
            )
        if checkin_id is None:
            return tr("This week's check-in is already in your direct messages; answer it there.")
        if not self.sender.send(strategy.team_id, checkin_id, now):
            return tr("I could not send the check-in just now; I will try again shortly.")
        return tr("Sent you this week's check-in as a direct message.")

    def _pause(self, strategy: Strategy, argument: str, tr: Translator) -> str:
        assert strategy.id is not None
        words = argument.split(maxsplit=1)
        until: dt.date | None = None
        if words and words[0].lower() in ("until", "til", "frem", "fram"):
            rest = words[1] if len(words) > 1 else ""
            rest = rest.removeprefix("til ").strip()  # "frem til"
            parsed = parse_date(rest, self.now().date())
            if parsed.value is None:
                return tr(
                    "I could not read that date. Try `/strategy pause until 2027-01-04` or "
                    "`/strategy pause`."
                )
            until = parsed.value
        with self.sessions.begin() as session:
            # Locked and loaded again: the slot after the pause follows the schedule as it is now.
            strategy = self._locked(session, strategy) or strategy
            # A pause with an end date is just a later next slot; only an open-ended pause
            # needs the flag (and `resume`).
            checkin_schedules.set_paused(session, strategy.id, until is None, None)
            if until is not None and strategy.schedule is not None:
                # The first slot after the pause: the weeks off are a holiday, not missed weeks.
                last_day = dt.datetime.combine(
                    until, dt.time.max, tzinfo=zone_or_utc(strategy.schedule.timezone)
                )
                checkin_schedules.set_next_due(
                    session, strategy.id, next_slot(strategy.schedule, last_day)
                )
        if until is None:
            return tr("Check-ins are paused. `/strategy resume` starts them again.")
        return tr("Check-ins are paused until {date}.", date=fmt.date(until, tr))

    def _resume(self, strategy: Strategy, argument: str, tr: Translator) -> str:
        assert strategy.id is not None and strategy.schedule is not None
        with self.sessions.begin() as session:
            strategy = self._locked(session, strategy) or strategy
            assert strategy.schedule is not None and strategy.id is not None
            checkin_schedules.set_paused(session, strategy.id, False, None)
            # From the next slot on: weeks that passed during the pause are not asked late.
            checkin_schedules.set_next_due(
                session, strategy.id, next_slot(strategy.schedule, self.now())
            )
        return tr(
            "Check-ins are back on, from the next {weekday} at {time}.", **_slot(strategy, tr)
        )

    def _schedule(self, strategy: Strategy, argument: str, tr: Translator) -> str:
        slot = parse_responsibility(argument)
        # An impossible day or time ("monday 25:00") moves nothing: half of it would be a guess.
        if slot.bad_weekday:
            return tr(
                "I can't read {given} as a weekday. Give one weekday and a time, like "
                "`/strategy schedule friday 14:00`.",
                given=escape(slot.bad_weekday),
            )
        if slot.bad_time:
            return tr(
                "{given} is not a time of day. Give a time from 00:00 to 23:59, like "
                "`/strategy schedule friday 14:00`.",
                given=escape(slot.bad_time),
            )
        if slot.or_afternoon is not None:  # "friday at 3": night or afternoon? never a guess
            return tr(
                "Do you mean {afternoon} or {night}? Give the time with minutes, like "
                "`/strategy schedule friday 15:00`.",
                afternoon=fmt.clock(slot.or_afternoon),
                night=fmt.clock(slot.time) if slot.time else "03:00",
            )
        if slot.part_of_day is not None and slot.time is None:
            return tr("At what time? Give it with minutes, like `/strategy schedule friday 14:00`.")
        if slot.weekday is None and slot.time is None:
            return tr("Give a weekday and a time, like `/strategy schedule friday 14:00`.")

        def move(fresh: Strategy) -> None:
            assert fresh.schedule is not None
            fresh.schedule = Schedule(
                weekday=fresh.schedule.weekday if slot.weekday is None else slot.weekday,
                time=slot.time or fresh.schedule.time,
                timezone=fresh.schedule.timezone,
            )

        strategy = self._change(strategy, move)
        return tr("Check-ins now come every {weekday} at {time}.", **_slot(strategy, tr))

    def _owner(self, strategy: Strategy, argument: str, tr: Translator) -> str:
        new_owner = parse_responsibility(argument).owner_id
        if new_owner is None:
            return tr("Mention the new owner, like `/strategy owner @Kari`.")
        asked = self.slack.user(new_owner)  # asked before anything is locked
        zone = asked.tz

        def hand_over(fresh: Strategy) -> None:
            fresh.owner_id = new_owner
            if zone and fresh.schedule is not None:
                fresh.schedule.timezone = zone

        strategy = self._change(strategy, hand_over)
        if zone:  # kept as the check-ins keep it: their first one asks Slack nothing more
            with self.sessions.begin() as session:
                people.save_checked(
                    session, strategy.team_id, new_owner, zone, asked.locale, self.now()
                )
        self.sender.tell_new_owner(strategy, self.now())
        return tr("<@{owner}> now owns the weekly check-ins; I have told them.", owner=new_owner)

    def _locked(self, session: Session, strategy: Strategy) -> Strategy | None:
        assert strategy.id is not None
        return strategies.strategy_by_id(session, strategy.team_id, strategy.id, lock=True)

    def _change(self, strategy: Strategy, change: Callable[[Strategy], None]) -> Strategy:
        """Lock, load again, `change` only what the command is about, save, and move the next
        check-in, in one transaction; the strategy as saved."""
        with self.sessions.begin() as session:
            fresh = self._locked(session, strategy)
            if fresh is None:  # deleted meanwhile: nothing to change
                return strategy
            change(fresh)
            strategies.save_strategy(session, fresh)
            self.sender.schedule_in(session, fresh, self.now())
        return fresh


def _slot(strategy: Strategy, tr: Translator) -> dict[str, str]:
    assert strategy.schedule is not None
    return {
        "weekday": fmt.weekday(strategy.schedule.weekday, tr),
        "time": fmt.clock(strategy.schedule.time),
    }

"""The one reminder a day after an unanswered check-in, in the DM's thread, batch after batch:
each batch marked reminded in one statement before anything is posted (two processes never both
remind), the strategies loaded together, the posts sent several at once (bot/checkins/fanout.py).
What a stopping process marked and did not post is given back for the next tick.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from bot.checkins import messages
from bot.checkins.fanout import Fanout
from bot.i18n.catalogue import translator
from bot.slack.client import SlackIO
from bot.slack.team_scope import in_team
from bot.slack.tokens import NotInstalled
from storage import checkin_batches, checkin_claims, strategy_views, workspaces
from storage.db import SessionFactory, quick_read

log = logging.getLogger(__name__)

# Unanswered this long: one reminder in the same thread.
REMIND_AFTER = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Reminder:
    team_id: str
    checkin_id: int
    dm_channel: str
    thread_ts: str
    text: str
    blocks: list[dict]


class Reminders:
    def __init__(
        self, sessions: SessionFactory, slack: SlackIO, fanout: Fanout[Reminder], batch: int
    ) -> None:
        self.sessions = sessions
        self.slack = slack
        self.fanout = fanout
        self.batch = batch

    def send_due(
        self,
        now: dt.datetime,
        batches: int,
        team_id: str | None,
        should_stop: Callable[[], bool],
    ) -> int:
        """Remind what is due at `now`, at most `batches` batches; how many were posted."""
        posted = 0
        for _ in range(batches):
            due, reminders = self._claim(now, team_id)
            posted += self._post(reminders, now, should_stop)
            if len(due) < self.batch or should_stop():
                break
        return posted

    def _claim(self, now: dt.datetime, team_id: str | None) -> tuple[list[int], list[Reminder]]:
        with self.sessions.begin() as session:
            due = checkin_claims.due_reminders(session, now, REMIND_AFTER, self.batch, team_id)
            marked = checkin_batches.mark_reminded_many(session, [d.checkin_id for d in due], now)
            rows = checkin_batches.checkins_of_teams(session, marked)
            checkins = {checkin.id: checkin for _, checkin in rows}
            loaded = strategy_views.strategies_by_ids(
                session, {checkin.strategy_id for checkin in checkins.values()}
            )
        reminders = []
        for item in due:
            checkin = checkins.get(item.checkin_id)
            strategy = loaded.get(checkin.strategy_id) if checkin is not None else None
            if strategy is None or strategy.team_id != item.team_id:
                continue
            text, blocks = messages.reminder(strategy, translator(strategy.language))
            reminders.append(
                Reminder(
                    item.team_id, item.checkin_id, item.dm_channel, item.message_ts, text, blocks
                )
            )
        return [d.checkin_id for d in due], reminders

    def _post(
        self, reminders: list[Reminder], now: dt.datetime, should_stop: Callable[[], bool]
    ) -> int:
        started: set[int] = set()
        lock = threading.Lock()

        def post(reminder: Reminder) -> int:
            with quick_read(self.sessions) as session:
                if workspaces.uninstalled(session, reminder.team_id) is not None:
                    return 0  # the token was refused meanwhile: given back for a reinstall
            with lock:
                started.add(reminder.checkin_id)
            return self._post_one(reminder)

        try:
            return self.fanout.run(reminders, post, should_stop)
        finally:
            unposted = {r.checkin_id for r in reminders} - started
            if unposted:
                with self.sessions.begin() as session:
                    checkin_batches.unmark_reminded(session, unposted, now)

    def _post_one(self, reminder: Reminder) -> int:
        with in_team(reminder.team_id):
            try:
                ts = self.slack.post(
                    reminder.dm_channel,
                    reminder.text,
                    reminder.blocks,
                    thread_ts=reminder.thread_ts,
                )
            except NotInstalled:
                log.warning("Workspace %s has no installation: skipped", reminder.team_id)
                return 0
        return 1 if ts is not None else 0

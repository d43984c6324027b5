"""The App Home dashboard: publish it when someone opens the tab or reports, and act on its
buttons (report now, pause, resume). The view itself is bot/home_view.py."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from bot.builder.service import team_translator
from bot.checkins.commands import CheckinCommands
from bot.checkins.report_form import ReportForms
from bot.domain.actor import Actor
from bot.domain.model import Strategy
from bot.domain.slots import slot_week
from bot.i18n.catalogue import Translator
from bot.insights import home_view
from bot.slack.client import SlackIO
from bot.text.command_words import Command
from storage import checkin_claims, standings, strategies
from storage.db import SessionFactory

log = logging.getLogger(__name__)


class Dashboard:
    def __init__(
        self,
        sessions: SessionFactory,
        slack: SlackIO,
        now: Callable[[], dt.datetime],
        translator_for: Callable[[str, str], Translator],
        checkin_commands: CheckinCommands,
        report_forms: ReportForms,
    ) -> None:
        self.sessions = sessions
        self.slack = slack
        self.now = now
        self.translator_for = translator_for
        self.checkin_commands = checkin_commands
        self.report_forms = report_forms

    def publish(self, team_id: str, user_id: str, notice: str | None = None) -> bool:
        """Build and publish `user_id`'s Home tab, with their strategies of `team_id` only."""
        person = self.slack.user(user_id)  # one users.info: the language and the time zone
        tr = team_translator(self.sessions, team_id, lambda: person.locale)
        with self.sessions.begin() as session:
            ids = standings.strategy_ids_of_user(session, team_id, user_id)
            shown = standings.snapshots(session, team_id, ids[: home_view.SHOWN])
        zone = person.tz or "UTC"
        links = {
            snapshot.strategy.id: link
            for snapshot in shown
            if snapshot.strategy.id is not None
            and snapshot.strategy.thread_ts
            and (
                link := self.slack.permalink(
                    snapshot.strategy.channel_id, snapshot.strategy.thread_ts
                )
            )
        }
        view = home_view.home(shown, len(ids), user_id, links, zone, self.now().date(), tr, notice)
        return self.slack.publish_home(user_id, view)

    def button(self, actor: Actor, action_id: str, value: str, trigger_id: str) -> None:
        """A Home tab button; every outcome ends in a refreshed Home tab (or the report form)."""
        tr = self.translator_for(actor.team_id, actor.user_id)
        strategy_id = (
            int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None
        )
        strategy = None
        if strategy_id is not None:
            with self.sessions.begin() as session:
                strategy = strategies.strategy_by_id(session, actor.team_id, strategy_id)
        if strategy is None or strategy.id is None:
            self.publish(actor.team_id, actor.user_id, tr("That strategy is gone."))
            return
        name = {
            home_view.ACTION_HOME_REPORT: "checkin",
            home_view.ACTION_HOME_PAUSE: "pause",
            home_view.ACTION_HOME_RESUME: "resume",
        }[action_id]
        # The form first while the trigger is fresh (it lives about 3 s), if this week's
        # check-in is already out; otherwise send it, then open the form.
        if name == "checkin" and self._open_form(actor, strategy, trigger_id):
            return
        notice = self.checkin_commands.handle(
            actor.team_id, strategy.channel_id, actor.user_id, Command(name), tr
        )
        if name == "checkin" and self._open_form(actor, strategy, trigger_id):
            return
        self.publish(actor.team_id, actor.user_id, notice)

    def _open_form(self, actor: Actor, strategy: Strategy, trigger_id: str) -> bool:
        if strategy.schedule is None or strategy.id is None:
            return False
        week = slot_week(self.now(), strategy.schedule.timezone)
        with self.sessions.begin() as session:
            row = checkin_claims.checkin_of_week(session, strategy.id, week)
            if row is None or not (row.dm_channel and row.message_ts):
                return False
            checkin_id = row.id
        return self.report_forms.open(actor, str(checkin_id), trigger_id)

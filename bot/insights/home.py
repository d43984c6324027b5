"""The App Home dashboard: publish a person's Home tab (when they open it, after they report, and
after a Home button did its work). The view itself is bot/insights/home_view.py; the buttons are
routed by bot/commands/router.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.insights import home_view
from bot.people.languages import Languages
from bot.slack.client import SlackIO
from storage import standings
from storage.db import SessionFactory


class HomeTab:
    def __init__(
        self,
        sessions: SessionFactory,
        slack: SlackIO,
        languages: Languages,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.sessions = sessions
        self.slack = slack
        self.languages = languages
        self.now = now

    def publish(self, team_id: str, user_id: str, notice: str | None = None) -> bool:
        """Build and publish `user_id`'s Home tab, with their strategies of `team_id` only."""
        person = self.slack.user(user_id)  # one users.info: the language and the time zone
        tr = self.languages.for_team(team_id, lambda: person.locale)
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

"""`/strategy export`: the reports of the strategy `status` would show as CSV and the whole
strategy as one page of Markdown, sent to the person who asked as a DM upload."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.domain.actor import Actor
from bot.insights import export_files
from bot.insights.finder import StrategyFinder
from bot.people.languages import Languages
from bot.slack.blocks import notice
from bot.slack.client import SlackIO
from bot.slack.replies import Tell
from storage import reports
from storage.db import SessionFactory


class Exports:
    def __init__(
        self,
        sessions: SessionFactory,
        slack: SlackIO,
        finder: StrategyFinder,
        languages: Languages,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.sessions = sessions
        self.slack = slack
        self.finder = finder
        self.languages = languages
        self.now = now

    def export(self, actor: Actor, asked: str, tell: Tell) -> bool:
        """The chosen strategy's reports as CSV and the whole strategy as Markdown, in a DM."""
        tr = self.languages.for_user(actor.team_id, actor.user_id)
        snapshot = self.finder.find(actor, asked, tr, tell)
        if snapshot is None or snapshot.strategy.id is None:
            return False
        with self.sessions.begin() as session:
            history = reports.report_history(session, actor.team_id, snapshot.strategy.id)
        strategy = snapshot.strategy
        today = self.now().date()
        names = self._names({strategy.owner_id or "", strategy.started_by} - {""})
        csv_name, md_name = export_files.export_filenames(strategy, today)
        files = [
            {
                "file": export_files.reports_csv(strategy, history),
                "filename": csv_name,
                "title": tr("Reports (CSV)"),
            },
            {
                "file": export_files.strategy_markdown(snapshot, today, tr, names).encode("utf-8"),
                "filename": md_name,
                "title": tr("The strategy (Markdown)"),
            },
        ]
        channel = self.slack.open_dm(actor.user_id)
        comment = tr(
            "Here is the export: {count} reports as CSV (UTF-8, one row per report, corrections "
            "included) and the strategy on one page.",
            count=len(history),
        )
        if channel is None or not self.slack.upload(channel, files, comment=comment):
            tell(*notice(tr("I could not send the export just now. Please try again.")))
            return False
        tell(*notice(tr("Sent the export to you as a direct message.")))
        return True

    def _names(self, user_ids: set[str]) -> dict[str, str]:
        return {uid: name for uid in sorted(user_ids) if (name := self.slack.user(uid).name)}

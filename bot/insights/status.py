"""`/strategy status` and `@Strategy Coach status`: say where the strategy meant stands, then
send its chart.

The message is built from one snapshot read in one short transaction (a fixed number of
queries, storage/standings.py) and posted at once. A chart that shows just what the one
uploaded last time showed comes in the message itself, by its Slack file id
(bot/insights/chart_files.py): nothing drawn, nothing uploaded. Otherwise the chart is rendered
and uploaded on a small thread pool of its own, so a slow render never holds up the message or
the next request. The pool's queue is bounded (the runtime makes it with `CHART_QUEUE` places,
bot/runtime/executors.py): a place is taken before the status is posted, without waiting, and
when none is free the status comes at once without its chart, with a short note saying to ask
again in a minute; the thread that answers Slack never waits for a free place.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol

from bot.domain.actor import Actor
from bot.domain.model import Status
from bot.domain.standing import standing
from bot.i18n.catalogue import Translator, translator
from bot.insights import status_messages
from bot.insights.chart import chart_summary
from bot.insights.chart_files import ChartFiles
from bot.insights.finder import StrategyFinder
from bot.people.languages import Languages
from bot.slack.blocks import context, notice
from bot.slack.client import SlackIO
from bot.slack.replies import Tell
from bot.text.command_words import parse_mention
from storage import processed_messages
from storage.db import SessionFactory

log = logging.getLogger(__name__)

# Charts rendering or waiting for the pool at most; beyond it a status comes without its chart.
CHART_QUEUE = 8


class ChartPlace(Protocol):
    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]: ...

    def release(self) -> None: ...


class ChartPool(Protocol):
    """Where charts are drawn: a bounded queue whose places are taken without waiting
    (bot/runtime/executors.py ContextExecutor)."""

    def reserve(self) -> ChartPlace | None: ...


class StatusReports:
    def __init__(
        self,
        sessions: SessionFactory,
        slack: SlackIO,
        finder: StrategyFinder,
        languages: Languages,
        now: Callable[[], dt.datetime],
        charts: ChartPool,
    ) -> None:
        self.sessions = sessions
        self.slack = slack
        self.finder = finder
        self.languages = languages
        self.now = now
        self.charts = charts
        self.chart_files = ChartFiles(sessions, slack, now)

    def show(
        self,
        actor: Actor,
        asked: str,
        tell: Tell,
        thread_ts: str | None = None,
        say_here: Tell | None = None,
    ) -> Future[bool] | None:
        """Post the status where it was asked for; the chart follows. Returns the chart's
        future (tests and the benchmark wait on it), or None when no chart is coming."""
        tr = self.languages.for_user(actor.team_id, actor.user_id)
        snapshot = self.finder.find(actor, asked, tr, tell)
        if snapshot is None:
            return None
        strategy = snapshot.strategy
        strategy_tr = translator(strategy.language)
        if strategy.status is not Status.LIVE:
            # No thread yet (its card is still being posted): no link, never one without a ts.
            link = (
                self.slack.permalink(strategy.channel_id, strategy.thread_ts)
                if strategy.thread_ts
                else None
            )
            text, block_list = status_messages.draft_message(strategy, link, strategy_tr)
            self._post(actor, text, block_list, thread_ts, tell, say_here, tr)
            return None
        today = self.now().date()
        where = standing(snapshot, today)
        zone = strategy.schedule.timezone if strategy.schedule else "UTC"
        owner = self.slack.user(strategy.owner_id).name if strategy.owner_id else None
        text, block_list = status_messages.status_message(
            snapshot, where, zone, strategy_tr, owner or ""
        )
        chart = chart_summary(snapshot, today, strategy_tr) if where.reports > 0 else None
        if chart is not None and self.chart_files.post_with_kept(
            strategy, chart, strategy_tr, actor.channel_id, text, block_list, thread_ts
        ):
            return None  # the chart uploaded before shows just this
        # A place in the chart pool is taken before posting, without waiting: when the queue
        # is full the status says at once that its chart is not coming.
        place = self.charts.reserve() if chart is not None else None
        if chart is not None and place is None:
            block_list = [*block_list[:49], context(_no_chart_note(strategy_tr))]
        if not self._post(actor, text, block_list, thread_ts, tell, say_here, tr) or place is None:
            if place is not None:
                place.release()
            return None
        assert chart is not None
        try:
            return place.submit(
                self.chart_files.send,
                snapshot,
                today,
                strategy_tr,
                actor.channel_id,
                thread_ts,
                chart.key,
            )
        except RuntimeError:  # the pool is shutting down (the process is stopping)
            return None

    def _post(
        self,
        actor: Actor,
        text: str,
        block_list: list[dict],
        thread_ts: str | None,
        tell: Tell,
        say_here: Tell | None,
        tr: Translator,
    ) -> bool:
        """True when the bot itself posted (so it can add the chart)."""
        if self.slack.post(actor.channel_id, text, block_list, thread_ts=thread_ts):
            return True
        if say_here is not None:  # a slash command where the bot is not a member
            say_here(text, block_list)
            tell(
                *notice(
                    tr("Invite me with `/invite @Strategy Coach` to get the chart here as well.")
                )
            )
            return False
        tell(*notice(tr("I could not post here. Invite me with `/invite @Strategy Coach`.")))
        return False

    def mention(
        self, actor: Actor, ts: str, thread_ts: str | None, text: str, bot_user_id: str | None
    ) -> Future[bool] | None:
        """`@Strategy Coach status [name]`, in a channel or a thread; answered once per message
        however often Slack delivers it."""
        command = parse_mention(text, bot_user_id)
        if command is None:
            return None
        with self.sessions.begin() as session:
            # Its own key: the same message may also be a thread reply the coach reads.
            if not processed_messages.claim_message(
                session, actor.team_id, actor.channel_id, f"{ts}@"
            ):
                return None

        def tell(note: str, block_list: list[dict]) -> None:
            self.slack.post_ephemeral(
                actor.channel_id, actor.user_id, note, block_list, thread_ts=thread_ts
            )

        if command.name != "status":
            if thread_ts:
                return None  # in a thread it may be an answer to the coach; it reads those
            tr = self.languages.for_user(actor.team_id, actor.user_id)
            tell(
                *notice(
                    tr(
                        "Ask me `@Strategy Coach status` here for where the strategy stands; "
                        "`/strategy help` lists everything else."
                    )
                )
            )
            return None
        return self.show(actor, command.argument, tell, thread_ts=thread_ts)


def _no_chart_note(tr: Translator) -> str:
    return tr(
        "No chart this time: many charts are being drawn right now. Ask again in a minute "
        "for the chart."
    )

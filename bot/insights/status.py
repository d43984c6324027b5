"""`/strategy status`, `@Strategy Coach status` and `/strategy export`: find the strategy meant,
keep private strategies in their channel, say where it stands, then send the chart or the files.

The message is built from one snapshot read in one short transaction (a fixed number of
queries, storage/standings.py) and posted at once; the chart is rendered and uploaded on a
small thread pool of its own, so a slow render never holds up the message or the next request.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from concurrent.futures import Executor, Future

from bot.domain.actor import Actor
from bot.domain.model import Snapshot, Status, StrategyRef
from bot.domain.standing import standing
from bot.i18n.catalogue import Translator, translator
from bot.insights import export_files as export
from bot.insights import status_messages as status_blocks
from bot.insights.chart import render_chart
from bot.insights.choice import choose
from bot.slack.blocks import fallback_text, section
from bot.slack.client import SlackIO
from bot.text.command_words import parse_mention
from storage import standings, strategies
from storage.db import SessionFactory

log = logging.getLogger(__name__)

# How many strategies are checked for a list to choose from (each is a conversations.info).
_CANDIDATES = 20
# Tell the person who asked something only they need to see: (text, blocks).
Tell = Callable[[str, list[dict]], None]


class StatusReports:
    def __init__(
        self,
        sessions: SessionFactory,
        slack: SlackIO,
        now: Callable[[], dt.datetime],
        translator_for: Callable[[str, str], Translator],
        charts: Executor,
    ) -> None:
        self.sessions = sessions
        self.slack = slack
        self.now = now
        self.translator_for = translator_for
        self.charts = charts

    # --- which strategy ----------------------------------------------------------------

    def _visible_here(self, ref: StrategyRef, channel_id: str) -> bool:
        return ref.channel_id == channel_id or self.slack.is_public_channel(ref.channel_id)

    def _find(self, actor: Actor, asked: str, tr: Translator, tell: Tell) -> Snapshot | None:
        """The snapshot of the strategy meant, or None after telling the asker why not.

        A private channel's strategy asked for anywhere else gets the same answer as one that
        does not exist, so its name cannot be probed from outside.
        """
        # Slack escapes &, < and > in the text it sends; names are matched as typed.
        asked = asked.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        with self.sessions.begin() as session:
            refs = standings.strategy_refs(session, actor.team_id)
        choice = choose(refs, actor.channel_id, asked)
        ref = choice.chosen
        if ref is not None and self._visible_here(ref, actor.channel_id):
            with self.sessions.begin() as session:
                return standings.snapshot(session, actor.team_id, ref.id)
        # Never list a private channel's strategy outside it (and bound the lookups).
        candidates = [] if ref is not None else choice.candidates[:_CANDIDATES]
        shown = [r for r in candidates if self._visible_here(r, actor.channel_id)]
        if len(shown) == 1 and choice.matched:  # the only one that may be shown here
            with self.sessions.begin() as session:
                return standings.snapshot(session, actor.team_id, shown[0].id)
        if len(shown) > 1 or (shown and asked):
            tell(*status_blocks.choose_message(shown, tr, asked))
        else:
            tell(*_note(_none_here(tr)))
        return None

    # --- status ------------------------------------------------------------------------

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
        tr = self.translator_for(actor.team_id, actor.user_id)
        snapshot = self._find(actor, asked, tr, tell)
        if snapshot is None:
            return None
        strategy = snapshot.strategy
        strategy_tr = translator(strategy.language)
        if strategy.status is not Status.LIVE:
            link = self.slack.permalink(strategy.channel_id, strategy.thread_ts or "")
            text, block_list = status_blocks.draft_message(strategy, link, strategy_tr)
            self._post(actor, text, block_list, thread_ts, tell, say_here, tr)
            return None
        today = self.now().date()
        where = standing(snapshot, today)
        zone = strategy.schedule.timezone if strategy.schedule else "UTC"
        owner = self.slack.user(strategy.owner_id).name if strategy.owner_id else None
        text, block_list = status_blocks.status_message(
            snapshot, where, zone, strategy_tr, owner or ""
        )
        if not self._post(actor, text, block_list, thread_ts, tell, say_here, tr):
            return None
        if where.reports == 0:
            return None
        return self.charts.submit(
            self._send_chart, snapshot, today, strategy_tr, actor.channel_id, thread_ts
        )

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
                *_note(
                    tr("Invite me with `/invite @Strategy Coach` to get the chart here as well.")
                )
            )
            return False
        tell(*_note(tr("I could not post here. Invite me with `/invite @Strategy Coach`.")))
        return False

    def _send_chart(
        self,
        snapshot: Snapshot,
        today: dt.date,
        tr: Translator,
        channel: str,
        thread_ts: str | None,
    ) -> bool:
        try:
            chart = render_chart(snapshot, today, tr)
            if chart is None:
                return False
            upload = {
                "file": chart.png,
                "filename": "strategy-status.png",
                "title": tr("Weekly numbers against the plan"),
                "alt_txt": chart.alt_text,
            }
            return self.slack.upload(channel, [upload], thread_ts=thread_ts)
        except Exception:  # a worker thread: log, never lose the reason
            log.exception("rendering or uploading the status chart failed")
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
            if not strategies.claim_message(session, actor.team_id, actor.channel_id, f"{ts}@"):
                return None

        def tell(note: str, block_list: list[dict]) -> None:
            self.slack.post_ephemeral(
                actor.channel_id, actor.user_id, note, block_list, thread_ts=thread_ts
            )

        if command.name != "status":
            if thread_ts:
                return None  # in a thread it may be an answer to the coach; it reads those
            tr = self.translator_for(actor.team_id, actor.user_id)
            tell(
                *_note(
                    tr(
                        "Ask me `@Strategy Coach status` here for where the strategy stands; "
                        "`/strategy help` lists everything else."
                    )
                )
            )
            return None
        return self.show(actor, command.argument, tell, thread_ts=thread_ts)

    # --- export ------------------------------------------------------------------------

    def export(self, actor: Actor, asked: str, tell: Tell) -> bool:
        """The chosen strategy's reports as CSV and the whole strategy as Markdown, in a DM."""
        tr = self.translator_for(actor.team_id, actor.user_id)
        snapshot = self._find(actor, asked, tr, tell)
        if snapshot is None or snapshot.strategy.id is None:
            return False
        with self.sessions.begin() as session:
            history = standings.report_history(session, actor.team_id, snapshot.strategy.id)
        strategy = snapshot.strategy
        today = self.now().date()
        names = self._names({strategy.owner_id or "", strategy.started_by} - {""})
        csv_name, md_name = export.export_filenames(strategy, today)
        files = [
            {
                "file": export.reports_csv(strategy, history),
                "filename": csv_name,
                "title": tr("Reports (CSV)"),
            },
            {
                "file": export.strategy_markdown(snapshot, today, tr, names).encode("utf-8"),
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
            tell(*_note(tr("I could not send the export just now. Please try again.")))
            return False
        tell(*_note(tr("Sent the export to you as a direct message.")))
        return True

    def _names(self, user_ids: set[str]) -> dict[str, str]:
        return {uid: name for uid in sorted(user_ids) if (name := self.slack.user(uid).name)}


def _note(text: str) -> tuple[str, list[dict]]:
    return fallback_text(text), [section(text)]


def _none_here(tr: Translator) -> str:
    return tr(
        "I have no strategy to show here. A strategy whose home is a private channel is shown "
        "only in that channel: ask there. To start one, type `/strategy` in a channel."
    )

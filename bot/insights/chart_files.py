"""The status chart in Slack: drawn and uploaded when what it shows has changed, shown again by
its file id when it has not.

Per (team, strategy) the key of the chart last uploaded and the id Slack gave the file are kept
(storage/status_charts.py). A status whose chart has the same key (bot/insights/chart.py
`chart_key`: the values, the words, the language, the week) carries the file in an image block
(`slack_file: {"id": ...}`): one `chat.postMessage`, no drawing, no upload. When Slack refuses
the file (deleted, or never completed: `invalid_blocks`), it is forgotten and the status goes
the usual way, posted without it while its chart is drawn and uploaded anew, and the new file
is kept. A workspace only ever sees its own file ids: they are kept and looked up per team.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from bot.domain.model import Snapshot, Strategy
from bot.domain.uploads import UploadedChart
from bot.i18n.catalogue import Translator
from bot.insights.chart import ChartSummary, chart_title, render_chart
from bot.slack.client import SlackIO
from bot.slack.files import FILE_REFUSALS, image_file_block
from storage import status_charts
from storage.db import SessionFactory, quick_read

log = logging.getLogger(__name__)

MESSAGE_BLOCKS = 50  # Slack's limit per message


class ChartFiles:
    def __init__(
        self, sessions: SessionFactory, slack: SlackIO, now: Callable[[], dt.datetime]
    ) -> None:
        self.sessions = sessions
        self.slack = slack
        self.now = now

    def post_with_kept(
        self,
        strategy: Strategy,
        chart: ChartSummary,
        tr: Translator,
        channel: str,
        text: str,
        block_list: list[dict],
        thread_ts: str | None,
    ) -> bool:
        """Post the status with the chart uploaded before, when it shows the same; True when
        posted. False: no such chart, or Slack refused it (then it is forgotten)."""
        if strategy.id is None:
            return False
        with quick_read(self.sessions) as session:
            kept = status_charts.uploaded_chart(session, strategy.team_id, strategy.id)
        if kept is None or kept.key != chart.key:
            return False
        image = image_file_block(kept.file_id, chart.alt_text, chart_title(tr))
        blocks = [*block_list[: MESSAGE_BLOCKS - 1], image]
        ts, error = self.slack.post_or_error(channel, text, blocks, thread_ts=thread_ts)
        if ts is not None:
            return True
        log.info("the kept status chart %s was not shown: %s", kept.file_id, error)
        if error in FILE_REFUSALS:
            with self.sessions.begin() as session:
                status_charts.forget_chart(session, strategy.team_id, strategy.id, kept.file_id)
        return False

    def send(
        self,
        snapshot: Snapshot,
        today: dt.date,
        tr: Translator,
        channel: str,
        thread_ts: str | None,
        key: str,
    ) -> bool:
        """Draw the chart, upload it to the channel (in the thread) and keep its file id under
        `key`; whether it was uploaded. Runs on the chart pool."""
        strategy = snapshot.strategy
        try:
            chart = render_chart(snapshot, today, tr)
            if chart is None:
                return False
            upload = {
                "file": chart.png,
                "filename": "strategy-status.png",
                "title": chart_title(tr),
                "alt_txt": chart.alt_text,
            }
            ids = self.slack.upload_files(channel, [upload], thread_ts=thread_ts)
            if not ids:
                return ids is not None
            if strategy.id is not None:
                with self.sessions.begin() as session:
                    status_charts.keep_chart(
                        session,
                        strategy.team_id,
                        strategy.id,
                        UploadedChart(key=key, file_id=ids[0]),
                        self.now(),
                    )
            return True
        except Exception:  # a worker thread: log, never lose the reason
            log.exception("rendering or uploading the status chart failed")
            return False

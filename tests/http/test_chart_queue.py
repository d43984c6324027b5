"""The status chart's queue is bounded: beyond it the status comes at once without its chart,
with a short note, and the request is never held up waiting for a free slot."""

from __future__ import annotations

import datetime as dt
import threading

from bot.insights.status import CHART_QUEUE
from tests.conftest import TODAY, RunningApp
from tests.support.dialogue import message_text
from tests.support.fake_slack import Call
from tests.support.status_data import live_strategy, store

NOTE = "No chart this time"


def _statuses(app: RunningApp) -> list[str]:
    return [
        message_text(c.params)
        for c in app.slack.calls("chat.postMessage")
        if c.params.get("channel") == "C1" and not c.failed
    ]


def test_charts_beyond_the_queue_are_left_out_with_a_note(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    store(
        app.sessions,
        live_strategy("C1"),
        TODAY,
        weeks=4,
        next_checkin=dt.datetime.combine(TODAY + dt.timedelta(days=3), dt.time(8), dt.UTC),
    )
    uploads_wait = threading.Event()

    def stuck_upload(call: Call) -> dict:
        # The chart workers hang in Slack's upload step until the test lets them go.
        assert uploads_wait.wait(20)
        return {"ok": False, "error": "internal_error"}

    app.slack.on("files.getUploadURLExternal", stuck_upload)
    try:
        for _ in range(CHART_QUEUE + 1):
            assert app.driver.command("status", channel_id="C1").status == 200
        said = _statuses(app)
        assert len(said) == CHART_QUEUE + 1
        assert not any(NOTE in text for text in said[:CHART_QUEUE])
        assert NOTE in said[-1]
        assert app.charts.submitted == CHART_QUEUE
    finally:
        uploads_wait.set()
    app.settle()
    # The queue has room again: the next status comes with its chart.
    assert app.driver.command("status", channel_id="C1").status == 200
    assert NOTE not in _statuses(app)[-1]
    assert app.charts.submitted == CHART_QUEUE + 1


def test_a_full_queue_still_shows_a_chart_uploaded_before(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    store(app.sessions, live_strategy("C1"), TODAY, weeks=4)
    store(app.sessions, live_strategy("C2", name="Busy"), TODAY, weeks=4)
    assert app.driver.command("status", channel_id="C1").status == 200
    app.settle()  # C1's chart is uploaded and kept
    uploads_wait = threading.Event()

    def stuck_upload(call: Call) -> dict:
        assert uploads_wait.wait(20)
        return {"ok": False, "error": "internal_error"}

    app.slack.on("files.getUploadURLExternal", stuck_upload)
    try:
        for _ in range(CHART_QUEUE):  # C2's charts fill the queue
            assert app.driver.command("status", channel_id="C2").status == 200
        assert app.driver.command("status", channel_id="C1").status == 200
        [latest] = [
            c.params
            for c in app.slack.calls("chat.postMessage")
            if c.params.get("channel") == "C1" and not c.failed
        ][-1:]
        assert NOTE not in message_text(latest)
        assert [b["type"] for b in latest["blocks"]][-1] == "image"
        assert app.charts.submitted == 1 + CHART_QUEUE  # nothing more was queued
    finally:
        uploads_wait.set()
    app.settle()

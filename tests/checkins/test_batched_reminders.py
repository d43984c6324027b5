"""Reminders in batches (issue 13): a day after 09:00 every unanswered check-in gets its one
reminder in the same tick, not 200 per tick one after the other; two processes never both remind;
what a stopping process marked and did not post goes out at the next tick. On SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

from bot.checkins.fanout import Fanout
from bot.checkins.reminding import REMIND_AFTER
from bot.checkins.sending import CheckinSender
from bot.slack.client import SlackIO, make_client
from tests.conftest import RunningApp
from tests.support.checkins import SLOTS, live, sender
from tests.support.fake_slack import Call

SLOT = SLOTS["Europe/Oslo"][0]
LATER = SLOT + REMIND_AFTER + dt.timedelta(minutes=5)
OWNERS = [f"U{n:03d}" for n in range(2, 14)]  # 12 owners


def _sender(app: RunningApp, worker: str, batch: int = 500, workers: int = 8) -> CheckinSender:
    slack = SlackIO(make_client("xoxb-test-token", app.slack.api_url))
    return CheckinSender(
        app.sessions, slack, worker, clock=app.clock.now, fanout=Fanout(workers), batch=batch
    )


def _sent_checkins(app: RunningApp) -> None:
    weekly = sender(app)
    for n, owner in enumerate(OWNERS):
        weekly.schedule(live(app, channel=f"C{n + 1}", owner=owner), SLOT - dt.timedelta(days=1))
    assert weekly.tick(SLOT) == len(OWNERS)


def _reminders(app: RunningApp) -> dict[str, int]:
    """Reminders posted per DM channel (the posts in a check-in's thread)."""
    counted: dict[str, int] = {}
    for call in app.slack.calls("chat.postMessage"):
        if call.params.get("thread_ts") and call.response and call.response.get("ok"):
            channel = str(call.params.get("channel"))
            counted[channel] = counted.get(channel, 0) + 1
    return counted


def test_every_due_reminder_goes_out_in_one_tick_batch_after_batch(
    running_app: RunningApp,
) -> None:
    app = running_app
    _sent_checkins(app)
    _sender(app, "reminding", batch=5).tick(LATER)  # 12 due: batches of 5, 5 and 2
    assert _reminders(app) == {app.slack.dm_channel(owner): 1 for owner in OWNERS}
    _sender(app, "reminding", batch=5).tick(LATER + dt.timedelta(hours=1))
    assert sum(_reminders(app).values()) == len(OWNERS)  # once each


def test_two_processes_remind_each_check_in_once(running_app: RunningApp) -> None:
    app = running_app
    _sent_checkins(app)
    start = threading.Barrier(2)

    def tick(worker: str) -> None:
        start.wait(timeout=10)
        _sender(app, worker, batch=4).tick(LATER)

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(tick, ["process-a", "process-b"]))
    assert _reminders(app) == {app.slack.dm_channel(owner): 1 for owner in OWNERS}


def test_reminders_a_stopping_tick_did_not_post_go_out_at_the_next(
    running_app: RunningApp,
) -> None:
    app = running_app
    _sent_checkins(app)
    stopping = threading.Event()

    def post(call: Call) -> dict:
        if call.params.get("thread_ts"):
            stopping.set()  # the process is told to stop while its first reminder posts
        channel = str(call.params.get("channel"))
        return {"ok": True, "channel": channel, "ts": app.slack.next_ts()}

    app.slack.on("chat.postMessage", post)
    _sender(app, "stopping", workers=1).tick(LATER, should_stop=stopping.is_set)
    assert sum(_reminders(app).values()) == 1
    _sender(app, "next", workers=1).tick(LATER + dt.timedelta(minutes=1))
    assert _reminders(app) == {app.slack.dm_channel(owner): 1 for owner in OWNERS}

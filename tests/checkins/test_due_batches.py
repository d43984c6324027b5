"""A tick takes the due check-ins batch after batch until fewer than a batch are due: 10,000
owners due at 09:00 are not served one batch per 30-second tick. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from bot.checkins.sending import CheckinSender
from bot.slack.client import SlackIO, make_client
from tests.conftest import RunningApp
from tests.support.checkins import SLOTS, live, owner_dms, sender

SLOT = SLOTS["Europe/Oslo"][0]
OWNERS = ("U2", "U3", "U4", "U5", "U6")


def _sender(app: RunningApp, batch: int) -> CheckinSender:
    slack = SlackIO(make_client("xoxb-test-token", app.slack.api_url))
    return CheckinSender(app.sessions, slack, "batches", clock=app.clock.now, batch=batch)


def test_one_tick_sends_every_due_check_in_batch_after_batch(running_app: RunningApp) -> None:
    app = running_app
    weekly = sender(app)
    for n, owner in enumerate(OWNERS):
        weekly.schedule(live(app, channel=f"C{n + 1}", owner=owner), SLOT - dt.timedelta(days=1))
    assert _sender(app, batch=2).tick(SLOT) == len(OWNERS)
    assert [len(owner_dms(app, owner)) for owner in OWNERS] == [1] * len(OWNERS)
    assert _sender(app, batch=2).tick(SLOT + dt.timedelta(minutes=1)) == 0  # each once

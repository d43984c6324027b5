"""The tick sends its check-ins several at once (bot/checkins/fanout.py): a slow or 429'd DM
holds up no other, a stop starts no new send, and two senders ticking at once with several
sends each still DM every owner once. On SQLite and PostgreSQL, against the fake Slack; what is
checked is the order of the fake's calls, never how long anything took."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

from bot.checkins.fanout import Fanout
from bot.checkins.sending import CheckinSender
from bot.slack.client import SlackIO, make_client
from bot.slack.rate_limits import POST
from storage import checkin_claims
from tests.conftest import RunningApp
from tests.support.checkins import SLOTS, live, owner_dms, sender
from tests.support.fake_slack import DEFAULT_TOKEN, Call

SLOT = SLOTS["Europe/Oslo"][0]


def _due(app: RunningApp, count: int) -> list[str]:
    """`count` owners whose check-ins are due at SLOT, each with a strategy of their own."""
    owners = [f"U{n + 2:03d}" for n in range(count)]
    weekly = sender(app)
    for n, owner in enumerate(owners):
        strategy = live(app, channel=f"C{n + 1:03d}", owner=owner)
        weekly.schedule(strategy, SLOT - dt.timedelta(days=1))
    return owners


def _sender(app: RunningApp, worker: str, workers: int = 4) -> CheckinSender:
    slack = SlackIO(make_client(DEFAULT_TOKEN, app.slack.api_url))
    return CheckinSender(
        app.sessions, slack, worker, clock=app.clock.now, fanout=Fanout(workers=workers)
    )


def _ok_posts(app: RunningApp) -> list[Call]:
    return [c for c in app.slack.calls(POST) if isinstance(c.response, dict) and c.response["ok"]]


def test_a_held_dm_holds_up_no_other(running_app: RunningApp) -> None:
    app = running_app
    owners = _due(app, 6)
    slow = owners[0]
    release = threading.Event()

    def post(call: Call) -> dict:
        user = str(call.params.get("channel"))
        if user == slow:
            assert release.wait(timeout=20)  # Slack is slow to answer this one DM
        return {"ok": True, "channel": app.slack.dm_channel(user), "ts": app.slack.next_ts()}

    app.slack.on(POST, post)
    with ThreadPoolExecutor(max_workers=1) as pool:
        ticking = pool.submit(_sender(app, "process-a").tick, SLOT)
        try:  # every other owner's DM is answered while the first one is still waiting
            others = app.slack.wait_for(
                POST, len(owners) - 1, timeout=20, where=lambda c: c.params["channel"] != slow
            )
        finally:
            release.set()
        assert ticking.result(timeout=20) == len(owners)
    assert {c.params["channel"] for c in others} == set(owners[1:])
    assert _ok_posts(app)[-1].params["channel"] == slow  # answered last, though sent first
    for owner in owners:
        assert len(owner_dms(app, owner)) == 1, owner


def test_a_dm_answered_429_waits_alone(running_app: RunningApp) -> None:
    app = running_app
    owners = _due(app, 20)
    app.slack.fail(POST, 429, retry_after=1, times=1)  # 5 % of the posts: the first one
    assert _sender(app, "process-a").tick(SLOT) == len(owners)
    posts = app.slack.calls(POST)
    refused = [n for n, c in enumerate(posts) if c.status == 429]
    assert len(refused) == 1
    again = posts[refused[0]].params["channel"]
    retried = [n for n, c in enumerate(posts) if c.params["channel"] == again and c.status == 200]
    # Every other DM went out before the 429'd one was tried again.
    assert retried == [len(posts) - 1]
    for owner in owners:
        assert len(owner_dms(app, owner)) == 1, owner


def test_a_stop_mid_tick_lets_the_sends_under_way_finish_and_starts_no_other(
    running_app: RunningApp,
) -> None:
    app = running_app
    owners = _due(app, 5)
    held = app.slack.hold(POST)
    stopping = threading.Event()
    with ThreadPoolExecutor(max_workers=1) as pool:
        ticking = pool.submit(_sender(app, "process-a", workers=2).tick, SLOT, stopping.is_set)
        try:
            app.slack.wait_held(POST, 2, timeout=20)  # both workers are sending
        finally:
            stopping.set()
            held.set()
        assert ticking.result(timeout=20) == 2
    assert len(_ok_posts(app)) == 2
    with app.sessions.begin() as session:
        unsent = checkin_claims.claim_unsent(
            session, SLOT + dt.timedelta(hours=1), "sweeper", dt.timedelta(minutes=10)
        )
    assert len(unsent) == len(owners) - 2  # claimed, never started: the sweep sends them


def test_two_senders_at_once_send_each_dm_once(running_app: RunningApp) -> None:
    app = running_app
    owners = _due(app, 16)
    lock = threading.Condition()
    in_flight = [0, 0]  # now, most at once

    def post(call: Call) -> dict:
        with lock:
            in_flight[0] += 1
            in_flight[1] = max(in_flight[1], in_flight[0])
            lock.notify_all()
            lock.wait_for(lambda: in_flight[1] >= 4, timeout=10)  # several sends overlap
            in_flight[0] -= 1
        user = str(call.params.get("channel"))
        return {"ok": True, "channel": app.slack.dm_channel(user), "ts": app.slack.next_ts()}

    app.slack.on(POST, post)
    with ThreadPoolExecutor(max_workers=2) as pool:
        ticks = [pool.submit(_sender(app, name).tick, SLOT) for name in ("a", "b")]
        sent = [tick.result(timeout=60) for tick in ticks]
    assert in_flight[1] >= 4
    assert sum(sent) == len(owners)
    for owner in owners:
        assert len(owner_dms(app, owner)) == 1, owner


def test_the_next_batch_goes_out_while_a_429d_dm_waits(running_app: RunningApp) -> None:
    app = running_app
    owners = _due(app, 6)
    app.slack.fail(POST, 429, retry_after=1, times=1)  # the first post of the first batch
    slack = SlackIO(make_client(DEFAULT_TOKEN, app.slack.api_url))
    batched = CheckinSender(
        app.sessions, slack, "process-a", clock=app.clock.now, fanout=Fanout(2), batch=2
    )
    assert batched.tick(SLOT) == len(owners)
    posts = app.slack.calls(POST)
    refused = [c.params["channel"] for c in posts if c.status == 429]
    assert len(refused) == 1
    # The 429'd DM (first batch) went out last: the two later batches were claimed and sent
    # while it waited for its Retry-After, instead of after it.
    assert _ok_posts(app)[-1].params["channel"] == refused[0]
    for owner in owners:
        assert len(owner_dms(app, owner)) == 1, owner

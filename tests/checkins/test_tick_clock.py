"""A tick reads its clock for every claim and lease renewal, so a tick slowed down past its lease
never sends a DM that another process sends too; the tick prunes what it no longer needs, and
reminders come in batches. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import queue
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from bot.checkins.fanout import Fanout
from bot.checkins.reminding import REMIND_AFTER
from bot.checkins.sending import SEND_LEASE, CheckinSender
from bot.slack.client import SlackIO, make_client
from storage import checkin_claims, processed_messages
from storage.models import ProcessedMessage
from tests.conftest import TEAM, RunningApp
from tests.support.checkins import SLOTS, checkin_sent, live, owner_dms, sender
from tests.support.clock import Clock
from tests.support.fake_slack import Call

SLOT = SLOTS["Europe/Oslo"][0]
OWNERS = ("U2", "U3", "U4")


def _sender(app: RunningApp, worker: str, clock: Clock) -> CheckinSender:
    """One send at a time, so the test moves the clock between A's sends."""
    slack = SlackIO(make_client("xoxb-test-token", app.slack.api_url))
    return CheckinSender(app.sessions, slack, worker, clock=clock.now, fanout=Fanout(workers=1))


def test_a_slow_tick_does_not_send_twice_with_two_senders(running_app: RunningApp) -> None:
    app = running_app
    weekly = sender(app)
    for n, owner in enumerate(OWNERS):
        strategy = live(app, channel=f"C{n + 1}", owner=owner)
        weekly.schedule(strategy, SLOT - dt.timedelta(days=1))
    arrived: queue.Queue[str] = queue.Queue()
    go_on = threading.Semaphore(0)
    gated = [True]

    def post(call: Call) -> dict:  # the DM, posted to the owner's user id
        user = str(call.params.get("channel"))
        if gated[0]:  # A's sends: each waits until the test has moved A's clock on
            arrived.put(user)
            assert go_on.acquire(timeout=10)
        return {"ok": True, "channel": app.slack.dm_channel(user), "ts": app.slack.next_ts()}

    app.slack.on("chat.postMessage", post)
    a_clock = Clock(SLOT)
    slow = _sender(app, "process-a", a_clock)
    with ThreadPoolExecutor(max_workers=1) as pool:
        a_sent = pool.submit(slow.tick, SLOT)
        assert arrived.get(timeout=10) == "U2"  # A's first send, renewed at SLOT
        a_clock.advance(dt.timedelta(minutes=6))  # Slack's rate limits slow it down
        go_on.release()
        assert arrived.get(timeout=10) == "U3"  # A's second send, renewed at SLOT + 6 min
        gated[0] = False
        # Another process sweeps 11 minutes after the slot, while A is still posting.
        late = SLOT + dt.timedelta(minutes=11)
        assert late - SLOT > SEND_LEASE
        b_sent = _sender(app, "process-b", Clock(late)).tick(late)
        a_clock.advance(dt.timedelta(minutes=6))
        go_on.release()
        assert a_sent.result(timeout=20) + b_sent == len(OWNERS)
    for owner in OWNERS:
        assert len(owner_dms(app, owner)) == 1, owner
    assert b_sent == 1  # the check-in A had not renewed yet; A's lease on it had run out


def test_an_expired_lease_is_not_renewed(running_app: RunningApp) -> None:
    app = running_app
    # Claimed the way a tick claims it: by process A, at the slot.
    weekly = sender(app)
    strategy = live(app, channel="C9", owner="U9")
    weekly.schedule(strategy, SLOT - dt.timedelta(days=1))
    with app.sessions.begin() as session:
        checkin_id = checkin_claims.claim_week(
            session, strategy.id, dt.date(2027, 3, 22), SLOT, "process-a", now=SLOT
        )
    assert checkin_id is not None
    late = SLOT + SEND_LEASE + dt.timedelta(seconds=1)
    with app.sessions.begin() as session:
        assert not checkin_claims.renew_claim(session, checkin_id, "process-a", late, SEND_LEASE)
        assert checkin_claims.renew_claim(
            session, checkin_id, "process-a", SLOT + dt.timedelta(minutes=9), SEND_LEASE
        )


def _claim_at(app: RunningApp, key: str, at: dt.datetime) -> None:
    with app.sessions.begin() as session:
        assert processed_messages.claim_within(
            session, TEAM, "C1", key, at, dt.timedelta(seconds=60)
        )


def _kept(app: RunningApp) -> set[str]:
    with app.sessions.begin() as session:
        return set(session.scalars(select(ProcessedMessage.message_ts)))


def test_the_tick_prunes_handled_messages_older_than_a_week(running_app: RunningApp) -> None:
    app = running_app
    with app.sessions.begin() as session:  # a reply handled through the product's own claim
        assert processed_messages.claim_message(session, TEAM, "C1", "1690000000.000200")
        handled_at = session.scalar(select(ProcessedMessage.processed_at))
    assert handled_at is not None
    now = handled_at.replace(tzinfo=handled_at.tzinfo or dt.UTC) + dt.timedelta(days=6)
    _claim_at(app, "old.1", now - dt.timedelta(days=8))
    _claim_at(app, "old.2", now - dt.timedelta(days=7, minutes=1))
    _claim_at(app, "recent", now - dt.timedelta(days=6, minutes=1))
    weekly = sender(app)
    weekly.tick(now)
    assert _kept(app) == {"recent", "1690000000.000200"}
    weekly.tick(now + dt.timedelta(days=2))
    assert _kept(app) == set()


def test_pruning_goes_in_batches(running_app: RunningApp) -> None:
    app = running_app
    for n in range(5):
        _claim_at(app, f"old.{n}", SLOT - dt.timedelta(days=30, minutes=n))
    with app.sessions.begin() as session:
        assert processed_messages.prune(session, SLOT - dt.timedelta(days=7), limit=2) == 2
    assert _kept(app) == {"old.0", "old.1", "old.2"}  # the oldest went first


def test_a_window_claim_is_given_once_per_window(running_app: RunningApp) -> None:
    app = running_app
    window = dt.timedelta(seconds=60)
    with app.sessions.begin() as session:
        assert processed_messages.claim_within(session, TEAM, "C1", "ask:1", SLOT, window)
        assert not processed_messages.claim_within(
            session, TEAM, "C1", "ask:1", SLOT + dt.timedelta(seconds=59), window
        )
        assert processed_messages.claim_within(
            session, TEAM, "C1", "ask:1", SLOT + dt.timedelta(seconds=61), window
        )


def test_due_reminders_come_in_batches(running_app: RunningApp) -> None:
    app = running_app
    for n, owner in enumerate(OWNERS):
        checkin_sent(app, live(app, channel=f"C{n + 1}", owner=owner))
    later = SLOT + REMIND_AFTER + dt.timedelta(hours=1)
    with app.sessions.begin() as session:
        first = checkin_claims.due_reminders(session, later, REMIND_AFTER, limit=2)
        everything = checkin_claims.due_reminders(session, later, REMIND_AFTER)
    assert len(first) == 2 and len(everything) == 3
    assert [r.checkin_id for r in first] == [r.checkin_id for r in everything][:2]

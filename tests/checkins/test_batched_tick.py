"""The tick in batches (issue 13): claiming, loading and recording many check-ins takes a fixed
number of SQL statements per batch, not a few per check-in; the exactly-once rules hold for
batches claimed by two processes at once; a week left open is a gap counted in the next DM;
sends share their "sent" commits. On SQLite and PostgreSQL unless named."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, event, select

from bot.checkins.claiming import DueClaims
from bot.checkins.send_records import SendRecords, SentDM
from bot.checkins.sending import SEND_LEASE, CheckinSender
from bot.domain.model import CheckinStatus, Strategy
from bot.slack.client import SlackIO, make_client
from storage import checkin_batches, checkin_claims, checkin_schedules
from storage.models import CheckinRow
from tests.conftest import TEAM, RunningApp
from tests.support.checkins import SLOTS, live, owner_dms, sender
from tests.support.fake_slack import Call

WEEK_1, WEEK_2 = SLOTS["Europe/Oslo"]
OWNERS = [f"U{n:03d}" for n in range(2, 22)]  # 20 owners, one strategy each


def _engine(app: RunningApp) -> Engine:
    return app.sessions.kw["bind"]


@contextmanager
def _statements(app: RunningApp) -> Iterator[list[str]]:
    """The SQL statements the app's engine runs meanwhile (what the database is sent)."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(_engine(app), "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(_engine(app), "before_cursor_execute", count)


def _owners_live(app: RunningApp, count: int = len(OWNERS)) -> list[Strategy]:
    weekly = sender(app)
    strategies = []
    for n, owner in enumerate(OWNERS[:count]):
        strategy = live(app, channel=f"C{n + 1}", owner=owner)
        weekly.schedule(strategy, WEEK_1 - dt.timedelta(days=1))
        strategies.append(strategy)
    return strategies


def test_a_weeks_tick_costs_a_fixed_number_of_statements_plus_a_share_of_commits(
    running_app: RunningApp,
) -> None:
    app = running_app
    _owners_live(app)
    assert sender(app).tick(WEEK_1) == len(OWNERS)  # the first week learns each owner's DM
    with _statements(app) as seen:
        assert sender(app).tick(WEEK_2) == len(OWNERS)
    # Claims, loads and the sweep are a fixed number per batch; each send adds one look at
    # whether its workspace is still installed and at most its record's write (BEGIN and one
    # UPDATE), shared with the sends around it. One claim per owner, as the tick did before,
    # was 22 statements per DM (440 here).
    assert len(seen) <= 40 + 3 * len(OWNERS), len(seen)
    assert all(len(owner_dms(app, owner)) == 2 for owner in OWNERS)
    with app.sessions.begin() as session:
        statuses = session.scalars(select(CheckinRow.status)).all()
    # Week 1 unanswered: a gap by the time week 2 is claimed.
    assert sorted(statuses) == ["missed"] * len(OWNERS) + ["sent"] * len(OWNERS)


def test_the_week_left_open_is_a_gap_named_in_the_next_dm(running_app: RunningApp) -> None:
    app = running_app
    strategy = live(app, channel="C1", owner="U2")
    weekly = sender(app)
    weekly.schedule(strategy, WEEK_1 - dt.timedelta(days=1))
    assert weekly.tick(WEEK_1) == 1
    assert weekly.tick(WEEK_2) == 1
    second = owner_dms(app, "U2")[-1]
    assert "No numbers came in for one week" in str(second.params.get("blocks"))
    with app.sessions.begin() as session:
        open_now = checkin_claims.open_checkin(session, strategy.id)
        assert open_now is not None and open_now.week == dt.date(2027, 3, 29)
        assert checkin_claims.missed_count(session, strategy.id) == 1


def test_two_processes_claiming_the_same_batch_claim_each_check_in_once(
    running_app: RunningApp,
) -> None:
    app = running_app
    _owners_live(app)
    with app.sessions.begin() as session:
        due = checkin_schedules.due_schedules(session, WEEK_1)
    assert len(due) == len(OWNERS)
    start = threading.Barrier(2)

    def claim(worker: str) -> set[int]:
        start.wait(timeout=10)
        return {c.checkin_id for c in DueClaims(app.sessions, worker).claim(due, WEEK_1)}

    with ThreadPoolExecutor(max_workers=2) as pool:
        a, b = pool.map(claim, ["process-a", "process-b"])
    assert not a & b
    assert len(a | b) == len(OWNERS)
    with app.sessions.begin() as session:
        assert checkin_schedules.due_schedules(session, WEEK_1) == []  # each slot moved on once
        rows = session.execute(select(CheckinRow.id, CheckinRow.claimed_by)).all()
    assert {row.id for row in rows if row.claimed_by == "process-a"} == a
    assert {row.id for row in rows if row.claimed_by == "process-b"} == b


def test_a_schedule_that_slept_through_weeks_is_claimed_with_the_usual_ones(
    running_app: RunningApp,
) -> None:
    app = running_app
    weekly = sender(app)
    asleep = live(app, channel="C1", owner="U2")
    weekly.schedule(asleep, WEEK_1 - dt.timedelta(days=15))  # slots on 8 and 15 March passed
    usual = live(app, channel="C2", owner="U3")
    weekly.schedule(usual, WEEK_1 - dt.timedelta(days=1))
    assert weekly.tick(WEEK_1) == 2
    with app.sessions.begin() as session:
        weeks = {
            (row.strategy_id, row.week): row.status
            for row in session.execute(
                select(CheckinRow.strategy_id, CheckinRow.week, CheckinRow.status)
            )
        }
    assert weeks == {
        (asleep.id, dt.date(2027, 3, 8)): "missed",
        (asleep.id, dt.date(2027, 3, 15)): "missed",
        (asleep.id, dt.date(2027, 3, 22)): "sent",
        (usual.id, dt.date(2027, 3, 22)): "sent",
    }


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sends_waiting_for_the_database_share_one_commit(running_app: RunningApp) -> None:
    app = running_app
    _owners_live(app)
    with app.sessions.begin() as session:
        due = checkin_schedules.due_schedules(session, WEEK_1)
    claimed = DueClaims(app.sessions, "sender").claim(due[:4], WEEK_1)
    records = SendRecords(app.sessions, "sender")
    commits: list[int] = []
    event.listen(_engine(app), "commit", lambda _conn: commits.append(1))
    # Another writer holds SQLite's write lock: the first record waits for it, the next three
    # queue behind that write and go in together once it is through.
    holder = _engine(app).connect()
    holder.begin()  # BEGIN IMMEDIATE, as every transaction on SQLite (storage.db)
    started: list[threading.Thread] = []
    for n, claim in enumerate(claimed):
        sent = SentDM(TEAM, OWNERS[n], claim.checkin_id, f"D{n}", f"1.{n}", WEEK_1, False)
        thread = threading.Thread(target=records.record, args=(sent,))
        thread.start()
        started.append(thread)
    deadline = time.monotonic() + 10
    while records.pending < len(claimed) and time.monotonic() < deadline:
        time.sleep(0.01)  # polling until all four are handed in: none can commit meanwhile
    assert records.pending == len(claimed) and not commits
    holder.commit()
    holder.close()
    for thread in started:
        thread.join(timeout=20)
    # The holder's commit, the first record's, then the other three's together (one each: 5).
    assert len(commits) <= 3, commits
    with app.sessions.begin() as session:
        rows = session.execute(
            select(CheckinRow.status, CheckinRow.dm_channel).where(
                CheckinRow.id.in_([c.checkin_id for c in claimed])
            )
        ).all()
    assert sorted(rows) == [(CheckinStatus.SENT.value, f"D{n}") for n in range(4)]


def test_a_dm_built_before_a_handover_is_not_recorded_and_the_new_owner_gets_it(
    running_app: RunningApp,
) -> None:
    app = running_app
    strategy = live(app, channel="C1", owner="U2")
    app.slack.add_user("U3", tz="Europe/Oslo")
    sender(app).schedule(strategy, WEEK_1 - dt.timedelta(days=1))
    arrived, release = threading.Event(), threading.Event()

    def post(call: Call) -> dict:  # the former owner's DM waits while the owner changes
        channel = str(call.params.get("channel"))
        if channel in ("U2", app.slack.dm_channel("U2")):
            arrived.set()
            assert release.wait(timeout=20)
        return {"ok": True, "channel": app.slack.dm_channel(channel), "ts": app.slack.next_ts()}

    app.slack.on("chat.postMessage", post)
    with ThreadPoolExecutor(max_workers=1) as pool:
        ticking = pool.submit(sender(app).tick, WEEK_1)
        assert arrived.wait(timeout=20)  # built and posted for U2
        reply = app.driver.command("owner <@U3|kari>", user_id="U2", channel_id="C1")
        assert reply.status == 200
        app.slack.wait_for("response_url")
        release.set()
        assert ticking.result(timeout=20) == 0  # posted, but not to the owner: not recorded
    with app.sessions.begin() as session:
        open_now = checkin_claims.open_checkin(session, strategy.id)
    assert open_now is not None and open_now.status is CheckinStatus.DUE
    # The next tick's sweep sends it to the new owner, once.
    assert sender(app).tick(WEEK_1 + dt.timedelta(seconds=30)) == 1
    asks = [c for c in owner_dms(app, "U3") if "Time for this week's numbers" in str(c.params)]
    assert len(asks) == 1
    with app.sessions.begin() as session:
        sent = checkin_claims.open_checkin(session, strategy.id)
    assert sent is not None and sent.status is CheckinStatus.SENT
    assert sent.dm_channel == app.slack.dm_channel("U3")


def test_a_batch_another_process_claimed_first_does_not_end_the_tick(
    running_app: RunningApp,
) -> None:
    app = running_app
    strategies = _owners_live(app, 6)
    with app.sessions.begin() as session:
        first_two = checkin_schedules.due_schedules(session, WEEK_1, limit=2)
    other, taken = DueClaims(app.sessions, "process-a"), []

    def user(call: Call) -> dict:  # B looks at its first batch's owners; A claims them meanwhile
        if not taken:
            taken.extend(other.claim(first_two, WEEK_1))
        return {"ok": True, "user": {"id": call.params["user"], "tz": "Europe/Oslo"}}

    app.slack.on("users.info", user)
    slack = SlackIO(make_client("xoxb-test-token", app.slack.api_url))
    b = CheckinSender(app.sessions, slack, "process-b", clock=app.clock.now, batch=2)
    assert b.tick(WEEK_1) == 4  # its first batch lost to A, the next two its own
    assert len(taken) == 2
    # A "died" with its two claimed: once the lease is over, the sweep sends them, once.
    assert b.tick(WEEK_1 + SEND_LEASE + dt.timedelta(minutes=1)) == 2
    assert all(len(owner_dms(app, s.owner_id)) == 1 for s in strategies)


def test_the_processes_sending_now_are_counted_from_their_claims(running_app: RunningApp) -> None:
    app = running_app
    _owners_live(app, 4)
    with app.sessions.begin() as session:
        due = checkin_schedules.due_schedules(session, WEEK_1)
        assert checkin_batches.senders_at_work(session, WEEK_1, dt.timedelta(minutes=1)) == 0
    DueClaims(app.sessions, "process-a").claim(due[:2], WEEK_1)
    DueClaims(app.sessions, "process-b").claim(due[2:], WEEK_1 + dt.timedelta(seconds=5))
    with app.sessions.begin() as session:
        now = WEEK_1 + dt.timedelta(seconds=30)
        assert checkin_batches.senders_at_work(session, now, dt.timedelta(minutes=1)) == 2
        later = WEEK_1 + dt.timedelta(minutes=2)
        assert checkin_batches.senders_at_work(session, later, dt.timedelta(minutes=1)) == 0

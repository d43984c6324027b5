"""Check-in claims on real SQLite and PostgreSQL: each week's check-in exists and is sent once."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.model import Goal, Metric, Schedule, Status, Strategy
from storage import checkin_claims, checkin_schedules, reports
from storage.db import SessionFactory, make_engine, make_session_factory
from storage.models import Base, CheckinRow, ReportRow, ScheduleRow
from storage.strategies import delete_strategy, save_strategy

ROOT = Path(__file__).resolve().parents[2]
TEAM = "T111"
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)  # a Monday
WEEK = dt.date(2026, 11, 30)
LEASE = dt.timedelta(minutes=5)


@pytest.fixture
def sessions(database_url: str) -> Iterator[SessionFactory]:
    engine = make_engine(database_url)
    yield make_session_factory(engine)
    engine.dispose()


def _live(
    session: Session,
    channel: str = "C1",
    team: str = TEAM,
    status: Status = Status.LIVE,
    due: dt.datetime | None = NOW,
) -> Strategy:
    strategy = Strategy(
        team_id=team,
        channel_id=channel,
        name=f"Strategy {channel}",
        started_by="U1",
        owner_id="UOWNER",
        status=status,
        schedule=Schedule(weekday=0, time=dt.time(9, 0), timezone="UTC"),
        goals=[Goal(description="Followers", metrics=[Metric(name="followers", unit="")])],
    )
    save_strategy(session, strategy)
    assert strategy.id is not None
    checkin_schedules.set_next_due(session, strategy.id, due)
    return strategy


def _ids(strategy: Strategy) -> tuple[int, int, int]:
    goal = strategy.goals[0]
    assert strategy.id is not None and goal.id is not None and goal.metrics[0].id is not None
    return strategy.id, goal.id, goal.metrics[0].id


def _monday(moment: dt.datetime) -> dt.date:
    return (moment - dt.timedelta(days=moment.weekday())).date()


def test_models_and_migrations_agree(database_url: str) -> None:
    # Server defaults are not compared: the dialects spell them differently after reflection.
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_due_schedules_only_live_and_due(sessions: SessionFactory) -> None:
    with sessions.begin() as s:
        due = _live(s, "C1", due=NOW - dt.timedelta(minutes=3))
        exactly_now = _live(s, "C2", due=NOW)
        _live(s, "C3", due=NOW + dt.timedelta(seconds=1))
        _live(s, "C4", due=None)
        _live(s, "C5", status=Status.DRAFT, due=NOW - dt.timedelta(days=1))
    with sessions.begin() as s:
        found = checkin_schedules.due_schedules(s, NOW)
    assert [d.strategy_id for d in found] == [due.id, exactly_now.id]
    first = found[0]
    assert first == checkin_schedules.DueSchedule(
        strategy_id=due.id,  # type: ignore[arg-type]
        team_id=TEAM,
        owner_id="UOWNER",
        next_due_at=NOW - dt.timedelta(minutes=3),
        weekday=0,
        local_time=dt.time(9, 0),
        timezone="UTC",
    )
    with sessions.begin() as s:
        assert len(checkin_schedules.due_schedules(s, NOW, limit=1)) == 1


def test_times_come_back_aware_utc(sessions: SessionFactory) -> None:
    oslo = NOW.astimezone(ZoneInfo("Europe/Oslo"))
    with sessions.begin() as s:
        strategy = _live(s, due=oslo)
    with sessions.begin() as s:
        (found,) = checkin_schedules.due_schedules(s, NOW)
        assert found.next_due_at == NOW
        assert found.next_due_at.utcoffset() == dt.timedelta(0)
        checkin_id = checkin_claims.claim_week(s, strategy.id, WEEK, oslo, "w1", now=oslo)  # type: ignore[arg-type]
    with sessions.begin() as s:
        row = s.get(CheckinRow, checkin_id)
        assert row is not None
        assert row.due_at == NOW and row.due_at.tzinfo is not None
        assert row.claimed_at == NOW


def test_naive_times_are_refused(sessions: SessionFactory) -> None:
    with sessions.begin() as s:
        strategy = _live(s)
        with pytest.raises(ValueError, match="naive"):
            checkin_schedules.due_schedules(s, NOW.replace(tzinfo=None))
        with pytest.raises(ValueError, match="naive"):
            checkin_schedules.set_next_due(s, strategy.id, NOW.replace(tzinfo=None))  # type: ignore[arg-type]


def test_paused_and_paused_until(sessions: SessionFactory) -> None:
    with sessions.begin() as s:
        paused = _live(s, "C1")
        until_today = _live(s, "C2")
        until_yesterday = _live(s, "C3")
        checkin_schedules.set_paused(s, paused.id, True)  # type: ignore[arg-type]
        checkin_schedules.set_paused(s, until_today.id, False, NOW.date())  # type: ignore[arg-type]
        checkin_schedules.set_paused(
            s, until_yesterday.id, False, NOW.date() - dt.timedelta(days=1)
        )  # type: ignore[arg-type]
    with sessions.begin() as s:
        assert [d.strategy_id for d in checkin_schedules.due_schedules(s, NOW)] == [
            until_yesterday.id
        ]
        # paused through today: due again the next day
        tomorrow = NOW + dt.timedelta(days=1)
        ids = {d.strategy_id for d in checkin_schedules.due_schedules(s, tomorrow)}
        assert ids == {until_today.id, until_yesterday.id}
        checkin_schedules.set_paused(s, paused.id, False)  # type: ignore[arg-type]
        assert paused.id in {d.strategy_id for d in checkin_schedules.due_schedules(s, NOW)}


def test_claim_week_creates_once(sessions: SessionFactory) -> None:
    with sessions.begin() as s:
        strategy = _live(s)
    strategy_id = strategy.id
    assert strategy_id is not None
    with sessions.begin() as s:
        first = checkin_claims.claim_week(s, strategy_id, WEEK, NOW, "w1", now=NOW)
    with sessions.begin() as s:
        again = checkin_claims.claim_week(s, strategy_id, WEEK, NOW, "w2", now=NOW)
    assert isinstance(first, int)
    assert again is None
    with sessions.begin() as s:
        row = s.get(CheckinRow, first)
        assert row is not None
        assert (row.strategy_id, row.week, row.status) == (strategy_id, WEEK, "due")
        assert (row.claimed_by, row.claimed_at) == ("w1", NOW)
        next_week = checkin_claims.claim_week(
            s, strategy_id, WEEK + dt.timedelta(days=7), NOW, "w2", now=NOW
        )
        assert next_week is not None and next_week != first


def test_advance_schedule_compare_and_set(sessions: SessionFactory) -> None:
    later = NOW + dt.timedelta(days=7)
    with sessions.begin() as s:
        strategy = _live(s)
    with sessions.begin() as s:
        assert checkin_schedules.advance_schedule(s, strategy.id, NOW, later)  # type: ignore[arg-type]
    with sessions.begin() as s:
        assert not checkin_schedules.advance_schedule(
            s, strategy.id, NOW, later + dt.timedelta(days=7)
        )  # type: ignore[arg-type]
        row = s.get(ScheduleRow, strategy.id)
        assert row is not None and row.next_due_at == later
        assert checkin_schedules.due_schedules(s, NOW) == []
        # None unschedules
        assert checkin_schedules.advance_schedule(s, strategy.id, later, None)  # type: ignore[arg-type]
        assert s.get(ScheduleRow, strategy.id).next_due_at is None  # type: ignore[union-attr]


def test_claim_unsent_respects_the_lease(sessions: SessionFactory) -> None:
    with sessions.begin() as s:
        strategy = _live(s)
        checkin_id = checkin_claims.claim_week(s, strategy.id, WEEK, NOW, "w1", now=NOW)  # type: ignore[arg-type]
    with sessions.begin() as s:
        # w1 is alive and sending: nobody else takes it
        assert checkin_claims.claim_unsent(s, NOW + dt.timedelta(minutes=4), "w2", LEASE) == []
    with sessions.begin() as s:
        # w1 died before mark_sent: after the lease, w2 takes it over
        assert checkin_claims.claim_unsent(s, NOW + dt.timedelta(minutes=6), "w2", LEASE) == [
            checkin_id
        ]
    with sessions.begin() as s:
        # ... and w2's claim is fresh, so w3 does not double it
        assert checkin_claims.claim_unsent(s, NOW + dt.timedelta(minutes=7), "w3", LEASE) == []
        row = s.get(CheckinRow, checkin_id)
        assert row is not None
        assert (row.claimed_by, row.claimed_at) == ("w2", NOW + dt.timedelta(minutes=6))
        assert checkin_claims.mark_sent(
            s, checkin_id, "D1", "111.222", NOW + dt.timedelta(minutes=7)
        )  # type: ignore[arg-type]
    with sessions.begin() as s:
        assert checkin_claims.claim_unsent(s, NOW + dt.timedelta(days=1), "w3", LEASE) == []


def test_claim_unsent_takes_unclaimed_but_not_future(sessions: SessionFactory) -> None:
    with sessions.begin() as s:
        strategy = _live(s)
        unclaimed = CheckinRow(strategy_id=strategy.id, week=WEEK, due_at=NOW, status="due")
        future = CheckinRow(
            strategy_id=strategy.id,
            week=WEEK + dt.timedelta(days=7),
            due_at=NOW + dt.timedelta(days=7),
            status="due",
        )
        s.add_all([unclaimed, future])
    with sessions.begin() as s:
        assert checkin_claims.claim_unsent(s, NOW, "w1", LEASE) == [unclaimed.id]
        assert checkin_claims.claim_unsent(s, NOW, "w2", LEASE) == []


def test_status_moves_are_compare_and_set(sessions: SessionFactory) -> None:
    with sessions.begin() as s:
        strategy = _live(s)
        first = checkin_claims.claim_week(s, strategy.id, WEEK, NOW, "w1", now=NOW)  # type: ignore[arg-type]
        second = checkin_claims.claim_week(
            s,
            strategy.id,  # type: ignore[arg-type]
            WEEK + dt.timedelta(days=7),
            NOW + dt.timedelta(days=7),
            "w1",
            now=NOW + dt.timedelta(days=7),
        )
    assert first is not None and second is not None
    later = NOW + dt.timedelta(hours=1)
    with sessions.begin() as s:
        assert not checkin_claims.mark_reminded(s, first, later)  # not sent yet
        assert checkin_claims.mark_sent(s, first, "D1", "1.1", NOW)
        assert not checkin_claims.mark_sent(s, first, "D1", "2.2", NOW)
        assert checkin_claims.mark_reminded(s, first, later)
        assert not checkin_claims.mark_reminded(s, first, later)
        assert checkin_claims.mark_missed(s, first)
        assert not checkin_claims.mark_missed(s, first)
        # a late answer to a missed week still counts
        assert checkin_claims.mark_answered(s, first, later)
        assert not checkin_claims.mark_answered(s, first, later)
        assert not checkin_claims.mark_missed(s, first)
        assert checkin_claims.mark_missed(s, second)  # straight from 'due'
    with sessions.begin() as s:
        row = s.get(CheckinRow, first)
        assert row is not None
        assert (row.status, row.dm_channel, row.message_ts) == ("answered", "D1", "1.1")
        assert (row.sent_at, row.reminded_at, row.answered_at) == (NOW, later, later)


def test_open_checkin_is_the_latest_unanswered(sessions: SessionFactory) -> None:
    with sessions.begin() as s:
        strategy = _live(s)
        strategy_id = strategy.id
        assert strategy_id is not None
        assert checkin_claims.open_checkin(s, strategy_id) is None
        week1 = checkin_claims.claim_week(s, strategy_id, WEEK, NOW, "w1", now=NOW)
        assert week1 is not None
        checkin_claims.mark_sent(s, week1, "D1", "1.1", NOW)
        assert checkin_claims.open_checkin(s, strategy_id).id == week1  # type: ignore[union-attr]
        week2 = checkin_claims.claim_week(
            s, strategy_id, WEEK + dt.timedelta(days=7), NOW, "w1", now=NOW
        )
        assert week2 is not None
        assert checkin_claims.open_checkin(s, strategy_id).id == week2  # type: ignore[union-attr]
        checkin_claims.mark_answered(s, week2, NOW)
        assert checkin_claims.open_checkin(s, strategy_id).id == week1  # type: ignore[union-attr]
        checkin_claims.mark_missed(s, week1)
        assert checkin_claims.open_checkin(s, strategy_id) is None


def test_lookups_by_message_and_id_stay_in_the_team(sessions: SessionFactory) -> None:
    with sessions.begin() as s:
        ours = _live(s, "C1", team=TEAM)
        _live(s, "C1", team="T222")
        checkin_id = checkin_claims.claim_week(s, ours.id, WEEK, NOW, "w1", now=NOW)  # type: ignore[arg-type]
        assert checkin_id is not None
        checkin_claims.mark_sent(s, checkin_id, "D1", "1.1", NOW)
    with sessions.begin() as s:
        assert checkin_claims.checkin_for_message(s, TEAM, "D1", "1.1").id == checkin_id  # type: ignore[union-attr]
        assert checkin_claims.checkin_for_message(s, "T222", "D1", "1.1") is None
        assert checkin_claims.checkin_for_message(s, TEAM, "D1", "9.9") is None
        assert checkin_claims.checkin_in_team(s, TEAM, checkin_id).id == checkin_id  # type: ignore[union-attr]
        assert checkin_claims.checkin_in_team(s, "T222", checkin_id) is None


def test_corrections_form_a_chain_and_the_latest_wins(sessions: SessionFactory) -> None:
    with sessions.begin() as s:
        strategy = _live(s)
        strategy_id, goal_id, metric_id = _ids(strategy)
        checkin_id = checkin_claims.claim_week(s, strategy_id, WEEK, NOW, "w1", now=NOW)

    def report(value: str, week: dt.date = WEEK, by: str = "UOWNER") -> ReportRow:
        with sessions.begin() as s:
            return reports.add_report(
                s, strategy_id, checkin_id, goal_id, metric_id, week, Decimal(value), by, NOW
            )

    first = report("100")
    earlier_week = report("90", week=WEEK - dt.timedelta(days=7))
    second = report("120.5")
    third = report("121.25", by="U1")
    assert first.correction_of is None and earlier_week.correction_of is None
    assert second.correction_of == first.id
    assert third.correction_of == second.id
    with sessions.begin() as s:
        current = reports.reports_for_strategy(s, strategy_id)
        history = reports.report_history(s, TEAM, strategy_id)
    assert [(r.id, r.value) for r in current] == [
        (earlier_week.id, Decimal("90")),
        (third.id, Decimal("121.25")),
    ]
    assert [r.id for r in history] == [first.id, earlier_week.id, second.id, third.id]
    assert history[0].reported_at == NOW


def test_reports_must_belong_to_the_strategy(sessions: SessionFactory) -> None:
    with sessions.begin() as s:
        ours = _live(s, "C1")
        theirs = _live(s, "C2")
        strategy_id, goal_id, metric_id = _ids(ours)
        _, their_goal, their_metric = _ids(theirs)
        their_checkin = checkin_claims.claim_week(s, theirs.id, WEEK, NOW, "w1", now=NOW)  # type: ignore[arg-type]
    args = (WEEK, Decimal(1), "UOWNER", NOW)
    with sessions.begin() as s, pytest.raises(LookupError):
        reports.add_report(s, strategy_id, None, their_goal, their_metric, *args)
    with sessions.begin() as s, pytest.raises(LookupError):
        reports.add_report(s, strategy_id, None, goal_id, their_metric, *args)
    with sessions.begin() as s, pytest.raises(LookupError):
        reports.add_report(s, strategy_id, their_checkin, goal_id, metric_id, *args)


def test_deleting_a_strategy_deletes_its_checkins_and_reports(sessions: SessionFactory) -> None:
    with sessions.begin() as s:
        strategy = _live(s)
        strategy_id, goal_id, metric_id = _ids(strategy)
        checkin_id = checkin_claims.claim_week(s, strategy_id, WEEK, NOW, "w1", now=NOW)
        for value in ("1", "2"):
            reports.add_report(
                s, strategy_id, checkin_id, goal_id, metric_id, WEEK, Decimal(value), "U", NOW
            )
    with sessions.begin() as s:
        delete_strategy(s, TEAM, strategy_id)
    with sessions.begin() as s:
        assert s.scalar(select(func.count()).select_from(CheckinRow)) == 0
        assert s.scalar(select(func.count()).select_from(ReportRow)) == 0


# --- the race: many ticks, one database, each week's check-in created once -----------------

STRATEGIES = 200

# One tick loop, as the scheduler runs it: read what is due, then claim and advance each
# schedule in its own transaction. Prints the (checkin id, strategy id) pairs it won.
TICK_SCRIPT = """
import datetime as dt, json, random, sys
from sqlalchemy import text
from storage.checkin_claims import claim_week
from storage.checkin_schedules import advance_schedule, due_schedules
from storage.db import make_engine, make_session_factory

url, worker, now = sys.argv[1], sys.argv[2], dt.datetime.fromisoformat(sys.argv[3])
sessions = make_session_factory(make_engine(url))
with sessions() as s:
    s.execute(text("SELECT 1"))  # connected before the start signal, so both start together
print("ready", flush=True)
sys.stdin.readline()
won, advanced = [], 0
while True:
    with sessions.begin() as s:
        due = due_schedules(s, now, limit=25)
    if not due:
        break
    random.Random(worker).shuffle(due)
    for d in due:
        with sessions.begin() as s:
            week = (d.next_due_at - dt.timedelta(days=d.next_due_at.weekday())).date()
            checkin_id = claim_week(s, d.strategy_id, week, d.next_due_at, worker, now=now)
            later = d.next_due_at + dt.timedelta(days=7)
            advanced += advance_schedule(s, d.strategy_id, d.next_due_at, later)
        if checkin_id is not None:
            won.append([checkin_id, d.strategy_id])
print(json.dumps({"won": won, "advanced": advanced}), flush=True)
"""


def _many_due(sessions: SessionFactory) -> set[int]:
    with sessions.begin() as s:
        return {_live(s, f"C{n:03}", due=NOW).id for n in range(STRATEGIES)}  # type: ignore[misc]


def _assert_each_once(
    sessions: SessionFactory,
    strategy_ids: set[int],
    won: list[list[tuple[int, int]]],
    advanced: int,
) -> None:
    with sessions.begin() as s:
        rows = s.execute(select(CheckinRow.id, CheckinRow.strategy_id, CheckinRow.week)).all()
        next_dues = set(s.scalars(select(ScheduleRow.next_due_at)))
    assert len(rows) == STRATEGIES
    assert {row.strategy_id for row in rows} == strategy_ids
    assert {row.week for row in rows} == {WEEK}
    claimed = [{checkin_id for checkin_id, _ in pairs} for pairs in won]
    assert sum(len(ids) for ids in claimed) == STRATEGIES  # no id won twice
    assert set().union(*claimed) == {row.id for row in rows}
    assert sorted(sid for pairs in won for _, sid in pairs) == sorted(strategy_ids)
    # every schedule moved exactly once: one compare-and-set won per strategy
    assert advanced == STRATEGIES
    assert next_dues == {NOW + dt.timedelta(days=7)}


def test_two_processes_claim_each_week_once(database_url: str, sessions: SessionFactory) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("separate processes race on PostgreSQL; SQLite runs the thread race")
    strategy_ids = _many_due(sessions)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", TICK_SCRIPT, database_url, f"proc-{n}", NOW.isoformat()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for n in range(2)
    ]
    try:
        for worker in workers:
            assert worker.stdout is not None
            assert worker.stdout.readline().strip() == "ready"
        for worker in workers:
            assert worker.stdin is not None
            worker.stdin.write("go\n")
            worker.stdin.flush()
        outputs = [worker.communicate(timeout=60)[0] for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    assert [worker.returncode for worker in workers] == [0, 0]
    results = [json.loads(out.strip().splitlines()[-1]) for out in outputs]
    won = [[(pair[0], pair[1]) for pair in result["won"]] for result in results]
    advanced = sum(result["advanced"] for result in results)
    _assert_each_once(sessions, strategy_ids, won, advanced)


def test_four_threads_claim_each_week_once(sessions: SessionFactory) -> None:
    # On SQLite BEGIN IMMEDIATE serialises the writers; on PostgreSQL the same code races.
    strategy_ids = _many_due(sessions)
    start = threading.Barrier(4)
    won: list[list[tuple[int, int]]] = [[] for _ in range(4)]
    advanced = [0] * 4
    errors: list[BaseException] = []

    def tick(n: int) -> None:
        try:
            start.wait()
            while True:
                with sessions.begin() as s:
                    due = checkin_schedules.due_schedules(s, NOW, limit=25)
                if not due:
                    return
                for d in due:
                    with sessions.begin() as s:
                        checkin_id = checkin_claims.claim_week(
                            s,
                            d.strategy_id,
                            _monday(d.next_due_at),
                            d.next_due_at,
                            f"t{n}",
                            now=NOW,
                        )
                        advanced[n] += checkin_schedules.advance_schedule(
                            s, d.strategy_id, d.next_due_at, d.next_due_at + dt.timedelta(days=7)
                        )
                    if checkin_id is not None:
                        won[n].append((checkin_id, d.strategy_id))
        except BaseException as error:  # surfaced in the main thread below
            errors.append(error)

    threads = [threading.Thread(target=tick, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    _assert_each_once(sessions, strategy_ids, won, sum(advanced))


def test_concurrent_sweeps_claim_each_unsent_once(sessions: SessionFactory) -> None:
    # Check-ins whose creators died before sending: four sweepers split them, none twice.
    with sessions.begin() as s:
        ids = set()
        for n in range(STRATEGIES):
            strategy = _live(s, f"C{n:03}")
            checkin_id = checkin_claims.claim_week(
                s,
                strategy.id,
                WEEK,
                NOW,
                "dead",
                now=NOW - 2 * LEASE,  # type: ignore[arg-type]
            )
            ids.add(checkin_id)
    start = threading.Barrier(4)
    claimed: list[list[int]] = [[] for _ in range(4)]
    errors: list[BaseException] = []

    def sweep(n: int) -> None:
        try:
            start.wait()
            while True:
                with sessions.begin() as s:
                    batch = checkin_claims.claim_unsent(s, NOW, f"s{n}", LEASE, limit=10)
                if not batch:
                    return
                claimed[n].extend(batch)
        except BaseException as error:  # surfaced in the main thread below
            errors.append(error)

    threads = [threading.Thread(target=sweep, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(len(batch) for batch in claimed) == STRATEGIES
    assert set().union(*claimed) == ids

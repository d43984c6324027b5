"""SIGTERM and SIGINT stop the real `strategy-coach run` process gracefully over HTTP: requests
and listeners in flight, a check-in being sent, a second signal, the grace period's bound.
(Socket Mode: test_graceful_stop_socket_mode.py.)

Work is kept in flight by the fake Slack holding the bot's calls (`fake.hold`) until the test
lets them go, and by requests whose bodies are still on the way; the test waits on the bot's
log lines and on its HTTP answers and acks, never on the clock.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import create_engine

from bot.checkins.fanout import DEFAULT_WORKERS
from bot.domain.model import CheckinStatus
from storage import checkin_claims, checkin_schedules, strategies
from storage.db import make_session_factory
from tests.conftest import SIGNING_SECRET
from tests.support.bot_process import (
    SCRIPT,
    Bot,
    SlowRequest,
    cards,
    command_fields,
    wait_healthy,
)
from tests.support.checkins import live_strategy
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver


# On SQLite a card is posted holding the database's write lock (bot/builder/thread.py), so
# only one card can be on its way at a time there; PostgreSQL locks the strategy's row only.
@pytest.mark.parametrize(
    ("signum", "database_url", "held"),
    [(signal.SIGTERM, "postgresql", 5), (signal.SIGINT, "sqlite", 1)],
    ids=["SIGTERM-postgresql", "SIGINT-sqlite"],
    indirect=["database_url"],
)
def test_http_stop_answers_every_request_in_flight_and_leaves_no_strategy_without_a_card(
    tmp_path: Path, database_url: str, signum: int, held: int
) -> None:
    with FakeSlack() as fake:
        bot = Bot(tmp_path, fake, database_url)
        try:
            wait_healthy(bot)
            driver = SlackDriver(f"http://127.0.0.1:{bot.port}/slack/events", SIGNING_SECRET)
            cards_held = fake.hold("chat.postMessage")
            # Strategies being started: saved, their cards on the way to Slack.
            started = [f"C{n}" for n in range(1, held + 1)]
            # One after the other: the first strategies of a new workspace, started at the same
            # moment, race to create its row (storage/workspaces.py `ensure_workspace`).
            for count, channel in enumerate(started, start=1):
                assert driver.command("", channel_id=channel).status == 200
                fake.wait_held("chat.postMessage", count=count, timeout=15)
            # Twenty requests in flight: five more strategies and fifteen other commands.
            late = [f"C{n}" for n in range(11, 16)]
            in_flight = [
                SlowRequest(bot.port, driver, urlencode(command_fields(fake, c)).encode())
                for c in late
            ] + [
                SlowRequest(
                    bot.port, driver, urlencode(command_fields(fake, "C99", "help")).encode()
                )
                for _ in range(15)
            ]

            bot.send(signum)
            bot.wait_line("no longer accepting connections")
            with pytest.raises(ConnectionRefusedError):
                socket.create_connection(("127.0.0.1", bot.port), timeout=5).close()
            cards_held.set()
            statuses = [request.finish() for request in in_flight]
            status, seconds = bot.wait_exit()
        finally:
            bot.kill()
        answered = sum(1 for code in statuses if code == 200)
        print(f"answered {answered} of {len(in_flight)}; exit {status} after {seconds:.1f} s")
        assert statuses == [200] * 20, bot.log
        assert status == 0, bot.log
        posted = cards(database_url, fake, started + late)
        assert posted == dict.fromkeys(started + late, True), bot.log
        for line in (
            "HTTP: every request in flight answered",
            "Listeners finished",
            "Status charts finished",
            "Scheduler stopped after its current send",
            "Database closed",
            "Stopped cleanly",
        ):
            assert line in bot.log
        assert "Traceback" not in bot.log


def test_a_second_signal_ends_the_stop_at_once(tmp_path: Path, sqlite_url: str) -> None:
    with FakeSlack() as fake:
        bot = Bot(tmp_path, fake, sqlite_url, SHUTDOWN_GRACE_SECONDS="600")
        try:
            wait_healthy(bot)
            driver = SlackDriver(f"http://127.0.0.1:{bot.port}/slack/events", SIGNING_SECRET)
            cards_held = fake.hold("chat.postMessage")  # never let go: the stop would wait
            assert driver.command("", channel_id="C1").status == 200
            fake.wait_held("chat.postMessage")
            bot.send(signal.SIGTERM)
            bot.wait_line("HTTP: every request in flight answered")
            bot.send(signal.SIGTERM)
            status, _ = bot.wait_exit(timeout=30)  # far less than the 600 s grace
            bot.wait_line("Second SIGTERM: stopping now")
        finally:
            cards_held.set()
            bot.kill()
        assert status == 128 + signal.SIGTERM


def test_the_grace_period_bounds_the_stop(tmp_path: Path, sqlite_url: str) -> None:
    with FakeSlack() as fake:
        bot = Bot(tmp_path, fake, sqlite_url, SHUTDOWN_GRACE_SECONDS="1")
        try:
            wait_healthy(bot)
            driver = SlackDriver(f"http://127.0.0.1:{bot.port}/slack/events", SIGNING_SECRET)
            cards_held = fake.hold("chat.postMessage")  # a listener that never finishes
            assert driver.command("", channel_id="C1").status == 200
            fake.wait_held("chat.postMessage")
            bot.send(signal.SIGTERM)
            status, _ = bot.wait_exit(timeout=30)
        finally:
            cards_held.set()
            bot.kill()
        assert status == 1, bot.log
        assert "Grace period over: listeners cut off" in bot.log
        assert "Database closed" in bot.log


def test_a_tick_stopped_mid_send_finishes_that_send_and_starts_no_other(
    tmp_path: Path, database_url: str
) -> None:
    # The bot's scheduler reads the machine's clock, so the slot is put an hour before it.
    slot = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) - dt.timedelta(hours=1)
    engine = create_engine(database_url)
    sessions = make_session_factory(engine)
    ids = {}
    # One more check-in than the sends the tick makes at once (bot/checkins/fanout.py).
    owners = [(f"C{n + 1}", f"U{n + 2}") for n in range(DEFAULT_WORKERS + 1)]
    with sessions.begin() as session:
        for channel, owner in owners:
            saved = strategies.save_strategy(
                session,
                live_strategy(channel, owner, "UTC", slot.weekday(), slot.time(), goals=1),
            )
            assert saved.id is not None
            checkin_schedules.set_next_due(session, saved.id, slot)
            ids[owner] = saved.id
    with FakeSlack() as fake:
        for owner in ids:
            fake.add_user(owner, tz="UTC")
        dms_held = fake.hold("chat.postMessage")
        bot = Bot(tmp_path, fake, database_url)
        try:
            # The DMs under way: every worker's first send.
            fake.wait_held("chat.postMessage", DEFAULT_WORKERS, timeout=30)
            bot.send(signal.SIGTERM)
            bot.wait_line("no longer accepting connections")
            dms_held.set()
            status, _ = bot.wait_exit()
        finally:
            dms_held.set()
            bot.kill()
        posts = fake.calls("chat.postMessage")
        assert status == 0, bot.log
        assert "Scheduler stopped after its current send" in bot.log
        assert len(posts) == DEFAULT_WORKERS, fake.summary()
        with sessions.begin() as session:
            opened = {o: checkin_claims.open_checkin(session, i) for o, i in ids.items()}
        engine.dispose()
        sent = {o for o, c in opened.items() if c is not None and c.status is CheckinStatus.SENT}
        posted = {o for o in ids for p in posts if p.response["channel"] == fake.dm_channel(o)}
        assert sent == posted and len(sent) == DEFAULT_WORKERS  # the last one never started


@pytest.mark.parametrize("value", ["soon", "0", "-5", "nan", "7200"])
def test_a_bad_grace_period_is_one_clear_line(tmp_path: Path, value: str) -> None:
    result = subprocess.run(
        [SCRIPT, "run"],
        cwd=tmp_path,
        env={
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s",
            "SHUTDOWN_GRACE_SECONDS": value,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SHUTDOWN_GRACE_SECONDS" in lines[0], result.stderr

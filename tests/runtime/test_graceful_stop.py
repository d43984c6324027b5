"""SIGTERM and SIGINT stop the real `strategy-coach run` process gracefully: HTTP and Socket
Mode, requests and listeners in flight, a check-in being sent.

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
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import create_engine

from bot.domain.model import CheckinStatus, Goal, GoalType, Metric, Schedule, Status, Strategy
from storage import checkin_claims, checkin_schedules, strategies
from storage.db import make_session_factory
from tests.conftest import SIGNING_SECRET, TEAM
from tests.support.fake_slack import FakeSlack
from tests.support.fake_socket_mode import FakeSocketMode
from tests.support.slack_driver import SlackDriver, fresh_trigger_id

SCRIPT = str(Path(sys.executable).parent / "strategy-coach")
GRACE = 20
EXIT_TIMEOUT = GRACE + 15  # a hung stop fails the test instead of hanging it


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Bot:
    """`strategy-coach run` in a subprocess, its log read line by line as it comes."""

    def __init__(self, tmp_path: Path, fake: FakeSlack, database_url: str, **env: str) -> None:
        self.port = _free_port()
        values = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "LANG": "C.UTF-8",
            "SLACK_BOT_TOKEN": "xoxb-test-token",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.api_url,
            "DATABASE_URL": database_url,
            "PORT": str(self.port),
            "SHUTDOWN_GRACE_SECONDS": str(GRACE),
            **env,
        }
        self.process = subprocess.Popen(
            [SCRIPT, "run"],
            cwd=tmp_path,
            env=values,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._cond = threading.Condition()
        self._lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.signalled_at = 0.0

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._cond:
                self._lines.append(line.rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self._lines.append("<exit>")
            self._cond.notify_all()

    @property
    def log(self) -> str:
        with self._cond:
            return "\n".join(self._lines)

    def wait_line(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [line for line in self._lines if text in line]
                if found:
                    return found[0]
                remaining = deadline - time.monotonic()
                if remaining <= 0 or "<exit>" in self._lines:
                    raise AssertionError(f"no log line with {text!r}; log:\n{self.log[-4000:]}")
                self._cond.wait(remaining)

    def send(self, signum: int) -> None:
        self.signalled_at = time.monotonic()
        self.process.send_signal(signum)

    def wait_exit(self, timeout: float = EXIT_TIMEOUT) -> tuple[int, float]:
        """The exit status and the seconds from the signal to the exit."""
        try:
            status = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(
                f"still running {timeout}s after the signal:\n{self.log}"
            ) from None
        self._reader.join(timeout=5)
        return status, time.monotonic() - self.signalled_at

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def _command_fields(fake: FakeSlack, channel: str, text: str = "") -> dict[str, str]:
    """`/strategy` as Slack sends it (the same fields the HTTP driver sends)."""
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "team_domain": "example",
        "channel_id": channel,
        "channel_name": channel.lower(),
        "user_id": "U1",
        "user_name": "u1",
        "command": "/strategy",
        "text": text,
        "api_app_id": "A111",
        "is_enterprise_install": "false",
        "response_url": fake.response_url("command"),
        "trigger_id": fresh_trigger_id(),
    }


class SlowRequest:
    """A signed request whose body is still on the way: headers and part of the body sent,
    the rest when `finish` is called, which then reads the status of the answer."""

    def __init__(self, port: int, driver: SlackDriver, body: bytes) -> None:
        headers = {
            "Host": f"127.0.0.1:{port}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": str(len(body)),
            "Connection": "close",
            **driver.signed_headers(body),
        }
        head = "POST /slack/events HTTP/1.1\r\n" + "".join(
            f"{key}: {value}\r\n" for key, value in headers.items()
        )
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=EXIT_TIMEOUT)
        self.sock.sendall(head.encode() + b"\r\n" + body[: len(body) // 2])
        self.rest = body[len(body) // 2 :]

    def finish(self) -> int:
        with self.sock:
            self.sock.sendall(self.rest)
            answer = b""
            while b"\r\n" not in answer:
                chunk = self.sock.recv(4096)
                if not chunk:
                    raise AssertionError(f"connection closed without an answer: {answer!r}")
                answer += chunk
        return int(answer.split(b" ", 2)[1])


def _wait_healthy(bot: Bot) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", bot.port), timeout=2) as probe:
                probe.sendall(b"GET /healthz HTTP/1.0\r\n\r\n")
                if probe.recv(64).split(b" ")[1:2] == [b"200"]:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline or bot.process.poll() is not None:
            raise AssertionError(f"the bot did not come up:\n{bot.log}")
        time.sleep(0.1)  # polling for start-up, not waiting for "nothing happened"


def _cards(database_url: str, fake: FakeSlack, channels: list[str]) -> dict[str, bool]:
    """For each channel: a strategy whose card was posted in the fake and whose `card_ts` the
    bot saved."""
    engine = create_engine(database_url)
    try:
        sessions = make_session_factory(engine)
        with sessions.begin() as session:
            found = {c: strategies.strategy_in_channel(session, TEAM, c) for c in channels}
    finally:
        engine.dispose()
    return {
        channel: strategy is not None
        and bool(strategy.card_ts)
        and any(m["ts"] == strategy.card_ts for m in fake.messages(channel))
        for channel, strategy in found.items()
    }


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
            _wait_healthy(bot)
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
                SlowRequest(bot.port, driver, urlencode(_command_fields(fake, c)).encode())
                for c in late
            ] + [
                SlowRequest(
                    bot.port, driver, urlencode(_command_fields(fake, "C99", "help")).encode()
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
        cards = _cards(database_url, fake, started + late)
        assert cards == dict.fromkeys(started + late, True), bot.log
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
            _wait_healthy(bot)
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
            _wait_healthy(bot)
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


def _due_strategy(channel: str, owner: str, slot: dt.datetime) -> Strategy:
    return Strategy(
        team_id=TEAM,
        channel_id=channel,
        name=f"Strategy for #{channel.lower()}",
        started_by="U1",
        owner_id=owner,
        status=Status.LIVE,
        thread_ts=f"1690000000.{len(channel):06d}",
        card_ts=f"1690000000.{len(channel):06d}",
        mission="We make the brand human.",
        goals=[
            Goal(
                description="5000 Instagram followers",
                metric="Instagram followers",
                baseline=Decimal(1200),
                target=Decimal(5000),
                deadline=dt.date(2027, 6, 30),
                goal_type=GoalType.AWARENESS,
                metrics=[Metric("Instagram followers")],
            )
        ],
        schedule=Schedule(weekday=slot.weekday(), time=slot.time(), timezone="UTC"),
    )


def test_a_tick_stopped_mid_send_finishes_that_send_and_starts_no_other(
    tmp_path: Path, database_url: str
) -> None:
    # The bot's scheduler reads the machine's clock, so the slot is put an hour before it.
    slot = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) - dt.timedelta(hours=1)
    engine = create_engine(database_url)
    sessions = make_session_factory(engine)
    ids = {}
    with sessions.begin() as session:
        for channel, owner in (("C1", "U2"), ("C2", "U3")):
            saved = strategies.save_strategy(session, _due_strategy(channel, owner, slot))
            assert saved.id is not None
            checkin_schedules.set_next_due(session, saved.id, slot)
            ids[owner] = saved.id
    with FakeSlack() as fake:
        for owner in ids:
            fake.add_user(owner, tz="UTC")
        dms_held = fake.hold("chat.postMessage")
        bot = Bot(tmp_path, fake, database_url)
        try:
            fake.wait_held("chat.postMessage", timeout=30)  # the first check-in's DM
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
        assert len(posts) == 1, fake.summary()
        with sessions.begin() as session:
            opened = {o: checkin_claims.open_checkin(session, i) for o, i in ids.items()}
        engine.dispose()
        sent = [o for o, c in opened.items() if c is not None and c.status is CheckinStatus.SENT]
        assert sent == [next(o for o in ids if posts[0].params["channel"] == fake.dm_channel(o))]


def _socket_bot(tmp_path: Path, fake: FakeSlack, socket_mode: FakeSocketMode, url: str) -> Bot:
    fake.on("apps.connections.open", socket_mode.connections_open)
    return Bot(tmp_path, fake, url, SLACK_APP_TOKEN="xapp-test-token")


def _mention(channel: str) -> dict:
    ts = f"{int(time.time())}.{abs(hash(channel)) % 1_000_000:06d}"
    event = {
        "type": "app_mention",
        "user": "U1",
        "text": "<@UBOT> hello",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "channel_type": "channel",
    }
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "api_app_id": "A111",
        "event": event,
        "type": "event_callback",
        "event_id": f"Ev{channel}",
        "event_time": int(time.time()),
        "authorizations": [
            {"team_id": TEAM, "user_id": "UBOT", "is_bot": True, "is_enterprise_install": False}
        ],
    }


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_socket_mode_stop_acks_every_envelope_and_finishes_the_listeners(
    tmp_path: Path, database_url: str
) -> None:
    with FakeSlack() as fake, FakeSocketMode() as socket_mode:
        bot = _socket_bot(tmp_path, fake, socket_mode, database_url)
        try:
            socket_mode.wait_connected()
            cards_held = fake.hold("chat.postMessage")
            notes_held = fake.hold("chat.postEphemeral")
            started = ["C1", "C2", "C3"]
            envelopes = []  # one after the other: see the HTTP test above
            for count, channel in enumerate(started, start=1):
                envelopes.append(socket_mode.slash_command(_command_fields(fake, channel)))
                fake.wait_held("chat.postMessage", count=count, timeout=15)
            for count, channel in enumerate(["C4", "C5"], start=1):
                envelopes.append(socket_mode.event(_mention(channel)))
                fake.wait_held("chat.postEphemeral", count=count, timeout=15)
            socket_mode.wait_acked(envelopes)

            bot.send(signal.SIGTERM)
            bot.wait_line("Socket Mode: taking no new envelopes")
            too_late = socket_mode.slash_command(_command_fields(fake, "C6"))
            bot.wait_line("left for Slack to redeliver")
            cards_held.set()
            notes_held.set()
            status, seconds = bot.wait_exit()
        finally:
            cards_held.set()
            notes_held.set()
            bot.kill()
        print(f"socket mode: exit {status} after {seconds:.1f} s")
        assert status == 0, bot.log
        assert set(envelopes) <= socket_mode.acked()
        assert too_late not in socket_mode.acked()  # Slack sends it again, elsewhere or later
        assert _cards(database_url, fake, started) == dict.fromkeys(started, True), bot.log
        assert len([c for c in fake.calls("chat.postEphemeral") if not c.failed]) == 2
        assert _cards(database_url, fake, ["C6"]) == {"C6": False}
        socket_mode.wait_disconnected()
        for line in ("every envelope in flight acked", "disconnected", "Stopped cleanly"):
            assert line in bot.log


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

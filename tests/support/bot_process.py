"""The real `strategy-coach run` process for the graceful-stop tests: started with a fake Slack,
its log read line by line, signalled, and what it left in the database and in the fake."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine

from storage import strategies
from storage.db import make_session_factory
from tests.conftest import SIGNING_SECRET, TEAM
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver, fresh_trigger_id

SCRIPT = str(Path(sys.executable).parent / "strategy-coach")
GRACE = 20
EXIT_TIMEOUT = GRACE + 15  # a hung stop fails the test instead of hanging it


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Bot:
    """`strategy-coach run` in a subprocess, its log read line by line as it comes."""

    def __init__(
        self, tmp_path: Path, fake: FakeSlack, database_url: str, *args: str, **env: str
    ) -> None:
        """`args`: more of the command line after `run` (`--no-scheduler`)."""
        self.port = free_port()
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
            [SCRIPT, "run", *args],
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


def command_fields(fake: FakeSlack, channel: str, text: str = "") -> dict[str, str]:
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


def wait_healthy(bot: Bot) -> None:
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


def cards(database_url: str, fake: FakeSlack, channels: list[str]) -> dict[str, bool]:
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

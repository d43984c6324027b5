"""`strategy-coach` as an operator runs it: configuration errors, migrations, the HTTP server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.request import ProxyHandler, build_opener

import pytest
from sqlalchemy import create_engine, inspect

from tests.conftest import SIGNING_SECRET
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver

SCRIPT = str(Path(sys.executable).parent / "strategy-coach")


def _env(tmp_path: Path, **values: str) -> dict[str, str]:
    """A clean environment: nothing from the developer's shell or .env leaks in."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    env.update(values)
    return env


def _run(tmp_path: Path, *args: str, **values: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCRIPT, *args],
        cwd=tmp_path,
        env=_env(tmp_path, **values),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("values", "variable"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "not-a-token"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "  "}, "SLACK_SIGNING_SECRET"),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_APP_TOKEN": "xoxb"},
            "SLACK_APP_TOKEN",
        ),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "PORT": "http"}, "PORT"),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "DATABASE_URL": "nonsense"},
            "DATABASE_URL",
        ),
    ],
)
def test_bad_configuration_is_one_clear_line(
    tmp_path: Path, values: dict[str, str], variable: str
) -> None:
    result = _run(tmp_path, "run", **values)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and variable in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert "xoxb-1" not in result.stderr


def test_env_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-file\n")
    result = _run(tmp_path, "run")
    assert result.returncode == 2 and "SLACK_SIGNING_SECRET" in result.stderr


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'upgrade.db'}"
    result = _run(tmp_path, "db", "upgrade", DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    tables = set(inspect(create_engine(url)).get_table_names())
    assert {"strategies", "goals", "metrics", "conversations", "alembic_version"} <= tables


def test_db_upgrade_defaults_to_sqlite_under_data(tmp_path: Path) -> None:
    result = _run(tmp_path, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "strategy-coach.db").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Lines:
    """A process's output, read as it comes: a test waits for a line instead of sleeping."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        self._stream = process.stdout
        self._lines: list[str] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self._stream:
            with self._changed:
                self._lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._lines.append("")  # end of output
            self._changed.notify_all()

    def wait_for(self, part: str, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(
                lambda: any(part in line for line in self._lines) or "" in self._lines,
                timeout=timeout,
            ) and any(part in line for line in self._lines)

    def text(self, finished: bool = True) -> str:
        if finished:  # the process has ended: read to the end
            self._reader.join(timeout=10)
        with self._changed:
            return "".join(self._lines)


def test_run_serves_http_with_a_production_server(tmp_path: Path) -> None:
    with FakeSlack() as fake:
        port = _free_port()
        process = subprocess.Popen(
            [SCRIPT, "run"],
            cwd=tmp_path,
            env=_env(
                tmp_path,
                SLACK_BOT_TOKEN="xoxb-test-token",
                SLACK_SIGNING_SECRET=SIGNING_SECRET,
                SLACK_API_URL=fake.api_url,
                PORT=str(port),
            ),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        output = _Lines(process)
        try:
            # Said once its socket listens: from then on a connection is accepted.
            serving = f"Serving Slack events on http://0.0.0.0:{port}/"
            assert output.wait_for(serving, timeout=30), output.text(finished=False)
            opener = build_opener(ProxyHandler({}))
            with opener.open(f"http://127.0.0.1:{port}/healthz", timeout=10) as answer:
                assert answer.status == 200
                assert "waitress" in answer.headers.get("Server", "")
            driver = SlackDriver(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET, fake=fake)
            assert driver.command("", channel_id="C7").status == 200
            card = fake.wait_for("chat.postMessage", timeout=10)[0]
            assert card.params["channel"] == "C7"
            assert card.token == "xoxb-test-token"
        finally:
            process.terminate()
            process.wait(timeout=10)
        assert "xoxb-test-token" not in output.text()
        assert (tmp_path / "data" / "strategy-coach.db").exists()


def test_run_with_an_app_token_uses_socket_mode(tmp_path: Path) -> None:
    with FakeSlack() as fake:
        # A socket URL nobody listens on: we only check that Socket Mode is what starts.
        fake.on("apps.connections.open", lambda call: {"ok": True, "url": "ws://127.0.0.1:9/"})
        process = subprocess.Popen(
            [SCRIPT, "run"],
            cwd=tmp_path,
            env=_env(
                tmp_path,
                SLACK_BOT_TOKEN="xoxb-test-token",
                SLACK_SIGNING_SECRET=SIGNING_SECRET,
                SLACK_APP_TOKEN="xapp-test-token",
                SLACK_API_URL=fake.api_url,
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            opened = fake.wait_for("apps.connections.open", timeout=30)[0]
            assert opened.token == "xapp-test-token"
        finally:
            process.terminate()
            process.wait(timeout=10)

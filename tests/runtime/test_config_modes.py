"""Which mode `strategy-coach run` starts in: SLACK_BOT_TOKEN (one workspace) or
SLACK_CLIENT_ID + SLACK_CLIENT_SECRET + SLACK_STATE_SECRET ("Add to Slack", many workspaces).
Both, neither or an incomplete set: one line, exit 2, that says which to choose."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.request import ProxyHandler, build_opener

import pytest

from bot.runtime.config import ConfigError, OAuthConfig, load_config
from tests.conftest import SIGNING_SECRET
from tests.support.fake_slack import FakeSlack

SCRIPT = str(Path(sys.executable).parent / "strategy-coach")
OAUTH = {
    "SLACK_CLIENT_ID": "1111.2222",
    "SLACK_CLIENT_SECRET": "client-secret-value",
    "SLACK_STATE_SECRET": "state-secret-value",
}
SECRETS = ("xoxb-1", "client-secret-value", "state-secret-value")


def run(tmp_path: Path, **values: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    return subprocess.run(
        [SCRIPT, "run"],
        cwd=tmp_path,
        env={**env, "SLACK_SIGNING_SECRET": SIGNING_SECRET, **values},
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert not any(secret in result.stderr for secret in SECRETS)
    return lines[0]


def test_a_bot_token_is_single_workspace_mode() -> None:
    config = load_config({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
    assert config.bot_token == "xoxb-1"
    assert config.oauth is None and not config.multi_workspace


def test_the_three_oauth_variables_are_multi_workspace_mode() -> None:
    config = load_config({**OAUTH, "SLACK_SIGNING_SECRET": "s"})
    assert config.multi_workspace and config.bot_token == ""
    assert config.oauth == OAuthConfig("1111.2222", "client-secret-value", "state-secret-value")
    shown = repr(config) + repr(config.oauth)
    assert "client-secret-value" not in shown and "state-secret-value" not in shown


def test_both_modes_are_refused_naming_the_choice(tmp_path: Path) -> None:
    line = one_line(run(tmp_path, SLACK_BOT_TOKEN="xoxb-1", **OAUTH))
    assert "SLACK_BOT_TOKEN" in line and "SLACK_CLIENT_ID" in line and "choose one" in line


def test_a_bot_token_with_one_oauth_variable_is_both_modes(tmp_path: Path) -> None:
    line = one_line(run(tmp_path, SLACK_BOT_TOKEN="xoxb-1", SLACK_STATE_SECRET="x"))
    assert "SLACK_STATE_SECRET" in line and "choose one" in line


def test_neither_mode_is_refused_naming_both(tmp_path: Path) -> None:
    line = one_line(run(tmp_path))
    assert "SLACK_BOT_TOKEN" in line
    assert all(name in line for name in OAUTH)


@pytest.mark.parametrize("missing", sorted(OAUTH))
def test_a_missing_oauth_variable_is_named(tmp_path: Path, missing: str) -> None:
    values = {name: value for name, value in OAUTH.items() if name != missing}
    line = one_line(run(tmp_path, **values))
    assert line.startswith(f"strategy-coach: {missing} is missing"), line
    assert all(name not in line.split(" is missing")[0] for name in values)


def test_two_missing_oauth_variables_are_both_named() -> None:
    with pytest.raises(ConfigError) as raised:
        load_config({"SLACK_CLIENT_ID": "1.2", "SLACK_SIGNING_SECRET": "s"})
    assert str(raised.value).startswith("SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are missing")


def test_run_in_multi_workspace_mode_serves_the_install_page(tmp_path: Path) -> None:
    """The real `strategy-coach run` with the three variables and no bot token."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with FakeSlack() as fake:
        process = subprocess.Popen(
            [SCRIPT, "run", "--no-scheduler"],
            cwd=tmp_path,
            env={
                **env,
                **OAUTH,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": fake.api_url,
                "PORT": str(port),
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: list[str] = []
        serving = threading.Event()

        def read() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                lines.append(line)
                if "Serving Slack events on http://" in line:
                    serving.set()
            serving.set()  # the process ended

        threading.Thread(target=read, daemon=True).start()
        try:
            assert serving.wait(30) and process.poll() is None, "".join(lines)
            opener = build_opener(ProxyHandler({}))
            with opener.open(f"http://127.0.0.1:{port}/slack/install", timeout=10) as page:
                assert page.status == 200
                assert "Add to Slack" in page.read().decode()
                assert "slack-app-oauth-state=" in page.headers["Set-Cookie"]
        finally:
            process.terminate()
            process.wait(timeout=10)
        assert not any(secret in "".join(lines) for secret in SECRETS)


def test_multi_workspace_mode_in_socket_mode_is_refused(tmp_path: Path) -> None:
    """The install redirects the installer's browser back to this server, which Socket Mode
    doesn't serve: one line saying what to do instead of an app that can't be installed."""
    line = one_line(run(tmp_path, SLACK_APP_TOKEN="xapp-1-A1-2-abc", **OAUTH))
    assert "SLACK_APP_TOKEN" in line and "leave SLACK_APP_TOKEN empty" in line

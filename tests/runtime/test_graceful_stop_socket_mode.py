"""SIGTERM stops `strategy-coach run` in Socket Mode gracefully: every envelope taken is acked,
the listeners finish, new envelopes are left for Slack to send again, exit status 0.

A fake Socket Mode endpoint (tests/support/fake_socket_mode.py) is the WebSocket URL the fake
Slack's `apps.connections.open` hands out; the fake Slack holds the listeners' posts until the
test lets them go.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.conftest import TEAM
from tests.support.bot_process import Bot, cards, command_fields
from tests.support.fake_slack import FakeSlack
from tests.support.fake_socket_mode import FakeSocketMode


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
            envelopes = []  # one after the other: see test_graceful_stop.py
            for count, channel in enumerate(started, start=1):
                envelopes.append(socket_mode.slash_command(command_fields(fake, channel)))
                fake.wait_held("chat.postMessage", count=count, timeout=15)
            for count, channel in enumerate(["C4", "C5"], start=1):
                envelopes.append(socket_mode.event(_mention(channel)))
                fake.wait_held("chat.postEphemeral", count=count, timeout=15)
            socket_mode.wait_acked(envelopes)

            bot.send(signal.SIGTERM)
            bot.wait_line("Socket Mode: taking no new envelopes")
            too_late = socket_mode.slash_command(command_fields(fake, "C6"))
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
        assert cards(database_url, fake, started) == dict.fromkeys(started, True), bot.log
        assert len([c for c in fake.calls("chat.postEphemeral") if not c.failed]) == 2
        assert cards(database_url, fake, ["C6"]) == {"C6": False}
        socket_mode.wait_disconnected()
        for line in ("every envelope in flight acked", "disconnected", "Stopped cleanly"):
            assert line in bot.log

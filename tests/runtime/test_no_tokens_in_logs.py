"""No token and no secret ever appears in the log (issue 11), even at LOG_LEVEL=DEBUG.

slack_sdk logs at DEBUG what it sends and the bodies it gets back, so an install's
`oauth.v2.access` answer (bot, user and refresh tokens) and a refresh (the refresh token sent,
the new tokens answered) are in its DEBUG lines. The process's handler redacts them
(bot/runtime/logs.py); these tests collect every token the fake Slack issued and every secret,
and grep the whole log for them.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.runtime.logs import FORMAT, RedactingFormatter, redact
from storage import strategies
from storage.db import SessionFactory, make_engine, make_session_factory
from tests.conftest import SIGNING_SECRET, TEAM
from tests.support.bot_process import Bot as BotProcess
from tests.support.checkins import live_strategy
from tests.support.fake_slack import FakeSlack
from tests.support.multi_workspace import install
from tests.support.slack_driver import SlackDriver, fresh_ts

STATE_SECRET = "state-secret-for-the-log-test"


def _leaks(log: str, secrets: list[str]) -> list[str]:
    return [secret for secret in secrets if secret in log]


def _issued(fake: FakeSlack) -> list[str]:
    """Every token the fake handed out through `oauth.v2.access` (installs and refreshes), and
    every refresh token sent to it."""
    found: list[str] = []
    for call in fake.calls("oauth.v2.access"):
        answer = call.response if isinstance(call.response, dict) else {}
        user = answer.get("authed_user") or {}
        for value in (
            answer.get("access_token"),
            answer.get("refresh_token"),
            user.get("access_token"),
            user.get("refresh_token"),
            call.params.get("refresh_token"),
        ):
            if isinstance(value, str) and value:
                found.append(value)
    return found


@pytest.fixture
def debug_log(caplog: pytest.LogCaptureFixture) -> Iterator[io.StringIO]:
    """The root logger at DEBUG through the process's redacting formatter (and pytest's own
    capture, unredacted, in `caplog`)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter(FORMAT, [SIGNING_SECRET, STATE_SECRET]))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def test_install_refresh_and_refused_token_leave_no_token_in_the_log(
    debug_log: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    with FakeSlack() as fake:
        # An install: the code exchanged as Bolt's OAuthFlow does it (token-less client).
        fake.oauth_code(
            "c1", team_id="T222", user_id="U9", rotation=True, user_scopes=["chat:write"]
        )
        client = WebClient(base_url=fake.api_url)
        answer = client.oauth_v2_access(
            client_id=fake.client_id, client_secret=fake.client_secret, code="c1"
        )
        issued = [
            answer["access_token"],
            answer["refresh_token"],
            answer["authed_user"]["access_token"],
            answer["authed_user"]["refresh_token"],
        ]
        # A command's and a check-in's calls with the bot token.
        bot = WebClient(token=answer["access_token"], base_url=fake.api_url)
        bot.auth_test()
        bot.chat_postMessage(channel="D9", text="This week's numbers?")
        # The token expires; slack_sdk's TokenRotator refreshes it as Bolt and our tokens do.
        fake.expire(answer["access_token"])
        rotator = TokenRotator(
            client_id=fake.client_id, client_secret=fake.client_secret, client=client
        )
        stored = Bot(
            app_id=answer["app_id"],
            team_id="T222",
            bot_token=answer["access_token"],
            bot_refresh_token=answer["refresh_token"],
            bot_token_expires_at=int(dt.datetime(2026, 1, 1, tzinfo=dt.UTC).timestamp()),
            bot_id="B222",
            bot_user_id=answer["bot_user_id"],
            installed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC).timestamp(),
        )
        refreshed = rotator.perform_bot_token_rotation(bot=stored, minutes_before_expiration=60)
        assert refreshed is not None and refreshed.bot_token != answer["access_token"]
        issued += [refreshed.bot_token, refreshed.bot_refresh_token or ""]
        # A refused token, logged the way a failing call is logged.
        fake.revoke(refreshed.bot_token)
        with pytest.raises(SlackApiError) as refused:
            WebClient(token=refreshed.bot_token, base_url=fake.api_url).chat_postMessage(
                channel="D9", text="?"
            )
        logging.getLogger("bot.test").warning("Slack refused: %s", refused.value)
        secrets = [*issued, fake.client_secret, SIGNING_SECRET, STATE_SECRET]

    # slack_sdk does put them in its DEBUG lines: without the redaction they leak.
    assert _leaks(caplog.text, issued), "slack_sdk no longer logs tokens: revisit logs.py"
    log = debug_log.getvalue()
    assert "oauth.v2.access" in log and "Received the following response" in log
    assert _leaks(log, secrets) == []


def test_redact_blanks_every_slack_token_shape_and_the_secrets() -> None:
    line = (
        "xoxb-1-abc xoxp-2-def xoxe.xoxb-1-3-ghi xoxe-1-4-jkl xapp-1-A1-mno "
        "client_secret=s3cret-value; ok"
    )
    assert redact(line, ["s3cret-value"]) == (
        "(redacted) (redacted) (redacted) (redacted) (redacted) client_secret=(redacted); ok"
    )
    assert redact("xoxo means hugs; a mailbox-token") == "xoxo means hugs; a mailbox-token"


def _checkin_sent(
    driver: SlackDriver, fake: FakeSlack, sessions: SessionFactory, team: str
) -> None:
    """A live strategy in `team` (saved by the product's storage code) whose owner asks for the
    check-in with `/strategy checkin`, and gets it."""
    strategy = live_strategy("C7", "U7", goals=1, deadline=dt.date(2030, 6, 30))
    strategy.team_id = team
    strategy.thread_ts = strategy.card_ts = fresh_ts()
    with sessions.begin() as session:
        strategies.save_strategy(session, strategy)
    fake.add_user("U7", tz="Europe/Oslo")
    assert driver.command("checkin", user_id="U7", channel_id="C7").status == 200
    fake.wait_for(
        "chat.postMessage",
        timeout=15,
        where=lambda c: c.params.get("channel") in (fake.dm_channel("U7"), "U7"),
    )


def _stop(bot: BotProcess) -> None:
    if bot.process.poll() is None:
        bot.send(signal.SIGTERM)
        bot.wait_exit()
    bot.kill()


def test_the_real_process_at_debug_logs_no_token(database_url: str, tmp_path: Path) -> None:
    """`strategy-coach run` at LOG_LEVEL=DEBUG: a command, a check-in and a refused token."""
    sessions = make_session_factory(make_engine(database_url))
    with FakeSlack() as fake:
        bot = BotProcess(tmp_path, fake, database_url, LOG_LEVEL="DEBUG")
        try:
            bot.wait_line("Serving Slack events on")
            driver = SlackDriver(
                f"http://127.0.0.1:{bot.port}/slack/events", SIGNING_SECRET, team_id=TEAM, fake=fake
            )
            assert driver.command("help").status == 200
            _checkin_sent(driver, fake, sessions, TEAM)
            fake.error("*", "invalid_auth", times=5)
            assert driver.command("status", channel_id="C7").status == 200
            bot.wait_line("marked uninstalled (invalid_auth)")
        finally:
            _stop(bot)
            sessions.kw["bind"].dispose()
    log = bot.log
    assert "DEBUG slack_sdk" in log  # the Slack calls were logged in full
    assert _leaks(log, ["xoxb-test-token", SIGNING_SECRET]) == []


@dataclass
class _Process:
    """What the install helpers need of a running app: its events URL and the fake."""

    url: str
    slack: FakeSlack


def test_the_real_process_in_multi_workspace_mode_logs_no_token(
    database_url: str, tmp_path: Path
) -> None:
    """ "Add to Slack" at LOG_LEVEL=DEBUG: an install with token rotation (bot, user and refresh
    tokens, the bot token about to expire: refreshed), a command, a check-in, a refused token."""
    sessions = make_session_factory(make_engine(database_url))
    with FakeSlack() as fake:
        bot = BotProcess(
            tmp_path,
            fake,
            database_url,
            LOG_LEVEL="DEBUG",
            SLACK_BOT_TOKEN="",
            SLACK_CLIENT_ID=fake.client_id,
            SLACK_CLIENT_SECRET=fake.client_secret,
            SLACK_STATE_SECRET=STATE_SECRET,
        )
        try:
            bot.wait_line("Serving Slack events on")
            events = f"http://127.0.0.1:{bot.port}/slack/events"
            front = _Process(events, fake)
            answer = install(
                front, "T222", "U9", rotation=True, user_scopes=["chat:write"], expires_in=60
            )  # type: ignore[arg-type]
            assert answer.status == 200, answer.body
            first = fake.bot_token("T222")
            driver = SlackDriver(
                events, SIGNING_SECRET, team_id="T222", fake=fake, bot_user_id="T222BOT"
            )
            assert driver.command("help").status == 200
            _checkin_sent(driver, fake, sessions, "T222")
            second = fake.bot_token("T222")
            assert second != first
            fake.error("*", "invalid_auth", times=3)  # the token refused for a while
            assert driver.command("status", channel_id="C7").status == 200
            bot.wait_line("invalid_auth")
        finally:
            _stop(bot)
            sessions.kw["bind"].dispose()
        issued = _issued(fake)
    log = bot.log
    assert "oauth.v2.access" in log and "DEBUG slack_sdk" in log
    # The install's bot, user and two refresh tokens, the refresh's bot and refresh token.
    assert {first, second} <= set(issued) and len(set(issued)) >= 6, issued
    assert _leaks(log, [*issued, fake.client_secret, SIGNING_SECRET, STATE_SECRET]) == []

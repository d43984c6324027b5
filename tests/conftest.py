"""Shared fixtures: real databases through the migrations, a fake Slack, the real app over HTTP."""

from __future__ import annotations

import datetime as dt
import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import waitress
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.runtime.app import create_app
from bot.runtime.config import Config
from bot.runtime.server import wsgi_app
from storage.db import SessionFactory, make_engine, make_session_factory, upgrade
from tests.support.clock import Clock
from tests.support.fake_slack import FakeSlack
from tests.support.pool import DrainablePool
from tests.support.slack_driver import SlackDriver

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TEAM = "T111"
TODAY = dt.date(2026, 11, 27)
# The app's clock in every test: a Friday at noon UTC (`today` is its date). Tests move it with
# `running_app.clock.advance(...)`; nothing in the app under test reads the machine's clock.
NOW = dt.datetime.combine(TODAY, dt.time(12, 0), dt.UTC)


def _postgres_server_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        return None
    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception:
        return None
    return url


_POSTGRES = _postgres_server_url()


def _skip_or_fail_without_postgres() -> None:
    reason = "PostgreSQL not reachable: set TEST_DATABASE_URL (see README) to run these"
    if os.environ.get("CI_REQUIRE_POSTGRES"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A fresh, migrated database of each kind."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'strategy-coach.db'}"
        upgrade(url)
        yield url
        return
    if _POSTGRES is None:
        _skip_or_fail_without_postgres()
    assert _POSTGRES is not None
    server = make_url(_POSTGRES)
    name = f"sc_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'strategy-coach.db'}"
    upgrade(url)
    return url


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@dataclass
class RunningApp:
    url: str
    sessions: SessionFactory
    slack: FakeSlack
    driver: SlackDriver
    database_url: str
    stop: object
    clock: Clock
    charts: DrainablePool

    def settle(self) -> None:
        """Wait for the work the app does after its HTTP reply: the status charts. (Every
        listener has finished when its reply comes: the test app answers after the listener.)"""
        self.charts.drain()


def start_app(database_url: str, fake: FakeSlack, config: Config | None = None) -> RunningApp:
    """The app as `strategy-coach run` serves it: the same factory behind waitress; `config`
    for another mode (default: one workspace, the test bot token)."""
    if config is None:
        config = Config(
            bot_token="xoxb-test-token",
            signing_secret=SIGNING_SECRET,
            database_url=database_url,
            api_url=fake.api_url,
        )
    sessions = make_session_factory(make_engine(database_url))
    clock = Clock(NOW)
    charts = DrainablePool()
    # The HTTP reply comes after the listener has finished, so a test can check what happened
    # (or that nothing did) as soon as it has its reply, without waiting a fixed time.
    app = create_app(
        config,
        sessions,
        today=clock.today,
        now=clock.now,
        process_before_response=True,
        charts=charts,
    )
    server = waitress.create_server(wsgi_app(app, sessions), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.effective_port}/slack/events"

    def stop() -> None:
        # Closed from the server's own loop thread, so its select() never meets a socket
        # closed under it ("Bad file descriptor" in the server thread otherwise).
        try:
            server.trigger.pull_trigger(server.close)
        except OSError:  # the loop's own trigger is already closed: nothing left to race
            server.close()
        thread.join(timeout=5)
        server.task_dispatcher.shutdown()
        charts.shutdown(wait=True)
        sessions.kw["bind"].dispose()

    return RunningApp(
        url=url,
        sessions=sessions,
        slack=fake,
        driver=SlackDriver(url, SIGNING_SECRET, team_id=TEAM, fake=fake, clock=clock.now),
        database_url=database_url,
        stop=stop,
        clock=clock,
        charts=charts,
    )


@pytest.fixture
def running_app(database_url: str, fake_slack: FakeSlack) -> Iterator[RunningApp]:
    running = start_app(database_url, fake_slack)
    yield running
    running.stop()  # type: ignore[operator]


@pytest.fixture
def sqlite_app(sqlite_url: str, fake_slack: FakeSlack) -> Iterator[RunningApp]:
    """For tests where the database kind does not matter; the dialogue runs on both."""
    running = start_app(sqlite_url, fake_slack)
    yield running
    running.stop()  # type: ignore[operator]

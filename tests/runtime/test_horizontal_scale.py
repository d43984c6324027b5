"""Several processes on one PostgreSQL (issue 11, README "Running several processes"): two
`strategy-coach run --no-scheduler` web processes behind a "load balancer" (each request to the
other one in turn) and two `strategy-coach run` processes with the scheduler.

A strategy is built through its thread with the replies spread across both web processes; then
check-ins fall due and both schedulers start ticking at once: each check-in goes out exactly
once. In single-workspace mode (SLACK_BOT_TOKEN) and in multi-workspace mode ("Add to Slack",
the workspace installed through one web process first). The processes read the machine's clock,
so the check-ins are made due a minute before it; "nothing more was sent" is checked after every
process has stopped (SIGTERM lets each finish what it started).
"""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.domain.model import Status
from storage import checkin_schedules, strategies
from storage.db import SessionFactory, make_engine, make_session_factory
from tests.conftest import SIGNING_SECRET, TEAM
from tests.support.bot_process import Bot
from tests.support.checkins import live_strategy
from tests.support.dialogue import Thread
from tests.support.fake_slack import FakeSlack
from tests.support.multi_workspace import STATE_SECRET, install
from tests.support.slack_driver import SlackDriver, fresh_ts

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
OWNERS = [f"U0OWN{n}" for n in range(6)]  # owners of saved strategies, besides the built one's


class LoadBalancer:
    """A SlackDriver that sends each request to the next process in turn."""

    def __init__(self, drivers: list[SlackDriver]) -> None:
        self.drivers = drivers
        self.sent = [0] * len(drivers)

    def __getattr__(self, name: str) -> Any:
        index = sum(self.sent) % len(self.drivers)
        self.sent[index] += 1
        return getattr(self.drivers[index], name)


@dataclass
class Front:
    """What `Thread` needs of a running app: a driver, the fake, the database."""

    driver: Any
    slack: FakeSlack
    sessions: SessionFactory


@dataclass
class _Process:
    """What the install helper needs of a running app: its events URL and the fake."""

    url: str
    slack: FakeSlack


def _mode_env(mode: str, fake: FakeSlack) -> dict[str, str]:
    if mode == "single":
        return {}
    return {
        "SLACK_BOT_TOKEN": "",
        "SLACK_CLIENT_ID": fake.client_id,
        "SLACK_CLIENT_SECRET": fake.client_secret,
        "SLACK_STATE_SECRET": STATE_SECRET,
    }


@pytest.fixture
def sessions(database_url: str) -> Iterator[SessionFactory]:
    factory = make_session_factory(make_engine(database_url))
    yield factory
    factory.kw["bind"].dispose()


def _stop(bots: list[Bot]) -> list[int]:
    """SIGTERM to every process still running; their exit statuses once all have exited."""
    for bot in bots:
        if bot.process.poll() is None:
            bot.send(signal.SIGTERM)
    statuses = []
    for bot in bots:
        statuses.append(bot.wait_exit()[0] if bot.signalled_at else bot.process.returncode)
        bot.kill()
    return statuses


def _checkin_dms(fake: FakeSlack, owner: str) -> list[str]:
    dm = fake.dm_channel(owner)
    return [
        str(call.response["ts"])
        for call in fake.calls("chat.postMessage")
        if call.params.get("channel") in (dm, owner)  # Slack answers with the DM
        and not call.params.get("thread_ts")
        and isinstance(call.response, dict)
        and call.response.get("ok")
    ]


@pytest.mark.parametrize("mode", ["single", "multi"])
def test_two_web_processes_and_two_schedulers_on_one_database(
    mode: str, database_url: str, sessions: SessionFactory, tmp_path: Path
) -> None:
    with FakeSlack() as fake:
        fake.add_user("U1", tz="Europe/Oslo")
        fake.add_user("U2", tz="America/Los_Angeles")
        env = _mode_env(mode, fake)
        web = [Bot(tmp_path, fake, database_url, "--no-scheduler", **env) for _ in range(2)]
        schedulers: list[Bot] = []
        try:
            for bot in web:
                bot.wait_line("Serving Slack events on")
            if mode == "multi":
                front = _Process(f"http://127.0.0.1:{web[1].port}/slack/events", fake)
                assert install(front, TEAM, "U1").status == 200  # type: ignore[arg-type]
            balancer = LoadBalancer(
                [
                    SlackDriver(
                        f"http://127.0.0.1:{bot.port}/slack/events",
                        SIGNING_SECRET,
                        team_id=TEAM,
                        fake=fake,
                    )
                    for bot in web
                ]
            )
            thread = Thread(Front(balancer, fake, sessions))  # type: ignore[arg-type]
            thread.start()
            thread.say("5000 Instagram followers by 30 June 2030, we have 1200 today")
            thread.say("done")
            thread.say("We show the people behind the brand and answer customers fast.")
            thread.say("ok")
            reply = thread.say("<@U2> Tuesdays at 10:00")
            assert "Step 5 of 5" in reply
            thread.say("A look behind the scenes every Friday\nTips from our experts", posts=2)
            built = thread.stored()
            assert built.status is Status.LIVE and built.owner_id == "U2"
            assert min(balancer.sent) >= 3  # both web processes answered in the thread

            # Due a minute ago: the built strategy's check-in and six more.
            due = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
            with sessions.begin() as session:
                for index, owner in enumerate(OWNERS):
                    saved = live_strategy(
                        f"C0{index}", owner, goals=1, deadline=dt.date(2030, 6, 30)
                    )
                    saved.thread_ts = saved.card_ts = fresh_ts()
                    strategies.save_strategy(session, saved)
                    fake.add_user(owner, tz="Europe/Oslo")
                    assert saved.id is not None
                    checkin_schedules.set_next_due(session, saved.id, due)
                assert built.id is not None
                checkin_schedules.set_next_due(session, built.id, due)
            schedulers = [Bot(tmp_path, fake, database_url, **env) for _ in range(2)]
            everyone = ["U2", *OWNERS]
            dms = {*everyone, *(fake.dm_channel(owner) for owner in everyone)}
            fake.wait_for(
                "chat.postMessage",
                timeout=20,
                count=len(everyone),
                where=lambda c: c.params.get("channel") in dms and not c.params.get("thread_ts"),
            )
            for bot in schedulers:  # both started, so both ticked (the first tick is at start)
                bot.wait_line("Serving Slack events on")
        finally:
            statuses = _stop(web + schedulers)
        assert statuses == [0, 0, 0, 0], [bot.log[-2000:] for bot in web + schedulers]
        # Every process has finished what it started: nothing more can be sent.
        sent = {owner: len(_checkin_dms(fake, owner)) for owner in everyone}
        assert sent == dict.fromkeys(everyone, 1), fake.summary()
        if mode == "multi":  # every call with the installed workspace's own token
            calls = [c for c in fake.calls() if c.method not in ("oauth.v2.access", "response_url")]
            assert {fake.team_of_call(c) for c in calls} == {TEAM}, fake.summary()

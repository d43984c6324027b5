"""Check-ins under load and under any answer: two scheduler processes, 200 owners, one DM each;
and whatever an owner types, nothing escapes and nothing saved is lost."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from storage import reports
from storage.models import CheckinRow, ReportRow
from tests.conftest import RunningApp
from tests.support.checkins import SLOTS, checkin_sent, live, sender

ROOT = Path(__file__).resolve().parents[2]

TICK = """
import datetime as dt, sys
from bot.runtime.app import make_sender
from bot.runtime.config import Config
from storage.db import make_engine, make_session_factory
config = Config(bot_token="xoxb-test-token", signing_secret="s", database_url=sys.argv[1],
                api_url=sys.argv[2])
slot = dt.datetime.fromisoformat(sys.argv[3])
sessions = make_session_factory(make_engine(config.database_url))
weekly = make_sender(config, sessions, lambda: slot)  # the clock stands at the slot
start = float(sys.argv[4])
while __import__("time").time() < start:  # both processes tick at the same moment
    pass
print(weekly.tick(slot))
"""


def test_two_scheduler_processes_200_owners_one_dm_each(running_app: RunningApp) -> None:
    if running_app.database_url.startswith("sqlite"):
        pytest.skip("the two-process race is the PostgreSQL deployment; SQLite runs one process")
    slot = SLOTS["Europe/Oslo"][0]
    owners = [f"U{n:04d}" for n in range(200)]
    weekly = sender(running_app)
    for n, owner in enumerate(owners):
        strategy = live(running_app, channel=f"C{n:04d}", owner=owner)
        weekly.schedule(strategy, slot - dt.timedelta(days=1))
    start = time.time() + 3
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                TICK,
                running_app.database_url,
                running_app.slack.api_url,
                slot.isoformat(),
                str(start),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [process.communicate(timeout=180) for process in processes]
    for process, (_, errors) in zip(processes, results, strict=True):
        assert process.returncode == 0, errors
    sent = [int(out.strip().splitlines()[-1]) for out, _ in results]
    assert sum(sent) == 200
    dms = Counter(
        call.response["channel"]
        for call in running_app.slack.calls("chat.postMessage")
        if isinstance(call.response, dict)
        and call.response.get("ok")
        and str(call.response.get("channel", "")).startswith("D")
    )
    assert len(dms) == 200 and set(dms.values()) == {1}
    with running_app.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(CheckinRow)) == 200


report_text = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.sampled_from(
            [
                "followers",
                "cost per lead",
                "sign-ups",
                "4350",
                "1 900",
                "1.234",
                "12,5",
                "kr",
                "%",
                ",",
                "\n",
                "skip",
                "<@U2>",
                "<!channel>",
                "uke 48",
                "2026-11-23",
                "-",
                "5k",
            ]
        ),
        max_size=10,
    ).map(" ".join),
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(report_text, min_size=1, max_size=3))
def test_any_report_text_keeps_what_was_saved(sqlite_app: RunningApp, texts: list[str]) -> None:
    with sqlite_app.sessions.begin() as session:
        existing = session.scalars(select(CheckinRow)).first()
    if existing is None:
        checkin_sent(sqlite_app)
        sqlite_app.driver.dm(
            "followers 1900, cost per lead 220, sign-ups 14",
            user_id="U2",
            channel_id="D2",
            thread_ts=_thread(sqlite_app),
        )
        assert _report_count(sqlite_app) == 3  # saved before the HTTP reply came back
    thread_ts = _thread(sqlite_app)
    for text in texts:
        before = _latest(sqlite_app)
        replies = len(sqlite_app.slack.calls("chat.postMessage"))
        reply = sqlite_app.driver.dm(text, user_id="U2", channel_id="D2", thread_ts=thread_ts)
        assert reply.status == 200
        sqlite_app.slack.wait_for("chat.postMessage", count=replies + 1, timeout=10)
        after = _latest(sqlite_app)
        # Every metric that had a value still has one: a reply can correct, never erase.
        assert set(before) <= set(after)
    for call in sqlite_app.slack.calls("chat.postMessage"):
        assert isinstance(call.response, dict) and call.response.get("ok"), call.response


def _thread(app: RunningApp) -> str:
    with app.sessions.begin() as session:
        return session.scalars(select(CheckinRow.message_ts)).first()


def _latest(app: RunningApp) -> dict[int, object]:
    with app.sessions.begin() as session:
        strategy_id = session.scalars(select(CheckinRow.strategy_id)).first()
        return {r.metric_id: r.value for r in reports.reports_for_strategy(session, strategy_id)}


def _report_count(app: RunningApp) -> int:
    with app.sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(ReportRow)) or 0

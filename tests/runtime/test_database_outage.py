"""The database goes away for a few seconds under the real `strategy-coach run`, on PostgreSQL.

A TCP proxy of our own (`tests/support/pg_proxy.py`) stands between the process and PostgreSQL
and is cut while people answer in strategy threads and check-in DMs and type `/strategy`.
The test plays Slack: an event answered with anything but 2xx is sent again with
`X-Slack-Retry-Num` (at once, then later: Slack's 1 and 5 minutes, squeezed into seconds).
After recovery every answer has been processed exactly once, commands were told to try again,
and nothing answered 5xx but the events Slack was asked to send again.
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.domain.model import Strategy
from storage import strategies
from storage.db import SessionFactory, make_engine, make_session_factory
from storage.models import ProcessedMessage, ReportRow
from tests.conftest import SIGNING_SECRET, TEAM
from tests.support.bot_process import Bot
from tests.support.checkins import live_strategy
from tests.support.fake_slack import Call, FakeSlack
from tests.support.pg_proxy import PgProxy
from tests.support.slack_driver import Reply, SlackDriver, fresh_ts

UNREACHABLE = "The coach can't reach its database right now; try again in a minute."
UNREACHABLE_NB = "Coachen får ikke kontakt med databasen sin akkurat nå; prøv igjen om et minutt."
# When Slack sends a refused event again: at once, "after 1 minute", "after 5 minutes".
RETRY_AFTER = (0.0, 2.0, 5.0)
OUTAGE_SECONDS = 3.0

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


@dataclass
class Running:
    bot: Bot
    driver: SlackDriver
    fake: FakeSlack
    sessions: SessionFactory
    proxy: PgProxy

    def stop(self) -> str:
        """SIGTERM, wait for the exit: every listener has finished; the process's log."""
        if self.bot.process.poll() is None:
            self.bot.send(signal.SIGTERM)
            self.bot.wait_exit()
        return self.bot.log


@pytest.fixture
def running(database_url: str, tmp_path: Path) -> Iterator[Running]:
    """`strategy-coach run` over HTTP, its database behind the proxy, Slack faked."""
    database = make_url(database_url).database
    assert database
    sessions = make_session_factory(make_engine(database_url))  # the test's own, direct
    with FakeSlack() as fake, PgProxy() as proxy:
        bot = Bot(tmp_path, fake, proxy.url(database), LOG_LEVEL="INFO")
        driver = SlackDriver(
            f"http://127.0.0.1:{bot.port}/slack/events", SIGNING_SECRET, team_id=TEAM, fake=fake
        )
        app = Running(bot, driver, fake, sessions, proxy)
        try:
            bot.wait_line("Serving Slack events on")
            yield app
        finally:
            app.stop()
            bot.kill()
            sessions.kw["bind"].dispose()


# --- the people ------------------------------------------------------------------------------


def _thread_posts(fake: FakeSlack, channel: str, thread_ts: str) -> list[Call]:
    return [
        call
        for call in fake.calls("chat.postMessage")
        if call.params.get("channel") == channel
        and call.params.get("thread_ts") == thread_ts
        and isinstance(call.response, dict)
        and call.response.get("ok")
    ]


def _start_strategy(app: Running, channel: str) -> str:
    """`/strategy` in `channel`: the card's ts (the thread), once the first question is in it."""
    reply = app.driver.command("", user_id="U1", channel_id=channel)
    assert reply.status == 200, reply.body
    card = app.fake.wait_for(
        "chat.postMessage",
        timeout=15,
        where=lambda c: (
            c.params.get("channel") == channel
            and not c.params.get("thread_ts")
            and bool(c.response and c.response.get("ok"))
        ),
    )[-1]
    thread_ts = str(card.response["ts"])
    app.fake.wait_for(
        "chat.postMessage",
        timeout=15,
        where=lambda c: (
            c.params.get("channel") == channel and c.params.get("thread_ts") == thread_ts
        ),
    )
    return thread_ts


def _live_strategy(app: Running, channel: str, owner: str) -> Strategy:
    """A live strategy, saved by the product's own storage code, with `owner` reporting."""
    # The process under test reads the machine's clock: a deadline years away stays ahead.
    strategy = live_strategy(
        channel, owner, goals=1, deadline=dt.date(2030, 6, 30), started_by=owner
    )
    strategy.thread_ts = strategy.card_ts = fresh_ts()
    with app.sessions.begin() as session:
        strategies.save_strategy(session, strategy)
    app.fake.add_user(owner, tz="Europe/Oslo")
    return strategy


def _checkin_dm(app: Running, channel: str, owner: str) -> tuple[str, str]:
    """`/strategy checkin` by the owner: the check-in DM's channel and ts."""
    dm_channel = app.fake.dm_channel(owner)
    reply = app.driver.command("checkin", user_id=owner, channel_id=channel)
    assert reply.status == 200, reply.body
    dm = app.fake.wait_for(
        "chat.postMessage",
        timeout=15,
        where=lambda c: (
            c.params.get("channel") in (dm_channel, owner)  # Slack answers with the DM
            and not c.params.get("thread_ts")
            and bool(c.response and c.response.get("ok"))
        ),
    )[-1]
    return dm_channel, str(dm.response["ts"])


@dataclass
class Answer:
    """One message a person sends, delivered the way Slack delivers it."""

    channel: str
    thread_ts: str
    text: str
    user: str
    dm: bool
    ts: str = field(default_factory=fresh_ts)
    event_id: str = field(default_factory=lambda: f"Ev{fresh_ts().replace('.', '')}")
    statuses: list[int] = field(default_factory=list)

    def send(self, driver: SlackDriver, retry_num: int | None) -> Reply:
        return driver.thread_reply(
            self.text,
            user_id=self.user,
            channel_id=self.channel,
            thread_ts=self.thread_ts,
            ts=self.ts,
            channel_type="im" if self.dm else "channel",
            event_id=self.event_id,
            retry_num=retry_num,
        )


def _deliver_like_slack(driver: SlackDriver, answer: Answer) -> None:
    """Send; on anything but 2xx send the same event again with `X-Slack-Retry-Num`."""
    started = time.monotonic()
    for attempt, after in enumerate((0.0, *RETRY_AFTER)):
        time.sleep(max(0.0, started + after - time.monotonic()))
        reply = answer.send(driver, attempt or None)
        answer.statuses.append(reply.status)
        if 200 <= reply.status < 300:
            return


def _at(offset: float, start: float, work: Callable[[], None]) -> threading.Thread:
    def run() -> None:
        time.sleep(max(0.0, start + offset - time.monotonic()))
        work()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


# --- the outage ------------------------------------------------------------------------------


def test_every_answer_sent_around_an_outage_is_processed_exactly_once(running: Running) -> None:
    app = running
    threads = {f"C{n}": _start_strategy(app, f"C{n}") for n in range(10, 22)}
    checkins = {}
    for n in range(50, 54):
        strategy = _live_strategy(app, f"C{n}", f"U{n}")
        checkins[strategy.channel_id] = (f"U{n}", *_checkin_dm(app, strategy.channel_id, f"U{n}"))
    thread_answers = [
        Answer(channel, thread_ts, "More Instagram followers", "U1", dm=False)
        for channel, thread_ts in threads.items()
    ]
    dm_answers = [
        Answer(dm_channel, dm_ts, "Instagram followers 1500", owner, dm=True)
        for owner, dm_channel, dm_ts in checkins.values()
    ]
    answers = thread_answers + dm_answers
    with app.sessions.begin() as session:
        step_before = strategies.strategy_in_channel(session, TEAM, "C11").conversation.step
    posts_before = {
        a.channel: len(_thread_posts(app.fake, a.channel, a.thread_ts)) for a in answers
    }

    # The outage starts in the middle of the first answer's transaction (acked, being saved),
    # and people keep answering until after the database is back.
    app.proxy.cut_on(b"INSERT INTO processed_messages")
    start = time.monotonic()
    span = OUTAGE_SECONDS + 1.0
    senders = [
        _at(span * i / len(answers), start, lambda a=a: _deliver_like_slack(app.driver, a))
        for i, a in enumerate(answers)
    ]
    commands: dict[str, Reply] = {}
    buttons: dict[str, Reply] = {}

    def during_the_outage() -> None:
        commands["start"] = app.driver.command("", user_id="U1", channel_id="C90")
        commands["help"] = app.driver.command("help", user_id="U1", channel_id="C10")
        buttons["nb"] = app.driver.block_action(
            "skip",
            channel_id="C11",
            thread_ts=threads["C11"],
            user={"id": "U1", "team_id": TEAM, "locale": "nb-NO"},
        )

    assert app.proxy.cut_happened.wait(timeout=10)
    cut_at = time.monotonic()
    assert app.proxy.open_connections == 0  # every connection the process had is gone
    _at(1.0, cut_at, during_the_outage).join()
    _at(OUTAGE_SECONDS, cut_at, app.proxy.restore).join()
    for sender in senders:
        sender.join(timeout=30)

    # Every answer is answered: one coach post per answer in its thread, and saved once.
    for answer in answers:
        app.fake.wait_for(
            "chat.postMessage",
            count=posts_before[answer.channel] + 1,
            timeout=40,
            where=lambda c, a=answer: (
                c.params.get("channel") == a.channel
                and c.params.get("thread_ts") == a.thread_ts
                and bool(c.response and c.response.get("ok"))
            ),
        )
    log = app.stop()  # SIGTERM: in-flight listeners finish; nothing can come after this

    refused = [a for a in answers if 503 in a.statuses]
    processed = duplicates = 0
    with app.sessions.begin() as session:
        for answer in answers:
            claims = session.scalar(
                select(func.count())
                .select_from(ProcessedMessage)
                .where(
                    ProcessedMessage.channel_id == answer.channel,
                    ProcessedMessage.message_ts == answer.ts,
                )
            )
            posts = len(_thread_posts(app.fake, answer.channel, answer.thread_ts))
            processed += claims == 1 and posts == posts_before[answer.channel] + 1
            duplicates += (posts > posts_before[answer.channel] + 1) + max(0, claims - 1)
        reports = session.scalar(select(func.count()).select_from(ReportRow))
    rode_out = log.count("Database unreachable during thread_message") and log.count("(attempt 1)")
    print(
        f"\nanswers processed after the outage: {processed} of {len(answers)} "
        f"({len(refused)} refused with 503 and sent again by Slack, {rode_out} acked and "
        f"retried in the listener), duplicates {duplicates}"
    )
    assert refused, "the outage must have refused some answers, or it tested nothing"
    assert (processed, duplicates) == (len(answers), 0)
    assert reports == len(dm_answers)  # one report per check-in answer, none twice
    for answer in answers:
        assert set(answer.statuses) <= {200, 503}, answer
        assert answer.statuses[-1] == 200, answer

    # Commands and buttons during the outage were told, in the person's language if known.
    for reply in commands.values():
        assert reply.status == 200
        assert reply.json() == {"response_type": "ephemeral", "text": UNREACHABLE}
    assert buttons["nb"].status == 200
    told = [c for c in app.fake.calls("response_url") if c.params.get("text") == UNREACHABLE_NB]
    assert len(told) == 1 and told[0].params.get("response_type") == "ephemeral"
    with app.sessions.begin() as session:
        assert strategies.strategy_in_channel(session, TEAM, "C90") is None  # nothing half-done
        skipped = strategies.strategy_in_channel(session, TEAM, "C11")
    assert skipped is not None and skipped.conversation.step == step_before  # not skipped
    assert not [c for c in app.fake.calls("chat.postMessage") if c.params.get("channel") == "C90"]

    assert app.proxy.refused > 0  # the process did try to reach the database meanwhile
    assert "Traceback" not in log, log
    # Each refusal and each retry of acked work says so, in one line.
    assert "refused with 503, Slack will send it again" in log
    assert "Database unreachable during thread_message" in log

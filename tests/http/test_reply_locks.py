"""A reply in a channel that is no answer to the coach takes no lock: it is looked at outside any
transaction (bot/builder/typed_replies.py) and dropped there, so on SQLite it never waits for a
writer (every transaction takes the whole database's write lock) nor holds up the acks and the
check-ins. An answer still takes the lock, is claimed once and answered once. Over signed HTTP,
on SQLite and PostgreSQL; transactions counted on the app's engine."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event

from bot.domain.model import Conversation, Strategy
from storage import strategies
from storage.db import AUTOCOMMIT
from tests.conftest import RunningApp
from tests.support.checkins import live_strategy, sender
from tests.support.dialogue import Thread

GOAL = "5000 Instagram followers by 30 June 2027, we have 1200 today"


class Transactions:
    """Transactions begun on an engine (a look outside any transaction is not one)."""

    def __init__(self) -> None:
        self.begun = 0

    def __call__(self, connection) -> None:  # type: ignore[no-untyped-def]
        if connection.get_execution_options().get("isolation_level") != AUTOCOMMIT:
            self.begun += 1


def finished(app: RunningApp, channel: str) -> Strategy:
    """A live strategy whose five steps are done (no question open), as going live saves it."""
    strategy = live_strategy(channel)
    strategy.conversation = Conversation(step=None, awaiting="")
    with app.sessions.begin() as session:
        strategies.save_strategy(session, strategy)
        sender(app).schedule_in(session, strategy, app.clock.now())
    return strategy


@pytest.fixture
def transactions(running_app: RunningApp) -> Iterator[Transactions]:
    engine = running_app.sessions.kw["bind"]
    counted = Transactions()
    event.listen(engine, "begin", counted)
    yield counted
    event.remove(engine, "begin", counted)


def test_replies_that_are_no_answer_begin_no_transaction(
    running_app: RunningApp, transactions: Transactions
) -> None:
    driver = running_app.driver
    thread = Thread(running_app)  # U1 starts a strategy in C1
    thread.start()
    in_c2 = finished(running_app, "C2")  # its owner is U2
    posts_before = len(running_app.slack.calls("chat.postMessage"))
    transactions.begun = 0

    replies = [
        # a thread in a channel without a strategy
        driver.thread_reply("sounds good", channel_id="C9", thread_ts="1700000000.000100"),
        # another thread in the strategy's channel
        driver.thread_reply(GOAL, channel_id="C1", thread_ts="1700000000.000200"),
        # a colleague's remark in the strategy's thread
        driver.thread_reply(GOAL, user_id="U7", channel_id="C1", thread_ts=thread.thread_ts),
        # the owner in a live strategy's thread, with no question open
        driver.thread_reply("great!", user_id="U2", channel_id="C2", thread_ts=in_c2.thread_ts),
    ]
    assert [reply.status for reply in replies] == [200] * 4
    assert transactions.begun == 0
    assert len(running_app.slack.calls("chat.postMessage")) == posts_before
    assert thread.stored().goals == []


def test_an_answer_still_takes_the_lock_and_is_answered_once(
    running_app: RunningApp, transactions: Transactions
) -> None:
    thread = Thread(running_app)
    thread.start()
    transactions.begun = 0
    first = running_app.driver.thread_reply(GOAL, thread_ts=thread.thread_ts, event_id="EvA")
    assert first.status == 200
    assert transactions.begun >= 1
    again = running_app.driver.thread_reply(
        GOAL, thread_ts=thread.thread_ts, ts=first.ts, event_id="EvB"
    )
    assert again.status == 200
    running_app.slack.wait_for(
        "chat.postMessage", count=2, where=lambda c: c.params.get("thread_ts") == thread.thread_ts
    )
    assert len(thread.thread_posts()) == 2
    assert len(thread.stored().goals) == 1

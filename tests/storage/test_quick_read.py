"""Looks on the way to an ack wait for no writer: the guard's `SELECT 1` and the check whether a
team came back read outside any transaction, so on SQLite (where every transaction takes the
write lock first) a long write in another thread doesn't hold up the acks. Real SQLite; the
writer is the product's own claim of a message, held open by the test."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator

import pytest

from bot.lifecycle.service import WorkspaceLifecycle
from storage import processed_messages, workspaces
from storage.db import SessionFactory, is_reachable, make_engine, make_session_factory

TEAM = "T111"
NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def sessions(sqlite_url: str) -> Iterator[SessionFactory]:
    engine = make_engine(sqlite_url)
    yield make_session_factory(engine)
    engine.dispose()


def _while_a_write_is_open(sessions: SessionFactory, look: Callable[[], object]) -> list[object]:
    """`look` run on another thread while this one holds a write transaction; what it returned
    before the write ended (nothing, if it waited for the lock)."""
    seen: list[object] = []
    with sessions.begin() as session:
        processed_messages.claim_message(session, TEAM, "C1", "1.000001")  # the write lock
        looker = threading.Thread(target=lambda: seen.append(look()), daemon=True)
        looker.start()
        looker.join(timeout=10)  # a bound, not a pause: the old check waited 30 s for the lock
        answered_during_the_write = list(seen)
    looker.join(timeout=40)
    return answered_during_the_write


def test_the_guards_check_answers_while_another_thread_writes(sessions: SessionFactory) -> None:
    assert _while_a_write_is_open(sessions, lambda: is_reachable(sessions)) == [True]


def test_a_team_that_was_never_marked_is_found_so_while_another_thread_writes(
    sessions: SessionFactory,
) -> None:
    lifecycle = WorkspaceLifecycle(sessions, lambda: NOW)
    assert _while_a_write_is_open(sessions, lambda: lifecycle.seen(TEAM)) == [False]


def test_a_marked_team_is_still_cleared_by_its_next_request(sessions: SessionFactory) -> None:
    lifecycle = WorkspaceLifecycle(sessions, lambda: NOW)
    with sessions.begin() as session:
        workspaces.ensure_workspace(session, TEAM)
    lifecycle.uninstalled(TEAM, "app_uninstalled")
    assert lifecycle.seen(TEAM, NOW + dt.timedelta(minutes=1)) is True
    with sessions.begin() as session:
        assert workspaces.uninstalled(session, TEAM) is None

"""Whether a team came back is asked before every request's ack; a team found unmarked is taken
at that for `SEEN_WINDOW` seconds, without a query. A mark made anywhere in this process (the
app's lifecycle, the scheduler's, the health check's) ends that at once; one made by another
process is seen once the window is over; an install (the OAuth flow) always asks. Real SQLite
and PostgreSQL; statements counted on the engine; the window's clock is the test's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import event

from bot.lifecycle.service import SEEN_WINDOW, WorkspaceLifecycle
from storage import workspaces
from storage.db import SessionFactory, make_engine, make_session_factory

TEAM = "T111"
NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Counted:
    """The sessions, and how many statements went to the database."""

    def __init__(self, database_url: str) -> None:
        self.engine = make_engine(database_url)
        self.sessions: SessionFactory = make_session_factory(self.engine)
        self.statements = 0
        event.listen(self.engine, "before_cursor_execute", self._count)

    def _count(self, *_: object) -> None:
        self.statements += 1

    def asked(self, work: Callable[[], object]) -> int:
        before = self.statements
        work()
        return self.statements - before


@pytest.fixture
def db(database_url: str) -> Iterator[Counted]:
    counted = Counted(database_url)
    with counted.sessions.begin() as session:
        workspaces.ensure_workspace(session, TEAM)
    yield counted
    counted.engine.dispose()


def _mark_from_another_process(db: Counted) -> None:
    """What another `strategy-coach run` on the same database writes when Slack refuses it."""
    with db.sessions.begin() as session:
        workspaces.mark_uninstalled(session, TEAM, "invalid_auth", NOW)


def test_an_unmarked_team_is_asked_about_once_per_window(db: Counted) -> None:
    ticks = Ticks()
    lifecycle = WorkspaceLifecycle(db.sessions, lambda: NOW, ticks=ticks)
    assert db.asked(lambda: lifecycle.seen(TEAM)) == 1
    ticks.now += SEEN_WINDOW / 2
    assert db.asked(lambda: lifecycle.seen(TEAM)) == 0
    ticks.now += SEEN_WINDOW / 2
    assert db.asked(lambda: lifecycle.seen(TEAM)) == 1


def test_a_mark_made_in_this_process_is_seen_by_the_next_request(db: Counted) -> None:
    ticks = Ticks()
    requests = WorkspaceLifecycle(db.sessions, lambda: NOW, ticks=ticks)
    scheduler = WorkspaceLifecycle(db.sessions, lambda: NOW, ticks=ticks)  # its own, as in `run`
    assert requests.seen(TEAM) is False
    scheduler.auth_failed(TEAM, "invalid_auth")
    assert requests.seen(TEAM, NOW + dt.timedelta(minutes=1)) is True  # within the window
    with db.sessions.begin() as session:
        assert workspaces.uninstalled(session, TEAM) is None


def test_another_process_mark_is_seen_after_the_window_and_an_install_asks_at_once(
    db: Counted,
) -> None:
    ticks = Ticks()
    lifecycle = WorkspaceLifecycle(db.sessions, lambda: NOW, ticks=ticks)
    assert lifecycle.seen(TEAM) is False
    _mark_from_another_process(db)
    assert lifecycle.seen(TEAM, NOW + dt.timedelta(minutes=1)) is False  # within the window
    assert lifecycle.installed(TEAM) is True  # "Add to Slack" never waits for it
    _mark_from_another_process(db)
    ticks.now += SEEN_WINDOW
    assert lifecycle.seen(TEAM, NOW + dt.timedelta(minutes=1)) is True

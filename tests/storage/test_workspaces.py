"""The workspace row on real SQLite and PostgreSQL: two first requests of a new team at once."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from storage.db import SessionFactory, make_engine, make_session_factory
from storage.models import Workspace
from storage.workspaces import ensure_workspace

TEAM = "TNEW"


@pytest.fixture
def sessions(database_url: str) -> Iterator[SessionFactory]:
    engine = make_engine(database_url)
    yield make_session_factory(engine)
    engine.dispose()


def test_two_first_requests_of_a_new_team_both_get_its_row(sessions: SessionFactory) -> None:
    """The first transaction has made the row but not committed it when the second asks: the
    second waits and then finds it, instead of failing on the primary key (on PostgreSQL a
    plain read-then-insert lost that race, and the /strategy it served was dropped)."""
    first_made = threading.Event()
    second_result: list[object] = []

    def second() -> None:
        first_made.wait(timeout=5)
        try:
            with sessions.begin() as session:
                second_result.append(ensure_workspace(session, TEAM).team_id)
        except Exception as error:  # the old code's IntegrityError lands here
            second_result.append(error)

    thread = threading.Thread(target=second)
    thread.start()
    with sessions.begin() as session:
        ensure_workspace(session, TEAM)
        first_made.set()
        # Let the second transaction reach the row before this one commits; it can't see it.
        thread.join(timeout=0.5)
    thread.join(timeout=10)
    assert second_result == [TEAM]
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Workspace)) == 1

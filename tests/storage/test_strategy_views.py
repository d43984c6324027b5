"""Strategies read in bulk for the check-in DMs (storage/strategy_views.py) are the strategies
the ORM path reads, goals, archived goals and metrics in their order, schedule included; only
the builder's conversation and the held-report counts are left out. SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.domain.model import Conversation, HeldReports, Metric
from storage import strategies, strategy_views
from storage.db import make_engine, make_session_factory
from tests.support.checkins import live_strategy

NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


def test_bulk_strategies_are_the_ones_the_orm_reads(database_url: str) -> None:
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    try:
        saved = []
        with sessions.begin() as session:
            for n in range(3):
                saved.append(
                    strategies.save_strategy(session, live_strategy(f"C{n}", f"U{n + 2}"), NOW)
                )
        edited = saved[1]
        edited.goals[1].metrics = [edited.goals[1].metrics[1], Metric("leads from LinkedIn")]
        edited.goals = [edited.goals[1], edited.goals[0]]  # reordered, a metric dropped, one added
        with sessions.begin() as session:
            strategies.save_strategy(session, edited, NOW)
            bare = strategies.save_strategy(session, live_strategy("C9", "U9", goals=0), NOW)
        ids = [s.id for s in saved] + [bare.id, 9999]
        with sessions.begin() as session:
            bulk = strategy_views.strategies_by_ids(session, ids)
            one_by_one = {
                s.id: strategies.strategy_by_id(session, s.team_id, s.id) for s in [*saved, bare]
            }
        assert set(bulk) == set(one_by_one)
        for strategy_id, strategy in one_by_one.items():
            assert strategy is not None
            expected = dataclasses.replace(
                strategy, held=HeldReports(), conversation=Conversation()
            )
            assert bulk[strategy_id] == expected
        assert [g.description for g in bulk[edited.id].goals] == [
            "Cheaper leads",
            "5000 Instagram followers",
        ]
        assert [m.name for m in bulk[edited.id].goals[0].metrics] == [
            "sign-ups from social",
            "leads from LinkedIn",
        ]
    finally:
        engine.dispose()

"""Migration 0005 keeps history: a database at revision 0004 with reports (and a correction),
upgraded to head, keeps every report and its chain; goals and metrics are active (archived_at
NULL); and the reports' foreign keys no longer cascade: a goal or metric with reports cannot be
deleted in SQL, while deleting the strategy whole (storage's own `delete_strategy`) still works.

On SQLite and PostgreSQL. The rows at 0004 are inserted in SQL as the product of that revision
wrote them (today's models describe the new schema, so they cannot write the old one).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest
from alembic import command
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.domain.model import Goal, Metric, Status, Strategy
from storage import reports, strategies
from storage.db import alembic_config, make_engine, make_session_factory
from storage.models import GoalRow, MetricRow, ReportRow

TEAM = "T111"
NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def old_database(database_url: str, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A fresh, empty database of the same kind as `database_url`, migrated to 0004 only."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'at-0004.db'}"
        command.upgrade(alembic_config(url), "0004")
        yield url
        return
    server = make_url(database_url)
    name = f"sc_history_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        command.upgrade(alembic_config(url), "0004")
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


_ROWS_AT_0004 = [
    "INSERT INTO workspaces (team_id) VALUES ('T111')",
    "INSERT INTO strategies (id, team_id, channel_id, name, started_by, owner_id, language,"
    " status, benefits, skipped) VALUES (1, 'T111', 'C1', 'Plan', 'U1', 'U1', 'en', 'live',"
    " '[]', '[]')",
    "INSERT INTO goals (id, strategy_id, position, description, metric, unit, baseline, target,"
    " direction) VALUES (1, 1, 0, '5000 followers', 'followers', '', 1200, 5000, 'up'),"
    " (2, 1, 1, 'Cheaper leads', 'cost per lead', 'kr', 250, 150, 'down')",
    "INSERT INTO metrics (id, goal_id, position, name, unit) VALUES (1, 1, 0, 'followers', ''),"
    " (2, 1, 1, 'reach', ''), (3, 2, 0, 'cost per lead', 'kr')",
    "INSERT INTO checkins (id, strategy_id, week, due_at, status) VALUES"
    " (1, 1, '2026-11-30', '2026-11-30 08:00:00+00', 'answered')",
    "INSERT INTO reports (id, strategy_id, checkin_id, goal_id, metric_id, week, value,"
    " reported_by, reported_at, correction_of) VALUES"
    " (1, 1, 1, 1, 1, '2026-11-30', 1300, 'U1', '2026-11-30 09:00:00+00', NULL),"
    " (2, 1, 1, 1, 2, '2026-11-30', 800, 'U1', '2026-11-30 09:00:00+00', NULL),"
    " (3, 1, 1, 2, 3, '2026-11-30', 240, 'U1', '2026-11-30 09:00:00+00', NULL),"
    " (4, 1, 1, 1, 1, '2026-11-30', 1350, 'U1', '2026-11-30 10:00:00+00', 1)",
]


def test_upgrade_keeps_reports_and_stops_the_cascade(old_database: str) -> None:
    engine = make_engine(old_database)
    with engine.begin() as connection:
        for statement in _ROWS_AT_0004:
            connection.execute(text(statement))
    engine.dispose()

    command.upgrade(alembic_config(old_database), "head")

    engine = make_engine(old_database)
    try:
        with Session(engine) as session:
            chains = session.execute(
                select(ReportRow.id, ReportRow.correction_of).order_by(ReportRow.id)
            ).all()
            assert [tuple(row) for row in chains] == [(1, None), (2, None), (3, None), (4, 1)]
            assert session.scalars(select(GoalRow.archived_at)).all() == [None, None]
            assert session.scalars(select(MetricRow.archived_at)).all() == [None] * 3
            strategy = strategies.strategy_by_id(session, TEAM, 1)
            assert strategy is not None
            assert [m.name for g in strategy.goals for m in g.metrics] == [
                "followers",
                "reach",
                "cost per lead",
            ]
            # The latest of each (metric, week): 3 weekly numbers, 2 of them goal 1's.
            assert strategy.held.goals == {1: 2, 2: 1}
            assert len(reports.reports_for_strategy(session, 1)) == 3

        # The database itself refuses to delete a goal or a metric that holds reports.
        for table in ("goals", "metrics"):
            with pytest.raises(IntegrityError), engine.begin() as connection:
                connection.execute(text(f"DELETE FROM {table} WHERE id = 1"))
        with Session(engine) as session:
            assert session.scalar(select(func.count()).select_from(ReportRow)) == 4

        # A strategy deleted whole takes its reports with it.
        with Session(engine) as session, session.begin():
            strategies.delete_strategy(session, TEAM, 1)
        with Session(engine) as session:
            assert session.scalar(select(func.count()).select_from(ReportRow)) == 0
            assert session.scalar(select(func.count()).select_from(GoalRow)) == 0
    finally:
        engine.dispose()


def _counted(session: Session) -> tuple[int, int, int]:
    return (
        session.scalar(select(func.count()).select_from(ReportRow)) or 0,
        session.scalar(select(func.count()).select_from(GoalRow)) or 0,
        session.scalar(select(func.count()).select_from(MetricRow)) or 0,
    )


def test_saving_matches_metrics_by_name_and_archives_what_holds_reports(
    database_url: str,
) -> None:
    """Storage's own guarantee, whatever the builder sends: a metric without an id is the goal's
    metric of that name; a goal or metric left out is archived if it holds reports (and comes
    back with them when named again), deleted if it holds none."""
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    strategy = Strategy(
        team_id=TEAM,
        channel_id="C1",
        name="Plan",
        started_by="U1",
        owner_id="U1",
        status=Status.LIVE,
        goals=[
            Goal("followers", "followers", metrics=[Metric("reach"), Metric("followers")]),
            Goal("leads", "leads", metrics=[Metric("sign-ups")]),
        ],
    )
    try:
        with sessions.begin() as session:
            strategies.save_strategy(session, strategy)
            assert strategy.id is not None
            goal = strategy.goals[0]
            reach = goal.metrics[0]
            for week in (dt.date(2026, 11, 30), dt.date(2026, 12, 7)):
                reports.add_report(
                    session, strategy.id, None, goal.id, reach.id, week, Decimal(800), "U1", NOW
                )  # type: ignore[arg-type]
        with sessions.begin() as session:
            loaded = strategies.strategy_by_id(session, TEAM, strategy.id)
            assert loaded is not None and loaded.held.metrics == {reach.id: 2}
            # Retyped without ids: the same rows.
            loaded.goals[0].metrics = [Metric(" REACH "), Metric("followers")]
            strategies.save_strategy(session, loaded)
            assert [m.id for m in loaded.goals[0].metrics] == [reach.id, goal.metrics[1].id]
            # Left out: reach (2 reports) archived, followers (none) deleted; goal 2 deleted.
            loaded.goals[0].metrics = [Metric("clicks")]
            loaded.goals = loaded.goals[:1]
            strategies.save_strategy(session, loaded)
            assert _counted(session) == (2, 1, 2)
        with sessions.begin() as session:
            again = strategies.strategy_by_id(session, TEAM, strategy.id)
            assert again is not None
            assert [m.name for m in again.goals[0].metrics] == ["clicks"]
            assert [(m.id, m.name) for m in again.goals[0].archived_metrics] == [
                (reach.id, " REACH ")
            ]
            # Named again: back, with its history.
            again.goals[0].metrics.append(Metric("reach"))
            strategies.save_strategy(session, again)
            assert again.goals[0].metrics[1].id == reach.id
            # The whole goal left out: archived with both metrics, its reports kept.
            again.goals = []
            strategies.save_strategy(session, again)
            assert _counted(session) == (2, 1, 2)
        with sessions.begin() as session:
            last = strategies.strategy_by_id(session, TEAM, strategy.id)
            assert last is not None and last.goals == []
            [archived] = last.archived_goals
            assert [m.name for m in archived.metrics] == ["clicks", "reach"]
            assert len(reports.report_history(session, TEAM, strategy.id)) == 2
    finally:
        engine.dispose()

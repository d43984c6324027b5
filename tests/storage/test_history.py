"""Migration 0005 keeps history: a database at revision 0004 with reports (and a correction),
upgraded to head, keeps every report and its chain; goals and metrics are active (archived_at
NULL); and the reports' foreign keys no longer cascade: a goal or metric with reports cannot be
deleted in SQL, while deleting the strategy whole (storage's own `delete_strategy`) still works.

On SQLite and PostgreSQL. The rows at 0004 are inserted in SQL as the product of that revision
wrote them (today's models describe the new schema, so they cannot write the old one).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage import reports, strategies
from storage.db import alembic_config, make_engine
from storage.models import GoalRow, MetricRow, ReportRow

TEAM = "T111"


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

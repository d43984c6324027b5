"""Everything stored for one workspace, found through the schema itself: to export it for an
operator, or to delete it (`strategy-coach data delete`, and when an uninstalled workspace's
grace period ends).

A table belongs to a team when it has a `team_id` column, or a foreign key to a table that does
(strategies → goals → metrics, check-ins, reports, …). Walking the foreign keys rather than
naming tables means a table added later is exported and deleted too, and deletion goes children
first, so it works whatever the foreign keys do on delete. Columns a table marks secret (the
Slack tokens of `slack_installations` and `slack_bots`) are never exported.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, or_, select
from sqlalchemy.orm import Session

from storage.models import SECRET_COLUMNS, Base, StrategyRow


def _scope(
    table: Table, team_id: str, seen: frozenset[str] = frozenset()
) -> ColumnElement[bool] | None:
    """WHERE clause selecting `table`'s rows that belong to `team_id`; None: not a team's table."""
    if "team_id" in table.c:
        return table.c.team_id == team_id
    paths: list[ColumnElement[bool]] = []
    for key in table.foreign_keys:
        parent = key.column.table
        if parent is table or parent.name in seen or not isinstance(parent, Table):
            continue
        inside = _scope(parent, team_id, seen | {table.name})
        if inside is not None:
            paths.append(key.parent.in_(select(key.column).where(inside)))
    return or_(*paths) if paths else None


def _team_tables(team_id: str) -> list[tuple[Table, ColumnElement[bool]]]:
    """The tables holding a team's data, parents first, with the WHERE selecting its rows."""
    return [
        (table, where)
        for table in Base.metadata.sorted_tables
        if (where := _scope(table, team_id)) is not None
    ]


def _plain(value: object) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return value


def team_rows(session: Session, team_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every row stored for the team, table by table, as plain JSON-ready values."""
    found: dict[str, list[dict[str, Any]]] = {}
    for table, where in _team_tables(team_id):
        order = list(table.primary_key.columns)
        secret = table.info.get(SECRET_COLUMNS, ())
        shown = [column for column in table.columns if column.name not in secret]
        rows = session.execute(select(*shown).where(where).order_by(*order))
        found[table.name] = [
            {key: _plain(value) for key, value in row._mapping.items()} for row in rows
        ]
    return found


def strategy_ids(session: Session, team_id: str) -> list[int]:
    return list(
        session.scalars(
            select(StrategyRow.id).where(StrategyRow.team_id == team_id).order_by(StrategyRow.id)
        )
    )


def delete_team(session: Session, team_id: str) -> dict[str, int]:
    """Delete everything stored for the team, children first; rows deleted per table."""
    counts: dict[str, int] = {}
    for table, where in reversed(_team_tables(team_id)):
        result = session.execute(delete(table).where(where))
        counts[table.name] = int(getattr(result, "rowcount", 0) or 0)
    return counts

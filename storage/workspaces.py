"""Workspaces (Slack teams): the row every strategy hangs from, the team's chosen language, and
whether the app is still installed there.

A workspace is *uninstalled* (`uninstalled_at` set) when Slack says so (`app_uninstalled`, the
bot token in `tokens_revoked`) or when the Web API refuses its token (`invalid_auth`, …). While
it is, nothing scheduled calls Slack for it (`installed_team` filters the sweeps); the next
request from the team or a working token clears the mark; after the grace period its data goes
(storage/team_data.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, exists, select, update
from sqlalchemy.orm import Session

from bot.domain.model import Schedule, Status
from storage.db import dialect_insert
from storage.models import ScheduleRow, StrategyRow, Workspace, utc


def ensure_workspace(session: Session, team_id: str) -> Workspace:
    """The team's row, made if missing. `ON CONFLICT DO NOTHING`: two first requests of a new
    team at once both get the row, instead of one of them failing on the primary key."""
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        insert = dialect_insert(session)
        session.execute(insert(Workspace).values(team_id=team_id).on_conflict_do_nothing())
        workspace = session.get(Workspace, team_id, populate_existing=True)
        assert workspace is not None
    return workspace


def team_language(session: Session, team_id: str) -> str | None:
    return session.scalar(select(Workspace.language).where(Workspace.team_id == team_id))


def set_team_language(session: Session, team_id: str, language: str) -> None:
    """The team's choice wins over everyone's Slack locale, in every strategy it has."""
    ensure_workspace(session, team_id).language = language
    session.execute(
        update(StrategyRow).where(StrategyRow.team_id == team_id).values(language=language)
    )


# --- installed or not ------------------------------------------------------------------------


def installed_team(team_id: ColumnElement[str]) -> ColumnElement[bool]:
    """A WHERE clause: the team in `team_id` (a column) is not marked uninstalled."""
    return ~exists().where(Workspace.team_id == team_id, Workspace.uninstalled_at.is_not(None))


def mark_uninstalled(session: Session, team_id: str, reason: str, at: dt.datetime) -> bool:
    """Mark the team uninstalled; True if this call did (an earlier mark and its time stay, so
    the grace period runs from the first sign)."""
    ensure_workspace(session, team_id)
    result = session.execute(
        update(Workspace)
        .where(Workspace.team_id == team_id, Workspace.uninstalled_at.is_(None))
        .values(uninstalled_at=utc(at), uninstall_reason=reason[:32])
        .execution_options(synchronize_session="fetch")
    )
    return bool(getattr(result, "rowcount", 0))


def clear_uninstalled(session: Session, team_id: str) -> bool:
    """The team is back (reinstalled, or its token works again); True if it was marked."""
    result = session.execute(
        update(Workspace)
        .where(Workspace.team_id == team_id, Workspace.uninstalled_at.is_not(None))
        .values(uninstalled_at=None, uninstall_reason=None)
        .execution_options(synchronize_session="fetch")
    )
    return bool(getattr(result, "rowcount", 0))


def uninstalled(session: Session, team_id: str) -> tuple[dt.datetime, str] | None:
    """When and why the team was marked uninstalled; None while it is installed."""
    row = session.execute(
        select(Workspace.uninstalled_at, Workspace.uninstall_reason).where(
            Workspace.team_id == team_id, Workspace.uninstalled_at.is_not(None)
        )
    ).first()
    return None if row is None else (row[0], row[1] or "")


def uninstalled_teams(session: Session) -> dict[str, tuple[dt.datetime, str]]:
    """Every team marked uninstalled: when and why."""
    rows = session.execute(
        select(Workspace.team_id, Workspace.uninstalled_at, Workspace.uninstall_reason)
        .where(Workspace.uninstalled_at.is_not(None))
        .order_by(Workspace.team_id)
    ).all()
    return {row[0]: (row[1], row[2] or "") for row in rows}


def expired_teams(session: Session, before: dt.datetime) -> list[str]:
    """Teams marked uninstalled at or before `before`: their grace period is over."""
    return list(
        session.scalars(
            select(Workspace.team_id)
            .where(Workspace.uninstalled_at.is_not(None), Workspace.uninstalled_at <= utc(before))
            .order_by(Workspace.team_id)
        )
    )


def live_schedules(session: Session, team_id: str) -> list[tuple[int, Schedule]]:
    """The team's live strategies' check-in schedules (strategy id, schedule), to restart them."""
    rows = session.execute(
        select(
            ScheduleRow.strategy_id,
            ScheduleRow.weekday,
            ScheduleRow.local_time,
            ScheduleRow.timezone,
        )
        .join(StrategyRow, StrategyRow.id == ScheduleRow.strategy_id)
        .where(
            StrategyRow.team_id == team_id,
            StrategyRow.status == Status.LIVE.value,
            ScheduleRow.next_due_at.is_not(None),
        )
        .order_by(ScheduleRow.strategy_id)
    ).all()
    return [(row[0], Schedule(row[1], row[2], row[3])) for row in rows]

"""Workspaces (Slack teams): the row every strategy hangs from, and the team's chosen language."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import StrategyRow, Workspace


def ensure_workspace(session: Session, team_id: str) -> Workspace:
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        workspace = Workspace(team_id=team_id)
        session.add(workspace)
        session.flush()
    return workspace


def team_language(session: Session, team_id: str) -> str | None:
    return session.scalar(select(Workspace.language).where(Workspace.team_id == team_id))


def set_team_language(session: Session, team_id: str, language: str) -> None:
    """The team's choice wins over everyone's Slack locale, in every strategy it has."""
    ensure_workspace(session, team_id).language = language
    session.execute(
        update(StrategyRow).where(StrategyRow.team_id == team_id).values(language=language)
    )

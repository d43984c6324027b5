"""The status chart last uploaded per (team, strategy): its key and Slack's file id, so a status
whose chart has not changed shows the file by id instead of drawing and uploading it again.

Always looked up with the team: a workspace never sees another's file ids. Nothing here reads
the clock."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.domain.uploads import UploadedChart
from storage.db import dialect_insert
from storage.models import StatusChartRow, utc


def uploaded_chart(session: Session, team_id: str, strategy_id: int) -> UploadedChart | None:
    row = session.get(StatusChartRow, (team_id, strategy_id))
    return None if row is None else UploadedChart(key=row.chart_key, file_id=row.file_id)


def keep_chart(
    session: Session,
    team_id: str,
    strategy_id: int,
    chart: UploadedChart,
    uploaded_at: dt.datetime,
) -> None:
    """The chart just uploaded replaces the one kept (the newest upload wins)."""
    values = {"chart_key": chart.key, "file_id": chart.file_id, "uploaded_at": utc(uploaded_at)}
    insert = dialect_insert(session)(StatusChartRow)
    session.execute(
        insert.values(team_id=team_id, strategy_id=strategy_id, **values).on_conflict_do_update(
            index_elements=[StatusChartRow.team_id, StatusChartRow.strategy_id], set_=values
        )
    )


def forget_chart(session: Session, team_id: str, strategy_id: int, file_id: str) -> None:
    """Slack refused the file: forget it, unless another upload has replaced it meanwhile."""
    session.execute(
        delete(StatusChartRow).where(
            StatusChartRow.team_id == team_id,
            StatusChartRow.strategy_id == strategy_id,
            StatusChartRow.file_id == file_id,
        )
    )

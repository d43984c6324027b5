"""Reading strategies with their numbers: for the status message, App Home and the export.

Every function is scoped by team and issues a fixed number of queries, however many goals,
metrics, reports or strategies there are: the strategy rows with their goals, metrics, schedule
and conversation come in with one `selectinload` query per relationship, the reports and the
check-ins in one query each for all the strategies asked for. A status for a two-year strategy
costs the same queries as one for a week-old strategy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.domain.model import CheckinStatus, CheckinWeek, Report, Snapshot, StrategyRef
from storage.models import CheckinRow, ReportRow, StrategyRow
from storage.reports import is_latest_report, to_report
from storage.strategies import STRATEGY_LOAD, to_strategy

# Enough for any list a person reads; App Home and the status list show fewer.
LISTED_LIMIT = 200


def strategy_refs(session: Session, team_id: str) -> list[StrategyRef]:
    """The team's strategies, oldest first (one query)."""
    rows = session.execute(
        select(StrategyRow.id, StrategyRow.name, StrategyRow.channel_id, StrategyRow.status)
        .where(StrategyRow.team_id == team_id)
        .order_by(StrategyRow.id)
        .limit(LISTED_LIMIT)
    ).all()
    return [StrategyRef(row[0], row[1], row[2], row[3] == "live") for row in rows]


def strategy_ids_of_user(session: Session, team_id: str, user_id: str) -> list[int]:
    """Strategies the user owns or started, oldest first (one query)."""
    return list(
        session.scalars(
            select(StrategyRow.id)
            .where(
                StrategyRow.team_id == team_id,
                or_(StrategyRow.owner_id == user_id, StrategyRow.started_by == user_id),
            )
            .order_by(StrategyRow.id)
            .limit(LISTED_LIMIT)
        )
    )


def snapshots(session: Session, team_id: str, strategy_ids: Sequence[int]) -> list[Snapshot]:
    """The strategies (of `team_id` only) with their current reports and check-in history,
    in the order of `strategy_ids`; ids of other teams or unknown ids are left out."""
    if not strategy_ids:
        return []
    ids = list(dict.fromkeys(strategy_ids))
    rows = session.scalars(
        select(StrategyRow)
        .where(StrategyRow.team_id == team_id, StrategyRow.id.in_(ids))
        .options(*STRATEGY_LOAD)
    ).all()
    found = [row.id for row in rows]
    reports: dict[int, list[Report]] = defaultdict(list)
    for report_row in session.scalars(
        select(ReportRow)
        .where(ReportRow.strategy_id.in_(found), is_latest_report())
        .order_by(ReportRow.week, ReportRow.metric_id)
    ):
        reports[report_row.strategy_id].append(to_report(report_row))
    weeks: dict[int, list[CheckinWeek]] = defaultdict(list)
    for strategy_id, week, status, answered_at in session.execute(
        select(CheckinRow.strategy_id, CheckinRow.week, CheckinRow.status, CheckinRow.answered_at)
        .where(CheckinRow.strategy_id.in_(found))
        .order_by(CheckinRow.week)
    ):
        weeks[strategy_id].append(CheckinWeek(week, CheckinStatus(status), answered_at))
    by_id = {row.id: row for row in rows}
    result = []
    for strategy_id in ids:
        row = by_id.get(strategy_id)
        if row is None:
            continue
        schedule = row.schedule
        result.append(
            Snapshot(
                strategy=to_strategy(row),
                reports=reports[row.id],
                checkins=weeks[row.id],
                next_checkin=schedule.next_due_at if schedule else None,
                paused=bool(schedule and schedule.paused),
                paused_until=schedule.paused_until if schedule else None,
            )
        )
    return result


def snapshot(session: Session, team_id: str, strategy_id: int) -> Snapshot | None:
    found = snapshots(session, team_id, [strategy_id])
    return found[0] if found else None

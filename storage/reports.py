"""Reported values: stored once, never overwritten.

A second report for the same metric and week corrects the earlier one (`correction_of` points
at it, UNIQUE so the history is a single chain with one latest end); nothing is overwritten.
`reports_for_strategy` returns only the latest of each chain (what progress is computed from);
`report_history` returns every report, corrected ones included. Both hand out
`bot.domain.model.Report`, never rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session, aliased

from bot.domain.model import HeldReports, Report
from storage.models import CheckinRow, GoalRow, MetricRow, ReportRow, StrategyRow, utc


def add_report(
    session: Session,
    strategy_id: int,
    checkin_id: int | None,
    goal_id: int,
    metric_id: int,
    week: dt.date,
    value: Decimal,
    reported_by: str,
    reported_at: dt.datetime,
) -> Report:
    """Store a value; if the metric already has one for `week`, this one corrects it.

    Raises LookupError if the metric is not that goal's, the goal not that strategy's, or the
    check-in not that strategy's.
    """
    # Lock the metric row so two reports for it take turns and the chain cannot fork
    # (SQLite: BEGIN IMMEDIATE already serialises; UNIQUE(correction_of) is the backstop).
    owned = session.scalar(
        select(MetricRow.id)
        .join(GoalRow, GoalRow.id == MetricRow.goal_id)
        .where(
            MetricRow.id == metric_id,
            MetricRow.goal_id == goal_id,
            GoalRow.strategy_id == strategy_id,
            # An archived goal or metric keeps its history but takes no new numbers.
            MetricRow.archived_at.is_(None),
            GoalRow.archived_at.is_(None),
        )
        .with_for_update(of=MetricRow)
    )
    if owned is None:
        raise LookupError(f"metric {metric_id} of goal {goal_id} not in strategy {strategy_id}")
    if (
        checkin_id is not None
        and session.scalar(
            select(CheckinRow.id).where(
                CheckinRow.id == checkin_id, CheckinRow.strategy_id == strategy_id
            )
        )
        is None
    ):
        raise LookupError(f"check-in {checkin_id} not in strategy {strategy_id}")
    previous = session.scalar(
        select(ReportRow.id).where(
            ReportRow.metric_id == metric_id, ReportRow.week == week, is_latest_report()
        )
    )
    report = ReportRow(
        strategy_id=strategy_id,
        checkin_id=checkin_id,
        goal_id=goal_id,
        metric_id=metric_id,
        week=week,
        value=value,
        reported_by=reported_by,
        reported_at=utc(reported_at),
        correction_of=previous,
    )
    session.add(report)
    session.flush()
    return to_report(report)


def is_latest_report() -> ColumnElement[bool]:
    # Latest = no later report corrects it.
    later = aliased(ReportRow)
    return ~exists().where(later.correction_of == ReportRow.id)


def reports_for_strategy(session: Session, strategy_id: int) -> list[Report]:
    """The current value of each (metric, week): corrected reports left out; by week, metric."""
    return [
        to_report(row)
        for row in session.scalars(
            select(ReportRow)
            .where(ReportRow.strategy_id == strategy_id, is_latest_report())
            .order_by(ReportRow.week, ReportRow.metric_id)
        )
    ]


def latest_values_by_strategy(
    session: Session, strategy_ids: Iterable[int]
) -> dict[int, dict[int, Decimal]]:
    """`bot.domain.standing.latest_values` for many strategies in one query: each metric's
    value in its latest reported week (corrections applied), by strategy and metric id."""
    ids = sorted(set(strategy_ids))
    if not ids:
        return {}
    newest_first = (
        func.row_number()
        .over(partition_by=ReportRow.metric_id, order_by=ReportRow.week.desc())
        .label("newest_first")
    )
    ranked = (
        select(ReportRow.strategy_id, ReportRow.metric_id, ReportRow.value, newest_first)
        .where(ReportRow.strategy_id.in_(ids), is_latest_report())
        .subquery()
    )
    latest: dict[int, dict[int, Decimal]] = {}
    for strategy_id, metric_id, value in session.execute(
        select(ranked.c.strategy_id, ranked.c.metric_id, ranked.c.value).where(
            ranked.c.newest_first == 1
        )
    ):
        latest.setdefault(strategy_id, {})[metric_id] = value
    return latest


def held_reports(session: Session, strategy_id: int | None) -> HeldReports:
    """How many weekly numbers (the latest of each metric and week) each goal and each metric
    of the strategy holds: what removing one would take out of check-ins and status."""
    if strategy_id is None:
        return HeldReports()
    latest = (ReportRow.strategy_id == strategy_id) & is_latest_report()
    goals = session.execute(
        select(ReportRow.goal_id, func.count()).where(latest).group_by(ReportRow.goal_id)
    )
    metrics = session.execute(
        select(ReportRow.metric_id, func.count()).where(latest).group_by(ReportRow.metric_id)
    )
    return HeldReports(
        goals={goal_id: count for goal_id, count in goals},
        metrics={metric_id: count for metric_id, count in metrics},
    )


def report_history(session: Session, team_id: str, strategy_id: int) -> list[Report]:
    """Every report of the strategy, corrected ones included, in the order they were made."""
    return [
        to_report(row)
        for row in session.scalars(
            select(ReportRow)
            .join(StrategyRow, StrategyRow.id == ReportRow.strategy_id)
            .where(StrategyRow.team_id == team_id, ReportRow.strategy_id == strategy_id)
            .order_by(ReportRow.id)
        )
    ]


def to_report(row: ReportRow) -> Report:
    return Report(
        id=row.id,
        goal_id=row.goal_id,
        metric_id=row.metric_id,
        week=row.week,
        value=row.value,
        reported_by=row.reported_by,
        reported_at=row.reported_at,
        correction_of=row.correction_of,
    )

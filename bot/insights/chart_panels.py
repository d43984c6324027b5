"""What the status chart shows, before anything is drawn: one panel per metric, its weekly values
with gaps, the goal's plan, and the chart's size in pixels.

Pure and light (no matplotlib): `chart.py` uses it for the alt text and `chart_size`, and only
`chart_figure.py`, imported on the chart pool, draws it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from bot.domain.model import Direction, Metric, Period, Snapshot
from bot.domain.progress import goal_direction, week_start
from bot.i18n.catalogue import Translator

MAX_PANELS = 12
WIDTH_PX = 1200
ROW_PX = 360
TITLE_PX = 76
DPI = 128
# Okabe-Ito, without its yellow (too pale on white) and black (the target line is black).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class Plan:
    start: dt.date
    deadline: dt.date
    baseline: Decimal
    target: Decimal
    unit: str  # the goal's unit, which the target is in


@dataclass(frozen=True)
class Labels:
    """The chart's own words, in the chart's language (the legend, an empty panel's note)."""

    reported: str
    plan: str
    target: str
    deadline: str
    this_week: str
    no_values: str
    lower_is_better: str  # with "{title}" where the panel's title goes

    def titled(self, title: str) -> str:
        return self.lower_is_better.replace("{title}", title)


def labels(tr: Translator) -> Labels:
    return Labels(
        reported=tr("Reported"),
        plan=tr("Plan"),
        target=tr("Target"),
        deadline=tr("Deadline"),
        this_week=tr("This week"),
        no_values=tr("No values reported yet"),
        lower_is_better=tr("{title} (lower is better)", title="{title}"),
    )


@dataclass(frozen=True)
class Panel:
    goal_index: int
    title: str
    metric: Metric
    weeks: list[dt.date]  # every Monday from the first to the last reported week
    values: list[Decimal | None]  # None for a week without a report: a gap, never a zero
    plan: Plan | None  # only on a goal's first metric (progress follows it), when complete
    period: Period | None  # the goal's: each value is the figure of the last 30 days (a month)
    down: bool  # the goal's first metric, when the goal should go down: lower is better


def grid(panels: int) -> tuple[int, int]:
    """(rows, columns) for that many panels: one column for one panel, two otherwise."""
    columns = 1 if panels == 1 else 2
    return math.ceil(panels / columns), columns


def chart_size(panels: int) -> tuple[int, int]:
    """The PNG's (width, height) in pixels for that many panels (more than 12 are shown as 12)."""
    if panels < 1:
        raise ValueError("a chart has at least one panel")
    rows, _columns = grid(min(panels, MAX_PANELS))
    return WIDTH_PX, TITLE_PX + rows * ROW_PX


def metric_colour(metric_id: int) -> str:
    """The metric's colour, the same in every chart; neighbouring ids get different colours."""
    return PALETTE[metric_id % len(PALETTE)]


def _series(by_week: dict[dt.date, Decimal]) -> tuple[list[dt.date], list[Decimal | None]]:
    if not by_week:
        return [], []
    weeks, week, last = [], min(by_week), max(by_week)
    while True:
        weeks.append(week)
        if week >= last:
            break
        week += WEEK
    return weeks, [by_week.get(w) for w in weeks]


def panels(snapshot: Snapshot, week: dt.date) -> list[Panel]:
    """One panel per metric with an id, in goal order then metric order (not capped yet), as of
    `week` (its Monday): a plan without a start and without reports starts then."""
    by_metric: dict[int, dict[dt.date, Decimal]] = {}
    for report in snapshot.reports:  # already the latest per metric and week, by week
        by_metric.setdefault(report.metric_id, {})[week_start(report.week)] = report.value
    strategy = snapshot.strategy
    found = []
    for index, goal in enumerate(strategy.goals):
        for metric in goal.metrics:
            if metric.id is None:
                continue
            weeks, values = _series(by_metric.get(metric.id, {}))
            first = metric is goal.metrics[0]
            plan, (base, target, deadline) = None, (goal.baseline, goal.target, goal.deadline)
            if first and base is not None and target is not None and deadline is not None:
                start = strategy.started_on or (weeks[0] if weeks else week)
                plan = Plan(start, deadline, base, target, goal.unit)
            title = goal.description if first and goal.description.strip() else metric.name
            down = first and goal_direction(goal) is Direction.DOWN
            found.append(Panel(index, title, metric, weeks, values, plan, goal.period, down))
    return found

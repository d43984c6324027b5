"""The status chart: one PNG with a panel per metric, and a plain-language description of it.

Pure: a snapshot, today's date and a translator come in, bytes and text go out. Built this way
because it runs inside a threaded Slack app:

- Only the object-oriented API (`Figure` + `FigureCanvasAgg`): no pyplot, no `rc_context`, no
  warning filters, nothing global is touched, so several threads may render at once.
- Fixed figure size and dpi, never `bbox_inches="tight"`, so the PNG is exactly `chart_size()`.
  The dpi is a power of two, so pixels / dpi and back are exact in binary floating point.
- User text (names, descriptions, units) is drawn with `parse_math=False`, so `$` and `\\` are
  just characters, and characters the font has no glyph for are dropped before drawing, so
  odd text neither raises nor warns about missing glyphs.
- Missed weeks are NaN, so the line breaks there instead of pretending a value was reported.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from babel.dates import format_date
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ticker import FuncFormatter

from bot.domain.model import Direction, Metric, Period, Snapshot
from bot.domain.progress import goal_direction, week_start
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.text.user_text import clip, one_line

MAX_PANELS = 12
ALT_TEXT_LIMIT = 1000
WIDTH_PX = 1200
ROW_PX = 360
TITLE_PX = 64
DPI = 128
# Okabe-Ito, without its yellow (too pale on white) and black (the target line is black).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
# Everything that is not a metric's values is grey or black, so it never clashes with them.
_VALUES: dict[str, Any] = dict(marker="o", markersize=4, linewidth=2, gid="values", zorder=3)
_STYLES: dict[str, dict[str, Any]] = {
    "plan": {"color": "#666666", "linestyle": "--", "linewidth": 1.5, "gid": "plan"},
    "target": {"color": "#000000", "linestyle": ":", "linewidth": 1.2, "gid": "target"},
    "deadline": {"color": "#333333", "linestyle": "-.", "linewidth": 1.2, "gid": "deadline"},
    "today": {"color": "#BBBBBB", "linewidth": 1, "gid": "today", "zorder": 1},
}
_WEEK = dt.timedelta(days=7)
# Matplotlib dates must stay within years 1 to 9999.
_X_MIN, _X_MAX = float(mdates.date2num(dt.date.min)), float(mdates.date2num(dt.date.max))


@dataclass(frozen=True)
class Chart:
    png: bytes
    alt_text: str  # a plain-language description for screen readers, <= 1000 characters
    width: int  # pixels
    height: int


@dataclass(frozen=True)
class _Plan:
    start: dt.date
    deadline: dt.date
    baseline: Decimal
    target: Decimal
    unit: str  # the goal's unit, which the target is in


@dataclass(frozen=True)
class _Panel:
    goal_index: int
    title: str
    metric: Metric
    weeks: list[dt.date]  # every Monday from the first to the last reported week
    values: list[Decimal | None]  # None for a week without a report: a gap, never a zero
    plan: _Plan | None  # only on a goal's first metric (progress follows it), when complete
    period: Period | None  # the goal's: each value is the figure of the last 30 days (a month)
    down: bool  # the goal's first metric, when the goal should go down: lower is better


def _grid(panels: int) -> tuple[int, int]:
    columns = 1 if panels == 1 else 2
    return math.ceil(panels / columns), columns


def chart_size(panels: int) -> tuple[int, int]:
    """The PNG's (width, height) in pixels for that many panels (more than 12 are shown as 12)."""
    if panels < 1:
        raise ValueError("a chart has at least one panel")
    rows, _columns = _grid(min(panels, MAX_PANELS))
    return WIDTH_PX, TITLE_PX + rows * ROW_PX


def metric_colour(metric_id: int) -> str:
    """The metric's colour, the same in every chart; neighbouring ids get different colours."""
    return PALETTE[metric_id % len(PALETTE)]


@cache
def _glyphs(font_path: str) -> frozenset[int]:
    return frozenset(get_font(font_path).get_charmap())


def _drawable(text: str, limit: int) -> str:
    """User text as it can be drawn: one line, clipped, only characters the font has."""
    glyphs = _glyphs(findfont(FontProperties()))
    return clip(one_line("".join(c for c in one_line(text) if ord(c) in glyphs)), limit)


def _float(value: Decimal | None) -> float:
    return float(value) if value is not None and value.is_finite() else math.nan


def _series(by_week: dict[dt.date, Decimal]) -> tuple[list[dt.date], list[Decimal | None]]:
    if not by_week:
        return [], []
    weeks, week, last = [], min(by_week), max(by_week)
    while True:
        weeks.append(week)
        if week >= last:
            break
        week += _WEEK
    return weeks, [by_week.get(w) for w in weeks]


def _panels(snapshot: Snapshot, today: dt.date) -> list[_Panel]:
    """One panel per metric with an id, in goal order then metric order (not capped yet)."""
    by_metric: dict[int, dict[dt.date, Decimal]] = {}
    for report in snapshot.reports:  # already the latest per metric and week, by week
        by_metric.setdefault(report.metric_id, {})[week_start(report.week)] = report.value
    strategy = snapshot.strategy
    panels = []
    for index, goal in enumerate(strategy.goals):
        for metric in goal.metrics:
            if metric.id is None:
                continue
            weeks, values = _series(by_metric.get(metric.id, {}))
            first = metric is goal.metrics[0]
            plan, (base, target, deadline) = None, (goal.baseline, goal.target, goal.deadline)
            if first and base is not None and target is not None and deadline is not None:
                start = strategy.started_on or (weeks[0] if weeks else today)
                plan = _Plan(start, deadline, base, target, goal.unit)
            title = goal.description if first and goal.description.strip() else metric.name
            down = first and goal_direction(goal) is Direction.DOWN
            panels.append(_Panel(index, title, metric, weeks, values, plan, goal.period, down))
    return panels


def _x_ranges(panels: list[_Panel], today: dt.date) -> dict[int, tuple[float, float]]:
    """One x range per goal: plan start (or first report) to the latest of deadline, last
    report and today, so the deadline and the present are always in view."""
    days: dict[int, list[dt.date]] = {}
    for panel in panels:
        seen = days.setdefault(panel.goal_index, [today])
        seen += panel.weeks[:1] + panel.weeks[-1:]
        if panel.plan:
            seen += [panel.plan.start, panel.plan.deadline]
    ranges = {}
    for index, dates in days.items():
        lo, hi = float(mdates.date2num(min(dates))), float(mdates.date2num(max(dates)))
        pad = max((hi - lo) * 0.04, 4.0)
        ranges[index] = (max(lo - pad, _X_MIN), min(hi + pad, _X_MAX))
    return ranges


def _date_label(x: float, locale: str) -> str:
    try:
        day = mdates.num2date(x).date()
    except (ValueError, OverflowError):
        return ""
    return format_date(day, format="medium", locale=locale)


def _draw(
    ax: Axes, panel: _Panel, xlim: tuple[float, float], today: dt.date, tr: Translator
) -> None:
    assert panel.metric.id is not None
    if panel.weeks:
        ys = [_float(value) for value in panel.values]
        colour = metric_colour(panel.metric.id)
        ax.plot(mdates.date2num(panel.weeks), ys, label=tr("Reported"), color=colour, **_VALUES)
    if plan := panel.plan:
        ends = mdates.date2num([plan.start, plan.deadline])
        target = _float(plan.target)
        ax.plot(ends, [_float(plan.baseline), target], label=tr("Plan"), **_STYLES["plan"])
        ax.axhline(target, label=tr("Target"), **_STYLES["target"])
        ax.axvline(ends[1], label=tr("Deadline"), **_STYLES["deadline"])
    elif not panel.weeks:
        empty = tr("No values reported yet")
        ax.text(0.5, 0.5, empty, transform=ax.transAxes, ha="center", parse_math=False)
        ax.set_yticks([])  # no scale without a value
    ax.axvline(mdates.date2num(today), label=tr("Today"), **_STYLES["today"])
    ax.set_xlim(*xlim)
    title = _drawable(panel.title, 60)
    if panel.down:
        title = tr("{title} (lower is better)", title=title)
    ax.set_title(title, loc="left", fontsize=10, parse_math=False)
    label = fmt.period_window(_drawable(fmt.metric_label(panel.metric), 40), panel.period, tr)
    ax.set_ylabel(label, fontsize=9, parse_math=False)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=2, maxticks=5))
    locale = fmt.babel_locale(tr)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: _date_label(x, locale)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: fmt.number(y + 0.0, tr)))
    ax.tick_params(labelsize=8)
    ax.grid(True, color="#EEEEEE", linewidth=0.8)
    ax.spines[["top", "right"]].set_visible(False)
    if ax.get_lines():
        legend = ax.legend(loc="best", fontsize=7.5, frameon=False)
        for text in legend.get_texts():
            text.set_parse_math(False)


def _figure(snapshot: Snapshot, today: dt.date, tr: Translator) -> tuple[Figure, str] | None:
    """The figure (with its Agg canvas) and its alt text; None when there is nothing to draw."""
    every = _panels(snapshot, today)
    if not every:
        return None
    panels = every[:MAX_PANELS]
    width, height = chart_size(len(panels))
    rows, columns = _grid(len(panels))
    fig = Figure(
        figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained", facecolor="white"
    )
    FigureCanvasAgg(fig)
    fig.suptitle(_drawable(snapshot.strategy.name, 80), fontsize=13, parse_math=False)
    ranges = _x_ranges(panels, today)
    for number, panel in enumerate(panels, start=1):
        _draw(fig.add_subplot(rows, columns, number), panel, ranges[panel.goal_index], today, tr)
    return fig, _alt_text(snapshot.strategy.name, panels, len(every), tr)


def _describe(panel: _Panel, tr: Translator) -> list[str]:
    unit = clip(one_line(panel.metric.unit), 20)
    name = fmt.period_window(clip(one_line(fmt.metric_label(panel.metric)), 60), panel.period, tr)
    reported = [(w, v) for w, v in zip(panel.weeks, panel.values, strict=True) if v is not None]
    if not reported:
        said = [tr("{metric}: no values reported yet.", metric=name)]
    elif len(reported) == 1:
        week, value = reported[0]
        said = [
            tr(
                "{metric}: one weekly value, {value} in the week of {week}.",
                metric=name,
                value=fmt.amount(value, unit, tr),
                week=fmt.date(week, tr),
            )
        ]
    else:
        said = [
            tr(
                "{metric}: {count} weekly values from {first} to {last}, latest {value}.",
                metric=name,
                count=len(reported),
                first=fmt.date(reported[0][0], tr),
                last=fmt.date(reported[-1][0], tr),
                value=fmt.amount(reported[-1][1], unit, tr),
            )
        ]
    missed = len(panel.weeks) - len(reported)
    if missed:
        said.append(
            tr("{count} weeks missed.", count=missed) if missed > 1 else tr("1 week missed.")
        )
    if plan := panel.plan:
        target = fmt.amount(plan.target, clip(one_line(plan.unit), 20), tr)
        target = fmt.period_amount(target, panel.period, tr)
        deadline = fmt.date(plan.deadline, tr)
        said.append(tr("Target {target} by {deadline}.", target=target, deadline=deadline))
    if panel.down:
        said.append(tr("Lower is better."))
    return said


def _alt_text(name: str, panels: list[_Panel], total: int, tr: Translator) -> str:
    """Sentence by sentence, stopping with "…" before the limit rather than mid-word."""
    strategy, shown = clip(one_line(name), 80), len(panels)
    sentences = [
        tr("Chart of {strategy}: 1 panel.", strategy=strategy)
        if shown == 1
        else tr("Chart of {strategy}: {panels} panels.", strategy=strategy, panels=shown)
    ]
    if total > shown:
        left_out = tr(
            "Only the first {shown} of {total} metrics are shown.", shown=shown, total=total
        )
        sentences.append(left_out)
    for panel in panels:
        sentences += _describe(panel, tr)
    text = ""
    for sentence in sentences:
        if len(text) + 1 + len(sentence) > ALT_TEXT_LIMIT - 2:
            return text + " …"
        text = f"{text} {sentence}" if text else sentence
    return text


def render_chart(snapshot: Snapshot, today: dt.date, tr: Translator) -> Chart | None:
    """The status chart as a PNG, or None when no goal has a metric (with an id) to draw."""
    built = _figure(snapshot, today, tr)
    if built is None:
        return None
    fig, alt_text = built
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    width, height = chart_size(len(fig.axes))
    return Chart(png=buffer.getvalue(), alt_text=alt_text, width=width, height=height)

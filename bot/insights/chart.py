"""The status chart: one PNG with a panel per metric, and a plain-language description of it.

Pure: a snapshot, today's date and a translator come in, bytes and text go out. What is shown is
decided in `chart_panels.py` (light); the drawing is `chart_figure.py` (matplotlib), imported
inside `render_chart`, which runs on the status chart pool: importing this module (the app does
at start-up) does not load matplotlib.

A chart is drawn as of a week (today's Monday), not a day, so it stays the same all week and
`chart_key` can say whether the chart uploaded last time is still the one to show: a digest of
everything the chart shows (the panels with their values, the strategy's name, the week, the
language and its words, the alt text) and `CHART_VERSION`, which a change to the drawing bumps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.model import Snapshot
from bot.domain.progress import week_start
from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.insights.chart_panels import (
    MAX_PANELS,
    Panel,
    chart_size,
    labels,
    metric_colour,
    panels,
)
from bot.text.user_text import clip, one_line

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "ALT_TEXT_LIMIT",
    "CHART_VERSION",
    "MAX_PANELS",
    "Chart",
    "ChartSummary",
    "chart_key",
    "chart_size",
    "chart_summary",
    "chart_title",
    "metric_colour",
    "render_chart",
]

ALT_TEXT_LIMIT = 1000
# Part of every chart's key: bump it when the drawing changes, and every chart is drawn anew.
CHART_VERSION = 2


@dataclass(frozen=True)
class Chart:
    png: bytes
    alt_text: str  # a plain-language description for screen readers, <= 1000 characters
    width: int  # pixels
    height: int


def chart_title(tr: Translator) -> str:
    """The chart's title where it is shown (the uploaded file, the image block)."""
    return tr("Weekly numbers against the plan")


@dataclass(frozen=True)
class ChartSummary:
    """What a status chart would show, without drawing it."""

    key: str  # a digest of everything the chart shows
    alt_text: str


def chart_summary(snapshot: Snapshot, today: dt.date, tr: Translator) -> ChartSummary | None:
    """The key and alt text of the chart `render_chart` would draw (see the module docstring);
    None when there is nothing to draw. Light: no matplotlib."""
    week = week_start(today)
    every = panels(snapshot, week)
    if not every:
        return None
    shown = every[:MAX_PANELS]
    name = snapshot.strategy.name
    seen = (CHART_VERSION, tr.language, labels(tr), chart_title(tr), name, week, len(every))
    alt_text = _alt_text(name, shown, len(every), tr)
    key = hashlib.sha256(repr((seen, shown, alt_text)).encode()).hexdigest()
    return ChartSummary(key, alt_text)


def chart_key(snapshot: Snapshot, today: dt.date, tr: Translator) -> str | None:
    summary = chart_summary(snapshot, today, tr)
    return None if summary is None else summary.key


def _figure(snapshot: Snapshot, today: dt.date, tr: Translator) -> tuple[Figure, str] | None:
    """The figure (with its Agg canvas) and its alt text; None when there is nothing to draw."""
    week = week_start(today)
    every = panels(snapshot, week)
    if not every:
        return None
    from bot.insights import chart_figure  # matplotlib: only where a chart is drawn

    shown = every[:MAX_PANELS]
    fig = chart_figure.figure(shown, snapshot.strategy.name, week, tr)
    return fig, _alt_text(snapshot.strategy.name, shown, len(every), tr)


def _describe(panel: Panel, tr: Translator) -> list[str]:
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


def _alt_text(name: str, panels: list[Panel], total: int, tr: Translator) -> str:
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
    """The status chart as a PNG as of today's week, or None when no goal has a metric (with an
    id) to draw."""
    built = _figure(snapshot, today, tr)
    if built is None:
        return None
    fig, alt_text = built
    from bot.insights import chart_figure

    width, height = chart_size(len(fig.axes))
    return Chart(png=chart_figure.png(fig), alt_text=alt_text, width=width, height=height)

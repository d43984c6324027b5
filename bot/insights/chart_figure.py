"""The status chart drawn with matplotlib: panels in, a figure and its PNG out.

Only `chart.py` imports this module, inside the functions that draw, which run on the chart
pool: matplotlib (with numpy) takes about 0.4 s and 25 MB to import, which `strategy-coach run`
no longer pays at start-up (tests/insights/test_lazy_chart_import.py).

Pure, and built for a threaded Slack app:

- Only the object-oriented API (`Figure` + `FigureCanvasAgg`): no pyplot, no `rc_context`, no
  warning filters, nothing global is touched, so several threads may render at once.
- Fixed figure size and dpi, never `bbox_inches="tight"`, so the PNG is exactly `chart_size()`.
  The dpi is a power of two, so pixels / dpi and back are exact in binary floating point.
- User text (names, descriptions, units) is drawn with `parse_math=False`, so `$` and `\\` are
  just characters, and characters the font has no glyph for are dropped before drawing, so
  odd text neither raises nor warns about missing glyphs.
- Missed weeks are NaN, so the line breaks there instead of pretending a value was reported.

Drawn in one pass, because 10 panels of two years took 1.1 s (bench/chart.py):

- The layout is ours, in pixels: each panel has its cell, the left margin of a column is the
  widest y tick label in it (measured with the renderer's font metrics, nothing drawn), and the
  titles and y labels are placed, not searched for. Constrained layout measured every artist
  twice and made `savefig` draw the figure twice, half of the time.
- Six y ticks at most: readable at Slack's size, and fewer tick artists to draw.
- Markers only where weeks are far enough apart to be told apart (and on a value with a missed
  week either side, which has no line to show it); 104 overlapping markers were a smear.
- The ticks are ours too: matplotlib makes a `Tick` (five artists, its properties deep-copied)
  for every location, a third of the drawing. Each axes draws its tick marks as one line of
  tick markers, its y grid as one line broken by NaN, and its tick labels as plain texts
  (gid "xtick"/"ytick"); matplotlib's own locators stay switched off, and its axes make no
  Tick objects at all (`chart_axes.py`: it made four per Axes as it cleared it, unused).
- The PNG is written by `chart_png.py`, RGB and unfiltered: half of Pillow's time.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from functools import cache
from typing import Any

import numpy as np
from babel.dates import format_date
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.lines import Line2D
from matplotlib.markers import TICKDOWN, TICKLEFT
from matplotlib.ticker import MaxNLocator, NullLocator
from matplotlib.transforms import Transform, offset_copy

from bot.i18n import formatting as fmt
from bot.i18n.catalogue import Translator
from bot.insights.chart_axes import ChartAxes
from bot.insights.chart_panels import (
    DPI,
    ROW_PX,
    TITLE_PX,
    WIDTH_PX,
    Labels,
    Panel,
    chart_size,
    grid,
    metric_colour,
)
from bot.insights.chart_panels import labels as chart_labels
from bot.insights.chart_png import rgb_png
from bot.text.user_text import clip, one_line

# Everything that is not a metric's values is grey or black, so it never clashes with them.
_VALUES: dict[str, Any] = dict(markersize=4, linewidth=2, gid="values", zorder=3)
_STYLES: dict[str, dict[str, Any]] = {
    "plan": {"color": "#666666", "linestyle": "--", "linewidth": 1.5, "gid": "plan"},
    "target": {"color": "#000000", "linestyle": ":", "linewidth": 1.2, "gid": "target"},
    "deadline": {"color": "#333333", "linestyle": "-.", "linewidth": 1.2, "gid": "deadline"},
    "week": {"color": "#BBBBBB", "linewidth": 1, "gid": "week", "zorder": 1},
}
# Matplotlib dates must stay within years 1 to 9999.
_X_MIN, _X_MAX = float(mdates.date2num(dt.date.min)), float(mdates.date2num(dt.date.max))

# The layout, in pixels (a point is DPI / 72 pixels).
_PT = DPI / 72
_TICK_FONT = 8  # points, tick labels
_TICK_LEN_PT, _TICK_PAD_PT = 3.5, 3.5  # a tick's length, and the gap to its label
_TICK_PX = (_TICK_LEN_PT + _TICK_PAD_PT) * _PT
_TICK: dict[str, Any] = dict(
    color="black", markersize=_TICK_LEN_PT, markeredgewidth=0.8, linestyle="None", clip_on=False
)
_TICK_TEXT: dict[str, Any] = dict(fontsize=_TICK_FONT, parse_math=False, clip_on=False)
_GRID: dict[str, Any] = dict(color="#EEEEEE", linewidth=0.8, zorder=0.9, gid="grid")
# The lines of the axes rather than of the data (ax.get_lines() has them too).
FRAME_GIDS = frozenset({"xticks", "yticks", "grid"})
_NUMBERS: dict[str, Any] = dict(nbins=6, steps=[1, 2, 2.5, 5, 10])  # six y ticks at most
_SUPTITLE_TOP_PX = 14
_LEGEND_TOP_PX = 42  # its row, under the title (13 pt)
_LEGEND_ORDER = ("values", "plan", "target", "deadline", "week")
_CELL_TOP_PX = 32  # the panel's title sits in it
_CELL_BOTTOM_PX = 36  # the dates
_CELL_RIGHT_PX = 44  # half the last date, which is centred on its tick
_CELL_LEFT_PX = 8 + 9 * _PT * 1.2 + 6  # an edge, the y label (9 pt), a gap to the tick labels
_LABEL_GAP_PX = 6
_MARKER_PX = 5  # a week narrower than this on screen: no markers, they would overlap


@cache
def _glyphs(font_path: str) -> frozenset[int]:
    return frozenset(get_font(font_path).get_charmap())


def drawable(text: str, limit: int) -> str:
    """User text as it can be drawn: one line, clipped, only characters the font has."""
    glyphs = _glyphs(findfont(FontProperties()))
    return clip(one_line("".join(c for c in one_line(text) if ord(c) in glyphs)), limit)


def _float(value: Decimal | None) -> float:
    return float(value) if value is not None and value.is_finite() else math.nan


def _x_ranges(panels: list[Panel], week: dt.date) -> dict[int, tuple[float, float]]:
    """One x range per goal: plan start (or first report) to the latest of deadline, last
    report and this week, so the deadline and the present are always in view."""
    days: dict[int, list[dt.date]] = {}
    for panel in panels:
        seen = days.setdefault(panel.goal_index, [week])
        seen += panel.weeks[:1] + panel.weeks[-1:]
        if panel.plan:
            seen += [panel.plan.start, panel.plan.deadline]
    ranges = {}
    for index, dates in days.items():
        lo, hi = float(mdates.date2num(min(dates))), float(mdates.date2num(max(dates)))
        pad = max((hi - lo) * 0.04, 4.0)
        ranges[index] = (max(lo - pad, _X_MIN), min(hi + pad, _X_MAX))
    return ranges


def _in_view(ticks: Any, lo: float, hi: float) -> list[float]:
    """The tick locations within [lo, hi] (give or take rounding)."""
    lo, hi = min(lo, hi), max(lo, hi)
    slack = (hi - lo) * 1e-9
    return [float(x) for x in ticks if lo - slack <= x <= hi + slack]


def _date_ticks(left: float, right: float) -> Any:
    """Where the dates go, as matplotlib's date axis would put them (a locator per call: it
    keeps state while it picks)."""
    try:
        start, end = sorted((mdates.num2date(left), mdates.num2date(right)))
    except ValueError:
        return []
    return mdates.AutoDateLocator(minticks=2, maxticks=5).tick_values(start, end)


def _date_label(x: float, locale: str) -> str:
    try:
        day = mdates.num2date(x).date()
    except (ValueError, OverflowError):
        return ""
    return format_date(day, format="medium", locale=locale)


class _TickLabels:
    """The figure's tick labels, each value formatted once: matplotlib asks for them again
    while measuring and drawing, and Babel takes its time."""

    def __init__(self, tr: Translator) -> None:
        self.tr, self.locale = tr, fmt.babel_locale(tr)
        self.dates: dict[float, str] = {}
        self.numbers: dict[float, str] = {}

    def date(self, x: float) -> str:
        if x not in self.dates:
            self.dates[x] = _date_label(x, self.locale)
        return self.dates[x]

    def number(self, y: float) -> str:
        if y not in self.numbers:
            self.numbers[y] = fmt.number(y + 0.0, self.tr)
        return self.numbers[y]


def _markers(values: list[float], week_px: float) -> dict[str, Any]:
    """Every week's marker when weeks are far enough apart; else only on lone values."""
    if week_px >= _MARKER_PX:
        return {"marker": "o"}
    known = [not math.isnan(v) for v in values]
    lone = [
        i
        for i, seen in enumerate(known)
        if seen and not (i > 0 and known[i - 1]) and not (i + 1 < len(known) and known[i + 1])
    ]
    return {"marker": "o", "markevery": lone} if lone else {"marker": ""}


def _draw(
    ax: Axes,
    panel: Panel,
    xlim: tuple[float, float],
    plot_px: float,
    week: dt.date,
    words: Labels,
    labels: _TickLabels,
) -> list[str]:
    """One panel, with its ticks; its y tick labels (for `_place`)."""
    assert panel.metric.id is not None
    if panel.weeks:
        ys = [_float(value) for value in panel.values]
        style = _VALUES | _markers(ys, plot_px * 7 / (xlim[1] - xlim[0]))
        colour = metric_colour(panel.metric.id)
        ax.plot(mdates.date2num(panel.weeks), ys, label=words.reported, color=colour, **style)
    if plan := panel.plan:
        ends = mdates.date2num([plan.start, plan.deadline])
        target = _float(plan.target)
        ax.plot(ends, [_float(plan.baseline), target], label=words.plan, **_STYLES["plan"])
        ax.axhline(target, label=words.target, **_STYLES["target"])
        ax.axvline(ends[1], label=words.deadline, **_STYLES["deadline"])
    elif not panel.weeks:
        empty = words.no_values
        ax.text(0.5, 0.5, empty, transform=ax.transAxes, ha="center", parse_math=False)
    # This week's Monday, not today: the chart is the same all week, so it is drawn once.
    ax.axvline(mdates.date2num(week), label=words.this_week, **_STYLES["week"])
    ax.set_xlim(*xlim)
    title = drawable(panel.title, 60)
    if panel.down:
        title = words.titled(title)
    # y given: matplotlib would otherwise measure the axes again to lift the title.
    ax.set_title(title, loc="left", fontsize=10, parse_math=False, y=1.0, pad=6)
    label = fmt.period_window(drawable(fmt.metric_label(panel.metric), 40), panel.period, labels.tr)
    ax.set_ylabel(label, fontsize=9, parse_math=False)
    ax.spines[["top", "right"]].set_visible(False)
    # No scale without a value.
    return _ticks(ax, labels, scale=bool(panel.weeks or panel.plan))


def _ticks(ax: Axes, labels: _TickLabels, scale: bool) -> list[str]:
    """The axes' tick marks, tick labels and y grid, drawn as a few plain artists (see the
    module docstring); its y tick labels. The view is final: the limits are frozen here."""
    left, right = ax.get_xlim()
    bottom, top = ax.get_ylim()  # autoscaled to what is drawn, as matplotlib would
    ax.set_ylim(bottom, top)
    ax.xaxis.set_major_locator(NullLocator())
    ax.yaxis.set_major_locator(NullLocator())
    xs = _in_view(_date_ticks(left, right), left, right)
    ys = _in_view(MaxNLocator(**_NUMBERS).tick_values(bottom, top), bottom, top) if scale else []
    x_axis, y_axis = ax.get_xaxis_transform(), ax.get_yaxis_transform()
    x_marks = Line2D(xs, [0.0] * len(xs), transform=x_axis, marker=TICKDOWN, gid="xticks", **_TICK)
    ax.add_artist(x_marks)
    y_marks = Line2D([0.0] * len(ys), ys, transform=y_axis, marker=TICKLEFT, gid="yticks", **_TICK)
    ax.add_artist(y_marks)
    grid = [(x, y) for y in ys for x in (0.0, 1.0, math.nan)]
    if grid:  # the dates have This week and Deadline: a grid for the values only
        gx, gy = zip(*grid, strict=True)
        ax.add_artist(Line2D(gx, gy, transform=y_axis, **_GRID))
    pad = _TICK_LEN_PT + _TICK_PAD_PT
    below: Transform = offset_copy(x_axis, fig=ax.figure, y=-pad, units="points")
    beside: Transform = offset_copy(y_axis, fig=ax.figure, x=-pad, units="points")
    for x in xs:
        date = labels.date(x)
        ax.text(x, 0, date, transform=below, ha="center", va="top", gid="xtick", **_TICK_TEXT)
    numbers = [labels.number(y) for y in ys]
    for y, text in zip(ys, numbers, strict=True):
        ax.text(
            0,
            y,
            text,
            transform=beside,
            ha="right",
            va="center_baseline",
            gid="ytick",
            **_TICK_TEXT,
        )
    return numbers


def _legend(fig: Figure, axes: list[Axes]) -> None:
    """One legend for the chart, in a row under its title: a line means the same in every
    panel, no legend covers a value, and one legend draws in a fraction of ten. The first
    panel holds it (placed in figure coordinates); its sample of "Reported" is that panel's."""
    lines: dict[object, Line2D] = {}
    for ax in axes:
        for line in ax.get_lines():
            lines.setdefault(line.get_gid(), line)
    shown = [lines[gid] for gid in _LEGEND_ORDER if gid in lines]
    _width, height = fig.canvas.get_width_height()
    box = axes[0].legend(
        shown,
        [str(line.get_label()) for line in shown],
        loc="upper center",
        bbox_to_anchor=(0.5, 1 - _LEGEND_TOP_PX / height),
        bbox_transform=fig.transFigure,
        ncols=len(shown),
        fontsize=8,
        frameon=False,
        handlelength=2.5,
        columnspacing=2.0,
    )
    for text in box.get_texts():
        text.set_parse_math(False)


def _label_px(texts: list[str], renderer: RendererAgg) -> float:
    """The width of the widest of these y tick labels, in pixels."""
    font = FontProperties(size=_TICK_FONT)
    widths = [renderer.get_text_width_height_descent(t, font, ismath=False)[0] for t in texts]
    return max(widths, default=0.0)


def _place(fig: Figure, axes: list[Axes], y_labels: list[list[str]], columns: int) -> None:
    """Each panel in its cell; a column's left margin fits its widest y tick label."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    width, height = fig.canvas.get_width_height()
    cell = width / columns
    labels = [0.0] * columns
    for number, texts in enumerate(y_labels):
        labels[number % columns] = max(labels[number % columns], _label_px(texts, renderer))
    for number, ax in enumerate(axes):
        row, column = divmod(number, columns)
        label = min(labels[column], cell / 3)  # a huge number may overlap its y label
        left = column * cell + _CELL_LEFT_PX + label + _TICK_PX
        right = (column + 1) * cell - _CELL_RIGHT_PX
        top = TITLE_PX + row * ROW_PX + _CELL_TOP_PX
        bottom = TITLE_PX + (row + 1) * ROW_PX - _CELL_BOTTOM_PX
        ax.set_position(
            (left / width, 1 - bottom / height, (right - left) / width, (bottom - top) / height)
        )
        ax.yaxis.set_label_coords(-(label + _TICK_PX + _LABEL_GAP_PX) / (right - left), 0.5)
        ax.xaxis.set_label_coords(0.5, 0.0)  # no x label: nothing to place


def figure(panels: list[Panel], name: str, week: dt.date, tr: Translator) -> Figure:
    """The figure (with its Agg canvas), laid out, of at most MAX_PANELS panels, as of `week`
    (a Monday)."""
    width, height = chart_size(len(panels))
    rows, columns = grid(len(panels))
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    fig.suptitle(
        drawable(name, 80),
        fontsize=13,
        parse_math=False,
        y=1 - _SUPTITLE_TOP_PX / height,
        va="top",
    )
    ranges = _x_ranges(panels, week)
    plot_px = WIDTH_PX / columns - _CELL_LEFT_PX - _CELL_RIGHT_PX - 60  # about, before _place
    axes, y_labels, labels, words = [], [], _TickLabels(tr), chart_labels(tr)
    for number, panel in enumerate(panels, start=1):
        ax = fig.add_subplot(rows, columns, number, axes_class=ChartAxes)
        y_labels.append(_draw(ax, panel, ranges[panel.goal_index], plot_px, week, words, labels))
        axes.append(ax)
    _legend(fig, axes)
    _place(fig, axes, y_labels, columns)
    return fig


def png(fig: Figure) -> bytes:
    """The figure drawn (once: no layout engine) and written as an 8-bit RGB PNG."""
    canvas = fig.canvas
    canvas.draw()
    width, height = canvas.get_width_height()
    rgb = np.asarray(canvas.buffer_rgba())[:, :, :3]  # type: ignore[attr-defined]
    return rgb_png(rgb.reshape(height, width * 3), width, height)

"""The status chart's Axes: matplotlib's, without Tick objects. Only chart_figure.py imports it.

Matplotlib makes a major and a minor `Tick` (five artists each, properties deep-copied) for both
axes of every Axes as it clears it, and more for every tick location as it draws. The chart draws
its ticks as a few plain artists instead (chart_figure.py `_ticks`), so its axes keep empty tick
lists: `Axis.reset_ticks` is the one place matplotlib fills them, lazily, one Tick each.
"""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.axis import XAxis, YAxis


class _NoTicks:
    """An axis that keeps no Tick objects (a fifth of the chart's time went into making them)."""

    majorTicks: list[Any]
    minorTicks: list[Any]

    def reset_ticks(self) -> None:
        self.majorTicks, self.minorTicks = [], []  # not matplotlib's lazy lists of one
        patch = getattr(self.axes, "patch", None)  # type: ignore[attr-defined]
        if patch is not None:  # not yet while the Axes is being made
            self.set_clip_path(patch)  # type: ignore[attr-defined]


class _XAxis(_NoTicks, XAxis):
    pass


class _YAxis(_NoTicks, YAxis):
    pass


class ChartAxes(Axes):
    """An Axes whose axes make no Tick objects (`_NoTicks`)."""

    def clear(self) -> None:
        super().clear()
        for spine in self.spines.values():
            spine.get_position()  # sets the spine's transform, which making ticks used to do

    def _init_axis(self) -> None:
        self.xaxis = _XAxis(self, clear=False)
        self.spines.bottom.register_axis(self.xaxis)
        self.spines.top.register_axis(self.xaxis)
        self.yaxis = _YAxis(self, clear=False)
        self.spines.left.register_axis(self.yaxis)
        self.spines.right.register_axis(self.yaxis)

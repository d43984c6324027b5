"""How fast is the status chart drawn? Ten metrics over two years, and a typical small strategy.

    .venv/bin/python -m bench.chart                 # 15 runs of each case
    .venv/bin/python -m bench.chart --out /tmp      # also writes the PNGs there, to look at
    .venv/bin/python -m bench.chart --no-status     # the drawing only

Calls `render_chart` (bot/insights/chart.py) on snapshots built in memory, so only the drawing
is timed (status_bench.py times the whole status with the upload):

- "10 metrics x 104 weeks": 5 goals of 2 metrics, 104 weekly reports each, three weeks missed,
  the same numbers as status_bench.py stores;
- "2 goals x 1 metric, 12 weeks": what most teams have after their first quarter.

The first render of the process is printed on its own: it pays for importing matplotlib and
loading the font, which the app does on the chart pool, not at start-up. Then each case is
rendered `--runs` times and the median and the spread are printed, with the PNG's size and
the median CPU time of the rendering thread (steadier than the wall clock when other work
shares the machine).
Then, unless `--no-status`, the whole status of the ten-metric strategy through
`StatusReports` (SQLite in a temporary folder, the fake Slack; bench/status_bench.py):
once with the chart changed (drawn and uploaded) and once unchanged (shown again by its Slack
file id in the status message), with the Web API calls each made.
Figures, not assertions: the README quotes them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from bot.domain.model import Report, Snapshot, Strategy
from bot.domain.progress import week_start
from bot.i18n.catalogue import translator
from bot.insights.chart import render_chart
from tests.support.status_data import live_strategy

TODAY = dt.date(2026, 11, 27)
REPORTED_AT = dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Case:
    name: str
    slug: str
    snapshot: Snapshot


def snapshot(goals: int, metrics_per_goal: int, weeks: int, missed: tuple[int, ...]) -> Snapshot:
    """Like tests/support/status_data.store: every metric grows by 40 a week up to last week."""
    strategy: Strategy = live_strategy("CBENCH", goals, metrics_per_goal, name="Kafé Ørnen")
    strategy.started_on = TODAY - dt.timedelta(weeks=weeks)
    ids = iter(range(1, 1000))
    for goal in strategy.goals:
        goal.id = next(ids)
        for metric in goal.metrics:
            metric.id = next(ids)
    first = week_start(TODAY) - dt.timedelta(weeks=weeks)
    reported = []
    for n in range(weeks):
        if n in missed:
            continue
        week = first + dt.timedelta(weeks=n)
        for goal in strategy.goals:
            for index, metric in enumerate(goal.metrics):
                assert goal.id is not None and metric.id is not None
                value = Decimal(1000 + 40 * (n + 1) + index)
                reported.append(
                    Report(len(reported) + 1, goal.id, metric.id, week, value, "U1", REPORTED_AT)
                )
    return Snapshot(strategy, reports=reported)


CASES = (
    Case("10 metrics x 104 weeks", "ten-metrics", snapshot(5, 2, 104, missed=(10, 11, 50))),
    Case("2 goals x 1 metric, 12 weeks", "two-goals", snapshot(2, 1, 12, missed=(5,))),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--lang", choices=["en", "nb"], default="en")
    parser.add_argument("--out", type=Path, help="write each case's PNG into this folder")
    parser.add_argument("--no-status", action="store_true", help="skip the whole status")
    parser.add_argument("--status-runs", type=int, default=5)
    args = parser.parse_args()
    tr = translator(args.lang)
    print(f"measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs")
    started = time.perf_counter()
    render_chart(CASES[1].snapshot, TODAY, tr)
    print(f"first render (imports matplotlib): {(time.perf_counter() - started) * 1000:.0f} ms")
    for case in CASES:
        wall, cpu = [], []
        for _ in range(args.runs):
            started, started_cpu = time.perf_counter(), time.thread_time()
            chart = render_chart(case.snapshot, TODAY, tr)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
        assert chart is not None
        print(
            f"{case.name + ':':30} {statistics.median(wall):4.0f} ms median of {args.runs} "
            f"(min {min(wall):.0f}, max {max(wall):.0f}; CPU {statistics.median(cpu):.0f} ms); "
            f"{chart.width}x{chart.height} px, {len(chart.png) / 1024:.0f} KiB"
        )
        if args.out:
            path = args.out / f"chart-{case.slug}-{args.lang}.png"
            path.write_bytes(chart.png)
            print(f"{'':30} written to {path}")
    if not args.no_status:
        _statuses(args.status_runs)


def _statuses(runs: int) -> None:
    from bench.status_bench import measure  # the database and the fake Slack: only here

    with tempfile.TemporaryDirectory() as folder:
        f = measure(f"sqlite:///{Path(folder) / 'bench.db'}", runs)
    print(
        f"{'status, chart changed:':30} {f.changed_message_ms:4.0f} ms to the message, then "
        f"{f.changed_chart_ms:.0f} ms to draw and upload the chart (median of {runs}); "
        f"{f.changed_calls:.0f} Web API calls"
    )
    print(
        f"{'status, chart unchanged:':30} {f.unchanged_ms:4.0f} ms to the message with its "
        f"chart (median of {runs}); {f.unchanged_calls:.0f} Web API calls "
        f"({f.unchanged_methods}); nothing drawn or uploaded"
    )


if __name__ == "__main__":
    main()

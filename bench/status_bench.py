"""How fast is a status for a big strategy? Two years of weekly reports for ten metrics.

    .venv/bin/python -m bench.status_bench                      # SQLite in a temporary folder
    .venv/bin/python -m bench.status_bench --database-url postgresql+psycopg://…

Builds the strategy through the real migrations and storage code, then asks for its status the
way `/strategy status` does (StatusReports.show, a real WebClient against the fake Slack on
127.0.0.1) and prints, as the median of several runs, for two cases:

- the chart changed (the kept chart forgotten before each run): the time until the status
  message is posted, the time until the chart is rendered and uploaded, the PNG's size;
- the chart unchanged (the one uploaded before is shown by its file id in the message): the
  time until the status, chart included, is posted;

each with its Web API calls and SQL queries. Figures, not assertions: the README quotes them.
`measure()` gives the figures to bench/chart.py too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event

from bot.domain.actor import Actor
from bot.insights.finder import StrategyFinder
from bot.insights.status import CHART_QUEUE, StatusReports
from bot.people.languages import Languages
from bot.runtime.executors import ContextExecutor
from bot.slack.client import SlackIO, make_client
from storage import status_charts
from storage.db import make_engine, make_session_factory, upgrade
from tests.support.fake_slack import FakeSlack
from tests.support.status_data import TEAM, live_strategy, store

TODAY = dt.date(2026, 11, 27)
NOW = dt.datetime.combine(TODAY, dt.time(12), dt.UTC)


@dataclass(frozen=True)
class Figures:
    """Medians over the runs; times in milliseconds."""

    database: str
    changed_message_ms: float  # until the status message is posted
    changed_chart_ms: float  # then until the chart is rendered and uploaded
    changed_calls: float  # Web API calls for the whole status, chart included
    changed_queries: float
    png_bytes: int
    unchanged_ms: float  # until the status, with the chart by its file id, is posted
    unchanged_calls: float
    unchanged_queries: float
    unchanged_methods: str  # the Web API methods one unchanged status called


def measure(database_url: str, runs: int) -> Figures:
    upgrade(database_url)
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    strategy = live_strategy("CBENCH", goals=5, metrics_per_goal=2, name="Two years, ten metrics")
    strategy.team_id = TEAM
    strategy = store(
        sessions, strategy, TODAY, weeks=104, missed=(10, 11, 50), started_weeks_ago=104
    )
    assert strategy.id is not None
    queries: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: queries.append(str(a[2])))
    changed: dict[str, list[float]] = {"message": [], "chart": [], "calls": [], "queries": []}
    unchanged: dict[str, list[float]] = {"status": [], "calls": [], "queries": []}
    methods = ""
    with FakeSlack() as fake, ContextExecutor(2, "bench-chart", CHART_QUEUE) as charts:
        slack = SlackIO(make_client("xoxb-bench", fake.api_url))
        finder = StrategyFinder(sessions, slack)
        languages = Languages(sessions, slack)
        statuses = StatusReports(sessions, slack, finder, languages, lambda: NOW, charts)
        actor = Actor(team_id=TEAM, user_id="U1", channel_id="CBENCH")
        for _ in range(runs):
            with sessions.begin() as session:  # as if the numbers had changed
                kept = status_charts.uploaded_chart(session, TEAM, strategy.id)
                if kept is not None:
                    status_charts.forget_chart(session, TEAM, strategy.id, kept.file_id)
            queries.clear()
            calls = len(fake.calls())
            started = time.perf_counter()
            future = statuses.show(actor, "", lambda text, blocks: None)
            posted = time.perf_counter()
            assert future is not None and future.result(timeout=60)
            done = time.perf_counter()
            changed["message"].append((posted - started) * 1000)
            changed["chart"].append((done - posted) * 1000)
            changed["calls"].append(len(fake.calls()) - calls)
            changed["queries"].append(len(queries))

            queries.clear()
            calls = len(fake.calls())
            started = time.perf_counter()
            assert statuses.show(actor, "", lambda text, blocks: None) is None  # nothing to draw
            unchanged["status"].append((time.perf_counter() - started) * 1000)
            made = fake.calls()[calls:]
            unchanged["calls"].append(len(made))
            unchanged["queries"].append(len(queries))
            methods = ", ".join(c.method for c in made)
        png = int(fake.calls("files.getUploadURLExternal")[-1].params.get("length") or 0)
    engine.dispose()
    return Figures(
        database=engine.dialect.name,
        changed_message_ms=statistics.median(changed["message"]),
        changed_chart_ms=statistics.median(changed["chart"]),
        changed_calls=statistics.median(changed["calls"]),
        changed_queries=statistics.median(changed["queries"]),
        png_bytes=png,
        unchanged_ms=statistics.median(unchanged["status"]),
        unchanged_calls=statistics.median(unchanged["calls"]),
        unchanged_queries=statistics.median(unchanged["queries"]),
        unchanged_methods=methods,
    )


def run(database_url: str, runs: int) -> None:
    f = measure(database_url, runs)
    reports = 104 * 10 - 3 * 10
    print(f"database:            {f.database}")
    print(f"strategy:            5 goals, 10 metrics, {reports} weekly reports over 104 weeks")
    print("chart changed (drawn and uploaded):")
    print(f"status message:      {f.changed_message_ms:.0f} ms (median of {runs})")
    print(f"chart render+upload: {f.changed_chart_ms:.0f} ms (median)")
    print(f"chart PNG:           {f.png_bytes} bytes")
    print(f"Web API calls:       {f.changed_calls:.0f} per status, chart included")
    print(f"SQL queries:         {f.changed_queries:.0f} per status")
    print("chart unchanged (shown by its file id):")
    print(f"status with chart:   {f.unchanged_ms:.0f} ms (median of {runs})")
    print(f"Web API calls:       {f.unchanged_calls:.0f} per status ({f.unchanged_methods})")
    print(f"SQL queries:         {f.unchanged_queries:.0f} per status")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if args.database_url:
        run(args.database_url, args.runs)
        return
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'bench.db'}", args.runs)


if __name__ == "__main__":
    main()

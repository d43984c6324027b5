"""How fast is a status for a big strategy? Two years of weekly reports for ten metrics.

    .venv/bin/python -m bench.status_bench                      # SQLite in a temporary folder
    .venv/bin/python -m bench.status_bench --database-url postgresql+psycopg://…

Builds the strategy through the real migrations and storage code, then asks for its status the
way `/strategy status` does (StatusReports.show, a real WebClient against the fake Slack on
127.0.0.1) and prints, as the median of several runs: the time until the status message is
posted, the time until the chart is rendered and uploaded, the PNG's size, and the number of
SQL queries. Figures, not assertions: the README quotes them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import event

from bot.domain.actor import Actor
from bot.insights.finder import StrategyFinder
from bot.insights.status import StatusReports
from bot.people.languages import Languages
from bot.slack.client import SlackIO, make_client
from storage.db import make_engine, make_session_factory, upgrade
from tests.support.fake_slack import FakeSlack
from tests.support.status_data import TEAM, live_strategy, store

TODAY = dt.date(2026, 11, 27)
NOW = dt.datetime.combine(TODAY, dt.time(12), dt.UTC)


def run(database_url: str, runs: int) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    strategy = live_strategy("CBENCH", goals=5, metrics_per_goal=2, name="Two years, ten metrics")
    strategy.team_id = TEAM
    store(sessions, strategy, TODAY, weeks=104, missed=(10, 11, 50), started_weeks_ago=104)
    queries: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: queries.append(str(a[2])))
    with FakeSlack() as fake, ThreadPoolExecutor(max_workers=2) as charts:
        slack = SlackIO(make_client("xoxb-bench", fake.api_url))
        finder = StrategyFinder(sessions, slack)
        languages = Languages(sessions, slack)
        statuses = StatusReports(sessions, slack, finder, languages, lambda: NOW, charts)
        actor = Actor(team_id=TEAM, user_id="U1", channel_id="CBENCH")
        message_times, chart_times, counts = [], [], []
        for _ in range(runs):
            queries.clear()
            started = time.perf_counter()
            future = statuses.show(actor, "", lambda text, blocks: None)
            posted = time.perf_counter()
            assert future is not None and future.result(timeout=60)
            done = time.perf_counter()
            message_times.append(posted - started)
            chart_times.append(done - posted)
            counts.append(len(queries))
        png = fake.calls("files.getUploadURLExternal")[-1].params.get("length")
    reports = 104 * 10 - 3 * 10
    print(f"database:            {engine.dialect.name}")
    print(f"strategy:            5 goals, 10 metrics, {reports} weekly reports over 104 weeks")
    print(f"status message:      {statistics.median(message_times) * 1000:.0f} ms (median)")
    print(f"chart render+upload: {statistics.median(chart_times) * 1000:.0f} ms (median)")
    print(f"chart PNG:           {png} bytes")
    print(f"SQL queries:         {statistics.median(counts):.0f} per status")
    engine.dispose()


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

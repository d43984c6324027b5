"""Does `strategy-coach run` keep its memory under steady load, or does it grow?

    .venv/bin/python -m bench.memory                   # 2 rounds of 2,000 requests, 100 charts each
    .venv/bin/python -m bench.memory --rounds 3 --requests 1000 --charts 50
    .venv/bin/python -m bench.memory --trace           # a debug run: where the growth was allocated

Starts the real console script (`strategy-coach run`, HTTP, the scheduler ticking) on SQLite in
a temporary folder, against the Slack stand-in (bot.slack_standin) in this process. Before it
starts, `--charts` + 1 live strategies (two goals, 12 weekly reports each, one per channel) are
saved through the product's own storage code (tests/support/status_data.py, as
bench/status_bench.py does). The spare one's `/strategy status` comes first: its chart imports
the chart library, once per process. Before each round every other strategy gets this week's
numbers (`storage.reports.add_report`, a correction of them from the second round on), so its
chart shows something new and is drawn again (an unchanged chart is not drawn twice).

Each round is `--requests` signed requests from `--clients` keep-alive clients at `--rate` a
second (bench/ack.py's load and payloads): every (requests / charts)-th is `/strategy status`
in the next strategy's channel (its chart drawn and uploaded on the chart pool); the others
are, in turn, `/strategy help`, a thread reply in a channel without a strategy, the Home tab
opened (`app_home_opened`, the Home view published) and `@Strategy Coach` asked something it
does not know (`app_mention`, answered with an ephemeral note). After each round the bench
waits for every chart upload and for the process to go idle, then reads VmRSS.

Prints VmRSS idle after start-up, after the first chart, after each round, and the growth: the
first round's shows what a process takes on once (pools, caches filled), the later rounds' is
growth that goes on. `--trace` starts the process under tracemalloc (12 frames) and asks it
for a snapshot (SIGUSR1) at each step, then prints the allocation sites that grew most in
the first round (after the first chart) and from the end of the first round to the end of the
last: what keeps growing. (tracemalloc itself
doubles the memory; read the MB of a traced run only as a comparison.) Figures, not
assertions: the README quotes them. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from bench import ack
from bench.fanout_setup import fresh_database
from bench.startup import command, cpu_seconds, free_port, rss_mb
from bot.domain.model import Strategy
from bot.domain.progress import week_start
from bot.runtime.shell import slack_payloads as payloads
from bot.slack_standin import SlackStandin
from storage import reports
from storage.db import make_engine, make_session_factory, upgrade
from tests.support.status_data import live_strategy, store

TRACE_DIR = "BENCH_MEMORY_TRACE_DIR"  # the traced process writes its snapshots here
SETTLE_SECONDS = 2.0  # idle before a reading: the work after the acks done, garbage collected
UPLOADED = "files.completeUploadExternal"


def channel(index: int) -> str:
    return f"CMEM{index:04d}"


def save_strategies(database_url: str, count: int, today: dt.date) -> list[Strategy]:
    upgrade(database_url)
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    saved = [
        store(sessions, live_strategy(channel(i), goals=2, name=f"Strategy {i}"), today, weeks=12)
        for i in range(count)
    ]
    engine.dispose()
    return saved


def report_this_week(
    database_url: str, saved: list[Strategy], value: int, now: dt.datetime
) -> None:
    """This week's number for every metric (a correction of it after the first time), saved
    as a check-in answer saves it: every strategy's chart shows something new."""
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    with sessions.begin() as session:
        for strategy in saved:
            assert strategy.id is not None
            for goal in strategy.goals:
                for metric in goal.metrics:
                    assert goal.id is not None and metric.id is not None
                    reports.add_report(
                        session,
                        strategy.id,
                        None,
                        goal.id,
                        metric.id,
                        week_start(now.date()),
                        Decimal(value),
                        strategy.owner_id or "U1",
                        now,
                    )
    engine.dispose()


# --- the requests ----------------------------------------------------------------------------


def status_request(base_url: str, strategy_index: int, n: int) -> payloads.Request:
    return payloads.command(
        ack.WORKSPACE,
        "status",
        user_id=f"U{n % 50:04d}",
        user_name="bench",
        channel_id=channel(strategy_index),
        channel_name=channel(strategy_index).lower(),
        response_url=f"{base_url}/response/memory-{n}",
        trigger=payloads.trigger_id(int(time.time())),
    )


def home_request(n: int) -> payloads.Request:
    now = time.time()
    inner = payloads.home_opened_event(ack.WORKSPACE, f"U{n % 50:04d}", f"{now:.6f}")
    return payloads.event(ack.WORKSPACE, inner, int(now))


def mention_request(n: int) -> payloads.Request:
    now = time.time()
    inner = payloads.message_event(
        ack.WORKSPACE,
        f"<@{ack.WORKSPACE.bot_user_id}> what can you do?",
        user_id=f"U{n % 50:04d}",
        channel_id=f"C{n % 7:04d}TALK",
        channel_type="channel",
        ts=f"{now:.0f}.{n:06d}",
        kind="app_mention",
    )
    return payloads.event(ack.WORKSPACE, inner, int(now))


def round_requests(
    base_url: str, first_strategy: int, requests: int, charts: int, clients: int
) -> Callable[[int], payloads.Request]:
    """The n-th request of a round (bench/ack.py's `load` numbers client c's i-th request
    c * each + i; they go out in the order i * clients + c): a status every `requests // charts`
    of that order, so the charts come evenly spread, the others in turn."""
    step = max(1, requests // charts)
    each = max(1, requests // clients)

    def build(number: int) -> payloads.Request:
        n = (number % each) * clients + number // each  # its place in the order sent
        if n % step == 0 and n // step < charts:
            return status_request(base_url, first_strategy + n // step, n)
        kind = n % 4
        if kind == 0:
            return ack.command_request(base_url, n)
        if kind == 1:
            return ack.reply_request(base_url, n)
        if kind == 2:
            return home_request(n)
        return mention_request(n)

    return build


# --- the process -----------------------------------------------------------------------------


def serve_traced() -> None:
    """`strategy-coach run` under tracemalloc; SIGUSR1 writes a snapshot to $TRACE_DIR."""
    tracemalloc.start(12)
    folder = Path(os.environ[TRACE_DIR])
    taken = [0]

    def snapshot(_signum: int, _frame: object) -> None:
        taken[0] += 1
        tracemalloc.take_snapshot().dump(str(folder / f"snapshot-{taken[0]}.pickle"))
        (folder / f"snapshot-{taken[0]}.done").touch()

    signal.signal(signal.SIGUSR1, snapshot)
    from bot.runtime.cli import main

    sys.exit(main(["run"]))


def wait_idle(pid: int, slack: SlackStandin, uploads: int, timeout: float = 180.0) -> int:
    """Every chart so far uploaded, or none more coming (a status finding the chart pool full
    comes without its chart), and the process's CPU time still for a moment; the charts
    uploaded so far."""
    deadline = time.monotonic() + timeout
    before, seen = cpu_seconds(pid), -1
    while True:
        time.sleep(SETTLE_SECONDS)
        after = cpu_seconds(pid)
        idle = after - before < 0.05 * SETTLE_SECONDS  # under 5 % of a core
        uploaded = len(slack.calls(UPLOADED))
        if idle and (uploaded >= uploads or uploaded == seen or time.monotonic() > deadline):
            return uploaded
        before, seen = after, uploaded if idle else -1


def take_snapshot(server: ack.Server, folder: Path, number: int) -> Path:
    server.process.send_signal(signal.SIGUSR1)
    done = folder / f"snapshot-{number}.done"
    deadline = time.monotonic() + 120
    while not done.exists():
        if time.monotonic() > deadline:
            raise SystemExit("the traced process wrote no snapshot within 2 minutes")
        time.sleep(0.1)
    return folder / f"snapshot-{number}.pickle"


def print_growth(first: Path, last: Path, top: int) -> None:
    older = tracemalloc.Snapshot.load(str(first))
    newer = tracemalloc.Snapshot.load(str(last))
    ignore = [tracemalloc.Filter(False, tracemalloc.__file__)]
    older, newer = older.filter_traces(ignore), newer.filter_traces(ignore)
    print(f"traced: where memory grew from {first.stem} to {last.stem} (by line)")
    for stat in newer.compare_to(older, "lineno")[:top]:
        print(f"  {stat.size_diff / 1024:+9.0f} KiB {stat.count_diff:+7d} blocks  {stat.traceback}")
    print("traced: the largest growth by call stack (innermost 6 frames of the project)")
    for stat in newer.compare_to(older, "traceback")[:3]:
        print(f"  {stat.size_diff / 1024:+9.0f} KiB {stat.count_diff:+7d} blocks")
        frames = [f for f in stat.traceback if "/site-packages/" not in f.filename]
        for frame in frames[-6:]:
            print(f"      {frame.filename}:{frame.lineno}")


# --- the run ---------------------------------------------------------------------------------


def run(requests: int, charts: int, rounds: int, clients: int, rate: float, trace: bool) -> None:
    started_at = dt.datetime.now(dt.UTC)
    work = Path(tempfile.mkdtemp(prefix="memory-bench-"))
    with fresh_database(None) as url, SlackStandin() as slack:
        began = time.perf_counter()
        # One to warm up, then the same `charts` each round, with new numbers before each.
        saved = save_strategies(url, charts + 1, started_at.date())
        saved_in = time.perf_counter() - began
        port = free_port()
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": ack.TOKEN,
            "SLACK_SIGNING_SECRET": ack.SECRET,
            "SLACK_API_URL": slack.api_url,
            "DATABASE_URL": url,
            "PORT": str(port),
            "LOG_LEVEL": "WARNING",
            TRACE_DIR: str(work),
        }
        for variable in ("SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
            env.pop(variable, None)
        argv = [sys.executable, "-m", "bench.memory", "--serve-traced"] if trace else command()
        print(
            f"memory benchmark, {started_at:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, load "
            f"average {os.getloadavg()[0]:.2f}; {charts + 1} live strategies saved in "
            f"{saved_in:.0f} s; {'TRACED (tracemalloc) ' if trace else ''}"
            f"{' '.join(Path(part).name for part in argv)}"
        )
        print(
            f"each round: {requests} signed requests ({charts} `/strategy status` with a chart; "
            f"help, thread replies, Home opened, mentions) from {clients} clients at {rate:.0f}/s"
        )
        server = ack.start("strategy-coach run", argv, env, port, work / "run.log")
        snapshots: list[Path] = []
        try:
            wait_idle(server.process.pid, slack, 0)
            idle = rss_mb(server.process.pid)
            print(f"idle after start-up:  {idle:6.1f} MB")
            if trace:
                snapshots.append(take_snapshot(server, work, 1))
            # The first chart: matplotlib imported and its font loaded, on the chart pool,
            # once per process (at start-up before bot/insights/chart_figure.py made it lazy).
            first = round_requests(slack.base_url, charts, 1, 1, 1)  # the spare one
            ack.load(port, first, 1, 1, 0)
            drawn = wait_idle(server.process.pid, slack, 1)
            warm = rss_mb(server.process.pid)
            print(
                f"after the first chart: {warm:5.1f} MB   ({warm - idle:+.1f} MB: the chart "
                f"library; {drawn} chart uploaded)"
            )
            if trace:
                snapshots.append(take_snapshot(server, work, len(snapshots) + 1))
            readings = [warm]
            for index in range(rounds):
                now = dt.datetime.now(dt.UTC)
                report_this_week(url, saved[:charts], 5000 + index, now)  # a chart to draw
                build = round_requests(slack.base_url, 0, requests, charts, clients)
                try:
                    ack.load(port, build, clients, max(1, requests // clients), rate)
                except SystemExit as refused:
                    if not trace:
                        raise
                    print(f"(traced: {refused}; Bolt's 3 s ack window missed)")
                uploaded = wait_idle(server.process.pid, slack, 1 + charts * (index + 1))
                readings.append(rss_mb(server.process.pid))
                print(
                    f"after round {index + 1}:        {readings[-1]:6.1f} MB   "
                    f"({readings[-1] - readings[-2]:+.1f} MB in the round, "
                    f"{readings[-1] - warm:+.1f} MB since the first chart, "
                    f"{readings[-1] - idle:+.1f} MB since idle; "
                    f"{uploaded} charts uploaded so far)"
                )
                if trace:
                    snapshots.append(take_snapshot(server, work, len(snapshots) + 1))
            print(
                f"growth after round 1: {readings[-1] - readings[1]:+.1f} MB (rounds 2..{rounds})"
            )
            if trace:
                print_growth(snapshots[1], snapshots[2], top=15)  # what the first round took on
            if trace and len(snapshots) >= 4:
                print_growth(snapshots[2], snapshots[-1], top=15)  # what keeps growing
        finally:
            server.stop()
    print(f"(server log: {work / 'run.log'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="per round")
    parser.add_argument("--charts", type=int, default=100, help="status charts per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--rate", type=float, help="requests a second in all (default 100; traced 10: slower)"
    )
    parser.add_argument("--trace", action="store_true", help="a debug run under tracemalloc")
    parser.add_argument("--serve-traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_traced:
        serve_traced()
        return
    rate = args.rate or (10.0 if args.trace else 100.0)
    run(args.requests, args.charts, args.rounds, args.clients, rate, args.trace)


if __name__ == "__main__":
    main()

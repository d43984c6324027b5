"""How long do N check-ins due at once take, against Slack's rate limits? (issue 13)

    .venv/bin/python -m bench.fanout                         # 10,000 owners, SQLite, 1 process
    .venv/bin/python -m bench.fanout --owners 300            # under a minute
    .venv/bin/python -m bench.fanout --owners 1000 --processes 2 --ratelimit-percent 5 \\
        --database-url "postgresql+psycopg://root@/postgres?host=/var/run/postgresql"

Saves N live strategies whose check-ins fall due at one instant (bench/fanout_setup.py: the
product's own save and schedule code, in a fresh database: a new SQLite file, a SQLite URL as
given (point it at a new file), or a new database on the PostgreSQL server named), then starts
`--processes` real `strategy-coach run` processes (HTTP on a free port, scheduler on) against it
and a Slack stand-in with Slack's tiers (bench/slack_tiers.py). Their scheduler's first tick
comes at start-up and finds everything due, so "time until the last DM" is counted from the
moment they are launched (their start-up included; printed beside it). The stand-in records
when each call came. (Strategies due a few seconds before the tick are sent as ones due at it.)
A 429 costs at least a second (see bench/slack_tiers.py), about 30 s of Slack's time at the
default scale: a sender that outruns a tier pays for it more than in Slack.

The floor, in the same run, against a stand-in with the same limits: a plain slack_sdk
`WebClient` loop making the minimal calls, one `chat.postMessage` to the owner's user id per DM,
from `FLOOR_THREADS` threads that pace themselves at each workspace's post rate (what Slack
allows) and wait out 429s with slack_sdk's RateLimitErrorRetryHandler.

SQL statements are counted in the processes by bench/sql_probe.py (installed as their
sitecustomize, so the product's code is untouched). Duplicates and missing DMs come from the
stand-in's record of successful top-level posts per owner. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bench.fanout_setup import (
    Owner,
    config,
    environment,
    fresh_database,
    owners,
    remember_owners,
    store,
)
from bench.slack_tiers import Limits, TieredSlack, TokenBucket, bench_token
from bot.slack_standin import Call

FLOOR_THREADS = 64  # enough that a 429 one thread waits out leaves the pace unchanged
DEFAULT_SCALE = 30.0  # 10,000 owners in one workspace: a floor of about 35 s
STALL_SECONDS = 75.0  # no new DM for this long (2.5 scheduler ticks): the rest is missing
PROBE = Path(__file__).with_name("sql_probe.py")
# The environment the processes must not inherit (a .env or a shell's Slack settings).
INHERITED_NOT = ("SLACK_", "DATABASE_URL", "PORT", "TOKEN_ENCRYPTION_KEY", "LOG_LEVEL")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=10_000, help="live strategies due at once")
    parser.add_argument("--workspaces", type=int, default=1, help="teams they are spread over")
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--processes", type=int, default=1, help="strategy-coach run processes")
    parser.add_argument(
        "--ratelimit-percent", type=float, default=0.0, help="chat.postMessage 429s at random"
    )
    parser.add_argument(
        "--tier-scale", type=float, default=DEFAULT_SCALE, help="Slack's rates multiplied by"
    )
    parser.add_argument(
        "--first-checkins",
        action="store_true",
        help="owners never DMed before (default: their zone, locale and DM channel kept)",
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--timeout", type=float, default=3600.0, help="give up after (s)")
    args = parser.parse_args(argv)
    limits = Limits(args.tier_scale)
    everyone = owners(args.owners, args.workspaces)
    share = args.ratelimit_percent / 100
    with fresh_database(args.database_url) as database_url:
        dialect = database_url.split(":", 1)[0].split("+", 1)[0]
        print(
            f"fan-out: {args.owners} owners due at once in {args.workspaces} workspace(s), "
            f"{dialect}, {args.processes} process(es), {args.ratelimit_percent:g} % of "
            f"chat.postMessage answered 429 at random"
        )
        print(f"fake Slack: {limits.describe()}")
        print(
            f"measured: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()}, "
            f"{os.cpu_count()} cores"
        )
        with TieredSlack(limits, share, args.seed) as slack:
            settings = config(database_url, slack.api_url, args.workspaces)
            started = time.perf_counter()
            due = dt.datetime.now(dt.UTC).replace(microsecond=0)
            store(settings, everyone, due)
            known = not args.first_checkins and remember_owners(settings, everyone, due)
            print(
                f"set-up: {args.owners} strategies saved in {time.perf_counter() - started:.1f} s;"
                + (
                    " owners known (zone, locale, DM channel kept from last week)"
                    if known
                    else " every check-in the owner's first (no profile kept)"
                )
            )
            floor = run_floor(everyone, limits, share, args.seed)
            result = run_processes(slack, environment(settings), everyone, args)
        report(result, floor, everyone)
    return 0 if not result.missing and not result.duplicates else 1


# --- the floor ---------------------------------------------------------------------------------


class Floor:
    def __init__(self, seconds: float, calls: int, delivered: int) -> None:
        self.seconds, self.calls, self.delivered = seconds, calls, delivered


def run_floor(everyone: list[Owner], limits: Limits, share: float, seed: int) -> Floor:
    """One `chat.postMessage` to each owner's user id, as fast as Slack's limits allow."""
    with TieredSlack(limits, share, seed) as slack:
        pacers = {team: Pacer(limits) for team in {o.team_id for o in everyone}}
        local = threading.local()

        def post(owner: Owner) -> None:
            client = getattr(local, "client", None)
            if client is None:
                client = local.client = WebClient(
                    base_url=slack.api_url,
                    retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=10)],
                )
            pacers[owner.team_id].wait()
            client.chat_postMessage(
                token=bench_token(owner.team_id),
                channel=owner.user_id,
                text="Time for this week's numbers",
            )

        began = time.time()
        with ThreadPoolExecutor(FLOOR_THREADS) as pool:
            list(pool.map(post, everyone))
        calls = [c for c in slack.calls() if c.is_api]
        posts = delivered_posts(calls)
        last = max(c.at for c in posts) if posts else began
        return Floor(last - began, len(calls), len({dm_of(c) for c in posts}))


class Pacer:
    """A client keeping under a workspace's post rate (a little below it: the stand-in's
    bucket sees the call a moment later than the client's)."""

    def __init__(self, limits: Limits) -> None:
        ceiling = limits.workspace_posts()
        self._bucket = TokenBucket(ceiling.rate * 0.97, ceiling.capacity - 2)
        self._lock = threading.Lock()

    def wait(self) -> None:
        while True:
            with self._lock:
                wait = self._bucket.take(time.monotonic())
            if wait <= 0:
                return
            time.sleep(wait)


# --- the processes ----------------------------------------------------------------------------


class Result:
    def __init__(self) -> None:
        self.launched = 0.0
        self.calls: list[Call] = []
        self.posts_per_owner: Counter[str] = Counter()
        self.sql = {"startup": 0, "ticks": 0}
        self.duplicates = 0
        self.missing = 0
        self.note = ""


def run_processes(
    slack: TieredSlack,
    settings_env: dict[str, str],
    everyone: list[Owner],
    args: argparse.Namespace,
) -> Result:
    result = Result()
    wanted = {o.dm for o in everyone}
    with tempfile.TemporaryDirectory(prefix="fanout-run-") as folder:
        work = Path(folder)
        shutil.copy(PROBE, work / "sitecustomize.py")
        processes, logs = [], []
        result.launched = time.time()
        for index in range(args.processes):
            env = process_environment(settings_env, work, index)
            env["SLACK_RATE_SCALE"] = str(args.tier_scale)  # the bot paces at the stand-in's rates
            log = open(work / f"process-{index}.log", "wb")  # noqa: SIM115 (closed below)
            logs.append(log)
            processes.append(
                subprocess.Popen(
                    [console_script(), "run"], cwd=work, env=env, stdout=log, stderr=log
                )
            )
        try:
            result.note = wait_for_dms(slack, result.launched, wanted, processes, args.timeout)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            for log in logs:
                log.close()
        for index in range(args.processes):
            counted = work / f"sql-{index}.json"
            if counted.exists():
                for key, value in json.loads(counted.read_text()).items():
                    result.sql[key] += value
        if result.note:
            for index in range(args.processes):
                tail = (work / f"process-{index}.log").read_text(errors="replace")[-2000:]
                print(f"--- process {index} log (end) ---\n{tail}", file=sys.stderr)
    result.calls = [c for c in slack.calls() if c.is_api and c.at >= result.launched]
    result.posts_per_owner = Counter(dm_of(c) for c in delivered_posts(result.calls))
    result.duplicates = sum(n - 1 for n in result.posts_per_owner.values() if n > 1)
    result.missing = len(wanted - set(result.posts_per_owner))
    return result


def process_environment(settings_env: dict[str, str], work: Path, index: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(INHERITED_NOT)}
    env.update(settings_env)
    env["PORT"] = str(free_port())
    env["LOG_LEVEL"] = "WARNING"
    env["SHUTDOWN_GRACE_SECONDS"] = "10"
    env["FANOUT_SQL_COUNT_FILE"] = str(work / f"sql-{index}.json")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(work), env.get("PYTHONPATH")]))
    return env


def wait_for_dms(
    slack: TieredSlack,
    launched: float,
    wanted: set[str],
    processes: list[subprocess.Popen[bytes]],
    timeout: float,
) -> str:
    """Until every owner has a DM (then a second more, for any duplicate under way); a note
    if it ended otherwise."""
    last_count, last_change = 0, time.monotonic()
    deadline = time.monotonic() + timeout
    while True:
        time.sleep(0.25)
        served = {dm_of(c) for c in delivered_posts(slack.calls("chat.postMessage"))}
        if wanted <= served:
            time.sleep(1.0)
            return ""
        if len(served) != last_count:
            last_count, last_change = len(served), time.monotonic()
        if any(p.poll() is not None for p in processes):
            return "a process ended early"
        if time.monotonic() - last_change > STALL_SECONDS:
            return f"no new DM for {STALL_SECONDS:.0f} s"
        if time.monotonic() > deadline:
            return f"timed out after {timeout:.0f} s"


# --- reading the stand-in's record -------------------------------------------------------------


def delivered_posts(calls: list[Call]) -> list[Call]:
    """Successful top-level `chat.postMessage` calls (a check-in DM, not a thread reply)."""
    return [
        c
        for c in calls
        if c.method == "chat.postMessage"
        and c.status == 200
        and isinstance(c.response, dict)
        and c.response.get("ok")
        and not c.params.get("thread_ts")
    ]


def dm_of(call: Call) -> str:
    channel = str(call.params.get("channel") or "")
    return "D" + channel[1:] if channel[:1] in ("U", "W") else channel


def console_script() -> str:
    beside = Path(sys.executable).with_name("strategy-coach")
    found = str(beside) if beside.exists() else shutil.which("strategy-coach")
    if found is None:
        raise SystemExit("strategy-coach is not installed: pip install -e '.[test]' first")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- the figures --------------------------------------------------------------------------------


def report(result: Result, floor: Floor, everyone: list[Owner]) -> None:
    posts = delivered_posts(result.calls)
    delivered = len(result.posts_per_owner)
    last = max((c.at for c in posts), default=result.launched) - result.launched
    first_call = min((c.at for c in result.calls), default=result.launched) - result.launched
    by_method = Counter(c.method for c in result.calls)
    refused = sum(1 for c in result.calls if c.status == 429)
    per_dm = max(delivered, 1)
    print(
        f"time until the last DM: {last:.1f} s from due (strategy-coach run; "
        f"{first_call:.1f} s of it start-up until the processes' first Web API call)"
    )
    print(
        f"floor (WebClient loop): {floor.seconds:.1f} s (one chat.postMessage to the user id "
        f"per owner, {FLOOR_THREADS} threads paced at each workspace's post rate; "
        f"{floor.calls / max(floor.delivered, 1):.2f} calls per DM with retries)"
    )
    print(f"ratio: {last / floor.seconds if floor.seconds > 0 else float('nan'):.1f}x the floor")
    refused_by = Counter(c.method for c in result.calls if c.status == 429)
    methods = ", ".join(
        f"{m} {n}" + (f" ({refused_by[m]} of them 429)" if refused_by[m] else "")
        for m, n in by_method.most_common()
    )
    print(
        f"Web API calls per DM: {len(result.calls) / per_dm:.2f} ({methods}; "
        f"{refused} answered 429 in all)"
    )
    print(
        f"SQL statements per DM: {result.sql['ticks'] / per_dm:.1f} "
        f"(in the ticks; {result.sql['startup']} more at start-up)"
    )
    print(f"duplicates: {result.duplicates}")
    print(f"missing: {result.missing} of {len(everyone)}")
    if result.note:
        print(f"note: {result.note}")


if __name__ == "__main__":
    sys.exit(main())

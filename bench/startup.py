"""How fast does `strategy-coach run` come up, and how much memory does it hold when idle?

    .venv/bin/python -m bench.startup               # 5 runs, SQLite in a temporary folder
    .venv/bin/python -m bench.startup --runs 9 --settle 3

Starts the real console script (`strategy-coach run`, HTTP mode) as Slack's operators do: a bot
token and a signing secret in the environment, SQLite in a temporary folder, and the Slack
stand-in (bot.slack_standin.SlackStandin) as `SLACK_API_URL`, so `/healthz` can check the token.
A first start applies the migrations to the new database and is reported on its own; then each
run spawns the process, polls `GET /healthz` every 5 ms until it answers 200 (the time printed
is spawn to that 200, with the CPU time the process used by then), lets the process sit idle
for `--settle` seconds (its first scheduler tick done), reads VmRSS from /proc/<pid>/status,
and stops it with SIGTERM. It prints the median and the spread of each. Figures, not
assertions: the README quotes them. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bot.slack_standin import SlackStandin

POLL_SECONDS = 0.005
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class Start:
    seconds: float  # spawn to the first 200 from /healthz
    cpu_seconds: float  # the process's CPU time (user + system) by then
    rss_mb: float  # VmRSS after the idle settle


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def command() -> list[str]:
    """The installed console script beside this interpreter, else the module it runs."""
    script = Path(sys.executable).with_name("strategy-coach")
    found = str(script) if script.exists() else shutil.which("strategy-coach")
    return [found, "run"] if found else [sys.executable, "-m", "bot.runtime.cli", "run"]


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def cpu_seconds(pid: int) -> float:
    """utime + stime from /proc/<pid>/stat (fields 14 and 15, after the command's name)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) / 1024  # kB
    raise RuntimeError(f"no VmRSS for {pid}")


def start_once(folder: Path, api_url: str, settle: float) -> Start:
    port = free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-bench-startup",
        "SLACK_SIGNING_SECRET": "bench-signing-secret",
        "SLACK_API_URL": api_url,
        "DATABASE_URL": f"sqlite:///{folder / 'coach.db'}",
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    for variable in ("SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        env.pop(variable, None)
    log = (folder / "run.log").open("ab")
    started = time.perf_counter()
    process = subprocess.Popen(command(), env=env, cwd=folder, stdout=log, stderr=log)
    try:
        while not healthy(port):
            if process.poll() is not None:
                raise RuntimeError(
                    f"strategy-coach run exited with {process.returncode}; see {folder / 'run.log'}"
                )
            if time.perf_counter() - started > START_TIMEOUT:
                raise RuntimeError("no 200 from /healthz within a minute")
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - started
        cpu = cpu_seconds(process.pid)
        time.sleep(settle)  # idle: the first tick has run, nothing else comes in
        memory = rss_mb(process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
    return Start(seconds, cpu, memory)


def spread(values: list[float]) -> str:
    return f"min {min(values):.2f}, max {max(values):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--settle", type=float, default=2.0, help="idle seconds before VmRSS")
    args = parser.parse_args()
    print(
        f"measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
        f"{' '.join(Path(part).name for part in command())}"
    )
    with tempfile.TemporaryDirectory() as name, SlackStandin() as slack:
        folder = Path(name)
        first = start_once(folder, slack.api_url, args.settle)
        print(
            f"first start (migrating a new database): {first.seconds:.2f} s to /healthz 200, "
            f"{first.rss_mb:.0f} MB"
        )
        runs = [start_once(folder, slack.api_url, args.settle) for _ in range(args.runs)]
    times = [run.seconds for run in runs]
    cpu = [run.cpu_seconds for run in runs]
    memory = [run.rss_mb for run in runs]
    print(
        f"start-up to /healthz 200: {statistics.median(times):.2f} s "
        f"(median of {len(runs)}; {spread(times)})"
    )
    print(
        f"CPU time by then:         {statistics.median(cpu):.2f} s "
        f"(median of {len(runs)}; {spread(cpu)}; steadier than the clock on a busy machine)"
    )
    print(
        f"idle RSS after start:     {statistics.median(memory):.0f} MB "
        f"(median of {len(runs)}; {spread(memory)})"
    )


if __name__ == "__main__":
    main()

"""How fast does the app ack, next to a bare Bolt app on the same server and load?

    .venv/bin/python -m bench.ack                                  # SQLite in a temporary folder
    .venv/bin/python -m bench.ack --database-url postgresql+psycopg://…  --requests 300

Starts, each in its own process: the Slack stand-in (`bot.slack_standin`, as `SLACK_API_URL`),
the real `strategy-coach run` (HTTP: waitress with 8 threads, production's
`process_before_response=False`, the scheduler ticking), and a bare Bolt app (a `/strategy`
listener and a `message` listener that only ack) served by waitress the same way. Then 20
clients (threads, each with one keep-alive connection) send signed requests built by
`bot/runtime/shell/slack_payloads.py`: `/strategy help`, then thread replies in a channel with
no strategy (the most common event a busy channel sends). The time until the HTTP answer is the
ack. Both servers get each load in turn, in the same run, for `--rounds` rounds.

Prints, per kind of request: p50 and p99 of both, and the app's p99 over the bare app's; then
each process's resident memory when idle (after start-up, before any request) and its start-up
time (process start to the first 200 from `GET /healthz`; the app's database is migrated before,
so this is a restart). Figures, not assertions: the README quotes them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from socket import socket

from bot.runtime.shell import slack_payloads as payloads

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"
WORKSPACE = payloads.Workspace("T111", "example", "A111", "UBOT", "BBOT")
THREADS = 8  # waitress's threads in `serve_http`, for both servers


# --- the processes ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    port: int
    started_in: float = 0.0
    idle_rss_mb: float = 0.0

    def wait_healthy(self, started: float, timeout: float = 60.0) -> None:
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} ended with status {self.process.returncode}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    self.started_in = time.perf_counter() - started
                    return
            except OSError:
                pass
            time.sleep(0.005)
        raise SystemExit(f"{self.name} did not answer /healthz within {timeout:.0f} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start(name: str, argv: list[str], env: dict[str, str], port: int, log: Path) -> Server:
    started = time.perf_counter()
    with log.open("ab") as out:
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=out)
    server = Server(name, process, port)
    server.wait_healthy(started)
    time.sleep(1.0)  # idle: start-up's garbage collected, the first tick done
    server.idle_rss_mb = _rss_mb(process.pid)
    return server


def start_standin() -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.ack", "--serve-standin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


def serve_standin() -> None:
    """The stand-in, until stdin closes; its base URL on stdout."""
    from bot.slack_standin import SlackStandin

    with SlackStandin() as slack:
        print(slack.base_url, flush=True)
        sys.stdin.read()


def serve_bare(port: int, api_url: str) -> None:
    """A bare Bolt app: the same listeners, each only acking, behind waitress."""
    import waitress
    from slack_bolt import Ack, App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient

    app = App(signing_secret=SECRET, token=TOKEN, client=WebClient(token=TOKEN, base_url=api_url))

    @app.command("/strategy")
    def strategy(ack: Ack) -> None:
        ack()

    @app.event("message")
    def message(ack: Ack) -> None:
        ack()

    handler = SlackRequestHandler(app, path="/slack/events")

    def application(environ: dict, start_response: Callable) -> object:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "3")])
            return [b"ok\n"]
        return handler(environ, start_response)

    waitress.serve(application, host="127.0.0.1", port=port, threads=THREADS, _quiet=True)


# --- the load --------------------------------------------------------------------------------


def command_request(base_url: str, n: int) -> payloads.Request:
    return payloads.command(
        WORKSPACE,
        "help",
        user_id=f"U{n % 50:04d}",
        user_name="bench",
        channel_id="C0BENCH",
        channel_name="marketing",
        response_url=f"{base_url}/response/bench-{n}",
        trigger=payloads.trigger_id(int(time.time())),
    )


def reply_request(base_url: str, n: int) -> payloads.Request:
    now = time.time()
    inner = payloads.message_event(
        WORKSPACE,
        "sounds good, let's do that",
        user_id=f"U{n % 50:04d}",
        channel_id=f"C{n % 7:04d}TALK",
        channel_type="channel",
        ts=f"{now:.0f}.{n:06d}",
        thread_ts=f"{now - 600:.0f}.000100",
        parent_user_id=f"U{(n + 1) % 50:04d}",
    )
    return payloads.event(WORKSPACE, inner, int(now))


KINDS: dict[str, Callable[[str, int], payloads.Request]] = {
    "/strategy help": command_request,
    "thread reply": reply_request,
}


def load(
    port: int, build: Callable[[int], payloads.Request], clients: int, each: int, rate: float
) -> list:
    """Each client's requests one after the other on its keep-alive connection, `rate` a second
    from all clients together (0: each as soon as the last was answered); the seconds from
    sending a request to reading its whole answer."""
    times: list[float] = []
    lock = threading.Lock()
    ready = threading.Barrier(clients)
    failures: list[str] = []
    gap = clients / rate if rate > 0 else 0.0  # between one client's requests

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        ready.wait()
        first = time.perf_counter() + gap * index / clients  # the clients' turns spread out
        for i in range(each):
            wait = first + i * gap - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            request = build(index * each + i)
            headers = {
                "Content-Type": request.content_type,
                **payloads.signed_headers(SECRET, request.body, int(time.time())),
            }
            began = time.perf_counter()
            conn.request("POST", "/slack/events", body=request.body, headers=headers)
            answer = conn.getresponse()
            answer.read()
            mine.append(time.perf_counter() - began)
            if answer.status != 200:
                failures.append(str(answer.status))
        conn.close()
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} requests not answered 200: {sorted(set(failures))}")
    return times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# --- the run ---------------------------------------------------------------------------------


def run(database_url: str | None, clients: int, each: int, rounds: int, rate: float) -> None:
    started_at = dt.datetime.now(dt.UTC)
    workdir = Path(tempfile.mkdtemp(prefix="ack-bench-"))
    url = database_url or f"sqlite:///{workdir / 'coach.db'}"
    standin, base_url = start_standin()
    servers: list[Server] = []
    try:
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": f"{base_url}/api/",
            "DATABASE_URL": url,
        }
        env.pop("SLACK_APP_TOKEN", None)
        log = workdir / "servers.log"
        with log.open("ab") as out:
            upgrade = [sys.executable, "-m", "bot.runtime.cli", "db", "upgrade"]
            subprocess.run(upgrade, env=env, stdout=out, stderr=out, check=True)
        app_port, bare_port = _free_port(), _free_port()
        app_argv = [sys.executable, "-m", "bot.runtime.cli", "run"]
        servers.append(start("app", app_argv, {**env, "PORT": str(app_port)}, app_port, log))
        bare_argv = [sys.executable, "-m", "bench.ack", "--serve-bare", str(bare_port)]
        bare_argv += ["--api-url", f"{base_url}/api/"]
        servers.append(start("bare Bolt", bare_argv, env, bare_port, log))
        app, bare = servers
        for kind in KINDS.values():
            for server in (app, bare):  # warm-up: imports, pools, caches
                load(server.port, lambda n, k=kind: k(base_url, n), clients, 5, 0)
        print(
            f"ack benchmark, {started_at:%Y-%m-%d %H:%M} UTC, {url.split(':', 1)[0]}, "
            f"{clients} clients x {each} requests x {rounds} round(s) per kind and server, "
            f"waitress {THREADS} threads, {os.cpu_count()} CPUs, load average "
            f"{os.getloadavg()[0]:.2f}"
        )
        for pace in (rate, 0) if rate > 0 else (0,):
            measured: dict[tuple[str, str], list[float]] = {}
            for _ in range(rounds):
                for name, kind in KINDS.items():
                    for server in (app, bare):
                        build = partial(kind, base_url)
                        got = load(server.port, build, clients, each, pace)
                        measured.setdefault((name, server.name), []).extend(got)
            report(pace, app, bare, measured)
        print(
            f"idle RSS          app {app.idle_rss_mb:6.1f} MB   "
            f"bare Bolt {bare.idle_rss_mb:6.1f} MB"
        )
        print(
            f"start-up to 200   app {app.started_in:6.2f} s    bare Bolt {bare.started_in:6.2f} s"
        )
        print(f"(server logs: {log})")
    finally:
        for server in servers:
            server.stop()
        assert standin.stdin is not None
        standin.stdin.close()
        standin.wait(10)


def report(
    rate: float, app: Server, bare: Server, measured: dict[tuple[str, str], list[float]]
) -> None:
    load_is = (
        f"{rate:.0f} requests/s in all"
        if rate > 0
        else "flat out (each client's next request as soon as answered)"
    )
    print(f"{load_is}:")
    print(f"{'':16}{'app p50':>10}{'app p99':>10}{'bare p50':>10}{'bare p99':>10}{'p99 ratio':>11}")
    for name in KINDS:
        a, b = measured[(name, app.name)], measured[(name, bare.name)]
        row = [percentile(a, 50), percentile(a, 99), percentile(b, 50), percentile(b, 99)]
        cells = "".join(f"{v * 1000:>8.1f}ms" for v in row)
        print(f"{name:16}{cells}{row[1] / row[3]:>10.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100, help="per client, kind and round")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--rate", type=float, default=100.0, help="requests a second from all clients (0: flat out)"
    )
    parser.add_argument("--serve-standin", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve-bare", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--api-url", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_standin:
        serve_standin()
    elif args.serve_bare is not None:
        serve_bare(args.serve_bare, args.api_url)
    else:
        run(args.database_url, args.clients, args.requests, args.rounds, args.rate)


if __name__ == "__main__":
    main()

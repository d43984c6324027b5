"""The `strategy-coach` command: `run`, `shell`, `db upgrade`, `data export|delete --team T`
and `keys rotate`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from dotenv import load_dotenv

from bot.runtime.config import ConfigError, database_url, load_config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="strategy-coach", description="A Slack bot that coaches a social media strategy."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="apply migrations and start the bot")
    run.add_argument(
        "--no-scheduler",
        action="store_true",
        help="serve Slack only; leave the weekly check-ins to another process",
    )
    _add_shell_command(commands)
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply pending migrations and exit")
    _add_data_commands(commands)
    keys = commands.add_parser("keys", help="the keys that encrypt stored Slack tokens")
    keys_commands = keys.add_subparsers(dest="keys_command", required=True)
    keys_commands.add_parser("rotate", help="re-encrypt every stored token with the first key")
    args = parser.parse_args(argv)

    load_dotenv(Path.cwd() / ".env")  # the operator's .env, beside where they run it
    try:
        if args.command == "db":
            return _upgrade()
        if args.command == "data":
            return _data(args)
        if args.command == "keys":
            return _rotate_keys()
        if args.command == "shell":
            return _shell(args)
        return _run(scheduler=not args.no_scheduler)
    except ConfigError as error:
        print(f"strategy-coach: {error}", file=sys.stderr)
        return 2


def _add_data_commands(commands: argparse._SubParsersAction) -> None:
    data = commands.add_parser("data", help="export or delete everything stored for a workspace")
    data_commands = data.add_subparsers(dest="data_command", required=True)
    export = data_commands.add_parser("export", help="write the team's data as JSON and CSV")
    export.add_argument("--team", required=True, help="the Slack team id, like T0123ABCD")
    export.add_argument("--out", default=".", help="the directory to write to (default: .)")
    delete = data_commands.add_parser("delete", help="delete everything stored for the team")
    delete.add_argument("--team", required=True, help="the Slack team id, like T0123ABCD")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def _add_shell_command(commands: argparse._SubParsersAction) -> None:
    shell = commands.add_parser(
        "shell", help="try the coach in this terminal, no Slack needed (same database)"
    )
    shell.add_argument(
        "--script", type=Path, metavar="FILE", help="read the lines from FILE, print the transcript"
    )
    shell.add_argument("--lang", choices=["en", "nb"], help="Slack's language (default: $LANG)")
    shell.add_argument("--as", dest="user", metavar="NAME", help="who is typing (default: you)")
    shell.add_argument("--tz", metavar="ZONE", help="your time zone, e.g. Europe/Oslo")


def _shell(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    from bot.runtime.shell.start import run_shell

    if args.script is not None and not args.script.is_file():
        raise ConfigError(f"--script: no such file: {args.script}")
    if args.script is not None:
        try:
            args.script.read_bytes().decode("utf-8")
        except OSError as error:
            raise ConfigError(f"--script: can't read {args.script}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise ConfigError(
                f"--script: {args.script} is not UTF-8 text; save it as UTF-8"
            ) from None
    if args.tz:
        try:
            ZoneInfo(args.tz)
        except (ValueError, LookupError, OSError):  # OSError: a folder of zones, like America
            raise ConfigError(
                f"--tz: unknown time zone {args.tz!r}; use e.g. Europe/Oslo"
            ) from None
    try:
        return run_shell(args.script, language=args.lang, user=args.user, zone=args.tz)
    except KeyboardInterrupt:  # Ctrl-C while the coach works (at the prompt it drops the line)
        print("strategy-coach: interrupted", file=sys.stderr)
        return 130


def _data(args: argparse.Namespace) -> int:
    import datetime as dt
    import os

    from bot.runtime import operator_data

    url = database_url(os.environ)
    if args.data_command == "export":
        now = dt.datetime.now(dt.UTC)
        return operator_data.export_team(url, args.team, Path(args.out), now)
    return operator_data.delete_team(url, args.team, yes=args.yes)


def _rotate_keys() -> int:
    import os

    from bot.runtime.token_keys import rotate

    return rotate(os.environ)


def _upgrade() -> int:
    import os

    from storage.db import upgrade

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    upgrade(database_url(os.environ))
    print("Database is up to date.")
    return 0


def _run(scheduler: bool) -> int:
    config = load_config()
    from bot.runtime.logs import config_secrets, configure_logging

    configure_logging(config.log_level, config_secrets(config))  # never a token in a line
    from bot.runtime.memory import TrimmingExecutor, tune_allocator

    tune_allocator()  # before any thread allocates: memory stays flat (bot/runtime/memory.py)
    from functools import partial

    from bot.insights.status import CHART_QUEUE
    from bot.runtime.app import create_app, make_profile_refresh, make_tick
    from bot.runtime.executors import ContextExecutor
    from bot.runtime.scheduler import start_ticking
    from bot.runtime.server import serve_http, serve_socket_mode
    from bot.runtime.shutdown import BackgroundWork, StopRequest, finish
    from storage.db import make_engine, make_session_factory, upgrade

    upgrade(config.database_url)
    engine = make_engine(config.database_url)
    sessions = make_session_factory(engine)
    # Made here, so the stop can let them finish: Bolt's listeners (the work after the ack)
    # and the status charts. Bolt's default of 5 listeners let five slow ones (a Slack call
    # waiting out a 429) keep a sixth request from acking within Slack's 3 seconds; 16 is
    # twice the server's 8 request threads.
    # Both run each task in its request's context: the workspace whose token it uses.
    listeners = ContextExecutor(max_workers=16, thread_name_prefix="listener")
    # The charts' queue is bounded: beyond CHART_QUEUE a status says its chart is not coming.
    # It gives free memory back when idle (a chart's buffers are the largest blocks freed).
    charts = TrimmingExecutor(2, "status-chart", max_pending=CHART_QUEUE)
    app = create_app(config, sessions, charts=charts, listener_executor=listeners)
    # Until here a signal ends the process at once; from now on SIGTERM/SIGINT start the
    # graceful stop (bot/runtime/shutdown.py).
    stop = StopRequest(config.shutdown_grace_seconds)
    ticking = None
    if scheduler:
        # One ticking scheduler per process; the database makes every check-in go out once
        # even when several processes tick (see storage/checkin_claims.py).
        tick = make_tick(config, sessions)  # the check-ins, then the grace period's deletions
        # Beside it, owners' profiles asked of Slack a few a minute, so the tick needn't.
        refresh = make_profile_refresh(config, sessions)
        ticking = start_ticking(
            partial(tick, should_stop=stop.is_requested),
            refresh=partial(refresh, should_stop=stop.is_requested),
        )
    if config.app_token:
        front_done = serve_socket_mode(app, config.app_token, stop)
    else:
        front_done = serve_http(app, sessions, config.port, stop)
    return finish(stop, BackgroundWork(listeners, charts, ticking, engine), front_done)


if __name__ == "__main__":
    sys.exit(main())

"""Web API calls per check-in DM, week by week (issue 13): N owners due at the same weekly slot,
the scheduler's tick (`make_sender`, as `strategy-coach run` builds it) run once at each week's
slot against the Slack stand-in with Slack's tiers (bench/slack_tiers.py, sped up so nothing
is refused), on a fresh SQLite file or a new PostgreSQL database.

Between the ticks the owners' profile refresh (bot/checkins/profile_refresh.py, the job
`strategy-coach run` schedules every minute) runs every `--refresh-every` minutes of the moved
clock (60 by default, to keep the run short: each run asks at most the same number of owners
whatever its interval; 0: no job, the tick alone, as before the job existed).

Prints, per week, the Web API calls of that tick by method and per DM sent, and the job's
`users.info` calls that week (the most in one run, and the days they fell on); then the first
week alone (the owners' profiles not known yet: strategies saved without the dialogue, which
asks Slack about the owner) and the steady state (every later week), for the ticks alone and
with the job's calls counted as the check-ins' own.

    .venv/bin/python -m bench.checkin_calls [--owners 100] [--weeks 7] [--database-url URL]
        [--refresh-every MINUTES]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
from collections import Counter

from bench.fanout_setup import config, fresh_database, owners, store
from bench.slack_tiers import Limits, TieredSlack
from bot.runtime.app import make_sender
from bot.runtime.config import Config
from storage.db import SessionFactory, make_engine, make_session_factory

# The instant every owner's check-in falls due the first time: Monday 22 March 2027, 09:00 Oslo.
FIRST = dt.datetime(2027, 3, 22, 8, 0, tzinfo=dt.UTC)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=100)
    parser.add_argument("--weeks", type=int, default=7)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument(
        "--refresh-every", type=int, default=60, help="minutes between the job's runs (0: none)"
    )
    args = parser.parse_args(argv)
    print(
        f"check-in calls: {args.owners} owners, {args.weeks} weekly ticks; measured "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()}, "
        f"{os.cpu_count()} cores"
    )
    per_week: list[tuple[int, int, int]] = []  # (the tick's calls, DMs sent, the job's calls)
    with fresh_database(args.database_url) as url, TieredSlack(Limits(1000.0)) as slack:
        settings = config(url, slack.api_url, 1)
        everyone = owners(args.owners, 1)
        store(settings, everyone, FIRST)
        sessions = make_session_factory(make_engine(url))
        for week in range(args.weeks):
            # An hour after the first slot, in UTC: in summer time (week 1 on) two hours after.
            now = FIRST + dt.timedelta(weeks=week, hours=1)
            sender = make_sender(settings, sessions, lambda now=now: now)
            before = len(slack.calls())
            started = time.perf_counter()
            sent = sender.tick(now)
            calls = slack.calls()[before:]
            methods = Counter(call.method for call in calls if not call.params.get("thread_ts"))
            total = sum(methods.values())
            print(
                f"week {week}: {sent} DMs, {total} calls ({total / max(sent, 1):.2f} per DM) "
                f"in {time.perf_counter() - started:.1f} s: {dict(sorted(methods.items()))}"
            )
            job = 0
            if args.refresh_every > 0 and week + 1 < args.weeks:
                until = FIRST + dt.timedelta(weeks=week + 1, hours=1)
                job = refresh_between(settings, sessions, slack, now, until, args.refresh_every)
            per_week.append((total, sent, job))
        sessions.kw["bind"].dispose()
    first_calls, first_sent, _ = per_week[0]
    later_calls = sum(calls for calls, _, _ in per_week[1:])
    later_sent = sum(sent for _, sent, _ in per_week[1:])
    job_calls = sum(job for _, _, job in per_week)  # the job's, between the ticks
    print(f"first week: {first_calls / max(first_sent, 1):.2f} Web API calls per DM")
    print(
        f"steady state (weeks 1-{args.weeks - 1}): "
        f"{later_calls / max(later_sent, 1):.2f} Web API calls per DM in the ticks; "
        f"{(later_calls + job_calls) / max(later_sent, 1):.2f} with the refresh job's "
        f"{job_calls} users.info counted"
    )
    return 0


def refresh_between(
    settings: Config,
    sessions: SessionFactory,
    slack: TieredSlack,
    after: dt.datetime,
    until: dt.datetime,
    every: int,
) -> int:
    """The profile refresh job, run every `every` minutes from `after` until before `until`;
    its `users.info` calls, printed with the most in one run and the days they fell on."""
    from bot.runtime.app import make_profile_refresh  # absent before the job existed

    clock = [after]
    refresh = make_profile_refresh(settings, sessions, lambda: clock[0])
    per_run: list[int] = []
    days: Counter[dt.date] = Counter()
    moment = after + dt.timedelta(minutes=every)
    while moment < until:
        clock[0] = moment
        before = len(slack.calls())
        refresh(moment)
        asked = sum(1 for call in slack.calls()[before:] if call.method == "users.info")
        per_run.append(asked)
        if asked:
            days[moment.date()] += asked
        moment += dt.timedelta(minutes=every)
    total = sum(per_run)
    spread = ", ".join(f"{day:%a %d %b}: {n}" for day, n in sorted(days.items())) or "none"
    print(
        f"  refresh job until the next tick: {len(per_run)} runs, {total} users.info "
        f"(at most {max(per_run, default=0)} in one run; {spread})"
    )
    return total


if __name__ == "__main__":
    raise SystemExit(main())

"""Web API calls per check-in DM, week by week (issue 13): N owners due at the same weekly slot,
the scheduler's tick (`make_sender`, as `strategy-coach run` builds it) run once at each week's
slot against the Slack stand-in with Slack's tiers (bench/slack_tiers.py, sped up so nothing
is refused), on a fresh SQLite file or a new PostgreSQL database.

Prints, per week, the Web API calls of that tick by method and per DM sent, then the first week
alone (the owners' profiles not known yet) and the steady state (every later week, the
profile refresh of bot/domain/profiles.py included).

    .venv/bin/python -m bench.checkin_calls [--owners 100] [--weeks 7] [--database-url URL]
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
from storage.db import make_engine, make_session_factory

# The instant every owner's check-in falls due the first time: Monday 22 March 2027, 09:00 Oslo.
FIRST = dt.datetime(2027, 3, 22, 8, 0, tzinfo=dt.UTC)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=100)
    parser.add_argument("--weeks", type=int, default=7)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args(argv)
    print(
        f"check-in calls: {args.owners} owners, {args.weeks} weekly ticks; measured "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()}, "
        f"{os.cpu_count()} cores"
    )
    per_week: list[tuple[int, int]] = []  # (calls, DMs sent)
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
            per_week.append((total, sent))
            print(
                f"week {week}: {sent} DMs, {total} calls ({total / max(sent, 1):.2f} per DM) "
                f"in {time.perf_counter() - started:.1f} s: {dict(sorted(methods.items()))}"
            )
        sessions.kw["bind"].dispose()
    first_calls, first_sent = per_week[0]
    later_calls = sum(calls for calls, _ in per_week[1:])
    later_sent = sum(sent for _, sent in per_week[1:])
    print(f"first week: {first_calls / max(first_sent, 1):.2f} Web API calls per DM")
    print(
        f"steady state (weeks 1-{args.weeks - 1}): "
        f"{later_calls / max(later_sent, 1):.2f} Web API calls per DM"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Check-ins for the tests: the biggest strategy a check-in must fit, and check-ins sent by a
real scheduler on the running app (a live strategy, its owner's DMs, slots across DST).

Used by the check-in message and Report form unit tests and by the check-in tests over HTTP.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.checkins.sending import CheckinSender
from bot.domain.model import Goal, GoalType, Metric, Schedule, Status, Strategy
from bot.runtime.app import make_sender
from bot.runtime.config import Config
from storage import strategies
from tests.conftest import SIGNING_SECRET, TEAM, RunningApp
from tests.support.block_checks import ASCII_EVIL, hostile

UTC = dt.UTC
OWNER = "U0OWNER"
DEADLINE = dt.date(2027, 6, 30)


def biggest_strategy(pattern: str = ASCII_EVIL) -> Strategy:
    """10 goals × 5 metrics, 300-character descriptions, 80-character names, all hostile."""
    goals = [
        Goal(
            description=hostile(300, pattern),
            metric=hostile(80, pattern) if index % 2 else "",  # "" shows the description
            unit=hostile(20, pattern),
            baseline=Decimal("123456789.1234"),
            target=Decimal("987654321.9876"),
            deadline=DEADLINE,
            goal_type=list(GoalType)[index % len(GoalType)],
            metrics=[
                Metric(hostile(80, pattern), hostile(20, pattern), id=index * 10 + m)
                for m in range(5)
            ],
            id=index,
        )
        for index in range(10)
    ]
    return Strategy(
        team_id="T1",
        channel_id="C1",
        name=hostile(80, pattern),
        started_by=OWNER,
        owner_id=OWNER,
        status=Status.LIVE,
        goals=goals,
        schedule=Schedule(),
        id=42,
    )


# --- check-ins on the running app ------------------------------------------------------------


def sender(app: RunningApp) -> CheckinSender:
    """A scheduler as `strategy-coach run` makes one, on the app's database, fake Slack and
    clock (`app.clock`)."""
    config = Config(
        bot_token="xoxb-test-token",
        signing_secret=SIGNING_SECRET,
        database_url=app.database_url,
        api_url=app.slack.api_url,
    )
    return make_sender(config, app.sessions, app.clock.now)


def live_strategy(
    channel: str = "C1",
    owner: str = "U2",
    zone: str = "Europe/Oslo",
    weekday: int = 0,
    at: dt.time = dt.time(9, 0),
    baselines: tuple[Decimal | None, Decimal | None] = (Decimal(1200), Decimal(250)),
    goals: int = 2,
    deadline: dt.date = dt.date(2027, 6, 30),
    started_by: str = "U1",
) -> Strategy:
    """A live strategy as the builder leaves it, not yet saved: followers 1,200 -> 5,000 by
    `deadline` and (with `goals=2`) cost per lead 250 -> 150 kr; a baseline of None is a goal
    whose owner didn't know today's value yet (the first weekly number becomes it)."""
    followers = Goal(
        description="5000 Instagram followers",
        metric="Instagram followers",
        baseline=baselines[0],
        target=Decimal(5000),
        deadline=deadline,
        goal_type=GoalType.AWARENESS,
        metrics=[Metric("Instagram followers")],
    )
    leads = Goal(
        description="Cheaper leads",
        metric="cost per lead",
        unit="kr",
        baseline=baselines[1],
        target=Decimal(150),
        deadline=dt.date(2027, 12, 31),
        goal_type=GoalType.LEADS,
        metrics=[Metric("cost per lead", "kr"), Metric("sign-ups from social")],
    )
    return Strategy(
        team_id=TEAM,
        channel_id=channel,
        name=f"Strategy for #{channel.lower()}",
        started_by=started_by,
        owner_id=owner,
        status=Status.LIVE,
        thread_ts=f"1690000000.{len(channel):06d}",
        card_ts=f"1690000000.{len(channel):06d}",
        mission="We make the brand human.",
        goals=[followers, leads][:goals],
        schedule=Schedule(weekday=weekday, time=at, timezone=zone),
        benefits=["Behind the scenes every Friday"],
    )


def live(
    app: RunningApp,
    channel: str = "C1",
    owner: str = "U2",
    zone: str = "Europe/Oslo",
    weekday: int = 0,
    at: dt.time = dt.time(9, 0),
    baselines: tuple[Decimal | None, Decimal | None] = (Decimal(1200), Decimal(250)),
) -> Strategy:
    """`live_strategy`, saved with its first check-in as going live saves it."""
    strategy = live_strategy(channel, owner, zone, weekday, at, baselines)
    app.slack.add_user(owner, tz=zone)  # what users.info says when the check-in goes out
    # As going live writes it: the strategy and its first check-in in one transaction.
    weekly = sender(app)
    with app.sessions.begin() as session:
        strategies.save_strategy(session, strategy)
        weekly.schedule_in(session, strategy, app.clock.now())
    return strategy


def owner_dms(app: RunningApp, owner: str = "U2") -> list:  # type: ignore[type-arg]
    """The posts in the app's DM with `owner` (posted to the DM's id or to the owner's, which
    Slack answers with the DM's), threads left out."""
    channel = app.slack.dm_channel(owner)
    return [
        call
        for call in app.slack.calls("chat.postMessage")
        if call.params.get("channel") in (channel, owner)
        and not call.params.get("thread_ts")
        and isinstance(call.response, dict)
        and call.response.get("ok")
        and call.response.get("channel") == channel
    ]


# Monday 09:00 local, as UTC, around each zone's daylight-saving changes.
SLOTS = {
    "Europe/Oslo": [
        dt.datetime(2027, 3, 22, 8, 0, tzinfo=UTC),  # CET, UTC+1
        dt.datetime(2027, 3, 29, 7, 0, tzinfo=UTC),  # CEST from 28 March, UTC+2
    ],
    "America/Los_Angeles": [
        dt.datetime(2027, 3, 8, 17, 0, tzinfo=UTC),  # PST, UTC-8
        dt.datetime(2027, 3, 15, 16, 0, tzinfo=UTC),  # PDT from 14 March, UTC-7
    ],
    "Asia/Kolkata": [
        dt.datetime(2027, 3, 22, 3, 30, tzinfo=UTC),  # UTC+5:30, no DST
        dt.datetime(2027, 3, 29, 3, 30, tzinfo=UTC),
    ],
    "Pacific/Auckland": [
        dt.datetime(2027, 3, 28, 20, 0, tzinfo=UTC),  # NZDT, UTC+13: Monday 29 March local
        dt.datetime(2027, 4, 4, 21, 0, tzinfo=UTC),  # NZST from 4 April, UTC+12
    ],
}


def checkin_sent(app: RunningApp, strategy: Strategy | None = None) -> tuple[Strategy, str, str]:
    """This week's check-in sent to the owner of `strategy` (a new `live` one by default):
    the strategy, the DM channel and the DM's ts."""
    strategy = strategy or live(app)
    slot = SLOTS["Europe/Oslo"][0]
    weekly = sender(app)
    weekly.schedule(strategy, slot - dt.timedelta(days=1))
    assert weekly.tick(slot) == 1
    dm = owner_dms(app)[-1]
    return strategy, dm.response["channel"], dm.response["ts"]

"""bench/fanout.py's set-up: a fresh database, and N live strategies due at one instant, saved
through the product's own code paths (`storage.strategies.save_strategy` and
`CheckinSender.schedule_in`, in one transaction as going live writes them), spread over the
workspaces; with several workspaces, each one's installation as "Add to Slack" stores it."""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.slack_tiers import bench_token
from bot.domain.model import Goal, GoalType, Metric, Schedule, Status, Strategy
from bot.runtime.app import make_sender
from bot.runtime.config import Config, OAuthConfig
from storage import strategies
from storage.db import make_engine, make_session_factory, upgrade
from storage.installations import make_installation_store

ZONE = "Europe/Oslo"  # the stand-in's users.info answers this zone for everyone
SIGNING_SECRET = "bench-signing-secret"
OAUTH = OAuthConfig("1111.2222", "bench-client-secret", "bench-state-secret")
SAVE_BATCH = 200


@dataclass(frozen=True)
class Owner:
    team_id: str
    user_id: str
    channel_id: str  # the strategy's channel

    @property
    def dm(self) -> str:
        return "D" + self.user_id[1:]


def owners(count: int, workspaces: int) -> list[Owner]:
    """`count` owners, one strategy each, dealt round-robin over `workspaces` teams."""
    found = []
    for n in range(count):
        team = n % workspaces
        found.append(Owner(f"T{team + 1:04d}", f"U{team + 1:02d}{n:07d}", f"C{n:07d}"))
    return found


@contextlib.contextmanager
def fresh_database(url: str | None) -> Iterator[str]:
    """A new, empty database: a SQLite file in a temporary folder, or for a PostgreSQL URL a
    database created beside the one named (and dropped afterwards)."""
    if url is None or make_url(url).get_backend_name() == "sqlite":
        with tempfile.TemporaryDirectory(prefix="fanout-db-") as folder:
            yield url or f"sqlite:///{Path(folder) / 'fanout.db'}"
        return
    parsed = make_url(url)
    name = f"fanout_bench_{secrets.token_hex(4)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def config(database_url: str, api_url: str, workspaces: int) -> Config:
    """The configuration the processes get: one bot token, or "Add to Slack" for several."""
    if workspaces == 1:
        return Config(bench_token("T0001"), SIGNING_SECRET, None, database_url, api_url)
    return Config("", SIGNING_SECRET, None, database_url, api_url, oauth=OAUTH)


def environment(settings: Config) -> dict[str, str]:
    """The Slack and database variables of `strategy-coach run` for `settings`."""
    env = {
        "SLACK_SIGNING_SECRET": settings.signing_secret,
        "SLACK_API_URL": settings.api_url,
        "DATABASE_URL": settings.database_url,
    }
    if settings.oauth is None:
        env["SLACK_BOT_TOKEN"] = settings.bot_token
    else:
        env["SLACK_CLIENT_ID"] = settings.oauth.client_id
        env["SLACK_CLIENT_SECRET"] = settings.oauth.client_secret
        env["SLACK_STATE_SECRET"] = settings.oauth.state_secret
    return env


def strategy(owner: Owner, due: dt.datetime) -> Strategy:
    """A live strategy as the builder leaves it (two goals, three metrics), whose weekly slot is
    `due` in the owner's zone."""
    local = due.astimezone(ZoneInfo(ZONE))
    followers = Goal(
        description="5000 Instagram followers",
        metric="Instagram followers",
        baseline=Decimal(1200),
        target=Decimal(5000),
        deadline=dt.date(2027, 6, 30),
        goal_type=GoalType.AWARENESS,
        metrics=[Metric("Instagram followers")],
    )
    leads = Goal(
        description="Cheaper leads",
        metric="cost per lead",
        unit="kr",
        baseline=Decimal(250),
        target=Decimal(150),
        deadline=dt.date(2027, 12, 31),
        goal_type=GoalType.LEADS,
        metrics=[Metric("cost per lead", "kr"), Metric("sign-ups from social")],
    )
    return Strategy(
        team_id=owner.team_id,
        channel_id=owner.channel_id,
        name=f"Strategy for #{owner.channel_id.lower()}",
        started_by=owner.user_id,
        owner_id=owner.user_id,
        status=Status.LIVE,
        thread_ts="1690000000.000100",
        card_ts="1690000000.000100",
        mission="We make the brand human.",
        goals=[followers, leads],
        schedule=Schedule(weekday=local.weekday(), time=local.time(), timezone=ZONE),
        benefits=["Behind the scenes every Friday"],
    )


def store(settings: Config, everyone: list[Owner], due: dt.datetime) -> None:
    """Migrate, then save every strategy with its check-in due at `due` (whole seconds), as
    going live does; several workspaces also get their installations."""
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    sessions = make_session_factory(engine)
    if settings.oauth is not None:
        installations = make_installation_store(engine, settings.oauth.client_id, None)
        for team in sorted({o.team_id for o in everyone}):
            installations.save(installation(team))
    before = due - dt.timedelta(seconds=1)  # the slot is the first one after this
    sender = make_sender(settings, sessions, lambda: before)
    for start in range(0, len(everyone), SAVE_BATCH):
        with sessions.begin() as session:
            for owner in everyone[start : start + SAVE_BATCH]:
                saved = strategies.save_strategy(session, strategy(owner, due), before)
                sender.schedule_in(session, saved, before)
    engine.dispose()


def remember_owners(settings: Config, everyone: list[Owner], due: dt.datetime) -> bool:
    """The steady state: each owner's zone, locale and DM channel kept as last week's check-in
    left them (storage/people.py, from 73dc485 on). False when this version keeps none: then
    every check-in is the owner's first."""
    try:
        from storage import people  # absent before issue 13's owner profiles
    except ImportError:
        return False
    engine = make_engine(settings.database_url)
    sessions = make_session_factory(engine)
    last_week = due - dt.timedelta(days=7)
    for start in range(0, len(everyone), SAVE_BATCH):
        with sessions.begin() as session:
            for owner in everyone[start : start + SAVE_BATCH]:
                people.save_checked(session, owner.team_id, owner.user_id, ZONE, "en-US", last_week)
                people.remember_dm(session, owner.team_id, owner.user_id, owner.dm)
    engine.dispose()
    return True


def installation(team_id: str) -> Installation:
    return Installation(
        app_id="A111",
        team_id=team_id,
        team_name=f"Team {team_id}",
        bot_token=bench_token(team_id),
        bot_id=f"B{team_id}",
        bot_user_id=f"UBOT{team_id}",
        bot_scopes="commands,chat:write,im:write,users:read,files:write",
        user_id="UINSTALLER",
        is_enterprise_install=False,
        token_type="bot",
    )

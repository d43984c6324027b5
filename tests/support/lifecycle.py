"""Workspaces with data in them, built through the product's own paths, for the uninstall,
grace-period, data-command and health tests."""

from __future__ import annotations

from bot.domain.model import Strategy
from bot.runtime.config import Config
from storage import team_data, workspaces
from tests.conftest import SIGNING_SECRET, TEAM, RunningApp
from tests.support.checkins import checkin_sent

REPORT = "Instagram followers 1 900, cost per lead 220 kr, sign-ups 14"


def config(app: RunningApp) -> Config:
    return Config(
        bot_token="xoxb-test-token",
        signing_secret=SIGNING_SECRET,
        database_url=app.database_url,
        api_url=app.slack.api_url,
    )


def reported(app: RunningApp) -> Strategy:
    """A live strategy whose owner got this week's check-in and answered it (three reports)."""
    strategy, channel, ts = checkin_sent(app)
    reply = app.driver.dm(REPORT, user_id="U2", channel_id=channel, thread_ts=ts)
    assert reply.status == 200
    return strategy


def stored(app: RunningApp, team_id: str = TEAM) -> dict[str, int]:
    """Rows stored for the team, per table."""
    with app.sessions.begin() as session:
        return {table: len(rows) for table, rows in team_data.team_rows(session, team_id).items()}


def mark(app: RunningApp, team_id: str = TEAM) -> str | None:
    """Why the team is marked uninstalled; None while installed."""
    with app.sessions.begin() as session:
        found = workspaces.uninstalled(session, team_id)
    return None if found is None else found[1]

"""Uninstall in multi-workspace mode (issue 11): the workspace's installation goes from slack_sdk's
store, the other workspace's stays, a user's revoked token takes only that user's rows, and an
install through the OAuth flow (`installed`) clears the uninstall mark within the grace period.

Over HTTP: two workspaces installed through the real flow, each with a live strategy; one
uninstalls; over later ticks the fake records no call with its token while the other gets its
check-ins; a reinstall within the grace period resumes it with its new token. Below that, the
lifecycle on the real installation store (SQLite and PostgreSQL, through the migrations)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from slack_sdk.oauth.installation_store import Installation

from bot.domain.model import Strategy
from bot.lifecycle.service import WorkspaceLifecycle
from bot.runtime.app import make_sender
from storage import strategies, workspaces
from storage.db import SessionFactory, make_engine, make_session_factory
from storage.installations import SealedInstallationStore, make_installation_store
from tests.conftest import RunningApp
from tests.support.checkins import SLOTS, live_strategy
from tests.support.fake_slack import FakeSlack
from tests.support.multi_workspace import driver_for, install, multi_config, start_multi_app
from tests.support.stored_installations import CLIENT_ID, INSTALLED_AT, installation, new_keys

NOW = INSTALLED_AT + dt.timedelta(days=3)
ONE, OTHER = "T111", "T222"
OWNERS = {ONE: "U0ONE", OTHER: "U0OTHER"}
FIRST, SECOND = SLOTS["Europe/Oslo"]
THIRD = dt.datetime(2027, 4, 5, 7, 0, tzinfo=dt.UTC)  # Monday 09:00 CEST


@pytest.fixture
def two_workspaces(database_url: str) -> Iterator[RunningApp]:
    """The multi-workspace app with ONE and OTHER installed through the flow, each with a live
    strategy whose check-in is due at FIRST."""
    with FakeSlack() as fake:
        app = start_multi_app(database_url, fake)
        try:
            for team_id, owner in OWNERS.items():
                assert install(app, team_id, "UINSTALLER").status == 200
                fake.add_user(owner, tz="Europe/Oslo")
                _live(app, team_id, owner)
            yield app
        finally:
            app.stop()


def _live(app: RunningApp, team_id: str, owner: str) -> Strategy:
    strategy = live_strategy(f"C{team_id}", owner, goals=1)
    strategy.team_id = team_id
    with app.sessions.begin() as session:
        strategies.save_strategy(session, strategy)
        _sender(app).schedule_in(session, strategy, FIRST - dt.timedelta(days=1))
    return strategy


def _sender(app: RunningApp):  # type: ignore[no-untyped-def]
    return make_sender(multi_config(app.database_url, app.slack), app.sessions, app.clock.now)


def _checkins(app: RunningApp, team_id: str) -> list[str]:
    """The tokens of the check-in DMs sent to the team's owner."""
    dm = app.slack.dm_channel(OWNERS[team_id])
    return [
        str(call.token)
        for call in app.slack.calls("chat.postMessage")
        if call.params.get("channel") in (dm, OWNERS[team_id]) and not call.params.get("thread_ts")
    ]


def _mark(app: RunningApp, team_id: str) -> str | None:
    with app.sessions.begin() as session:
        found = workspaces.uninstalled(session, team_id)
    return None if found is None else found[1]


def test_uninstall_of_one_workspace_stops_its_calls_and_leaves_the_other(
    two_workspaces: RunningApp,
) -> None:
    app, fake = two_workspaces, two_workspaces.slack
    weekly = _sender(app)
    assert weekly.tick(FIRST) == 2
    first_token = fake.bot_token(ONE)
    assert _checkins(app, ONE) == [first_token]
    assert _checkins(app, OTHER) == [fake.bot_token(OTHER)]

    app.clock.set(FIRST + dt.timedelta(hours=1))
    assert driver_for(app, ONE).event({"type": "app_uninstalled"}).status == 200
    store = make_installation_store(app.sessions.kw["bind"], fake.client_id, None)
    assert store.find_bot(enterprise_id=None, team_id=ONE) is None
    assert store.find_installation(enterprise_id=None, team_id=ONE) is None
    assert store.find_bot(enterprise_id=None, team_id=OTHER) is not None
    fake.reset()
    # The reminder a day later, next week's check-in, the sweep after the lease.
    for now in (FIRST + dt.timedelta(hours=25), SECOND, SECOND + dt.timedelta(minutes=11)):
        weekly.tick(now)
    assert [c.method for c in fake.calls() if fake.team_of_call(c) == ONE] == [], fake.summary()
    assert _checkins(app, OTHER) == [fake.bot_token(OTHER)]  # SECOND's, with its own token

    # Back within the grace period, through the flow: a new token, check-ins resume.
    app.clock.set(SECOND + dt.timedelta(days=2))
    assert _mark(app, ONE) == "app_uninstalled"
    assert install(app, ONE, "UINSTALLER", code="code-again").status == 200
    assert _mark(app, ONE) is None  # the install itself (lifecycle.installed), no request yet
    assert fake.bot_token(ONE) != first_token
    fake.reset()
    assert _sender(app).tick(THIRD) == 2
    assert _checkins(app, ONE) == [fake.bot_token(ONE)]
    assert _checkins(app, OTHER) == [fake.bot_token(OTHER)]


@dataclass
class Installed:
    lifecycle: WorkspaceLifecycle
    store: SealedInstallationStore
    sessions: SessionFactory

    def bot_token(self, team_id: str) -> str | None:
        bot = self.store.find_bot(enterprise_id=None, team_id=team_id)
        return None if bot is None else bot.bot_token

    def user_token(self, team_id: str, user_id: str) -> str | None:
        found = self.store.find_installation(enterprise_id=None, team_id=team_id, user_id=user_id)
        return None if found is None else found.user_token

    def mark(self, team_id: str) -> str | None:
        with self.sessions.begin() as session:
            found = workspaces.uninstalled(session, team_id)
        return None if found is None else found[1]


def test_tokens_revoked_over_http_users_then_bot(two_workspaces: RunningApp) -> None:
    app, fake = two_workspaces, two_workspaces.slack
    store = make_installation_store(app.sessions.kw["bind"], fake.client_id, None)
    other = driver_for(app, OTHER)
    users_only = {"type": "tokens_revoked", "tokens": {"oauth": ["UINSTALLER"]}}
    assert other.event(users_only).status == 200
    assert store.find_installation(enterprise_id=None, team_id=OTHER, user_id="UINSTALLER") is None
    assert store.find_bot(enterprise_id=None, team_id=OTHER) is not None  # the bot still works
    assert _mark(app, OTHER) is None
    assert _sender(app).tick(FIRST) == 2
    bot = {"type": "tokens_revoked", "tokens": {"bot": [f"{OTHER}BOT"]}}
    assert other.event(bot).status == 200
    assert store.find_bot(enterprise_id=None, team_id=OTHER) is None
    assert _mark(app, OTHER) == "tokens_revoked"
    assert store.find_bot(enterprise_id=None, team_id=ONE) is not None


@pytest.fixture(params=["plain", "sealed"])
def installed(request: pytest.FixtureRequest, database_url: str) -> Iterator[Installed]:
    engine = make_engine(database_url)
    keys = new_keys()[0] if request.param == "sealed" else None
    store = make_installation_store(engine, CLIENT_ID, keys)
    for team_id in (ONE, OTHER):
        store.save(installation(team_id))
    sessions = make_session_factory(engine)
    lifecycle = WorkspaceLifecycle(sessions, lambda: NOW, installations=store)
    yield Installed(lifecycle, store, sessions)
    engine.dispose()


def _second_user(team_id: str) -> Installation:
    other = installation(team_id)
    other.user_id = "USECOND"
    other.user_token = f"xoxp-{team_id}-second"
    return other


def test_uninstall_deletes_that_workspaces_installation_only(installed: Installed) -> None:
    assert installed.lifecycle.uninstalled(ONE, "app_uninstalled")
    assert installed.mark(ONE) == "app_uninstalled"
    assert installed.bot_token(ONE) is None
    assert installed.store.find_installation(enterprise_id=None, team_id=ONE) is None
    assert installed.bot_token(OTHER) == f"xoxb-{OTHER}-botsecret"
    assert installed.user_token(OTHER, "UINSTALLER") == f"xoxp-{OTHER}-usersecret"
    assert installed.mark(OTHER) is None


def test_a_users_revoked_token_takes_only_their_rows(installed: Installed) -> None:
    installed.store.save(_second_user(ONE))
    installed.lifecycle.users_revoked(ONE, ["UINSTALLER"])
    assert installed.user_token(ONE, "UINSTALLER") is None
    assert installed.user_token(ONE, "USECOND") == f"xoxp-{ONE}-second"
    assert installed.bot_token(ONE) == f"xoxb-{ONE}-botsecret"  # the bot keeps working
    assert installed.mark(ONE) is None


def test_a_refused_token_marks_but_keeps_the_installation(installed: Installed) -> None:
    installed.lifecycle.auth_failed(ONE, "invalid_auth")
    assert installed.mark(ONE) == "invalid_auth"
    assert installed.bot_token(ONE) == f"xoxb-{ONE}-botsecret"


def test_an_install_within_grace_clears_the_mark(installed: Installed) -> None:
    installed.lifecycle.uninstalled(ONE, "app_uninstalled")
    installed.store.save(installation(ONE))  # the OAuth flow stores the new installation
    assert installed.lifecycle.installed(ONE)
    assert installed.mark(ONE) is None
    assert installed.bot_token(ONE) == f"xoxb-{ONE}-botsecret"
    assert not installed.lifecycle.installed(OTHER)  # never marked: nothing to clear

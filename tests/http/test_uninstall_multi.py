"""Uninstall in multi-workspace mode (issue 11): the workspace's installation goes from slack_sdk's
store, the other workspace's stays, a user's revoked token takes only that user's rows, and an
install through the OAuth flow (`installed`) clears the uninstall mark within the grace period.

Real installation store on SQLite and PostgreSQL through the migrations; installations saved the
way the OAuth flow saves them (`store.save`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from slack_sdk.oauth.installation_store import Installation

from bot.lifecycle.service import WorkspaceLifecycle
from storage import workspaces
from storage.db import SessionFactory, make_engine, make_session_factory
from storage.installations import SealedInstallationStore, make_installation_store
from tests.support.stored_installations import CLIENT_ID, INSTALLED_AT, installation, new_keys

NOW = INSTALLED_AT + dt.timedelta(days=3)
ONE, OTHER = "T111", "T222"


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

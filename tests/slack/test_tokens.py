"""Which token a Slack call uses (bot/slack/tokens.py, bot/slack/team_scope.py): in
multi-workspace mode each workspace's own, read through the installation store (installed by
Bolt's own OAuth code exchange against the fake Slack), cached for a minute, renewed with
slack_sdk's TokenRotator against the fake when it is about to expire or Slack says it has, and
saved back sealed; a call with no workspace in scope, or for one never installed, is refused.
SQLite and PostgreSQL."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from slack_bolt.oauth.oauth_flow import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot
from sqlalchemy import Engine, select

from bot.runtime.executors import ContextExecutor
from bot.runtime.token_sources import installed_tokens
from bot.slack.client import SlackIO, make_client
from bot.slack.team_scope import Team, current_team, enter_team, in_team
from bot.slack.tokens import InstalledTokens, NoTeamInScope, NotInstalled, SingleToken
from storage.db import make_engine
from storage.installations import (
    InstalledWorkspace,
    SealedInstallationStore,
    installed_workspaces,
    make_installation_store,
)
from storage.models import slack_bots
from storage.token_crypto import FERNET_PREFIX
from tests.support.fake_slack import FakeSlack
from tests.support.stored_installations import new_keys


class Ticks:
    """A movable clock for the cache and the renewal window (seconds, like time.time)."""

    def __init__(self, at: float) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at


class Counting:
    """The real store, counting the `find_bot` reads (to see the cache work)."""

    def __init__(self, store: SealedInstallationStore) -> None:
        self.store = store
        self.reads = 0

    def find_bot(self, **kwargs: object) -> Bot | None:
        self.reads += 1
        return self.store.find_bot(**kwargs)  # type: ignore[arg-type]

    def save_bot(self, bot: Bot) -> None:
        self.store.save_bot(bot)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def install(
    fake: FakeSlack,
    store: SealedInstallationStore,
    team_id: str,
    rotation: bool = False,
    expires_in: int = 43200,
) -> None:
    """Bolt's own code exchange (`OAuthFlow.run_installation`) against the fake, stored."""
    code = f"code-{team_id}"
    fake.oauth_code(
        code, team_id=team_id, user_id=f"U{team_id}", rotation=rotation, expires_in=expires_in
    )
    flow = OAuthFlow(
        client=WebClient(base_url=fake.api_url),
        settings=OAuthSettings(
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            installation_store=store,
            state_validation_enabled=False,
        ),
    )
    installation = flow.run_installation(code)
    assert installation is not None
    store.save(installation)


def tokens_for(
    fake: FakeSlack, store: object, engine: Engine, clock: Ticks | None = None
) -> InstalledTokens:
    source = installed_tokens(store, fake.api_url, fake.client_id, fake.client_secret, engine)  # type: ignore[arg-type]
    if clock is not None:
        source.clock = clock
    return source


def test_each_workspace_gets_its_own_token_and_none_without_a_team(
    engine: Engine, fake_slack: FakeSlack
) -> None:
    store = make_installation_store(engine, fake_slack.client_id, None)
    install(fake_slack, store, "T1")
    install(fake_slack, store, "T2")
    slack = SlackIO(tokens_for(fake_slack, store, engine))
    before = len(fake_slack.calls("auth.test"))  # the install's own
    for team in ("T1", "T2", "T1"):
        with in_team(team):
            assert slack.whoami() == (team, None)
    assert [fake_slack.team_of_call(c) for c in fake_slack.calls("auth.test")[before:]] == [
        "T1",
        "T2",
        "T1",
    ]
    calls = len(fake_slack.calls())
    fresh = contextvars.Context()  # nothing entered (whatever other tests left in this thread)
    with pytest.raises(NoTeamInScope):
        fresh.run(slack.whoami)  # no workspace in scope: refused, never some token
    with in_team("T9"), pytest.raises(NotInstalled):
        slack.whoami()  # a workspace that never installed the app

    def nameless_request() -> None:
        enter_team("T1")  # an earlier request on the same thread
        enter_team(None)  # a request that names no team
        slack.post("C1", "hi", [])

    with pytest.raises(NoTeamInScope):
        contextvars.Context().run(nameless_request)
    assert len(fake_slack.calls()) == calls  # nothing reached Slack
    assert installed_workspaces(engine, fake_slack.client_id) == [
        InstalledWorkspace("T1", None),
        InstalledWorkspace("T2", None),
    ]


def test_single_token_mode_ignores_the_scope(fake_slack: FakeSlack) -> None:
    client = make_client("xoxb-test-token", fake_slack.api_url)
    slack = SlackIO(SingleToken(client))
    assert slack.whoami() == (fake_slack.team_id, None)  # no team in scope: the one token
    with in_team("T2"):
        assert slack.whoami() == (fake_slack.team_id, None)
    assert {c.token for c in fake_slack.calls("auth.test")} == {"xoxb-test-token"}


def test_the_token_is_read_once_a_minute(engine: Engine, fake_slack: FakeSlack) -> None:
    store = make_installation_store(engine, fake_slack.client_id, None)
    install(fake_slack, store, "T1")
    counting = Counting(store)
    clock = Ticks(1_000_000.0)
    slack = SlackIO(tokens_for(fake_slack, counting, engine, clock))
    with in_team("T1"):
        for _ in range(3):
            slack.whoami()
        assert counting.reads == 1
        clock.at += 59
        slack.whoami()
        assert counting.reads == 1
        clock.at += 1
        slack.whoami()
        assert counting.reads == 2


def test_a_token_about_to_expire_is_renewed_and_saved_back_sealed(
    engine: Engine, fake_slack: FakeSlack
) -> None:
    keys, _ = new_keys()
    store = make_installation_store(engine, fake_slack.client_id, keys)
    install(fake_slack, store, "T1", rotation=True, expires_in=3600)
    install(fake_slack, store, "T2", rotation=True, expires_in=3600)
    first = {team: fake_slack.bot_token(team) for team in ("T1", "T2")}
    bot = store.find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None and bot.bot_token_expires_at is not None
    clock = Ticks(float(bot.bot_token_expires_at) - 3000)  # 50 minutes left: used as it is
    slack = SlackIO(tokens_for(fake_slack, store, engine, clock))
    with in_team("T1"):
        slack.whoami()
    assert fake_slack.calls("oauth.v2.access")[-1].params.get("grant_type") != "refresh_token"
    clock.at = float(bot.bot_token_expires_at) - 300  # 5 minutes left: renewed first
    with in_team("T1"):
        assert slack.whoami() == ("T1", None)
    renewed = fake_slack.bot_token("T1")
    assert renewed != first["T1"]
    [refresh] = [
        c
        for c in fake_slack.calls("oauth.v2.access")
        if c.params.get("grant_type") == "refresh_token"
    ]
    assert fake_slack.calls("auth.test")[-1].token == renewed
    assert refresh.params.get("refresh_token") == bot.bot_refresh_token
    assert fake_slack.bot_token("T2") == first["T2"]  # the other workspace's token untouched
    stored = store.find_bot(enterprise_id=None, team_id="T1")
    assert stored is not None and stored.bot_token == renewed
    with engine.connect() as connection:
        rows = connection.execute(
            select(slack_bots.c.team_id, slack_bots.c.bot_token, slack_bots.c.bot_refresh_token)
        ).all()
    for row in rows:  # at rest: sealed, the renewed ones too
        assert row.bot_token.startswith(FERNET_PREFIX) and row.bot_refresh_token.startswith(
            FERNET_PREFIX
        )
        assert renewed not in (row.bot_token, row.bot_refresh_token)


def test_a_token_slack_calls_expired_is_renewed_and_the_call_made_again(
    engine: Engine, fake_slack: FakeSlack
) -> None:
    store = make_installation_store(engine, fake_slack.client_id, None)
    install(fake_slack, store, "T1", rotation=True)
    install(fake_slack, store, "T2", rotation=True)
    refused: list[tuple[str | None, str]] = []
    slack = SlackIO(
        tokens_for(fake_slack, store, engine), lambda team, error: refused.append((team, error))
    )
    with in_team("T1"):
        assert slack.whoami() == ("T1", None)
    old = fake_slack.bot_token("T1")
    fake_slack.expire(old)  # before its time, as far as the stored expiry says
    with in_team("T1"):
        assert slack.post("C1", "hello", []) is not None
    renewed = fake_slack.bot_token("T1")
    assert renewed != old
    posts = fake_slack.calls("chat.postMessage")
    assert [c.token for c in posts] == [old, renewed]  # refused once, then made again
    assert refused == []
    fake_slack.revoke(renewed)  # not an expiry: reported with the team in scope
    with in_team("T1"):
        assert slack.post("C1", "hello", []) is None
    assert refused == [("T1", "token_revoked")]
    with in_team("T2"):
        assert slack.whoami() == ("T2", None)


def test_the_request_token_bolt_authorized_is_used_as_it_is(
    engine: Engine, fake_slack: FakeSlack
) -> None:
    store = make_installation_store(engine, fake_slack.client_id, None)
    install(fake_slack, store, "T1", rotation=True, expires_in=60)  # always "about to expire"
    token = fake_slack.bot_token("T1")
    slack = SlackIO(tokens_for(fake_slack, store, engine))
    context = contextvars.copy_context()
    context.run(enter_team, "T1", None, token)
    assert context.run(slack.whoami) == ("T1", None)
    assert fake_slack.calls("auth.test")[-1].token == token
    assert all(
        c.params.get("grant_type") != "refresh_token" for c in fake_slack.calls("oauth.v2.access")
    )


def test_in_team_restores_and_context_executors_carry_the_team() -> None:
    contextvars.Context().run(_in_team_restores)


def _in_team_restores() -> None:
    assert current_team() is None
    with in_team("T1"):
        with in_team("T2", "E1"):
            assert current_team() == Team("T2", "E1")
        assert current_team() == Team("T1")
        with ContextExecutor(max_workers=1) as pool:
            assert pool.submit(current_team).result() == Team("T1")
        with ThreadPoolExecutor(max_workers=1) as plain:
            assert plain.submit(current_team).result() is None  # what the copy is for
    assert current_team() is None

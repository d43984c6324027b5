"""Rotating tokens in the scheduler's check-in fan-out (issue 11): two workspaces installed
through the real flow with token rotation on, tokens sealed at rest. A token Slack calls
expired in the middle of the fan-out is renewed (slack_sdk's TokenRotator against the fake,
the refresh token of the stored installation) and the call made again; a token about to expire
is renewed before it is used. Both owners get their check-in, each with its own workspace's
token, the renewed token is saved back sealed, and nobody is marked uninstalled.
SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.domain.model import Strategy
from bot.runtime.app import make_sender
from storage import strategies, workspaces
from storage.installations import make_installation_store
from storage.models import slack_bots
from storage.token_crypto import FERNET_PREFIX, TokenKeys
from tests.conftest import RunningApp
from tests.support.checkins import SLOTS, live_strategy
from tests.support.fake_slack import Call, FakeSlack
from tests.support.multi_workspace import install, multi_config, start_multi_app
from tests.support.stored_installations import new_keys

ONE, OTHER = "T500", "T600"
OWNER = {ONE: "U500OWNER", OTHER: "U600OWNER"}
FIRST = SLOTS["Europe/Oslo"][0]


def _app(database_url: str, fake: FakeSlack, keys: TokenKeys, expires_in: int) -> RunningApp:
    app = start_multi_app(database_url, fake, token_keys=keys)
    for team_id, owner in OWNER.items():
        assert install(app, team_id, owner, rotation=True, expires_in=expires_in).status == 200
        fake.add_user(owner, tz="Europe/Oslo")
        strategy = live_strategy(f"C{team_id[1:]}", owner, goals=1)
        strategy.team_id = team_id
        _schedule(app, keys, strategy)
    return app


def _schedule(app: RunningApp, keys: TokenKeys, strategy: Strategy) -> None:
    with app.sessions.begin() as session:
        strategies.save_strategy(session, strategy)
        _sender(app, keys).schedule_in(session, strategy, FIRST - dt.timedelta(days=1))


def _sender(app: RunningApp, keys: TokenKeys, workers: int = 8):  # type: ignore[no-untyped-def]
    """The scheduler's sender, as `strategy-coach run` makes it in multi-workspace mode."""
    config = multi_config(app.database_url, app.slack, token_keys=keys)
    config = dataclasses.replace(config, checkin_send_workers=workers)
    return make_sender(config, app.sessions, app.clock.now)


def _checkin_tokens(app: RunningApp, team_id: str) -> list[tuple[str, bool]]:
    """(token, answered ok) of each attempt to post the team owner's check-in."""
    dm = app.slack.dm_channel(OWNER[team_id])
    return [
        (str(call.token), bool(call.response and call.response.get("ok")))
        for call in app.slack.calls("chat.postMessage")
        if call.params.get("channel") in (dm, OWNER[team_id])
        and "Thanks for adding" not in str(call.params.get("text"))
    ]


def _assert_saved_sealed(app: RunningApp, keys: TokenKeys, team_id: str, token: str) -> None:
    engine = app.sessions.kw["bind"]
    store = make_installation_store(engine, app.slack.client_id, keys)
    bot = store.find_bot(enterprise_id=None, team_id=team_id)
    assert bot is not None and bot.bot_token == token
    with engine.connect() as connection:
        rows = connection.execute(
            select(slack_bots.c.bot_token, slack_bots.c.bot_refresh_token).where(
                slack_bots.c.team_id == team_id
            )
        ).all()
    assert rows
    for row in rows:
        assert row.bot_token.startswith(FERNET_PREFIX), "a token stored in the clear"
        assert row.bot_refresh_token.startswith(FERNET_PREFIX)


def _not_marked(app: RunningApp) -> None:
    with app.sessions.begin() as session:
        assert all(workspaces.uninstalled(session, team) is None for team in OWNER)


@pytest.fixture
def keys() -> TokenKeys:
    return new_keys()[0]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def test_a_token_that_expires_during_the_fan_out_is_renewed(
    database_url: str, fake: FakeSlack, keys: TokenKeys
) -> None:
    app = _app(database_url, fake, keys, expires_in=43200)
    try:
        installed = {team: fake.bot_token(team) for team in OWNER}
        held: list[str] = []
        arrived, release = threading.Event(), threading.Event()

        def post(call: Call) -> dict:  # the first owner's check-in waits for `release`
            held.append(str(call.params.get("channel")))  # the owner's user id
            arrived.set()
            release.wait(timeout=15)
            return {"ok": True, "channel": fake.dm_channel(held[-1]), "ts": fake.next_ts()}

        fake.on("chat.postMessage", post)
        sent: list[int] = []
        # One send at a time: the later owner's post starts after the test expired its token.
        weekly = _sender(app, keys, workers=1)
        ticking = threading.Thread(target=lambda: sent.append(weekly.tick(FIRST)))
        ticking.start()
        assert arrived.wait(timeout=15)  # the first owner's check-in
        first = held[0]
        later = next(team for team, owner in OWNER.items() if owner != first)
        fake.expire(installed[later])  # hours early, as far as the stored expiry says
        release.set()
        ticking.join(timeout=30)
        assert sent == [2]
        renewed = fake.bot_token(later)
        assert renewed != installed[later]
        for team in OWNER:
            attempts = _checkin_tokens(app, team)
            assert attempts[-1] == (fake.bot_token(team), True), attempts
            assert all(fake.team_of(token) == team for token, _ in attempts)
        # The later team's first call was refused as expired, then made again, renewed.
        refused = [c for c in fake.calls() if _refused(c)]
        assert refused and all(c.token == installed[later] for c in refused), fake.summary()
        assert all(c.response["error"] == "token_expired" for c in refused)
        assert fake.bot_token(_team_of_owner(first)) == installed[_team_of_owner(first)]
        _assert_saved_sealed(app, keys, later, renewed)
        _not_marked(app)
    finally:
        app.stop()  # type: ignore[operator]


def test_tokens_about_to_expire_are_renewed_before_the_fan_out_uses_them(
    database_url: str, fake: FakeSlack, keys: TokenKeys
) -> None:
    app = _app(database_url, fake, keys, expires_in=300)  # 5 minutes: inside the window
    try:
        installed = {team: fake.bot_token(team) for team in OWNER}
        assert _sender(app, keys).tick(FIRST) == 2
        for team in OWNER:
            renewed = fake.bot_token(team)
            assert renewed != installed[team]
            assert _checkin_tokens(app, team) == [(renewed, True)]
            _assert_saved_sealed(app, keys, team, renewed)
        # Not one call of the fan-out with a token Slack had to refuse.
        assert not [c for c in fake.calls() if _refused(c)], fake.summary()
        _not_marked(app)
    finally:
        app.stop()  # type: ignore[operator]


def _team_of_owner(owner: str) -> str:
    return next(team for team, who in OWNER.items() if who == owner)


def _refused(call: Call) -> bool:
    return isinstance(call.response, dict) and call.response.get("ok") is False

"""The "Add to Slack" install flow over HTTP against the fake Slack (issue 11): the install page,
Slack's redirect back, the installation stored (tokens sealed when a key is set), the pages of
a failed, cancelled, replayed or org-wide install, and the installer's welcome DM."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from cryptography.fernet import Fernet
from sqlalchemy import select, update
from sqlalchemy.engine import make_url

from bot.runtime.oauth import REDIRECT_PATH
from bot.slack.surface import BOT_SCOPES, EVENTS_PATH
from storage.installations import make_installation_store
from storage.models import slack_bots, slack_installations, slack_oauth_states
from storage.token_crypto import TokenKeys
from tests.conftest import RunningApp
from tests.support.fake_slack import FakeSlack
from tests.support.multi_workspace import (
    base_url,
    get,
    install,
    redirect_back,
    start_install,
    start_multi_app,
)
from tests.support.pg_proxy import PgProxy


@pytest.fixture
def multi_app(database_url: str, fake_slack: FakeSlack) -> Iterator[RunningApp]:
    running = start_multi_app(database_url, fake_slack)
    yield running
    running.stop()  # type: ignore[operator]


@pytest.fixture
def sqlite_multi_app(sqlite_url: str, fake_slack: FakeSlack) -> Iterator[RunningApp]:
    running = start_multi_app(sqlite_url, fake_slack)
    yield running
    running.stop()  # type: ignore[operator]


def stored_bot(app: RunningApp, team_id: str, keys: TokenKeys | None = None):  # type: ignore[no-untyped-def]
    store = make_installation_store(app.sessions.kw["bind"], app.slack.client_id, keys)
    return store.find_bot(enterprise_id=None, team_id=team_id)


def installation_rows(app: RunningApp) -> int:
    with app.sessions.begin() as session:
        return len(session.execute(select(slack_installations.c.id)).all())


def assert_refused(reply_status: int, body: str, *sentences: str) -> None:
    assert 400 <= reply_status < 500, (reply_status, body)
    assert "Strategy Coach was not installed" in body and "Nothing was installed." in body
    assert 'href="/slack/install"' in body  # a way to try again
    assert "Traceback" not in body
    for sentence in sentences:
        assert sentence in body, body


def test_the_install_page_says_what_the_app_is_and_links_to_slack(
    sqlite_multi_app: RunningApp,
) -> None:
    start = start_install(sqlite_multi_app)

    assert "Strategy Coach helps your team" in start.page.body
    assert ">Add to Slack</a>" in start.page.body
    query = parse_qs(urlsplit(start.authorize_url).query)
    assert query["client_id"] == [sqlite_multi_app.slack.client_id]
    assert query["scope"][0].split(",") == list(BOT_SCOPES)
    assert "HttpOnly" in start.page.headers["Set-Cookie"]
    norwegian = start_install(sqlite_multi_app, language="nb-NO,nb;q=0.9,en;q=0.5")
    assert ">Legg til i Slack</a>" in norwegian.page.body


@pytest.mark.parametrize("rotation", [False, True], ids=["plain", "rotation"])
def test_a_workspace_is_installed_through_the_flow(multi_app: RunningApp, rotation: bool) -> None:
    fake = multi_app.slack

    reply = install(multi_app, "T2", "U2", rotation=rotation, team_name="Agency")

    assert reply.status == 200, reply.body
    assert "Strategy Coach is installed" in reply.body and "Agency" in reply.body
    assert "<code>/invite @Strategy Coach</code>" in reply.body
    assert "<code>/strategy</code>" in reply.body
    assert f'href="https://slack.com/app_redirect?app={fake.app_id}&amp;team=T2"' in reply.body
    bot = stored_bot(multi_app, "T2")
    assert bot is not None and bot.bot_token == fake.bot_token("T2")
    assert (bot.bot_user_id, bot.bot_id) == ("U2BOT", "B2BOT")
    assert (bot.bot_refresh_token is not None) is rotation
    assert (bot.bot_token_expires_at is not None) is rotation
    [exchange] = fake.calls("oauth.v2.access")
    assert exchange.params["code"] == "code-T2-U2"
    assert fake.team_of_call(fake.calls("auth.test")[-1]) == "T2"


def test_tokens_are_sealed_at_rest_when_a_key_is_set(
    sqlite_url: str, fake_slack: FakeSlack
) -> None:
    keys = TokenKeys([Fernet.generate_key()])
    app = start_multi_app(sqlite_url, fake_slack, token_keys=keys)
    try:
        assert install(app, "T2", "U2", rotation=True).status == 200
        token = fake_slack.bot_token("T2")
        with app.sessions.begin() as session:
            raw = session.execute(select(slack_bots)).one()._mapping
        assert raw["bot_token"] != token and token not in str(dict(raw))
        opened = stored_bot(app, "T2", keys)
        assert opened is not None and opened.bot_token == token
    finally:
        app.stop()  # type: ignore[operator]


def test_the_installer_is_welcomed_in_english_with_the_new_workspaces_token(
    multi_app: RunningApp,
) -> None:
    fake = multi_app.slack
    assert install(multi_app, "T2", "U2").status == 200

    [post] = fake.calls("chat.postMessage")
    assert post.params["channel"] == fake.dm_channel("U2")
    assert fake.team_of_call(post) == "T2" and post.token == fake.bot_token("T2")
    [info] = fake.calls("users.info")
    assert fake.team_of_call(info) == "T2"
    [message] = fake.messages("U2")
    text = str(message["blocks"])
    assert "Thanks for adding Strategy Coach" in message["text"]
    assert "`/invite @Strategy Coach`" in text and "`/strategy`" in text


def test_a_norwegian_installer_is_welcomed_in_norwegian(sqlite_multi_app: RunningApp) -> None:
    fake = sqlite_multi_app.slack
    fake.add_user("U3", locale="nb-NO")

    reply = install(sqlite_multi_app, "T3", "U3")

    assert reply.status == 200 and "Strategy Coach er installert" in reply.body
    [message] = fake.messages("U3")
    assert "Takk for at du la til Strategy Coach" in message["text"]
    assert "Slik kommer du i gang" in str(message["blocks"])
    [post] = fake.calls("chat.postMessage")
    assert fake.team_of_call(post) == "T3"


def test_the_team_name_is_escaped_on_the_success_page(sqlite_multi_app: RunningApp) -> None:
    reply = install(sqlite_multi_app, "T2", "U2", team_name="<script>alert(1)</script>")
    assert reply.status == 200
    assert "<script>" not in reply.body and "&lt;script&gt;" in reply.body


def test_a_missing_state_is_refused(multi_app: RunningApp) -> None:
    start = start_install(multi_app)
    multi_app.slack.oauth_code("code-1", team_id="T2", user_id="U2")

    reply = redirect_back(multi_app, {"code": "code-1"}, start.cookie)

    assert_refused(reply.status, reply.body, "expired or was already used")
    assert multi_app.slack.calls("oauth.v2.access") == []
    assert installation_rows(multi_app) == 0


def test_an_expired_state_is_refused(multi_app: RunningApp) -> None:
    start = start_install(multi_app)
    multi_app.slack.oauth_code("code-1", team_id="T2", user_id="U2")
    with multi_app.sessions.begin() as session:  # ten minutes have passed
        session.execute(update(slack_oauth_states).values(expire_at=dt.datetime(2000, 1, 1)))

    reply = redirect_back(multi_app, {"code": "code-1", "state": start.state}, start.cookie)

    assert_refused(reply.status, reply.body, "expired or was already used")
    assert multi_app.slack.calls("oauth.v2.access") == []
    assert installation_rows(multi_app) == 0


def test_a_replayed_state_is_refused(multi_app: RunningApp) -> None:
    start = start_install(multi_app)
    multi_app.slack.oauth_code("code-1", team_id="T2", user_id="U2")
    multi_app.slack.oauth_code("code-2", team_id="T3", user_id="U3")
    first = redirect_back(multi_app, {"code": "code-1", "state": start.state}, start.cookie)
    assert first.status == 200

    again = redirect_back(multi_app, {"code": "code-2", "state": start.state}, start.cookie)

    assert_refused(again.status, again.body, "expired or was already used")
    assert len(multi_app.slack.calls("oauth.v2.access")) == 1
    assert stored_bot(multi_app, "T3") is None and installation_rows(multi_app) == 1


def test_a_state_this_deployment_did_not_sign_or_without_its_cookie_is_refused(
    sqlite_multi_app: RunningApp,
) -> None:
    app = sqlite_multi_app
    start = start_install(app)
    app.slack.oauth_code("code-1", team_id="T2", user_id="U2")
    issued = start.state.rpartition(".")[0]
    forged = f"{issued}.{'0' * 32}"

    unsigned = redirect_back(
        app, {"code": "code-1", "state": forged}, f"slack-app-oauth-state={forged}"
    )
    no_cookie = redirect_back(app, {"code": "code-1", "state": start.state})

    assert_refused(unsigned.status, unsigned.body, "expired or was already used")
    assert_refused(no_cookie.status, no_cookie.body, "expired or was already used")
    assert app.slack.calls("oauth.v2.access") == [] and installation_rows(app) == 0
    # The real state was not spent by either: the installer can still finish.
    done = redirect_back(app, {"code": "code-1", "state": start.state}, start.cookie)
    assert done.status == 200


def test_a_cancelled_install_shows_a_clear_page(multi_app: RunningApp) -> None:
    start = start_install(multi_app)

    reply = redirect_back(multi_app, {"error": "access_denied", "state": start.state}, start.cookie)

    assert_refused(reply.status, reply.body, "The installation was cancelled.")
    assert multi_app.slack.calls("oauth.v2.access") == [] and installation_rows(multi_app) == 0


def test_a_code_slack_refuses_shows_a_clear_page(sqlite_multi_app: RunningApp) -> None:
    start = start_install(sqlite_multi_app, language="nb")

    reply = redirect_back(
        sqlite_multi_app, {"code": "made-up", "state": start.state}, start.cookie, language="nb"
    )

    assert 400 <= reply.status < 500 and "Slack bekreftet ikke installasjonen." in reply.body
    assert "Prøv igjen" in reply.body and "Traceback" not in reply.body
    [exchange] = sqlite_multi_app.slack.calls("oauth.v2.access")
    assert exchange.response["error"] == "invalid_code"
    assert installation_rows(sqlite_multi_app) == 0


def test_an_org_wide_install_is_answered_clearly_and_nothing_is_stored(
    multi_app: RunningApp,
) -> None:
    fake = multi_app.slack
    start = start_install(multi_app)
    fake.oauth_code(
        "org", team_id=None, user_id="W1", enterprise_id="E1", is_enterprise_install=True
    )

    reply = redirect_back(multi_app, {"code": "org", "state": start.state}, start.cookie)

    assert_refused(reply.status, reply.body, "Enterprise Grid", "Install it in each workspace")
    assert installation_rows(multi_app) == 0
    assert fake.calls("chat.postMessage") == []
    # The app still serves: another workspace installs fine afterwards.
    assert install(multi_app, "T2", "U2").status == 200


def test_the_oauth_paths_are_not_served_in_single_workspace_mode(sqlite_app: RunningApp) -> None:
    assert get(base_url(sqlite_app) + "/slack/install").status == 404
    assert get(base_url(sqlite_app) + "/slack/oauth_redirect?code=x&state=y").status == 404


def test_the_manifest_names_the_redirect_url_on_the_example_host() -> None:
    manifest = yaml.safe_load((Path(__file__).resolve().parents[2] / "manifest.yml").read_text())
    [redirect] = manifest["oauth_config"]["redirect_urls"]
    events = manifest["settings"]["event_subscriptions"]["request_url"]
    assert redirect == events.removesuffix(EVENTS_PATH) + REDIRECT_PATH
    assert redirect.startswith("https://")


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_install_page_with_the_database_away_says_to_try_again(
    database_url: str, fake_slack: FakeSlack
) -> None:
    """The install's state can't be stored: a page that says so (503), not Bolt's bare 500."""
    database = make_url(database_url).database
    assert database
    with PgProxy() as proxy:
        app = start_multi_app(proxy.url(database), fake_slack)
        try:
            proxy.cut()
            page = get(base_url(app) + "/slack/install")
            assert page.status == 503, page
            assert "Strategy Coach was not installed" in page.body
            assert "could not be saved" in page.body and "Traceback" not in page.body
        finally:
            proxy.restore()
            app.stop()  # type: ignore[operator]

"""FakeSlack's OAuth side ("Add to Slack", issue 11), proved with slack_sdk's and Bolt's own
OAuth pieces: ``oauth.v2.access`` with and without token rotation, single-use codes, token
refresh through ``TokenRotator``, expired and revoked tokens, and each workspace's tokens told
apart."""

from __future__ import annotations

import base64
import json
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt import App, BoltRequest
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackTokenRotationError
from slack_sdk.oauth.installation_store import Bot, FileInstallationStore, Installation
from slack_sdk.oauth.state_store import FileOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator

from tests.support.fake_slack import DEFAULT_TOKEN, FakeSlack

REDIRECT = "https://coach.example.com/slack/oauth_redirect"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def exchange(fake: FakeSlack, code: str, **overrides: Any) -> Any:
    """What Bolt's ``OAuthFlow.run_installation`` sends: a token-less client, Basic auth."""
    args = {"client_id": fake.client_id, "client_secret": fake.client_secret, "code": code}
    return WebClient(base_url=fake.api_url).oauth_v2_access(**{**args, **overrides})


def error_of(call: Any) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()
    return str(raised.value.response["error"])


def installation_from(answer: Any) -> Installation:
    """An ``Installation`` built from an ``oauth.v2.access`` answer the way Bolt builds it."""
    return Installation(
        app_id=answer["app_id"],
        team_id=answer["team"]["id"],
        team_name=answer["team"]["name"],
        bot_token=answer["access_token"],
        bot_id="B2BOT",
        bot_user_id=answer["bot_user_id"],
        bot_scopes=answer["scope"],
        bot_refresh_token=answer.get("refresh_token"),
        bot_token_expires_in=answer.get("expires_in"),
        user_id=answer["authed_user"]["id"],
        user_token=answer["authed_user"].get("access_token"),
        user_scopes=answer["authed_user"].get("scope"),
        user_refresh_token=answer["authed_user"].get("refresh_token"),
        user_token_expires_in=answer["authed_user"].get("expires_in"),
        is_enterprise_install=answer["is_enterprise_install"],
        token_type=answer["token_type"],
    )


def test_a_code_is_exchanged_for_a_bot_token_of_its_workspace(fake: FakeSlack) -> None:
    fake.oauth_code("code-1", team_id="T2", user_id="U2", team_name="Agency", scopes=["chat:write"])

    answer = exchange(fake, "code-1", redirect_uri=REDIRECT)

    token = answer["access_token"]
    assert token.startswith("xoxb-") and token != DEFAULT_TOKEN
    assert answer.data == {
        "ok": True,
        "app_id": fake.app_id,
        "authed_user": {"id": "U2"},
        "scope": "chat:write",
        "token_type": "bot",
        "access_token": token,
        "bot_user_id": "U2BOT",
        "team": {"id": "T2", "name": "Agency"},
        "enterprise": None,
        "is_enterprise_install": False,
    }
    [call] = fake.calls("oauth.v2.access")
    assert call.headers["Authorization"].startswith("Basic ")  # slack_sdk's way, recorded
    assert call.token is None and "client_secret" not in call.params
    assert call.params["redirect_uri"] == REDIRECT == fake.code_redirect_uri("code-1")
    assert fake.team_of(token) == "T2"
    me = WebClient(token=token, base_url=fake.api_url).auth_test()
    assert (me["team_id"], me["team"], me["user_id"], me["bot_id"]) == (
        "T2",
        "Agency",
        "U2BOT",
        "B2BOT",
    )


def test_credentials_may_come_as_form_parameters(fake: FakeSlack) -> None:
    fake.oauth_code("code-1", team_id="T2", user_id="U2")
    form = {"client_id": fake.client_id, "client_secret": fake.client_secret, "code": "code-1"}
    request = urllib.request.Request(fake.api_url + "oauth.v2.access", urlencode(form).encode())
    with urllib.request.urlopen(request, timeout=5) as reply:
        answer = json.load(reply)
    assert answer["ok"] is True and fake.team_of(answer["access_token"]) == "T2"
    shown = fake.summary()  # assertion messages never show the app's secret or the code
    assert "oauth.v2.access" in shown
    assert fake.client_secret not in shown and "code-1" not in shown


def test_wrong_app_credentials_are_refused_without_spending_the_code(fake: FakeSlack) -> None:
    fake.oauth_code("code-1", team_id="T2", user_id="U2")
    assert error_of(lambda: exchange(fake, "code-1", client_id="9.9")) == "invalid_client_id"
    assert error_of(lambda: exchange(fake, "code-1", client_secret="nope")) == "bad_client_secret"
    basic = base64.b64encode(f"{fake.client_id}:nope".encode()).decode()
    form = urlencode({"code": "code-1"}).encode()
    request = urllib.request.Request(
        fake.api_url + "oauth.v2.access", form, headers={"Authorization": f"Basic {basic}"}
    )
    with urllib.request.urlopen(request, timeout=5) as reply:
        assert json.load(reply)["error"] == "bad_client_secret"
    assert exchange(fake, "code-1")["ok"] is True


def test_a_code_is_single_use_and_unknown_codes_are_refused(fake: FakeSlack) -> None:
    fake.oauth_code("code-1", team_id="T2", user_id="U2")
    first = exchange(fake, "code-1")
    assert error_of(lambda: exchange(fake, "code-1")) == "invalid_code"
    assert error_of(lambda: exchange(fake, "made-up")) == "invalid_code"
    assert fake.bot_token("T2") == first["access_token"]  # the replay issued nothing


def test_a_registered_redirect_uri_must_match(fake: FakeSlack) -> None:
    fake.oauth_code("code-1", team_id="T2", user_id="U2", redirect_uri=REDIRECT)
    assert error_of(lambda: exchange(fake, "code-1")) == "bad_redirect_uri"
    wrong = "https://evil.example.com/cb"
    assert error_of(lambda: exchange(fake, "code-1", redirect_uri=wrong)) == "bad_redirect_uri"
    assert exchange(fake, "code-1", redirect_uri=REDIRECT)["ok"] is True


def test_rotation_gives_an_expiring_token_and_a_refresh_token(fake: FakeSlack) -> None:
    fake.oauth_code("code-1", team_id="T2", user_id="U2", rotation=True)
    answer = exchange(fake, "code-1")
    assert answer["access_token"].startswith("xoxe.xoxb-1-")
    assert answer["refresh_token"].startswith("xoxe-1-")
    assert answer["expires_in"] == 43200
    assert answer["token_type"] == "bot"
    assert "refresh_token" not in exchange_without_rotation(fake)


def exchange_without_rotation(fake: FakeSlack) -> Any:
    fake.oauth_code("plain", team_id="T3", user_id="U3")
    return exchange(fake, "plain").data


def test_token_rotator_refreshes_an_installation_about_to_expire(fake: FakeSlack) -> None:
    fake.oauth_code("code-1", team_id="T2", user_id="U2", rotation=True, expires_in=600)
    installation = installation_from(exchange(fake, "code-1"))
    rotator = TokenRotator(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        client=WebClient(base_url=fake.api_url),
    )

    # Ten minutes left, five asked for: nothing to do yet, Slack is not asked.
    assert (
        rotator.perform_token_rotation(installation=installation, minutes_before_expiration=5)
        is None
    )
    assert len(fake.calls("oauth.v2.access")) == 1
    rotated = rotator.perform_token_rotation(installation=installation)  # two hours asked for

    assert rotated is not None and rotated.bot_token != installation.bot_token
    assert rotated.bot_refresh_token not in (None, installation.bot_refresh_token)
    assert (rotated.team_id, rotated.bot_user_id) == ("T2", installation.bot_user_id)
    client = WebClient(token=rotated.bot_token, base_url=fake.api_url)
    assert client.auth_test()["team_id"] == "T2"


def test_a_refreshed_token_works_and_the_replaced_one_can_be_made_to_expire(
    fake: FakeSlack,
) -> None:
    fake.expire_replaced_tokens = True
    fake.oauth_code("code-1", team_id="T2", user_id="U2", rotation=True, expires_in=60)
    answer = exchange(fake, "code-1")
    bot = installation_from(answer).to_bot()
    rotator = TokenRotator(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        client=WebClient(base_url=fake.api_url),
    )

    refreshed = rotator.perform_bot_token_rotation(bot=bot, minutes_before_expiration=120)

    assert isinstance(refreshed, Bot)
    assert refreshed.bot_token != bot.bot_token and refreshed.bot_token.startswith("xoxe.xoxb-1-")
    assert refreshed.bot_refresh_token not in (None, bot.bot_refresh_token)
    assert refreshed.bot_token_expires_at is not None and bot.bot_token_expires_at is not None
    assert refreshed.bot_token_expires_at >= bot.bot_token_expires_at
    [refresh] = fake.calls("oauth.v2.access")[1:]
    assert refresh.params["grant_type"] == "refresh_token"
    assert refresh.params["refresh_token"] == bot.bot_refresh_token

    fresh = WebClient(token=refreshed.bot_token, base_url=fake.api_url)
    assert fresh.chat_postMessage(channel="C1", text="hi")["ok"] is True
    assert fresh.auth_test()["team_id"] == "T2"
    stale = WebClient(token=bot.bot_token, base_url=fake.api_url)
    assert error_of(lambda: stale.chat_postMessage(channel="C1", text="x")) == "token_expired"
    assert error_of(stale.auth_test) == "token_expired"
    assert fake.team_of(refreshed.bot_token) == fake.team_of(bot.bot_token) == "T2"
    # A refresh token is spent once used: using it again is refused.
    with pytest.raises(SlackTokenRotationError):
        rotator.perform_bot_token_rotation(bot=bot, minutes_before_expiration=120)
    assert fake.calls("oauth.v2.access")[-1].response["error"] == "invalid_refresh_token"


def test_the_replaced_token_lives_on_unless_the_test_asks(fake: FakeSlack) -> None:
    fake.oauth_code("code-1", team_id="T2", user_id="U2", rotation=True)
    answer = exchange(fake, "code-1")
    renewed = WebClient(base_url=fake.api_url).oauth_v2_access(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        grant_type="refresh_token",
        refresh_token=answer["refresh_token"],
    )
    assert renewed["access_token"] != answer["access_token"]
    assert renewed["team"] == {"id": "T2", "name": "Workspace T2"}
    old = WebClient(token=answer["access_token"], base_url=fake.api_url)
    assert old.auth_test()["team_id"] == "T2"


def test_user_tokens_rotate_too(fake: FakeSlack) -> None:
    fake.oauth_code(
        "code-1", team_id="T2", user_id="U2", rotation=True, expires_in=60, user_scopes=["identify"]
    )
    answer = exchange(fake, "code-1")
    installer = answer["authed_user"]
    assert installer["id"] == "U2" and installer["scope"] == "identify"
    assert installer["token_type"] == "user" and installer["access_token"].startswith(
        "xoxe.xoxp-1-"
    )
    assert installer["refresh_token"].startswith("xoxe-1-") and installer["expires_in"] == 60
    assert (
        WebClient(token=installer["access_token"], base_url=fake.api_url).auth_test()["user_id"]
        == "U2"
    )
    rotator = TokenRotator(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        client=WebClient(base_url=fake.api_url),
    )
    rotated = rotator.perform_token_rotation(installation=installation_from(answer))
    assert rotated is not None
    assert rotated.user_token not in (None, installer["access_token"])
    assert rotated.bot_token != answer["access_token"]
    assert fake.team_of(rotated.user_token) == fake.team_of(rotated.bot_token) == "T2"


def test_expire_and_revoke_refuse_every_method(fake: FakeSlack) -> None:
    fake.oauth_code("a", team_id="T2", user_id="U2")
    fake.oauth_code("b", team_id="T3", user_id="U3")
    expired = WebClient(token=exchange(fake, "a")["access_token"], base_url=fake.api_url)
    revoked = WebClient(token=exchange(fake, "b")["access_token"], base_url=fake.api_url)
    fake.expire(str(expired.token))
    fake.revoke(str(revoked.token))
    fake.on("users.info", lambda call: {"ok": True, "user": {"id": "U9"}})
    for client, error in ((expired, "token_expired"), (revoked, "token_revoked")):
        assert error_of(client.auth_test) == error
        assert error_of(lambda c=client: c.chat_postMessage(channel="C1", text="x")) == error
        assert error_of(lambda c=client: c.users_info(user="U9")) == error  # responders too
    assert fake.messages("C1") == []
    assert WebClient(token=DEFAULT_TOKEN, base_url=fake.api_url).auth_test()["ok"] is True


def test_a_token_past_its_expiry_answers_token_expired(fake: FakeSlack) -> None:
    fake.register_token("xoxe.xoxb-1-short", "T2", expires_in=0)
    client = WebClient(token="xoxe.xoxb-1-short", base_url=fake.api_url)
    assert error_of(client.auth_test) == "token_expired"


def test_each_workspace_is_told_apart_by_its_token(fake: FakeSlack) -> None:
    fake.oauth_code("a", team_id="T2", user_id="U2", team_name="Two")
    fake.oauth_code("b", team_id="T3", user_id="U3", team_name="Three", rotation=True)
    clients = {
        team: WebClient(token=exchange(fake, code)["access_token"], base_url=fake.api_url)
        for team, code in (("T2", "a"), ("T3", "b"))
    }
    clients[fake.team_id] = WebClient(token=DEFAULT_TOKEN, base_url=fake.api_url)

    for team, client in clients.items():
        assert client.auth_test()["team_id"] == team
        client.chat_postMessage(channel=f"C{team}", text=f"from {team}")

    posts = fake.calls("chat.postMessage")
    assert [fake.team_of_call(c) for c in posts] == ["T2", "T3", "T111"]
    assert [c.token for c in posts] == [clients[t].token for t in ("T2", "T3", "T111")]
    assert {fake.bot_token("T2"), fake.bot_token("T3")} == {
        clients["T2"].token,
        clients["T3"].token,
    }
    for team in ("T2", "T3", "T111"):
        [message] = fake.messages(f"C{team}")
        assert message["team"] == team
    assert fake.messages("CT2")[0]["user"] == "U2BOT"
    assert fake.messages("CT111")[0]["user"] == fake.bot_user_id


def test_unknown_tokens_stay_welcome_unless_strict(fake: FakeSlack) -> None:
    lenient = WebClient(token="xoxb-anything", base_url=fake.api_url)
    assert lenient.auth_test()["team_id"] == fake.team_id  # what existing tests rely on
    assert fake.team_of_call(fake.calls("auth.test")[-1]) is None
    fake.strict_tokens = True
    assert error_of(lenient.auth_test) == "invalid_auth"
    assert WebClient(token=DEFAULT_TOKEN, base_url=fake.api_url).auth_test()["ok"] is True
    fake.register_token("xoxb-other-deployment", "T9")
    other = WebClient(token="xoxb-other-deployment", base_url=fake.api_url)
    assert other.auth_test()["team_id"] == "T9"


def test_an_org_wide_install_names_the_enterprise(fake: FakeSlack) -> None:
    fake.oauth_code(
        "org",
        team_id=None,
        user_id="W1",
        enterprise_id="E1",
        enterprise_name="Grid Co",
        is_enterprise_install=True,
    )
    answer = exchange(fake, "org")
    assert answer["team"] is None
    assert answer["enterprise"] == {"id": "E1", "name": "Grid Co"}
    assert answer["is_enterprise_install"] is True
    me = WebClient(token=answer["access_token"], base_url=fake.api_url).auth_test()
    assert me["enterprise_id"] == "E1" and me["is_enterprise_install"] is True
    assert fake.team_of(answer["access_token"]) == "E1"
    with pytest.raises(ValueError):
        fake.oauth_code("bad", team_id=None, user_id="W1")


def bolt_request(query: dict[str, str], cookie: str | None = None) -> BoltRequest:
    headers = {"cookie": [cookie]} if cookie else {}
    return BoltRequest(body="", query=urlencode(query), headers=headers)


def test_bolt_installs_a_workspace_against_the_fake_and_refreshes_its_token(
    fake: FakeSlack, tmp_path: Path
) -> None:
    """Bolt's own OAuth flow end to end in process: install page, state cookie, callback,
    ``oauth.v2.access`` + ``auth.test``, the installation stored; then an event for that
    workspace makes Bolt refresh the short-lived token through the fake before replying."""
    installations = FileInstallationStore(base_dir=str(tmp_path / "installations"))
    app = App(
        client=WebClient(base_url=fake.api_url),
        request_verification_enabled=False,
        # Given to App itself, Bolt's authorize (and its TokenRotator) uses this app's client,
        # so its base_url; from OAuthSettings alone it would refresh against slack.com.
        installation_store=installations,
        oauth_settings=OAuthSettings(
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            scopes=["chat:write", "app_mentions:read"],
            redirect_uri=REDIRECT,
            installation_store=installations,
            state_store=FileOAuthStateStore(
                expiration_seconds=300, base_dir=str(tmp_path / "states")
            ),
        ),
    )

    @app.event("app_mention")
    def reply(say: Any) -> None:
        say("hello")

    flow = app.oauth_flow
    assert flow is not None
    start = flow.handle_installation(bolt_request({}))
    assert start.status == 200
    cookie = start.headers["set-cookie"][0].split(";")[0]
    state = cookie.split("=", 1)[1]
    fake.oauth_code(
        "code-1", team_id="T2", user_id="U2", rotation=True, expires_in=60, redirect_uri=REDIRECT
    )

    done = flow.handle_callback(bolt_request({"code": "code-1", "state": state}, cookie))

    assert done.status == 200
    assert fake.code_redirect_uri("code-1") == REDIRECT
    installed = installations.find_installation(enterprise_id=None, team_id="T2")
    assert installed is not None
    assert (installed.bot_user_id, installed.bot_id) == ("U2BOT", "B2BOT")  # via auth.test
    assert installed.bot_token == fake.bot_token("T2")
    assert installed.bot_refresh_token is not None
    assert fake.team_of_call(fake.calls("auth.test")[-1]) == "T2"
    # The state is spent: the same callback again is refused before Slack is asked.
    again = flow.handle_callback(bolt_request({"code": "code-1", "state": state}, cookie))
    assert again.status == 401
    assert len(fake.calls("oauth.v2.access")) == 1

    event = {
        "type": "event_callback",
        "team_id": "T2",
        "api_app_id": fake.app_id,
        "event": {
            "type": "app_mention",
            "user": "U2",
            "channel": "C2",
            "text": "<@U2BOT> hi",
            "ts": f"{int(time.time())}.000100",
        },
        "event_id": "Ev1",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T2", "user_id": "U2BOT", "is_bot": True}],
    }
    request = BoltRequest(body=json.dumps(event), headers={"content-type": ["application/json"]})
    assert app.dispatch(request).status == 200

    [post] = fake.wait_for("chat.postMessage")
    assert fake.team_of_call(post) == "T2"
    assert post.token != installed.bot_token  # refreshed first: 60 s left is too little
    assert fake.calls("oauth.v2.access")[-1].params["grant_type"] == "refresh_token"
    stored = installations.find_installation(enterprise_id=None, team_id="T2")
    assert stored is not None and stored.bot_token == post.token

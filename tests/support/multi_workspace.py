"""The test app in multi-workspace mode ("Add to Slack", issue 11), and a workspace installed
through the real install flow over HTTP: the install page, the state in the authorize URL and
its cookie, Slack's redirect back with a code the fake Slack exchanges."""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

from bot.runtime.config import Config, OAuthConfig
from storage.token_crypto import TokenKeys
from tests.conftest import SIGNING_SECRET, RunningApp, start_app
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver

STATE_SECRET = "state-secret-for-tests-0123456789"


def multi_config(database_url: str, fake: FakeSlack, token_keys: TokenKeys | None = None) -> Config:
    return Config(
        bot_token="",
        signing_secret=SIGNING_SECRET,
        database_url=database_url,
        api_url=fake.api_url,
        token_keys=token_keys,
        oauth=OAuthConfig(
            client_id=fake.client_id, client_secret=fake.client_secret, state_secret=STATE_SECRET
        ),
    )


def start_multi_app(
    database_url: str, fake: FakeSlack, token_keys: TokenKeys | None = None
) -> RunningApp:
    """Like conftest's `start_app`, in multi-workspace mode: no bot token, the OAuth config."""
    return start_app(database_url, fake, multi_config(database_url, fake, token_keys))


def driver_for(app: RunningApp, team_id: str) -> SlackDriver:
    """Signed requests from another installed workspace (its bot user is `<team>BOT`)."""
    return SlackDriver(
        app.url,
        SIGNING_SECRET,
        team_id=team_id,
        fake=app.slack,
        bot_user_id=f"{team_id}BOT",
        clock=app.clock.now,
    )


@dataclass
class Reply:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)


def base_url(app: RunningApp) -> str:
    return app.url.removesuffix("/slack/events")


def get(url: str, cookie: str | None = None, language: str | None = None) -> Reply:
    request = urllib.request.Request(url)
    if cookie:
        request.add_header("Cookie", cookie)
    if language:
        request.add_header("Accept-Language", language)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return Reply(answer.status, answer.read().decode(), dict(answer.headers.items()))
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.read().decode(), dict(error.headers.items()))


@dataclass
class InstallStart:
    page: Reply
    authorize_url: str
    state: str
    cookie: str


def start_install(app: RunningApp, language: str | None = None) -> InstallStart:
    """`GET /slack/install`: the page's "Add to Slack" link and the state cookie it set."""
    page = get(base_url(app) + "/slack/install", language=language)
    assert page.status == 200, page
    found = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page.body)
    assert found, page.body
    authorize_url = html.unescape(found.group(1))
    [state] = parse_qs(urlsplit(authorize_url).query)["state"]
    cookie = page.headers["Set-Cookie"].split(";")[0]
    assert cookie.split("=", 1)[1] == state
    return InstallStart(page, authorize_url, state, cookie)


def redirect_back(
    app: RunningApp,
    query: dict[str, str],
    cookie: str | None = None,
    language: str | None = None,
) -> Reply:
    """Slack sending the installer's browser back to `GET /slack/oauth_redirect`."""
    return get(base_url(app) + "/slack/oauth_redirect?" + urlencode(query), cookie, language)


def install(
    app: RunningApp,
    team_id: str,
    user_id: str,
    rotation: bool = False,
    code: str | None = None,
    **grant: object,
) -> Reply:
    """Install the app in `team_id` as `user_id`, through the flow over HTTP; the reply of the
    redirect (the success page when all went well)."""
    start = start_install(app)
    code = code or f"code-{team_id}-{user_id}"
    app.slack.oauth_code(code, team_id=team_id, user_id=user_id, rotation=rotation, **grant)  # type: ignore[arg-type]
    return redirect_back(app, {"code": code, "state": start.state}, start.cookie)

"""The WSGI front: health check and routing, without Slack in the way."""

from __future__ import annotations

from io import BytesIO

from bot.runtime.app import create_app
from bot.runtime.config import Config
from bot.runtime.server import wsgi_app
from storage.db import make_engine, make_session_factory
from tests.conftest import SIGNING_SECRET
from tests.support.fake_slack import FakeSlack


def _call(app, method: str, path: str) -> str:  # type: ignore[no-untyped-def]
    statuses: list[str] = []
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "wsgi.input": BytesIO(b""),
        "CONTENT_LENGTH": "0",
    }
    b"".join(app(environ, lambda status, headers: statuses.append(status)))
    return statuses[0]


def test_healthz_is_503_when_the_database_is_unreachable(fake_slack: FakeSlack) -> None:
    unreachable = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=1"
    sessions = make_session_factory(make_engine(unreachable))
    config = Config(
        bot_token="xoxb-test", signing_secret=SIGNING_SECRET, api_url=fake_slack.api_url
    )
    app = wsgi_app(create_app(config, sessions), sessions)
    assert _call(app, "GET", "/healthz").startswith("503")
    assert _call(app, "GET", "/slack/events").startswith("404")
    assert _call(app, "POST", "/elsewhere").startswith("404")


def test_healthz_is_200_with_a_database(sqlite_url: str, fake_slack: FakeSlack) -> None:
    sessions = make_session_factory(make_engine(sqlite_url))
    config = Config(
        bot_token="xoxb-test", signing_secret=SIGNING_SECRET, api_url=fake_slack.api_url
    )
    app = wsgi_app(create_app(config, sessions), sessions)
    assert _call(app, "GET", "/healthz").startswith("200")
    assert _call(app, "HEAD", "/healthz").startswith("200")

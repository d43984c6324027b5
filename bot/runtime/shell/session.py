"""The coach as the shell runs it: the app `strategy-coach run` builds, with its handlers and
its HTTP front (`wsgi_app`), answered in-process, against the Slack stand-in on 127.0.0.1; the
weekly check-ins ticked with the shell's clock.

The shell is one workspace of its own (`SHELL_TEAM`), so it can share the bot's database: its
sender claims only that workspace's check-ins (`only_team`), whatever the shell's clock says.
"""

from __future__ import annotations

import io
import json
import secrets
import sys
import time
from dataclasses import dataclass

from bot.insights.status import CHART_QUEUE
from bot.runtime.app import create_app, make_sender
from bot.runtime.config import Config
from bot.runtime.executors import ContextExecutor, DrainableExecutor
from bot.runtime.server import wsgi_app
from bot.runtime.shell.clock import ShellClock
from bot.runtime.shell.slack_payloads import Request, Workspace, signed_headers
from bot.slack.surface import EVENTS_PATH
from bot.slack_standin import Call, SlackStandin
from storage.db import make_engine, make_session_factory, upgrade

SHELL_WORKSPACE = Workspace(
    team_id="T0SHELL0",
    team_domain="strategy-shell",
    api_app_id="A0SHELL0",
    bot_user_id="U0COACH0",
    bot_id="B0COACH0",
)
COACH_NAME = "Strategy Coach"


@dataclass(frozen=True)
class Reply:
    """The app's HTTP answer to one request, and the Web API calls it made meanwhile."""

    status: int
    content_type: str
    body: bytes
    calls: list[Call]

    def json(self) -> dict:
        """The answer as a JSON object ({} when it is empty or not one)."""
        try:
            found = json.loads(self.body or b"{}")
        except ValueError:
            return {}
        return found if isinstance(found, dict) else {}


class ShellApp:
    def __init__(self, database_url: str, clock: ShellClock) -> None:
        ws = SHELL_WORKSPACE
        self.workspace = ws
        self.clock = clock
        self.slack = SlackStandin(
            team_id=ws.team_id,
            bot_user_id=ws.bot_user_id,
            bot_id=ws.bot_id,
            team_domain=ws.team_domain,
            app_id=ws.api_app_id,
        ).start()
        self.slack.add_user(
            ws.bot_user_id, name="strategy-coach", real_name=COACH_NAME, tz="UTC", is_bot=True
        )
        # Made up for this run: the app checks every request's signature as in production.
        self._secret = secrets.token_hex(16)
        config = Config(
            bot_token=f"xoxb-shell-{secrets.token_hex(12)}",
            signing_secret=self._secret,
            database_url=database_url,
            api_url=self.slack.api_url,
        )
        upgrade(database_url)
        self._engine = make_engine(database_url)
        sessions = make_session_factory(self._engine)
        self.sessions = sessions  # the tests read what the coach saved
        self._charts = DrainableExecutor(1, "shell-chart", max_pending=CHART_QUEUE)
        self._listeners = ContextExecutor(max_workers=2, thread_name_prefix="shell-listener")
        # Answered after the listener has finished, so everything the coach says to a line
        # is shown before the next prompt.
        self.app = create_app(
            config,
            sessions,
            today=clock.today,
            now=clock.now,
            process_before_response=True,
            charts=self._charts,
            listener_executor=self._listeners,
        )
        self._wsgi = wsgi_app(self.app, sessions)
        self._sender = make_sender(config, sessions, clock.now, only_team=ws.team_id)

    def send(self, request: Request) -> Reply:
        """Post `request` to `POST /slack/events`, signed, and wait for the charts it started."""
        mark = len(self.slack.calls())
        timestamp = int(time.time())  # Bolt checks the signature's age against the machine
        headers = {**request.headers, **signed_headers(self._secret, request.body, timestamp)}
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": EVENTS_PATH,
            "QUERY_STRING": "",
            "CONTENT_TYPE": request.content_type,
            "CONTENT_LENGTH": str(len(request.body)),
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "0",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(request.body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "HTTP_USER_AGENT": "strategy-coach shell",
            **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()},
        }
        answer: dict[str, object] = {}

        def start_response(status: str, response_headers: list, exc_info: object = None) -> None:
            answer["status"] = int(status.split()[0])
            answer["headers"] = dict(response_headers)

        chunks = self._wsgi(environ, start_response)
        body = b"".join(chunks)
        self._charts.drain()
        found = answer.get("headers")
        content_type = str(found.get("Content-Type", "")) if isinstance(found, dict) else ""
        status = answer.get("status")
        return Reply(
            status if isinstance(status, int) else 500,
            content_type,
            body,
            self.slack.calls()[mark:],
        )

    def tick(self) -> list[Call]:
        """What the scheduler would do now (by the shell's clock): send the check-ins due and
        the reminders; the Web API calls that made."""
        mark = len(self.slack.calls())
        self._sender.tick(self.clock.now())
        return self.slack.calls()[mark:]

    def close(self) -> None:
        self._charts.shutdown(wait=True)
        self._listeners.shutdown(wait=True)
        self._engine.dispose()
        self.slack.stop()

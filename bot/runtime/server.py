"""Serving the app: HTTP behind waitress (a production WSGI server), or Socket Mode."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.runtime.health import Health
from bot.slack.surface import EVENTS_PATH
from storage.db import SessionFactory

log = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict, StartResponse], Iterable[bytes]]


def wsgi_app(app: App, sessions: SessionFactory) -> WSGIApp:
    """`POST /slack/events` for everything Slack sends, `GET /healthz` for load balancers."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    health = Health(sessions, app.client)

    def application(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in ("GET", "HEAD"):
            status, body = health.response()  # the database and each workspace's token
            start_response(
                status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
            )
            return [body]
        if path == EVENTS_PATH and method == "POST":
            return slack(environ, start_response)
        body = b"not found\n"
        start_response(
            "404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))]
        )
        return [body]

    return application


def serve_http(app: App, sessions: SessionFactory, port: int, host: str = "0.0.0.0") -> None:
    import waitress

    log.info("Serving Slack events on http://%s:%d%s", host, port, EVENTS_PATH)
    waitress.serve(wsgi_app(app, sessions), host=host, port=port, threads=8)


def serve_socket_mode(app: App, app_token: str) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    log.info("Connecting to Slack in Socket Mode")
    SocketModeHandler(app, app_token, web_client=app.client).start()

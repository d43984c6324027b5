"""Serving the app: HTTP behind waitress (a production WSGI server), or Socket Mode."""

from __future__ import annotations

import logging
import select
import threading
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer

from bot.runtime.health import health_for
from bot.runtime.request_checks import refuse_bad_requests
from bot.runtime.shutdown import InFlight, StopRequest
from bot.runtime.slack_requests import SlackEvents
from bot.slack.surface import EVENTS_PATH
from storage.db import SessionFactory

log = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict, StartResponse], Iterable[bytes]]


def wsgi_app(app: App, sessions: SessionFactory) -> WSGIApp:
    """`POST /slack/events` for everything Slack sends, `GET /healthz` for load balancers."""
    # Bodies that aren't what Slack sends get 400 (413) here, before Bolt parses them.
    events = SlackEvents(app, path=EVENTS_PATH)
    slack = refuse_bad_requests(events)
    # Multi-workspace mode: Bolt's install page and OAuth redirect (GET, no body).
    oauth_paths = (
        (app.oauth_flow.install_path, app.oauth_flow.redirect_uri_path) if app.oauth_flow else ()
    )
    health = health_for(sessions, app)  # multi-workspace: each installed workspace's token

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
        if path in oauth_paths and method == "GET":
            return events(environ, start_response)
        body = b"not found\n"
        start_response(
            "404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))]
        )
        return [body]

    return application


def serve_http(
    app: App, sessions: SessionFactory, port: int, stop: StopRequest, host: str = "0.0.0.0"
) -> bool:
    """Serve until SIGTERM/SIGINT, then stop taking connections and answer every request
    already taken (within the grace period); whether all were answered."""
    import waitress

    socket_map: dict[int, Any] = {}  # ours, so the stop can see every connection
    server = waitress.create_server(
        wsgi_app(app, sessions), map=socket_map, host=host, port=port, threads=8
    )
    loop = threading.Thread(target=server.run, name="http-server", daemon=True)
    loop.start()
    log.info("Serving Slack events on http://%s:%d%s", host, port, EVENTS_PATH)
    stop.wait()
    front = _listening(socket_map)
    closed = threading.Event()

    def close_front_door() -> None:  # on the server's own loop thread, between two select()s
        for listener in front:
            _accept_waiting(listener)  # connected before the signal: served, not reset
            wasyncore.dispatcher.close(listener)  # the listening socket only; the trigger stays
        closed.set()

    front[0].trigger.pull_trigger(close_front_door)
    closed.wait(max(stop.remaining(), 1.0))
    # One more pass of the loop: what the connections just accepted had sent is read, so they
    # count as busy below.
    passed = threading.Event()
    front[0].trigger.pull_trigger(passed.set)
    passed.wait(max(stop.remaining(), 1.0))
    log.info(
        "HTTP: no longer accepting connections; %d request(s) in flight",
        _busy_connections(socket_map),
    )
    answered = stop.until(lambda: _busy_connections(socket_map) == 0)
    if answered:
        log.info("HTTP: every request in flight answered (%.1f s)", stop.elapsed())
    else:
        log.warning("Grace period over: %d request(s) unanswered", _busy_connections(socket_map))
    front[0].task_dispatcher.shutdown(cancel_pending=True, timeout=max(stop.remaining(), 0.1))
    front[0].trigger.pull_trigger(lambda: wasyncore.close_all(socket_map))
    loop.join(timeout=5)
    return answered


def _listening(socket_map: dict[int, Any]) -> list[BaseWSGIServer]:
    return [d for d in list(socket_map.values()) if isinstance(d, BaseWSGIServer)]


def _accept_waiting(listener: BaseWSGIServer) -> None:
    for _ in range(1000):  # bounded: the backlog is finite, a flood is not
        ready, _, _ = select.select([listener.socket], [], [], 0)
        if not ready:
            return
        listener.handle_accept()


def _busy_connections(socket_map: dict[int, Any]) -> int:
    """Connections with a request being received, waiting or running, or an answer not yet
    sent. An idle keep-alive connection is not busy."""
    return sum(
        1
        for channel in list(socket_map.values())
        if isinstance(channel, HTTPChannel)
        and (channel.request is not None or channel.requests or channel.total_outbufs_len)
    )


class _StoppableSocketModeHandler(SocketModeHandler):
    """Bolt's Socket Mode handler, counting the envelopes it is handling (until their ack is
    sent) and leaving new ones unacked once the stop began: Slack redelivers those."""

    def __init__(self, app: App, app_token: str, in_flight: InFlight) -> None:
        super().__init__(app, app_token, web_client=app.client)
        self.in_flight = in_flight

    def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        if not self.in_flight.enter():
            log.info("Socket Mode: stopping; envelope %s left for Slack to redeliver", req.type)
            return
        try:
            super().handle(client, req)
        finally:
            self.in_flight.leave()


def serve_socket_mode(app: App, app_token: str, stop: StopRequest) -> bool:
    """Take envelopes until SIGTERM/SIGINT, then take no new ones, ack every envelope taken
    (within the grace period) and disconnect; whether all were acked."""
    in_flight = InFlight()
    handler = _StoppableSocketModeHandler(app, app_token, in_flight)
    log.info("Connecting to Slack in Socket Mode")
    handler.connect()
    stop.wait()
    log.info("Socket Mode: taking no new envelopes; %d in flight", in_flight.close())
    acked = in_flight.until_idle(stop.remaining())
    if acked:
        log.info("Socket Mode: every envelope in flight acked (%.1f s)", stop.elapsed())
    else:
        log.warning("Grace period over: envelopes in flight not acked")
    if stop.within(handler.close):
        log.info("Socket Mode: disconnected (%.1f s)", stop.elapsed())
    return acked

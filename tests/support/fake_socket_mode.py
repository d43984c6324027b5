"""A fake Slack Socket Mode endpoint on 127.0.0.1: the WebSocket URL `apps.connections.open`
hands out. It greets each connection with `hello` as Slack does, sends envelopes
(`slash_commands`, `events_api`) to the app and records the acks the app sends back.

    with FakeSlack() as fake, FakeSocketMode() as socket_mode:
        fake.on("apps.connections.open", socket_mode.connections_open)
        ... start the app with SLACK_APP_TOKEN and SLACK_API_URL=fake.api_url ...
        socket_mode.wait_connected()
        envelope_id = socket_mode.slash_command({"command": "/strategy", ...})
        socket_mode.wait_acked([envelope_id])
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve


class FakeSocketMode:
    def __init__(self, app_id: str = "A111") -> None:
        self.app_id = app_id
        self._cond = threading.Condition()
        self._connections: list[ServerConnection] = []
        self._acks: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> FakeSocketMode:
        # No server pings: the app's client pings, and websockets answers those itself.
        self._server = serve(self._serve, "127.0.0.1", 0, ping_interval=None)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-socket-mode", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> FakeSocketMode:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeSocketMode is not started")
        port = self._server.socket.getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket=fake-ticket&app_id={self.app_id}"

    def connections_open(self, call: object) -> dict[str, Any]:
        """A FakeSlack responder for `apps.connections.open`."""
        return {"ok": True, "url": self.url}

    # -- the app's side ----------------------------------------------------------------------

    def _serve(self, connection: ServerConnection) -> None:
        hello = {
            "type": "hello",
            "num_connections": 1,
            "debug_info": {"host": "fake-socket-mode", "approximate_connection_time": 18060},
            "connection_info": {"app_id": self.app_id},
        }
        connection.send(json.dumps(hello))
        with self._cond:
            self._connections.append(connection)
            self._cond.notify_all()
        try:
            for message in connection:
                data = json.loads(message)
                if isinstance(data, dict) and "envelope_id" in data:
                    with self._cond:
                        self._acks[str(data["envelope_id"])] = data
                        self._cond.notify_all()
        except ConnectionClosed:
            pass
        finally:
            with self._cond:
                self._connections.remove(connection)
                self._cond.notify_all()

    # -- the test's side ---------------------------------------------------------------------

    def wait_connected(self, timeout: float = 30.0) -> None:
        self._wait(lambda: bool(self._connections), timeout, lambda: "no app connected")

    def wait_disconnected(self, timeout: float = 30.0) -> None:
        self._wait(lambda: not self._connections, timeout, lambda: "the app stayed connected")

    def wait_acked(self, envelope_ids: list[str], timeout: float = 10.0) -> None:
        self._wait(
            lambda: all(e in self._acks for e in envelope_ids),
            timeout,
            lambda: f"acked {sorted(self._acks)}, expected {sorted(envelope_ids)}",
        )

    def acked(self) -> set[str]:
        with self._cond:
            return set(self._acks)

    def slash_command(self, fields: dict[str, Any]) -> str:
        """Send a `/command` as Slack does in Socket Mode; returns the envelope id."""
        return self._send("slash_commands", fields, accepts_response_payload=True)

    def event(self, event_callback: dict[str, Any]) -> str:
        """Send an Events API `event_callback` envelope's body; returns the envelope id."""
        return self._send(
            "events_api",
            event_callback,
            accepts_response_payload=False,
            retry_attempt=0,
            retry_reason="",
        )

    def _send(self, kind: str, payload: dict[str, Any], **extra: Any) -> str:
        envelope_id = f"env-{next(self._ids):04d}"
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload, **extra}
        with self._cond:
            if not self._connections:
                raise AssertionError("no app connected to the fake Socket Mode endpoint")
            connection = self._connections[-1]
        connection.send(json.dumps(envelope))
        return envelope_id

    def _wait(self, done: Callable[[], bool], timeout: float, failure: Callable[[], str]) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not done():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"{failure()} within {timeout}s")
                self._cond.wait(remaining)

"""The stand-in's HTTP server: a thread serving 127.0.0.1 on a free port, each request handed
whole (verb, path, headers, body) to one function that returns the ``Answer``."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bot.slack_standin.calls import DROP, Answer, Headers

Handle = Callable[[str, str, Headers, bytes], Answer]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet; never echo headers (they carry the token)

    def do_POST(self) -> None:
        self._serve()

    def do_GET(self) -> None:
        self._serve()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        answer = self.server.answer(self.command, self.path, Headers(self.headers.items()), body)
        if answer.status == DROP:
            # No status line, no body: the client's read fails as on a dropped connection.
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(2)
            return
        headers, payload = answer.encoded()
        self.send_response(answer.status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Many clients connecting at once (a benchmark's threads, several bot processes): with the
    # default backlog of 5 the kernel refuses or delays (1 s SYN retry) the connections beyond.
    request_queue_size = 128

    def __init__(self, handle: Handle) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answer = handle


class ServerThread:
    """Serves ``handle`` on 127.0.0.1:<free port> from a daemon thread until ``stop``."""

    def __init__(self, handle: Handle, name: str = "slack-standin") -> None:
        self._server = _Server(handle)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=name,
            daemon=True,
        )
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

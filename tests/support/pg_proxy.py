"""A TCP proxy in front of PostgreSQL that a test can cut and restore: a database outage on demand.

It listens on 127.0.0.1 (port 0) and forwards every connection to PostgreSQL's unix socket, so
peer authentication still works for the role of the user running the tests. `cut()` closes every
open connection and refuses new ones (accepted, then closed at once, as a server going away
does); `restore()` lets connections through again. `cut_on(statement)` cuts the moment a client
sends that statement, so an outage can start inside a transaction, exactly.

    with PgProxy() as proxy:
        url = proxy.url("strategy_coach_test")  # postgresql+psycopg://root@127.0.0.1:<port>/...
        proxy.cut()
        ...
        proxy.restore()
"""

from __future__ import annotations

import contextlib
import getpass
import socket
import threading
from collections.abc import Iterator

from sqlalchemy.engine import make_url

from storage.db import SessionFactory, make_engine, make_session_factory

PG_SOCKET = "/var/run/postgresql/.s.PGSQL.5432"
_CHUNK = 65536


class PgProxy:
    def __init__(self, target: str = PG_SOCKET) -> None:
        self.target = target
        self.accepted = 0  # connections forwarded
        self.refused = 0  # connections closed at once while cut
        self.cut_happened = threading.Event()
        self._cut_on: bytes | None = None
        self._lock = threading.Lock()
        self._open = True
        self._pairs: set[tuple[socket.socket, socket.socket]] = set()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._accepting = threading.Thread(target=self._accept, name="pg-proxy", daemon=True)

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    def url(self, database: str, role: str | None = None) -> str:
        return f"postgresql+psycopg://{role or getpass.getuser()}@127.0.0.1:{self.port}/{database}"

    def start(self) -> PgProxy:
        self._accepting.start()
        return self

    def __enter__(self) -> PgProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def cut_on(self, statement: bytes) -> None:
        """Cut as soon as a client sends `statement` (which never reaches PostgreSQL): the
        outage then starts in the middle of that statement's transaction, exactly."""
        with self._lock:
            self._cut_on = statement

    def cut(self) -> None:
        """Close every open connection and refuse new ones until `restore()`."""
        with self._lock:
            self._open = False
            self._cut_on = None
            self.cut_happened.set()
            pairs = list(self._pairs)
            self._pairs.clear()
        for pair in pairs:
            _close(*pair)

    def restore(self) -> None:
        with self._lock:
            self._open = True

    def stop(self) -> None:
        self.cut()
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        self._accepting.join(timeout=5)

    @property
    def open_connections(self) -> int:
        with self._lock:
            return len(self._pairs)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # stopped
            with self._lock:
                is_open = self._open
            if not is_open:
                self.refused += 1
                _close(client)
                continue
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                server.connect(self.target)
            except OSError:
                _close(client, server)
                continue
            pair = (client, server)
            with self._lock:
                if not self._open:  # cut while connecting
                    self.refused += 1
                    _close(*pair)
                    continue
                self._pairs.add(pair)
                self.accepted += 1
            for source, sink, watched in ((client, server, True), (server, client, False)):
                threading.Thread(
                    target=self._pump,
                    args=(source, sink, pair, watched),
                    name="pg-proxy-pump",
                    daemon=True,
                ).start()

    def _pump(
        self,
        source: socket.socket,
        sink: socket.socket,
        pair: tuple[socket.socket, socket.socket],
        watched: bool,
    ) -> None:
        try:
            while chunk := source.recv(_CHUNK):
                trigger = self._cut_on
                if watched and trigger is not None and trigger in chunk:
                    self.cut()
                    return
                sink.sendall(chunk)
        except OSError:
            pass
        with self._lock:
            self._pairs.discard(pair)
        _close(*pair)


def _close(*sockets: socket.socket) -> None:
    for sock in sockets:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()


@contextlib.contextmanager
def sessions_behind_proxy(database_url: str) -> Iterator[tuple[PgProxy, SessionFactory]]:
    """Sessions on `database_url`'s database reached through a proxy the test can cut; the
    proxy is restored and the engine disposed afterwards."""
    database = make_url(database_url).database
    assert database
    with PgProxy() as proxy:
        sessions = make_session_factory(make_engine(proxy.url(database)))
        try:
            yield proxy, sessions
        finally:
            proxy.restore()
            sessions.kw["bind"].dispose()

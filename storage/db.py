"""Engines, sessions and migrations. Callers open sessions: `with factory.begin() as s:`."""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import CursorResult, Engine, Executable, create_engine, event, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
T = TypeVar("T")

SessionFactory = sessionmaker[Session]
AUTOCOMMIT = "AUTOCOMMIT"  # SQLAlchemy's isolation level for statements outside a transaction


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # Listeners run in Bolt's worker threads and the web server's; wait for the lock
        # instead of failing at once.
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    # pre-ping: a pooled connection that died while the database was away is replaced, not
    # handed to a request. A bounded connect: an unreachable server fails a request in seconds,
    # which Slack's 3-second answer needs, instead of waiting for the kernel's TCP timeout.
    libpq = parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in (
        "psycopg",
        "psycopg2",
    )
    bounded = libpq and "connect_timeout" not in parsed.query
    connect_args = {"connect_timeout": 3} if bounded else {}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # Let SQLAlchemy, not the driver, say when a transaction begins (see below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_begin_immediate(connection) -> None:  # type: ignore[no-untyped-def]
    # Take the write lock at the start: two threads that both read and then write would
    # otherwise deadlock, and SQLite would fail one of them instead of waiting.
    if connection.get_execution_options().get("isolation_level") == AUTOCOMMIT:
        return  # a lone read (`quick_read`): no transaction, so no lock to wait for
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def dialect_insert(session: Session) -> Callable[..., Any]:
    """The session's database's own INSERT, which knows `ON CONFLICT DO NOTHING`: the claims
    (a message handled once, a week's check-in created once) are such inserts."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def changed_one(session: Session, statement: Executable) -> bool:
    # An UPDATE's WHERE is the compare-and-set; one row changed means this caller won.
    # (Statements use synchronize_session="fetch": rows the caller already loaded in this
    # session get exactly the database's result, not a guess.)
    result = cast(CursorResult[Any], session.execute(statement))
    return result.rowcount == 1


def make_session_factory(engine: Engine) -> SessionFactory:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    from alembic.config import Config  # imported only when migrations run

    migrations = files("storage") / "migrations"
    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.attributes["database_url"] = url
    return config


def upgrade(url: str) -> None:
    """Apply every pending migration. A database already at the newest one is told by one
    SELECT, without loading Alembic (storage/schema_version.py): most starts find it so."""
    from storage.schema_version import at_head

    engine = make_engine(url)
    try:
        current = at_head(engine)
    finally:
        engine.dispose()
    if current:
        return
    from alembic import command

    command.upgrade(alembic_config(url), "head")


def is_outage(error: BaseException) -> bool:
    """The database could not be reached, or dropped the connection (or a lock or a pool wait
    gave up): the same unit of work may well succeed a moment later. Errors in the statement
    itself (a constraint, a bad query) are not outages."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, OperationalError | PoolTimeoutError)


def quick_read(factory: SessionFactory) -> Session:
    """A session for one read outside any transaction: on SQLite it waits for no writer (every
    `begin()` takes the write lock), on PostgreSQL it costs no BEGIN and ROLLBACK. For a look
    on the way to an ack; what is acted on is read again in a locked transaction."""
    bind = _autocommit.get(factory)
    if bind is None:  # made once per factory: a new one costs as much as the read
        bind = _autocommit[factory] = factory.kw["bind"].execution_options(
            isolation_level=AUTOCOMMIT
        )
    return factory(bind=bind)


_autocommit: weakref.WeakKeyDictionary[SessionFactory, Engine] = weakref.WeakKeyDictionary()


def is_reachable(factory: SessionFactory) -> bool:
    """The database answers a `SELECT 1` now (on PostgreSQL the pool's pre-ping asks first: a
    connection that died while it was away is replaced, or the check fails)."""
    try:
        with quick_read(factory) as session:
            session.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


@dataclass(frozen=True)
class Patience:
    """How long a unit of work waits for the database to come back: retries with doubling
    waits, given up after `budget` seconds (then the error goes to Bolt's error log)."""

    budget: float = 30.0
    first_wait: float = 0.25
    longest_wait: float = 4.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    def run(self, work: Callable[[], T], name: str = "work") -> T:
        started = self.clock()
        wait = self.first_wait
        attempt = 1
        while True:
            try:
                return work()
            except Exception as error:
                if not is_outage(error) or self.clock() - started + wait > self.budget:
                    raise
                log.warning(
                    "Database unreachable during %s (%s); trying again in %.2f s (attempt %d)",
                    name,
                    type(error).__name__,
                    wait,
                    attempt,
                )
            self.sleep(wait)
            wait = min(wait * 2, self.longest_wait)
            attempt += 1


# How long event listeners (handlers/database_guard.py) and a reply's follow-ups wait.
PATIENCE = Patience()

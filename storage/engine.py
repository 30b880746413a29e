"""The async engine: SQLite (WAL, foreign keys, busy timeout, BEGIN IMMEDIATE) or PostgreSQL."""

import asyncio
import logging
import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from storage.config import check_database_url

if TYPE_CHECKING:
    from storage.uow import Guard, UnitOfWork

READ_ONLY = "hearth_read_only"
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates: no database accepts them
log = logging.getLogger("hearth.storage")


def storable(value: Any) -> Any:
    """The last wall, under every statement on both databases: text a person typed has been through the
    domain's rule (domain/text.py) with field messages; anything that slipped past loses NUL and lone
    surrogates here, and the log says so, instead of failing inside the database."""
    if isinstance(value, str) and UNSTORABLE.search(value):
        return UNSTORABLE.sub("", value)
    if isinstance(value, dict):
        return {key: storable(v) for key, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(storable(v) for v in value)
    return value


def _guard_parameters(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "before_cursor_execute", retval=True)
    def _clean(_conn, _cursor, statement, parameters, _context, _executemany):
        cleaned = storable(parameters)
        if cleaned != parameters:
            log.warning(
                "removed NUL or a lone surrogate from a parameter of %.80s: a text path misses the rule", statement
            )
        return statement, cleaned


def _configure_sqlite(engine: AsyncEngine, *, foreign_keys: bool = True) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # INSERT OR REPLACE deletes the old row without DELETE triggers unless this is on: with it, the audit
        # log's append-only trigger refuses a REPLACE too.
        cursor.execute("PRAGMA recursive_triggers=ON")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn):
        # A deferred transaction that reads then writes fails with "database is locked" under
        # concurrency; writers take the lock up front. Read-only units of work stay deferred.
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, *, sqlite_foreign_keys: bool = True, **kwargs: Any) -> AsyncEngine:
    """sqlite_foreign_keys=False only for migrations: rebuilding a referenced table (Alembic batch mode)
    needs foreign keys off, as SQLite's own ALTER TABLE procedure says; env.py checks them after."""
    url = check_database_url(url)
    if url.startswith("sqlite"):
        engine = create_async_engine(url, **kwargs)
        _configure_sqlite(engine, foreign_keys=sqlite_foreign_keys)
    else:
        engine = create_async_engine(url, pool_pre_ping=True, **kwargs)
    _guard_parameters(engine)
    return engine


class WriterGate:
    """SQLite has one writer at a time. Writers of this process queue here in order, instead of all
    spinning on the busy timeout (whose growing sleeps starved some of 50 concurrent bookers for seconds).
    Re-entrant per task: a service may open a second unit of work while holding the first. Other
    processes are still serialised by BEGIN IMMEDIATE and the busy timeout."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task | None = None
        self._depth = 0

    async def enter(self) -> None:
        task = asyncio.current_task()
        if self._owner is task and task is not None:
            self._depth += 1
            return
        await self._lock.acquire()
        self._owner, self._depth = task, 1

    def leave(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._owner = None
            self._lock.release()


class Database:
    """One engine and its session factories; the app holds exactly one."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self.read_sessions = async_sessionmaker(
            self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
        )
        self.writer_gate = WriterGate() if self.dialect == "sqlite" else None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def uow(self, *, read_only: bool = False, guard: "Guard | None" = None) -> "UnitOfWork":
        """A unit of work for one service call; `guard` (e.g. the staff session check) runs first in it."""
        from storage.uow import UnitOfWork

        if read_only:
            return UnitOfWork(self.read_sessions, guard=guard)
        return UnitOfWork(self.sessions, gate=self.writer_gate, guard=guard)

    async def dispose(self) -> None:
        await self.engine.dispose()

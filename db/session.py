"""Engines and sessions: one `AsyncSession` per update or job, never a global session."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Executable, event
from sqlalchemy.engine import CursorResult, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

# aiosqlite logs every statement with its parameters at DEBUG, and parameters can be what people
# typed (a scrubbed unanswered question): keep that out of any log, whatever the log level.
logging.getLogger("aiosqlite").setLevel(logging.INFO)

# What an unreachable or failing database raises: SQLAlchemy's errors, and the OSError (refused
# connection, unresolvable host, unreadable file) drivers raise before SQLAlchemy can wrap it.
DATABASE_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError, OSError)
CONNECT_TIMEOUT_SECONDS = 10


def async_url(url: str) -> str:
    """Give a plain SQLite or PostgreSQL URL the async driver Puente uses."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if parsed.drivername in ("sqlite", "sqlite+pysqlite"):
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif parsed.drivername in ("postgresql", "postgresql+psycopg2", "postgresql+psycopg"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Turn on cascades, a write-ahead log, a busy timeout and secure deletes per connection."""
    cursor = dbapi_connection.cursor()
    # SQLite ignores ON DELETE CASCADE unless asked, and /forget relies on it.
    cursor.execute("PRAGMA foreign_keys=ON")
    # Concurrent updates then wait for the one writer instead of failing with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    # What /forget deletes is overwritten in the file, not left in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create the async engine for a database URL."""
    target = async_url(url)
    if target.startswith("postgresql"):
        # asyncpg waits 60 s for an unreachable server; an operator should hear sooner.
        kwargs.setdefault("connect_args", {}).setdefault("timeout", CONNECT_TIMEOUT_SECONDS)
    engine = create_async_engine(target, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """A session factory whose objects stay readable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """Open a session, commit if the block succeeds, roll back if it raises."""
    async with factory() as session, session.begin():
        yield session


async def affected_rows(session: AsyncSession, statement: Executable) -> int:
    """Run an INSERT, UPDATE or DELETE; the number of rows it changed."""
    result = await session.execute(statement)
    # execute() is typed as returning a Result, which has no rowcount; DML gets a CursorResult.
    assert isinstance(result, CursorResult)
    return result.rowcount

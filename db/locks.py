"""Process-wide locks that elect one process for a job: the broadcast sender, the poller.

PostgreSQL: a session advisory lock held on a connection of its own; the server releases it the
moment that connection ends, so a killed holder frees it at once and another process takes over.
SQLite: an exclusive `flock` on a file next to the database; the kernel releases it when the
holding process dies. Either way a lock is tried, never waited for.
"""

from __future__ import annotations

import fcntl
import os
import zlib
from pathlib import Path
from typing import IO, Protocol

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.session import async_url, make_engine

# Keepalives so a holder whose host vanishes (no FIN) is dropped by the server within ~30 s.
KEEPALIVE_SETTINGS = {
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "3",
}


class LockTaken(Exception):
    """Another process holds a lock this one must have; the message says what to do."""


class ProcessLock(Protocol):
    """A named lock one process at a time may hold."""

    async def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; True when this process holds it now."""
        ...

    async def held(self) -> bool:
        """Whether this process still holds the lock (False once its connection is gone)."""
        ...

    async def release(self) -> None:
        """Let go of the lock (idempotent)."""
        ...


def lock_key(name: str) -> int:
    """A stable 32-bit advisory lock key for a lock name."""
    return zlib.crc32(f"puente:{name}".encode())


async def holders(conn: AsyncConnection, name: str) -> list[int]:
    """The server process ids holding a lock in this connection's database (PostgreSQL).

    pg_locks lists every database's locks, and another database's deployment may use the same
    key: only this database's count.
    """
    result = await conn.scalars(
        text(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND classid = 0 AND objid = CAST(:key AS bigint)::oid AND objsubid = 1 "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ),
        {"key": lock_key(name)},
    )
    return list(result)


class AdvisoryLock:
    """A PostgreSQL session advisory lock on a connection of its own."""

    def __init__(self, url: str, name: str) -> None:
        self.name = name
        self._key = lock_key(name)
        self._engine: AsyncEngine = make_engine(
            url, pool_size=1, connect_args={"server_settings": KEEPALIVE_SETTINGS}
        )
        self._conn: AsyncConnection | None = None

    async def try_acquire(self) -> bool:
        """Try pg_try_advisory_lock on a fresh connection; keep the connection while held."""
        if await self.held():
            return True
        await self.release()
        conn = await self._engine.connect()
        try:
            got = await conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key})
            # The lock belongs to the session, not a transaction: end the implicit one.
            await conn.commit()
        except Exception:
            await conn.close()
            raise
        if not got:
            await conn.close()
            return False
        self._conn = conn
        return True

    async def held(self) -> bool:
        """Whether the lock's connection is alive: a session lock lives exactly as long."""
        if self._conn is None:
            return False
        try:
            await self._conn.execute(text("SELECT 1"))
            await self._conn.commit()
        except Exception:  # the connection is gone, and the lock with it
            await self.release()
            return False
        return True

    async def release(self) -> None:
        """Close the lock's connection, which frees the lock."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                await conn.close()
            except Exception:  # closing a broken connection; the server already freed the lock
                await conn.invalidate()

    async def dispose(self) -> None:
        """Release and close the engine."""
        await self.release()
        await self._engine.dispose()


class FileLock:
    """An exclusive flock on `<database>.<name>.lock`, released by the kernel when we die."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[bytes] | None = None

    async def try_acquire(self) -> bool:
        """Take the flock without waiting."""
        if self._file is not None:
            return True
        handle = self.path.open("ab")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._file = handle
        return True

    async def held(self) -> bool:
        """A flock lasts as long as the file stays open."""
        return self._file is not None

    async def release(self) -> None:
        """Close the file, which frees the flock."""
        handle, self._file = self._file, None
        if handle is not None:
            handle.close()

    async def dispose(self) -> None:
        """Release (nothing else to close)."""
        await self.release()


def process_lock(database_url: str, name: str) -> AdvisoryLock | FileLock:
    """The lock called `name` for the database at `database_url`."""
    url = make_url(async_url(database_url))
    if url.get_backend_name() == "postgresql":
        return AdvisoryLock(database_url, name)
    database = url.database or ""
    if database in ("", ":memory:"):
        # An in-memory database lives in one process; a lock per process id is enough.
        return FileLock(Path(f"/tmp/puente-{os.getpid()}.{name}.lock"))
    return FileLock(Path(f"{database}.{name}.lock"))

"""Shared fixtures: throwaway SQLite databases and, when reachable, the PostgreSQL test database."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from db.session import make_engine
from tests.logkit import production_logging  # noqa: F401  (a fixture, shared by the log tests)
from tests.thirdkit import three_languages  # noqa: F401  (a fixture: a third language as data)

SHARED_POSTGRES_URL = os.environ.get(
    "PUENTE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
# Each pytest-xdist worker has a database of its own next to the named one: <name>_gw0, ...
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
POSTGRES_DATABASE = f"{make_url(SHARED_POSTGRES_URL).database}_{WORKER}" if WORKER else ""
POSTGRES_URL = (
    make_url(SHARED_POSTGRES_URL)
    .set(database=POSTGRES_DATABASE)
    .render_as_string(hide_password=False)
    if WORKER
    else SHARED_POSTGRES_URL
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


async def reset_postgres(url: str) -> None:
    """Empty the test database's public schema (the database is dedicated to tests)."""
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


@dataclass(frozen=True)
class Snapshot:
    """Every row of a migrated and seeded PostgreSQL database, to put back before each test."""

    tables: dict[str, tuple[list[str], list[Any]]]  # table -> (columns, rows)
    sequences: dict[str, int | None]  # sequence -> last value (None: never used)
    revision: str

    async def matches(self, conn: asyncpg.Connection) -> bool:
        """Whether the database has the same tables and columns at the same migration (rows
        may differ)."""
        if await _columns(conn) != {name: columns for name, (columns, _) in self.tables.items()}:
            return False
        return bool(await conn.fetchval("SELECT version_num FROM alembic_version") == self.revision)


async def _columns(conn: asyncpg.Connection) -> dict[str, list[str]]:
    """The columns of each table of the public schema, in order."""
    columns: dict[str, list[str]] = {}
    for row in await conn.fetch(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
    ):
        columns.setdefault(row["table_name"], []).append(row["column_name"])
    return columns


async def take_snapshot(url: str) -> Snapshot:
    """Read back every table and sequence of the database's public schema."""
    conn = await asyncpg.connect(url)
    try:
        tables: dict[str, tuple[list[str], list[Any]]] = {}
        for name, columns in (await _columns(conn)).items():
            quoted = ", ".join(f'"{column}"' for column in columns)
            rows = await conn.fetch(f'SELECT {quoted} FROM "{name}"')
            tables[name] = (columns, [tuple(row) for row in rows])
        sequences = await conn.fetch(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        )
        revision = await conn.fetchval("SELECT version_num FROM alembic_version")
    finally:
        await conn.close()
    return Snapshot(tables, {r["sequencename"]: r["last_value"] for r in sequences}, revision)


async def restore_snapshot(url: str, snapshot: Snapshot) -> bool:
    """Put the snapshot's rows back in place of the database's; False when its tables or
    columns differ (a test dropped or renamed one, or migrated): then it must be rebuilt."""
    conn = await asyncpg.connect(url)
    try:
        if not await snapshot.matches(conn):
            return False
        async with conn.transaction():
            # Rows go back table by table, so foreign keys are checked by the seed, not here.
            await conn.execute("SET LOCAL session_replication_role = replica")
            names = ", ".join(f'"{name}"' for name in snapshot.tables)
            await conn.execute(f"TRUNCATE {names}")
            for name, (columns, rows) in snapshot.tables.items():
                if rows:
                    await conn.copy_records_to_table(name, records=rows, columns=columns)
            for sequence, value in snapshot.sequences.items():
                await conn.execute(
                    "SELECT setval($1, $2, $3)", f'"{sequence}"', value or 1, value is not None
                )
    finally:
        await conn.close()
    return True


# Seeded snapshots of this process, by what was seeded (a migration and seed take ~0.5 s each).
_SNAPSHOTS: dict[object, Snapshot] = {}


async def seeded_postgres(key: object, seed: Callable[[str], Awaitable[object]]) -> str:
    """The PostgreSQL test database as `seed` leaves an empty one: seeded once per session,
    then restored from a snapshot of its rows before each test."""
    snapshot = _SNAPSHOTS.get(key)
    if snapshot is None or not await restore_snapshot(POSTGRES_URL, snapshot):
        await reset_postgres(POSTGRES_URL)
        await seed(POSTGRES_URL)
        _SNAPSHOTS[key] = await take_snapshot(POSTGRES_URL)
    return POSTGRES_URL


async def ping_postgres() -> None:
    """Connect to the PostgreSQL test database (and hang up); a worker's is created if missing."""
    try:
        conn = await asyncpg.connect(POSTGRES_URL)
    except asyncpg.InvalidCatalogNameError:
        if not WORKER:
            raise
        admin = await asyncpg.connect(SHARED_POSTGRES_URL)
        try:
            await admin.execute(f'CREATE DATABASE "{POSTGRES_DATABASE}"')
        finally:
            await admin.close()
        conn = await asyncpg.connect(POSTGRES_URL)
    await conn.close()


def postgres_or_skip(action: Callable[[], Coroutine[Any, Any, object]] = ping_postgres) -> None:
    """Run `action` on the PostgreSQL test server; skip, or fail under CI, when unreachable."""
    try:
        asyncio.run(action())
    except Exception as exc:  # asyncpg and OSError both signal an unreachable server
        reason = f"PostgreSQL not reachable at {POSTGRES_URL} ({type(exc).__name__}: {exc})"
        if IN_CI:
            pytest.fail(f"{reason}; under CI=true the PostgreSQL tests must run")
        pytest.skip(reason)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh, empty SQLite database file."""
    return f"sqlite:///{tmp_path / 'puente.db'}"


@pytest.fixture
def postgres_server() -> str:
    """The PostgreSQL test database as it is; required under CI, skipped elsewhere if absent."""
    postgres_or_skip()
    return POSTGRES_URL


@pytest.fixture
def postgres_url() -> str:
    """The PostgreSQL test database, emptied; required under CI, skipped elsewhere if absent."""
    postgres_or_skip(ping_postgres)
    postgres_or_skip(lambda: reset_postgres(POSTGRES_URL))
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each database Puente supports: the test runs once per backend."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return request.getfixturevalue(name)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The image build (a minute or more) goes first: with several workers (`make test`) the
    others run everything else meanwhile instead of waiting for it at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)

"""Shared fixtures: throwaway SQLite databases and, when reachable, the PostgreSQL test database."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from sqlalchemy import text

from db.session import make_engine
from tests.logkit import production_logging  # noqa: F401  (a fixture, shared by the log tests)
from tests.thirdkit import three_languages  # noqa: F401  (a fixture: a third language as data)

POSTGRES_URL = os.environ.get(
    "PUENTE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
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


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh, empty SQLite database file."""
    return f"sqlite:///{tmp_path / 'puente.db'}"


@pytest.fixture
def postgres_url() -> str:
    """The PostgreSQL test database, emptied; required under CI, skipped elsewhere if absent."""
    try:
        asyncio.run(reset_postgres(POSTGRES_URL))
    except Exception as exc:  # asyncpg and OSError both signal an unreachable server
        reason = f"PostgreSQL not reachable at {POSTGRES_URL} ({type(exc).__name__}: {exc})"
        if IN_CI:
            pytest.fail(f"{reason}; under CI=true the PostgreSQL tests must run")
        pytest.skip(reason)
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each database Puente supports: the test runs once per backend."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return request.getfixturevalue(name)

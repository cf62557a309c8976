"""Migrations walk up and down cleanly on SQLite and PostgreSQL, and match the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from typer.testing import CliRunner

from bot.cli import app
from db import migrate
from db.models import Base
from db.session import make_engine


def revisions_oldest_first() -> list[str]:
    """Every revision, from the first to head."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


async def test_stairway_up_down_up(database_url: str) -> None:
    """Each revision upgrades, downgrades to its parent and upgrades again."""
    engine = make_engine(database_url)
    try:
        previous = "base"
        for revision in revisions_oldest_first():
            await migrate.upgrade(engine, revision)
            await migrate.downgrade(engine, previous)
            await migrate.upgrade(engine, revision)
            assert await migrate.current_revision(engine) == revision
            previous = revision
        await migrate.downgrade(engine, "base")
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda c: inspect(c).get_table_names())
        assert set(tables) <= {"alembic_version"}
    finally:
        await engine.dispose()


async def test_head_schema_matches_the_models(database_url: str) -> None:
    """Nothing in db/models.py is missing from the migrations (autogenerate finds no diff)."""
    engine = make_engine(database_url)
    try:
        await migrate.upgrade(engine)
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c), Base.metadata)
            )
        assert diff == []
        assert await migrate.current_revision(engine) == migrate.head_revision()
    finally:
        await engine.dispose()


def test_db_upgrade_command_migrates_to_head(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`puente db upgrade` creates the schema and says which revision the database is at."""
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"database at revision {migrate.head_revision()}"
    again = CliRunner().invoke(app, ["db", "upgrade"])
    assert again.output == result.output

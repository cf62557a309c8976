"""Replicas starting together on one PostgreSQL database migrate and seed it exactly once."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import func, select

from db import migrate
from db.models import ContentVersion
from db.seed import seed
from db.session import make_engine, make_sessionmaker
from tests.contentkit import intent_data, write_content

REPLICAS = 3


async def test_replicas_starting_together_migrate_and_seed_once(
    postgres_url: str, tmp_path: Path
) -> None:
    root = write_content(tmp_path, [intent_data("a"), intent_data("b")])

    # What each replica's start command does: `puente db upgrade && puente seed`.
    reports = await asyncio.gather(*(seed(postgres_url, root) for _ in range(REPLICAS)))

    assert sorted(len(report.added) for report in reports) == [0] * (REPLICAS - 1) + [3]
    assert sorted(report.unchanged for report in reports) == [0] + [3] * (REPLICAS - 1)
    engine = make_engine(postgres_url)
    try:
        assert await migrate.current_revision(engine) == migrate.head_revision()
        async with make_sessionmaker(engine)() as session:
            assert await session.scalar(select(func.count(ContentVersion.id))) == 1
    finally:
        await engine.dispose()

"""Stopping the broadcast sender (the bot shutting down) lets a wake-up in progress end."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import cast

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import ExtBot

from bot.broadcaster import Sender
from bot.pacer import PacedBot
from bot.settings import Settings
from db import migrate
from db.session import make_engine, make_sessionmaker

NOW = datetime(2030, 3, 1, 12, tzinfo=UTC)


async def test_stopping_lets_a_wake_up_in_progress_finish_its_transaction(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    # Cancelling a wake-up inside its transaction made SQLAlchemy log an error with a traceback
    # at every shutdown that met one.
    engine = make_engine(database_url)
    await migrate.upgrade(engine)
    inside, release = asyncio.Event(), asyncio.Event()
    finished: list[datetime] = []

    async def slow_reminders(session: AsyncSession, now: datetime) -> None:
        """The deadline-reminder hook, held inside the wake-up's transaction."""
        inside.set()
        await release.wait()
        await session.execute(text("SELECT 1"))
        finished.append(now)

    sender = Sender(
        # Never sends (no broadcast is due), so it needs no rate limiter, hence the cast.
        cast(PacedBot, ExtBot("1:offline")),
        Settings(database_url=database_url),
        make_sessionmaker(engine),
        lambda: NOW,
        before_tick=slow_reminders,
    )
    try:
        with caplog.at_level(logging.WARNING):
            sender.start()
            await asyncio.wait_for(inside.wait(), 10)
            stopping = asyncio.create_task(sender.stop())
            await asyncio.sleep(0.2)
            assert not stopping.done()
            release.set()
            await asyncio.wait_for(stopping, 10)
    finally:
        await engine.dispose()
    assert finished == [NOW]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text

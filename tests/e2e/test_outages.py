"""With no content or no database the real bot still answers, and always with the hotline."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from db.models import ContentVersion, Intent, Program
from db.session import make_engine, make_sessionmaker, transaction
from tests.e2e.conftest import HOTLINE, BotHarness, bot_on, text_in
from tests.netkit import free_port

CHAT = 1701
NEW_CHAT = 1702
UNKNOWN = "how do i make tamales"
DOOR = ("ice at my door what do i do", "No. Do not open the door")
FALLBACK = "Sorry, I don't know the answer to that, and I don't want to guess."
SORRY = (
    "Sorry, something went wrong on my side. Please try again in a moment. If you need help now, "
    "call the CHIRLA / LA Rapid Response Network hotline: {phone}"
)


async def retire_everything(url: str) -> None:
    """What a forced seed of an emptied folder would leave: no live intent or program."""
    engine = make_engine(url)
    try:
        async with transaction(make_sessionmaker(engine)) as session:
            for model in (Intent, Program):
                await session.execute(update(model).values(retired_at=datetime.now(UTC)))
            session.add(ContentVersion(summary="-all"))
    finally:
        await engine.dispose()


@pytest.fixture
async def contentless_bot(fixture_database: str) -> AsyncIterator[BotHarness]:
    """The bot started on a database whose content is all retired."""
    await retire_everything(fixture_database)
    async with bot_on(fixture_database) as harness:
        yield harness


async def test_with_no_content_a_question_still_gets_the_hotline(
    contentless_bot: BotHarness,
) -> None:
    bot = contentless_bot
    reply = await bot.say(CHAT, UNKNOWN)
    start = await bot.command(CHAT, "start")

    assert reply.plain.startswith(text_in("en", FALLBACK))
    assert HOTLINE in reply.plain
    # No topic has answers, so no topic menu (Telegram refuses an empty keyboard): only the offer
    # to keep the question.
    assert [b["callback_data"][:2] for b in reply.buttons] == ["k:", "k:"]
    assert start.plain.startswith("Hello, Ana!")


async def test_a_reseed_that_retired_everything_leaves_the_running_bot_answering(
    fixture_database: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with bot_on(fixture_database, content_poll_seconds=0.1) as bot:
        await retire_everything(bot.database_url)
        for _ in range(100):
            if "has no live intents" in caplog.text:
                break
            await asyncio.sleep(0.05)
        reply = await bot.say(CHAT, DOOR[0])

    assert "has no live intents; keeping the loaded content" in caplog.text
    assert reply.plain.startswith(DOOR[1])


@pytest.fixture
async def unreachable_database(bot: BotHarness, tmp_path: Path) -> AsyncIterator[BotHarness]:
    """The bot, once it has answered CHAT, loses its database (content stays in memory)."""
    await bot.say(CHAT, DOOR[0])
    services = bot.app.bot_data
    working = services.sessions
    if bot.database_url.startswith("sqlite"):
        gone = make_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'puente.db'}")
    else:
        gone = make_engine(f"postgresql://puente@127.0.0.1:{free_port()}/puente")
    services.sessions = make_sessionmaker(gone)
    try:
        yield bot
    finally:
        services.sessions = working
        await gone.dispose()


async def test_during_a_database_outage_an_unknown_question_gets_the_hotline(
    unreachable_database: BotHarness,
) -> None:
    bot = unreachable_database
    unknown = await bot.say(CHAT, UNKNOWN)
    known = await bot.say(CHAT, DOOR[0])

    assert unknown.plain.startswith(text_in("en", FALLBACK))
    assert HOTLINE in unknown.plain
    assert known.plain.startswith(DOOR[1])
    assert await bot.api.quiet(CHAT, 0.2) == []  # and no apology after either


async def test_during_a_database_outage_a_new_chat_gets_the_hotline_too(
    unreachable_database: BotHarness,
) -> None:
    # Its stored language cannot be read; Telegram's language and the question's stand in.
    unknown = await unreachable_database.say(NEW_CHAT, "como hago tamales de elote", lang="es")
    known = await unreachable_database.say(NEW_CHAT + 1, DOOR[0])

    assert unknown.plain.startswith(text_in("es", FALLBACK))
    assert HOTLINE in unknown.plain
    assert known.plain.startswith(DOOR[1])


async def test_during_a_database_outage_a_failed_write_apologises_with_the_hotline(
    unreachable_database: BotHarness,
) -> None:
    offer = await unreachable_database.say(CHAT, UNKNOWN)
    apology = await unreachable_database.press(CHAT, offer, prefix="k:1:")  # keeping it fails
    assert apology.plain == text_in("en", SORRY, phone=HOTLINE)

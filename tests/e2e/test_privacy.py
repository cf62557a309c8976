"""Privacy end to end: no message text in any log record, and nothing kept about who asked."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import select, text

from bot.runner import configure_logging
from db.models import Chat, Feedback, Subscription, UnansweredQuestion
from tests.e2e.conftest import BotHarness

CHAT = 1101
# Distinctive words, so any trace of the questions in a log record is unmistakable.
ANSWERED = "zanahoria ice at my door what do i do"
UNANSWERED = "how do i make tamales with quetzalcoatl sauce"
FAILING = "como hago tamales de xoloitzcuintle"
LIBRARIES = ("httpx", "telegram", "apscheduler")


@pytest.fixture
def production_logging(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Logging as `puente run` configures it, with everything else captured at DEBUG."""
    saved = {name: logging.getLogger(name).level for name in LIBRARIES}
    configure_logging()
    caplog.set_level(logging.DEBUG)
    try:
        yield caplog
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def logged_text(caplog: pytest.LogCaptureFixture) -> str:
    """Every captured record as formatted, with arguments and tracebacks."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


async def test_question_text_never_reaches_the_logs(
    bot: BotHarness, production_logging: pytest.LogCaptureFixture
) -> None:
    answered = await bot.say(CHAT, ANSWERED)
    await bot.say(CHAT, UNANSWERED)
    await bot.press(CHAT, answered, prefix="a:")
    async with bot.engine.begin() as conn:
        await conn.execute(text("DROP TABLE unanswered_questions"))
    await bot.say(CHAT, FAILING, lang="es")  # keeping it fails in the database: logged
    for _ in range(100):  # the reply went out first; the failed write follows it
        if "Could not keep" in logged_text(production_logging):
            break
        await asyncio.sleep(0.02)

    logs = logged_text(production_logging)
    assert "Could not keep an unanswered question: " in logs  # the error's type, no more
    for secret in ("zanahoria", "quetzalcoatl", "xoloitzcuintle"):
        assert secret not in logs


async def test_asking_and_voting_store_nothing_that_points_to_the_chat(bot: BotHarness) -> None:
    answered = await bot.say(CHAT, ANSWERED)
    await bot.say(CHAT, UNANSWERED)
    await bot.press_for_keyboard(CHAT, answered, prefix="f:1:")
    await bot.rows_when(select(Feedback), bool)

    assert await bot.rows(select(Chat)) == []
    assert await bot.rows(select(Subscription)) == []
    for model in (Feedback, UnansweredQuestion):
        columns = set(model.__table__.columns.keys())
        assert not {"chat_id", "user_id", "created_at"} & columns
        for row in await bot.rows(select(model)):
            assert str(CHAT) not in " ".join(str(value) for value in row)

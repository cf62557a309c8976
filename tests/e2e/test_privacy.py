"""Privacy end to end: no message text in any log record, and nothing kept about who asked."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from db.models import Chat, Feedback, Subscription, UnansweredQuestion
from tests.e2e.conftest import BotHarness
from tests.logkit import logged_text

CHAT = 1101
# Distinctive words, so any trace of the questions in a log record is unmistakable.
ANSWERED = "zanahoria ice at my door what do i do"
UNANSWERED = "how do i make tamales with quetzalcoatl sauce"
FAILING = "como hago tamales de xoloitzcuintle"


async def test_question_text_never_reaches_the_logs(
    bot: BotHarness, production_logging: pytest.LogCaptureFixture
) -> None:
    answered = await bot.say(CHAT, ANSWERED)
    await bot.say(CHAT, UNANSWERED)
    await bot.press(CHAT, answered, prefix="a:")
    async with bot.engine.begin() as conn:
        await conn.execute(text("DROP TABLE unanswered_questions"))
    offer = await bot.say(CHAT, FAILING, lang="es")
    await bot.press(CHAT, offer, prefix="k:1:")  # fails in the database: logged with a traceback

    logs = logged_text(production_logging)
    assert "Update" in logs and "failed" in logs  # the failure was logged, by update id
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

"""Nothing is kept in memory per chat: memory does not grow with the number of chats, and the
language read from the database for each update is not needed to answer."""

from __future__ import annotations

from sqlalchemy import text

from tests.e2e.conftest import HOTLINE, BotHarness, text_in

CHATS = range(2001, 2041)


async def test_many_chats_leave_nothing_per_chat_in_memory(bot: BotHarness) -> None:
    for chat in CHATS:
        await bot.say(chat, "ice at my door what do i do")
        await bot.say(chat, "how do i make tamales")
        await bot.command(chat, "language")
    chosen = await bot.press(CHATS[0], await bot.command(CHATS[0], "language"), data="l:es")
    after = await bot.say(CHATS[0], "/topics")

    # The choice still holds on the next update: it is read from the database, not memory.
    assert chosen.plain == text_in("es", "Done: I will answer in English from now on.")
    assert after.plain == text_in("es", "Choose a topic:")
    assert len(bot.app.chat_data) == 0
    assert len(bot.app.user_data) == 0


async def test_with_the_chats_table_gone_questions_are_answered_without_an_apology(
    bot: BotHarness,
) -> None:
    async with bot.engine.begin() as conn:
        await conn.execute(text("ALTER TABLE chats RENAME TO chats_unreachable"))

    answer = await bot.say(CHATS[1], "la migra en mi puerta que hago", lang="es")
    unknown = await bot.say(CHATS[2], "how do i make tamales")

    assert answer.plain.startswith("No. No abra la puerta")
    assert HOTLINE in unknown.plain
    assert await bot.api.quiet(CHATS[1], 0.2) == []  # no apology after the answer

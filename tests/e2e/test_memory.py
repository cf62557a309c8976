"""Nothing is kept in memory per chat: memory does not grow with the number of chats."""

from __future__ import annotations

from tests.e2e.conftest import BotHarness, text_in

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

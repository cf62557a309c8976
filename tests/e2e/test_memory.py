"""Nothing is kept in memory per chat: memory does not grow with the number of chats, and the
language read from the database for each update is not needed to answer (nor is the write that
unblocks a chat)."""

from __future__ import annotations

from sqlalchemy import insert, select, text

from db.models import Chat
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


# Refuse every change to the chats table (reads still work), on either database.
REFUSE_UPDATES = {
    "sqlite": [
        "CREATE TRIGGER refuse_updates BEFORE UPDATE ON chats "
        "BEGIN SELECT RAISE(ABORT, 'read only'); END"
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION refuse_updates() RETURNS trigger AS "
        "$$ BEGIN RAISE EXCEPTION 'read only'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_updates BEFORE UPDATE ON chats "
        "FOR EACH ROW EXECUTE FUNCTION refuse_updates()",
    ],
}


async def test_a_blocked_chat_whose_unblock_fails_is_answered_in_its_language(
    bot: BotHarness,
) -> None:
    chat = CHATS[3]
    async with bot.engine.begin() as conn:
        await conn.execute(insert(Chat).values(chat_id=chat, lang="es", blocked=True))
        for statement in REFUSE_UPDATES[bot.engine.dialect.name]:
            await conn.execute(text(statement))

    # "daca" reads the same in both languages: the stored Spanish decides, not Telegram's English.
    answer = await bot.say(chat, "daca", lang="en")

    assert "Resumen de prueba para DACA." in answer.plain
    assert await bot.api.quiet(chat, 0.2) == []  # no apology after the answer
    assert await bot.rows(select(Chat.blocked).where(Chat.chat_id == chat)) == [(True,)]

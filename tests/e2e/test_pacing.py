"""Through the real bot: one chat's flood limit holds that chat only (issue 10), and answers
go before broadcast messages waiting for Telegram's budget."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.broadcastkit import (
    EN_TEXT,
    ES_TEXT,
    add_subscribers,
    broadcast_id,
    finished,
    puente,
    sends,
)
from tests.e2e.conftest import BotHarness, running_bot

FLOODED, OTHER = 7701, 7702


async def test_one_chats_429_does_not_hold_up_answers_to_other_chats(bot: BotHarness) -> None:
    bot.api.flood_control(2, chat_id=FLOODED)
    bot.api.send_text(FLOODED, "do I have to open the door to ICE", language_code="en")
    await bot.api.wait_until(
        lambda: any(c.status == 429 for c in bot.api.calls_of("sendMessage", FLOODED))
    )
    other = await bot.say(OTHER, "do I have to open the door to ICE")
    flooded = await bot.api.next_message(FLOODED, within=10)

    # The other chat was answered while the flooded one waited out its retry_after.
    assert other.at < flooded.at
    assert other.plain == flooded.plain


async def test_an_answer_goes_before_broadcast_messages_waiting_for_the_budget(
    fixture_template: Path, tmp_path: Path
) -> None:
    many = {9800 + n: "en" for n in range(40)}
    async with running_bot(
        fixture_template,
        tmp_path,
        broadcast_poll_seconds=0.2,
        telegram_messages_per_second=10,
        broadcast_messages_per_second=10,
    ) as bot:
        await add_subscribers(bot.engine, bot.api, many)
        out = await puente(bot.database_url, "broadcast", "--en", EN_TEXT, "--es", ES_TEXT)
        await bot.api.wait_until(lambda: len(sends(bot.api)) >= 5)
        at_question = len(sends(bot.api))
        answer = await bot.say(OTHER, "do I have to open the door to ICE")
        await finished(bot.engine, broadcast_id(out), within=30)

    sent = [c for c in bot.api.calls_of("sendMessage") if c.ok]
    position = next(i for i, c in enumerate(sent) if c is answer)
    broadcast_before = [c for c in sent[:position] if c.chat_id in many]
    # The question arrived with over 30 broadcast messages still to go, 8 of them waiting for a
    # slot: at most the one or two already holding a slot went first.
    assert len(broadcast_before) <= at_question + 2

"""Through the real bot: one chat's flood limit holds that chat only (issue 10)."""

from __future__ import annotations

from tests.e2e.conftest import BotHarness

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

"""Organizers in Telegram: the guided /broadcast with previews and Confirm / Cancel; to everyone
else organizer commands and buttons look like ones that do not exist, and refusals are counted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import Executable, func, select

from bot.broadcast_text import footer
from db.models import Broadcast, Refusal
from tests.e2e.broadcastkit import add_subscribers, deliveries, finished, puente
from tests.e2e.conftest import BotHarness, running_bot, text_in

ORGANIZER, STRANGER = 4401, 4402
SUBSCRIBERS = {4501: "en", 4502: "es"}
UNKNOWN = "I do not know that command. Send /help to see what I can do."
STALE = "This button no longer works. Send /topics to start again."


@pytest.fixture
async def org_bot(fixture_template: Path, tmp_path: Path) -> AsyncIterator[BotHarness]:
    """The bot with one organizer and two subscribers."""
    async with running_bot(fixture_template, tmp_path, broadcast_poll_seconds=0.2) as harness:
        await puente(harness.database_url, "organizers", "add", str(ORGANIZER))
        await add_subscribers(harness.engine, harness.api, SUBSCRIBERS)
        yield harness


async def count(bot: BotHarness, statement: Executable) -> int:
    """A single number from the bot's database."""
    return int((await bot.rows(statement))[0][0] or 0)


async def test_a_stranger_sees_no_organizer_command_or_button(org_bot: BotHarness) -> None:
    bot = org_bot
    for command in ("broadcast", "digest"):
        reply = await bot.command(STRANGER, command)
        assert reply.plain == UNKNOWN
    hello = await bot.command(STRANGER, "help")
    for forged in ("bc:ok", "bc:now", "bc:a:general", "bc:approve:1"):
        update = bot.api.press_button(STRANGER, hello.message_id or 0, forged)
        query = str(update["callback_query"]["id"])
        assert (await bot.query_answer(query)).params.get("text") == STALE
    # Refusals are counted (a day and a number: nothing about who or what).
    assert await count(bot, select(func.sum(Refusal.count))) == 3
    assert await count(bot, select(func.count()).select_from(Broadcast)) == 0
    for lang in ("", "es"):
        assert not {"broadcast", "digest"} & set(bot.api.commands_for(lang))


async def test_an_organizer_writes_previews_and_confirms_a_broadcast(org_bot: BotHarness) -> None:
    bot = org_bot
    await bot.command(ORGANIZER, "broadcast")
    # Room is left for the footer: a text that fits Telegram alone may not fit with it.
    refused = await bot.say(ORGANIZER, "x" * 4090)
    assert refused.plain.startswith("Telegram would refuse this text")
    assert "too long" in refused.plain
    spanish_prompt = await bot.say(ORGANIZER, "Meeting <tomorrow>")
    assert spanish_prompt.plain == "Now send the Spanish text."
    who = await bot.say(ORGANIZER, "Reunión mañana")
    when = await bot.press(ORGANIZER, who, data="bc:a:general")
    bot.tap(ORGANIZER, when, data="bc:now")
    previews = [await bot.api.next_reply(ORGANIZER) for _ in range(3)]

    # Each language exactly as subscribers will see it, then the counts and the buttons.
    assert previews[0].text == "Meeting &lt;tomorrow&gt;\n\n" + footer("en")
    assert previews[1].text == "Reunión mañana\n\n" + footer("es")
    assert previews[2].plain.startswith("Recipients now: 1 in English, 1 in Spanish.")
    assert [b["callback_data"] for b in previews[2].buttons] == ["bc:ok", "bc:no"]
    assert await count(bot, select(func.count()).select_from(Broadcast)) == 0  # nothing yet

    queued = await bot.press(ORGANIZER, previews[2], data="bc:ok")
    assert queued.plain == "Queued: broadcast #1."
    await finished(bot.engine, 1)
    assert await deliveries(bot.engine, 1) == {4501: ("sent", None), 4502: ("sent", None)}
    [spanish] = bot.api.calls_of("sendMessage", 4502)
    assert spanish.text == previews[1].text


async def test_cancel_stores_nothing(org_bot: BotHarness) -> None:
    bot = org_bot
    await bot.command(ORGANIZER, "broadcast", lang="es")
    await bot.say(ORGANIZER, "Hello", lang="es")
    who = await bot.say(ORGANIZER, "Hola", lang="es")
    when = await bot.press(ORGANIZER, who, data="bc:a:general")
    bot.tap(ORGANIZER, when, data="bc:now")
    previews = [await bot.api.next_reply(ORGANIZER) for _ in range(3)]
    cancelled = await bot.press(ORGANIZER, previews[2], data="bc:no")

    assert cancelled.plain == text_in("es", "Cancelled: nothing was sent.")
    assert await count(bot, select(func.count()).select_from(Broadcast)) == 0
    # The conversation is over: text is a question again, and /broadcast starts afresh.
    answer = await bot.say(ORGANIZER, "do I have to open the door to ICE", lang="en")
    assert "Telegram would refuse" not in answer.plain


async def test_an_organizer_schedules_for_a_time_with_its_zone(org_bot: BotHarness) -> None:
    bot = org_bot
    await bot.command(ORGANIZER, "broadcast")
    await bot.say(ORGANIZER, "Later")
    who = await bot.say(ORGANIZER, "Más tarde")
    await bot.press(ORGANIZER, who, data="bc:a:general")
    no_zone = await bot.say(ORGANIZER, "2099-01-01T09:00")
    assert no_zone.plain.startswith("Please send a time with its zone")
    await bot.say(ORGANIZER, "2099-01-01T09:00-08:00")  # the English preview
    summary = [await bot.api.next_reply(ORGANIZER) for _ in range(2)][1]
    await bot.press(ORGANIZER, summary, data="bc:ok")

    listing = await puente(bot.database_url, "broadcasts", "list")
    assert "scheduled" in listing and "2099-01-01T17:00+00:00" in listing

"""Broadcasts through the running bot: each subscriber once, in their language, no one else;
429s honoured; blocked chats marked and never tried again until they write."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.broadcastkit import (
    EN_TEXT,
    ES_TEXT,
    add_subscribers,
    broadcast_id,
    deliveries,
    finished,
    puente,
    sends,
)
from tests.e2e.conftest import BotHarness, running_bot

ENGLISH = {9101: "en", 9102: "en", 9103: "en"}
SPANISH = {9201: "es", 9202: "es", 9203: "es"}
SUBSCRIBERS = {**ENGLISH, **SPANISH}
OTHER_TOPIC = {9301: "en"}


@pytest.fixture
async def sender_bot(fixture_template: Path, tmp_path: Path) -> AsyncIterator[BotHarness]:
    """The bot with a quick sender wake-up and subscribers in both languages."""
    async with running_bot(fixture_template, tmp_path, broadcast_poll_seconds=0.2) as harness:
        await add_subscribers(harness.engine, harness.api, SUBSCRIBERS)
        await add_subscribers(harness.engine, harness.api, OTHER_TOPIC, topic="policy")
        yield harness


async def test_each_subscriber_gets_it_once_in_their_language_and_no_one_else(
    sender_bot: BotHarness,
) -> None:
    bot = sender_bot
    out = await puente(bot.database_url, "broadcast", "--en", EN_TEXT, "--es", ES_TEXT)
    assert "recipients now: 3 en, 3 es" in out
    await finished(bot.engine, broadcast_id(out))

    received = sends(bot.api)
    assert set(received) == set(SUBSCRIBERS)
    for chat, lang in SUBSCRIBERS.items():
        [message] = received[chat]
        expected = "Community meeting on Friday" if lang == "en" else "Reunión comunitaria el"
        assert message.plain.startswith(expected)
        assert "/unsubscribe" in message.plain
    shown = await puente(bot.database_url, "broadcasts", "show", str(broadcast_id(out)))
    assert "sent: 6  pending: 0  failed: 0" in shown


async def test_a_429_pauses_the_sender_for_retry_after_then_everyone_gets_it_once(
    sender_bot: BotHarness,
) -> None:
    bot = sender_bot
    bot.api.rate_limit_next("sendMessage", retry_after=1)
    out = await puente(bot.database_url, "broadcast", "--en", EN_TEXT, "--es", ES_TEXT)
    await finished(bot.engine, broadcast_id(out))

    attempts = [c for c in bot.api.calls_of("sendMessage")]
    limited = next(i for i, c in enumerate(attempts) if c.status == 429)
    # Nothing at all was sent until retry_after had passed.
    after = attempts[limited + 1 :]
    assert after and min(c.at for c in after) - attempts[limited].at >= 1.0
    assert {chat: len(calls) for chat, calls in sends(bot.api).items()} == dict.fromkeys(
        SUBSCRIBERS, 1
    )


async def test_a_blocked_chat_is_marked_and_not_tried_again_until_it_writes(
    sender_bot: BotHarness,
) -> None:
    bot = sender_bot
    blocked = 9102
    bot.api.block_chat(blocked)
    first = broadcast_id(
        await puente(bot.database_url, "broadcast", "--en", EN_TEXT, "--es", ES_TEXT)
    )
    await finished(bot.engine, first)
    assert (await deliveries(bot.engine, first))[blocked] == ("failed", "blocked")
    shown = await puente(bot.database_url, "broadcasts", "show", str(first))
    assert "sent: 5  pending: 0  failed: 1" in shown and "failed, blocked: 1" in shown

    tries_before = len(bot.api.calls_of("sendMessage", blocked))
    second = broadcast_id(
        await puente(bot.database_url, "broadcast", "--en", "Second", "--es", "Segundo")
    )
    await finished(bot.engine, second)
    assert blocked not in await deliveries(bot.engine, second)
    assert len(bot.api.calls_of("sendMessage", blocked)) == tries_before

    # The person unblocks the bot and writes to it: the next broadcast reaches them again.
    bot.api.blocked_chats.discard(blocked)
    await bot.say(blocked, "hola")
    third = broadcast_id(
        await puente(bot.database_url, "broadcast", "--en", "Third", "--es", "Tercero")
    )
    await finished(bot.engine, third)
    assert (await deliveries(bot.engine, third))[blocked] == ("sent", None)


async def test_a_chat_that_blocks_the_bot_just_after_writing_is_reached_again_once_it_writes(
    sender_bot: BotHarness,
) -> None:
    # Its message a moment before blocking must not stop the bot noticing it came back.
    bot = sender_bot
    chat = 9103
    await bot.say(chat, "hola")
    bot.api.block_chat(chat)
    first = broadcast_id(
        await puente(bot.database_url, "broadcast", "--en", EN_TEXT, "--es", ES_TEXT)
    )
    await finished(bot.engine, first)
    assert (await deliveries(bot.engine, first))[chat] == ("failed", "blocked")

    bot.api.blocked_chats.discard(chat)
    await bot.say(chat, "hola otra vez")
    second = broadcast_id(
        await puente(bot.database_url, "broadcast", "--en", "Second", "--es", "Segundo")
    )
    await finished(bot.engine, second)
    assert (await deliveries(bot.engine, second)).get(chat) == ("sent", None)


async def test_server_errors_are_retried_then_failed_with_the_reason(
    sender_bot: BotHarness,
) -> None:
    bot = sender_bot
    bot.api.fail_next("sendMessage", status=502, chat_id=9101, times=2)
    bot.api.fail_next("sendMessage", status=500, chat_id=9201, times=50)
    out = await puente(bot.database_url, "broadcast", "--en", EN_TEXT, "--es", ES_TEXT)
    await finished(bot.engine, broadcast_id(out), within=30)

    outcome = await deliveries(bot.engine, broadcast_id(out))
    assert outcome[9101] == ("sent", None)
    status, reason = outcome[9201]
    assert status == "failed" and reason is not None and reason.startswith("network:")
    assert len(bot.api.calls_of("sendMessage", 9201)) == 4  # tried, then given up


async def test_a_cancelled_broadcast_sends_nothing(sender_bot: BotHarness) -> None:
    bot = sender_bot
    out = await puente(
        bot.database_url, "broadcast", "--en", EN_TEXT, "--es", ES_TEXT,
        "--at", "2099-01-01T09:00:00-08:00",
    )  # fmt: skip
    number = str(broadcast_id(out))
    assert "cancelled (it was scheduled)" in await puente(
        bot.database_url, "broadcasts", "cancel", number
    )
    await bot.api.quiet(seconds=0.6)
    assert sends(bot.api) == {}
    assert "cancelled" in await puente(bot.database_url, "broadcasts", "list")


async def test_paid_broadcasts_ask_telegram_for_it(fixture_template: Path, tmp_path: Path) -> None:
    async with running_bot(
        fixture_template,
        tmp_path,
        broadcast_poll_seconds=0.2,
        telegram_paid_broadcast=True,
        broadcast_messages_per_second=100,
    ) as bot:
        await add_subscribers(bot.engine, bot.api, ENGLISH)
        answer = await bot.say(9101, "do I have to open the door to ICE")
        out = await puente(bot.database_url, "broadcast", "--en", EN_TEXT, "--es", ES_TEXT)
        await finished(bot.engine, broadcast_id(out))

    sent = [c for calls in sends(bot.api, ENGLISH).values() for c in calls if c is not answer]
    assert len(sent) == 3 and all(c.params.get("allow_paid_broadcast") is True for c in sent)
    assert "allow_paid_broadcast" not in answer.params  # answers are never billed


async def test_cancelling_while_sending_stops_the_rest(
    fixture_template: Path, tmp_path: Path
) -> None:
    many = {9500 + n: "en" for n in range(40)}
    async with running_bot(
        fixture_template,
        tmp_path,
        broadcast_poll_seconds=0.2,
        broadcast_messages_per_second=10,
        broadcast_concurrency=1,
    ) as bot:
        await add_subscribers(bot.engine, bot.api, many)
        out = await puente(bot.database_url, "broadcast", "--en", EN_TEXT, "--es", ES_TEXT)
        await bot.api.wait_until(lambda: len(sends(bot.api)) >= 3)
        await puente(bot.database_url, "broadcasts", "cancel", str(broadcast_id(out)))
        await bot.api.quiet(seconds=2.0)
        shown = await puente(bot.database_url, "broadcasts", "show", str(broadcast_id(out)))

    sent = len(sends(bot.api))
    assert sent <= 3 + 8 + 1  # what was sent, the batch in hand, the one in flight
    assert shown.startswith(f"broadcast {broadcast_id(out)}: cancelled")
    assert f"failed, cancelled: {len(many) - sent}" in shown

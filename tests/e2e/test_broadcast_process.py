"""Broadcasts from `puente run` as a real process: exactly once, in each language, to no one
else; and a SIGKILL in the middle, then a restart, completes it with no recipient skipped."""

from __future__ import annotations

import signal

import pytest
from sqlalchemy import select

from bot.settings import Settings
from db.models import Delivery
from db.session import make_engine
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
from tests.e2e.test_process import STARTUP_SECONDS, database, puente_run, stop
from tests.fakebotapi import FakeBotAPI

__all__ = ["database"]  # the fixture, imported for these tests
QUICK = {"BROADCAST_POLL_SECONDS": "0.3"}
CONCURRENCY = Settings.model_fields["broadcast_concurrency"].default


async def test_a_cli_broadcast_reaches_each_subscriber_once_in_their_language(
    database: str,
) -> None:
    url = database
    english = {8101 + n: "en" for n in range(5)}
    spanish = {8201 + n: "es" for n in range(5)}
    engine = make_engine(url)
    try:
        async with FakeBotAPI() as api, puente_run(api, database, env=QUICK) as process:
            await add_subscribers(engine, api, {**english, **spanish})
            await add_subscribers(engine, api, {8301: "en"}, topic="policy")
            api.known_chats.add(8401)  # wrote to the bot, never subscribed
            await api.wait_until(lambda: bool(api.calls_of("deleteWebhook")), STARTUP_SECONDS)
            out = await puente(url, "broadcast", "--en", EN_TEXT, "--es", ES_TEXT)
            await finished(engine, broadcast_id(out))
            log = await stop(process)
    finally:
        await engine.dispose()

    received = sends(api)
    assert sorted(received) == sorted({**english, **spanish})
    for chat, calls in received.items():
        assert len(calls) == 1
        start = "Community meeting" if chat in english else "Reunión comunitaria"
        assert calls[0].plain.startswith(start)
    assert "Community meeting" not in log and "Reunión" not in log


async def test_sigkill_mid_broadcast_then_restart_completes_it_skipping_no_one(
    database: str,
) -> None:
    url = database
    subscribers = {50_000 + n: ("en" if n % 2 else "es") for n in range(300)}
    settings = {**QUICK, "BROADCAST_MESSAGES_PER_SECOND": "30"}
    engine = make_engine(url)
    try:
        async with FakeBotAPI() as api:
            await add_subscribers(engine, api, subscribers)
            async with puente_run(api, database, env=settings) as first:
                await api.wait_until(lambda: bool(api.calls_of("deleteWebhook")), STARTUP_SECONDS)
                out = await puente(url, "broadcast", "--en", EN_TEXT, "--es", ES_TEXT)
                await api.wait_until(lambda: len(sends(api)) >= 60, within=30)
                first.send_signal(signal.SIGKILL)
                await first.wait()
            sent_before = len(sends(api))
            assert sent_before < len(subscribers)
            async with puente_run(api, database, env=settings) as second:
                await finished(engine, broadcast_id(out), within=60)
                await stop(second)
            async with engine.connect() as conn:
                states = set((await conn.scalars(select(Delivery.status))).all())
    finally:
        await engine.dispose()

    received = sends(api)
    assert set(received) == set(subscribers)  # nobody skipped
    repeats = sum(len(calls) - 1 for calls in received.values())
    assert repeats <= CONCURRENCY  # only messages in flight at the kill may repeat
    assert states == {"sent"}


pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")


async def test_a_429_is_honoured_and_a_blocked_chat_is_marked_and_not_retried(
    database: str,
) -> None:
    url = database
    subscribers = {8501 + n: ("en" if n % 2 else "es") for n in range(6)}
    blocked = 8502
    engine = make_engine(url)
    try:
        async with FakeBotAPI() as api, puente_run(api, database, env=QUICK) as process:
            await add_subscribers(engine, api, subscribers)
            api.rate_limit_next("sendMessage", retry_after=2)
            api.block_chat(blocked)
            first = broadcast_id(await puente(url, "broadcast", "--en", "One", "--es", "Uno"))
            await finished(engine, first)
            second = broadcast_id(await puente(url, "broadcast", "--en", "Two", "--es", "Dos"))
            await finished(engine, second)
            outcome = await deliveries(engine, first)
            await stop(process)
    finally:
        await engine.dispose()

    attempts = api.calls_of("sendMessage")
    limited = next(i for i, c in enumerate(attempts) if c.status == 429)
    assert min(c.at for c in attempts[limited + 1 :]) - attempts[limited].at >= 2.0
    assert outcome[blocked] == ("failed", "blocked")
    assert len(api.calls_of("sendMessage", blocked)) == 1  # tried once, never again
    assert {chat for chat in sends(api)} == set(subscribers) - {blocked}
    assert all(len(calls) == 2 for calls in sends(api).values())


async def test_a_stranger_reaches_no_organizer_command_or_button(database: str) -> None:
    stranger = 8601
    async with FakeBotAPI() as api, puente_run(api, database, env=QUICK) as process:
        await api.wait_until(lambda: bool(api.calls_of("deleteWebhook")), STARTUP_SECONDS)
        replies = []
        for command in ("broadcast", "digest"):
            api.send_command(stranger, command, language_code="en")
            replies.append(await api.next_reply(stranger, within=10))
        answers = []
        for forged in ("bc:ok", "bc:now", "bc:a:general", "bc:approve:1"):
            update = api.press_button(stranger, replies[0].message_id or 0, forged)
            query = update["callback_query"]["id"]

            def answered(query: str = query) -> bool:
                """Whether the bot answered this forged button."""
                calls = api.calls_of("answerCallbackQuery")
                return any(c.params.get("callback_query_id") == query for c in calls)

            await api.wait_until(answered, within=10)
            answers += [
                c.params.get("text")
                for c in api.calls_of("answerCallbackQuery")
                if c.params.get("callback_query_id") == query
            ]
        await stop(process)

    assert [r.plain for r in replies] == [
        "I do not know that command. Send /help to see what I can do."
    ] * 2
    assert answers == ["This button no longer works. Send /topics to start again."] * 4

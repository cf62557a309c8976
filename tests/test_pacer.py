"""The pacer: answers before waiting broadcast messages, one message a second per chat, and a
429 holds only its chat for answers but every broadcast message for the sender."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.pacer import Pacer

BROADCAST = {"broadcast": True}


def recorder(log: list[Any]) -> Any:
    """A Bot API call that records which chat it was for, and when."""

    async def call(chat: Any, fail: Exception | None = None) -> bool:
        if fail is not None:
            raise fail
        log.append(chat)
        return True

    return call


async def test_answers_go_before_broadcast_messages_already_waiting() -> None:
    pacer = Pacer(overall_rate=10, broadcast_rate=10)
    log: list[Any] = []
    call = recorder(log)

    async def send(chat: int, limit: dict[str, Any] | None) -> None:
        await pacer.process_request(call, (chat,), {}, "sendMessage", {"chat_id": chat}, limit)

    broadcasts = [asyncio.create_task(send(100 + n, BROADCAST)) for n in range(6)]
    await asyncio.sleep(0.05)  # the broadcast messages are queued behind the first one
    answers = [asyncio.create_task(send(1, None)), asyncio.create_task(send(2, None))]
    await asyncio.gather(*broadcasts, *answers)
    first_answer = min(log.index(1), log.index(2))
    assert first_answer <= 2, log
    assert sorted(log[first_answer : first_answer + 2]) == [1, 2], log


async def test_a_chat_gets_at_most_one_broadcast_message_a_second() -> None:
    pacer = Pacer(overall_rate=0, broadcast_rate=1000)
    times: list[float] = []
    loop = asyncio.get_running_loop()

    async def call() -> bool:
        times.append(loop.time())
        return True

    for _ in range(3):
        await pacer.process_request(call, (), {}, "sendMessage", {"chat_id": 7}, BROADCAST)
    assert times[1] - times[0] >= 0.99 and times[2] - times[1] >= 0.99


async def test_a_429_for_one_chat_holds_only_that_chat_for_answers() -> None:
    pacer = Pacer(overall_rate=0, broadcast_rate=25)
    log: list[Any] = []
    flooded = {"left": 1}

    async def call(chat: int) -> bool:
        if chat == 1 and flooded["left"]:
            flooded["left"] -= 1
            raise RetryAfter(1)
        log.append(chat)
        return True

    async def answer(chat: int) -> None:
        await pacer.process_request(call, (chat,), {}, "sendMessage", {"chat_id": chat}, None)

    held = asyncio.create_task(answer(1))
    await asyncio.sleep(0.05)
    await answer(2)  # not held up by chat 1's retry_after
    assert log == [2]
    await held
    assert log == [2, 1]


async def test_a_429_on_a_broadcast_message_pauses_every_broadcast_message() -> None:
    pacer = Pacer(overall_rate=0, broadcast_rate=1000)
    loop = asyncio.get_running_loop()

    async def limited() -> bool:
        raise RetryAfter(1)

    sent_at: list[float] = []

    async def fine() -> bool:
        sent_at.append(loop.time())
        return True

    start = loop.time()
    with pytest.raises(RetryAfter):
        await pacer.process_request(limited, (), {}, "sendMessage", {"chat_id": 5}, BROADCAST)
    await pacer.process_request(fine, (), {}, "sendMessage", {"chat_id": 6}, BROADCAST)
    assert sent_at[0] - start >= 0.99

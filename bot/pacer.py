"""One pacer for every message the bot sends: answers and broadcasts share Telegram's budget.

Telegram allows a bot about 30 messages a second overall and about one a second per chat, and
answers a burst with 429 and `retry_after`. PTB hands every Bot API call to this rate limiter:

- answers (any call made while handling an update) reserve the next free slot of the overall
  budget at once, so they always go before broadcast messages still waiting;
- broadcast messages (`rate_limit_args={"broadcast": True}`) take a slot only when it is free at
  that moment and no answer is waiting, at most `broadcast_rate` a second, and never two within a
  second to one chat; paid broadcasts (`allow_paid_broadcast`) have Telegram's separate budget;
- a 429 holds only the chat it was about (answers to everyone else keep flowing); for a broadcast
  message it also pauses every broadcast message for `retry_after`, since a flood there is the
  bot's, not the chat's. Answers are retried here; the sender decides about broadcast messages.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeAlias

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter, ExtBot

log = logging.getLogger(__name__)

PER_CHAT_INTERVAL = 1.0
# Forget per-chat times once this many are kept (all of them are in the past by then, mostly).
CHAT_TIMES_KEPT = 4096

JSON = bool | dict[str, Any] | list[dict[str, Any]]
# The bot a Pacer paces: its methods take the Pacer's `rate_limit_args`.
PacedBot: TypeAlias = ExtBot[dict[str, Any]]


def retry_seconds(exc: RetryAfter) -> float:
    """The wait a 429 asks for, in seconds."""
    after = exc.retry_after
    return after if isinstance(after, int | float) else after.total_seconds()


class Pacer(BaseRateLimiter[dict[str, Any]]):
    """Telegram's overall budget with answers first, per-chat spacing and per-chat holds."""

    def __init__(
        self,
        overall_rate: float,
        broadcast_rate: float,
        *,
        paid: bool = False,
        answer_retries: int = 3,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._interval = 1.0 / overall_rate if overall_rate else 0.0
        self._broadcast_interval = 1.0 / broadcast_rate if broadcast_rate else 0.0
        self._paid = paid
        self._answer_retries = answer_retries
        self._clock = clock
        self._next_slot = 0.0  # next free slot of the overall budget
        self._next_broadcast = 0.0  # next broadcast slot
        self._broadcasts_paused_until = 0.0
        self._answers_waiting = 0
        self._chat_next: dict[Any, float] = {}  # earliest next send per chat
        self._held_until: dict[Any, float] = {}  # chats a 429 holds
        self._broadcast_line = asyncio.Lock()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> JSON:
        """Run one Bot API call when the budget allows it."""
        chat = data.get("chat_id")
        if rate_limit_args and rate_limit_args.get("broadcast"):
            await self._broadcast_turn(chat)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                until = self._clock() + retry_seconds(exc)
                self._hold(chat, until)
                self._broadcasts_paused_until = max(self._broadcasts_paused_until, until)
                raise
        for attempt in range(self._answer_retries + 1):
            await self._answer_turn(chat)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == self._answer_retries:
                    raise
                wait = retry_seconds(exc)
                log.info("Telegram asked to wait %.0f s before sending to one chat again", wait)
                if chat is None:
                    await asyncio.sleep(wait)
                else:
                    self._hold(chat, self._clock() + wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _hold(self, chat: Any, until: float) -> None:
        """Keep anything from being sent to one chat until `until`."""
        if chat is not None:
            self._held_until[chat] = max(self._held_until.get(chat, 0.0), until)

    def _chat_ready_at(self, chat: Any) -> float:
        """When the chat may next receive a message."""
        if chat is None:
            return 0.0
        return max(self._held_until.get(chat, 0.0), self._chat_next.get(chat, 0.0))

    def _stamp(self, chat: Any, now: float) -> None:
        """Note a send to a chat, forgetting old entries now and then."""
        if chat is None:
            return
        if len(self._chat_next) > CHAT_TIMES_KEPT:
            self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
            self._held_until = {c: t for c, t in self._held_until.items() if t > now}
        self._chat_next[chat] = now + PER_CHAT_INTERVAL

    async def _answer_turn(self, chat: Any) -> None:
        """Wait out a hold on the chat, then reserve the next overall slot and wait for it."""
        held = self._held_until.get(chat, 0.0) - self._clock() if chat is not None else 0.0
        if held > 0:
            await asyncio.sleep(held)
        now = self._clock()
        slot = max(now, self._next_slot) if self._interval and chat is not None else now
        if self._interval and chat is not None:
            self._next_slot = slot + self._interval
        self._stamp(chat, slot)
        if slot > now:
            self._answers_waiting += 1
            try:
                await asyncio.sleep(slot - now)
            finally:
                self._answers_waiting -= 1

    async def _broadcast_turn(self, chat: Any) -> None:
        """Take a broadcast slot once it, the overall budget and the chat are all free.

        Senders line up on a lock, so each slot wakes one of them rather than all of them.
        """
        async with self._broadcast_line:
            await self._wait_for_broadcast_slot(chat)

    async def _wait_for_broadcast_slot(self, chat: Any) -> None:
        """Sleep until a broadcast message may go to `chat`, then take the slot."""
        while True:
            now = self._clock()
            start = max(self._next_broadcast, self._broadcasts_paused_until)
            start = max(start, self._chat_ready_at(chat))
            shares_budget = self._interval and not self._paid
            if shares_budget:
                start = max(start, self._next_slot)
                if self._answers_waiting:
                    start = max(start, now + self._interval)
            if start <= now:
                # Slots follow a schedule rather than "now + interval", so oversleeping does
                # not lower the rate; one interval of slack allows no burst beyond it.
                self._next_broadcast = max(self._next_broadcast, now - self._broadcast_interval)
                self._next_broadcast += self._broadcast_interval
                if shares_budget:
                    self._next_slot = max(self._next_slot, now) + self._interval
                self._stamp(chat, now)
                return
            await asyncio.sleep(start - now)

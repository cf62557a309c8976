"""The broadcast sender: delivers what the database queue holds, exactly once per recipient.

Only the process holding the "sender" lock (db/locks.py) sends, so webhook replicas never double
a message; if it dies, another takes the lock at its next wake-up. Each wake-up (the JobQueue
rings every BROADCAST_POLL_SECONDS, or an organizer confirms) it schedules what is due, then sends
pending deliveries with a few workers. A worker takes its next delivery only once the outcome of
its last one is committed, so after a crash at most `broadcast_concurrency` messages can repeat,
and none is skipped: pending rows stay pending until a send succeeded.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.broadcast_text import compose, text_for
from bot.pacer import PacedBot
from bot.settings import Settings
from db import broadcasts
from db.broadcasts import FAILED, SENT, Outcome, Pending
from db.locks import process_lock
from db.models import Broadcast
from db.session import transaction

log = logging.getLogger(__name__)

# Tries for a delivery that times out or meets a 5xx, then it fails with the reason.
NETWORK_ATTEMPTS = 4
BACKOFF_SECONDS = 0.5
# 429s one delivery may meet before it fails as "rate limited" (each waits retry_after).
RATE_LIMITED_TRIES = 10
REASON_CHARS = 64
# How long stopping waits for a wake-up in progress to end before cancelling it. A cancel inside
# a transaction makes SQLAlchemy reset a connection the cancel interrupts (an error, with a
# traceback, in the log); a stop ends deliveries at the next batch, well within this.
STOP_GRACE_SECONDS = 5.0

Clock = Callable[[], datetime]
Hook = Callable[[AsyncSession, datetime], Awaitable[None]]


@dataclass
class _Recorder:
    """Group commit: outcomes from all workers are written together, each worker waits for its."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    _batch: list[tuple[Outcome, asyncio.Future[None]]] = field(default_factory=list)
    _ready: asyncio.Event = field(default_factory=asyncio.Event)

    async def add(self, outcome: Outcome) -> None:
        """Queue an outcome and wait until it is committed."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._batch.append((outcome, done))
        self._ready.set()
        await done

    async def run(self) -> None:
        """Commit whatever outcomes are waiting, again and again."""
        while True:
            await self._ready.wait()
            self._ready.clear()
            batch, self._batch = self._batch, []
            outcomes = [outcome for outcome, _done in batch]
            try:
                async with transaction(self.sessions) as session:
                    await broadcasts.record(session, outcomes, self.clock())
                    blocked = [
                        o.chat_id
                        for o in outcomes
                        if o.reason == "blocked" and o.chat_id is not None
                    ]
                    await broadcasts.mark_blocked(session, blocked)
            except Exception as exc:
                for _outcome, done in batch:
                    done.set_exception(exc)
                continue
            for _outcome, done in batch:
                done.set_result(None)


class Sender:
    """Delivers due broadcasts from one process at a time."""

    def __init__(
        self,
        bot: PacedBot,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        before_tick: Hook | None = None,
    ) -> None:
        self.bot = bot
        self.settings = settings
        self.sessions = sessions
        self.clock = clock
        # Runs in the tick's transaction before due broadcasts start (deadline reminders).
        self.before_tick = before_tick
        self.lock = process_lock(settings.database_url, "sender")
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self.is_sender = False

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the sender's loop in the running event loop."""
        self._task = asyncio.create_task(self._loop(), name="puente-sender")
        self.wake()

    async def stop(self) -> None:
        """Stop sending and let go of the lock; pending deliveries stay pending. A wake-up in
        progress ends first (it stops at its next batch), unless it takes longer than
        STOP_GRACE_SECONDS."""
        if self._task is not None:
            self._stopping = True
            self._wake.set()
            done, _ = await asyncio.wait({self._task}, timeout=STOP_GRACE_SECONDS)
            if not done:
                self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await self.lock.dispose()

    def wake(self) -> None:
        """Look for due broadcasts now (the JobQueue calls this; so does Confirm)."""
        self._wake.set()

    async def _loop(self) -> None:
        """Wait to be woken, then work; one failing tick never stops the sender."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            if self._stopping:
                return
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("The broadcast sender failed; it tries again at the next wake-up")

    # --- work --------------------------------------------------------------------------------

    async def tick(self) -> None:
        """Be the sender if no one else is, start what is due, deliver what is pending."""
        was_sender = self.is_sender
        self.is_sender = await self.lock.try_acquire()
        if self.is_sender != was_sender:
            log.info("This process %s the broadcast sender", "is" if self.is_sender else "is not")
        if not self.is_sender:
            return
        now = self.clock()
        grace = timedelta(hours=self.settings.broadcast_grace_hours)
        async with transaction(self.sessions) as session:
            if self.before_tick is not None:
                await self.before_tick(session, now)
            for row in await broadcasts.start_due(session, now, grace):
                log.info("Broadcast %s: %s", row.id, row.status)
            await broadcasts.forget_deliveries(session, now)
        await self.deliver()

    async def deliver(self) -> None:
        """Send every pending delivery, a batch at a time, while this process holds the lock."""
        recorder = _Recorder(self.sessions, self.clock)
        writer = asyncio.create_task(recorder.run())
        try:
            after = 0
            # Small batches: a cancel takes effect at the next batch.
            batch_size = self.settings.broadcast_concurrency * 8
            while not self._stopping and await self.lock.held():
                async with self.sessions() as session:
                    batch = await broadcasts.pending(session, batch_size, after)
                    rows = await broadcasts.texts_of(session, {p.broadcast_id for p in batch})
                if not batch:
                    break
                after = batch[-1].id
                queue: asyncio.Queue[Pending] = asyncio.Queue()
                for item in batch:
                    queue.put_nowait(item)
                workers = [
                    asyncio.create_task(self._work(queue, rows, recorder))
                    for _ in range(min(self.settings.broadcast_concurrency, len(batch)))
                ]
                await asyncio.gather(*workers)
            async with transaction(self.sessions) as session:
                for done in await broadcasts.finish_sent(session, self.clock()):
                    log.info("Broadcast %s: done", done)
        finally:
            writer.cancel()
            await asyncio.gather(writer, return_exceptions=True)

    async def _work(
        self, queue: asyncio.Queue[Pending], rows: dict[int, Broadcast], recorder: _Recorder
    ) -> None:
        """Take deliveries one by one; the next only after the last one's outcome is stored."""
        while not queue.empty():
            item = queue.get_nowait()
            await recorder.add(await self._send(item, rows[item.broadcast_id]))

    async def _send(self, item: Pending, row: Broadcast) -> Outcome:
        """Send one delivery, retrying 429s and network failures; its outcome."""
        if item.blocked:
            return Outcome(item.id, FAILED, "blocked", item.attempts, item.chat_id)
        text, lang = text_for(row.texts, row.fallback_lang, item.lang)
        message = compose(text, lang)
        attempts, limited = item.attempts, 0
        while True:
            attempts += 1
            try:
                await self.bot.send_message(
                    item.chat_id,
                    message,
                    allow_paid_broadcast=self.settings.telegram_paid_broadcast or None,
                    rate_limit_args={"broadcast": True},
                )
                return Outcome(item.id, SENT, None, attempts, item.chat_id)
            except Forbidden:
                return Outcome(item.id, FAILED, "blocked", attempts, item.chat_id)
            except BadRequest as exc:
                reason = f"refused: {exc.message}"[:REASON_CHARS]
                return Outcome(item.id, FAILED, reason, attempts, item.chat_id)
            except RetryAfter:
                # The pacer already paused every broadcast message for retry_after.
                attempts -= 1
                limited += 1
                if limited >= RATE_LIMITED_TRIES:
                    return Outcome(item.id, FAILED, "rate limited", attempts, item.chat_id)
            except NetworkError as exc:  # 5xx, timeouts, lost connections
                if attempts >= NETWORK_ATTEMPTS:
                    reason = f"network: {exc.message}"[:REASON_CHARS]
                    return Outcome(item.id, FAILED, reason, attempts, item.chat_id)
                await asyncio.sleep(BACKOFF_SECONDS * 2 ** (attempts - 1))

"""Sender benchmark: a broadcast to 10,000 subscribers through the real Application, against the
stand-in Bot API allowing N messages a second; and creating 100,000 deliveries on SQLite and on
PostgreSQL.

The sender's figure is achieved ÷ allowed (the stand-in answers 429 beyond N a second), next to
a baseline measured in the same run: PTB alone sending the same messages, as fast as the same
number of concurrent tasks allow, with no queue, database or pacing. Duplicates and lost
messages are counted from what the stand-in received.

Run: .venv/bin/python -m bench.bench_sender   (goals: >= 0.95 of allowed, 0 duplicates, 0 lost;
100,000 deliveries in < 10 s and < 200 MB)
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import resource
import signal
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot

from bot.app import build_application
from bot.settings import FREE_CEILING, Settings
from db import broadcasts, migrate
from db.models import Chat, Subscription
from db.seed import seed
from db.session import make_engine, make_sessionmaker, transaction
from tests.fakebotapi import DEFAULT_TOKEN

SUBSCRIBERS = 10_000
# Messages a second the stand-in accepts: one below what PTB alone manages on a small machine,
# and the 500 a second, which is about PTB's own ceiling on 2 shared cores.
ALLOWED_RATES = (250.0, 500.0)
CONCURRENCY = 16
DELIVERIES = 100_000
POSTGRES_URL = os.environ.get("PUENTE_BENCH_POSTGRES_URL", "")
TEXTS = {"en": "<b>Community meeting</b> on Friday.", "es": "<b>Reunión</b> el viernes."}


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def add_subscribers(url: str, count: int, first: int) -> list[int]:
    """`count` chats subscribed to their own topic ("bench-FIRST"), half in each language."""
    engine = make_engine(url)
    ids = list(range(first, first + count))
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(Chat),
                [{"chat_id": c, "lang": ("en", "es")[c % 2], "blocked": False} for c in ids],
            )
            await conn.execute(
                insert(Subscription), [{"chat_id": c, "topic": f"bench-{first}"} for c in ids]
            )
    finally:
        await engine.dispose()
    return ids


def rate_of(times: list[float]) -> float:
    """Messages a second between the first and the last."""
    return (len(times) - 1) / (max(times) - min(times)) if len(times) > 1 else 0.0


@asynccontextmanager
async def standin(rate: float, ids: list[int], folder: Path) -> AsyncIterator[tuple[str, Path]]:
    """The stand-in in its own process: (base URL, file its send log lands in once stopped)."""
    out = folder / f"sends-{ids[0]}.json"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.standin", str(rate), str(ids[0]), str(len(ids)), str(out),
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    base_url = (await process.stdout.readline()).decode().strip()
    try:
        yield base_url, out
    finally:
        process.send_signal(signal.SIGTERM)
        await process.wait()


def outcome(log: Path, ids: list[int]) -> dict[str, float]:
    """Rate, duplicates, lost and 429s from the stand-in's send log."""
    sends = json.loads(log.read_text(encoding="utf-8"))
    ok = [(chat, at) for chat, at, status in sends if status == 200]
    counts = Counter(chat for chat, _at in ok)
    return {
        "rate": rate_of([at for _chat, at in ok]),
        "duplicates": sum(n - 1 for n in counts.values()),
        "lost": len(set(ids) - set(counts)),
        "refused": sum(1 for _c, _a, status in sends if status == 429),
    }


async def sender_run(url: str, folder: Path, allowed: float, first: int) -> dict[str, float]:
    """Broadcast to SUBSCRIBERS new subscribers through the real Application, against the
    stand-in allowing `allowed` messages a second; what the stand-in saw."""
    ids = await add_subscribers(url, SUBSCRIBERS, first=first)
    async with standin(allowed, ids, folder) as (base_url, log):
        settings = Settings(
            database_url=url,
            telegram_bot_token=DEFAULT_TOKEN,
            telegram_api_base_url=base_url,
            telegram_paid_broadcast=allowed > FREE_CEILING,
            broadcast_messages_per_second=allowed,
            broadcast_concurrency=CONCURRENCY,
            broadcast_poll_seconds=0.5,
        )
        app = build_application(settings)
        engine = make_engine(url)
        done = asyncio.Event()
        async with app:
            async with transaction(make_sessionmaker(engine)) as session:
                row = await broadcasts.create(
                    session, kind="manual", audiences=[f"bench-{first}"], texts=TEXTS,
                    send_at=datetime.now(UTC),
                )  # fmt: skip
            app.bot_data.sender.wake()
            while not done.is_set():
                with suppress(TimeoutError):
                    await asyncio.wait_for(done.wait(), 0.2)
                if await _status(engine, row.id) == "done":
                    done.set()
        await engine.dispose()
    return {**outcome(log, ids), "peak_mb": peak_rss_mb()}


async def _status(engine: AsyncEngine, broadcast_id: int) -> str:
    """A broadcast's status."""
    async with engine.connect() as conn:
        result = await conn.execute(
            text("SELECT status FROM broadcasts WHERE id = :id"), {"id": broadcast_id}
        )
        return str(result.scalar())


async def baseline_run(folder: Path) -> float:
    """PTB alone: the same messages from CONCURRENCY tasks, no queue, database or pacing."""
    ids = list(range(2_000_000, 2_000_000 + SUBSCRIBERS))
    async with standin(0, ids, folder) as (base_url, log):
        queue: asyncio.Queue[int] = asyncio.Queue()
        for chat in ids:
            queue.put_nowait(chat)
        async with Bot(DEFAULT_TOKEN, base_url=base_url) as bot:

            async def work() -> None:
                while not queue.empty():
                    await bot.send_message(queue.get_nowait(), TEXTS["en"], parse_mode="HTML")

            await asyncio.gather(*(work() for _ in range(CONCURRENCY)))
    return outcome(log, ids)["rate"]


async def create_deliveries(url: str) -> tuple[float, float]:
    """Seconds and peak traced MB to create DELIVERIES delivery rows in one transaction."""
    await add_subscribers(url, DELIVERIES, first=5_000_000)
    engine = make_engine(url)
    try:
        async with transaction(make_sessionmaker(engine)) as session:
            await broadcasts.create(
                session, kind="manual", audiences=["bench-5000000"], texts=TEXTS,
                send_at=datetime.now(UTC) - timedelta(seconds=1),
            )  # fmt: skip
        tracemalloc.start()
        start = time.perf_counter()
        async with transaction(make_sessionmaker(engine)) as session:
            started = await broadcasts.start_due(session, datetime.now(UTC), timedelta(hours=6))
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        assert started and started[0].status == "sending"
        async with engine.connect() as conn:
            made = (await conn.execute(text("SELECT count(*) FROM deliveries"))).scalar()
        assert made == DELIVERIES, made
        return seconds, peak
    finally:
        await engine.dispose()


async def fresh_postgres() -> str | None:
    """PUENTE_BENCH_POSTGRES_URL emptied and migrated, or None when it is not set."""
    if not POSTGRES_URL:
        return None
    engine = make_engine(POSTGRES_URL)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await migrate.upgrade(engine)
    finally:
        await engine.dispose()
    return POSTGRES_URL


async def main() -> None:
    """Print the sender figures."""
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        await seed(url)
        baseline = await baseline_run(Path(folder))
        figures = [
            (allowed, await sender_run(url, Path(folder), allowed, 1_000_000 * (n + 1)))
            for n, allowed in enumerate(ALLOWED_RATES)
        ]
        sqlite_db = f"sqlite:///{Path(folder) / 'deliveries.db'}"
        engine = make_engine(sqlite_db)
        await migrate.upgrade(engine)
        await engine.dispose()
        sqlite_seconds, sqlite_mb = await create_deliveries(sqlite_db)
    postgres_db = await fresh_postgres()
    postgres = await create_deliveries(postgres_db) if postgres_db else None

    print(
        f"sender, a broadcast to {SUBSCRIBERS:,} subscribers; baseline PTB alone, unpaced, "
        f"{CONCURRENCY} tasks: {baseline:.0f} msg/s"
    )
    for allowed, fig in figures:
        print(
            f"  stand-in allowing {allowed:.0f} msg/s: achieved {fig['rate']:.0f} msg/s = "
            f"{fig['rate'] / allowed:.3f} of allowed (goal >= 0.95), "
            f"{fig['rate'] / baseline:.2f} of the baseline; duplicates {fig['duplicates']:.0f}, "
            f"lost {fig['lost']:.0f}, 429s met {fig['refused']:.0f}, "
            f"peak memory {fig['peak_mb']:.0f} MB (the bot's process)"
        )
    print(f"creating {DELIVERIES:,} deliveries (goal < 10 s, < 200 MB):")
    print(f"  SQLite: {sqlite_seconds:.2f} s, {sqlite_mb:.1f} MB traced peak")
    if postgres is None:
        print("  PostgreSQL: skipped (set PUENTE_BENCH_POSTGRES_URL)")
    else:
        print(f"  PostgreSQL: {postgres[0]:.2f} s, {postgres[1]:.1f} MB traced peak")


if __name__ == "__main__":
    asyncio.run(main())

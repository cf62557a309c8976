"""Bot benchmark: questions per second and reply latency through the real PTB Application.

Puente's Application is built by the production factory (`bot.app.build_application`) and polls
the stand-in Bot API server (tests/fakebotapi.py) over HTTP on 127.0.0.1, with the shipped
content seeded into a throwaway SQLite database, or into the database DATABASE_URL names (point
it at a scratch PostgreSQL database: the bench seeds it and writes unanswered questions to it).
The baseline is a bare PTB echo bot against the same stand-in, measured in the same run: the floor
set by PTB, HTTP and the stand-in themselves.

Run: .venv/bin/python -m bench.bench_bot   (goals: >= 200 questions/s; p99 < 100 ms at 50 q/s)
     DATABASE_URL=postgresql://user@host/scratch .venv/bin/python -m bench.bench_bot
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.app import CONCURRENT_UPDATES, DATABASE_POOL, build_application
from bot.settings import Settings
from db import chats
from db.health import safe_url
from db.seed import seed
from db.session import make_engine, make_sessionmaker
from tests.fakebotapi import FakeBotAPI

QUESTIONS_FILE = Path(__file__).resolve().parents[1] / "tests" / "data" / "dev-questions.jsonl"
THROUGHPUT_QUESTIONS = 1_000
THROUGHPUT_CHATS = 100
THROUGHPUT_RUNS = 3  # the median is reported: one run on a shared 2-core machine is noisy
OFFERED_RATE = 50  # questions per second
LOAD_SECONDS = 10
WARMUP_QUESTIONS = 20
POOL_READS = 4_800  # database reads per pool measurement
# Upper bound for waiting on replies in any phase, so the benchmark always stops by itself.
PHASE_LIMIT_SECONDS = 60.0

AppFactory = Callable[[FakeBotAPI], Application]


@dataclass
class Figures:
    """What one bot achieved."""

    label: str
    throughput: float
    messages_per_question: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    unanswered: int
    failed: int


class FailureCounter(logging.Handler):
    """Counts updates the bot's error handler logged as failed (it apologises for them)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        """Count one failed update."""
        self.count += record.name == "bot.handlers.errors"


def load_questions() -> list[tuple[str, str]]:
    """(question, language) pairs from the development set, in- and out-of-scope alike."""
    rows = [json.loads(line) for line in QUESTIONS_FILE.read_text(encoding="utf-8").splitlines()]
    return [(row["q"], row["lang"]) for row in rows if row.get("q")]


@asynccontextmanager
async def polling(app: Application) -> AsyncIterator[None]:
    """Run an Application with long polling, as production does, for the block's duration."""
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=10)
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()


def messages_to(api: FakeBotAPI, chats: range, since: int) -> dict[int, list[float]]:
    """When each chat in `chats` received bot messages, from call number `since` on."""
    received: dict[int, list[float]] = {}
    for call in api.calls[since:]:
        chat = call.chat_id
        if call.ok and call.method == "sendMessage" and isinstance(chat, int) and chat in chats:
            received.setdefault(chat, []).append(call.at)
    return received


async def wait_for_answers(api: FakeBotAPI, chats: range, per_chat: int, since: int) -> None:
    """Wait until each chat has at least `per_chat` replies, or the phase limit passes."""
    counts: dict[int, int] = {}
    position, waiting = since, len(chats)

    def answered() -> bool:
        """Count only the calls made since the last check (this runs after every call)."""
        nonlocal position, waiting
        while position < len(api.calls):
            call = api.calls[position]
            position += 1
            chat = call.chat_id
            if call.ok and call.method == "sendMessage" and isinstance(chat, int) and chat in chats:
                counts[chat] = counts.get(chat, 0) + 1
                waiting -= counts[chat] == per_chat
        return waiting == 0

    with suppress(AssertionError):  # a timeout shows as unanswered questions
        await api.wait_until(answered, within=PHASE_LIMIT_SECONDS)


async def measure_throughput(
    api: FakeBotAPI, questions: list[tuple[str, str]], first_chat: int
) -> tuple[float, float, int]:
    """Queue THROUGHPUT_QUESTIONS at once; questions/s from first queued to last reply."""
    chats = range(first_chat, first_chat + THROUGHPUT_CHATS)
    per_chat = THROUGHPUT_QUESTIONS // THROUGHPUT_CHATS
    since = len(api.calls)
    started = time.perf_counter()
    for n in range(THROUGHPUT_QUESTIONS):
        text, lang = questions[n % len(questions)]
        api.send_text(chats[n % len(chats)], text, language_code=lang)
    await wait_for_answers(api, chats, per_chat, since)
    await asyncio.sleep(0.2)  # let any extra messages per answer arrive before counting
    received = messages_to(api, chats, since)
    replies = sum(len(times) for times in received.values())
    answered = sum(min(len(received.get(chat, ())), per_chat) for chat in chats)
    # When the last question got its (first) reply; extra messages after it do not count.
    last = max((times[:per_chat][-1] for times in received.values()), default=started)
    return (
        answered / (last - started),
        replies / THROUGHPUT_QUESTIONS,
        (THROUGHPUT_QUESTIONS - answered),
    )


async def measure_latency(
    api: FakeBotAPI, questions: list[tuple[str, str]], first_chat: int
) -> tuple[list[float], int]:
    """Offer OFFERED_RATE questions/s for LOAD_SECONDS, each from a new chat; latencies in ms.

    Latency runs from getUpdates handing the update out to the stand-in receiving the reply.
    """
    total = OFFERED_RATE * LOAD_SECONDS
    chats = range(first_chat, first_chat + total)
    since = len(api.calls)
    loop = asyncio.get_running_loop()
    start = loop.time()
    update_ids: dict[int, int] = {}
    for n, chat in enumerate(chats):
        await asyncio.sleep(max(0.0, start + n / OFFERED_RATE - loop.time()))
        text, lang = questions[n % len(questions)]
        update_ids[chat] = api.send_text(chat, text, language_code=lang)["update_id"]
    await wait_for_answers(api, chats, 1, since)
    received = messages_to(api, chats, since)
    latencies = [
        (received[chat][0] - api.delivered_at[update_ids[chat]]) * 1000
        for chat in chats
        if chat in received and update_ids[chat] in api.delivered_at
    ]
    return latencies, total - len(latencies)


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (0..1) of the values, nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def measure(label: str, factory: AppFactory, questions: list[tuple[str, str]]) -> Figures:
    """Start a bot against a fresh stand-in and take both measurements."""
    failures = FailureCounter()
    logging.getLogger().addHandler(failures)
    try:
        async with FakeBotAPI() as api, polling(factory(api)):
            warmup = range(1, WARMUP_QUESTIONS + 1)
            for n, chat in enumerate(warmup):
                text, lang = questions[n % len(questions)]
                api.send_text(chat, text, language_code=lang)
            await wait_for_answers(api, warmup, 1, 0)
            failures.count = 0
            runs = [
                await measure_throughput(api, questions, 1_000 + run * THROUGHPUT_CHATS)
                for run in range(THROUGHPUT_RUNS)
            ]
            latencies, late = await measure_latency(api, questions, 100_000)
    finally:
        logging.getLogger().removeHandler(failures)
    return Figures(
        label,
        statistics.median(run[0] for run in runs),
        max(run[1] for run in runs),
        statistics.median(latencies) if latencies else float("nan"),
        percentile(latencies, 0.99),
        max(latencies, default=float("nan")),
        sum(run[2] for run in runs) + late,
        failures.count,
    )


def echo_bot(api: FakeBotAPI) -> Application:
    """The baseline: a bare PTB Application that answers every text with one short message."""

    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Reply "ok"."""
        assert update.effective_message is not None
        await update.effective_message.reply_text("ok")

    app = ApplicationBuilder().token(api.token).base_url(api.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


def puente_bot(database_url: str) -> AppFactory:
    """Puente, built exactly as production builds it, pointed at the stand-in."""

    def factory(api: FakeBotAPI) -> Application:
        settings = Settings(
            database_url=database_url,
            telegram_bot_token=api.token,
            telegram_api_base_url=api.base_url,
            content_poll_seconds=3600,
            # Puente's own capacity: against Telegram the rate limiter holds replies to its
            # 30 messages a second, which says nothing about how fast Puente answers.
            telegram_messages_per_second=0,
        )
        return build_application(settings)

    return factory


def report(results: list[Figures], database: str) -> str:
    """A small table, then the goals."""
    lines = [
        "Bot end to end: real PTB Application <-> stand-in Bot API over HTTP on 127.0.0.1 "
        f"({os.cpu_count()} CPUs; bot and stand-in share one process); database: {database}",
        f"{'':26}{'questions/s':>12}{'msgs/q':>8}"
        f"{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'unanswered':>12}{'failed':>8}",
    ]
    for f in results:
        lines.append(
            f"{f.label:26}{f.throughput:12.0f}{f.messages_per_question:8.2f}"
            f"{f.p50_ms:9.1f}{f.p99_ms:9.1f}{f.max_ms:9.1f}{f.unanswered:12d}{f.failed:8d}"
        )
    baseline, *others = results
    for f in others:
        lines.append(
            f"ratio {f.label} / {baseline.label}: throughput "
            f"{f.throughput / baseline.throughput:.2f}x, p99 {f.p99_ms / baseline.p99_ms:.1f}x"
        )
    lines.append(
        f"throughput: {THROUGHPUT_QUESTIONS} questions from {THROUGHPUT_CHATS} chats queued at "
        f"once, first queued -> last reply, median of {THROUGHPUT_RUNS} runs; latency: "
        f"{OFFERED_RATE} q/s offered for {LOAD_SECONDS} s, getUpdates hands the update out -> "
        "reply received"
    )
    lines.append(
        "failed: updates the bot logged as failed (the person got an apology, not an answer)"
    )
    lines.append(
        "Puente runs with its Telegram throttle off here (TELEGRAM_MESSAGES_PER_SECOND=0): this "
        "measures its own capacity; against Telegram, replies are held to 30 messages/s"
    )
    lines.append("goals: >= 200 questions/s, p99 < 100 ms at 50 q/s")
    return "\n".join(lines)


async def reads_per_second(url: str, pool: dict[str, Any]) -> float:
    """Reads/s with CONCURRENT_UPDATES sessions at once, as the bot's updates use the pool."""
    engine = make_engine(url, hide_parameters=True, **pool)
    sessions = make_sessionmaker(engine)

    async def reader(worker: int) -> None:
        for n in range(POOL_READS // CONCURRENT_UPDATES):
            async with sessions() as session:  # one session per update, as the handlers do
                await chats.state(session, worker * POOL_READS + n)

    try:
        await reader(0)  # warm up
        started = time.perf_counter()
        await asyncio.gather(*(reader(worker) for worker in range(CONCURRENT_UPDATES)))
        return POOL_READS / (time.perf_counter() - started)
    finally:
        await engine.dispose()


async def pool_report(url: str) -> str:
    """Database reads/s through SQLAlchemy's default pool and through the bot's, same run."""
    default = statistics.median([await reads_per_second(url, {}) for _ in range(3)])
    sized = statistics.median([await reads_per_second(url, DATABASE_POOL) for _ in range(3)])
    return (
        f"database reads/s, {CONCURRENT_UPDATES} updates at once ({POOL_READS} reads, median of "
        f"3): SQLAlchemy's default pool {default:.0f}, Puente's pool {sized:.0f} "
        f"({sized / default:.1f}x)"
    )


async def main() -> None:
    """Seed a throwaway database, measure the baseline and Puente, print the table."""
    logging.getLogger().setLevel(logging.ERROR)  # counted below, not printed
    questions = load_questions()
    with tempfile.TemporaryDirectory(prefix="puente-bench-") as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(folder) / 'puente.db'}"
        await seed(url)
        results = [
            await measure("baseline (PTB echo bot)", echo_bot, questions),
            await measure("puente", puente_bot(url), questions),
        ]
        pool = await pool_report(url)
    print(report(results, safe_url(url)))
    print(pool)


if __name__ == "__main__":
    asyncio.run(main())

"""`puente doctor`: can this deployment work? One line per check, non-zero exit on a problem."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from types import ModuleType
from urllib.parse import urlsplit

import typer
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.request import HTTPXRequest

from bot.settings import Settings, SettingsError, load_settings
from db.health import cannot_open, readiness, safe_url
from db.models import Intent, IntentAnswer, Program
from db.session import DATABASE_ERRORS, make_engine, make_sessionmaker

OK, WARN, FAIL = "ok", "warn", "FAIL"
# The Bot API is asked once; a deployment that cannot answer within this is not healthy.
API_TIMEOUT_SECONDS = 10.0
# The process locks a running deployment takes (db/locks.py).
LOCK_NAMES = ("poller", "sender")


@dataclass(frozen=True)
class Check:
    """The outcome of one check."""

    status: str
    name: str
    detail: str

    def __str__(self) -> str:
        """`ok   database: …`, aligned."""
        return f"{self.status:<4} {self.name}: {self.detail}"


def check_settings() -> tuple[Check, Settings | None]:
    """Whether the settings load, and what they point at (never the token itself)."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        return Check(FAIL, "settings", str(exc)), None
    token = "set" if settings.telegram_bot_token else "not set"
    detail = (
        f"DATABASE_URL {safe_url(settings.database_url)}, TELEGRAM_BOT_TOKEN {token}, "
        f"Bot API {urlsplit(settings.api_base_url).netloc}, hotline {settings.hotline_phone}"
    )
    return Check(OK, "settings", detail), settings


async def check_database(settings: Settings, today: date) -> list[Check]:
    """Reachable, migrated to head, with live content reviewed recently."""
    url = settings.database_url
    engine = make_engine(url, hide_parameters=True)
    try:
        try:
            state = await readiness(engine)
        except DATABASE_ERRORS as exc:
            return [Check(FAIL, "database", cannot_open(url, exc))]
        if not state.at_head:
            return [
                Check(
                    FAIL,
                    "database",
                    f"at migration {state.revision or 'none'}, not {state.head}: "
                    "run `puente db upgrade`",
                )
            ]
        database = Check(OK, "database", f"reachable, at migration {state.head} (the newest)")
        if state.content_version is None or not state.live_intents:
            return [database, Check(FAIL, "content", "no live content: run `puente seed`")]
        async with make_sessionmaker(engine)() as session:
            max_age = timedelta(days=settings.review_max_age_days)
            freshness = await _content_freshness(session, state.live_intents, today, max_age)
            return [database, freshness]
    finally:
        await engine.dispose()


async def _content_freshness(
    session: AsyncSession, live_intents: int, today: date, max_age: timedelta
) -> Check:
    """How much live content there is and whether any of it is due for review."""
    stale_before = today - max_age
    live_answers = select(IntentAnswer.reviewed).join(Intent).where(Intent.retired_at.is_(None))
    live_programs = select(Program.reviewed).where(Program.retired_at.is_(None))
    reviewed = [*await session.scalars(live_answers), *await session.scalars(live_programs)]
    programs = await session.scalar(select(func.count()).select_from(live_programs.subquery()))
    stale = sum(day < stale_before for day in reviewed)
    detail = (
        f"{live_intents} live intents, {programs} programs; oldest review "
        f"{min(reviewed).isoformat()}"
    )
    if stale:
        return Check(WARN, "content", f"{detail}; {stale} not reviewed in {max_age.days} days")
    return Check(OK, "content", detail)


async def check_bot_api(settings: Settings) -> Check:
    """Whether the Bot API answers getMe with this token (which is never printed)."""
    host = urlsplit(settings.api_base_url).netloc
    if not settings.telegram_bot_token:
        return Check(FAIL, "telegram", "TELEGRAM_BOT_TOKEN is not set")
    request = HTTPXRequest(connect_timeout=API_TIMEOUT_SECONDS, read_timeout=API_TIMEOUT_SECONDS)
    bot = Bot(settings.telegram_bot_token, base_url=settings.api_base_url, request=request)
    try:
        async with bot:
            webhook = await bot.get_webhook_info()
            username = bot.username
    except InvalidToken:
        # PTB's message for this error quotes the token: say it in our own words.
        return Check(FAIL, "telegram", f"{host} refused the token (revoked or mistyped?)")
    except NetworkError as exc:
        return Check(FAIL, "telegram", f"cannot reach {host} ({type(exc).__name__})")
    except TelegramError as exc:
        return Check(FAIL, "telegram", f"{host} answered with an error ({type(exc).__name__})")
    mode = f"webhook set to {urlsplit(webhook.url).netloc}" if webhook.url else "no webhook set"
    return Check(OK, "telegram", f"@{username} reachable at {host}; {mode}")


async def check_locks(settings: Settings) -> Check:
    """Who holds the poller and sender locks (db/locks.py), without taking them."""
    from db import locks

    held = [name for name in LOCK_NAMES if await _lock_held(locks, settings.database_url, name)]
    if not held:
        return Check(OK, "locks", "free: no poller or sender is running")
    return Check(OK, "locks", "held by a running process: " + ", ".join(held))


async def _lock_held(locks: ModuleType, url: str, name: str) -> bool:
    """Whether some process holds a lock (PostgreSQL: read pg_locks; SQLite: probe the flock)."""
    if url.startswith("postgres"):
        engine = make_engine(url)
        try:
            async with engine.connect() as conn:
                return bool(await locks.holders(conn, name))
        finally:
            await engine.dispose()
    lock = locks.process_lock(url, name)
    try:
        return not await lock.try_acquire()
    finally:
        await lock.dispose()


async def diagnose(today: date | None = None) -> list[Check]:
    """Every check, in order; later ones are skipped when the settings cannot be read."""
    settings_check, settings = check_settings()
    if settings is None:
        return [settings_check]
    today = today or date.today()
    database, telegram = await asyncio.gather(
        check_database(settings, today), check_bot_api(settings)
    )
    checks = [settings_check, *database, telegram]
    if database[0].status == OK:
        checks.append(await check_locks(settings))
    return checks


def doctor() -> None:
    """Check settings, database, content, the Bot API and the locks; exit 1 on a problem."""
    # httpx logs request URLs, which carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    checks = asyncio.run(diagnose())
    for check in checks:
        typer.echo(str(check))
    if any(check.status == FAIL for check in checks):
        raise typer.Exit(1)

"""`puente run`: check that the bot can work, then serve it by long polling or a webhook."""

from __future__ import annotations

import asyncio
import logging
import secrets
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import InvalidToken, TelegramError

from bot import logsafety
from bot.app import build_application
from bot.handlers.context import PuenteApp
from bot.settings import Settings, SettingsError
from db.health import DatabaseNotReady, require_ready
from db.locks import LockTaken, process_lock
from db.session import make_engine

log = logging.getLogger(__name__)

# Puente reads messages and button taps; asking for nothing else keeps traffic down.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


class RunnerError(Exception):
    """The bot cannot start; the message says why in one line."""


async def check_database(url: str) -> None:
    """Refuse to start unless the database is reachable, migrated to head and has content."""
    engine = make_engine(url, hide_parameters=True)
    try:
        await require_ready(engine, url)
    except DatabaseNotReady as exc:
        raise RunnerError(str(exc)) from None
    finally:
        await engine.dispose()


def configure_logging(secrets: tuple[str | None, ...] = ()) -> None:
    """Log to stderr at INFO, keeping libraries from logging tokens or message text."""
    # Every record is redacted where it is made, whoever logs it: see bot/logsafety.py.
    logsafety.install(secrets)
    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO
    )
    # httpx logs each request URL, which contains the bot token; PTB logs whole updates (with
    # message text) at DEBUG; APScheduler logs every content check at INFO.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("telegram").setLevel(logging.INFO)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def run(settings: Settings, webhook_url: str | None = None) -> None:
    """Run the bot until SIGINT/SIGTERM: long polling, or a webhook when a public URL is given."""
    if not settings.telegram_bot_token:
        raise SettingsError("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather.")
    asyncio.run(check_database(settings.database_url))
    # Telegram sends this back on every webhook call, so requests from anyone else are refused.
    webhook_secret = secrets.token_urlsafe(32)
    configure_logging((settings.telegram_bot_token, webhook_secret))
    app = build_application(settings)
    try:
        _serve(app, settings, webhook_url, webhook_secret)
    except InvalidToken:
        # PTB's message quotes the token; this one never does.
        raise RunnerError(
            "Telegram rejected TELEGRAM_BOT_TOKEN: copy the token again from @BotFather."
        ) from None
    except TelegramError as exc:
        raise RunnerError(
            f"Telegram refused to start the bot ({type(exc).__name__}: "
            f"{logsafety.redact_exception_text(exc.message)})."
        ) from None


def _serve(app: PuenteApp, settings: Settings, webhook_url: str | None, secret: str) -> None:
    """Serve updates until SIGINT/SIGTERM."""
    if webhook_url is None:
        log.info("Starting Puente with long polling")
        # One poller per bot token: a second one would answer every message twice.
        app.bot_data.poller_lock = process_lock(settings.database_url, "poller")
        try:
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
        except LockTaken as exc:
            raise RunnerError(str(exc)) from None
        return
    log.info(
        "Starting Puente with a webhook on %s:%s", settings.webhook_listen, settings.webhook_port
    )
    app.run_webhook(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=urlsplit(webhook_url).path.lstrip("/"),
        webhook_url=webhook_url,
        secret_token=secret,
        allowed_updates=ALLOWED_UPDATES,
    )

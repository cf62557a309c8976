"""The PTB Application factory: it only wires handlers and shared clients together.

Shared clients (engine, session factory, Answerer) are made in post_init and closed in
post_shutdown; `PuenteApplication` runs the same two from initialize/shutdown, so
`async with app:` (how the end-to-end tests drive it) gets them as well as `run_polling` does.
"""

from __future__ import annotations

import logging

from sqlalchemy.pool import AsyncAdaptedQueuePool
from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    JobQueue,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import keyboards, scheduler
from bot.answering import Answerer, freeze_loaded_content
from bot.handlers import broadcast, buttons, commands, consent, messages, subscriptions
from bot.handlers.context import PuenteApp, PuenteContext, Services, begin_update
from bot.handlers.errors import on_error
from bot.handlers.jobs import purge_unanswered, refresh_content
from bot.i18n import translate
from bot.pacer import Pacer
from bot.settings import Settings, SettingsError
from bot.updates import PollingRequest
from db.session import make_engine, make_sessionmaker
from intents.languages import default_language, languages

log = logging.getLogger(__name__)

# Updates handled at once. A bound keeps a burst queued in order instead of hundreds of handlers
# fighting over httpx's connection pool and SQLite's single writer (which is slower, not faster).
CONCURRENT_UPDATES = 16
# Sends refused with 429 are retried this many times, each after Telegram's retry_after.
SEND_RETRIES = 3
# Every update in flight may hold a database connection, and the repeating jobs one more: a
# smaller pool makes a burst open and close overflow connections all the time (PostgreSQL reads
# fell from about 1,600/s to 290/s with 16 updates on SQLAlchemy's default pool of 5).
# The pool class is named: early SQLAlchemy 2.0 releases give an SQLite file no pool at all.
DATABASE_POOL = {
    "poolclass": AsyncAdaptedQueuePool,
    "pool_size": CONCURRENT_UPDATES + 2,
    "max_overflow": 4,
}
# How often the unanswered log is purged of questions past their retention.
PURGE_INTERVAL_SECONDS = 6 * 60 * 60


def file_base_url(api_base_url: str) -> str:
    """The Bot API file URL next to an API base URL (…/bot → …/file/bot), as Telegram lays out."""
    head, _slash, tail = api_base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}"


async def open_services(app: PuenteApp) -> None:
    """Open the database, load the content, set the menus, schedule content checks (once)."""
    services: Services = app.bot_data
    if services.opened:
        return
    settings = services.settings
    await scheduler.take_poller_lock(app)
    # hide_parameters: SQL errors in the log never carry stored values (such as question text).
    services.engine = make_engine(settings.database_url, hide_parameters=True, **DATABASE_POOL)
    services.sessions = make_sessionmaker(services.engine)
    services.opened = True  # from here on, shutdown disposes the engine even if loading fails
    async with services.sessions() as session:
        services.answerer = await Answerer.load(session)
    freeze_loaded_content()
    await _introduce_bot(app)
    assert app.job_queue is not None, "python-telegram-bot[job-queue] is a dependency"
    app.job_queue.run_repeating(
        refresh_content,
        interval=settings.content_poll_seconds,
        first=settings.content_poll_seconds,
        name="refresh-content",
    )
    # Unanswered questions are kept for a limited time only; the first purge runs right away.
    app.job_queue.run_repeating(
        purge_unanswered, interval=PURGE_INTERVAL_SECONDS, first=0, name="purge-unanswered"
    )
    scheduler.start_sending(app)


async def close_services(app: PuenteApp) -> None:
    """Close the database connections (once)."""
    services: Services = app.bot_data
    if services.opened:
        services.opened = False
        await scheduler.stop_sending(app)
        await services.engine.dispose()


async def _introduce_bot(app: PuenteApp) -> None:
    """Set the command menu and descriptions per language, so Telegram shows the user's own."""
    try:
        for lang in languages():
            language_code = None if lang == default_language() else lang
            await app.bot.set_my_commands(commands.command_menu(lang), language_code=language_code)
            await app.bot.set_my_description(
                translate(lang, commands.DESCRIPTION), language_code=language_code
            )
            await app.bot.set_my_short_description(
                translate(lang, commands.SHORT_DESCRIPTION), language_code=language_code
            )
    except TelegramError as exc:
        # Menus and descriptions are conveniences; answering people matters more than them.
        log.warning("Could not set the command menus: %s", type(exc).__name__)


class PuenteApplication(PuenteApp):
    """An Application that also opens its shared clients in `initialize` (`async with app:`).

    run_polling/run_webhook call post_init and post_shutdown around the run, but code that drives
    the Application itself (the end-to-end tests) only enters it; opening and closing are
    idempotent, so both paths get exactly one engine and one Answerer.
    """

    async def initialize(self) -> None:
        """Initialize PTB, then open the shared clients."""
        await super().initialize()
        await open_services(self)

    async def shutdown(self) -> None:
        """Shut PTB down, then close the shared clients."""
        await super().shutdown()
        await close_services(self)


def build_application(settings: Settings, request: BaseRequest | None = None) -> PuenteApp:
    """Build Puente's Application (no network here: that starts with initialize/post_init).

    `request` replaces PTB's HTTP clients for every Bot API call (tests answer them in-process).
    """
    if not settings.telegram_bot_token:
        raise SettingsError("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather.")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .base_url(settings.api_base_url)
        .base_file_url(file_base_url(settings.api_base_url))
        # Long polling skips an update PTB cannot read instead of fetching it forever.
        .get_updates_request(PollingRequest() if request is None else request)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .context_types(ContextTypes(context=PuenteContext, bot_data=Services))
        # The job queue PTB would make anyway, typed for PuenteContext (the builder cannot tell).
        .job_queue(JobQueue[PuenteContext]())
        # One slow or failing update never holds up the others.
        .concurrent_updates(CONCURRENT_UPDATES)
        # One pacer for answers and broadcasts alike (answers first); see bot/pacer.py.
        .rate_limiter(
            Pacer(
                settings.telegram_messages_per_second,
                settings.broadcast_messages_per_second,
                paid=settings.telegram_paid_broadcast,
                answer_retries=SEND_RETRIES,
            )
        )
        .application_class(PuenteApplication)
        .post_init(open_services)
        .post_shutdown(close_services)
    )
    if request is not None:
        builder.request(request)
    app = builder.build()
    app.bot_data.settings = settings

    # Group -1, before everything: one read of the chat picks the update's locale (stored
    # choice, Telegram, English) and unblocks a chat that had blocked the bot and writes again.
    app.add_handler(TypeHandler(Update, begin_update), group=-1)

    # Organizers: the /broadcast conversation comes before every other command, so its steps
    # get the organizer's typed text; everyone else is told the command does not exist.
    for handler in broadcast.organizer_handlers():
        app.add_handler(handler)

    # Commands. New messages only: editing an old /start should not run it again.
    new_message = filters.UpdateType.MESSAGE
    for name, callback in (
        ("start", commands.start),
        ("help", commands.help_command),
        ("topics", commands.topics),
        ("language", commands.language),
        ("subscribe", subscriptions.subscribe),
        ("unsubscribe", subscriptions.unsubscribe),
        ("privacy", commands.privacy),
        ("forget", commands.forget),
    ):
        app.add_handler(CommandHandler(name, callback, filters=new_message))

    # Buttons, by callback data pattern; anything unknown or stale gets a polite answer last.
    data = keyboards.patterns()
    app.add_handler(CallbackQueryHandler(buttons.menu, pattern=data.menu))
    app.add_handler(CallbackQueryHandler(buttons.topic, pattern=data.topic))
    app.add_handler(CallbackQueryHandler(buttons.answer, pattern=data.answer))
    app.add_handler(CallbackQueryHandler(buttons.choice, pattern=data.choice))
    app.add_handler(CallbackQueryHandler(buttons.feedback, pattern=data.feedback))
    app.add_handler(CallbackQueryHandler(buttons.language, pattern=data.language))
    app.add_handler(CallbackQueryHandler(subscriptions.toggle, pattern=data.subscribe))
    app.add_handler(CallbackQueryHandler(subscriptions.remind, pattern=data.remind))
    app.add_handler(CallbackQueryHandler(consent.answer, pattern=data.consent))
    app.add_handler(CallbackQueryHandler(buttons.stale))

    # Everything else people send in a private chat (in groups Puente answers commands only):
    # questions, then unknown commands, then stickers, photos, voice notes and the like.
    private = new_message & filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, messages.question))
    app.add_handler(MessageHandler(private & filters.COMMAND, commands.unknown_command))
    app.add_handler(MessageHandler(private, messages.not_text))

    # The one error handler.
    app.add_error_handler(on_error)
    return app

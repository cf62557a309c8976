"""The shared clients and the per-update context every handler receives."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram import Update
from telegram.ext import Application, CallbackContext, JobQueue

from bot.answering import Answerer
from bot.i18n import pick_locale, set_locale
from bot.pacer import PacedBot
from bot.settings import Settings
from db import broadcasts, chats
from db.session import transaction

if TYPE_CHECKING:
    from bot.broadcaster import Sender
    from db.locks import ProcessLock

log = logging.getLogger(__name__)


class Services:
    """Clients shared by all updates: settings from the factory, the rest made in post_init."""

    settings: Settings
    opened: bool = False
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    # Replaced as a whole when content is reseeded; readers never see a half-built one.
    answerer: Answerer
    # Broadcasts (bot/scheduler.py): the sender, the clock, and the polling lock when polling.
    sender: Sender
    clock: Callable[[], datetime]
    poller_lock: ProcessLock | None = None


class PuenteContext(CallbackContext[PacedBot, dict[Any, Any], dict[Any, Any], Services]):
    """CallbackContext with shortcuts to Puente's shared clients."""

    @property
    def answerer(self) -> Answerer:
        """The content currently answering questions."""
        return self.bot_data.answerer

    @property
    def settings(self) -> Settings:
        """The running bot's settings."""
        return self.bot_data.settings

    def transaction(self) -> AbstractAsyncContextManager[AsyncSession]:
        """A session for this update's database work, committed when the block ends."""
        return transaction(self.bot_data.sessions)


# Puente's Application: PTB's is generic in the bot, the context, user, chat and bot data, and the
# job queue; user and chat data stay untyped dicts (only /broadcast keeps anything there).
PuenteApp: TypeAlias = Application[
    PacedBot, PuenteContext, dict[Any, Any], dict[Any, Any], Services, JobQueue[PuenteContext]
]


async def begin_update(update: object, context: PuenteContext) -> None:
    """Before any handler runs (group -1, like an i18n middleware): one read of what the bot
    keeps about the chat picks the update's locale from its stored language, and a chat that
    writes again after blocking the bot may get broadcasts again.

    Nothing about a chat is kept in memory (PTB's chat_data would hold an entry for every chat
    until restart): one primary-key read per update, always what /language, /forget and the
    broadcaster left. Only a chat that was blocked costs a write (on SQLite, a wait for the one
    writer).
    """
    if not isinstance(update, Update):
        return
    user, chat = update.effective_user, update.effective_chat
    language_code = user.language_code if user else None
    # Set from Telegram's language first, so even a failing lookup leaves a sensible locale.
    set_locale(pick_locale(None, language_code))
    if chat is None:
        return
    try:
        async with context.transaction() as session:
            state = await chats.state(session, chat.id)
            # Before the write: if it fails, the reply still goes out in the chosen language.
            set_locale(pick_locale(state.lang, language_code))
            if state.blocked:
                await broadcasts.unblock(session, chat.id)
    except (SQLAlchemyError, OSError) as exc:
        # Answers and the hotline do not need the database: answer in Telegram's language (the
        # blocked flag is checked again on the chat's next update).
        log.warning("Update %s: chat state unavailable (%s)", update.update_id, type(exc).__name__)

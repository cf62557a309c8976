"""The one error handler: log without message text, apologise in the person's language."""

from __future__ import annotations

import logging
from contextlib import suppress

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.handlers.context import PuenteContext
from bot.i18n import _
from bot.rendering import escape

log = logging.getLogger(__name__)


async def on_error(update: object, context: PuenteContext) -> None:
    """Log a failed update or job by id only, and tell the person something went wrong."""
    update_id = update.update_id if isinstance(update, Update) else None
    # Only the update id: the update itself holds the message text, which is never logged.
    log.error("Update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(context.error, Forbidden):
        return  # the person blocked the bot; there is no one to apologise to
    if update.callback_query is not None:
        # Stop the button's spinner; it may already be answered, and the apology goes out anyway.
        with suppress(TelegramError):
            await update.callback_query.answer()
    # The hotline comes from the settings, never the content or the database: it must reach the
    # person even when those are what failed.
    apology = _(
        "Sorry, something went wrong on my side. Please try again in a moment. If you need help "
        "now, call the CHIRLA / LA Rapid Response Network hotline: {phone}"
    ).format(phone=context.bot_data.settings.hotline_phone)
    try:
        await update.effective_chat.send_message(escape(apology))
    except TelegramError as exc:
        log.warning("Could not apologise for update %s: %s", update_id, type(exc).__name__)

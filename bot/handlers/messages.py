"""Messages that are not commands: text questions, and everything else people send."""

from __future__ import annotations

import logging
import unicodedata

from telegram import Update

from bot.handlers.context import PuenteContext
from bot.handlers.replies import send_menu, send_reply, today
from bot.i18n import _, current_locale
from bot.privacy import scrub
from db import chats
from db.session import DATABASE_ERRORS
from intents import Decision

log = logging.getLogger(__name__)

# No real question is longer; longer text is matched on its start so matching time stays bounded.
MATCH_CHARS = 1000
# What curators may read of an unanswered question.
KEEP_CHARS = 500


def visible_text(text: str) -> str:
    """The text without control and invisible characters (zero-width spaces, bidi marks)."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc":
            kept.append(" ")  # newlines and tabs separate words
        elif category != "Cf":
            kept.append(char)
    return " ".join("".join(kept).split())


async def question(update: Update, context: PuenteContext) -> None:
    """Answer a typed question: the curated answer, "did you mean…?", or "I don't know"."""
    message = update.effective_message
    text = visible_text(message.text or "") if message else ""
    if not any(char.isalnum() for char in text):
        await send_menu(
            update, context, _("Please type your question in words, or choose a topic:")
        )
        return
    reply = context.answerer.answer(text[:MATCH_CHARS], prior_lang=current_locale())
    # The reply (for "I don't know", the hotline) goes out first: it needs no database.
    await send_reply(update, context, reply)
    if reply.kind is Decision.FALLBACK:
        try:
            # Kept for curators with no chat id, no time of day and no identifiers.
            async with context.transaction() as session:
                await chats.record_unanswered(
                    session, reply.lang, scrub(text)[:KEEP_CHARS], today()
                )
        except DATABASE_ERRORS as exc:
            # The person has their answer; losing one note for curators is not worth an apology.
            log.warning("Could not keep an unanswered question: %s", type(exc).__name__)


async def not_text(update: Update, context: PuenteContext) -> None:
    """Answer stickers, photos, voice notes and the like: only typed text can be read."""
    await send_menu(
        update, context, _("I can only read typed text. Type your question, or choose a topic:")
    )

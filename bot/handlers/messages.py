"""Messages that are not commands: text questions, and everything else people send."""

from __future__ import annotations

import logging
import unicodedata

from telegram import Update

from bot.answering import Reply
from bot.handlers.context import PuenteContext
from bot.handlers.replies import chat_of, send_menu, send_reply, today
from bot.i18n import N_, _, current_locale, use_locale
from bot.keyboards import SUGGESTIONS_SHOWN, consent_keyboard, topic_menu
from bot.rendering import escape, render_html
from db import curation
from db.session import DATABASE_ERRORS
from intents import Decision

log = logging.getLogger(__name__)

# No real question is longer; longer text is matched on its start so matching time stays bounded.
MATCH_CHARS = 1000
# What volunteers may read of an unanswered question its asker agreed to keep.
KEEP_CHARS = 500
# Asked under every "I don't know"; bot/handlers/consent.py handles the answer.
ASK_TO_KEEP = N_("Let volunteers see this question, without your name, to improve Puente?")


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
    if reply.small_talk is not None:
        # Hello or thanks, with the topics: nothing was asked, so nothing is offered to keep.
        await send_reply(update, context, reply)
        return
    if reply.kind is Decision.FALLBACK:
        # Nothing is kept unless the person says yes to it (bot/handlers/consent.py), and the
        # hotline needs no database: it goes out even when the database is down.
        await send_fallback(update, context, reply)
        return
    await send_reply(update, context, reply, question=message)
    if reply.kind is Decision.SUGGEST:
        # Counted per intent, so curators see which choices people take and which they ignore.
        shown = [intent.slug for intent in reply.suggestions[:SUGGESTIONS_SHOWN]]
        try:
            async with context.transaction() as session:
                await curation.record_suggestions_offered(session, shown, reply.lang, today())
        except DATABASE_ERRORS as exc:
            # The person has their reply; losing one count for curators is not worth an apology.
            log.warning("Could not count the suggestions offered: %s", type(exc).__name__)


async def send_fallback(update: Update, context: PuenteContext, reply: Reply) -> None:
    """Say "I don't know" with the hotline and topics, and ask whether to keep the question."""
    message = update.effective_message
    assert message is not None, "questions are messages"
    with use_locale(reply.lang):
        *head, last = render_html(reply, reply.lang, hotline=context.settings.hotline_phone)
        text = last + "\n\n" + escape(_(ASK_TO_KEEP))
        keyboard = consent_keyboard(reply.lang, topic_menu(context.answerer.topics()))
    for chunk in head:
        await chat_of(update).send_message(chunk)
    # As a reply: a tap on Yes brings the question back with it (see bot/handlers/consent.py).
    await message.reply_text(text, reply_markup=keyboard, do_quote=True)


async def not_text(update: Update, context: PuenteContext) -> None:
    """Answer stickers, photos, voice notes and the like: only typed text can be read."""
    await send_menu(
        update, context, _("I can only read typed text. Type your question, or choose a topic:")
    )

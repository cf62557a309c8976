"""Inline button taps; the callback data formats are in bot/keyboards.py."""

from __future__ import annotations

import re

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.handlers.context import PuenteContext
from bot.handlers.messages import ASK_TO_KEEP
from bot.handlers.replies import chat_of, send_reply, today
from bot.i18n import _, current_locale, set_locale, use_locale
from bot.keyboards import (
    consent_keyboard,
    has_feedback,
    topic_keyboard,
    topic_menu,
    without_feedback,
)
from bot.rendering import MESSAGE_LIMIT, escape
from db import chats, curation


def _query(update: Update) -> CallbackQuery:
    """The callback query of a button update."""
    query = update.callback_query
    assert query is not None, "button handlers only receive callback queries"
    return query


def _match(context: PuenteContext) -> re.Match[str]:
    """The callback data parsed by the handler's pattern."""
    assert context.match is not None, "these handlers are registered with a pattern"
    return context.match


def _lang(context: PuenteContext) -> str:
    """The language the tapped button was shown in, else the chat's."""
    match = context.match
    lang = match.groupdict().get("lang") if match else None
    return lang or current_locale()


async def _replace_keyboard(
    query: CallbackQuery, markup: InlineKeyboardMarkup | None, text: str | None = None
) -> bool:
    """Swap the tapped message's buttons (and its text, if given); False if Telegram says
    nothing changed."""
    try:
        if text is None:
            await query.edit_message_reply_markup(markup)
        else:
            await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as exc:
        # A double tap edits to the keyboard already shown; that is not an error.
        if "not modified" in exc.message.lower():
            return False
        raise
    return True


async def stale(update: Update, context: PuenteContext) -> None:
    """Answer a button whose data is unknown or whose content is gone, politely."""
    await _query(update).answer(_("This button no longer works. Send /topics to start again."))


async def menu(update: Update, context: PuenteContext) -> None:
    """Show the topic menu in place of the tapped message's buttons."""
    query = _query(update)
    with use_locale(_lang(context)):
        markup = topic_menu(context.answerer.topics())
    await query.answer()
    await _replace_keyboard(query, markup)


async def topic(update: Update, context: PuenteContext) -> None:
    """Show one topic's questions in place of the menu."""
    query, name = _query(update), _match(context).group("topic")
    live = context.answerer.live_topic(name)
    if live is None:
        await stale(update, context)
        return
    with use_locale(_lang(context)) as lang:
        markup = topic_keyboard(context.answerer.intents_in(name))
        label = live.label(lang)
    await query.answer(label)
    await _replace_keyboard(query, markup)


async def answer(update: Update, context: PuenteContext) -> None:
    """Send the answer a button names, as a new message."""
    await _send_answer(update, context, None)


async def _send_answer(update: Update, context: PuenteContext, question: Message | None) -> None:
    """Send the answer a button names, replying to the person's `question` if there is one."""
    match = _match(context)
    reply = context.answerer.reply_for(match.group("slug"), _lang(context), match.group("program"))
    if reply is None:
        await stale(update, context)
        return
    await _query(update).answer()
    await send_reply(update, context, reply, question)


async def choice(update: Update, context: PuenteContext) -> None:
    """A "did you mean" choice: count it for its intent (never for the chat), then answer."""
    match = _match(context)
    if match.group("slug") in context.answerer.intents:
        async with context.transaction() as session:
            await curation.record_suggestion_taken(
                session, match.group("slug"), _lang(context), today()
            )
    # The "did you mean" replied to the person's question: the answer they chose replies to it.
    offer = _query(update).message
    await _send_answer(
        update, context, offer.reply_to_message if isinstance(offer, Message) else None
    )


async def feedback(update: Update, context: PuenteContext) -> None:
    """Count a 👍/👎 once: the vote buttons are edited away before the vote is stored. After a
    👎 on an answer to a typed question, ask whether volunteers may see that question
    (bot/handlers/consent.py keeps it, with the answer's slug, only on "Yes")."""
    query, match = _query(update), _match(context)
    slug, helpful, lang = match.group("slug"), match.group("helpful") == "1", _lang(context)
    message = query.message
    if slug not in context.answerer.intents or not isinstance(message, Message):
        await stale(update, context)
        return
    with use_locale(lang):
        thanks = _("Thank you for your feedback!")
    await query.answer(thanks)
    if not has_feedback(message.reply_markup):
        return  # a slow client's old button: the vote was counted and its row taken away
    offer = None if helpful else _share_offer(message, slug, lang)
    markup, text = offer or (without_feedback(message.reply_markup), None)
    if await _replace_keyboard(query, markup, text):
        async with context.transaction() as session:
            await chats.record_feedback(session, slug, helpful, today(), lang)


def _share_offer(message: Message, slug: str, lang: str) -> tuple[InlineKeyboardMarkup, str] | None:
    """The answer's buttons with "Yes" / "No" to sharing its question in place of 👍 👎, and
    its text with the question asked; None when the answer quotes no typed question (a topic
    browsed), or the offer would not fit in a message or in callback data."""
    question = message.reply_to_message
    if question is None or not question.text or not message.text:
        return None
    with use_locale(lang):
        ask = _(ASK_TO_KEEP)
        keyboard = consent_keyboard(lang, without_feedback(message.reply_markup), slug)
    if keyboard is None or len(message.text) + len(ask) + 2 > MESSAGE_LIMIT:
        return None
    return keyboard, message.text_html + "\n\n" + escape(ask)


async def language(update: Update, context: PuenteContext) -> None:
    """Remember the chosen language and confirm in it."""
    query, lang = _query(update), _match(context).group("lang")
    async with context.transaction() as session:
        await chats.set_language(session, chat_of(update).id, lang)
    set_locale(lang)
    await query.answer()
    await query.edit_message_text(escape(_("Done: I will answer in English from now on.")))

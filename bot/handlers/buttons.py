"""Inline button taps; the callback data formats are in bot/keyboards.py."""

from __future__ import annotations

import re

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.handlers.context import PuenteContext
from bot.handlers.replies import chat_of, send_reply, today
from bot.i18n import _, current_locale, set_locale, use_locale
from bot.keyboards import topic_keyboard, topic_menu, without_feedback
from bot.rendering import escape
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


async def _replace_keyboard(query: CallbackQuery, markup: InlineKeyboardMarkup | None) -> bool:
    """Swap the tapped message's buttons; False if Telegram says nothing changed."""
    try:
        await query.edit_message_reply_markup(markup)
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
    match = _match(context)
    reply = context.answerer.reply_for(match.group("slug"), _lang(context), match.group("program"))
    if reply is None:
        await stale(update, context)
        return
    await _query(update).answer()
    await send_reply(update, context, reply)


async def choice(update: Update, context: PuenteContext) -> None:
    """A "did you mean" choice: count it for its intent (never for the chat), then answer."""
    match = _match(context)
    if match.group("slug") in context.answerer.intents:
        async with context.transaction() as session:
            await curation.record_suggestion_taken(
                session, match.group("slug"), _lang(context), today()
            )
    await answer(update, context)


async def feedback(update: Update, context: PuenteContext) -> None:
    """Count a 👍/👎 once: the vote buttons are edited away before the vote is stored."""
    query, match = _query(update), _match(context)
    slug = match.group("slug")
    message = query.message
    if slug not in context.answerer.intents or not isinstance(message, Message):
        await stale(update, context)
        return
    with use_locale(_lang(context)):
        thanks = _("Thank you for your feedback!")
    await query.answer(thanks)
    if await _replace_keyboard(query, without_feedback(message.reply_markup)):
        async with context.transaction() as session:
            await chats.record_feedback(
                session, slug, match.group("helpful") == "1", today(), _lang(context)
            )


async def language(update: Update, context: PuenteContext) -> None:
    """Remember the chosen language and confirm in it."""
    query, lang = _query(update), _match(context).group("lang")
    async with context.transaction() as session:
        await chats.set_language(session, chat_of(update).id, lang)
    set_locale(lang)
    await query.answer()
    await query.edit_message_text(escape(_("Done: I will answer in English from now on.")))

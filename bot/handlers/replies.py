"""Sending what handlers decided: rendered answers and short messages with a keyboard."""

from __future__ import annotations

from datetime import UTC, date, datetime

from telegram import Chat, InlineKeyboardMarkup, Message, ReplyParameters, Update

from bot.answering import Reply
from bot.handlers.context import PuenteContext
from bot.i18n import use_locale
from bot.keyboards import reply_keyboard, topic_menu
from bot.rendering import Freshness, escape, render_html


def today() -> date:
    """Today's date in UTC: anonymous records keep a day, never a time."""
    return datetime.now(UTC).date()


def chat_of(update: Update) -> Chat:
    """The chat an update came from (every update Puente answers has one)."""
    chat = update.effective_chat
    assert chat is not None, "Puente only answers updates that come from a chat"
    return chat


async def send_reply(
    update: Update, context: PuenteContext, reply: Reply, question: Message | None = None
) -> None:
    """Send a Reply in its own language, split if long, with its buttons on the last part; that
    part replies to the person's `question` when there is one, so a tap on 👎 brings the
    question back with it (bot/handlers/buttons.py, `feedback`) and nothing needs keeping."""
    with use_locale(reply.lang):
        fresh = Freshness.now(context.settings.review_max_age_days)
        chunks = render_html(reply, reply.lang, context.settings.hotline_phone, fresh)
        keyboard = reply_keyboard(reply, context.answerer)
    *head, last = chunks
    chat = chat_of(update)
    for chunk in head:
        await chat.send_message(chunk)
    # Sent even if the person deleted their question meanwhile (a "did you mean" tapped later).
    quoted = (
        None
        if question is None
        else ReplyParameters(question.message_id, allow_sending_without_reply=True)
    )
    await chat.send_message(last, reply_markup=keyboard, reply_parameters=quoted)


async def send_text(
    update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Send a plain (escaped) message to the update's chat."""
    await chat_of(update).send_message(escape(text), reply_markup=keyboard)


async def send_menu(update: Update, context: PuenteContext, text: str) -> None:
    """Send a short message with the topic menu under it."""
    await send_text(update, text, topic_menu(context.answerer.topics()))

"""Ask before keeping a question Puente could not answer, or whose answer its asker marked 👎;
keep it, scrubbed, only on "Yes".

Nothing is held while the person decides. The "I don't know" reply, with the question "Let
volunteers see this question…? Yes / No", is sent as a reply to their message
(bot/handlers/messages.py, `send_fallback`); so is an answer, which asks it after a 👎
(bot/handlers/buttons.py, `feedback`). Telegram hands the replied-to message back with every
tap on its buttons: on "Yes" the question comes back from the chat itself, is scrubbed
(bot/privacy.py) and stored with its language and day only (and, after a 👎, the slug of the
answer it got). On "No", or no answer at all, nothing is ever written anywhere, and no memory,
timer or store holds the question per chat in the meantime; a restart or another replica loses
nothing.
"""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.handlers.context import PuenteContext
from bot.handlers.messages import KEEP_CHARS, visible_text
from bot.handlers.replies import today
from bot.i18n import N_, _, use_locale
from bot.keyboards import CONSENT_DATA, without_buttons
from bot.privacy import scrub
from bot.rendering import escape
from db import chats

KEPT = N_("Thank you: volunteers will see this question, without your name.")
NOT_KEPT = N_("All right: nothing was kept.")
GONE = N_("That question is no longer in this chat, so nothing was kept.")


def _question(query: CallbackQuery) -> str | None:
    """The question the tapped offer replied to, if it is still in the chat."""
    offer = query.message
    if not isinstance(offer, Message) or offer.reply_to_message is None:
        return None
    return offer.reply_to_message.text


async def answer(update: Update, context: PuenteContext) -> None:
    """Keep the question on Yes, nothing on No; the buttons give way to what was done."""
    query, match = update.callback_query, context.match
    assert query is not None and match is not None, "registered for callback data k:…"
    keep, lang, answered = match.group("keep") == "1", match.group("lang"), match.group("answered")
    question = _question(query) if keep else None
    offer = query.message
    if not isinstance(offer, Message):
        await query.answer()
        return  # too old for Telegram to show: nothing to keep or to edit
    with use_locale(lang):
        outcome = _(KEPT) if question else _(GONE) if keep else _(NOT_KEPT)
    text = offer.text_html.rpartition("\n\n")[0] + "\n\n" + escape(outcome)
    markup = without_buttons(offer.reply_markup, CONSENT_DATA)
    try:
        if not question:
            await query.edit_message_text(text, reply_markup=markup)
        else:
            await _keep(context, lang, question, answered, query, text, markup)
    except BadRequest as exc:
        # A second tap finds the offer already answered: its write is rolled back.
        if "not modified" not in exc.message.lower():
            raise
    # Answered last: if anything above fails, the error handler answers the tap instead.
    await query.answer()


async def _keep(
    context: PuenteContext,
    lang: str,
    question: str,
    answered: str | None,
    query: CallbackQuery,
    text: str,
    markup: InlineKeyboardMarkup,
) -> None:
    """Store the scrubbed question and say so; an edit refused as "not modified" rolls back."""
    async with context.transaction() as session:
        kept = scrub(visible_text(question))[:KEEP_CHARS]
        await chats.record_unanswered(session, lang, kept, today(), answered)
        await session.flush()  # a database failure shows before "thank you" is said
        await query.edit_message_text(text, reply_markup=markup)

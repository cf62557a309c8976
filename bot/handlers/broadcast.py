"""Organizer commands in Telegram: the guided /broadcast, Approve on drafts, /digest.

Who is an organizer lives in the database (granted only by `puente organizers add`). To anyone
else these commands answer exactly like a command that does not exist, and their buttons like a
stale button; each refusal is counted per day, with nothing about who or what.
"""

from __future__ import annotations

import logging
import warnings
from datetime import datetime
from typing import Required, TypedDict

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.broadcast_text import BroadcastTextError, check, compose
from bot.handlers.buttons import stale
from bot.handlers.commands import unknown_command
from bot.handlers.context import PuenteContext
from bot.handlers.replies import chat_of, send_text, today
from bot.i18n import _, current_locale, language_called
from bot.rendering import program_title
from db import broadcasts, chats
from db.broadcasts import GENERAL
from intents.languages import languages

log = logging.getLogger(__name__)

TEXT, AUDIENCE, WHEN, CONFIRM = range(4)
# user_data key holding the broadcast being written.
DRAFT_KEY = "broadcast"
CONVERSATION_SECONDS = 900


class Draft(TypedDict, total=False):
    """The broadcast being written, kept in the organizer's user_data until confirmed."""

    texts: Required[dict[str, str]]  # language -> Telegram HTML
    audience: str
    at: str | None  # ISO 8601; None: as soon as confirmed


def _draft(context: PuenteContext) -> Draft:
    """The broadcast being written (the conversation runs in private chats, which have a user)."""
    assert context.user_data is not None
    draft: Draft = context.user_data[DRAFT_KEY]
    return draft


def _drop_draft(context: PuenteContext) -> Draft | None:
    """Take the broadcast being written out of user_data (None when there is none)."""
    assert context.user_data is not None
    draft: Draft | None = context.user_data.pop(DRAFT_KEY, None)
    return draft


async def _organizer(update: Update, context: PuenteContext) -> bool:
    """Whether the update comes from an organizer; counts the refusal when it does not."""
    user = update.effective_user
    async with context.transaction() as session:
        if user is not None and await broadcasts.is_organizer(session, user.id):
            return True
        await broadcasts.count_refusal(session, today())
    return False


# --- /broadcast: a guided conversation ----------------------------------------------------------


async def begin(update: Update, context: PuenteContext) -> int:
    """Start a broadcast (organizers), or answer as for an unknown command."""
    if not await _organizer(update, context):
        await unknown_command(update, context)
        return ConversationHandler.END
    assert context.user_data is not None  # /broadcast is for private chats, which have a user
    context.user_data[DRAFT_KEY] = Draft(texts={})
    await send_text(
        update,
        _(
            "New broadcast. Send the {language} text; bold, italics and links you format in "
            "Telegram are kept. /cancel stops at any step."
        ).format(language=language_called(languages()[0])),
    )
    return TEXT


async def _text_step(update: Update, context: PuenteContext, lang: str) -> bool:
    """Keep one language's text if Telegram would accept it; say why not otherwise."""
    text = update.effective_message.text_html if update.effective_message else ""
    try:
        check(text, lang)
    except BroadcastTextError as exc:
        await send_text(update, _("Telegram would refuse this text: {reason}").format(reason=exc))
        return False
    _draft(context)["texts"][lang] = text
    return True


async def text_in_language(update: Update, context: PuenteContext) -> int:
    """Take the text of the next language; ask for the one after, or who gets it."""
    texts = _draft(context)["texts"]
    waiting = [lang for lang in languages() if lang not in texts]
    if not await _text_step(update, context, waiting[0]):
        return TEXT
    if waiting[1:]:
        language = language_called(waiting[1])
        await send_text(update, _("Now send the {language} text.").format(language=language))
        return TEXT
    rows = [[InlineKeyboardButton(_("General updates"), callback_data=f"bc:a:{GENERAL}")]]
    lang = current_locale()
    rows += [
        [InlineKeyboardButton(t.label(lang), callback_data=f"bc:a:{t.slug}")]
        for t in context.answerer.rules.topics
    ]
    rows += [
        [InlineKeyboardButton(program_title(p, lang), callback_data=f"bc:a:{slug}")]
        for slug, p in context.answerer.programs.items()
    ]
    await send_text(update, _("Who should get it?"), InlineKeyboardMarkup(rows))
    return AUDIENCE


async def audience(update: Update, context: PuenteContext) -> int:
    """Take the audience, ask when."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _draft(context)["audience"] = query.data.removeprefix("bc:a:")
    await query.answer()
    now = InlineKeyboardMarkup([[InlineKeyboardButton(_("Now"), callback_data="bc:now")]])
    await send_text(
        update,
        _("When? Tap Now, or send a time with its zone, e.g. 2026-12-01T09:00-08:00."),
        now,
    )
    return WHEN


async def when_now(update: Update, context: PuenteContext) -> int:
    """Send as soon as confirmed."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    _draft(context)["at"] = None
    return await _preview(update, context)


async def when_at(update: Update, context: PuenteContext) -> int:
    """Take a time in ISO 8601 with its zone."""
    typed = (update.effective_message.text or "").strip() if update.effective_message else ""
    try:
        at = datetime.fromisoformat(typed)
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        await send_text(update, _("Please send a time with its zone, e.g. 2026-12-01T09:00-08:00."))
        return WHEN
    _draft(context)["at"] = at.isoformat()
    return await _preview(update, context)


async def _preview(update: Update, context: PuenteContext) -> int:
    """Show each language exactly as subscribers will see it, the counts, Confirm / Cancel."""
    draft = _draft(context)
    chat = chat_of(update)
    for lang in languages():
        await chat.send_message(compose(draft["texts"][lang], lang))
    async with context.transaction() as session:
        counts = await broadcasts.recipient_counts(session, [draft["audience"]])
    per_language = ", ".join(
        _("{count} in {language}").format(count=counts.get(lang, 0), language=language_called(lang))
        for lang in languages()
    )
    summary = _("Recipients now: {counts}. Send: {when}.").format(
        counts=per_language, when=draft["at"] or _("now")
    )
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("✅ " + _("Confirm"), callback_data="bc:ok"),
                InlineKeyboardButton("✖ " + _("Cancel"), callback_data="bc:no"),
            ]
        ]
    )
    await send_text(update, summary, buttons)
    return CONFIRM


async def confirm(update: Update, context: PuenteContext) -> int:
    """Queue the broadcast (nothing was stored before this) and wake the sender."""
    query = update.callback_query
    assert query is not None
    draft = _drop_draft(context)
    await query.answer()
    if draft is None:
        return ConversationHandler.END
    at = datetime.fromisoformat(draft["at"]) if draft["at"] else context.bot_data.clock()
    async with context.transaction() as session:
        row = await broadcasts.create(
            session,
            kind="manual",
            audiences=[draft["audience"]],
            texts=draft["texts"],
            send_at=at,
        )
    context.bot_data.sender.wake()
    await query.edit_message_text(_("Queued: broadcast #{id}.").format(id=row.id))
    return ConversationHandler.END


async def cancel(update: Update, context: PuenteContext) -> int:
    """Drop the broadcast being written; nothing was stored."""
    _drop_draft(context)
    if update.callback_query is not None:
        await update.callback_query.answer()
    await send_text(update, _("Cancelled: nothing was sent."))
    return ConversationHandler.END


# --- approving drafts and the daily note ------------------------------------------------------


async def approve(update: Update, context: PuenteContext) -> None:
    """Approve a drafted program update (organizers); a stale button for anyone else."""
    query = update.callback_query
    assert query is not None and context.match is not None
    if not await _organizer(update, context):
        await stale(update, context)
        return
    async with context.transaction() as session:
        row = await broadcasts.approve(
            session, int(context.match.group("id")), context.bot_data.clock()
        )
    await query.answer()
    if row is None:
        await send_text(update, _("That update was already approved or cancelled."))
        return
    context.bot_data.sender.wake()
    await send_text(update, _("Approved: broadcast #{id} goes out now.").format(id=row.id))


async def digest(update: Update, context: PuenteContext) -> None:
    """Turn the organizer's daily note on or off."""
    if not await _organizer(update, context):
        await unknown_command(update, context)
        return
    user_id = chat_of(update).id
    async with context.transaction() as session:
        wanted = not await broadcasts.wants_digest(session, user_id)
        await broadcasts.set_digest(session, user_id, wanted)
        # The note is sent to this chat in its language, so the chat must be known.
        await chats.set_language(session, user_id, current_locale())
    if wanted:
        await send_text(update, _("Daily note on: every day at 09:00 Los Angeles time."))
    else:
        await send_text(update, _("Daily note off."))


def organizer_handlers() -> list[BaseHandler[Update, PuenteContext, object]]:
    """The organizer handlers, in the order the factory registers them."""
    text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    with warnings.catch_warnings():
        # PTB warns that button steps are tracked per chat, not per message: that is intended.
        warnings.simplefilter("ignore", PTBUserWarning)
        conversation = ConversationHandler(
            entry_points=[CommandHandler("broadcast", begin, filters=filters.ChatType.PRIVATE)],
            states={
                TEXT: [MessageHandler(text, text_in_language)],
                AUDIENCE: [CallbackQueryHandler(audience, pattern=r"^bc:a:[a-z0-9-]+$")],
                WHEN: [
                    CallbackQueryHandler(when_now, pattern=r"^bc:now$"),
                    MessageHandler(text, when_at),
                ],
                CONFIRM: [
                    CallbackQueryHandler(confirm, pattern=r"^bc:ok$"),
                    CallbackQueryHandler(cancel, pattern=r"^bc:no$"),
                ],
            },
            fallbacks=[CommandHandler("cancel", cancel)],
            conversation_timeout=CONVERSATION_SECONDS,
            name="broadcast",
        )
    return [
        conversation,
        CommandHandler("digest", digest, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(approve, pattern=r"^bc:approve:(?P<id>\d{1,12})$"),
    ]

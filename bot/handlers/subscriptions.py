"""Subscribing: /subscribe [SLUG], /unsubscribe [SLUG], the menu's toggles, and "Remind me"
under a program's status. Typing /subscribe is consent to general updates, so it subscribes at
once and then offers the menu to narrow or add topics and programs."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.handlers.buttons import _query, _replace_keyboard, stale
from bot.handlers.context import PuenteContext
from bot.handlers.replies import chat_of, send_text
from bot.i18n import _, current_locale
from bot.keyboards import subscribe_keyboard
from bot.rendering import program_title
from db import chats
from db.broadcasts import GENERAL
from db.chats import ALL_TOPICS


def choices(context: PuenteContext) -> dict[str, str]:
    """Everything a chat can subscribe to (slug → label in the current locale)."""
    lang = current_locale()
    labels = {GENERAL: _("General updates"), ALL_TOPICS: _("Everything")}
    labels.update((topic.slug, topic.label(lang)) for topic in context.answerer.rules.topics)
    labels.update(
        (slug, program_title(program, lang)) for slug, program in context.answerer.programs.items()
    )
    return labels


def menu(context: PuenteContext, chosen: set[str]) -> InlineKeyboardMarkup:
    """The subscription menu with the chat's choices ticked."""
    answerer = context.answerer
    return subscribe_keyboard(answerer.rules.topics, chosen, answerer.programs.values())


async def _remember(context: PuenteContext, chat_id: int, slug: str) -> bool:
    """Subscribe in the current language (broadcasts use it); False if already subscribed."""
    async with context.transaction() as session:
        return await chats.subscribe(session, chat_id, slug, current_locale())


async def subscribe(update: Update, context: PuenteContext) -> None:
    """/subscribe: general updates now, then the menu; /subscribe SLUG: that topic or program."""
    chat_id = chat_of(update).id
    labels = choices(context)
    slug = context.args[0].lower() if context.args else GENERAL
    if slug not in labels:
        await send_text(
            update,
            _("There is no topic called “{name}”. Send /subscribe to see them all.").format(
                name=slug[:40]
            ),
        )
        return
    await _remember(context, chat_id, slug)
    async with context.transaction() as session:
        chosen = await chats.subscriptions(session, chat_id)
    text = _(
        "Subscribed to {choice}. Tap below to add topics or programs, or tap a ticked one to "
        "stop. To send updates, Puente stores your chat ID, your language and your choices; "
        "/forget deletes them."
    ).format(choice=labels[slug])
    await send_text(update, text, menu(context, chosen))


async def unsubscribe(update: Update, context: PuenteContext) -> None:
    """/unsubscribe: stop everything; /unsubscribe SLUG: stop one topic or program."""
    chat_id = chat_of(update).id
    if context.args:
        slug = context.args[0].lower()
        async with context.transaction() as session:
            removed = await chats.unsubscribe(session, chat_id, slug)
        label = choices(context).get(slug, slug[:40])
        if removed:
            await send_text(update, _("Done: no more updates about {choice}.").format(choice=label))
        else:
            await send_text(update, _("You were not subscribed to {choice}.").format(choice=label))
        return
    async with context.transaction() as session:
        removed_all = await chats.unsubscribe_all(session, chat_id)
    if removed_all:
        await send_text(
            update, _("Done: you will get no more updates. Send /subscribe to choose again.")
        )
    else:
        await send_text(update, _("You are not subscribed to any updates."))


async def toggle(update: Update, context: PuenteContext) -> None:
    """A tap in the menu: subscribe, or unsubscribe if already subscribed; update the ticks."""
    query, slug = _query(update), context.match.group("topic") if context.match else ""
    if slug not in choices(context):
        await stale(update, context)
        return
    chat_id = chat_of(update).id
    async with context.transaction() as session:
        subscribed = await chats.toggle_subscription(session, chat_id, slug, current_locale())
        chosen = await chats.subscriptions(session, chat_id)
    await query.answer(_("Subscribed.") if subscribed else _("Unsubscribed."))
    await _replace_keyboard(query, menu(context, chosen))


async def remind(update: Update, context: PuenteContext) -> None:
    """ "Remind me" under a program's status: subscribe to that program (never unsubscribes)."""
    query, slug = _query(update), context.match.group("slug") if context.match else ""
    program = context.answerer.programs.get(slug)
    if program is None:
        await stale(update, context)
        return
    await _remember(context, chat_of(update).id, slug)
    title = program_title(program, current_locale())
    await query.answer(
        _("Done: you will get deadline reminders and changes for {program}.").format(program=title)
    )

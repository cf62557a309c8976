"""Slash commands: /start (and its deep links), /help, /topics, /language, /privacy, /forget,
and a reply to commands the bot does not know (/subscribe: bot/handlers/subscriptions.py)."""

from __future__ import annotations

import re

from telegram import BotCommand, Update

from bot.handlers.context import PuenteContext
from bot.handlers.replies import chat_of, send_menu, send_reply, send_text
from bot.i18n import N_, _, current_locale, translate
from bot.keyboards import language_keyboard, topic_keyboard, topic_menu
from bot.rendering import bold, escape
from db import chats
from db.broadcasts import DELIVERIES_KEPT

# The command menu, in the order Telegram shows it; descriptions are translated per language.
COMMANDS = (
    ("topics", N_("Browse answers by topic")),
    ("language", N_("Change the language")),
    ("subscribe", N_("Get updates on a topic")),
    ("unsubscribe", N_("Stop all updates")),
    ("privacy", N_("What is stored about you")),
    ("forget", N_("Delete everything stored about you")),
    ("help", N_("How to use Puente")),
    ("start", N_("Start again")),
)

# What Telegram shows in an empty chat ("What can this bot do?") and on the bot's profile.
DESCRIPTION = N_(
    "Puente answers questions about immigration in Los Angeles, in English and Spanish: local "
    "protections, your rights, TPS and DACA, and where to find help. Every answer shows its "
    "source and when it was last checked. This is information, not legal advice."
)
SHORT_DESCRIPTION = N_("Immigration questions in Los Angeles, answered in English and Spanish.")

# Telegram's alphabet for /start payloads: t.me/<bot>?start=ice-at-door, ?start=topic-programs.
DEEP_LINK = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
TOPIC_LINK_PREFIX = "topic-"


def command_menu(lang: str) -> list[BotCommand]:
    """The command menu in one language, for set_my_commands."""
    return [BotCommand(name, translate(lang, description)) for name, description in COMMANDS]


async def _open_deep_link(update: Update, context: PuenteContext, payload: str) -> bool:
    """Open the topic or intent a /start payload names; False if it names nothing live."""
    if not DEEP_LINK.match(payload):
        return False
    payload = payload.lower()
    answerer = context.answerer
    topic = payload.removeprefix(TOPIC_LINK_PREFIX)
    live = answerer.live_topic(topic) if payload.startswith(TOPIC_LINK_PREFIX) else None
    if live is not None:
        heading = bold(live.label(current_locale())) + "\n" + escape(_("Choose a question:"))
        markup = topic_keyboard(answerer.intents_in(topic))
        await chat_of(update).send_message(heading, reply_markup=markup)
        return True
    reply = answerer.reply_for(payload, current_locale())
    if reply is None:
        return False
    await send_reply(update, context, reply)
    return True


async def start(update: Update, context: PuenteContext) -> None:
    """Greet, say what Puente answers and that it is not legal advice, offer the topics."""
    if context.args and await _open_deep_link(update, context, context.args[0]):
        return
    user = update.effective_user
    hello = _("Hello, {name}!").format(name=user.first_name) if user else _("Hello!")
    text = "\n\n".join(
        [
            bold(hello),
            escape(_(DESCRIPTION)),
            escape(_("Type your question in your own words, or choose a topic below.")),
        ]
    )
    await chat_of(update).send_message(text, reply_markup=topic_menu(context.answerer.topics()))


async def help_command(update: Update, context: PuenteContext) -> None:
    """Explain how to ask, and list the commands."""
    commands = "\n".join(f"/{name} — {escape(_(description))}" for name, description in COMMANDS)
    text = "\n\n".join(
        [
            bold(_("How to use Puente")),
            escape(
                _(
                    "Type a question in English or Spanish, for example: "
                    "“Do I have to open the door to ICE?”"
                )
            ),
            escape(
                _(
                    "I answer with information checked by volunteers, with its source and the date "
                    "it was last reviewed. When I am not sure, I say so and tell you where to get "
                    "help."
                )
            ),
            commands,
        ]
    )
    await chat_of(update).send_message(text)


async def topics(update: Update, context: PuenteContext) -> None:
    """Show the topic menu."""
    await send_menu(update, context, _("Choose a topic:"))


async def language(update: Update, context: PuenteContext) -> None:
    """Offer every language."""
    await send_text(update, _("Choose your language:"), language_keyboard())


# What /privacy says, in plain words; docs/privacy.md has the details for operators.
PRIVACY_KEPT = N_(
    "When Puente cannot answer, or you mark an answer 👎, it asks whether volunteers may see "
    "your question. Only if you tap Yes is it kept: without your name, phone numbers, addresses "
    "or other identifiers, and with no link to you (after a 👎, with the answer it got). 👍/👎 "
    "votes are counted per answer, with no link to you."
)
PRIVACY_DELIVERIES = N_(
    "for each update sent to you, your chat ID and whether it arrived (not the message), "
    "deleted {days} days after the update went out, or at once by /forget."
)
PRIVACY_ORGANIZERS = N_(
    "Organizers who send updates are stored by their Telegram user ID, with the updates they "
    "write. When someone else tries an organizer command, only the day and a count are kept."
)
PRIVACY_TELEGRAM = N_(
    "Telegram itself carries every message you send to Puente and can see it (chats with bots "
    "are not end-to-end encrypted), and it knows your phone number and IP address. Telegram's "
    "privacy policy says it may give your IP address and phone number to the authorities when "
    "a court orders it."
)


async def privacy(update: Update, context: PuenteContext) -> None:
    """Say what is stored, what is not, what Telegram sees, and how to delete it."""
    lines = [
        bold(_("Your privacy")),
        escape(_("Puente stores only:")),
        "• " + escape(_("your chat ID and your language, if you chose one or subscribed;")),
        "• " + escape(_("the topics you subscribed to;")),
        "• " + escape(_(PRIVACY_DELIVERIES).format(days=DELIVERIES_KEPT.days)),
        "",
        escape(_("Your messages are never stored with your chat ID and never written to logs.")),
        escape(_(PRIVACY_KEPT)),
        escape(_(PRIVACY_ORGANIZERS)),
        escape(
            _(
                "Unanswered questions are deleted after {days} days. Which suggested answers "
                "people choose is counted per answer, never per person."
            ).format(days=context.settings.unanswered_retention_days)
        ),
        "",
        escape(_(PRIVACY_TELEGRAM)),
        "",
        escape(_("Send /forget to delete everything stored about you at once.")),
    ]
    await chat_of(update).send_message("\n".join(lines))


async def forget(update: Update, context: PuenteContext) -> None:
    """Delete everything stored about the chat at once, and confirm."""
    async with context.transaction() as session:
        existed = await chats.forget(session, chat_of(update).id)
    await chats.erase_traces(context.bot_data.engine)
    if existed:
        text = _(
            "Done: everything stored about this chat (language, subscriptions and which updates "
            "reached it) is deleted. "
            "Feedback and unanswered questions are never linked to you, so nothing else remains."
        )
    else:
        text = _("Nothing was stored about this chat, so there is nothing to delete.")
    await send_text(update, text)


async def unknown_command(update: Update, context: PuenteContext) -> None:
    """Answer a command the bot does not have."""
    await send_text(update, _("I do not know that command. Send /help to see what I can do."))

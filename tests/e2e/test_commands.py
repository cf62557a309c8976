"""Commands end to end: /start (and its deep links), /help, /privacy, unknown commands, menus."""

from __future__ import annotations

import pytest

from bot.handlers import commands
from bot.handlers.commands import DESCRIPTION
from tests.contentkit import RULES
from tests.e2e.conftest import SQLITE_ONLY, BotHarness, text_in

# What commands say and register is the same whatever the database (the
# database-facing commands, /forget and /subscribe, are tested on each backend elsewhere).
pytestmark = SQLITE_ONLY

CHAT = 501
FIXTURE_TOPICS = set(RULES.topic_slugs())  # the fixture content has answers in every topic
COMMANDS = {"start", "help", "topics", "language", "subscribe", "unsubscribe", "privacy", "forget"}


@pytest.mark.parametrize(
    ("language_code", "lang"),
    [("en", "en"), ("es", "es"), ("es-MX", "es"), ("en-GB", "en"), ("fr", "en"), (None, "en")],
)
async def test_start_greets_in_the_users_language_with_the_topic_menu(
    bot: BotHarness, language_code: str | None, lang: str
) -> None:
    reply = await bot.command(CHAT, "start", lang=language_code)

    assert reply.plain.startswith(text_in(lang, "Hello, {name}!", name="Ana"))
    assert text_in(lang, DESCRIPTION) in reply.plain  # says it is not legal advice
    assert ("not legal advice" if lang == "en" else "no asesoría legal") in reply.plain
    topics = {b["callback_data"] for b in reply.buttons}
    assert topics == {f"t:{topic}:{lang}" for topic in FIXTURE_TOPICS}


async def test_start_speaks_spanish_labels_on_the_spanish_menu(bot: BotHarness) -> None:
    english = await bot.command(CHAT, "start", lang="en")
    spanish = await bot.command(CHAT + 1, "start", lang="es")

    assert {b["text"] for b in english.buttons}.isdisjoint(b["text"] for b in spanish.buttons)


async def test_start_with_an_intent_payload_opens_that_answer(bot: BotHarness) -> None:
    reply = await bot.command(CHAT, "start", "ice-at-door", lang="es")

    assert reply.plain.startswith("No. No abra la puerta")
    assert "f:1:ice-at-door:es" in {b["callback_data"] for b in reply.buttons}


async def test_start_with_a_topic_payload_lists_that_topics_questions(bot: BotHarness) -> None:
    reply = await bot.command(CHAT, "start", "topic-programs")

    assert reply.plain.startswith(RULES.topic_label("programs", "en"))
    assert {b["callback_data"] for b in reply.buttons} == {"a:tps-status:en", "a:daca:en", "m:en"}


@pytest.mark.parametrize("payload", ["no-such-intent", "topic-cooking", "<b>x</b>", "x" * 80])
async def test_start_with_an_unknown_payload_greets_as_usual(bot: BotHarness, payload: str) -> None:
    reply = await bot.command(CHAT, "start", payload)

    assert reply.plain.startswith("Hello, Ana!")
    assert len(reply.buttons) == len(FIXTURE_TOPICS)


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_help_explains_how_to_ask_and_lists_every_command(bot: BotHarness, lang: str) -> None:
    reply = await bot.command(CHAT, "help", lang=lang)

    assert reply.plain.startswith(text_in(lang, "How to use Puente"))
    assert {f"/{name}" for name in COMMANDS} <= set(reply.plain.split())


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_privacy_says_what_is_stored_and_how_to_delete_it(bot: BotHarness, lang: str) -> None:
    reply = await bot.command(CHAT, "privacy", lang=lang)

    assert reply.plain.startswith(text_in(lang, "Your privacy"))
    assert text_in(lang, "Send /forget to delete everything stored about you at once.") in (
        reply.plain
    )
    # Consent before keeping a question, and what Telegram itself sees and may disclose.
    assert text_in(lang, commands.PRIVACY_KEPT) in reply.plain
    assert text_in(lang, commands.PRIVACY_TELEGRAM) in reply.plain
    assert ("court" if lang == "en" else "tribunal") in reply.plain
    # Broadcasts: which reached the chat (kept 30 days, /forget), organizers and refusals.
    lines = reply.plain.split("\n")
    assert "• " + text_in(lang, commands.PRIVACY_DELIVERIES, days="30") in lines
    assert text_in(lang, commands.PRIVACY_ORGANIZERS) in lines


async def test_command_menus_are_registered_in_english_and_spanish(bot: BotHarness) -> None:
    assert set(bot.api.commands_for()) == COMMANDS
    assert bot.api.commands_for("es") == bot.api.commands_for()
    english = {c["command"]: c["description"] for c in bot.api.commands[("default", "")]}
    spanish = {c["command"]: c["description"] for c in bot.api.commands[("default", "es")]}
    assert all(english[name] != spanish[name] for name in COMMANDS)


async def test_every_command_in_the_menu_has_a_handler(bot: BotHarness) -> None:
    unknown = text_in("en", "I do not know that command. Send /help to see what I can do.")
    for number, name in enumerate(sorted(COMMANDS)):
        reply = await bot.command(CHAT + number, name)
        assert reply.plain != unknown, name


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_an_unknown_command_points_to_help(bot: BotHarness, lang: str) -> None:
    reply = await bot.command(CHAT, "weather", "tomorrow", lang=lang)

    assert reply.plain == text_in(
        lang, "I do not know that command. Send /help to see what I can do."
    )


async def test_a_command_addressed_to_the_bot_by_name_works(bot: BotHarness) -> None:
    reply = await bot.say(CHAT, "/help@puente_test_bot")

    assert reply.plain.startswith("How to use Puente")

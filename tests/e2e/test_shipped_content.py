"""The key flows on the content Puente ships (db/seed/), through the real bot."""

from __future__ import annotations

import html

import pytest

from bot.handlers.replies import today
from bot.rendering import format_day
from bot.settings import Settings
from db.content import load_content
from intents.languages import languages
from tests.e2e.conftest import HOTLINE, BotHarness, text_in

CHAT = 1201
STALE = (
    "⚠️ Last checked on {date} ({days} days ago), so this may have changed. Check the latest: {link}"
)
PACK = load_content()
INTENTS = {intent.slug: intent for intent in PACK.intents}
PROGRAMS = {program.slug: program for program in PACK.programs}


def first_line(slug: str, lang: str) -> str:
    """The first line of a shipped answer, as the person reads it."""
    return INTENTS[slug].block(lang).answer.strip().splitlines()[0].strip()


@pytest.mark.parametrize("telegram_lang", ["es", "en"])
async def test_migra_at_the_door_gets_the_spanish_door_answer(
    shipped_bot: BotHarness, telegram_lang: str
) -> None:
    reply = await shipped_bot.say(CHAT, "que hago si la migra toca mi puerta", lang=telegram_lang)

    assert reply.plain.startswith(first_line("ice-at-door", "es"))
    assert text_in("es", "Sources:") in reply.plain
    reviewed = INTENTS["ice-at-door"].reviewed_in("es")
    shown = format_day(reviewed, "es")
    assert text_in("es", "Last reviewed: {date}", date=shown) in reply.plain
    # An answer older than the allowed age says so, with its official page to check now.
    age = (today() - reviewed).days
    official = INTENTS["ice-at-door"].sources[0].title
    stale = text_in("es", STALE, date=shown, days=str(age), link=official)
    assert (stale in reply.plain.split("\n")) is (age > Settings().review_max_age_days)
    assert HOTLINE in reply.plain
    assert "f:1:ice-at-door:es" in {b["callback_data"] for b in reply.buttons}


async def test_ice_at_the_door_in_english_gets_the_english_answer(
    shipped_bot: BotHarness,
) -> None:
    reply = await shipped_bot.say(CHAT, "ICE is knocking on my door, do I have to open?")

    assert reply.plain.startswith(first_line("ice-at-door", "en"))
    related = [b["callback_data"] for b in reply.buttons if b["callback_data"].startswith("a:")]
    assert related == [f"a:{slug}:en" for slug in INTENTS["ice-at-door"].related]


@pytest.mark.parametrize(("question", "lang"), [("tps honduras", "en"), ("tps honduras", "es")])
async def test_tps_honduras_shows_the_shipped_status(
    shipped_bot: BotHarness, question: str, lang: str
) -> None:
    program = PROGRAMS["tps-honduras"]

    reply = await shipped_bot.say(CHAT, question, lang=lang)

    assert f"TPS {program.names[lang]}" in reply.plain
    assert PACK.rules is not None
    assert PACK.rules.status_label(program.status, lang) in reply.plain
    assert program.summary[lang].split(".")[0] in reply.plain
    assert f'href="{html.escape(program.source.url)}"' in reply.text


async def test_an_unrelated_question_gets_the_hotline_not_a_guess(
    shipped_bot: BotHarness,
) -> None:
    reply = await shipped_bot.say(CHAT, "what is the best recipe for tamales")

    assert reply.plain.startswith(
        text_in("en", "Sorry, I don't know the answer to that, and I don't want to guess.")
    )
    assert HOTLINE in reply.plain


async def test_the_topic_menu_offers_every_shipped_topic(shipped_bot: BotHarness) -> None:
    menu = await shipped_bot.command(CHAT, "topics", lang="es")

    assert {b["callback_data"] for b in menu.buttons} == {
        f"t:{topic}:es" for topic in {intent.topic for intent in PACK.intents}
    }


@pytest.mark.parametrize("lang", languages())
async def test_every_shipped_answer_opens_by_deep_link_and_telegram_accepts_it(
    shipped_bot: BotHarness, lang: str
) -> None:
    for number, slug in enumerate(sorted(INTENTS)):
        chat_id = CHAT + number
        reply = await shipped_bot.command(chat_id, "start", slug, lang=lang)
        assert reply.plain.startswith(first_line(slug, lang)), slug


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("is Austin a sanctuary city?", "en"),
        ("¿Nueva York es una ciudad santuario?", "es"),
        ("is Santa Ana a sanctuary city?", "en"),
    ],
)
async def test_a_question_about_another_place_is_told_the_local_answers_are_for_la(
    shipped_bot: BotHarness, question: str, lang: str
) -> None:
    reply = await shipped_bot.say(CHAT, question, lang=lang)

    note = "Puente's answers on city and state rules are for Los Angeles and California only."
    assert reply.plain.split("\n") == [
        text_in(lang, note),
        text_in(lang, "I'm not sure I understood. Did you mean one of these?"),
    ]
    assert f"d:sanctuary-ordinance:{lang}" in {b["callback_data"] for b in reply.buttons}

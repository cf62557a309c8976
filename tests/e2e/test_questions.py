"""Typed questions end to end: answers, languages, program status, "did you mean", "I don't
know", feedback and the language preference."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.handlers.messages import ASK_TO_KEEP
from db.models import Chat, Feedback, UnansweredQuestion
from tests.e2e.conftest import HOTLINE, BotHarness, text_in
from tests.fakebotapi import Call

CHAT = 601
FIXTURE_TOPIC_BUTTONS = 6
FALLBACK_QUESTION = "how do i make tamales"


def data_of(buttons: list[dict[str, str]]) -> list[str]:
    """The callback data of buttons, in order."""
    return [b["callback_data"] for b in buttons]


async def test_an_english_question_gets_the_answer_with_source_date_and_buttons(
    bot: BotHarness,
) -> None:
    reply = await bot.say(CHAT, "ice at my door what do i do")

    first_line = "No. Do not open the door unless agents show a warrant signed by a judge."
    assert reply.text.startswith(f"<b>{first_line}</b>")
    # The fixture answer and source title carry & and <…>: shown literally, never as markup.
    assert "Keep the door closed & talk through it <fixture answer>." in reply.plain
    assert "Source: ILRC — Know your rights & red cards <fixture>" in reply.plain
    assert 'href="https://www.ilrc.org/red-cards-tarjetas-rojas?a=1&amp;b=2"' in reply.text
    assert "Last reviewed: April 1, 2026" in reply.plain
    assert "This is information, not legal advice." in reply.plain
    assert data_of(reply.buttons) == [
        "a:rights-when-stopped:en",
        "a:legal-help:en",
        "f:1:ice-at-door:en",
        "f:0:ice-at-door:en",
    ]


async def test_a_spanish_question_gets_the_spanish_answer_and_its_own_review_date(
    bot: BotHarness,
) -> None:
    # Telegram says English, but the question is clearly Spanish: the answer follows the question.
    reply = await bot.say(CHAT, "la migra en mi puerta que hago", lang="en")

    assert reply.plain.startswith("No. No abra la puerta a menos que")
    assert text_in("es", "Source: {link}", link="ILRC") in reply.plain
    assert text_in("es", "Last reviewed: {date}", date="15 de marzo de 2026") in reply.plain
    assert text_in("es", "This is information, not legal advice.") in reply.plain
    assert data_of(reply.buttons)[-1] == "f:0:ice-at-door:es"


async def test_an_english_question_from_a_spanish_telegram_is_answered_in_english(
    bot: BotHarness,
) -> None:
    reply = await bot.say(CHAT, "Where can I find a free immigration lawyer?", lang="es")

    assert reply.plain.startswith("Look for a lawyer or an accredited representative.")
    assert "Sources:" in reply.plain
    assert "a:ice-at-door:en" in data_of(reply.buttons)


async def test_a_related_button_opens_that_answer_in_the_same_language(bot: BotHarness) -> None:
    answer = await bot.say(CHAT, "la migra en mi puerta que hago", lang="es")

    related = await bot.press(CHAT, answer, data="a:rights-when-stopped:es")

    assert related.method == "sendMessage"
    assert related.plain.startswith("Usted tiene derecho a guardar silencio.")


@pytest.mark.parametrize(
    ("question", "lang", "status", "as_of"),
    [
        ("tps honduras", "en", "Status: Terminated", "Status as of April 1, 2026"),
        ("what about tps for catrachos", "en", "Status: Terminated", "April 1, 2026"),
        ("tps para hondureños", "es", "Estado: Terminado", "1 de abril de 2026"),
    ],
)
async def test_a_program_question_shows_its_status_as_of_its_review(
    bot: BotHarness, question: str, lang: str, status: str, as_of: str
) -> None:
    reply = await bot.say(CHAT, question, lang=lang)

    assert "TPS Honduras" in reply.plain
    assert status in reply.plain
    assert as_of in reply.plain
    summary = "Fixture summary for Honduras" if lang == "en" else "Resumen de prueba para Honduras"
    assert summary in reply.plain
    assert 'href="https://www.uscis.gov/tps?country=honduras&amp;lang=en"' in reply.text


@pytest.mark.parametrize(
    ("question", "lang"), [("police school friday", "en"), ("policia escuela viernes", "es")]
)
async def test_an_unclear_question_offers_at_most_three_close_answers(
    bot: BotHarness, question: str, lang: str
) -> None:
    reply = await bot.say(CHAT, question, lang=lang)

    assert reply.plain == text_in(lang, "I'm not sure I understood. Did you mean one of these?")
    offered = [d for d in data_of(reply.buttons) if d.startswith("d:")]
    assert 1 <= len(offered) <= 3
    assert set(offered) <= {f"d:police-and-immigration:{lang}", f"d:schools:{lang}"}
    assert data_of(reply.buttons)[-1] == f"m:{lang}"

    chosen = await bot.press(CHAT, reply, data=f"d:schools:{lang}")
    expected = "Children can go to public school" if lang == "en" else "Los niños pueden ir"
    assert chosen.plain.startswith(expected)


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_an_unknown_question_says_so_offers_topics_and_the_hotline(
    bot: BotHarness, lang: str
) -> None:
    question = FALLBACK_QUESTION if lang == "en" else "como hago tamales de elote"
    reply = await bot.say(CHAT, question, lang=lang)

    assert reply.plain.startswith(
        text_in(lang, "Sorry, I don't know the answer to that, and I don't want to guess.")
    )
    assert HOTLINE in reply.plain
    assert reply.plain.endswith(text_in(lang, ASK_TO_KEEP))
    consent, *topics = data_of(reply.buttons)[:2], *data_of(reply.buttons)[2:]
    assert consent == [f"k:1:{lang}", f"k:0:{lang}"]
    assert len(topics) == FIXTURE_TOPIC_BUTTONS
    assert all(d.startswith("t:") and d.endswith(f":{lang}") for d in topics)


@pytest.mark.parametrize(
    ("message", "lang", "first", "then"),
    [
        ("hola", "es", "Hello!", "Type your question in your own words, or choose a topic below."),
        (
            "Hi there!",
            "en",
            "Hello!",
            "Type your question in your own words, or choose a topic below.",
        ),
        (
            "muchas gracias!!",
            "es",
            "You're welcome. If you have another question, type it here, or choose a topic below.",
            None,
        ),
        (
            "ok thanks",
            "en",
            "You're welcome. If you have another question, type it here, or choose a topic below.",
            None,
        ),
    ],
)
async def test_a_greeting_or_thanks_is_answered_in_kind_with_the_topics_and_nothing_kept(
    bot: BotHarness, message: str, lang: str, first: str, then: str | None
) -> None:
    reply = await bot.say(CHAT, message, lang="en")

    assert reply.plain.startswith(text_in(lang, first))
    if then is not None:
        assert reply.plain.endswith(text_in(lang, then))
    # Not "I don't know", and nothing to keep: no hotline, no consent question, only the topics.
    assert HOTLINE not in reply.plain
    assert text_in(lang, ASK_TO_KEEP) not in reply.plain
    topics = data_of(reply.buttons)
    assert len(topics) == FIXTURE_TOPIC_BUTTONS
    assert all(d.startswith("t:") and d.endswith(f":{lang}") for d in topics)
    assert await bot.rows(select(UnansweredQuestion)) == []


async def test_a_question_after_a_greeting_is_still_answered(bot: BotHarness) -> None:
    reply = await bot.say(CHAT, "hola, la migra en mi puerta que hago")

    assert reply.plain.startswith("No. No abra la puerta a menos que")


async def test_an_answered_question_is_not_kept(bot: BotHarness) -> None:
    await bot.say(CHAT, "ice at my door what do i do")

    assert await bot.rows(select(UnansweredQuestion)) == []


async def browsed_answer(bot: BotHarness, slug: str, lang: str) -> Call:
    """An answer reached by buttons (/topics, a topic, a question): it replies to no question."""
    menu = await bot.command(CHAT, "topics", lang=lang)
    await bot.press_for_keyboard(CHAT, menu, data=f"t:know-your-rights:{lang}")
    return await bot.press(CHAT, menu, data=f"a:{slug}:{lang}")


@pytest.mark.parametrize(("vote", "helpful"), [("1", True), ("0", False)])
async def test_feedback_is_counted_once_without_the_chat_and_the_votes_go_away(
    bot: BotHarness, vote: str, helpful: bool
) -> None:
    # 👍 under the answer to a typed question; 👎 under one reached by buttons, which has no
    # question to offer sharing (a 👎 under a typed question's answer: tests/e2e/test_consent.py).
    if helpful:
        answer = await bot.say(CHAT, "la migra en mi puerta que hago", lang="es")
    else:
        answer = await browsed_answer(bot, "ice-at-door", "es")

    query = bot.tap(CHAT, answer, data=f"f:{vote}:ice-at-door:es")
    edit = (await bot.api.next_calls("editMessageReplyMarkup", CHAT))[0]
    thanks = await bot.query_answer(query)

    assert thanks.params.get("text") == text_in("es", "Thank you for your feedback!")
    assert data_of(edit.buttons) == ["a:rights-when-stopped:es", "a:legal-help:es"]
    assert data_of(bot.api.buttons(CHAT, answer.message_id or 0)) == data_of(edit.buttons)
    rows = await bot.rows_when(select(Feedback.intent_slug, Feedback.helpful, Feedback.lang), bool)
    assert [tuple(r) for r in rows] == [("ice-at-door", helpful, "es")]
    assert set(Feedback.__table__.columns.keys()) == {"id", "intent_slug", "helpful", "day", "lang"}

    # A second tap on the same (old) button, as a slow client could send: not counted again.
    answered = len(bot.api.calls_of("answerCallbackQuery"))
    bot.api.press_button(CHAT, answer.message_id or 0, f"f:{vote}:ice-at-door:es")
    await bot.api.wait_until(lambda: len(bot.api.calls_of("answerCallbackQuery")) > answered)
    await bot.api.quiet(CHAT, 0.2)
    assert len(await bot.rows(select(Feedback))) == 1


async def test_a_chosen_language_is_remembered_for_the_next_question(bot: BotHarness) -> None:
    menu = await bot.command(CHAT, "language")
    assert menu.plain == text_in("en", "Choose your language:")
    assert data_of(menu.buttons) == ["l:en", "l:es"]

    done = await bot.press(CHAT, menu, data="l:es")

    assert done.method == "editMessageText"
    assert done.plain == text_in("es", "Done: I will answer in English from now on.")
    assert bot.api.buttons(CHAT, menu.message_id or 0) == []
    assert [(r.chat_id, r.lang) for r in await bot.rows(select(Chat))] == [(CHAT, "es")]
    # "daca" reads the same in both languages, so the stored choice decides.
    reply = await bot.say(CHAT, "daca", lang="en")
    assert "Resumen de prueba para DACA." in reply.plain
    start = await bot.command(CHAT, "start", lang="en")
    assert start.plain.startswith(text_in("es", "Hello, {name}!", name="Ana"))


async def test_switching_back_to_english_ticks_english(bot: BotHarness) -> None:
    await bot.press(CHAT, await bot.command(CHAT, "language", lang="es"), data="l:en")
    menu = await bot.command(CHAT, "language", lang="es")

    assert menu.plain == text_in("en", "Choose your language:")
    assert menu.buttons[0]["text"].startswith("✅")

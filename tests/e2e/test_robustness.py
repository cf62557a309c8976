"""Whatever people send and whatever fails, every update gets a valid reply and the bot goes on.

Validity is checked by the stand-in like Telegram does (length, HTML entities, keyboards): the
fixture fails any test in which the bot sent something Telegram would have refused.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select, text

from db.models import UnansweredQuestion
from tests.e2e.conftest import HOTLINE, SQLITE_ONLY, BotHarness, text_in

CHAT = 901
OTHER = 902
DOOR_EN = ("ice at my door what do i do", "No. Do not open the door")
DOOR_ES = ("la migra en mi puerta que hago", "No. No abra la puerta")
SORRY = (
    "Sorry, something went wrong on my side. Please try again in a moment. If you need help now, "
    "call the CHIRLA / LA Rapid Response Network hotline: {phone}"
)
IN_WORDS = "Please type your question in words, or choose a topic:"


@SQLITE_ONLY  # input handling and rendering, whatever the database
@pytest.mark.parametrize(
    ("message", "expected"),
    [
        pytest.param(" \n\t ", IN_WORDS, id="blank"),
        pytest.param("\u200b\u200d\ufeff\u2060", IN_WORDS, id="zero-width-only"),
        pytest.param("\x00\x07\x1b\x7f", IN_WORDS, id="control-only"),
        pytest.param("🙏🙏🙏", IN_WORDS, id="emoji-only"),
        pytest.param("🇲🇽 ❤️ 🇺🇸", IN_WORDS, id="flags-only"),
        pytest.param("?!¿¡...", IN_WORDS, id="punctuation-only"),
        pytest.param("la mi\u200bgra en mi pu\u200derta\x07 que hago", DOOR_ES[1], id="zero-width"),
        pytest.param("\u202eice at my door what do i do", DOOR_EN[1], id="bidi-override"),
        pytest.param("<b>ice at my door</b> what do i do", DOOR_EN[1], id="html-tags"),
    ],
)
async def test_odd_text_gets_exactly_one_sensible_reply(
    bot: BotHarness, message: str, expected: str
) -> None:
    reply = await bot.say(CHAT, message)

    shown = text_in("en", expected) if expected == IN_WORDS else expected
    assert reply.plain.startswith(shown)
    assert await bot.api.quiet(CHAT, 0.1) == []


@pytest.mark.parametrize(
    "message",
    [
        pytest.param("<script>alert('x')</script>", id="script"),
        pytest.param("&amp; &lt; & < > \" '", id="entities"),
        pytest.param("a" * 4096, id="4096-letters"),
        pytest.param("<" * 4096, id="4096-brackets"),
        pytest.param(("tamales & <b>salsa</b> " * 200)[:4096], id="4096-html-ish"),
        pytest.param("移民局 在 我的 门口 吗", id="chinese"),
        pytest.param("ⓘⓒⓔ ⓐⓣ ⓓⓞⓞⓡ", id="enclosed-letters"),
    ],
)
async def test_hostile_or_huge_text_is_answered_and_kept_bounded(
    bot: BotHarness, message: str
) -> None:
    reply = await bot.say(CHAT, message)

    assert reply.plain  # answered; the fixture checks Telegram would accept it
    kept = await bot.rows(select(UnansweredQuestion.text))
    assert all(len(row.text) <= 500 for row in kept)


@SQLITE_ONLY  # input handling and rendering, whatever the database
@pytest.mark.parametrize("lang", ["en", "es"])
async def test_stickers_and_photos_get_a_reply_asking_for_text(bot: BotHarness, lang: str) -> None:
    bot.api.send_sticker(CHAT, language_code=lang)
    sticker = await bot.api.next_reply(CHAT)
    bot.api.send_photo(CHAT, caption="ice at my door?", language_code=lang)
    photo = await bot.api.next_reply(CHAT)

    expected = text_in(lang, "I can only read typed text. Type your question, or choose a topic:")
    assert sticker.plain == photo.plain == expected
    assert all(b["callback_data"].startswith("t:") for b in sticker.buttons)


async def test_an_edited_question_is_not_answered_twice(bot: BotHarness) -> None:
    asked = bot.api.send_text(CHAT, DOOR_EN[0])
    await bot.api.next_reply(CHAT)

    bot.api.edit_text(CHAT, asked["message"]["message_id"], "where can i find a lawyer")

    assert [c.method for c in await bot.api.quiet(CHAT, 0.3)] == []


@pytest.mark.over_http
async def test_a_burst_from_fifty_chats_is_all_answered_in_each_language(
    bot: BotHarness,
) -> None:
    chats = range(10_000, 10_050)
    for n, chat_id in enumerate(chats):
        question = DOOR_ES[0] if n % 2 else DOOR_EN[0]
        bot.api.send_text(chat_id, question, language_code="es" if n % 2 else "en")

    replies = await asyncio.gather(*(bot.api.next_reply(chat_id, within=20) for chat_id in chats))

    for n, reply in enumerate(replies):
        assert reply.plain.startswith(DOOR_ES[1] if n % 2 else DOOR_EN[1])


async def test_many_messages_from_one_chat_each_get_a_reply(bot: BotHarness) -> None:
    for _ in range(10):
        bot.api.send_text(CHAT, DOOR_EN[0])

    replies = await bot.api.next_calls("sendMessage", CHAT, count=10, within=10)

    assert all(reply.plain.startswith(DOOR_EN[1]) for reply in replies)


@pytest.mark.over_http
@pytest.mark.parametrize("status", [500, 502])
async def test_a_failed_send_gets_an_apology_and_other_chats_are_answered(
    bot: BotHarness, status: int
) -> None:
    bot.api.fail_next("sendMessage", status=status, chat_id=CHAT)

    apology = await bot.say(CHAT, DOOR_EN[0])
    other = await bot.say(OTHER, DOOR_ES[0], lang="es")
    again = await bot.say(CHAT, DOOR_EN[0])

    assert apology.plain == text_in("en", SORRY, phone=HOTLINE)
    assert other.plain.startswith(DOOR_ES[1])
    assert again.plain.startswith(DOOR_EN[1])


async def test_a_database_failure_still_gives_the_hotline_in_the_users_language(
    bot: BotHarness,
) -> None:
    async with bot.engine.begin() as conn:
        await conn.execute(text("DROP TABLE unanswered_questions"))

    # Keeping an unknown question needs the dropped table; answering questions does not.
    offer = await bot.say(CHAT, "como hago tamales de elote", lang="es")
    apology = await bot.press(CHAT, offer, prefix="k:1:")
    other = await bot.say(OTHER, DOOR_EN[0])

    assert HOTLINE in offer.plain  # the hotline never depends on the database
    assert apology.plain == text_in("es", SORRY, phone=HOTLINE)
    assert other.plain.startswith(DOOR_EN[1])
    assert await bot.api.quiet(CHAT, 0.2) == []  # nothing after the apology


@pytest.mark.over_http
async def test_a_send_refused_with_retry_after_is_sent_again_after_the_wait(
    bot: BotHarness,
) -> None:
    bot.api.rate_limit_next("sendMessage", retry_after=1, chat_id=CHAT)

    bot.api.send_text(CHAT, DOOR_EN[0])
    reply = await bot.api.next_reply(CHAT, within=3)

    assert reply.plain.startswith(DOOR_EN[1])
    first, second = bot.api.calls_of("sendMessage", CHAT)[:2]
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 1.0  # Telegram's retry_after was honoured


@pytest.mark.over_http
async def test_an_answer_held_up_by_flood_control_arrives_after_the_wait(
    bot: BotHarness,
) -> None:
    # Telegram refuses every message to the chat until retry_after has passed.
    bot.api.flood_control(1, chat_id=CHAT)

    bot.api.send_text(CHAT, DOOR_EN[0])
    reply = await bot.api.next_reply(CHAT, within=3)

    assert reply.plain.startswith(DOOR_EN[1])


@pytest.mark.over_http
async def test_a_user_who_blocked_the_bot_is_not_retried_and_others_are_answered(
    bot: BotHarness,
) -> None:
    bot.api.block_chat(CHAT)

    bot.api.send_text(CHAT, DOOR_EN[0])
    other = await bot.say(OTHER, DOOR_EN[0])
    await bot.api.wait_until(lambda: bool(bot.api.calls_of("sendMessage", CHAT)))

    assert other.plain.startswith(DOOR_EN[1])
    await bot.api.quiet(CHAT, 0.2)
    assert [c.status for c in bot.api.calls_of("sendMessage", CHAT)] == [403]

"""Ask before keeping: an unanswered question is kept only when its asker taps "Yes", scrubbed
and without the chat; "No" or no answer keeps nothing, and nothing waits in memory meanwhile."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.handlers import consent
from db.models import Chat, UnansweredQuestion
from tests.e2e.conftest import HOTLINE, BotHarness, text_in

CHAT = 1301
QUESTIONS = {
    "en": (
        "my name is Xochitl Ramirez, I live at 1234 W Olympic Blvd, Apt 5, CA 90006, "
        "text me at (213) 555-0199, how do i make tamales",
        "my name is [name], I live at [address], text me at [phone], how do i make tamales",
    ),
    "es": (
        "mi nombre es Xochitl Ramirez, A-number A123456789, fecha de nacimiento 14/03/1990, "
        "receta de tamales de elote",
        "mi nombre es [name], A-number [A-number], fecha de nacimiento [date of birth], "
        "receta de tamales de elote",
    ),
}


async def kept(bot: BotHarness) -> list[tuple[str, str]]:
    """The unanswered questions stored, as (lang, text)."""
    rows = await bot.rows(select(UnansweredQuestion.lang, UnansweredQuestion.text))
    return [(row.lang, row.text) for row in rows]


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_yes_keeps_the_question_scrubbed_and_without_the_chat(
    bot: BotHarness, lang: str
) -> None:
    question, scrubbed = QUESTIONS[lang]
    offer = await bot.say(CHAT, question, lang=lang)
    assert offer.params["reply_parameters"]["message_id"] > 0  # a reply to the question

    settled = await bot.press(CHAT, offer, prefix="k:1:")
    await bot.rows_when(select(UnansweredQuestion), bool)  # committed just after the edit

    assert await kept(bot) == [(lang, scrubbed)]
    assert await bot.rows(select(Chat)) == []
    assert settled.plain.endswith(text_in(lang, consent.KEPT))
    assert HOTLINE in settled.plain  # the "I don't know" part stays
    buttons = [b["callback_data"] for b in bot.api.buttons(CHAT, offer.message_id or 0)]
    assert buttons and all(d.startswith("t:") for d in buttons)  # topics stay, Yes/No go


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_no_keeps_nothing(bot: BotHarness, lang: str) -> None:
    offer = await bot.say(CHAT, QUESTIONS[lang][0], lang=lang)

    settled = await bot.press(CHAT, offer, prefix="k:0:")

    assert settled.plain.endswith(text_in(lang, consent.NOT_KEPT))
    assert await kept(bot) == []


async def test_no_answer_keeps_nothing(bot: BotHarness) -> None:
    await bot.say(CHAT, QUESTIONS["en"][0])
    await bot.say(CHAT, "ice at my door what do i do")
    await bot.command(CHAT, "forget")

    assert await kept(bot) == []


async def test_a_double_tap_keeps_the_question_once(bot: BotHarness) -> None:
    offer = await bot.say(CHAT, QUESTIONS["en"][0])
    first = bot.tap(CHAT, offer, prefix="k:1:")
    second = bot.tap(CHAT, offer, prefix="k:1:")
    await bot.query_answer(first)
    await bot.query_answer(second)
    await bot.rows_when(select(UnansweredQuestion), bool)
    await bot.api.quiet(CHAT, 0.3)

    assert len(await kept(bot)) == 1


async def test_a_question_deleted_before_yes_is_not_kept(bot: BotHarness) -> None:
    bot.api.send_text(CHAT, QUESTIONS["es"][0], language_code="es")
    offer = await bot.api.next_reply(CHAT)
    question_id = offer.params["reply_parameters"]["message_id"]
    bot.api.delete_user_message(CHAT, question_id)

    settled = await bot.press(CHAT, offer, prefix="k:1:")

    assert settled.plain.endswith(text_in("es", consent.GONE))
    assert await kept(bot) == []

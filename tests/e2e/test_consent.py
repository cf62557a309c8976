"""Ask before keeping: an unanswered question, or one whose answer its asker marked 👎, is kept
only when its asker taps "Yes", scrubbed and without the chat; "No" or no answer keeps nothing,
and nothing waits in memory meanwhile."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.handlers import consent
from bot.handlers.messages import ASK_TO_KEEP
from db.models import Chat, Feedback, UnansweredQuestion
from tests.e2e.conftest import HOTLINE, BotHarness, text_in
from tests.fakebotapi import Call

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


# Answered with the fixture's ice-at-door; the name and phone number must not be kept.
UNHELPFUL = (
    "ice at my door what do i do, i am Xochitl Ramirez at (213) 555-0199",
    "ice at my door what do i do, i am [name] at [phone]",
)


def data_of(call: Call) -> list[str]:
    """The callback data of the buttons sent with a call, in order."""
    return [b["callback_data"] for b in call.buttons]


async def shared(bot: BotHarness) -> list[tuple[str, str, str | None]]:
    """The questions stored, as (lang, text, the answer marked unhelpful)."""
    rows = await bot.rows(
        select(UnansweredQuestion.lang, UnansweredQuestion.text, UnansweredQuestion.answered)
    )
    return [(row.lang, row.text, row.answered) for row in rows]


async def thumbs_down(bot: BotHarness, answer: Call) -> Call:
    """Tap 👎 under an answer; the edit that asks whether to share the question."""
    bot.tap(CHAT, answer, data="f:0:ice-at-door:en")
    offer = await bot.api.next_reply(CHAT)
    assert offer.method == "editMessageText"
    return offer


async def test_a_thumbs_down_asks_to_share_and_yes_keeps_the_question_with_its_answer(
    bot: BotHarness,
) -> None:
    answer = await bot.say(CHAT, UNHELPFUL[0])
    assert answer.plain.startswith("No. Do not open the door")
    assert answer.params["reply_parameters"]["message_id"] > 0  # a reply to the question

    offer = await thumbs_down(bot, answer)

    assert offer.plain.startswith("No. Do not open the door")  # the answer stays
    assert offer.plain.endswith(text_in("en", ASK_TO_KEEP))
    assert data_of(offer) == [
        "k:1:en:ice-at-door",
        "k:0:en:ice-at-door",
        "a:rights-when-stopped:en",
        "a:legal-help:en",
    ]
    votes = await bot.rows_when(select(Feedback.intent_slug, Feedback.helpful), bool)
    assert [tuple(v) for v in votes] == [("ice-at-door", False)]
    assert await shared(bot) == []  # nothing yet: only a "Yes" keeps it

    settled = await bot.press(CHAT, offer, prefix="k:1:")
    await bot.rows_when(select(UnansweredQuestion), bool)

    assert await shared(bot) == [("en", UNHELPFUL[1], "ice-at-door")]
    assert await bot.rows(select(Chat)) == []
    assert settled.plain.startswith("No. Do not open the door")
    assert settled.plain.endswith(text_in("en", consent.KEPT))
    buttons = [b["callback_data"] for b in bot.api.buttons(CHAT, answer.message_id or 0)]
    assert buttons == ["a:rights-when-stopped:en", "a:legal-help:en"]  # Yes/No go


async def test_a_thumbs_down_then_no_keeps_nothing_but_the_vote(bot: BotHarness) -> None:
    offer = await thumbs_down(bot, await bot.say(CHAT, UNHELPFUL[0]))

    settled = await bot.press(CHAT, offer, prefix="k:0:")

    assert settled.plain.endswith(text_in("en", consent.NOT_KEPT))
    assert await shared(bot) == []
    assert len(await bot.rows_when(select(Feedback), bool)) == 1


async def test_a_second_thumbs_down_is_not_counted_again(bot: BotHarness) -> None:
    answer = await bot.say(CHAT, UNHELPFUL[0])
    await thumbs_down(bot, answer)
    await bot.rows_when(select(Feedback), bool)

    # The old 👎 again, as a slow client could send it: thanked, not counted, nothing edited.
    answered = len(bot.api.calls_of("answerCallbackQuery"))
    bot.api.press_button(CHAT, answer.message_id or 0, "f:0:ice-at-door:en")
    await bot.api.wait_until(lambda: len(bot.api.calls_of("answerCallbackQuery")) > answered)
    await bot.api.quiet(CHAT, 0.2)

    assert len(bot.api.calls_of("editMessageText")) == 1
    assert len(await bot.rows(select(Feedback))) == 1
    shown = bot.api.messages[(CHAT, answer.message_id or 0)]["text"]
    assert shown.count(text_in("en", ASK_TO_KEEP)) == 1


async def test_an_answer_chosen_from_did_you_mean_replies_to_the_question_and_can_be_shared(
    bot: BotHarness,
) -> None:
    offered = await bot.say(CHAT, "police school friday")
    question_id = offered.params["reply_parameters"]["message_id"]

    chosen = await bot.press(CHAT, offered, data="d:schools:en")
    assert chosen.params["reply_parameters"]["message_id"] == question_id
    bot.tap(CHAT, chosen, data="f:0:schools:en")
    offer = await bot.api.next_reply(CHAT)
    settled = await bot.press(CHAT, offer, prefix="k:1:")
    await bot.rows_when(select(UnansweredQuestion), bool)

    assert settled.plain.endswith(text_in("en", consent.KEPT))
    assert await shared(bot) == [("en", "police school friday", "schools")]

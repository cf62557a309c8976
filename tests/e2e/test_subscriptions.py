"""Subscriptions and /forget end to end, checked in the database the bot writes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Chat, Subscription
from tests.e2e.conftest import BotHarness, text_in

CHAT = 801


async def stored(bot: BotHarness, chat_id: int = CHAT) -> tuple[str | None, set[str]]:
    """(language, subscribed topics) the database holds for a chat."""
    langs = await bot.rows(select(Chat.lang).where(Chat.chat_id == chat_id))
    topics = await bot.rows(select(Subscription.topic).where(Subscription.chat_id == chat_id))
    return (langs[0].lang if langs else None), {row.topic for row in topics}


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_subscribing_stores_the_topic_with_the_language(bot: BotHarness, lang: str) -> None:
    offer = await bot.command(CHAT, "subscribe", lang=lang)
    assert "/forget" in offer.plain
    # Typing /subscribe is consent: general updates at once, the menu to add more.
    assert await stored(bot) == (lang, {"general"})
    ticked = [b["callback_data"] for b in offer.buttons if b["text"].startswith("✅")]
    assert ticked == ["s:general"]

    query = bot.tap(CHAT, offer, data="s:know-your-rights")
    more = (await bot.api.next_calls("editMessageReplyMarkup", CHAT))[0]

    assert (await bot.query_answer(query)).params.get("text") == text_in(lang, "Subscribed.")
    assert [b["text"].startswith("✅") for b in more.buttons].count(True) == 2
    assert await stored(bot) == (lang, {"general", "know-your-rights"})


async def test_tapping_a_subscribed_topic_again_unsubscribes(bot: BotHarness) -> None:
    offer = await bot.command(CHAT, "subscribe")
    await bot.press_for_keyboard(CHAT, offer, data="s:all")

    query = bot.tap(CHAT, offer, data="s:all")
    unticked = (await bot.api.next_calls("editMessageReplyMarkup", CHAT))[0]

    assert (await bot.query_answer(query)).params.get("text") == "Unsubscribed."
    ticked = [b["callback_data"] for b in unticked.buttons if b["text"].startswith("✅")]
    assert ticked == ["s:general"]
    assert await stored(bot) == ("en", {"general"})


async def test_subscribe_shows_what_is_already_chosen(bot: BotHarness) -> None:
    offer = await bot.command(CHAT, "subscribe")
    await bot.press_for_keyboard(CHAT, offer, data="s:programs")

    again = await bot.command(CHAT, "subscribe")

    ticked = [b["callback_data"] for b in again.buttons if b["text"].startswith("✅")]
    assert ticked == ["s:general", "s:programs"]


async def test_unsubscribe_stops_every_update(bot: BotHarness) -> None:
    offer = await bot.command(CHAT, "subscribe", lang="es")
    await bot.press_for_keyboard(CHAT, offer, data="s:programs")
    await bot.press_for_keyboard(CHAT, offer, data="s:policy")

    done = await bot.command(CHAT, "unsubscribe", lang="es")

    assert done.plain == text_in(
        "es", "Done: you will get no more updates. Send /subscribe to choose again."
    )
    assert await stored(bot) == ("es", set())
    again = await bot.command(CHAT, "unsubscribe", lang="es")
    assert again.plain == text_in("es", "You are not subscribed to any updates.")


async def test_forget_deletes_everything_about_the_chat_and_only_that_chat(
    bot: BotHarness,
) -> None:
    other = CHAT + 1
    for chat_id in (CHAT, other):
        offer = await bot.command(chat_id, "subscribe")
        await bot.press_for_keyboard(chat_id, offer, data="s:all")
    await bot.press(CHAT, await bot.command(CHAT, "language"), data="l:es")

    done = await bot.command(CHAT, "forget", lang="en")

    # Confirmed in the language the chat had chosen, then nothing is left.
    assert done.plain == text_in(
        "es",
        "Done: everything stored about this chat (language, subscriptions and which updates "
        "reached it) is deleted. "
        "Feedback and unanswered questions are never linked to you, so nothing else remains.",
    )
    assert await stored(bot) == (None, set())
    assert await stored(bot, other) == ("en", {"general", "all"})
    # The forgotten choice is not used any more: Telegram's language decides again.
    reply = await bot.command(CHAT, "help", lang="en")
    assert reply.plain.startswith("How to use Puente")
    assert await stored(bot) == (None, set())


async def test_forget_with_nothing_stored_says_so(bot: BotHarness) -> None:
    done = await bot.command(CHAT, "forget", lang="es")

    assert done.plain == text_in(
        "es", "Nothing was stored about this chat, so there is nothing to delete."
    )


async def test_subscribe_names_a_topic_or_a_program(bot: BotHarness) -> None:
    done = await bot.command(CHAT, "subscribe", "tps-honduras", lang="es")

    assert done.plain == text_in(
        "es",
        "Subscribed to {choice}. Tap below to add topics or programs, or tap a ticked one to "
        "stop. To send updates, Puente stores your chat ID, your language and your choices; "
        "/forget deletes them.",
        choice="TPS Honduras",
    )
    assert await stored(bot) == ("es", {"tps-honduras"})
    # The menu lists programs too, ticked when chosen.
    ticked = [b["callback_data"] for b in done.buttons if b["text"].startswith("✅")]
    assert ticked == ["s:tps-honduras"]
    assert "s:daca" in [b["callback_data"] for b in done.buttons]

    unknown = await bot.command(CHAT, "subscribe", "mars", lang="es")
    assert "mars" in unknown.plain and "/subscribe" in unknown.plain
    assert await stored(bot) == ("es", {"tps-honduras"})


async def test_unsubscribe_one_topic_keeps_the_others(bot: BotHarness) -> None:
    await bot.command(CHAT, "subscribe")
    await bot.command(CHAT, "subscribe", "daca")

    done = await bot.command(CHAT, "unsubscribe", "daca")
    assert done.plain == text_in("en", "Done: no more updates about {choice}.", choice="DACA")
    assert await stored(bot) == ("en", {"general"})
    again = await bot.command(CHAT, "unsubscribe", "daca")
    assert again.plain == text_in("en", "You were not subscribed to {choice}.", choice="DACA")


@pytest.mark.parametrize(
    ("lang", "question"),
    [("en", "tps honduras status"), ("es", "cual es el estado del tps honduras")],
)
async def test_remind_me_under_a_program_status_subscribes_to_it(
    bot: BotHarness, lang: str, question: str
) -> None:
    status = await bot.say(CHAT, question, lang=lang)
    label = text_in(
        lang, "Remind me about deadlines and changes for {program}", program="TPS Honduras"
    )
    assert status.buttons[0]["text"] == "🔔 " + label

    query = bot.tap(CHAT, status, data="r:tps-honduras")
    answer = await bot.query_answer(query)

    assert answer.params.get("text") == text_in(
        lang,
        "Done: you will get deadline reminders and changes for {program}.",
        program="TPS Honduras",
    )
    assert await stored(bot) == (lang, {"tps-honduras"})


async def test_answers_that_show_no_program_status_offer_no_reminder(bot: BotHarness) -> None:
    answer = await bot.say(CHAT, "do I have to open the door to ICE")
    assert not any(b["callback_data"].startswith("r:") for b in answer.buttons)

"""Browsing by buttons end to end: /topics down to an answer and back, and stale buttons."""

from __future__ import annotations

import pytest

from tests.contentkit import RULES
from tests.e2e.conftest import BotHarness, text_in

CHAT = 701


def data_of(buttons: list[dict[str, str]]) -> list[str]:
    """The callback data of buttons, in order."""
    return [b["callback_data"] for b in buttons]


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_topics_lead_by_buttons_down_to_an_answer(bot: BotHarness, lang: str) -> None:
    menu = await bot.command(CHAT, "topics", lang=lang)
    assert menu.plain == text_in(lang, "Choose a topic:")

    query = bot.tap(CHAT, menu, data=f"t:know-your-rights:{lang}")
    topic = (await bot.api.next_calls("editMessageReplyMarkup", CHAT))[0]
    label = RULES.topic_label("know-your-rights", lang)
    assert (await bot.query_answer(query)).params.get("text") == label
    assert data_of(topic.buttons) == [
        f"a:ice-at-door:{lang}",
        f"a:rights-when-stopped:{lang}",
        f"m:{lang}",
    ]

    answer = await bot.press(CHAT, topic, data=f"a:rights-when-stopped:{lang}")
    assert answer.method == "sendMessage"
    expected = "You have the right" if lang == "en" else "Usted tiene derecho"
    assert answer.plain.startswith(expected)


async def test_the_back_button_brings_the_topic_menu_back(bot: BotHarness) -> None:
    menu = await bot.command(CHAT, "topics")
    await bot.press_for_keyboard(CHAT, menu, data="t:programs:en")

    back = await bot.press_for_keyboard(CHAT, menu, label="All topics")

    assert data_of(back.buttons) == data_of(menu.buttons)


async def test_buttons_keep_the_language_they_were_shown_in(bot: BotHarness) -> None:
    menu = await bot.command(CHAT, "topics", lang="es")

    # The same person now has Telegram in English: the Spanish menu still opens Spanish.
    topic = await bot.press_for_keyboard(CHAT, menu, data="t:programs:es", lang="en")

    assert {b["text"] for b in topic.buttons} >= {"DACA", "« " + text_in("es", "All topics")}


@pytest.mark.parametrize(
    "data", ["a:retired-intent:en", "t:cooking:en", "f:1:retired-intent:en", "zzz", "s:nothing"]
)
async def test_a_stale_or_unknown_button_gets_a_polite_answer(bot: BotHarness, data: str) -> None:
    menu = await bot.command(CHAT, "topics")

    update = bot.api.press_button(CHAT, menu.message_id or 0, data)
    answer = await bot.query_answer(str(update["callback_query"]["id"]))

    assert answer.params.get("text") == text_in(
        "en", "This button no longer works. Send /topics to start again."
    )

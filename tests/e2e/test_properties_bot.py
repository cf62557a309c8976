"""The message handler on arbitrary Unicode, through the real Application and the stand-in Bot
API: every message gets exactly one reply Telegram accepts (valid HTML, at most 4,096
characters), never the apology for a failure. The stand-in refuses what Telegram would refuse,
and the fixture fails the test if anything was refused."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.conftest import HOTLINE, SQLITE_ONLY, BotHarness, text_in
from tests.fakebotapi import MAX_TEXT_UNITS, utf16_len

# Any text gets one valid reply: rendering, whatever the database.
pytestmark = SQLITE_ONLY

# A new chat per example, so each reply is matched to its own message.
CHATS = itertools.count(3301)
SORRY = (
    "Sorry, something went wrong on my side. Please try again in a moment. If you need help now, "
    "call the CHIRLA / LA Rapid Response Network hotline: {phone}"
)
# What Telegram delivers: 1 to 4,096 characters of any Unicode it can encode.
MESSAGES = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=4000, max_size=4096),
    st.lists(
        st.sampled_from(["la migra", "ICE", "puerta", "<b>", "&amp;", "\u200b", "🙂", " ", "/"])
    )
    .map("".join)
    .filter(bool),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=MESSAGES, lang=st.sampled_from(["en", "es", None]))
async def test_any_message_gets_one_valid_reply(
    bot: BotHarness, text: str, lang: str | None
) -> None:
    reply = await bot.say(next(CHATS), text, lang=lang)

    assert reply.ok and reply.plain
    assert utf16_len(reply.plain) <= MAX_TEXT_UNITS
    assert reply.plain not in {text_in(lang, SORRY, phone=HOTLINE) for lang in ("en", "es")}

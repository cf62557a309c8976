"""The stand-in Bot API server behaves like Telegram for a plain PTB `Bot` pointed at it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter

from tests.fakebotapi import FakeBotAPI, OfflineRequest, parse_text

CHAT = 4242


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    """A running stand-in with one chat that has written to the bot."""
    async with FakeBotAPI() as server:
        server.send_text(CHAT, "hola", language_code="es")
        yield server


@pytest.fixture(params=["http", "offline"])
async def bot(api: FakeBotAPI, request: pytest.FixtureRequest) -> AsyncIterator[Bot]:
    """A plain PTB Bot pointed at the stand-in (initialising it calls getMe), over HTTP or
    in-process: both transports must get the same answers."""
    client = (
        Bot(
            api.token,
            base_url=api.base_url,
            request=OfflineRequest(api),
            get_updates_request=OfflineRequest(api),
        )
        if request.param == "offline"
        else Bot(api.token, base_url=api.base_url)
    )
    async with client:
        yield client


def keyboard(*data: str) -> InlineKeyboardMarkup:
    """One row of callback buttons labelled by their data."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d) for d in data]])


async def test_get_me_identifies_the_bot(api: FakeBotAPI, bot: Bot) -> None:
    assert bot.username == "puente_test_bot"
    assert [c.method for c in api.calls] == ["getMe"]


async def test_send_message_returns_a_realistic_message_and_is_recorded(
    api: FakeBotAPI, bot: Bot
) -> None:
    sent = await bot.send_message(CHAT, "<b>Hola</b> &amp; adiós", parse_mode=ParseMode.HTML)

    assert sent.text == "Hola & adiós"
    assert sent.chat.id == CHAT
    assert sent.from_user is not None and sent.from_user.is_bot
    assert sent.message_id == 2  # the user's "hola" was message 1 in this chat
    call = await api.next_message(CHAT)
    assert call.params["chat_id"] == CHAT
    assert call.text == "<b>Hola</b> &amp; adiós"
    assert call.plain == "Hola & adiós"


async def test_a_chat_that_never_wrote_cannot_be_messaged(bot: Bot) -> None:
    with pytest.raises(Forbidden, match="initiate conversation"):
        await bot.send_message(999, "hi")


async def test_rate_limit_is_answered_with_retry_after_then_lifts(
    api: FakeBotAPI, bot: Bot
) -> None:
    api.rate_limit_next("sendMessage", retry_after=3, chat_id=CHAT)

    with pytest.raises(RetryAfter, match="Retry in 3"):
        await bot.send_message(CHAT, "first")
    await bot.send_message(CHAT, "second")
    assert [c.status for c in api.calls_of("sendMessage", CHAT)] == [429, 200]
    assert api.rejected == []


async def test_a_blocked_chat_gets_forbidden_every_time(api: FakeBotAPI, bot: Bot) -> None:
    api.block_chat(CHAT)

    for _ in range(2):
        with pytest.raises(Forbidden, match="blocked by the user"):
            await bot.send_message(CHAT, "hi")


async def test_server_errors_only_hit_the_matching_chat(api: FakeBotAPI, bot: Bot) -> None:
    api.send_text(7, "hi")
    api.fail_next("sendMessage", status=502, chat_id=CHAT)

    await bot.send_message(7, "other chat unaffected")
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(CHAT, "hi")
    await bot.send_message(CHAT, "works again")


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "a < b",
        "Tom & Jerry",
        "<b>never closed",
        "<b><i>crossed</b></i>",
        "</b>",
        "<br/>",
        "&nbsp;",
        '<a title="x">no href</a>',
        '<span class="red">x</span>',
        "<!-- comment -->",
    ],
)
async def test_html_telegram_cannot_parse_is_refused(api: FakeBotAPI, bot: Bot, text: str) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(CHAT, text, parse_mode=ParseMode.HTML)
    assert len(api.rejected) == 1


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ('<b>Sí</b> <i>x</i> <a href="https://example.org">link</a>', "Sí x link"),
        ("&lt;script&gt; &quot;q&quot; &amp; &#128077;", '<script> "q" & 👍'),
        ('<span class="tg-spoiler">s</span><code>c</code><pre>p</pre>', "scp"),
        ("<blockquote>quoted</blockquote>", "quoted"),
    ],
)
def test_html_telegram_accepts_gives_its_visible_text(text: str, plain: str) -> None:
    assert parse_text(text, "HTML") == plain


def test_plain_text_is_taken_literally() -> None:
    assert parse_text("<b>not a tag</b> & co", None) == "<b>not a tag</b> & co"


async def test_length_counts_visible_utf16_units(api: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(CHAT, "a" * 4096)
    await bot.send_message(CHAT, "<b>" + "a" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    await bot.send_message(CHAT, "👍" * 2048)
    for too_long in ("a" * 4097, "👍" * 2049):
        with pytest.raises(BadRequest, match=r"(?i)too long"):
            await bot.send_message(CHAT, too_long)


@pytest.mark.parametrize("text", [" \n ", "<b> </b>"])
async def test_empty_text_is_refused(bot: Bot, text: str) -> None:
    with pytest.raises(BadRequest, match=r"(?i)text is empty"):
        await bot.send_message(CHAT, text, parse_mode=ParseMode.HTML)


async def test_callback_data_over_64_bytes_is_refused(bot: Bot) -> None:
    await bot.send_message(CHAT, "ok", reply_markup=keyboard("x" * 64))
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(CHAT, "too long", reply_markup=keyboard("ñ" * 33))


async def test_get_updates_long_polls_and_honours_offset(api: FakeBotAPI, bot: Bot) -> None:
    first = await bot.get_updates(timeout=0)
    assert [u.message.text for u in first if u.message] == ["hola"]

    loop = asyncio.get_running_loop()
    loop.call_later(0.1, api.send_command, CHAT, "start", "ice-at-door")
    started = loop.time()
    updates = await bot.get_updates(offset=first[-1].update_id + 1, timeout=5)
    assert loop.time() - started < 2  # woken by the update, not by the timeout

    assert len(updates) == 1
    message = updates[0].message
    assert message is not None and message.text == "/start ice-at-door"
    assert message.from_user is not None and message.from_user.language_code == "es"
    assert message.parse_entities(["bot_command"]) != {}
    assert updates[0].update_id in api.delivered_at
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == ()


async def test_pressing_a_button_sends_a_callback_query_answerable_once(
    api: FakeBotAPI, bot: Bot
) -> None:
    sent = await bot.send_message(CHAT, "pick", reply_markup=keyboard("a:ice-at-door", "l:en"))
    await bot.get_updates(timeout=0)  # the user's "hola"
    pressed = api.press(CHAT, sent.message_id, label="l:en")

    updates = await bot.get_updates(offset=pressed["update_id"], timeout=1)
    query = Update.de_json(updates[0].to_dict(), bot).callback_query
    assert query is not None and query.data == "l:en"
    assert query.message is not None and query.message.message_id == sent.message_id
    assert await bot.answer_callback_query(query.id, text="ok")
    with pytest.raises(BadRequest, match=r"(?i)query id is invalid"):
        await bot.answer_callback_query(query.id)


async def test_press_refuses_a_button_the_message_does_not_have(api: FakeBotAPI, bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "pick", reply_markup=keyboard("l:es"))
    with pytest.raises(AssertionError, match="no button"):
        api.press(CHAT, sent.message_id, data="l:fr")


async def test_edits_replace_text_and_drop_the_keyboard_unless_resent(
    api: FakeBotAPI, bot: Bot
) -> None:
    sent = await bot.send_message(CHAT, "pick", reply_markup=keyboard("a", "b"))

    await bot.edit_message_text("picked", CHAT, sent.message_id)
    assert api.messages[(CHAT, sent.message_id)]["text"] == "picked"
    assert api.buttons(CHAT, sent.message_id) == []
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_text("picked", CHAT, sent.message_id)
    await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=keyboard("c"))
    assert [b["callback_data"] for b in api.buttons(CHAT, sent.message_id)] == ["c"]
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=keyboard("c"))
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", CHAT, 9999)


async def test_commands_are_kept_per_language(api: FakeBotAPI, bot: Bot) -> None:
    await bot.set_my_commands([("start", "Start"), ("help", "Help")])
    await bot.set_my_commands([("start", "Empezar")], language_code="es")

    assert api.commands_for() == ["start", "help"]
    assert api.commands_for("es") == ["start"]
    assert [c.command for c in await bot.get_my_commands(language_code="es")] == ["start"]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([("Start-Now", "x")])


async def test_next_calls_moves_a_cursor_and_times_out_with_context(
    api: FakeBotAPI, bot: Bot
) -> None:
    for text in ("one", "two", "three"):
        await bot.send_message(CHAT, text)

    assert [c.text for c in await api.next_calls("sendMessage", CHAT, count=2)] == ["one", "two"]
    assert (await api.next_message(CHAT)).text == "three"
    with pytest.raises(AssertionError, match="recent calls"):
        await api.next_message(CHAT, within=0.1)


async def test_json_bodies_are_understood_too(api: FakeBotAPI) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{api.base_url}{api.token}/sendMessage", json={"chat_id": CHAT, "text": "json"}
        ) as response,
    ):
        body = await response.json()
    assert body["ok"] is True and body["result"]["text"] == "json"


async def test_a_wrong_token_or_method_is_refused(api: FakeBotAPI) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{api.base_url}0:wrong/getMe") as response:
            assert response.status == 401
        async with http.post(f"{api.base_url}{api.token}/sendTelepathy") as response:
            assert response.status == 404


async def test_the_offline_transport_refuses_a_wrong_token(api: FakeBotAPI) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("0:wrong", base_url=api.base_url, request=OfflineRequest(api)):
            pass
    assert api.calls == []  # refused before reaching a method, as over HTTP


async def test_flood_control_refuses_every_call_to_the_chat_until_the_wait_is_over(
    api: FakeBotAPI, bot: Bot
) -> None:
    api.send_text(7, "hi")
    api.flood_control(1, chat_id=CHAT)

    for _ in range(2):
        with pytest.raises(RetryAfter, match="Retry in 1"):
            await bot.send_message(CHAT, "too soon")
    await bot.send_message(7, "other chats are not limited")
    await asyncio.sleep(1.05)
    await bot.send_message(CHAT, "after the wait")

"""A stand-in Telegram Bot API server on 127.0.0.1 for end-to-end tests and benchmarks.

The real python-telegram-bot `Application` talks to it over HTTP through PTB's `base_url`, or
in-process through `OfflineRequest` (updates then go straight to the bot through `deliver`). It
queues updates for `getUpdates` (long polling with `offset`), records every call, answers with
realistic `Message` objects, validates what Telegram validates (text length, HTML entities, inline
keyboards, callback data, edits) and can be told to fail the next calls with 429, 403 or 5xx.
"""

from __future__ import annotations

import asyncio
import copy
import html
import itertools
import json
import math
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web
from telegram.request import BaseRequest, RequestData

DEFAULT_TOKEN = "123456789:AAHfakeTokenForPuenteTests_0123456789"

MAX_TEXT_UNITS = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER = 200
MAX_INLINE_BUTTONS = 100

# Parameters Telegram takes as plain strings; every other form field is JSON-encoded by PTB.
STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "action",
        "language_code",
        "description",
        "short_description",
        "name",
        "secret_token",
        "ip_address",
        "emoji",
        "business_connection_id",
        "message_effect_id",
    }
)

# Tags Telegram's HTML parse mode accepts, with the attributes each may carry.
ALLOWED_TAGS: dict[str, frozenset[str]] = {
    "b": frozenset(),
    "strong": frozenset(),
    "i": frozenset(),
    "em": frozenset(),
    "u": frozenset(),
    "ins": frozenset(),
    "s": frozenset(),
    "strike": frozenset(),
    "del": frozenset(),
    "span": frozenset({"class"}),
    "tg-spoiler": frozenset(),
    "a": frozenset({"href"}),
    "tg-emoji": frozenset({"emoji-id"}),
    "code": frozenset({"class"}),
    "pre": frozenset(),
    "blockquote": frozenset({"expandable"}),
}
NAMED_ENTITIES = frozenset({"lt", "gt", "amp", "quot"})
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
LEADING_COMMAND_RE = re.compile(r"^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?")
UNAUTHORIZED = {"ok": False, "error_code": 401, "description": "Unauthorized"}
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


class TelegramError(Exception):
    """An error the stand-in answers with, as Telegram would (status code and description)."""

    def __init__(
        self,
        status: int,
        description: str,
        retry_after: int | None = None,
        *,
        injected: bool = False,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after
        self.injected = injected


def bad_request(description: str) -> TelegramError:
    """A 400 error with Telegram's "Bad Request: " prefix."""
    return TelegramError(400, "Bad Request: " + description)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram counts text and entity offsets in."""
    return len(text.encode("utf-16-le")) // 2


class _TelegramHTML(HTMLParser):
    """Checks text against Telegram's HTML parse mode and collects the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.plain: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Accept only Telegram's tags and attributes."""
        if tag not in ALLOWED_TAGS:
            raise bad_request(f'can\'t parse entities: Unsupported start tag "{tag}"')
        for name, value in attrs:
            if name not in ALLOWED_TAGS[tag]:
                raise bad_request(f'can\'t parse entities: Unsupported attribute "{name}"')
            if tag == "span" and value != "tg-spoiler":
                raise bad_request('can\'t parse entities: Tag "span" must have class "tg-spoiler"')
        if tag == "a" and not dict(attrs).get("href"):
            raise bad_request('can\'t parse entities: Tag "a" must have a href')
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Telegram has no self-closing tags (no <br/>)."""
        raise bad_request(f'can\'t parse entities: Unsupported start tag "{tag}"')

    def handle_endtag(self, tag: str) -> None:
        """End tags must close the innermost open tag."""
        if not self.stack or self.stack[-1] != tag:
            raise bad_request(f'can\'t parse entities: Unexpected end tag "{tag}"')
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        """Text may not contain a raw <, > or & (they must be entities)."""
        for char in "<>&":
            if char in data:
                raise bad_request(
                    f"can't parse entities: character '{char}' must be escaped as an HTML entity"
                )
        self.plain.append(data)

    def handle_entityref(self, name: str) -> None:
        """Only &lt; &gt; &amp; &quot; are supported named entities."""
        if name not in NAMED_ENTITIES:
            raise bad_request(f'can\'t parse entities: Unsupported HTML entity "&{name};"')
        self.plain.append(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        """Numeric entities are all supported."""
        self.plain.append(html.unescape(f"&#{name};"))

    def handle_comment(self, data: str) -> None:
        """Comments are not supported."""
        raise bad_request('can\'t parse entities: Unsupported start tag "!--"')

    def handle_decl(self, decl: str) -> None:
        """Declarations are not supported."""
        raise bad_request('can\'t parse entities: Unsupported start tag "!"')

    def handle_pi(self, data: str) -> None:
        """Processing instructions are not supported."""
        raise bad_request('can\'t parse entities: Unsupported start tag "?"')

    def unknown_decl(self, data: str) -> None:
        """CDATA and other declarations are not supported."""
        raise bad_request('can\'t parse entities: Unsupported start tag "!["')


def parse_text(text: str, parse_mode: str | None) -> str:
    """The visible text of a message, raising TelegramError where Telegram would refuse it."""
    if parse_mode is None or parse_mode == "":
        plain = text
    elif parse_mode.upper() == "HTML":
        parser = _TelegramHTML()
        parser.feed(text)
        parser.close()
        if parser.stack:
            raise bad_request(
                "can't parse entities: Can't find end tag corresponding to start tag "
                f'"{parser.stack[-1]}"'
            )
        plain = "".join(parser.plain)
    else:
        raise bad_request(f"unsupported parse_mode in this stand-in: {parse_mode}")
    if not plain.strip():
        raise bad_request("message text is empty")
    if utf16_len(plain) > MAX_TEXT_UNITS:
        raise bad_request("message is too long")
    return plain


def check_reply_markup(markup: Any) -> None:
    """Validate a reply_markup as Telegram does (inline keyboards in detail)."""
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request('field "inline_keyboard" must be an Array of Arrays')
        buttons = [button for row in rows for button in row]
        if len(buttons) > MAX_INLINE_BUTTONS:
            raise bad_request("too many inline keyboard buttons")
        for button in buttons:
            _check_inline_button(button)
    elif not {"keyboard", "remove_keyboard", "force_reply"} & markup.keys():
        raise bad_request("can't parse reply keyboard markup JSON object")


def _check_inline_button(button: Any) -> None:
    """One inline button: non-empty text and exactly one action; callback data 1-64 bytes."""
    if not isinstance(button, dict) or not str(button.get("text", "")).strip():
        raise bad_request("can't parse inline keyboard button: Text must be non-empty")
    actions = set(button) - {"text", "style", "icon_custom_emoji_id"}
    if len(actions) != 1:
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed")
    data = button.get("callback_data")
    if "callback_data" in button and (
        not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES
    ):
        raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not str(button["url"]).startswith(("http://", "https://", "tg://")):
        raise bad_request("BUTTON_URL_INVALID")


def inline_buttons(markup: Any) -> list[dict[str, Any]]:
    """The inline buttons of a reply_markup, row by row, or [] when it has none."""
    if not isinstance(markup, dict):
        return []
    return [button for row in markup.get("inline_keyboard", []) for button in row]


@dataclass
class Call:
    """One Bot API call the bot made, with what the stand-in answered."""

    method: str
    params: dict[str, Any]
    status: int = 200
    result: Any = None
    description: str | None = None
    injected: bool = False
    retry_after: int | None = None
    at: float = field(default_factory=time.perf_counter)

    @property
    def ok(self) -> bool:
        """Whether the call succeeded."""
        return self.status == 200

    @property
    def chat_id(self) -> int | str | None:
        """The chat the call was about, if any."""
        return self.params.get("chat_id")

    @property
    def text(self) -> str:
        """The text as sent (HTML included)."""
        return str(self.params.get("text", ""))

    @property
    def plain(self) -> str:
        """The text as a user sees it (tags removed, entities decoded)."""
        return parse_text(self.text, self.params.get("parse_mode"))

    @property
    def message_id(self) -> int | None:
        """The id of the message sent or edited."""
        if isinstance(self.result, dict):
            return self.result.get("message_id")
        return self.params.get("message_id")

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """The inline buttons sent with the call, row by row."""
        return inline_buttons(self.params.get("reply_markup"))

    @property
    def body(self) -> dict[str, Any]:
        """The Bot API's JSON answer to the call."""
        if self.ok:
            return {"ok": True, "result": self.result}
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass
class _Failure:
    """A failure the stand-in was told to answer the next matching call(s) with."""

    method: str
    chat_id: int | None
    error: TelegramError
    remaining: int


class FakeBotAPI:
    """A stand-in Bot API server: start it, point PTB's base_url at `base_url`, drive it."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        username: str = "puente_test_bot",
        first_name: str = "Puente",
    ) -> None:
        self.token = token
        self.bot_user = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": first_name,
            "username": username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.calls: list[Call] = []
        # In-process runs (OfflineRequest) hand each update straight to the bot through this.
        self.deliver: Callable[[dict[str, Any]], None] | None = None
        # How many getUpdates long polls have begun (a poll is recorded in `calls` when it ends).
        self.polls_started = 0
        # When getUpdates first handed each update out (time.perf_counter()).
        self.delivered_at: dict[int, float] = {}
        # Current state of every message in every chat, keyed by (chat_id, message_id).
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        # Registered commands keyed by (scope type, language code).
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.webhook_url = ""
        self.blocked_chats: set[int] = set()
        self.known_chats: set[int] = set()
        self._languages: dict[int, str | None] = {}
        self._pending: list[dict[str, Any]] = []
        self._update_ids = itertools.count(100_000)
        self._query_ids = itertools.count(5_000_000)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._open_queries: set[str] = set()
        self._failures: list[_Failure] = []
        # Flood-control windows: (monotonic end, chat or None for every chat).
        self._flood: list[tuple[float, int | None]] = []
        # A bot-wide sendMessage budget (limit_rate): a bucket of at most one second's messages.
        self._rate: float | None = None
        self._tokens = 0.0
        self._refilled = 0.0
        # What each message's text was sent as, to tell a real edit from "not modified".
        self._sources: dict[tuple[int, int], tuple[Any, Any]] = {}
        self._cursors: dict[tuple[frozenset[str], int | None], int] = {}
        self._changed = asyncio.Condition()
        self._new_update = asyncio.Event()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on 127.0.0.1 on a free port."""
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        assert self._runner.addresses, "the stand-in did not bind"
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Release waiting long polls and stop listening."""
        self._closing.set()
        self._new_update.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """What to give PTB as base_url: it appends the token and the method itself."""
        return f"http://127.0.0.1:{self.port}/bot"

    # --- updates the "users" send -----------------------------------------------------------

    def queue_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Make an update (without update_id) available to getUpdates; returns it with its id."""
        update = {"update_id": next(self._update_ids), **update}
        if self.deliver is not None:
            self.delivered_at[update["update_id"]] = time.perf_counter()
            self.deliver(copy.deepcopy(update))
        else:
            self._pending.append(update)
            self._new_update.set()
        return update

    def send_text(
        self,
        chat_id: int,
        text: str,
        *,
        language_code: str | None = "",
        first_name: str = "Ana",
    ) -> dict[str, Any]:
        """A user writes `text` in their private chat; a leading /command gets its entity."""
        message = self._user_message(chat_id, language_code, first_name, text=text)
        command = LEADING_COMMAND_RE.match(text)
        if command:
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(command.group())}
            ]
        return self.queue_update({"message": message})

    def send_command(
        self, chat_id: int, command: str, args: str = "", *, language_code: str | None = ""
    ) -> dict[str, Any]:
        """A user sends /command (with optional arguments, e.g. a /start deep-link payload)."""
        text = f"/{command.lstrip('/')}" + (f" {args}" if args else "")
        return self.send_text(chat_id, text, language_code=language_code)

    def edit_text(
        self, chat_id: int, message_id: int, text: str, *, language_code: str | None = ""
    ) -> dict[str, Any]:
        """A user edits a message they sent earlier (an `edited_message` update)."""
        message = self.messages.get((chat_id, message_id))
        if message is None or message["from"]["id"] != chat_id:
            raise KeyError(f"chat {chat_id} has no user message {message_id}")
        message.update(
            text=text,
            edit_date=int(time.time()),
            **{"from": self._user(chat_id, language_code, message["from"]["first_name"])},
        )
        return self.queue_update({"edited_message": copy.deepcopy(message)})

    def delete_user_message(self, chat_id: int, message_id: int) -> None:
        """A user deletes a message they sent; replies to it no longer carry it, as in Telegram."""
        del self.messages[(chat_id, message_id)]
        for (chat, _), message in self.messages.items():
            replied = message.get("reply_to_message")
            if chat == chat_id and replied and replied["message_id"] == message_id:
                del message["reply_to_message"]

    def send_sticker(self, chat_id: int, *, language_code: str | None = "") -> dict[str, Any]:
        """A user sends a sticker."""
        sticker = {
            "file_id": f"CAACAgIAAxk-sticker-{chat_id}",
            "file_unique_id": f"sticker{chat_id}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "😀",
        }
        return self.queue_update(
            {"message": self._user_message(chat_id, language_code, "Ana", sticker=sticker)}
        )

    def send_photo(
        self, chat_id: int, caption: str | None = None, *, language_code: str | None = ""
    ) -> dict[str, Any]:
        """A user sends a photo, optionally with a caption."""
        photo = [
            {"file_id": f"AgACAgIAAxk-photo-{chat_id}-{size}", "file_unique_id": f"p{size}",
             "width": size, "height": size}
            for size in (90, 320, 800)
        ]  # fmt: skip
        extra: dict[str, Any] = {"photo": photo}
        if caption is not None:
            extra["caption"] = caption
        return self.queue_update(
            {"message": self._user_message(chat_id, language_code, "Ana", **extra)}
        )

    def press_button(
        self, chat_id: int, message_id: int, data: str, *, language_code: str | None = ""
    ) -> dict[str, Any]:
        """A user presses an inline button with callback `data` under a bot message."""
        message = self.messages.get((chat_id, message_id))
        if message is None:
            raise KeyError(f"chat {chat_id} has no message {message_id}")
        query_id = str(next(self._query_ids))
        self._open_queries.add(query_id)
        query = {
            "id": query_id,
            "from": self._user(chat_id, language_code, "Ana"),
            "message": copy.deepcopy(message),
            "chat_instance": str(-chat_id * 7919),
            "data": data,
        }
        return self.queue_update({"callback_query": query})

    def press(
        self,
        chat_id: int,
        message_id: int,
        *,
        label: str | None = None,
        data: str | None = None,
        prefix: str | None = None,
        language_code: str | None = "",
    ) -> dict[str, Any]:
        """Press the first button now under a bot message whose label contains `label`
        (ignoring case), whose callback data is `data`, or whose data starts with `prefix`."""
        buttons = self.buttons(chat_id, message_id)
        for button in buttons:
            value = button.get("callback_data")
            if value is None:
                continue
            if (
                (data is not None and value == data)
                or (prefix is not None and value.startswith(prefix))
                or (label is not None and label.casefold() in button["text"].casefold())
            ):
                return self.press_button(chat_id, message_id, value, language_code=language_code)
        shown = [(b.get("text"), b.get("callback_data")) for b in buttons]
        wanted = label or data or prefix
        raise AssertionError(f"no button {wanted!r} under message {message_id}: {shown}")

    def buttons(self, chat_id: int, message_id: int) -> list[dict[str, Any]]:
        """The inline buttons currently under a message (after any edits)."""
        message = self.messages.get((chat_id, message_id), {})
        return inline_buttons(message.get("reply_markup"))

    # --- inspection and waiting --------------------------------------------------------------

    def calls_of(self, method: str, chat_id: int | None = None) -> list[Call]:
        """Every recorded call of a method (any outcome), optionally for one chat."""
        key = method.lower()
        return [
            c
            for c in self.calls
            if c.method.lower() == key and (chat_id is None or c.chat_id == chat_id)
        ]

    @property
    def unconfirmed(self) -> list[int]:
        """Ids of the updates the bot has not yet confirmed with a later getUpdates offset."""
        return [update["update_id"] for update in self._pending]

    @property
    def rejected(self) -> list[Call]:
        """Calls refused because the bot sent something Telegram would refuse (not injected)."""
        return [c for c in self.calls if c.status == 400 and not c.injected]

    def commands_for(self, language_code: str = "", scope: str = "default") -> list[str]:
        """The command names registered for a language and scope type."""
        return [c["command"] for c in self.commands.get((scope, language_code), [])]

    async def next_calls(
        self,
        methods: str | Iterable[str],
        chat_id: int | None = None,
        count: int = 1,
        within: float = 5.0,
    ) -> list[Call]:
        """Wait for the next `count` successful calls of these methods (to one chat).

        Each (methods, chat) pair keeps its own cursor, so repeated calls return later calls.
        """
        names = frozenset(m.lower() for m in ([methods] if isinstance(methods, str) else methods))
        key = (names, chat_id)
        found: list[Call] = []
        position = self._cursors.get(key, 0)

        def enough() -> bool:
            nonlocal position
            while position < len(self.calls) and len(found) < count:
                call = self.calls[position]
                position += 1
                if (
                    call.ok
                    and call.method.lower() in names
                    and (chat_id is None or call.chat_id == chat_id)
                ):
                    found.append(call)
            return len(found) >= count

        try:
            async with self._changed:
                await asyncio.wait_for(self._changed.wait_for(enough), within)
        except TimeoutError:
            recent = [
                (c.method, c.status, c.description or c.text[:80])
                for c in self.calls
                if chat_id is None or c.chat_id == chat_id
            ][-8:]
            raise AssertionError(
                f"waited {within}s for {count} {sorted(names)} to chat {chat_id}, got "
                f"{len(found)}; recent calls: {recent}"
            ) from None
        self._cursors[key] = position
        return found

    async def next_message(self, chat_id: int, within: float = 5.0) -> Call:
        """The next message the bot sends to a chat."""
        return (await self.next_calls("sendMessage", chat_id, 1, within))[0]

    async def next_reply(self, chat_id: int, within: float = 5.0) -> Call:
        """The next message sent to, or edited in, a chat."""
        return (await self.next_calls(("sendMessage", "editMessageText"), chat_id, 1, within))[0]

    async def polling(self, within: float = 5.0) -> None:
        """Wait until the bot's first getUpdates long poll has begun (it is polling)."""
        await self.wait_until(lambda: self.polls_started > 0, within)

    async def wait_until(self, predicate: Callable[[], bool], within: float = 5.0) -> None:
        """Wait until `predicate()` holds, re-checking after every call."""
        try:
            async with self._changed:
                await asyncio.wait_for(self._changed.wait_for(predicate), within)
        except TimeoutError:
            raise AssertionError(f"condition not met within {within}s") from None

    async def quiet(self, chat_id: int | None = None, seconds: float = 0.3) -> list[Call]:
        """Wait `seconds` and return the calls made in that time (to one chat)."""
        start = len(self.calls)
        await asyncio.sleep(seconds)
        return [c for c in self.calls[start:] if chat_id is None or c.chat_id == chat_id]

    # --- failure injection -------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int = 500,
        description: str | None = None,
        chat_id: int | None = None,
        times: int = 1,
        retry_after: int | None = None,
    ) -> None:
        """Answer the next `times` calls of `method` (to `chat_id`, if given) with an error."""
        default = {
            403: "Forbidden: bot was blocked by the user",
            429: f"Too Many Requests: retry after {retry_after}",
            500: "Internal Server Error",
            502: "Bad Gateway",
        }
        text = description or default.get(status, f"Error {status}")
        self._failures.append(
            _Failure(method.lower(), chat_id, TelegramError(status, text, retry_after), times)
        )

    def rate_limit_next(
        self, method: str, retry_after: int = 1, *, chat_id: int | None = None, times: int = 1
    ) -> None:
        """Answer the next call(s) with 429 Too Many Requests, retry after `retry_after` s."""
        self.fail_next(method, status=429, chat_id=chat_id, times=times, retry_after=retry_after)

    def flood_control(self, seconds: int, *, chat_id: int | None = None) -> None:
        """Telegram's flood control: every call (to `chat_id`, if given) during the next
        `seconds` gets 429 with the seconds left to wait."""
        self._flood.append((time.monotonic() + seconds, chat_id))

    def limit_rate(self, per_second: float) -> None:
        """Allow the bot `per_second` sendMessage calls a second overall; beyond that, 429."""
        self._rate, self._tokens, self._refilled = per_second, per_second, time.monotonic()

    def _over_rate(self, now: float) -> bool:
        """Take one message from the budget; True when there is none left."""
        if self._rate is None:
            return False
        self._tokens = min(self._rate, self._tokens + (now - self._refilled) * self._rate)
        self._refilled = now
        if self._tokens < 1:
            return True
        self._tokens -= 1
        return False

    def block_chat(self, chat_id: int) -> None:
        """The user blocks the bot: every later call to this chat gets 403."""
        self.blocked_chats.add(chat_id)

    # --- HTTP --------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        """Answer one Bot API request over HTTP."""
        if request.match_info["token"] != self.token:
            return web.json_response(UNAUTHORIZED, status=401)
        call = await self.call(request.match_info["method"], await self._params(request))
        return web.json_response(call.body, status=call.status)

    async def call(self, method: str, params: dict[str, Any]) -> Call:
        """Answer one Bot API call as Telegram would (injected failures first) and record it."""
        call = Call(method, params)
        try:
            self._injected_failure(method, params)
            handler = getattr(self, "_m_" + method.lower(), None)
            if handler is None:
                raise TelegramError(404, "Not Found: method not found")
            call.result = await handler(params)
        except TelegramError as exc:
            call.status, call.description = exc.status, exc.description
            call.injected, call.retry_after = exc.injected, exc.retry_after
        await self._record(call)
        return call

    async def _record(self, call: Call) -> None:
        """Store a call and wake every waiter."""
        self.calls.append(call)
        async with self._changed:
            self._changed.notify_all()

    def _injected_failure(self, method: str, params: dict[str, Any]) -> None:
        """Raise the failure queued for this call, or 403 for a chat that blocked the bot."""
        chat_id = params.get("chat_id")
        if chat_id in self.blocked_chats:
            raise TelegramError(403, "Forbidden: bot was blocked by the user", injected=True)
        now = time.monotonic()
        for until, chat in self._flood:
            if now < until and chat in (None, chat_id) and method.lower() != "getupdates":
                wait = math.ceil(until - now)
                raise TelegramError(
                    429, f"Too Many Requests: retry after {wait}", wait, injected=True
                )
        if method.lower() == "sendmessage" and self._over_rate(now):
            raise TelegramError(429, "Too Many Requests: retry after 1", 1, injected=True)
        for failure in self._failures:
            if failure.method == method.lower() and failure.chat_id in (None, chat_id):
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self._failures.remove(failure)
                error = failure.error
                raise TelegramError(
                    error.status, error.description, error.retry_after, injected=True
                )

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        """Parameters from a JSON body, a form body (as PTB sends them) or the query string."""
        if request.content_type == "application/json":
            return dict(await request.json())
        raw: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            form = await request.post()
            raw.update({k: v for k, v in form.items() if isinstance(v, str)})
        return {name: _decode_field(name, value) for name, value in raw.items()}

    # --- building messages ---------------------------------------------------------------------

    def _user(self, chat_id: int, language_code: str | None, first_name: str) -> dict[str, Any]:
        """The private-chat user behind `chat_id`; "" keeps the chat's last language (or en)."""
        if language_code == "":
            language_code = self._languages.get(chat_id, "en")
        self._languages[chat_id] = language_code
        user: dict[str, Any] = {"id": chat_id, "is_bot": False, "first_name": first_name}
        if language_code is not None:
            user["language_code"] = language_code
        return user

    def _chat_object(self, chat_id: int) -> dict[str, Any]:
        """A private chat as Telegram describes it."""
        return {"id": chat_id, "type": "private", "first_name": "Ana"}

    def _next_message_id(self, chat_id: int) -> int:
        """Message ids count up per private chat, shared by both sides as in Telegram."""
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _user_message(
        self, chat_id: int, language_code: str | None, first_name: str, **content: Any
    ) -> dict[str, Any]:
        """A message from the user, remembered so the bot may reply to it."""
        self.known_chats.add(chat_id)
        message = {
            "message_id": self._next_message_id(chat_id),
            "from": self._user(chat_id, language_code, first_name),
            "chat": self._chat_object(chat_id),
            "date": int(time.time()),
            **content,
        }
        self.messages[(chat_id, message["message_id"])] = message
        return copy.deepcopy(message)

    def _target_chat(self, params: dict[str, Any]) -> int:
        """The chat a call writes to; Telegram refuses unknown and never-contacted chats."""
        chat_id = params.get("chat_id")
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = params["chat_id"] = int(chat_id)
        if not isinstance(chat_id, int) or isinstance(chat_id, bool):
            raise bad_request("chat not found")
        if chat_id not in self.known_chats:
            raise TelegramError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat_id

    def _bot_message(
        self, chat_id: int, plain: str, markup: Any, source: tuple[Any, Any]
    ) -> dict[str, Any]:
        """Store and return a new message from the bot."""
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat_id),
            "from": {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")},
            "chat": self._chat_object(chat_id),
            "date": int(time.time()),
            "text": plain,
        }
        self._sources[(chat_id, message["message_id"])] = source
        if inline_buttons(markup):
            message["reply_markup"] = markup
        self.messages[(chat_id, message["message_id"])] = message
        return copy.deepcopy(message)

    def _own_message(self, params: dict[str, Any]) -> dict[str, Any]:
        """The bot's own message an edit refers to."""
        if "inline_message_id" in params:
            raise bad_request("inline messages are not supported by this stand-in")
        chat_id = self._target_chat(params)
        message = self.messages.get((chat_id, params.get("message_id", 0)))
        if message is None:
            raise bad_request("message to edit not found")
        if message["from"]["id"] != self.bot_user["id"]:
            raise bad_request("message can't be edited")
        return message

    @staticmethod
    def _keyboard(markup: Any) -> Any:
        """An edit's keyboard as Telegram keeps it: inline only, and none when it is empty."""
        if markup is not None and "inline_keyboard" not in markup:
            raise bad_request("only inline keyboards can be edited in")
        return markup if inline_buttons(markup) else None

    # --- Bot API methods (named _m_<lowercased method>) ---------------------------------------

    async def _m_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        """The bot itself."""
        return dict(self.bot_user)

    async def _m_getupdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Confirm updates below `offset`, then long-poll up to `timeout` s for new ones."""
        self.polls_started += 1
        async with self._changed:
            self._changed.notify_all()
        offset = int(params.get("offset") or 0)
        limit = max(1, min(int(params.get("limit") or 100), 100))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + float(params.get("timeout") or 0)
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        while not self._pending and not self._closing.is_set():
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), remaining)
            except TimeoutError:
                break
        batch = self._pending[offset:] if offset < 0 else self._pending[:limit]
        now = time.perf_counter()
        for update in batch:
            self.delivered_at.setdefault(update["update_id"], now)
        return batch

    async def _m_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        """Send a text message to a chat that has written to the bot."""
        chat_id = self._target_chat(params)
        plain = parse_text(str(params.get("text") or ""), params.get("parse_mode"))
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        if isinstance(markup, dict) and markup.get("inline_keyboard") == []:
            raise bad_request("reply markup is empty")  # Telegram sends no empty keyboard
        reply = params.get("reply_parameters") or {}
        reply_to = reply.get("message_id") or params.get("reply_to_message_id")
        without_reply = reply.get("allow_sending_without_reply") or params.get(
            "allow_sending_without_reply"
        )
        if reply_to and (chat_id, reply_to) not in self.messages and not without_reply:
            raise bad_request("message to be replied not found")
        source = (params.get("text"), params.get("parse_mode"))
        message = self._bot_message(chat_id, plain, markup, source)
        replied = self.messages.get((chat_id, reply_to)) if reply_to else None
        if replied is not None:
            # As Telegram: the replied-to message, one level deep, here and in button taps.
            quoted = {k: v for k, v in replied.items() if k != "reply_to_message"}
            self.messages[(chat_id, message["message_id"])]["reply_to_message"] = quoted
            message["reply_to_message"] = copy.deepcopy(quoted)
        return message

    async def _m_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any]:
        """Edit a message's text; an edit without reply_markup removes the keyboard."""
        message = self._own_message(params)
        plain = parse_text(str(params.get("text") or ""), params.get("parse_mode"))
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        markup = self._keyboard(markup)
        key = (message["chat"]["id"], message["message_id"])
        source = (params.get("text"), params.get("parse_mode"))
        if self._sources.get(key) == source and message.get("reply_markup") == markup:
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        self._sources[key] = source
        return self._apply_edit(message, markup, text=plain)

    async def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        """Replace (or, without reply_markup, remove) a message's inline keyboard."""
        message = self._own_message(params)
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        markup = self._keyboard(markup)
        if message.get("reply_markup") == markup:
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        return self._apply_edit(message, markup)

    def _apply_edit(
        self, message: dict[str, Any], markup: Any, text: str | None = None
    ) -> dict[str, Any]:
        """Store an edit and return the edited message."""
        if text is not None:
            message["text"] = text
        if markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = markup
        message["edit_date"] = int(time.time())
        return copy.deepcopy(message)

    async def _m_deletemessage(self, params: dict[str, Any]) -> bool:
        """Delete a message."""
        chat_id = self._target_chat(params)
        if self.messages.pop((chat_id, params.get("message_id", 0)), None) is None:
            raise bad_request("message to delete not found")
        return True

    async def _m_answercallbackquery(self, params: dict[str, Any]) -> bool:
        """Each query can be answered once, with at most 200 characters of text."""
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self._open_queries:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(str(params.get("text") or "")) > MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        return True

    async def _m_sendchataction(self, params: dict[str, Any]) -> bool:
        """Show "typing…" and the like."""
        self._target_chat(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    async def _m_setmycommands(self, params: dict[str, Any]) -> bool:
        """Register commands per scope and language, refusing names Telegram refuses."""
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            if not COMMAND_RE.match(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise bad_request("command description must be non-empty")
        self.commands[self._commands_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def _m_deletemycommands(self, params: dict[str, Any]) -> bool:
        """Forget the commands of a scope and language."""
        self.commands.pop(self._commands_key(params), None)
        return True

    async def _m_getmycommands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        """The commands of a scope and language."""
        return self.commands.get(self._commands_key(params), [])

    @staticmethod
    def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
        """(scope type, language code) for the command methods."""
        language = str(params.get("language_code") or "")
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise bad_request("invalid language code specified")
        scope = params.get("scope") or {"type": "default"}
        return str(scope.get("type", "default")), language

    async def _m_setmydescription(self, params: dict[str, Any]) -> bool:
        """The bot's description (at most 512 characters)."""
        if len(str(params.get("description") or "")) > 512:
            raise bad_request("BOT_DESCRIPTION_INVALID")
        return True

    async def _m_setmyshortdescription(self, params: dict[str, Any]) -> bool:
        """The bot's short description (at most 120 characters)."""
        if len(str(params.get("short_description") or "")) > 120:
            raise bad_request("BOT_SHORT_DESCRIPTION_INVALID")
        return True

    async def _m_deletewebhook(self, params: dict[str, Any]) -> bool:
        """Switch back to getUpdates, optionally dropping pending updates."""
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._pending.clear()
        return True

    async def _m_setwebhook(self, params: dict[str, Any]) -> bool:
        """Remember the webhook URL (updates are still only served by getUpdates)."""
        self.webhook_url = str(params.get("url") or "")
        return True

    async def _m_getwebhookinfo(self, params: dict[str, Any]) -> dict[str, Any]:
        """The webhook URL and how many updates are pending."""
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }

    async def _m_close(self, params: dict[str, Any]) -> bool:
        """Accept closing the bot instance."""
        return True

    async def _m_logout(self, params: dict[str, Any]) -> bool:
        """Accept logging out of the cloud Bot API."""
        return True


class OfflineRequest(BaseRequest):
    """PTB's transport to the stand-in without HTTP: each call is answered in-process, with the
    same checks and recorded the same way (PTB's own tests use such a request object)."""

    def __init__(self, api: FakeBotAPI) -> None:
        self.api = api

    @property
    def read_timeout(self) -> float | None:
        """No network, so nothing to wait for."""
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = None,
        write_timeout: object = None,
        connect_timeout: object = None,
        pool_timeout: object = None,
    ) -> tuple[int, bytes]:
        """Answer `.../bot<token>/<method>` with the stand-in's status and JSON body."""
        path, name = url.rsplit("/", 1)
        if not path.endswith("/bot" + self.api.token):
            return 401, json.dumps(UNAUTHORIZED).encode()
        fields = request_data.json_parameters if request_data is not None else {}
        # Decoded as the HTTP stand-in decodes PTB's form fields, so both see the same params.
        params = {key: _decode_field(key, value) for key, value in fields.items()}
        call = await self.api.call(name, params)
        return call.status, json.dumps(call.body).encode()


def _decode_field(name: str, value: str) -> Any:
    """PTB form-encodes strings as-is and everything else as JSON."""
    if name in STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value

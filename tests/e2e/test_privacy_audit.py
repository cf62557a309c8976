"""A whole conversation, then an audit: every table (an SQLite dump and its raw files, or
pg_dump) and the whole log are searched for what the person said and for their chat id.

Allowed: the chat id in `chats`, `subscriptions` and the `deliveries` of a broadcast it got, until
/forget, and the scrubbed question the person agreed to keep in `unanswered_questions`. Nowhere
else, and nothing after /forget.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from db.seed import seed
from tests.conftest import POSTGRES_URL
from tests.e2e.broadcastkit import broadcast_id, finished, puente
from tests.e2e.conftest import FIXTURE_CONTENT, BotHarness, bot_on
from tests.fakebotapi import Call
from tests.logkit import logged_text

CHAT = 7412903561
NAME, SURNAME = "Xochiquetzal", "Tlacuilo"
KEPT = (
    "mi nombre es Xochiquetzal Tlacuilo, vivo en 4821 W Pico Blvd, Apt 2, CA 90019, A-number"
    " A098765432, cel (323) 206-9876, receta de tamales de elote"
)
REFUSED = (
    "my name is Xochiquetzal Tlacuilo, email xochi.tlacuilo@example.org, SSN 512-44-9087, "
    "date of birth 14/03/1990, how do i bake sourdough bread"
)
ANSWERED = "soy Xochiquetzal, la migra esta en mi puerta que hago"
# What must never be stored or logged: who they are, and the questions not agreed to keep.
PERSONAL = (
    NAME,
    SURNAME,
    "4821",
    "Pico Blvd",
    "90019",
    "A098765432",
    "098765432",
    "206-9876",
    "xochi.tlacuilo",
    "512-44-9087",
    "14/03/1990",
    "sourdough",
    "la migra esta",
)
KEPT_SCRUBBED = (
    "mi nombre es [name], vivo en [address], A-number [A-number], cel [phone], "
    "receta de tamales de elote"
)


def chat_id_forms() -> tuple[bytes, ...]:
    """The chat id as text and as SQLite stores an integer (6 bytes, big-endian)."""
    return (str(CHAT).encode(), CHAT.to_bytes(6, "big"))


async def converse(bot: BotHarness) -> None:
    """Start, ask (keep one question, refuse another), get an answer, vote, subscribe and get a
    broadcast."""

    async def say(text: str, lang: str) -> Call:
        bot.api.send_text(CHAT, text, language_code=lang, first_name=NAME)
        return await bot.api.next_reply(CHAT)

    await say("/start", "es")
    await bot.press(CHAT, await say(KEPT, "es"), prefix="k:1:")
    await bot.press(CHAT, await say(REFUSED, "en"), prefix="k:0:")
    answer = await say(ANSWERED, "es")
    await bot.press_for_keyboard(CHAT, answer, prefix="f:1:")
    subscribe = await say("/subscribe", "es")
    await bot.press_for_keyboard(CHAT, subscribe, data="s:all")
    out = await puente(bot.database_url, "broadcast", "--en", "Meeting", "--es", "Reunión")
    await finished(bot.engine, broadcast_id(out))
    assert (await bot.api.next_reply(CHAT)).plain.startswith("Reunión")


def sqlite_dump(path: Path) -> str:
    """Every table's schema and rows, as `sqlite3 .dump` writes them."""
    with closing(sqlite3.connect(path)) as conn:
        return "\n".join(conn.iterdump())


async def pg_dump(url: str) -> str:
    """Every table's schema and rows, as `pg_dump` writes them."""
    process = await asyncio.create_subprocess_exec(
        "pg_dump", "--no-owner", "--inserts", url,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return out.decode()


def _bounded(value: str) -> str:
    """A pattern for a value; a number must not be part of a longer one (the street number
    "4821" is not leaked by a timestamp's microseconds ".148213")."""
    start = r"(?<![0-9])" if value[0].isdigit() else ""
    end = r"(?![0-9])" if value[-1].isdigit() else ""
    return start + re.escape(value) + end


def holds(text: str, value: str) -> bool:
    """Whether text holds a value (a number only as a whole number)."""
    return re.search(_bounded(value), text) is not None


def lines_with(dump: str, value: str) -> list[str]:
    """The dump lines that hold a value."""
    return [line for line in dump.splitlines() if holds(line, value)]


def assert_only_allowed(dump: str, *, forgotten: bool) -> None:
    """The chat id only in chats/subscriptions/deliveries (none once forgotten), personal data
    nowhere, and the kept question only scrubbed, in unanswered_questions."""
    holders = {line.split("(")[0].split(" VALUES")[0] for line in lines_with(dump, str(CHAT))}
    allowed = set() if forgotten else {"chats", "subscriptions", "deliveries"}
    assert all(any(table in h for table in allowed) for h in holders), holders
    if not forgotten:
        assert all(any(table in h for h in holders) for table in allowed), holders
    for value in PERSONAL:
        assert not lines_with(dump, value), f"{value!r} is stored"
    kept = lines_with(dump, "tamales de elote")
    assert kept and all(KEPT_SCRUBBED in line for line in kept)


def assert_no_trace(folder: Path, pattern: str) -> None:
    """No personal data and no form of the chat id anywhere in these files' bytes."""
    for path in sorted(folder.glob(pattern)):
        raw = path.read_bytes()
        for value in PERSONAL:
            found = re.search(_bounded(value).encode(), raw)
            assert found is None, f"{value!r} is in {path.name} at {found.start()}"
        for form in chat_id_forms():
            assert form not in raw, f"{form!r} is in {path.name} at {raw.find(form)}"


async def test_sqlite_holds_nothing_personal_and_forget_leaves_no_trace(
    fixture_template: Path, tmp_path: Path, production_logging: pytest.LogCaptureFixture
) -> None:
    logging.getLogger("telegram").setLevel(logging.DEBUG)
    database = tmp_path / "puente.db"
    shutil.copyfile(fixture_template, database)
    async with bot_on(f"sqlite:///{database}", broadcast_poll_seconds=0.2) as bot:
        await converse(bot)
        assert_only_allowed(sqlite_dump(database), forgotten=False)
        await bot.command(CHAT, "forget", lang="es")
        # While the bot runs: not even in free pages or in the write-ahead log.
        assert_no_trace(tmp_path, "puente.db*")

    assert_only_allowed(sqlite_dump(database), forgotten=True)
    log = logged_text(production_logging)
    for value in (*PERSONAL, str(CHAT), "tamales"):
        assert not holds(log, value), f"{value!r} reached the log"


@pytest.mark.postgres
async def test_postgresql_holds_nothing_personal_after_forget(
    postgres_url: str, production_logging: pytest.LogCaptureFixture
) -> None:
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    await seed(postgres_url, FIXTURE_CONTENT)
    async with bot_on(postgres_url, broadcast_poll_seconds=0.2) as bot:
        await converse(bot)
        assert_only_allowed(await pg_dump(POSTGRES_URL), forgotten=False)
        await bot.command(CHAT, "forget", lang="es")

    assert_only_allowed(await pg_dump(POSTGRES_URL), forgotten=True)
    log = logged_text(production_logging)
    for value in (*PERSONAL, str(CHAT), "tamales"):
        assert not holds(log, value), f"{value!r} reached the log"

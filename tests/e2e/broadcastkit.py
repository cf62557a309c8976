"""Helpers for broadcast tests: subscribers made directly in the database, broadcasts made with
the `puente` command, and waiting for the queue to drain."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from bot.cli import app as cli_app
from db.models import Broadcast, Chat, Delivery, Subscription
from tests.fakebotapi import Call, FakeBotAPI

EN_TEXT = "<b>Community meeting</b> on Friday at 6 pm."
ES_TEXT = "<b>Reunión comunitaria</b> el viernes a las 6 pm."


async def add_subscribers(
    engine: AsyncEngine, api: FakeBotAPI | None, chats: dict[int, str], topic: str = "general"
) -> None:
    """Chats (id → language) that wrote to the bot earlier and subscribed to `topic`."""
    async with engine.begin() as conn:
        await conn.execute(
            insert(Chat),
            [{"chat_id": c, "lang": lang, "blocked": False} for c, lang in chats.items()],
        )
        await conn.execute(insert(Subscription), [{"chat_id": c, "topic": topic} for c in chats])
    if api is not None:
        api.known_chats.update(chats)


async def puente(
    database_url: str, *args: str, code: int = 0, env: dict[str, str] | None = None
) -> str:
    """Run a `puente` command against a database (in a thread: it runs its own event loop)."""
    env = {"DATABASE_URL": database_url, **(env or {})}
    result = await asyncio.to_thread(CliRunner().invoke, cli_app, list(args), env=env)
    assert result.exit_code == code, result.output
    return result.output


def broadcast_id(output: str) -> int:
    """The id `puente broadcast` printed."""
    return int(output.split(":", 1)[0].removeprefix("broadcast "))


async def status_of(engine: AsyncEngine, broadcast: int) -> str:
    """A broadcast's status."""
    async with engine.connect() as conn:
        return str(await conn.scalar(select(Broadcast.status).where(Broadcast.id == broadcast)))


async def finished(engine: AsyncEngine, broadcast: int, within: float = 30.0) -> None:
    """Wait until the sender has marked a broadcast done."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while await status_of(engine, broadcast) != "done":
        assert loop.time() < deadline, await deliveries(engine, broadcast)
        await asyncio.sleep(0.05)


async def deliveries(engine: AsyncEngine, broadcast: int) -> dict[int, tuple[str, str | None]]:
    """chat → (status, reason) of a broadcast's deliveries."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(Delivery.chat_id, Delivery.status, Delivery.reason).where(
                Delivery.broadcast_id == broadcast
            )
        )
        return {chat: (status, reason) for chat, status, reason in rows.all()}


def sends(api: FakeBotAPI, chats: Iterable[int] | None = None) -> dict[int, list[Call]]:
    """Successful sendMessage calls per chat."""
    wanted = None if chats is None else set(chats)
    found: dict[int, list[Call]] = {}
    for call in api.calls_of("sendMessage"):
        chat = call.chat_id
        if call.ok and isinstance(chat, int) and (wanted is None or chat in wanted):
            found.setdefault(chat, []).append(call)
    return found

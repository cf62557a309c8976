"""`puente run` as an operator starts it: a real process, polling or behind a webhook, stopped by
SIGTERM; its log never holds what people wrote."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest

from tests.fakebotapi import FakeBotAPI
from tests.netkit import free_port

CHAT = 801
QUESTION = "que hago si la migra toca mi puerta, me llamo Xochiquetzal"
STARTUP_SECONDS = 20.0
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX signals")


@asynccontextmanager
async def puente_run(
    api: FakeBotAPI, database: str, *args: str, env: dict[str, str] | None = None
) -> AsyncIterator[asyncio.subprocess.Process]:
    """Run `puente run ARGS` against the stand-in; on leaving, it must have been stopped."""
    environment = {
        **os.environ,
        "DATABASE_URL": database,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        **(env or {}),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "from bot.cli import main; main()", "run", *args,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def listening(port: int, within: float = STARTUP_SECONDS) -> None:
    """Wait until something accepts connections on the port (PTB registers the webhook with
    Telegram before its server is up; Telegram retries, and so does this)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        try:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            assert asyncio.get_running_loop().time() < deadline, f"nothing listens on {port}"
            await asyncio.sleep(0.05)
        else:
            writer.close()
            await writer.wait_closed()
            return


async def stop(process: asyncio.subprocess.Process) -> str:
    """Send SIGTERM, wait for a clean exit, and return everything the process logged."""
    process.send_signal(signal.SIGTERM)
    output, _ = await asyncio.wait_for(process.communicate(), timeout=15)
    log = output.decode()
    assert process.returncode == 0, log
    return log


@pytest.fixture
def database(shipped_database: str) -> str:
    """A database of each backend, seeded with the shipped content."""
    return shipped_database


async def test_polling_answers_then_stops_cleanly_on_sigterm(database: str) -> None:
    async with FakeBotAPI() as api, puente_run(api, database) as process:
        await api.polling(within=STARTUP_SECONDS)
        api.send_text(CHAT, QUESTION, language_code="en")
        reply = await api.next_reply(CHAT, within=10)
        log = await stop(process)

    assert reply.plain.startswith("No. No abra la puerta")
    assert "Starting Puente with long polling" in log
    assert "Traceback" not in log
    # Nothing of what the person wrote, nor the bot's token, reaches the log.
    assert "Xochiquetzal" not in log and "migra" not in log
    assert api.token not in log


async def test_webhook_mode_takes_updates_only_with_its_secret(database: str) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram-hook"
    settings = {"WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": str(port)}
    async with (
        FakeBotAPI() as api,
        puente_run(api, database, "--webhook", url, env=settings) as process,
        aiohttp.ClientSession() as http,
    ):
        await api.wait_until(lambda: bool(api.calls_of("setWebhook")), within=STARTUP_SECONDS)
        await listening(port)
        registered = api.calls_of("setWebhook")[-1].params
        assert registered["url"] == url
        secret = registered["secret_token"]
        update = api.send_text(CHAT, QUESTION, language_code="en")

        # Telegram sends the secret back with every update; anyone else is turned away.
        async with http.post(url, json=update) as forged:
            assert forged.status == 403
        await api.quiet(CHAT, 0.5)
        assert api.calls_of("sendMessage", CHAT) == []

        headers = {"X-Telegram-Bot-Api-Secret-Token": str(secret)}
        async with http.post(url, json=update, headers=headers) as delivered:
            assert delivered.status == 200
        reply = await api.next_reply(CHAT, within=10)
        log = await stop(process)

    assert reply.plain.startswith("No. No abra la puerta")
    assert "Starting Puente with a webhook on 127.0.0.1" in log
    assert "Xochiquetzal" not in log and api.token not in log

"""Whatever fails, the log holds no message text, name, username, user id or secret, and one
unreadable update never stalls the others."""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot import logsafety
from bot.app import build_application
from bot.settings import Settings
from tests.e2e.conftest import BotHarness
from tests.e2e.test_process import STARTUP_SECONDS, puente_run, stop
from tests.fakebotapi import FakeBotAPI
from tests.logkit import logged_text
from tests.netkit import free_port, run_puente

SENDER = 5550001234
OTHER = 902
NAME, USERNAME = "Xochiquetzal", "xochi_la_bonita"
TEXT = "me llamo Xochiquetzal Tlatelolco, mi telefono es 213-555-0199"
PERSONAL = (NAME, "Tlatelolco", USERNAME, str(SENDER), "213-555-0199", "me llamo")


def unreadable_update(api: FakeBotAPI) -> dict[str, Any]:
    """A message PTB cannot parse (its sender lacks is_bot), full of personal data."""
    sender = {"id": SENDER, "first_name": NAME, "username": USERNAME, "language_code": "es"}
    message = {
        "message_id": 1,
        "from": sender,
        "chat": {"id": SENDER, "type": "private", "first_name": NAME, "username": USERNAME},
        "date": int(time.time()),
        "text": TEXT,
    }
    return api.queue_update({"message": message})


def assert_nothing_personal(log: str, *secrets: str) -> None:
    """None of the sender's data, nor any secret, appears anywhere in the log."""
    for value in (*PERSONAL, *secrets):
        assert value not in log, f"{value!r} reached the log"


@pytest.mark.over_http
async def test_polling_skips_an_unreadable_update_and_answers_the_next(
    bot: BotHarness, production_logging: pytest.LogCaptureFixture
) -> None:
    poison = unreadable_update(bot.api)
    reply = await bot.say(OTHER, "ice at my door what do i do")

    # The other chat is answered, and the unreadable update was confirmed (never fetched again).
    assert reply.plain.startswith("No. Do not open the door")
    polls = len(bot.api.calls_of("getUpdates"))
    await bot.say(OTHER, "la migra en mi puerta que hago", lang="es")
    assert poison["update_id"] not in bot.api.unconfirmed
    assert len(bot.api.calls_of("getUpdates")) - polls <= 2  # no refetch loop
    log = logged_text(production_logging)
    assert f"Skipped update {poison['update_id']}: it could not be read (TypeError)" in log
    assert_nothing_personal(log, bot.api.token)


@pytest.mark.over_http
async def test_debug_logs_of_a_conversation_hold_nothing_personal(
    bot: BotHarness, production_logging: pytest.LogCaptureFixture
) -> None:
    # PTB at DEBUG logs every Bot API call with its parameters and every update it receives.
    logging.getLogger("telegram").setLevel(logging.DEBUG)
    logging.getLogger("httpx").setLevel(logging.DEBUG)
    bot.api.send_text(SENDER, TEXT, language_code="es", first_name=NAME)
    await bot.api.next_reply(SENDER)

    log = logged_text(production_logging)
    assert "Calling Bot API endpoint `sendMessage` with parameters `[withheld]`" in log
    assert_nothing_personal(log, bot.api.token)


async def test_webhook_rejects_bad_updates_without_logging_who_sent_them(
    fixture_template: Path, tmp_path: Path, production_logging: pytest.LogCaptureFixture
) -> None:
    port, secret = free_port(), "webhook-secret-that-must-never-be-logged-0123"
    logsafety.add_secrets(secret)
    logging.getLogger("telegram").setLevel(logging.DEBUG)
    database = tmp_path / "puente.db"
    shutil.copyfile(fixture_template, database)
    url = f"http://127.0.0.1:{port}/hook"
    async with FakeBotAPI() as api:
        settings = Settings(
            database_url=f"sqlite:///{database}",
            telegram_bot_token=api.token,
            telegram_api_base_url=api.base_url,
        )
        app = build_application(settings)
        async with app, aiohttp.ClientSession() as http:
            await app.start()
            assert app.updater is not None
            await app.updater.start_webhook(
                listen="127.0.0.1", port=port, url_path="hook", webhook_url=url, secret_token=secret
            )
            try:
                statuses = [
                    await post(http, url, unreadable_update(api), secret),
                    await post(http, url, unreadable_update(api), "guess"),
                    await post(
                        http, url, api.send_text(OTHER, "ice at my door what do i do"), secret
                    ),
                ]
                reply = await api.next_reply(OTHER)
            finally:
                await app.updater.stop()
                await app.stop()

    assert statuses == [400, 403, 200]
    assert reply.plain.startswith("No. Do not open the door")
    log = logged_text(production_logging)
    assert "Received data was *not* processed! Received data was: '[withheld]'" in log
    assert_nothing_personal(log, api.token, secret)


async def post(http: aiohttp.ClientSession, url: str, update: dict[str, Any], secret: str) -> int:
    """Deliver an update to the webhook as Telegram does; the HTTP status it got."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
    async with http.post(url, json=update, headers=headers) as response:
        return response.status


@pytest.mark.parametrize(
    "token",
    ["999999:AAWrongTokenThatTelegramRefuses_abcdefghij", "not a token, just a s3cret phrase"],
)
async def test_a_refused_token_is_one_line_that_never_shows_it(
    fixture_template: Path, tmp_path: Path, token: str
) -> None:
    database = tmp_path / "puente.db"
    shutil.copyfile(fixture_template, database)
    async with FakeBotAPI() as api:
        environment = {
            "DATABASE_URL": f"sqlite:///{database}",
            "TELEGRAM_BOT_TOKEN": token,
            "TELEGRAM_API_BASE_URL": api.base_url,
        }
        code, log = await run_puente("run", env=environment)

    assert code == 2
    assert log.splitlines()[-1] == (
        "puente: Telegram rejected TELEGRAM_BOT_TOKEN: copy the token again from @BotFather."
    )
    assert token not in log and token.split(":")[-1] not in log and "s3cret" not in log


async def test_puente_run_moves_past_an_unreadable_update_with_a_short_clean_log(
    fixture_template: Path, tmp_path: Path
) -> None:
    database = tmp_path / "puente.db"
    shutil.copyfile(fixture_template, database)
    async with FakeBotAPI() as api, puente_run(api, f"sqlite:///{database}") as process:
        await api.polling(within=STARTUP_SECONDS)
        poison = unreadable_update(api)
        api.send_text(OTHER, "ice at my door what do i do", language_code="en")
        reply = await api.next_reply(OTHER, within=10)
        log = await stop(process)

    assert reply.plain.startswith("No. Do not open the door")
    assert f"Skipped update {poison['update_id']}: it could not be read (TypeError)" in log
    assert len(log.splitlines()) < 200  # once, not a loop (it was 22 MB in 15 s)
    assert_nothing_personal(log, api.token)

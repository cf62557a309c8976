"""`puente doctor`: one line per check, the token never shown, exit 1 when something is wrong."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.cli_doctor import Check, diagnose
from db import locks, migrate
from db.seed import seed
from db.session import make_engine
from tests.contentkit import intent_data, write_content
from tests.fakebotapi import FakeBotAPI
from tests.netkit import free_port, run_puente

TODAY = date(2026, 11, 21)


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """A clean environment for the settings doctor reads."""
    for name in ("DATABASE_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    yield monkeypatch


async def seeded(url: str, folder: Path) -> str:
    """The URL, after seeding two intents and one program reviewed on 2026-11-01."""
    await seed(url, write_content(folder, [intent_data("a"), intent_data("b")]), today=TODAY)
    return url


def lines(checks: Sequence[Check]) -> list[str]:
    """The checks as doctor prints them."""
    return [str(check) for check in checks]


async def test_a_healthy_deployment_is_all_ok_and_never_shows_the_token(
    database_url: str, tmp_path: Path, environment: pytest.MonkeyPatch
) -> None:
    await seeded(database_url, tmp_path)
    async with FakeBotAPI() as api:
        environment.setenv("DATABASE_URL", database_url)
        environment.setenv("TELEGRAM_BOT_TOKEN", api.token)
        environment.setenv("TELEGRAM_API_BASE_URL", api.base_url)
        found = lines(await diagnose(TODAY))

    host = api.base_url.split("/")[2]
    assert found[1:] == [
        f"ok   database: reachable, at migration {migrate.head_revision()} (the newest)",
        "ok   content: 2 live intents, 1 programs; oldest review 2026-11-01",
        f"ok   telegram: @puente_test_bot reachable at {host}; no webhook set",
        "ok   locks: free: no poller or sender is running",
    ]
    assert found[0].startswith("ok   settings: DATABASE_URL ")
    assert "TELEGRAM_BOT_TOKEN set" in found[0]
    assert all(api.token not in line and api.token.split(":")[1] not in line for line in found)


async def test_stale_content_is_a_warning(
    sqlite_url: str, tmp_path: Path, environment: pytest.MonkeyPatch
) -> None:
    environment.setenv("DATABASE_URL", await seeded(sqlite_url, tmp_path))
    environment.setenv("TELEGRAM_API_BASE_URL", f"http://127.0.0.1:{free_port()}/bot")
    found = lines(await diagnose(date(2027, 6, 1)))
    assert "warn content: 2 live intents, 1 programs; oldest review 2026-11-01; " in found[2]
    assert found[2].endswith("5 not reviewed in 120 days")  # 2 intents x 2 languages + 1 program


async def test_a_refused_token_is_named_without_showing_it(
    sqlite_url: str, tmp_path: Path, environment: pytest.MonkeyPatch
) -> None:
    environment.setenv("DATABASE_URL", await seeded(sqlite_url, tmp_path))
    wrong = "987654321:AAHwrongTokenThatMustNotBePrinted_000"
    async with FakeBotAPI() as api:
        environment.setenv("TELEGRAM_BOT_TOKEN", wrong)
        environment.setenv("TELEGRAM_API_BASE_URL", api.base_url)
        found = lines(await diagnose(TODAY))
    host = api.base_url.split("/")[2]
    assert f"FAIL telegram: {host} refused the token (revoked or mistyped?)" in found
    assert not any("wrongToken" in line for line in found)


async def test_an_unreachable_bot_api_and_a_missing_token_fail(
    sqlite_url: str, tmp_path: Path, environment: pytest.MonkeyPatch
) -> None:
    port = free_port()
    environment.setenv("DATABASE_URL", await seeded(sqlite_url, tmp_path))
    environment.setenv("TELEGRAM_API_BASE_URL", f"http://127.0.0.1:{port}/bot")
    assert "FAIL telegram: TELEGRAM_BOT_TOKEN is not set" in lines(await diagnose(TODAY))
    environment.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    assert f"FAIL telegram: cannot reach 127.0.0.1:{port} (NetworkError)" in lines(
        await diagnose(TODAY)
    )


async def test_an_unmigrated_or_unreachable_database_fails(
    sqlite_url: str, environment: pytest.MonkeyPatch
) -> None:
    environment.setenv("TELEGRAM_API_BASE_URL", f"http://127.0.0.1:{free_port()}/bot")
    environment.setenv("DATABASE_URL", sqlite_url)
    assert lines(await diagnose(TODAY))[1] == (
        f"FAIL database: at migration none, not {migrate.head_revision()}: run `puente db upgrade`"
    )
    port = free_port()
    environment.setenv("DATABASE_URL", f"postgresql://puente:pw@127.0.0.1:{port}/puente")
    found = lines(await diagnose(TODAY))
    assert found[1].startswith(
        f"FAIL database: Cannot use the database postgresql://puente:***@127.0.0.1:{port}/puente "
    )
    assert not any(line.startswith("ok   locks") for line in found)


async def test_a_migrated_database_without_content_fails(
    database_url: str, environment: pytest.MonkeyPatch
) -> None:
    engine = make_engine(database_url)
    await migrate.upgrade(engine)
    await engine.dispose()
    environment.setenv("DATABASE_URL", database_url)
    environment.setenv("TELEGRAM_API_BASE_URL", f"http://127.0.0.1:{free_port()}/bot")
    assert "FAIL content: no live content: run `puente seed`" in lines(await diagnose(TODAY))


async def test_locks_report_who_holds_them(
    database_url: str, tmp_path: Path, environment: pytest.MonkeyPatch
) -> None:
    url = await seeded(database_url, tmp_path)
    environment.setenv("DATABASE_URL", url)
    environment.setenv("TELEGRAM_API_BASE_URL", f"http://127.0.0.1:{free_port()}/bot")
    assert "ok   locks: free: no poller or sender is running" in lines(await diagnose(TODAY))
    poller = locks.process_lock(url, "poller")  # what a running `puente run` holds
    try:
        assert await poller.try_acquire()
        found = lines(await diagnose(TODAY))
    finally:
        await poller.dispose()
    assert "ok   locks: held by a running process: poller" in found


def test_the_command_prints_one_line_per_check_and_exits_1_on_a_problem(
    sqlite_url: str, tmp_path: Path, environment: pytest.MonkeyPatch
) -> None:
    environment.setenv("DATABASE_URL", asyncio.run(seeded(sqlite_url, tmp_path)))
    environment.setenv("TELEGRAM_BOT_TOKEN", "123456:AAHsecret")
    environment.setenv("TELEGRAM_API_BASE_URL", f"http://127.0.0.1:{free_port()}/bot")
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.output.splitlines()] == [
        "ok   settings",
        "ok   database",
        "warn content" if date.today() > date(2027, 3, 1) else "ok   content",
        "FAIL telegram",
        "ok   locks",
    ]
    assert "AAHsecret" not in result.output


async def test_the_command_exits_0_when_all_is_well(sqlite_url: str, tmp_path: Path) -> None:
    await seeded(sqlite_url, tmp_path)
    async with FakeBotAPI() as api:
        environment = {
            "DATABASE_URL": sqlite_url,
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
        }
        code, output = await run_puente("doctor", env=environment)
    assert code == 0, output
    assert len(output.splitlines()) == 5

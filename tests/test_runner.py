"""`puente run` refuses, in one line, to start a bot that could not work."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot import cli
from bot.app import build_application, file_base_url
from bot.runner import RunnerError, check_database, run
from bot.settings import Settings, SettingsError
from db import migrate
from db.seed import seed
from db.session import make_engine
from tests.contentkit import intent_data, write_content


def test_missing_token_is_refused_before_anything_else(sqlite_url: str) -> None:
    """No token: a SettingsError naming the variable, without touching the database."""
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN"):
        run(Settings(database_url=sqlite_url, telegram_bot_token=None))
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN"):
        build_application(Settings(database_url=sqlite_url, telegram_bot_token=""))


async def test_unmigrated_database_is_refused(sqlite_url: str) -> None:
    """A database that was never migrated says which command to run."""
    with pytest.raises(RunnerError, match="puente db upgrade") as error:
        await check_database(sqlite_url)
    assert "\n" not in str(error.value)


async def test_database_without_content_is_refused(sqlite_url: str) -> None:
    """Migrated but never seeded: the bot would answer nothing, so it does not start."""
    engine = make_engine(sqlite_url)
    await migrate.upgrade(engine)
    await engine.dispose()
    with pytest.raises(RunnerError, match="puente seed"):
        await check_database(sqlite_url)


async def test_seeded_database_is_accepted(sqlite_url: str, tmp_path: Path) -> None:
    """Migrated to head with content: the checks pass."""
    await seed(sqlite_url, write_content(tmp_path / "content", [intent_data("ice-at-door")]))
    await check_database(sqlite_url)


@pytest.mark.parametrize(
    ("api", "files"),
    [
        ("https://api.telegram.org/bot", "https://api.telegram.org/file/bot"),
        ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot"),
        ("http://localhost:9000/telegram/bot/", "http://localhost:9000/telegram/file/bot"),
    ],
)
def test_file_url_sits_next_to_the_api_url(api: str, files: str) -> None:
    """PTB's base_file_url follows Telegram's layout for any Bot API server."""
    assert file_base_url(api) == files


def test_factory_points_the_bot_at_the_configured_server(sqlite_url: str) -> None:
    """The Application talks to settings.api_base_url, with the token appended by PTB."""
    settings = Settings(
        database_url=sqlite_url,
        telegram_bot_token="123:abc",
        telegram_api_base_url="http://127.0.0.1:8081/bot",
    )
    app = build_application(settings)
    assert app.bot.base_url == "http://127.0.0.1:8081/bot123:abc"
    assert app.bot.base_file_url == "http://127.0.0.1:8081/file/bot123:abc"


def test_run_command_refuses_in_one_line(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`puente run` says what is missing in one line, without a traceback."""
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    result = CliRunner().invoke(cli.app, ["run"])
    assert (result.exit_code, result.output.strip()) == (
        2,
        "puente: TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather.",
    )
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    result = CliRunner().invoke(cli.app, ["run"])
    assert result.exit_code == 2
    assert result.output.startswith("puente: The database is at migration none")
    assert "Traceback" not in result.output

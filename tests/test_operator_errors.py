"""An operator's mistakes and outages are one line saying what is wrong, never a traceback."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings
from db import migrate
from db.session import make_engine
from tests.netkit import free_port

COMMANDS = [["db", "upgrade"], ["seed"], ["ask", "ice at my door"], ["chat"]]


def run(args: list[str], url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    """Run `puente ARGS` against a database URL; exit code and output lines."""
    monkeypatch.setenv("DATABASE_URL", url)
    result = CliRunner().invoke(app, args, input="")
    return result.exit_code, result.output.splitlines()


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_postgresql_down_is_one_line_without_the_password(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    code, lines = run(args, f"postgresql://puente:s3cret@127.0.0.1:{port}/puente", monkeypatch)
    assert code == 2
    assert lines == [
        f"puente: Cannot use the database postgresql://puente:***@127.0.0.1:{port}/puente "
        f"(ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', {port}))."
    ]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_a_sqlite_file_in_a_missing_folder_is_one_line(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "no-such-folder"
    code, lines = run(args, f"sqlite:///{folder}/puente.db", monkeypatch)
    assert (code, lines) == (
        2,
        [
            "puente: Invalid setting: DATABASE_URL: Value error, "
            f"the folder {folder} for the SQLite file does not exist"
        ],
    )


def test_ask_on_a_database_never_migrated_says_to_migrate(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, lines = run(["ask", "hola"], sqlite_url, monkeypatch)
    assert code == 2
    assert lines == [
        f"puente: The database is at migration none, not {migrate.head_revision()}: "
        "run `puente db upgrade` and `puente seed` first."
    ]


def test_ask_on_a_migrated_database_without_content_says_to_seed(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def upgrade() -> None:
        engine = make_engine(database_url)
        await migrate.upgrade(engine)
        await engine.dispose()

    asyncio.run(upgrade())
    code, lines = run(["ask", "hola"], database_url, monkeypatch)
    assert (code, lines) == (2, ["puente: The database has no content: run `puente seed` first."])


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("postgresql://", "must name a database, e.g. postgresql://user@host/puente"),
        ("postgresql://db.example.org", "must name a database, e.g. postgresql://user@host/puente"),
        ("postgresql:///puente", "must name a host, e.g. postgresql://user@host/puente"),
        ("sqlite://", "must name a database, e.g. sqlite:///./puente.db"),
        ("mysql://nope", "must start with sqlite:// or postgresql://"),
    ],
)
def test_an_incomplete_database_url_is_refused_before_connecting(
    url: str, why: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, lines = run(["db", "upgrade"], url, monkeypatch)
    assert (code, lines) == (2, [f"puente: Invalid setting: DATABASE_URL: Value error, {why}"])


def test_a_socket_url_names_its_host_in_the_query() -> None:
    url = "postgresql:///puente?host=/var/run/postgresql"
    assert Settings(database_url=url).database_url == url

"""End-to-end fixtures: the bot built by the production factory, talking to the stand-in Bot API.

The stand-in answers in-process (tests/fakebotapi.py OfflineRequest: the same checks and records,
updates fed to the Application's queue, no sockets); tests marked `over_http` run the bot as in
production instead, long polling the stand-in's HTTP server (polling, logs of the HTTP client,
429/403/5xx answered over the wire).

Each test runs once per database backend (SQLITE_ONLY: on SQLite alone) and gets its own
freshly seeded database (from the small fixture content in tests/e2e/content/, or from the
shipped content in db/seed/): on SQLite a copy of a file seeded once per session, on PostgreSQL
the test database seeded once per session and its rows put back before each test. It also gets
its own stand-in Bot API and its own running Application. Any message Telegram would have
refused fails the test at teardown.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.i18n import translate
from bot.settings import Settings
from db.seed import seed
from db.session import make_engine
from tests.conftest import seeded_postgres
from tests.fakebotapi import Call, FakeBotAPI, OfflineRequest

FIXTURE_CONTENT = Path(__file__).resolve().parent / "content"
HOTLINE: str = Settings.model_fields["hotline_phone"].default
POLL_TIMEOUT = 10
# For tests of handler or rendering behaviour the database does not shape: SQLite only (the
# database-facing tests run on each backend).
SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


@dataclass
class BotHarness:
    """A running bot, the stand-in server it talks to, and its database."""

    api: FakeBotAPI
    app: Application
    database_url: str
    engine: AsyncEngine

    async def say(self, chat_id: int, text: str, lang: str | None = "en") -> Call:
        """A user writes `text`; returns the bot's next message to that chat."""
        self.api.send_text(chat_id, text, language_code=lang)
        return await self.api.next_reply(chat_id)

    async def command(
        self, chat_id: int, name: str, args: str = "", lang: str | None = "en"
    ) -> Call:
        """A user sends /name args; returns the bot's next message to that chat."""
        self.api.send_command(chat_id, name, args, language_code=lang)
        return await self.api.next_reply(chat_id)

    def tap(
        self,
        chat_id: int,
        under: Call,
        *,
        label: str | None = None,
        data: str | None = None,
        prefix: str | None = None,
        lang: str | None = "",
    ) -> str:
        """Press a button now under a message the bot sent; returns the callback query id."""
        message_id = under.message_id
        assert message_id is not None, f"no message id for {under}"
        update = self.api.press(
            chat_id, message_id, label=label, data=data, prefix=prefix, language_code=lang
        )
        return str(update["callback_query"]["id"])

    async def press(self, chat_id: int, under: Call, **button: Any) -> Call:
        """Press a button; returns the next message sent to, or edited in, the chat."""
        self.tap(chat_id, under, **button)
        return await self.api.next_reply(chat_id)

    async def press_for_keyboard(self, chat_id: int, under: Call, **button: Any) -> Call:
        """Press a button that swaps the message's keyboard; returns that edit."""
        self.tap(chat_id, under, **button)
        return (await self.api.next_calls("editMessageReplyMarkup", chat_id))[0]

    async def query_answer(self, query_id: str) -> Call:
        """The bot's answerCallbackQuery for one button press."""

        def answers() -> list[Call]:
            return [
                c
                for c in self.api.calls_of("answerCallbackQuery")
                if c.params.get("callback_query_id") == query_id
            ]

        await self.api.wait_until(lambda: bool(answers()))
        return answers()[0]

    async def rows(self, statement: Executable) -> Sequence[Any]:
        """Run a query against the bot's database."""
        async with self.engine.connect() as conn:
            return (await conn.execute(statement)).all()

    async def rows_when(
        self, statement: Executable, ready: Callable[[Sequence[Any]], bool], within: float = 5.0
    ) -> Sequence[Any]:
        """Poll a query until its rows satisfy `ready` (for writes made after the reply)."""
        deadline = asyncio.get_running_loop().time() + within
        while not ready(rows := await self.rows(statement)):
            assert asyncio.get_running_loop().time() < deadline, f"rows never ready: {rows}"
            await asyncio.sleep(0.02)
        return rows


def text_in(lang: str, message: str, **fields: str) -> str:
    """A user-facing string as the catalogs translate it (and formatted), for comparisons."""
    translated = translate(lang, message)
    if lang != "en":
        assert translated != message, f"no {lang} translation for {message!r}"
    return translated.format(**fields) if fields else translated


def _seed_template(folder: Path, content: Path | None) -> Path:
    """Migrate and seed a database file once, to be copied by each test."""
    path = folder / "template.db"
    asyncio.run(seed(f"sqlite:///{path}", content))
    return path


@pytest.fixture(scope="session")
def fixture_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database seeded from tests/e2e/content/."""
    return _seed_template(tmp_path_factory.mktemp("fixture-content"), FIXTURE_CONTENT)


@pytest.fixture(scope="session")
def shipped_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database seeded from the content Puente ships (db/seed/)."""
    return _seed_template(tmp_path_factory.mktemp("shipped-content"), None)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """Each database Puente supports: the end-to-end test runs once per backend."""
    if request.param == "postgres":
        request.getfixturevalue("postgres_server")  # skipped, or failed under CI, if unreachable
    return str(request.param)


async def seeded_database(backend: str, template: Path, content: Path | None, folder: Path) -> str:
    """A database of the backend holding `content`: a copy of its SQLite template, or the
    PostgreSQL test database seeded once and restored from its snapshot."""
    if backend == "sqlite":
        database = folder / "puente.db"
        shutil.copyfile(template, database)
        return f"sqlite:///{database}"
    return await seeded_postgres(content, lambda url: seed(url, content))


@asynccontextmanager
async def bot_on(
    url: str, content_poll_seconds: float = 3600, *, over_http: bool = False, **overrides: Any
) -> AsyncIterator[BotHarness]:
    """Run the Application against the database at `url` (settings overridden by `overrides`)
    and a stand-in Bot API: in-process by default (its calls answered through OfflineRequest,
    updates handed to the Application's queue, which feeds `process_update`), or with
    `over_http` polling the stand-in's HTTP server as in production."""
    async with AsyncExitStack() as stack:
        api = FakeBotAPI()
        if over_http:
            await stack.enter_async_context(api)
        settings = Settings(
            database_url=url,
            telegram_bot_token=api.token,
            telegram_api_base_url=api.base_url,
            content_poll_seconds=content_poll_seconds,
            hotline_phone=HOTLINE,
            **overrides,
        )
        app = build_application(settings, None if over_http else OfflineRequest(api))
        engine = make_engine(url)
        stack.push_async_callback(engine.dispose)
        async with app:
            await app.start()
            assert app.updater is not None
            if over_http:
                await app.updater.start_polling(poll_interval=0.0, timeout=POLL_TIMEOUT)
            else:
                api.deliver = lambda raw: app.update_queue.put_nowait(Update.de_json(raw, app.bot))
            try:
                yield BotHarness(api, app, url, engine)
            finally:
                api.deliver = None
                if app.updater.running:
                    await app.updater.stop()
                await app.stop()
    # "Not modified" answers a repeated edit (a double tap), not a malformed request.
    refused = [
        (c.method, c.description, c.params)
        for c in api.rejected
        if "not modified" not in (c.description or "")
    ]
    assert not refused, f"Telegram would have refused these calls: {refused}"


@asynccontextmanager
async def running_bot(
    template: Path, folder: Path, content_poll_seconds: float = 3600, **overrides: Any
) -> AsyncIterator[BotHarness]:
    """Copy the SQLite template database and run the Application against it."""
    database = folder / "puente.db"
    shutil.copyfile(template, database)
    async with bot_on(f"sqlite:///{database}", content_poll_seconds, **overrides) as harness:
        yield harness


@pytest.fixture
async def fixture_database(backend: str, fixture_template: Path, tmp_path: Path) -> str:
    """A database of the backend seeded from the fixture content."""
    return await seeded_database(backend, fixture_template, FIXTURE_CONTENT, tmp_path)


@pytest.fixture
async def shipped_database(backend: str, shipped_template: Path, tmp_path: Path) -> str:
    """A database of the backend seeded from the shipped content."""
    return await seeded_database(backend, shipped_template, None, tmp_path)


def over_http(request: pytest.FixtureRequest) -> bool:
    """Whether the test is marked to reach the stand-in over HTTP, polling as in production."""
    return request.node.get_closest_marker("over_http") is not None


@pytest.fixture
async def bot(fixture_database: str, request: pytest.FixtureRequest) -> AsyncIterator[BotHarness]:
    """The bot answering from the fixture content."""
    async with bot_on(fixture_database, over_http=over_http(request)) as harness:
        yield harness


@pytest.fixture
async def shipped_bot(
    shipped_database: str, request: pytest.FixtureRequest
) -> AsyncIterator[BotHarness]:
    """The bot answering from the shipped content."""
    async with bot_on(shipped_database, over_http=over_http(request)) as harness:
        yield harness

"""A reseed reaches the running bot: changed answers and statuses show, retired intents stop."""

from __future__ import annotations

import asyncio
import gc
import shutil
import weakref
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from db.seed import seed
from tests.e2e.conftest import FIXTURE_CONTENT, BotHarness, bot_on

CHAT = 1301
POLL_SECONDS = 0.2
NEW_FIRST_LINE = "Updated: keep the door closed."


@pytest.fixture
async def reloading_bot(fixture_database: str) -> AsyncIterator[BotHarness]:
    """The fixture-content bot, checking for reseeded content every POLL_SECONDS."""
    async with bot_on(fixture_database, POLL_SECONDS) as harness:
        yield harness


def edited_content(folder: Path) -> Path:
    """The fixture content with the door answer reworded, Honduras active and DACA retired."""
    content = shutil.copytree(FIXTURE_CONTENT, folder / "content")
    door = content / "intents" / "ice-at-door.yaml"
    data = yaml.safe_load(door.read_text(encoding="utf-8"))
    data["en"]["answer"] = NEW_FIRST_LINE + "\n" + data["en"]["answer"]
    door.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    programs_file = content / "programs.yaml"
    programs = yaml.safe_load(programs_file.read_text(encoding="utf-8"))
    programs["programs"][0]["status"] = "active"
    # A new status comes with a newer review date, or the seed refuses it.
    programs["programs"][0]["reviewed"] += timedelta(days=1)
    programs_file.write_text(yaml.safe_dump(programs, allow_unicode=True), encoding="utf-8")
    (content / "intents" / "daca.yaml").unlink()
    (content / "intents" / "tps-status.yaml").write_text(
        (content / "intents" / "tps-status.yaml").read_text().replace("[daca]", "[]")
    )
    return content


async def test_a_reseed_changes_what_the_running_bot_says(
    reloading_bot: BotHarness, tmp_path: Path
) -> None:
    bot = reloading_bot
    before = await bot.say(CHAT, "ice at my door what do i do")
    old_menu = await bot.command(CHAT, "start", "topic-programs")
    assert not before.plain.startswith(NEW_FIRST_LINE)

    await seed(bot.database_url, edited_content(tmp_path / "edit"))

    # The bot notices within a poll interval; ask until it does (at most about 5 s).
    for _ in range(100):
        answer = (await bot.say(CHAT, "ice at my door what do i do")).plain
        if answer.startswith(NEW_FIRST_LINE):
            break
        await asyncio.sleep(POLL_SECONDS / 4)
    assert answer.startswith(NEW_FIRST_LINE)
    assert "Status: Active" in (await bot.say(CHAT, "tps honduras")).plain
    # The retired intent: its deep link greets instead, its old button says it no longer works.
    assert (await bot.command(CHAT, "start", "daca")).plain.startswith("Hello, Ana!")
    query = bot.tap(CHAT, old_menu, data="a:daca:en")
    answer_call = await bot.query_answer(query)
    assert answer_call.params.get("text") == (
        "This button no longer works. Send /topics to start again."
    )


async def test_the_replaced_index_is_freed_and_the_loaded_one_kept_from_the_collector(
    reloading_bot: BotHarness, tmp_path: Path
) -> None:
    # The loaded index is frozen (full garbage collections walked it and stalled replies); the
    # one a reseed replaces must still be freed, not frozen for good.
    bot = reloading_bot
    assert gc.get_freeze_count() > 0
    old_index = weakref.ref(bot.app.bot_data.answerer.index)
    await seed(bot.database_url, edited_content(tmp_path / "edit"))
    for _ in range(100):
        if bot.app.bot_data.answerer.index is not old_index():
            break
        await asyncio.sleep(POLL_SECONDS / 4)
    assert bot.app.bot_data.answerer.index is not old_index()
    gc.collect()
    assert old_index() is None

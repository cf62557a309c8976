"""The daily note: organizers who opt in with /digest get, once a day at 09:00 Los Angeles time,
broadcast messages sent and failed, new unanswered questions (a count) and what is due for review
(the same list as `puente content check`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.scheduler import LOCAL_TIME, local_nine
from db.models import Broadcast
from db.review import due_in_database
from db.session import make_sessionmaker
from tests.e2e.broadcastkit import add_subscribers, broadcast_id, finished, puente
from tests.e2e.conftest import BotHarness, running_bot

ORGANIZER, STRANGER = 4901, 4902


@pytest.fixture
async def clocked_bot(fixture_template: Path, tmp_path: Path) -> AsyncIterator[BotHarness]:
    """The bot reading its time from a file; an organizer; two subscribers, one blocked."""
    clock = tmp_path / "now"
    morning = local_nine(datetime.now(UTC).astimezone(LOCAL_TIME).date())
    clock.write_text((morning - timedelta(hours=2)).isoformat(), encoding="utf-8")
    async with running_bot(
        fixture_template, tmp_path, broadcast_poll_seconds=0.2, puente_clock_file=clock
    ) as harness:
        await puente(harness.database_url, "organizers", "add", str(ORGANIZER))
        await add_subscribers(harness.engine, harness.api, {4951: "en", 4952: "es"})
        harness.api.block_chat(4952)
        yield harness


async def test_the_daily_note_goes_once_to_organizers_who_opted_in(
    clocked_bot: BotHarness, tmp_path: Path
) -> None:
    bot = clocked_bot
    assert (await bot.command(STRANGER, "digest")).plain.startswith("I do not know that command")
    on = await bot.command(ORGANIZER, "digest")
    assert on.plain == "Daily note on: every day at 09:00 Los Angeles time."
    offer = await bot.say(ORGANIZER, "how do I adopt a cat from the shelter")
    await bot.press(ORGANIZER, offer, prefix="k:1:")  # unanswered and kept: counted
    await bot.say(ORGANIZER, "how do I bake sourdough bread")  # unanswered, not kept
    clock = tmp_path / "now"
    earlier = datetime.fromisoformat(clock.read_text(encoding="utf-8"))
    env = {"PUENTE_CLOCK_FILE": str(clock)}
    out = await puente(bot.database_url, "broadcast", "--en", "Hi", "--es", "Hola", env=env)
    await finished(bot.engine, broadcast_id(out))
    before = await bot.api.quiet(ORGANIZER, 0.5)
    assert [c for c in before if c.method == "sendMessage"] == []  # nothing before 09:00

    clock.write_text((earlier + timedelta(hours=2, seconds=1)).isoformat(), encoding="utf-8")
    note = await bot.api.next_reply(ORGANIZER, within=10)
    async with make_sessionmaker(bot.engine)() as session:
        day = (earlier + timedelta(hours=2)).astimezone(LOCAL_TIME).date()
        due = await due_in_database(session, day)
    assert due  # the fixture content was reviewed in the spring: all of it is due

    assert note.plain.split("\n\n")[0].splitlines() == [
        "Puente: the last 24 hours",
        "Broadcast messages sent: 1",
        "Broadcast messages failed: 1",
        "New unanswered questions: 1",
        f"Answers and programs due for review: {len(due)}",
    ]
    later = await bot.api.quiet(ORGANIZER, 1.0)
    assert [c for c in later if c.method == "sendMessage"] == []  # once a day
    off = await bot.command(ORGANIZER, "digest")
    assert off.plain == "Daily note off."

    # The next morning nobody has opted in: no note is made at all.
    clock.write_text((earlier + timedelta(days=1, hours=2, seconds=1)).isoformat(), "utf-8")
    await bot.api.quiet(ORGANIZER, 1.0)
    kinds = await bot.rows(select(Broadcast.kind))
    assert sorted(row.kind for row in kinds) == ["digest", "manual"]

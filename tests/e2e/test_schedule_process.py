"""Scheduled broadcasts, the grace period and deadline reminders in `puente run` as a real
process, driven by a controllable clock (PUENTE_CLOCK_FILE) rather than by waiting."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from db.session import make_engine
from tests.e2e.broadcastkit import (
    add_subscribers,
    broadcast_id,
    finished,
    puente,
    sends,
    status_of,
)
from tests.e2e.contentkit_programs import content_with
from tests.e2e.test_process import STARTUP_SECONDS, database, puente_run, stop
from tests.fakebotapi import FakeBotAPI

__all__ = ["database"]  # the fixture, imported for these tests
SUBSCRIBERS = {6101: "en", 6102: "es"}
HONDURAS = {6201: "en", 6202: "es"}


class Clock:
    """The time the bot reads, written to a file it reads on every wake-up."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def set(self, moment: str) -> None:
        """Move the bot's clock."""
        self.path.write_text(datetime.fromisoformat(moment).isoformat(), encoding="utf-8")


@pytest.fixture
def clock(tmp_path: Path) -> Clock:
    """A clock file for the bot."""
    return Clock(tmp_path / "now")


@pytest.fixture
async def engine(database: str) -> AsyncIterator[AsyncEngine]:
    """An engine on the bot's database, for setting up and checking."""
    engine = make_engine(database)
    yield engine
    await engine.dispose()


def total(api: FakeBotAPI) -> int:
    """Messages delivered so far, to anyone."""
    return sum(len(calls) for calls in sends(api).values())


def environment(clock: Clock) -> dict[str, str]:
    """A quick sender wake-up and the controllable clock."""
    return {"BROADCAST_POLL_SECONDS": "0.2", "PUENTE_CLOCK_FILE": str(clock.path)}


async def test_scheduled_sends_fire_at_their_time_and_late_ones_within_grace_only(
    database: str, engine: AsyncEngine, clock: Clock
) -> None:
    url = database
    made = {}
    # Made while the bot is down: one 7 h late (beyond the 6 h grace), one 1 h late, one ahead.
    for name, at in (
        ("missed", "2030-03-01T05:00:00+00:00"),
        ("late", "2030-03-01T11:00:00+00:00"),
        ("ahead", "2030-03-01T13:00:00+00:00"),
    ):
        out = await puente(url, "broadcast", "--en", f"{name} en", "--es", f"{name} es", "--at", at)
        made[name] = broadcast_id(out)
    clock.set("2030-03-01T12:00:00+00:00")
    async with FakeBotAPI() as api:
        await add_subscribers(engine, api, SUBSCRIBERS)
        async with puente_run(api, database, env=environment(clock)) as process:
            await finished(engine, made["late"], within=STARTUP_SECONDS)
            assert await status_of(engine, made["missed"]) == "missed"
            await api.quiet(seconds=1.0)
            assert await status_of(engine, made["ahead"]) == "scheduled"

            clock.set("2030-03-01T13:00:01+00:00")
            await finished(engine, made["ahead"])
            listing = await puente(url, "broadcasts", "list")
            await stop(process)

    texts = {chat: [c.plain.split("\n")[0] for c in calls] for chat, calls in sends(api).items()}
    assert texts == {6101: ["late en", "ahead en"], 6102: ["late es", "ahead es"]}
    assert f"{made['missed']:>5}  missed" in listing


async def test_deadline_reminders_30_7_1_days_before_once_each_and_rescheduled_by_a_reseed(
    database: str, engine: AsyncEngine, clock: Clock, tmp_path: Path
) -> None:
    url = database
    env = environment(clock)
    # Re-registration for Honduras ends 2030-04-10; DACA's window has already ended.
    clock.set("2030-03-11T15:59:00+00:00")  # 08:59 in Los Angeles, 30 days before
    checked = date(2026, 5, 1)
    content = content_with(tmp_path, "tps-honduras", ends=date(2030, 4, 10), reviewed=checked)
    content = content_with(content, "daca", ends=date(2030, 2, 1), reviewed=checked, into=content)
    await puente(url, "seed", str(content), "--allow-retiring-most", env=env)
    async with FakeBotAPI() as api:
        await add_subscribers(engine, api, HONDURAS, topic="tps-honduras")
        await add_subscribers(engine, api, {6301: "en"}, topic="daca")
        listing = await puente(url, "broadcasts", "list")
        assert listing.count("scheduled  reminder  tps-honduras") == 3
        assert "reminder  daca" not in listing  # none for a date that has passed
        async with puente_run(api, database, env=env) as process:
            await api.wait_until(lambda: bool(api.calls_of("deleteWebhook")), STARTUP_SECONDS)
            await api.quiet(seconds=1.0)
            assert sends(api) == {}

            clock.set("2030-03-11T16:00:01+00:00")  # 09:00 in Los Angeles
            await api.wait_until(lambda: total(api) == 2, within=10)
            await api.quiet(seconds=1.0)  # …and only once

            # The date moves: the old 7- and 1-day reminders are cancelled, new ones made.
            # A volunteer edits the same files: only Honduras's date (and its review) change.
            moved = content_with(
                content,
                "tps-honduras",
                ends=date(2030, 4, 20),
                reviewed=date(2026, 6, 1),
                into=content,
            )
            out = await puente(url, "seed", str(moved), env=env)
            assert "reregistration_end 2030-04-10 → 2030-04-20" in out
            clock.set("2030-04-13T16:00:01+00:00")  # 7 days before the new date, 09:00 PDT
            await api.wait_until(lambda: total(api) == 4, within=10)
            await api.quiet(seconds=1.0)
            listing = await puente(url, "broadcasts", "list")
            await stop(process)

    received = {chat: [c.plain.split("\n")[0] for c in calls] for chat, calls in sends(api).items()}
    assert received == {
        6201: [
            "🔔 30 days left to re-register for TPS Honduras: it ends on April 10, 2030.",
            "🔔 7 days left to re-register for TPS Honduras: it ends on April 20, 2030.",
        ],
        6202: [
            "🔔 Quedan 30 días para volver a inscribirse en TPS Honduras: el plazo termina el "
            "10 de abril de 2030.",
            "🔔 Quedan 7 días para volver a inscribirse en TPS Honduras: el plazo termina el "
            "20 de abril de 2030.",
        ],
    }
    # The new date's 30-day reminder fell more than the grace period before the clock: missed.
    assert listing.count("cancelled  reminder") == 2
    assert listing.count("missed     reminder") == 1
    assert listing.count("done       reminder") == 2
    assert listing.count("scheduled  reminder") == 1

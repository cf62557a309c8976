"""A reseed that changes a program drafts an update for its subscribers; nothing goes out until
an organizer approves it, in Telegram or with `puente broadcasts approve`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from tests.contentkit import RULES
from tests.e2e.broadcastkit import add_subscribers, deliveries, finished, puente, sends
from tests.e2e.conftest import FIXTURE_CONTENT, BotHarness, running_bot
from tests.e2e.contentkit_programs import content_with

ORGANIZER, STRANGER = 4601, 4602
HONDURAS = {4701: "en", 4702: "es"}
DACA = {4801: "en"}
STALE = "This button no longer works. Send /topics to start again."
# The day a volunteer checked the changed program (a change needs a newer review date).
REVIEWED = date.today()


@pytest.fixture
async def org_bot(fixture_template: Path, tmp_path: Path) -> AsyncIterator[BotHarness]:
    """The bot with an organizer who wrote to it, and program subscribers."""
    async with running_bot(fixture_template, tmp_path, broadcast_poll_seconds=0.2) as harness:
        await puente(harness.database_url, "organizers", "add", str(ORGANIZER))
        await harness.command(ORGANIZER, "help")
        await add_subscribers(harness.engine, harness.api, HONDURAS, topic="tps-honduras")
        await add_subscribers(harness.engine, harness.api, DACA, topic="daca")
        yield harness


async def test_a_status_change_is_drafted_shown_to_organizers_and_sent_once_approved(
    org_bot: BotHarness, tmp_path: Path
) -> None:
    bot = org_bot
    changed = content_with(tmp_path, "tps-honduras", status="court-protected", reviewed=REVIEWED)
    out = await puente(bot.database_url, "seed", str(changed))

    assert "program tps-honduras: status terminated → court-protected" in out
    assert "drafted update 1 for tps-honduras's subscribers" in out
    draft = await bot.api.next_reply(ORGANIZER, within=10)
    assert draft.plain.startswith("📣 Update on TPS Honduras")
    assert RULES.status_label("court-protected", "en") in draft.plain
    assert "⚠️" not in draft.plain  # just reviewed: no "last checked … ago" warning
    assert [b["callback_data"] for b in draft.buttons] == ["bc:approve:1"]
    await bot.api.quiet(seconds=0.6)
    assert sends(bot.api, [*HONDURAS, *DACA]) == {}  # nothing unreviewed goes out

    # Someone else's forged tap is a stale button; the organizer's approves.
    help_message = await bot.command(STRANGER, "help")
    forged = bot.api.press_button(STRANGER, help_message.message_id or 0, "bc:approve:1")
    assert (await bot.query_answer(str(forged["callback_query"]["id"]))).params["text"] == STALE
    approved = await bot.press(ORGANIZER, draft, data="bc:approve:1")
    assert approved.plain == "Approved: broadcast #1 goes out now."
    await finished(bot.engine, 1)

    assert await deliveries(bot.engine, 1) == {4701: ("sent", None), 4702: ("sent", None)}
    [spanish] = sends(bot.api, [4702])[4702]
    assert spanish.plain.startswith("📣 Novedades sobre TPS Honduras")
    assert "not a draft" in await puente(bot.database_url, "broadcasts", "approve", "1", code=2)


async def test_approving_from_the_cli_sends_it(org_bot: BotHarness, tmp_path: Path) -> None:
    bot = org_bot
    changed = content_with(tmp_path, "daca", status="active", reviewed=REVIEWED)
    out = await puente(bot.database_url, "seed", str(changed))
    assert "program daca: status renewals-only → active" in out
    assert "scheduled" not in await puente(bot.database_url, "broadcasts", "list")

    assert "approved" in await puente(bot.database_url, "broadcasts", "approve", "1")
    await finished(bot.engine, 1)
    assert await deliveries(bot.engine, 1) == {4801: ("sent", None)}


async def test_a_reseed_without_changes_drafts_nothing(org_bot: BotHarness) -> None:
    out = await puente(org_bot.database_url, "seed", str(FIXTURE_CONTENT))
    assert "drafted" not in out
    assert await puente(org_bot.database_url, "broadcasts", "list") == "no broadcasts\n"

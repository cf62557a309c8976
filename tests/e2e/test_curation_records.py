"""What curators learn from the running bot: "did you mean" choices offered and taken, per
intent and never per chat, and the unanswered log purged after its retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from bot.handlers.replies import today
from db.models import SuggestionEvent, UnansweredQuestion
from tests.e2e.conftest import BotHarness, text_in

CHAT = 1401


async def test_did_you_mean_choices_are_counted_per_intent(bot: BotHarness) -> None:
    reply = await bot.say(CHAT, "police school friday")
    offered = [b["callback_data"] for b in reply.buttons if b["callback_data"].startswith("d:")]
    shown = [data.split(":")[1] for data in offered]

    rows = await bot.rows_when(select(SuggestionEvent.intent_slug, SuggestionEvent.event), bool)
    assert sorted(tuple(r) for r in rows) == sorted((slug, "offered") for slug in shown)

    chosen = await bot.press(CHAT, reply, data=offered[0])
    assert chosen.method == "sendMessage" and chosen.plain  # the chosen answer is sent

    events = select(SuggestionEvent.intent_slug, SuggestionEvent.lang, SuggestionEvent.event)
    taken = await bot.rows_when(events.where(SuggestionEvent.event == "taken"), bool)
    assert [tuple(r) for r in taken] == [(shown[0], "en", "taken")]
    # Counted by intent, language and day only: nothing links a choice to the chat.
    assert set(SuggestionEvent.__table__.columns.keys()) == {
        "id",
        "intent_slug",
        "lang",
        "event",
        "day",
    }


async def test_a_confident_answer_offers_no_choices_and_counts_none(bot: BotHarness) -> None:
    await bot.say(CHAT, "ice at my door what do i do")
    assert await bot.rows(select(SuggestionEvent)) == []


async def test_the_job_queue_purges_unanswered_questions_past_retention(bot: BotHarness) -> None:
    retention = bot.app.bot_data.settings.unanswered_retention_days
    async with bot.engine.begin() as conn:
        await conn.execute(
            insert(UnansweredQuestion),
            [
                {"lang": "en", "text": "old", "day": today() - timedelta(days=retention + 1)},
                {"lang": "en", "text": "kept", "day": today() - timedelta(days=retention)},
            ],
        )
    assert bot.app.job_queue is not None
    [job] = bot.app.job_queue.get_jobs_by_name("purge-unanswered")
    await job.run(bot.app)

    kept = await bot.rows(select(UnansweredQuestion.text))
    assert [row.text for row in kept] == ["kept"]


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_privacy_says_how_long_unanswered_questions_are_kept(
    bot: BotHarness, lang: str
) -> None:
    reply = await bot.command(CHAT, "privacy", lang=lang)
    days = str(bot.app.bot_data.settings.unanswered_retention_days)
    kept = text_in(
        lang,
        "Unanswered questions are deleted after {days} days. Which suggested answers "
        "people choose is counted per answer, never per person.",
        days=days,
    )
    assert kept in reply.plain.split("\n")

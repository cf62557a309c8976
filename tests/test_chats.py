"""What the bot keeps about chats, on SQLite and PostgreSQL: only language and subscriptions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db import chats, migrate
from db.models import Chat, Feedback, Subscription, UnansweredQuestion
from db.session import make_engine, make_sessionmaker, transaction

DAY = date(2026, 4, 1)


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """A session factory on a freshly migrated database."""
    engine = make_engine(database_url)
    await migrate.upgrade(engine)
    try:
        yield make_sessionmaker(engine)
    finally:
        await engine.dispose()


async def _count(sessions: async_sessionmaker[AsyncSession], model: type) -> int:
    """Rows in a table."""
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_language_is_none_until_chosen_then_remembered(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A chat has no language until it chooses one; choosing again replaces it."""
    async with transaction(sessions) as session:
        assert (await chats.state(session, 7)).lang is None
        await chats.set_language(session, 7, "es")
    async with transaction(sessions) as session:
        assert (await chats.state(session, 7)).lang == "es"
        await chats.set_language(session, 7, "en")
    async with transaction(sessions) as session:
        assert (await chats.state(session, 7)).lang == "en"
    assert await _count(sessions, Chat) == 1


async def test_subscriptions_toggle_and_store_the_language(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A tap subscribes, a second tap unsubscribes; the chat's language is kept for broadcasts."""
    async with transaction(sessions) as session:
        assert await chats.toggle_subscription(session, 7, "programs", "es") is True
        assert await chats.toggle_subscription(session, 7, chats.ALL_TOPICS, "es") is True
    async with transaction(sessions) as session:
        assert await chats.subscriptions(session, 7) == {"programs", "all"}
        assert (await chats.state(session, 7)).lang == "es"
        assert await chats.toggle_subscription(session, 7, "programs", "es") is False
    async with transaction(sessions) as session:
        assert await chats.subscriptions(session, 7) == {"all"}


async def test_unsubscribe_all_keeps_the_language(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """/unsubscribe stops every update but the chosen language stays."""
    async with transaction(sessions) as session:
        await chats.toggle_subscription(session, 7, "programs", "es")
        await chats.toggle_subscription(session, 7, "policy", "es")
    async with transaction(sessions) as session:
        assert await chats.unsubscribe_all(session, 7) == 2
        assert await chats.unsubscribe_all(session, 7) == 0
    async with transaction(sessions) as session:
        assert await chats.subscriptions(session, 7) == set()
        assert (await chats.state(session, 7)).lang == "es"


async def test_forget_deletes_everything_about_one_chat_only(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """/forget removes the chat and its subscriptions; other chats are untouched."""
    async with transaction(sessions) as session:
        await chats.toggle_subscription(session, 7, "programs", "es")
        await chats.toggle_subscription(session, 8, "programs", "en")
    async with transaction(sessions) as session:
        assert await chats.forget(session, 7) is True
    async with transaction(sessions) as session:
        assert (await chats.state(session, 7)).lang is None
        assert await chats.subscriptions(session, 7) == set()
        assert await chats.subscriptions(session, 8) == {"programs"}
        assert await chats.forget(session, 9) is False
    assert await _count(sessions, Subscription) == 1


async def test_feedback_and_unanswered_questions_have_no_chat(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Anonymous records are stored with a day and nothing that points to a chat."""
    async with transaction(sessions) as session:
        await chats.record_feedback(session, "ice-at-door", True, DAY)
        await chats.record_feedback(session, "ice-at-door", False, DAY, "es")
        await chats.record_unanswered(session, "es", "que pasa con [phone]", DAY)
    async with sessions() as session:
        votes = (await session.execute(select(Feedback.intent_slug, Feedback.helpful))).all()
        assert sorted(votes) == [("ice-at-door", False), ("ice-at-door", True)]
        kept = (
            await session.execute(select(UnansweredQuestion.lang, UnansweredQuestion.text))
        ).all()
        assert kept == [("es", "que pasa con [phone]")]
        columns = await session.run_sync(
            lambda s: {
                table: {c["name"] for c in inspect(s.connection()).get_columns(table)}
                for table in ("feedback", "unanswered_questions")
            }
        )
    assert columns == {
        "feedback": {"id", "intent_slug", "helpful", "day", "lang"},
        "unanswered_questions": {"id", "lang", "text", "day", "answered"},
    }

"""What the bot keeps about chats (language, subscriptions) and the anonymous records.

Feedback and unanswered questions are stored with a day and no chat id, so they can never be
traced back to a person. The caller owns the session and commits.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from db.models import Chat, Feedback, Subscription, UnansweredQuestion
from db.session import affected_rows

# Every topic at once; stored as a topic so broadcasts need no special case.
ALL_TOPICS = "all"


def _insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT that understands ON CONFLICT on SQLite and PostgreSQL alike."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


class ChatState(NamedTuple):
    """What an update needs to know about its chat."""

    lang: str | None  # the language it chose; None if it never chose one
    blocked: bool  # Telegram said it blocked the bot (broadcasts skip it)


UNKNOWN_CHAT = ChatState(None, False)


async def state(session: AsyncSession, chat_id: int) -> ChatState:
    """A chat's chosen language and blocked flag, in one primary-key read."""
    row = (
        await session.execute(select(Chat.lang, Chat.blocked).where(Chat.chat_id == chat_id))
    ).first()
    return UNKNOWN_CHAT if row is None else ChatState(row.lang, row.blocked)


async def set_language(session: AsyncSession, chat_id: int, lang: str) -> None:
    """Remember a chat's language (two updates racing for a new chat both succeed)."""
    statement = _insert(session, Chat).values(chat_id=chat_id, lang=lang)
    await session.execute(
        statement.on_conflict_do_update(index_elements=[Chat.chat_id], set_={"lang": lang})
    )


async def subscriptions(session: AsyncSession, chat_id: int) -> set[str]:
    """The topics a chat is subscribed to."""
    result = await session.scalars(
        select(Subscription.topic).where(Subscription.chat_id == chat_id)
    )
    return set(result.all())


async def toggle_subscription(session: AsyncSession, chat_id: int, topic: str, lang: str) -> bool:
    """Subscribe a chat to a topic, or unsubscribe it if it was; True when now subscribed.

    The chat's language is stored too, because broadcasts are sent in it.
    """
    await set_language(session, chat_id, lang)
    removed = await affected_rows(
        session,
        delete(Subscription).where(Subscription.chat_id == chat_id, Subscription.topic == topic),
    )
    if removed:
        return False
    statement = _insert(session, Subscription).values(chat_id=chat_id, topic=topic)
    await session.execute(statement.on_conflict_do_nothing())
    return True


async def unsubscribe_all(session: AsyncSession, chat_id: int) -> int:
    """Remove every subscription of a chat; the number removed."""
    return await affected_rows(session, delete(Subscription).where(Subscription.chat_id == chat_id))


async def forget(session: AsyncSession, chat_id: int) -> bool:
    """Delete everything stored about a chat; True if there was anything."""
    # Subscriptions first, so nothing is left even where foreign keys are not enforced.
    await unsubscribe_all(session, chat_id)
    return bool(await affected_rows(session, delete(Chat).where(Chat.chat_id == chat_id)))


async def erase_traces(engine: AsyncEngine) -> None:
    """After /forget on SQLite, move the write-ahead log into the database file (where deletes
    overwrite, see db/session.py) and empty it, so no old copy of the chat's rows lingers there.

    PostgreSQL keeps deleted rows in its files until (auto)vacuum reuses the space; only the
    operator can read those files (docs/privacy.md).
    """
    if engine.dialect.name == "sqlite":
        async with engine.connect() as conn:
            await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


async def record_feedback(
    session: AsyncSession, intent_slug: str, helpful: bool, day: date, lang: str | None = None
) -> None:
    """Count one 👍 or 👎 for an intent (in the language it was read in), with no link to who
    gave it."""
    session.add(Feedback(intent_slug=intent_slug, helpful=helpful, day=day, lang=lang))


async def record_unanswered(
    session: AsyncSession, lang: str, text: str, day: date, answered: str | None = None
) -> None:
    """Keep a question for curators, one the bot could not answer or (`answered`) one whose
    answer its asker marked unhelpful; the caller scrubs it first."""
    session.add(UnansweredQuestion(lang=lang, text=text, day=day, answered=answered))


async def subscribe(session: AsyncSession, chat_id: int, topic: str, lang: str) -> bool:
    """Subscribe a chat to a topic (storing its language); False if it already was."""
    await set_language(session, chat_id, lang)
    statement = _insert(session, Subscription).values(chat_id=chat_id, topic=topic)
    return bool(await affected_rows(session, statement.on_conflict_do_nothing()))


async def unsubscribe(session: AsyncSession, chat_id: int, topic: str) -> bool:
    """Remove one subscription; False if there was none."""
    removed = await affected_rows(
        session,
        delete(Subscription).where(Subscription.chat_id == chat_id, Subscription.topic == topic),
    )
    return bool(removed)

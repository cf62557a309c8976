"""The queue on SQLite and PostgreSQL: deliveries made once when due, missed beyond grace,
once-only keys, progress by reason, cancel and approve."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from db import broadcasts, chats, migrate
from db.broadcasts import FAILED, SENT, Outcome
from db.models import Broadcast, Chat, Subscription
from db.session import make_engine, make_sessionmaker, transaction
from tests.e2e.broadcastkit import add_subscribers

NOW = datetime(2030, 3, 1, 12, tzinfo=UTC)
GRACE = timedelta(hours=6)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """A migrated database of each kind."""
    engine = make_engine(database_url)
    await migrate.upgrade(engine)
    yield engine
    await engine.dispose()


async def test_the_queue_on_each_database(engine: AsyncEngine) -> None:
    sessions = make_sessionmaker(engine)
    async with engine.begin() as conn:
        await conn.execute(
            insert(Chat),
            [
                {"chat_id": 1, "lang": "en", "blocked": False},
                {"chat_id": 2, "lang": "es", "blocked": False},
                {"chat_id": 3, "lang": None, "blocked": False},
                {"chat_id": 4, "lang": "en", "blocked": True},
            ],
        )
        await conn.execute(
            insert(Subscription),
            [
                {"chat_id": 1, "topic": "general"},
                {"chat_id": 1, "topic": "all"},  # twice subscribed, one delivery
                {"chat_id": 2, "topic": "daca"},
                {"chat_id": 3, "topic": "all"},
                {"chat_id": 4, "topic": "general"},
            ],
        )
    texts = {"en": "Hi", "es": "Hola"}
    async with transaction(sessions) as session:
        assert await broadcasts.recipient_counts(session, ["general"]) == {"en": 2}
        late = await broadcasts.create(
            session, kind="manual", audiences=["general"], texts=texts,
            send_at=NOW - timedelta(hours=1),
        )  # fmt: skip
        missed = await broadcasts.create(
            session, kind="manual", audiences=["general"], texts=texts,
            send_at=NOW - timedelta(hours=7),
        )  # fmt: skip
        ahead = await broadcasts.create(
            session, kind="manual", audiences=["daca"], texts=texts,
            send_at=NOW + timedelta(hours=1),
        )  # fmt: skip
    async with transaction(sessions) as session:
        started = await broadcasts.start_due(session, NOW, GRACE)
        assert {(row.id, row.status) for row in started} == {
            (late.id, "sending"),
            (missed.id, "missed"),
        }
    async with transaction(sessions) as session:
        assert await broadcasts.start_due(session, NOW, GRACE) == []  # never twice
        pending = await broadcasts.pending(session, 100)
        assert [(p.broadcast_id, p.chat_id, p.lang) for p in pending] == [
            (late.id, 1, "en"),
            (late.id, 3, "en"),
        ]
        await broadcasts.record(
            session,
            [Outcome(pending[0].id, SENT), Outcome(pending[1].id, FAILED, "blocked", 1, 3)],
            NOW,
        )
        assert await broadcasts.finish_sent(session, NOW) == [late.id]
        progress = await broadcasts.progress(session, late.id)
        assert progress is not None
        assert (progress.sent, progress.pending, dict(progress.failed)) == (
            1,
            0,
            {"blocked": 1},
        )
        assert await broadcasts.cancel(session, ahead.id, NOW) == "scheduled"
        assert await broadcasts.approve(session, ahead.id, NOW) is None

    wanted = {
        "reminder:x:1": {
            "kind": "reminder", "audiences": ["daca"], "texts": texts,
            "send_at": NOW + timedelta(days=1),
        },
        "reminder:x:2": {
            "kind": "reminder", "audiences": ["daca"], "texts": texts,
            "send_at": NOW - timedelta(days=1),
        },
    }  # fmt: skip
    async with transaction(sessions) as session:
        after = NOW - GRACE
        assert await broadcasts.sync_once(session, "reminder:", wanted, NOW, after) == (1, 0)
        assert await broadcasts.sync_once(session, "reminder:", wanted, NOW, after) == (0, 0)
        assert await broadcasts.sync_once(session, "reminder:", {}, NOW, after) == (0, 1)


async def test_a_reminder_made_by_another_process_meanwhile_is_skipped_not_an_error(
    engine: AsyncEngine,
) -> None:
    # A seed and the running bot's sender both schedule reminders; whichever inserts a key
    # second (having looked before the first committed) must skip it, not fail.
    sessions = make_sessionmaker(engine)
    columns = {"kind": "reminder", "audiences": ["daca"], "texts": {"en": "Hi", "es": "Hola"}}
    async with transaction(sessions) as late:
        assert await late.scalar(select(func.count()).select_from(Broadcast)) == 0
        async with transaction(sessions) as first:
            made = await broadcasts.create_once(first, "reminder:x:1", send_at=NOW, **columns)
        again = await broadcasts.create_once(late, "reminder:x:1", send_at=NOW, **columns)
    assert (made, again) == (True, False)
    async with engine.connect() as conn:
        keys = (await conn.execute(text("SELECT once_key FROM broadcasts"))).scalars().all()
    assert keys == ["reminder:x:1"]


async def test_who_got_what_is_forgotten_a_month_after_the_end_keeping_counts(
    engine: AsyncEngine,
) -> None:
    sessions = make_sessionmaker(engine)
    await add_subscribers(engine, None, {1: "en"})
    async with transaction(sessions) as session:
        row = await broadcasts.create(
            session, kind="manual", audiences=["general"], texts={"en": "Hi"}, send_at=NOW
        )
        await broadcasts.start_due(session, NOW, GRACE)
        [pending] = await broadcasts.pending(session, 10)
        await broadcasts.record(session, [Outcome(pending.id, SENT)], NOW)
        await broadcasts.finish_sent(session, NOW)
    later = NOW + broadcasts.DELIVERIES_KEPT
    async with transaction(sessions) as session:
        assert await broadcasts.forget_deliveries(session, later) == 0  # not yet
        assert await broadcasts.forget_deliveries(session, later + timedelta(days=1)) == 1
    async with transaction(sessions) as session:
        kept = await broadcasts.progress(session, row.id)
        assert kept is not None and (kept.sent, kept.pending, dict(kept.failed)) == (1, 0, {})
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM deliveries"))).scalar() == 0


async def test_forget_deletes_the_chats_deliveries_too(engine: AsyncEngine) -> None:
    sessions = make_sessionmaker(engine)
    await add_subscribers(engine, None, {1: "en", 2: "en"})
    async with transaction(sessions) as session:
        await broadcasts.create(
            session, kind="manual", audiences=["general"], texts={"en": "Hi"}, send_at=NOW
        )
        await broadcasts.start_due(session, NOW, GRACE)
    async with transaction(sessions) as session:
        assert await chats.forget(session, 1)
    async with engine.connect() as conn:
        left = list(await conn.scalars(text("SELECT chat_id FROM deliveries")))
    assert left == [2]

"""The broadcast queue: broadcasts, one delivery row per recipient, organizers and refusals.

A broadcast's deliveries are created in one transaction when it becomes due; each then goes
pending → sent | failed(reason). The caller owns the session and commits. Only the process that
holds the sender lock (db/locks.py) starts or delivers broadcasts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.chats import ALL_TOPICS, _insert
from db.models import Broadcast, Chat, Delivery, Organizer, Refusal, Subscription
from db.session import affected_rows
from intents.languages import default_language

# Subscribed to by /subscribe with no argument; a broadcast with no topic goes to it.
GENERAL = "general"
# The audience of the daily note: organizers who opted in with /digest.
DIGEST = "organizers-digest"
# Broadcast statuses, in the order a broadcast goes through them.
DRAFT, SCHEDULED, SENDING, DONE, CANCELLED, MISSED = (
    "draft",
    "scheduled",
    "sending",
    "done",
    "cancelled",
    "missed",
)
PENDING, SENT, FAILED = "pending", "sent", "failed"
# Which chat got which broadcast is kept this long after it ends, then only the counts remain.
DELIVERIES_KEPT = timedelta(days=30)


def utc(moment: datetime) -> datetime:
    """A time in UTC; SQLite hands back naive times, which Puente always stores in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _recipients(audiences: Iterable[str]) -> Any:
    """SELECT the chat ids a broadcast to these audiences reaches (blocked chats excluded)."""
    topics = [*audiences, ALL_TOPICS]
    if DIGEST in topics:
        return (
            select(Chat.chat_id, func.coalesce(Chat.lang, default_language()).label("lang"))
            .join(Organizer, Organizer.user_id == Chat.chat_id)
            .where(Organizer.digest.is_(True), Chat.blocked.is_(False))
        )
    return (
        select(Chat.chat_id, func.coalesce(Chat.lang, default_language()).label("lang"))
        .join(Subscription, Subscription.chat_id == Chat.chat_id)
        .where(Subscription.topic.in_(topics), Chat.blocked.is_(False))
        .distinct()
    )


async def recipient_counts(session: AsyncSession, audiences: Iterable[str]) -> dict[str, int]:
    """How many chats a broadcast would reach now, per language."""
    rows = _recipients(audiences).subquery()
    result = await session.execute(select(rows.c.lang, func.count()).group_by(rows.c.lang))
    return {lang: int(count) for lang, count in result.all()}


async def create(
    session: AsyncSession,
    *,
    kind: str,
    audiences: Sequence[str],
    texts: dict[str, str],
    send_at: datetime,
    status: str = SCHEDULED,
    fallback_lang: str | None = None,
    program_slug: str | None = None,
) -> Broadcast:
    """Store a broadcast (no deliveries yet: those are made when it is due)."""
    row = Broadcast(
        kind=kind,
        status=status,
        audiences=list(audiences),
        texts=dict(texts),
        fallback_lang=fallback_lang,
        send_at=utc(send_at),
        program_slug=program_slug,
    )
    session.add(row)
    await session.flush()
    return row


async def create_once(session: AsyncSession, once_key: str, **columns: Any) -> bool:
    """Store a once-only broadcast unless its key exists; False if it did.

    A running bot's sender and a `puente seed` both schedule reminders: the second to insert
    the same key must skip it, not fail, so the INSERT itself checks (ON CONFLICT DO NOTHING).
    """
    statement = _insert(session, Broadcast).values(
        once_key=once_key,
        status=columns.pop("status", SCHEDULED),
        audiences=list(columns.pop("audiences")),
        texts=dict(columns.pop("texts")),
        send_at=utc(columns.pop("send_at")),
        **columns,
    )
    statement = statement.on_conflict_do_nothing(index_elements=[Broadcast.once_key])
    return await affected_rows(session, statement) == 1


async def start_due(session: AsyncSession, now: datetime, grace: timedelta) -> list[Broadcast]:
    """Start every scheduled broadcast whose time has come: its deliveries in this transaction.

    One whose time passed more than `grace` ago (the bot was down) is marked missed instead.
    """
    due = (
        await session.scalars(
            select(Broadcast)
            .where(Broadcast.status == SCHEDULED, Broadcast.send_at <= utc(now))
            .order_by(Broadcast.send_at, Broadcast.id)
        )
    ).all()
    for row in due:
        if utc(now) - utc(row.send_at) > grace:
            row.status, row.finished_at = MISSED, utc(now)
            continue
        recipients = _recipients(row.audiences).subquery()
        await session.execute(
            insert(Delivery).from_select(
                ["broadcast_id", "chat_id"],
                select(literal(row.id), recipients.c.chat_id),
            )
        )
        row.status, row.started_at = SENDING, utc(now)
    await session.flush()
    return list(due)


@dataclass(frozen=True)
class Pending:
    """A delivery to make: which broadcast, which chat, in the chat's language now."""

    id: int
    broadcast_id: int
    chat_id: int
    lang: str
    blocked: bool
    attempts: int


async def pending(session: AsyncSession, limit: int, after: int = 0) -> list[Pending]:
    """The next pending deliveries of broadcasts being sent, oldest first."""
    result = await session.execute(
        select(
            Delivery.id,
            Delivery.broadcast_id,
            Delivery.chat_id,
            func.coalesce(Chat.lang, default_language()),
            Chat.blocked,
            Delivery.attempts,
        )
        .join(Chat, Chat.chat_id == Delivery.chat_id)
        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
        .where(Delivery.status == PENDING, Broadcast.status == SENDING, Delivery.id > after)
        .order_by(Delivery.id)
        .limit(limit)
    )
    return [Pending(*row) for row in result.all()]


@dataclass(frozen=True)
class Outcome:
    """What became of one delivery attempt."""

    delivery_id: int
    status: str  # sent or failed
    reason: str | None = None
    attempts: int = 1
    chat_id: int | None = None


async def record(session: AsyncSession, outcomes: Sequence[Outcome], now: datetime) -> None:
    """Store the outcomes of delivery attempts (one statement for the batch)."""
    if not outcomes:
        return
    await session.execute(
        update(Delivery),
        [
            {
                "id": o.delivery_id,
                "status": o.status,
                "reason": o.reason,
                "attempts": o.attempts,
                "done_at": utc(now),
            }
            for o in outcomes
        ],
    )


async def mark_blocked(session: AsyncSession, chat_ids: Iterable[int]) -> None:
    """Telegram said 403: these chats get nothing until they write to the bot again."""
    ids = list(chat_ids)
    if ids:
        await session.execute(update(Chat).where(Chat.chat_id.in_(ids)).values(blocked=True))


async def unblock(session: AsyncSession, chat_id: int) -> None:
    """A chat that had blocked the bot wrote to it: it may receive broadcasts again."""
    await session.execute(update(Chat).where(Chat.chat_id == chat_id).values(blocked=False))


async def finish_sent(session: AsyncSession, now: datetime) -> list[int]:
    """Mark done every broadcast being sent that has no pending delivery left; their ids."""
    still_pending = select(Delivery.id).where(
        Delivery.broadcast_id == Broadcast.id, Delivery.status == PENDING
    )
    rows = (
        await session.scalars(
            select(Broadcast).where(Broadcast.status == SENDING, ~still_pending.exists())
        )
    ).all()
    for row in rows:
        row.status, row.finished_at = DONE, utc(now)
    return [row.id for row in rows]


async def texts_of(session: AsyncSession, ids: Iterable[int]) -> dict[int, Broadcast]:
    """Broadcasts by id (for their texts and fallback language)."""
    rows = await session.scalars(select(Broadcast).where(Broadcast.id.in_(list(ids))))
    return {row.id: row for row in rows}


# --- progress, listing and organizer actions ---------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Where a broadcast stands: deliveries by outcome, failures by reason, pace."""

    broadcast: Broadcast
    sent: int
    pending: int
    failed: Counter[str]
    last_done: datetime | None

    @property
    def rate(self) -> float | None:
        """Messages sent a second so far, or None before any were sent."""
        started = self.broadcast.started_at
        if not self.sent or started is None or self.last_done is None:
            return None
        seconds = (utc(self.last_done) - utc(started)).total_seconds()
        return self.sent / seconds if seconds > 0 else None

    @property
    def seconds_left(self) -> float | None:
        """Time left at the rate so far, or None when it cannot be told."""
        rate = self.rate
        return self.pending / rate if rate and self.pending else (0.0 if rate else None)


async def progress(session: AsyncSession, broadcast_id: int) -> Progress | None:
    """A broadcast's progress, or None if there is no such broadcast."""
    row = await session.get(Broadcast, broadcast_id)
    if row is None:
        return None
    if row.outcome is not None:  # its deliveries were deleted; the counts were kept
        last_done = row.outcome.get("last_done")
        return Progress(
            row,
            int(row.outcome["sent"]),
            0,
            Counter(row.outcome["failed"]),
            datetime.fromisoformat(last_done) if last_done else None,
        )
    result = await session.execute(
        select(Delivery.status, Delivery.reason, func.count(), func.max(Delivery.done_at))
        .where(Delivery.broadcast_id == broadcast_id)
        .group_by(Delivery.status, Delivery.reason)
    )
    counts: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    last: datetime | None = None
    for status, reason, count, done_at in result.all():
        counts[status] += count
        if status == FAILED:
            failed[reason or "unknown"] += count
        if status == SENT and done_at is not None:
            last = done_at if last is None else max(last, done_at)
    return Progress(row, counts[SENT], counts[PENDING], failed, last)


async def forget_deliveries(session: AsyncSession, now: datetime) -> int:
    """Delete who got what for broadcasts that ended DELIVERIES_KEPT ago, keeping the counts.

    Returns how many broadcasts were reduced to their counts.
    """
    ended = (
        await session.scalars(
            select(Broadcast).where(
                Broadcast.finished_at < utc(now) - DELIVERIES_KEPT, Broadcast.outcome.is_(None)
            )
        )
    ).all()
    for row in ended:
        done = await progress(session, row.id)
        assert done is not None
        last = utc(done.last_done).isoformat() if done.last_done else None
        row.outcome = {"sent": done.sent, "failed": dict(done.failed), "last_done": last}
        await session.execute(delete(Delivery).where(Delivery.broadcast_id == row.id))
    return len(ended)


async def listing(session: AsyncSession, limit: int = 50) -> Sequence[Broadcast]:
    """The newest broadcasts first."""
    result = await session.scalars(select(Broadcast).order_by(Broadcast.id.desc()).limit(limit))
    return result.all()


async def cancel(session: AsyncSession, broadcast_id: int, now: datetime) -> str | None:
    """Stop a broadcast that is not finished; its pending deliveries fail as cancelled.

    Returns the status it had, or None when there is no such broadcast.
    """
    row = await session.get(Broadcast, broadcast_id)
    if row is None:
        return None
    before = row.status
    if before in (DRAFT, SCHEDULED, SENDING):
        row.status, row.finished_at = CANCELLED, utc(now)
        await session.execute(
            update(Delivery)
            .where(Delivery.broadcast_id == broadcast_id, Delivery.status == PENDING)
            .values(status=FAILED, reason="cancelled", done_at=utc(now))
        )
    return before


async def approve(session: AsyncSession, broadcast_id: int, now: datetime) -> Broadcast | None:
    """Let a draft go out (now, or at its time if that is later); None if it is not a draft."""
    row = await session.get(Broadcast, broadcast_id)
    if row is None or row.status != DRAFT:
        return None
    row.status = SCHEDULED
    row.send_at = max(utc(row.send_at), utc(now))
    return row


async def drafts(session: AsyncSession) -> Sequence[Broadcast]:
    """Broadcasts waiting for an organizer's approval."""
    result = await session.scalars(
        select(Broadcast).where(Broadcast.status == DRAFT).order_by(Broadcast.id)
    )
    return result.all()


async def sync_once(
    session: AsyncSession,
    prefix: str,
    wanted: dict[str, dict[str, Any]],
    now: datetime,
    create_after: datetime,
) -> tuple[int, int]:
    """Make the scheduled broadcasts whose once_key starts with `prefix` match `wanted`.

    `wanted` maps once_key to the broadcast's columns. A key that already exists in any status
    is left alone once it was sent (each goes out once); a scheduled one is updated (and, if its
    time passed while the bot was down, start_due sends it within grace or marks it missed);
    a new one is created only if its time is after `create_after`; scheduled ones no longer
    wanted are cancelled. Returns (created, cancelled).
    """
    existing = {
        row.once_key: row
        for row in await session.scalars(
            select(Broadcast).where(Broadcast.once_key.like(prefix + "%"))
        )
    }
    created = cancelled = 0
    for key, columns in wanted.items():
        row = existing.get(key)
        if row is None and utc(columns["send_at"]) >= utc(create_after):
            created += await create_once(session, key, **columns)
        elif row is None:
            continue
        elif row.status == SCHEDULED:
            row.texts, row.send_at = dict(columns["texts"]), utc(columns["send_at"])
    for once_key, row in existing.items():
        if once_key not in wanted and row.status == SCHEDULED:
            row.status, row.finished_at = CANCELLED, utc(now)
            cancelled += 1
    return created, cancelled


async def sent_since(session: AsyncSession, since: datetime) -> Counter[str]:
    """Deliveries finished since a time, by outcome (sent / failed)."""
    result = await session.execute(
        select(Delivery.status, func.count())
        .where(Delivery.done_at >= utc(since), Delivery.status != PENDING)
        .group_by(Delivery.status)
    )
    return Counter({status: int(count) for status, count in result.all()})


# --- organizers ----------------------------------------------------------------------------------


async def is_organizer(session: AsyncSession, user_id: int) -> bool:
    """Whether a Telegram user holds the organizer role."""
    return await session.get(Organizer, user_id) is not None


async def add_organizer(session: AsyncSession, user_id: int) -> bool:
    """Grant the role; False if the user already had it."""
    if await is_organizer(session, user_id):
        return False
    session.add(Organizer(user_id=user_id))
    return True


async def remove_organizer(session: AsyncSession, user_id: int) -> bool:
    """Take the role away; False if the user did not have it."""
    return bool(await affected_rows(session, delete(Organizer).where(Organizer.user_id == user_id)))


async def organizers(session: AsyncSession) -> Sequence[Organizer]:
    """Everyone with the role."""
    return (await session.scalars(select(Organizer).order_by(Organizer.user_id))).all()


async def set_digest(session: AsyncSession, user_id: int, wanted: bool) -> None:
    """Opt an organizer in or out of the daily note."""
    await session.execute(
        update(Organizer).where(Organizer.user_id == user_id).values(digest=wanted)
    )


async def count_refusal(session: AsyncSession, day: date) -> None:
    """Count one refused organizer command for the day; nothing about who or what."""
    statement = _insert(session, Refusal).values(day=day, count=1)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[Refusal.day], set_={"count": Refusal.count + 1}
        )
    )


async def refusals(session: AsyncSession, since: date) -> int:
    """Refused organizer commands since a day."""
    total = await session.scalar(select(func.sum(Refusal.count)).where(Refusal.day >= since))
    return int(total or 0)


async def wants_digest(session: AsyncSession, user_id: int) -> bool:
    """Whether an organizer gets the daily note."""
    return bool(await session.scalar(select(Organizer.digest).where(Organizer.user_id == user_id)))


async def anyone_wants_digest(session: AsyncSession) -> bool:
    """Whether any organizer opted in to the daily note."""
    return bool(await session.scalar(select(func.count()).where(Organizer.digest.is_(True))))


async def organizer_chats(session: AsyncSession) -> list[tuple[int, str]]:
    """Every organizer's private chat, with its language."""
    result = await session.execute(
        select(Organizer.user_id, func.coalesce(Chat.lang, default_language()))
        .outerjoin(Chat, Chat.chat_id == Organizer.user_id)
        .order_by(Organizer.user_id)
    )
    return [(int(user), str(lang)) for user, lang in result.all()]

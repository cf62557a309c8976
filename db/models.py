"""Typed SQLAlchemy 2 models for curated content and the little Puente keeps about chats."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Deterministic constraint names, so Alembic migrations behave alike on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# --- curated content ---------------------------------------------------------------------------


class Intent(Base):
    """One curated topic a person can ask about, identified by a stable slug."""

    __tablename__ = "intents"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    topic: Mapped[str] = mapped_column(String(64))
    jurisdiction: Mapped[str] = mapped_column(String(32))
    reviewed: Mapped[date] = mapped_column(Date)
    # [{"title": ..., "url": ...}, ...]
    sources: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    related: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Who keeps it up to date: a role or a first name from the file, never a Telegram id.
    curator: Mapped[str | None] = mapped_column(String(60))
    # Intents removed from the content files are retired, never silently kept answering.
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    questions: Mapped[list[IntentQuestion]] = relationship(
        back_populates="intent", cascade="all, delete-orphan", order_by="IntentQuestion.id"
    )
    answers: Mapped[list[IntentAnswer]] = relationship(
        back_populates="intent", cascade="all, delete-orphan", order_by="IntentAnswer.lang"
    )


class IntentQuestion(Base):
    """A paraphrase people use to ask for an intent, in one language."""

    __tablename__ = "intent_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    intent_id: Mapped[int] = mapped_column(ForeignKey("intents.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)

    intent: Mapped[Intent] = relationship(back_populates="questions")


class IntentAnswer(Base):
    """The curated answer to an intent in one language: its title, text and review date."""

    __tablename__ = "intent_answers"
    __table_args__ = (UniqueConstraint("intent_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    intent_id: Mapped[int] = mapped_column(ForeignKey("intents.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    reviewed: Mapped[date] = mapped_column(Date)

    intent: Mapped[Intent] = relationship(back_populates="answers")


class Program(Base):
    """A TPS-style program whose status and dates change; answers and reminders read it here."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    # {"en": "Honduras", "es": "Honduras"}
    names: Mapped[dict[str, str]] = mapped_column(JSON)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(32))
    valid_until: Mapped[date | None] = mapped_column(Date)
    reregistration_start: Mapped[date | None] = mapped_column(Date)
    reregistration_end: Mapped[date | None] = mapped_column(Date)
    # {"en": "...", "es": "..."}
    summary: Mapped[dict[str, str]] = mapped_column(JSON)
    source_title: Mapped[str] = mapped_column(String(200))
    source_url: Mapped[str] = mapped_column(String(500))
    reviewed: Mapped[date] = mapped_column(Date)
    curator: Mapped[str | None] = mapped_column(String(60))
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class ContentVersion(Base):
    """One row per seed that changed content; running bots rebuild their index when it moves."""

    __tablename__ = "content_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    seeded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    summary: Mapped[str] = mapped_column(String(200))
    # The content rules this seed followed (db/seed/rules.yaml); None before they were seeded.
    rules: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class AskedQuestion(Base):
    """A question someone asked in public (a reader's letter, an FAQ heading; never a user's
    message), labelled with the answer it needs: the matcher's learned view trains on these."""

    __tablename__ = "asked_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    lang: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)
    # The intent's slug (not a key: a seed may retire it); None when no answer is right.
    intent: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # in-scope, near-domain or out-of-scope
    source: Mapped[str] = mapped_column(String(500))  # where it was asked


# --- chats: only what the bot needs to work (privacy by design) ----------------------------------


class Chat(Base):
    """A chat that chose a language or subscribed; never its messages."""

    __tablename__ = "chats"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    lang: Mapped[str | None] = mapped_column(String(2))
    # Set when Telegram says the user blocked the bot, so broadcasts stop reaching for them.
    blocked: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    subscriptions: Mapped[list[Subscription]] = relationship(
        back_populates="chat", cascade="all, delete-orphan", passive_deletes=True
    )


class Subscription(Base):
    """A chat's wish to receive broadcasts on one topic ("all" for everything)."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("chat_id", "topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.chat_id", ondelete="CASCADE"), index=True
    )
    topic: Mapped[str] = mapped_column(String(64))

    chat: Mapped[Chat] = relationship(back_populates="subscriptions")


class Feedback(Base):
    """One 👍/👎 on an answer, kept per intent and day with no link to who gave it."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    intent_slug: Mapped[str] = mapped_column(String(64), index=True)
    helpful: Mapped[bool] = mapped_column(Boolean)
    # A day, not a timestamp, so the row cannot be lined up with a chat's activity.
    day: Mapped[date] = mapped_column(Date)
    # The language the answer was read in (None for votes counted before it was kept).
    lang: Mapped[str | None] = mapped_column(String(2))


class SuggestionEvent(Base):
    """A "did you mean" choice offered or taken, counted per intent and day, never per chat."""

    __tablename__ = "suggestion_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    intent_slug: Mapped[str] = mapped_column(String(64), index=True)
    lang: Mapped[str] = mapped_column(String(2))
    # "offered" when the choice was shown, "taken" when someone tapped it.
    event: Mapped[str] = mapped_column(String(8))
    day: Mapped[date] = mapped_column(Date)


class UnansweredQuestion(Base):
    """A question the bot could not answer, or whose answer its asker marked unhelpful,
    scrubbed of identifiers and kept without any chat."""

    __tablename__ = "unanswered_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    lang: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)
    # The intent whose answer was marked 👎 before the question was shared; None when the bot
    # had no answer. A wrong answer given with confidence is the worst outcome: curators see it.
    answered: Mapped[str | None] = mapped_column(String(64))
    # A day, not a timestamp, so the row cannot be lined up with a chat's activity.
    day: Mapped[date] = mapped_column(Date)


# --- organizers and broadcasts (the database is the delivery queue) ------------------------------


class Organizer(Base):
    """A Telegram user allowed to broadcast; granted only by `puente organizers add`."""

    __tablename__ = "organizers"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # Opted in to the daily note (/digest).
    digest: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Broadcast(Base):
    """One message to subscribers in both languages, sent now, at a time, or after approval.

    status: draft (waits for an organizer's approval) → scheduled → sending → done, or
    cancelled / missed (its time passed more than the grace period while the bot was down).
    """

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # manual (an organizer), reminder (a program deadline), update (a reseed changed a program)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    # Subscription topics it goes to ("general", a topic or a program slug); "all" always gets it.
    audiences: Mapped[list[str]] = mapped_column(JSON)
    # {"en": html, "es": html}; fallback_lang is used for a chat whose language has no text.
    texts: Mapped[dict[str, str]] = mapped_column(JSON)
    fallback_lang: Mapped[str | None] = mapped_column(String(2))
    send_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Reminders and drafts: the program and a key that makes each one exist once.
    program_slug: Mapped[str | None] = mapped_column(String(64))
    once_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Drafts: when organizers were shown it in Telegram with an Approve button.
    announced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Counts kept when its deliveries (which chat got what) are deleted, a while after it ends:
    # {"sent": n, "failed": {reason: n}, "last_done": iso time}
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Delivery(Base):
    """One broadcast to one chat: pending → sent | failed(reason). Never a message text."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("broadcast_id", "chat_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="CASCADE"), index=True
    )
    # /forget deletes a chat's deliveries with the chat.
    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.chat_id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(8), default="pending", server_default="pending")
    reason: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Refusal(Base):
    """How many times per day someone who is not an organizer tried an organizer command."""

    __tablename__ = "refusals"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    count: Mapped[int] = mapped_column(default=0)

"""Whether a database can serve the bot, and database failures told in one line for operators."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from db import migrate, queries
from db.models import Intent
from db.session import DATABASE_ERRORS, make_sessionmaker


class DatabaseNotReady(Exception):
    """The database cannot serve the bot; the message says why and what to run, in one line."""


@dataclass(frozen=True)
class Readiness:
    """What the database holds that the bot needs."""

    revision: str | None
    head: str
    content_version: int | None
    live_intents: int

    @property
    def at_head(self) -> bool:
        """Whether every migration has been applied."""
        return self.revision == self.head


def safe_url(url: str) -> str:
    """A database URL fit for a log or a terminal: the password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparsable URL)"


def describe_failure(exc: BaseException) -> str:
    """The cause of a database failure in one line, without the SQL or its parameters."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    # asyncpg's errors reach SQLAlchemy wrapped in an adapter class named just "Error".
    cause = cause.__cause__ or cause
    lines = str(cause).strip().splitlines()
    name = type(cause).__name__
    return f"{name}: {lines[0]}" if lines else name


def cannot_open(url: str, exc: BaseException) -> str:
    """The one line saying a database could not be used."""
    return f"Cannot use the database {safe_url(url)} ({describe_failure(exc)})."


async def readiness(engine: AsyncEngine) -> Readiness:
    """Read the migration revision and the content state; raises DATABASE_ERRORS when down."""
    revision = await migrate.current_revision(engine)
    head = migrate.head_revision()
    if revision != head:
        return Readiness(revision, head, None, 0)
    async with make_sessionmaker(engine)() as session:
        version = await queries.content_version(session)
        live = select(func.count()).select_from(Intent).where(Intent.retired_at.is_(None))
        return Readiness(revision, head, version, await session.scalar(live) or 0)


async def require_ready(engine: AsyncEngine, url: str) -> Readiness:
    """Readiness, or DatabaseNotReady saying in one line what is wrong and what to run."""
    try:
        state = await readiness(engine)
    except DATABASE_ERRORS as exc:
        raise DatabaseNotReady(cannot_open(url, exc)) from None
    if not state.at_head:
        raise DatabaseNotReady(
            f"The database is at migration {state.revision or 'none'}, not {state.head}: "
            "run `puente db upgrade` and `puente seed` first."
        )
    if state.content_version is None or not state.live_intents:
        raise DatabaseNotReady("The database has no content: run `puente seed` first.")
    return state

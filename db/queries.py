"""Read queries for curated content (the bot and the CLI load it into memory once)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.models import AskedQuestion, ContentVersion, Intent, Program


async def active_intents(session: AsyncSession) -> Sequence[Intent]:
    """Every intent that is not retired, with its questions and answers loaded."""
    result = await session.scalars(
        select(Intent)
        .where(Intent.retired_at.is_(None))
        .options(selectinload(Intent.questions), selectinload(Intent.answers))
        .order_by(Intent.slug)
    )
    return result.all()


async def asked_questions(session: AsyncSession) -> Sequence[AskedQuestion]:
    """Every question people asked that the newest seed loaded, in file order."""
    return (await session.scalars(select(AskedQuestion).order_by(AskedQuestion.id))).all()


async def active_programs(session: AsyncSession) -> Sequence[Program]:
    """Every program that is not retired."""
    result = await session.scalars(
        select(Program).where(Program.retired_at.is_(None)).order_by(Program.slug)
    )
    return result.all()


async def content_version(session: AsyncSession) -> int | None:
    """The id of the newest content version, or None when nothing was ever seeded."""
    return await session.scalar(select(func.max(ContentVersion.id)))

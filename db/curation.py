"""Queries for curators: unanswered questions, 👍/👎 and "did you mean" choices, retention.

Every record here is anonymous (a day, a language, an intent or a scrubbed question; never a
chat), and every count is per intent and language. The caller owns the session and commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Feedback, SuggestionEvent, UnansweredQuestion
from db.session import affected_rows

OFFERED, TAKEN = "offered", "taken"


@dataclass(frozen=True)
class IntentFeedback:
    """What people said about one intent's answer in one language, and its "did you mean" use."""

    slug: str
    lang: str | None
    helpful: int = 0
    not_helpful: int = 0
    offered: int = 0
    taken: int = 0

    @property
    def votes(self) -> int:
        """👍 and 👎 together."""
        return self.helpful + self.not_helpful

    @property
    def ignored(self) -> int:
        """Times it was offered as "did you mean" and not chosen."""
        return max(self.offered - self.taken, 0)

    @property
    def unhelpful_share(self) -> float:
        """The share of 👎 among votes (0 when there are none)."""
        return self.not_helpful / self.votes if self.votes else 0.0


async def record_suggestions_offered(
    session: AsyncSession, slugs: Iterable[str], lang: str, day: date
) -> None:
    """Count the intents just offered as "did you mean" choices."""
    session.add_all(
        SuggestionEvent(intent_slug=slug, lang=lang, event=OFFERED, day=day) for slug in slugs
    )


async def record_suggestion_taken(session: AsyncSession, slug: str, lang: str, day: date) -> None:
    """Count one "did you mean" choice someone tapped."""
    session.add(SuggestionEvent(intent_slug=slug, lang=lang, event=TAKEN, day=day))


async def unanswered_questions(
    session: AsyncSession, since: date | None = None, lang: str | None = None
) -> Sequence[tuple[str, str, str | None]]:
    """(lang, text, intent whose answer was marked unhelpful or None) of the kept questions,
    oldest first."""
    query = select(UnansweredQuestion.lang, UnansweredQuestion.text, UnansweredQuestion.answered)
    if since is not None:
        query = query.where(UnansweredQuestion.day >= since)
    if lang is not None:
        query = query.where(UnansweredQuestion.lang == lang)
    result = await session.execute(query.order_by(UnansweredQuestion.id))
    return [(row.lang, row.text, row.answered) for row in result]


async def purge_unanswered(session: AsyncSession, before: date) -> int:
    """Delete unanswered questions kept from days before `before`; how many were deleted."""
    return await affected_rows(
        session, delete(UnansweredQuestion).where(UnansweredQuestion.day < before)
    )


async def feedback_summary(
    session: AsyncSession, since: date | None = None
) -> list[IntentFeedback]:
    """Votes and "did you mean" choices per intent and language, worst answers first.

    Worst: the largest share of 👎, then the most 👎, then the most ignored choices.
    """
    counts: dict[tuple[str, str | None], dict[str, int]] = {}

    votes = select(Feedback.intent_slug, Feedback.lang, Feedback.helpful, func.count())
    if since is not None:
        votes = votes.where(Feedback.day >= since)
    for slug, lang, helpful, count in await session.execute(
        votes.group_by(Feedback.intent_slug, Feedback.lang, Feedback.helpful)
    ):
        counts.setdefault((slug, lang), {})["helpful" if helpful else "not_helpful"] = count

    choices = select(
        SuggestionEvent.intent_slug, SuggestionEvent.lang, SuggestionEvent.event, func.count()
    )
    if since is not None:
        choices = choices.where(SuggestionEvent.day >= since)
    for slug, lang, event, count in await session.execute(
        choices.group_by(SuggestionEvent.intent_slug, SuggestionEvent.lang, SuggestionEvent.event)
    ):
        counts.setdefault((slug, lang), {})[event] = count

    rows = [IntentFeedback(slug, lang, **values) for (slug, lang), values in counts.items()]
    return sorted(
        rows,
        key=lambda r: (-r.unhelpful_share, -r.not_helpful, -r.ignored, r.slug, r.lang or ""),
    )

"""The one conversion between the content model (db/content.py) and database rows, both ways."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db import queries
from db.content import (
    AskedEntry,
    ContentPack,
    ContentRules,
    IntentFile,
    ProgramEntry,
    intent_file_model,
    rules_of,
)
from db.models import (
    AskedQuestion,
    ContentVersion,
    Intent,
    IntentAnswer,
    IntentQuestion,
    Program,
)


def apply_intent(row: Intent, spec: IntentFile) -> None:
    """Make an intent row (with its questions and answers) say what its file says."""
    row.topic = spec.topic
    row.jurisdiction = spec.jurisdiction
    row.reviewed = spec.reviewed
    row.sources = [s.model_dump() for s in spec.sources]
    row.related = list(spec.related)
    row.curator = spec.curator
    row.retired_at = None
    row.questions = [
        IntentQuestion(lang=lang, text=q)
        for lang in spec.languages()
        for q in spec.block(lang).questions
    ]
    # Answers are updated in place: replacing them would insert before the old rows are deleted
    # and trip the one-answer-per-language constraint.
    answers = {answer.lang: answer for answer in row.answers}
    for lang in spec.languages():
        answer = answers.get(lang)
        if answer is None:
            answer = IntentAnswer(lang=lang)
            row.answers.append(answer)
        answer.title = spec.block(lang).title
        answer.text = spec.block(lang).answer
        answer.reviewed = spec.reviewed_in(lang)


def intent_of_row(row: Intent) -> IntentFile:
    """An intent row as the content model, every language's review date written out."""
    langs = tuple(answer.lang for answer in row.answers)
    blocks = {
        answer.lang: {
            "title": answer.title,
            "questions": [q.text for q in row.questions if q.lang == answer.lang],
            "answer": answer.text,
            "reviewed": answer.reviewed,
        }
        for answer in row.answers
    }
    return intent_file_model(langs).model_validate(
        {
            "slug": row.slug,
            "topic": row.topic,
            "jurisdiction": row.jurisdiction,
            "reviewed": row.reviewed,
            "sources": row.sources,
            "related": row.related,
            "curator": row.curator,
            **blocks,
        }
    )


def program_columns(spec: ProgramEntry) -> dict[str, Any]:
    """A program entry as the column values of its row."""
    window = spec.reregistration
    return {
        "kind": spec.kind,
        "names": dict(spec.names),
        "aliases": list(spec.aliases),
        "status": spec.status,
        "valid_until": spec.valid_until,
        "reregistration_start": window.start if window else None,
        "reregistration_end": window.end if window else None,
        "summary": dict(spec.summary),
        "source_title": spec.source.title,
        "source_url": spec.source.url,
        "reviewed": spec.reviewed,
        "curator": spec.curator,
        "retired_at": None,
    }


def program_of_row(row: Program) -> ProgramEntry:
    """A program row as the content model."""
    start, end = row.reregistration_start, row.reregistration_end
    return ProgramEntry.model_validate(
        {
            "slug": row.slug,
            "kind": row.kind,
            "names": row.names,
            "aliases": row.aliases,
            "status": row.status,
            "valid_until": row.valid_until,
            "reregistration": {"start": start, "end": end} if start and end else None,
            "summary": row.summary,
            "source": {"title": row.source_title, "url": row.source_url},
            "reviewed": row.reviewed,
            "curator": row.curator,
        }
    )


def asked_row(entry: AskedEntry) -> AskedQuestion:
    """An asked question as its row: what the matcher reads, and where it was asked."""
    return AskedQuestion(
        lang=entry.lang, text=entry.q, intent=entry.intent, kind=entry.kind, source=entry.source
    )


def asked_of_row(row: AskedQuestion) -> AskedEntry:
    """An asked question's row as the content model (its labelling notes stay in the files)."""
    return AskedEntry.model_validate(
        {
            "q": row.text,
            "lang": row.lang,
            "intent": row.intent,
            "kind": row.kind,
            "source": row.source,
        }
    )


def rules_of_row(version: ContentVersion | None) -> ContentRules:
    """The rules the newest seed stored; the installed ones for a database seeded before."""
    if version is None or version.rules is None:
        return rules_of()
    return ContentRules.model_validate(version.rules)


async def newest_version(session: AsyncSession) -> ContentVersion | None:
    """The newest content version, or None when nothing was ever seeded."""
    newest = select(ContentVersion).order_by(ContentVersion.id.desc()).limit(1)
    return await session.scalar(newest)


async def live_programs_only(session: AsyncSession) -> ContentPack:
    """The live programs and the newest rules, without the intents and asked questions: the
    broadcast sender reads the programs at every wake-up, and building the whole content's
    objects holds the event loop for about 100 ms (answers wait)."""
    programs: Sequence[Program] = await queries.active_programs(session)
    return ContentPack(
        programs=[program_of_row(row) for row in programs],
        rules=rules_of_row(await newest_version(session)),
    )


async def live_content(session: AsyncSession) -> tuple[int | None, ContentPack]:
    """The live (seeded, not retired) content as the content model, with its version id."""
    version = await newest_version(session)
    intents: Sequence[Intent] = await queries.active_intents(session)
    programs: Sequence[Program] = await queries.active_programs(session)
    pack = ContentPack(
        intents=[intent_of_row(row) for row in intents],
        programs=[program_of_row(row) for row in programs],
        asked=[asked_of_row(row) for row in await queries.asked_questions(session)],
        rules=rules_of_row(version),
    )
    return (version.id if version else None), pack

"""The question-answering service shared by the bot and the terminal chat: text in, Reply out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from db import queries
from db.content import TOPICS
from db.models import Intent, Program
from intents import Decision, MatchIndex, Phrase, ProgramAliases
from intents.languages import default_language

# Which intent answers a question that only names a program of this kind.
PROGRAM_INTENTS = {"tps": "tps-status", "daca": "daca"}


@dataclass(frozen=True)
class SourceLink:
    """A source shown under an answer."""

    title: str
    url: str


@dataclass(frozen=True)
class IntentContent:
    """An intent as the bot shows it: titles and answers per language, sources, dates, related."""

    slug: str
    topic: str
    jurisdiction: str
    titles: dict[str, str]
    answers: dict[str, str]
    reviewed: dict[str, date]
    sources: tuple[SourceLink, ...]
    related: tuple[str, ...]

    def title(self, lang: str) -> str:
        """The intent's name for buttons and menus in a language (else the default language's)."""
        return self.titles.get(lang) or self.titles.get(default_language()) or self.slug


@dataclass(frozen=True)
class ProgramContent:
    """A program's live status and dates, as the programs table has them."""

    slug: str
    kind: str
    names: dict[str, str]
    status: str
    valid_until: date | None
    reregistration_start: date | None
    reregistration_end: date | None
    summary: dict[str, str]
    source: SourceLink
    reviewed: date


@dataclass(frozen=True)
class Reply:
    """What the bot decided to say, before rendering."""

    kind: Decision
    lang: str
    score: float
    intent: IntentContent | None = None
    program: ProgramContent | None = None
    suggestions: tuple[IntentContent, ...] = ()
    # The program's status stands in for the intent's answer: the intent covers several programs
    # ("TPS status"), so its general text only says to name one, and this question named it.
    status_is_answer: bool = False


def _intent_content(row: Intent) -> IntentContent:
    """Copy an ORM intent into an immutable, session-free value."""
    return IntentContent(
        slug=row.slug,
        topic=row.topic,
        jurisdiction=row.jurisdiction,
        titles={a.lang: a.title for a in row.answers},
        answers={a.lang: a.text for a in row.answers},
        reviewed={a.lang: a.reviewed for a in row.answers},
        sources=tuple(SourceLink(s["title"], s["url"]) for s in row.sources),
        related=tuple(row.related),
    )


def _program_content(row: Program) -> ProgramContent:
    """Copy an ORM program into an immutable, session-free value."""
    return ProgramContent(
        slug=row.slug,
        kind=row.kind,
        names=dict(row.names),
        status=row.status,
        valid_until=row.valid_until,
        reregistration_start=row.reregistration_start,
        reregistration_end=row.reregistration_end,
        summary=dict(row.summary),
        source=SourceLink(row.source_title, row.source_url),
        reviewed=row.reviewed,
    )


class Answerer:
    """Curated content held in memory with its match index; immutable, rebuilt on reseed."""

    def __init__(
        self,
        intents: dict[str, IntentContent],
        programs: dict[str, ProgramContent],
        index: MatchIndex,
        version: int | None,
    ) -> None:
        self.intents = intents
        self.programs = programs
        self.index = index
        self.version = version
        kinds = Counter(program.kind for program in programs.values())
        self._shared_kinds = {kind for kind, count in kinds.items() if count > 1}

    @classmethod
    async def load(cls, session: AsyncSession) -> Answerer:
        """Read the active content and build the match index once."""
        version = await queries.content_version(session)
        intent_rows = await queries.active_intents(session)
        program_rows = await queries.active_programs(session)
        phrases = [Phrase(row.slug, q.lang, q.text) for row in intent_rows for q in row.questions]
        aliases = [
            ProgramAliases(p.slug, p.kind, (*p.names.values(), *p.aliases)) for p in program_rows
        ]
        index = MatchIndex.build(phrases, aliases, PROGRAM_INTENTS)
        return cls(
            {row.slug: _intent_content(row) for row in intent_rows},
            {row.slug: _program_content(row) for row in program_rows},
            index,
            version,
        )

    def answer(self, text: str, prior_lang: str | None = None) -> Reply:
        """Match a question and decide what to reply."""
        match = self.index.match(text, prior_lang)
        program = self.programs.get(match.program) if match.program else None
        suggestions = tuple(self.intents[s] for s in match.suggestions if s in self.intents)
        intent = self.intents.get(match.intent) if match.intent else None
        if match.decision is Decision.ANSWER and intent is not None:
            return self._answer(intent, match.lang, match.score, program)
        kind = Decision.SUGGEST if match.decision is Decision.SUGGEST else Decision.FALLBACK
        return Reply(kind, match.lang, match.score, None, program, suggestions)

    def reply_for(self, slug: str, lang: str, program: str | None = None) -> Reply | None:
        """The answer for a known intent (a button or deep link), or None if it is not live."""
        intent = self.intents.get(slug)
        if intent is None:
            return None
        return self._answer(intent, lang, 1.0, self.programs.get(program or ""))

    def _answer(
        self, intent: IntentContent, lang: str, score: float, program: ProgramContent | None
    ) -> Reply:
        """A confident answer, about a program where one was named."""
        status_is_answer = (
            program is not None
            and program.kind in self._shared_kinds
            and PROGRAM_INTENTS.get(program.kind) == intent.slug
        )
        return Reply(Decision.ANSWER, lang, score, intent, program, (), status_is_answer)

    def topics(self) -> list[str]:
        """Topics that have at least one live intent, in menu order."""
        live = {intent.topic for intent in self.intents.values()}
        return [topic for topic in TOPICS if topic in live]

    def intents_in(self, topic: str) -> list[IntentContent]:
        """The live intents of one topic, in slug order."""
        return [i for i in self.intents.values() if i.topic == topic]

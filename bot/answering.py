"""The question-answering service shared by the bot and the terminal chat: text in, Reply out."""

from __future__ import annotations

import asyncio
import gc
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from db.content import (
    LOCAL_JURISDICTIONS,
    LOS_ANGELES_JURISDICTIONS,
    AskedEntry,
    ContentError,
    ContentPack,
    ContentRules,
    IntentFile,
    ProgramEntry,
    Topic,
    in_language,
)
from db.content_rows import live_content, live_programs_only
from intents import Decision, MatchIndex, Phrase, ProgramAliases
from intents.declined import ASKED_NEAR_DOMAIN
from intents.smalltalk import SmallTalk, small_talk


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
    # From its topic's rules: answers end with the "not legal advice" line, and show the status
    # of a program the question named.
    disclaimer: bool = False
    shows_program: bool = False

    @classmethod
    def of(cls, spec: IntentFile, topic: Topic | None) -> IntentContent:
        """An intent of the content model as the bot shows it, with its topic's rules."""
        langs = spec.languages()
        return cls(
            slug=spec.slug,
            topic=spec.topic,
            jurisdiction=spec.jurisdiction,
            titles={lang: spec.block(lang).title for lang in langs},
            answers={lang: spec.block(lang).answer for lang in langs},
            reviewed={lang: spec.reviewed_in(lang) for lang in langs},
            sources=tuple(SourceLink(s.title, s.url) for s in spec.sources),
            related=tuple(spec.related),
            disclaimer=topic is not None and topic.disclaimer,
            shows_program=topic is not None and topic.programs,
        )

    def title(self, lang: str) -> str:
        """The intent's name for buttons and menus in a language (else the default language's)."""
        return in_language(self.titles, lang) or self.slug


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
    # Its status in words, per language (rules.yaml).
    status_labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, spec: ProgramEntry, rules: ContentRules) -> ProgramContent:
        """A program of the content model as the bot shows it, its status labelled."""
        window = spec.reregistration
        return cls(
            slug=spec.slug,
            kind=spec.kind,
            names=dict(spec.names),
            status=spec.status,
            valid_until=spec.valid_until,
            reregistration_start=window.start if window else None,
            reregistration_end=window.end if window else None,
            summary=dict(spec.summary),
            source=SourceLink(spec.source.title, spec.source.url),
            reviewed=spec.reviewed,
            status_labels=dict(rules.program_statuses.get(spec.status, {})),
        )

    def status_label(self, lang: str) -> str:
        """Its status in words in a language ("" when the rules have no label for it)."""
        return in_language(self.status_labels, lang)


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
    # Not answered because the question is about a place outside California (intents.Match).
    elsewhere: bool = False
    # Not a question: the message only greets or thanks (intents/smalltalk.py).
    small_talk: SmallTalk | None = None


def phrases(intents: Iterable[IntentFile]) -> list[Phrase]:
    """Every paraphrase of every intent, in each of its languages: what the matcher learns."""
    return [
        Phrase(intent.slug, lang, question)
        for intent in intents
        for lang in intent.languages()
        for question in intent.block(lang).questions
    ]


def asked_phrases(asked: Iterable[AskedEntry]) -> list[Phrase]:
    """The questions people asked, for the learned view: each with its intent, or (near-domain)
    as a topic to decline; out-of-scope ones teach nothing the everyday topic does not."""
    return [
        Phrase(question.intent or ASKED_NEAR_DOMAIN, question.lang, question.q)
        for question in asked
        if question.kind != "out-of-scope"
    ]


def program_aliases(programs: Iterable[ProgramEntry]) -> list[ProgramAliases]:
    """Each program with its names in every language and its aliases, for the matcher."""
    return [ProgramAliases(p.slug, p.kind, (*p.names.values(), *p.aliases)) for p in programs]


def local_intents(
    intents: Iterable[IntentFile], jurisdictions: frozenset[str] = LOCAL_JURISDICTIONS
) -> list[str]:
    """The intents whose answers hold only in Los Angeles or California (city, county, state),
    or only in some of those `jurisdictions`."""
    return [intent.slug for intent in intents if intent.jurisdiction in jurisdictions]


def match_index(pack: ContentPack) -> MatchIndex:
    """The matcher built from content, as the bot builds it."""
    return index_with_rules_of(
        pack, phrases(pack.intents), program_aliases(pack.programs), asked_phrases(pack.asked)
    )


def index_with_rules_of(
    pack: ContentPack,
    paraphrases: Iterable[Phrase],
    programs: Iterable[ProgramAliases],
    asked: Iterable[Phrase] = (),
) -> MatchIndex:
    """A matcher over these paraphrases with the pack's rules: which intent answers a program's
    name, and where each intent's answer holds (the benches build other sizes with it)."""
    return MatchIndex.build(
        paraphrases,
        programs,
        _rules(pack).program_intents(),
        local=local_intents(pack.intents),
        los_angeles=local_intents(pack.intents, LOS_ANGELES_JURISDICTIONS),
        asked=asked,
    )


def program_contents(pack: ContentPack) -> dict[str, ProgramContent]:
    """The pack's programs as the bot shows them, by slug."""
    rules = _rules(pack)
    return {p.slug: ProgramContent.of(p, rules) for p in pack.programs}


async def live_programs(session: AsyncSession) -> dict[str, ProgramContent]:
    """The live programs as the bot shows them (for reminders and updates outside the bot)."""
    return program_contents(await live_programs_only(session))


def _rules(pack: ContentPack) -> ContentRules:
    """The pack's rules; a pack loaded with errors has none and cannot be answered from."""
    if pack.rules is None:
        raise ContentError(pack.errors)
    return pack.rules


class Answerer:
    """Curated content held in memory with its match index; immutable, rebuilt on reseed."""

    def __init__(
        self,
        intents: dict[str, IntentContent],
        programs: dict[str, ProgramContent],
        index: MatchIndex,
        rules: ContentRules,
        version: int | None,
    ) -> None:
        self.intents = intents
        self.programs = programs
        self.index = index
        self.rules = rules
        self.version = version
        kinds = Counter(program.kind for program in programs.values())
        self._shared_kinds = {kind for kind, count in kinds.items() if count > 1}

    @classmethod
    def build(cls, pack: ContentPack, version: int | None = None) -> Answerer:
        """Hold a content pack (from the files or the database) and build its match index."""
        rules = _rules(pack)
        return cls(
            {i.slug: IntentContent.of(i, rules.topic(i.topic)) for i in pack.intents},
            program_contents(pack),
            match_index(pack),
            rules,
            version,
        )

    @classmethod
    async def load(cls, session: AsyncSession) -> Answerer:
        """Read the live content and build the match index once, in a worker thread: the
        learned view takes about a second to train, and updates keep being answered meanwhile."""
        version, pack = await live_content(session)
        return await asyncio.to_thread(cls.build, pack, version)

    def answer(self, text: str, prior_lang: str | None = None) -> Reply:
        """Match a question and decide what to reply."""
        match = self.index.match(text, prior_lang)
        program = self.programs.get(match.program) if match.program else None
        suggestions = tuple(self.intents[s] for s in match.suggestions if s in self.intents)
        intent = self.intents.get(match.intent) if match.intent else None
        if match.decision is Decision.ANSWER and intent is not None:
            return self._answer(intent, match.lang, match.score, program)
        # Only what the matcher would not answer: a greeting never hides an answer.
        talk = small_talk(text)
        if talk is not None:
            return Reply(Decision.FALLBACK, match.lang, match.score, small_talk=talk)
        kind = Decision.SUGGEST if match.decision is Decision.SUGGEST else Decision.FALLBACK
        return Reply(
            kind, match.lang, match.score, None, program, suggestions, elsewhere=match.elsewhere
        )

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
            and self.rules.program_intents().get(program.kind) == intent.slug
        )
        return Reply(Decision.ANSWER, lang, score, intent, program, (), status_is_answer)

    def topics(self) -> list[Topic]:
        """Topics that have at least one live intent, in menu order."""
        live = {intent.topic for intent in self.intents.values()}
        return [topic for topic in self.rules.topics if topic.slug in live]

    def live_topic(self, slug: str) -> Topic | None:
        """The topic of this slug if it has a live intent."""
        return next((topic for topic in self.topics() if topic.slug == slug), None)

    def intents_in(self, topic: str) -> list[IntentContent]:
        """The live intents of one topic, in slug order."""
        return [i for i in self.intents.values() if i.topic == topic]


def freeze_loaded_content() -> None:
    """Keep what is alive now, above all the loaded content's match index, out of the cyclic
    garbage collector's way: each full collection walked its hundreds of thousands of long-lived
    objects and held every reply for tens of milliseconds. What an earlier call froze is released
    and collected first, so an index that was replaced is freed, not kept for good."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()

"""Curators' commands: a new intent skeleton, what people asked that Puente could not answer,
and what they thought of the answers. Registered on the `puente` command by bot/cli.py."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Protocol, TypeVar

import typer

from db.content import (
    DEFAULT_CONTENT_DIR,
    JURISDICTIONS,
    PLACEHOLDER,
    PLACEHOLDER_URL,
    SLUG_RE,
    ContentError,
    content_languages,
    rules_of,
)

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.answering import Answerer
    from bot.settings import Settings
    from db.curation import IntentFeedback
    from intents.grouping import QuestionGroup

T = TypeVar("T")

# The kind of an exported question until someone labels it; not a kind `puente eval` accepts.
TO_LABEL = "to label: in-scope (with its intent), near-domain or out-of-scope"
# Examples and nearest intents shown per group of unanswered questions.
EXAMPLES = 3
NEAREST = 3
PARAPHRASES = 8


class Format(StrEnum):
    """How a listing is printed."""

    table = "table"
    jsonl = "jsonl"


Since = Annotated[
    int | None,
    typer.Option("--since", min=0, help="Only the last DAYS days (default: everything kept)."),
]
OutputFormat = Annotated[
    Format, typer.Option("--format", help="table for reading, jsonl for tools (one per line).")
]


def _today() -> date:
    """Today in UTC, the calendar the anonymous records are kept in."""
    return datetime.now(UTC).date()


def _since(days: int | None) -> date | None:
    """The first day of the last `days` days."""
    return None if days is None else _today() - timedelta(days=days)


def _period(days: int | None) -> str:
    """The period a listing covers, in words."""
    return f"the last {days} days" if days is not None else "everything kept"


def _in_session(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `work` in one database session (it commits what it writes), as a CLI command."""
    from bot.cli import _run
    from db.session import make_engine, make_sessionmaker

    async def go() -> T:
        engine = make_engine(settings.database_url)
        try:
            async with make_sessionmaker(engine)() as session:
                return await work(session)
        finally:
            await engine.dispose()

    return _run(go)


class _Row(Protocol):
    """A listing row, printable as JSON or as table lines."""

    def record(self) -> dict[str, object]:
        """The row as one JSON object."""
        ...

    def lines(self) -> list[str]:
        """The row as lines of a table."""
        ...


def _print(rows: Sequence[_Row], output: Format, heading: str, header: str | None = None) -> None:
    """Print rows as JSON lines, or as a table under a heading (and a column header)."""
    if output is Format.jsonl:
        for row in rows:
            typer.echo(json.dumps(row.record(), ensure_ascii=False))
        return
    typer.echo(heading)
    if header and rows:
        typer.echo(header)
    for row in rows:
        for line in row.lines():
            typer.echo(line)


# --- content new ---------------------------------------------------------------------------------


# What each language's placeholders ask for (a language without its own gets the English ones).
_SKELETON_HINTS = {
    "en": (
        "a short name for buttons",
        "a way people ask this, in their words",
        ["one line that answers the question", "• what to do first", "• who can help"],
    ),
    "es": (
        "un nombre corto para botones",
        "una forma en que la gente lo pregunta",
        ["una línea que responde la pregunta", "• qué hacer primero", "• quién puede ayudar"],
    ),
}


def skeleton(slug: str, topic: str, jurisdiction: str, curator: str | None, today: date) -> str:
    """A new intent file in every language; `content check` refuses it until every placeholder
    is filled in."""

    def fill(what: str) -> str:
        return json.dumps(f"{PLACEHOLDER}: {what}>", ensure_ascii=False)

    def block(lang: str, title: str, ask: str, answer: list[str]) -> list[str]:
        questions = [f"    - {fill(f'{ask} ({n})')}" for n in range(1, PARAPHRASES + 1)]
        lines = [
            f"    {bullet}{PLACEHOLDER}: {line.removeprefix(bullet)}>"
            for line in answer
            for bullet in ["• " if line.startswith("• ") else ""]
        ]
        head = [f"{lang}:", f"  title: {fill(title)}  # 60 characters at most", "  questions:"]
        return [*head, *questions, "  answer: |", *lines]

    who = json.dumps(curator, ensure_ascii=False) if curator else fill("a role or a first name")
    return "\n".join(
        [
            "# A new intent. Replace every placeholder in both languages, then run",
            "# `puente content check`. Fields: docs/content.md; how to write: docs/style.md.",
            f"slug: {slug}",
            f"topic: {topic}",
            f"jurisdiction: {jurisdiction}",
            f"reviewed: {today.isoformat()}  # the day you checked the answer against the sources",
            f"curator: {who}  # never a Telegram id",
            "sources:  # the official page first: the bot sends people there to re-check",
            f"  - title: {fill('the official page')}",
            f"    url: {PLACEHOLDER_URL}",
            "related: []  # slugs of other intents, shown as buttons",
            *(
                line
                for lang in content_languages()
                for line in block(lang, *_SKELETON_HINTS.get(lang, _SKELETON_HINTS["en"]))
            ),
            "",
        ]
    )


def content_new(
    slug: Annotated[str, typer.Argument(help="The new intent's slug: lowercase-with-dashes.")],
    topic: Annotated[str, typer.Option("--topic", help="One of the topics of rules.yaml.")],
    jurisdiction: Annotated[
        str, typer.Option("--jurisdiction", help=f"One of: {', '.join(JURISDICTIONS)}.")
    ] = "general",
    curator: Annotated[
        str | None, typer.Option("--curator", help="A role or a first name (never a Telegram id).")
    ] = None,
    path: Annotated[
        Path | None, typer.Option("--path", help="Content folder (default: db/seed/).")
    ] = None,
) -> None:
    """Write a skeleton intent file in both languages, to fill in and check."""
    from bot.cli import _fail

    if not re.fullmatch(SLUG_RE, slug):
        _fail(f"slug {slug!r}: use lowercase letters, digits and dashes (like ice-at-door)")
    try:
        topics = rules_of(path or DEFAULT_CONTENT_DIR).topic_slugs()
    except ContentError as exc:
        _fail(f"the content rules have errors:\n{exc}")
    if topic not in topics:
        _fail(f"--topic must be one of {', '.join(topics)}")
    if jurisdiction not in JURISDICTIONS:
        _fail(f"--jurisdiction must be one of {', '.join(JURISDICTIONS)}")
    target = (path or DEFAULT_CONTENT_DIR) / "intents" / f"{slug}.yaml"
    if target.exists():
        _fail(f"{target} already exists; edit it instead")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(skeleton(slug, topic, jurisdiction, curator, _today()), encoding="utf-8")
    typer.echo(f"wrote {target}")
    typer.echo(f"fill in every '{PLACEHOLDER} …>' in both languages, then: puente content check")


# --- unanswered ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnansweredGroup:
    """A group of near-duplicate unanswered questions and what the matcher says of it now."""

    group: QuestionGroup
    nearest: tuple[tuple[str, float], ...]
    # "answered": the content answers it now; "paraphrase": close to an intent; "new": nothing is.
    advice: str

    def record(self) -> dict[str, object]:
        """The group as one JSON object."""
        return {
            "count": self.group.count,
            "lang": self.group.lang,
            "examples": self.group.examples[:EXAMPLES],
            "nearest": [{"intent": slug, "score": score} for slug, score in self.nearest],
            "advice": self.advice,
            # Answers its askers marked 👎 before sharing it: {intent: how many}.
            "unhelpful": dict(self.group.unhelpful.most_common()),
        }

    def lines(self) -> list[str]:
        """The group as a few lines of a table."""
        first, *others = self.group.examples[:EXAMPLES]
        nearest = ", ".join(f"{slug} {score:.2f}" for slug, score in self.nearest) or "none"
        advice = {
            "answered": f"now answered by {self.nearest[0][0] if self.nearest else '?'}",
            "paraphrase": f"add a paraphrase to {self.nearest[0][0] if self.nearest else '?'}?",
            "new": "write a new intent?",
        }[self.advice]
        unhelpful = ", ".join(f"{slug} ({n})" for slug, n in self.group.unhelpful.most_common())
        return [
            f"{self.group.count:>5}  {self.group.lang}  {first}",
            *(f"{'':>5}      {example}" for example in others),
            *([f"{'':>5}      answered, marked unhelpful: {unhelpful}"] if unhelpful else []),
            f"{'':>5}      nearest: {nearest}  -> {advice}",
        ]


def _advise(answerer: Answerer, group: QuestionGroup) -> UnansweredGroup:
    """Match a group's first question as the bot would today."""
    from intents import Decision

    match = answerer.index.match(group.leader, group.lang)
    advice = {Decision.ANSWER: "answered", Decision.SUGGEST: "paraphrase"}.get(
        match.decision, "new"
    )
    return UnansweredGroup(group, tuple(match.candidates[:NEAREST]), advice)


def _unlabelled(text: str, lang: str) -> dict[str, object]:
    """A kept question as a row of a labelled set, its labels left for a person to fill in:
    `puente eval` refuses the row until they are (a missing label would read as out of scope)."""
    return {"q": text, "lang": lang, "intent": None, "accept": [], "kind": TO_LABEL}


def unanswered(
    since: Since = None,
    lang: Annotated[str | None, typer.Option("--lang", help="en or es only.")] = None,
    output: OutputFormat = Format.table,
    purge: Annotated[
        bool,
        typer.Option("--purge", help="Delete questions older than UNANSWERED_RETENTION_DAYS."),
    ] = False,
    to_label: Annotated[
        bool,
        typer.Option(
            "--to-label",
            help="Each question as a JSON line to label for `puente eval`, ungrouped and blind "
            "(no answer shown). Keep the file outside the repository and delete it within "
            "UNANSWERED_RETENTION_DAYS.",
        ),
    ] = False,
) -> None:
    """The anonymous questions Puente could not answer, or answered unhelpfully, grouped by
    similarity, biggest first, with the nearest intents: add a paraphrase, or write a new
    intent."""
    from bot.cli import _check_lang, _load_answerer, _run, _settings
    from db import curation
    from intents.grouping import group_questions

    settings = _settings()
    wanted = _check_lang(lang)
    if purge:
        days = settings.unanswered_retention_days

        async def delete_old(session: AsyncSession) -> int:
            deleted = await curation.purge_unanswered(session, _today() - timedelta(days=days))
            await session.commit()
            return deleted

        deleted = _in_session(settings, delete_old)
        typer.echo(f"deleted {deleted} unanswered question(s) older than {days} days")
        return
    questions = _in_session(
        settings, lambda session: curation.unanswered_questions(session, _since(since), wanted)
    )
    if to_label:
        for lang, text, _answered in questions:
            typer.echo(json.dumps(_unlabelled(text, lang), ensure_ascii=False))
        return
    answerer = _run(lambda: _load_answerer(settings))
    groups = [_advise(answerer, group) for group in group_questions(questions)]
    unhelpful = sum(answered is not None for _lang, _text, answered in questions)
    heading = (
        f"{len(questions)} unanswered question(s) in {len(groups)} group(s) "
        f"({_period(since)}; {wanted or 'en and es'})"
        + (f"; {unhelpful} shared after an answer marked unhelpful" if unhelpful else "")
    )
    _print(groups, output, heading)


# --- feedback ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackRow:
    """One intent and language of `puente feedback`."""

    row: IntentFeedback

    def record(self) -> dict[str, object]:
        """The row as one JSON object."""
        r = self.row
        return {
            "intent": r.slug,
            "lang": r.lang,
            "helpful": r.helpful,
            "not_helpful": r.not_helpful,
            "offered": r.offered,
            "taken": r.taken,
            "ignored": r.ignored,
        }

    def lines(self) -> list[str]:
        """The row as one line of the table."""
        r = self.row
        share = f"{r.unhelpful_share:.0%}" if r.votes else "-"
        return [
            f"{r.slug:<28} {r.lang or '?':<4} {r.helpful:>4} {r.not_helpful:>4} {share:>5}"
            f" {r.offered:>7} {r.taken:>5} {r.ignored:>7}"
        ]


FEEDBACK_HEADER = (
    f"{'intent':<28} {'lang':<4} {'👍':>4} {'👎':>4} {'👎 %':>5}"
    f" {'offered':>7} {'taken':>5} {'ignored':>7}"
)


def feedback(since: Since = None, output: OutputFormat = Format.table) -> None:
    """👍/👎 per intent and language, worst first, with the "did you mean" choices people took
    and ignored (counted per intent, never per chat)."""
    from bot.cli import _settings
    from db import curation

    rows = _in_session(_settings(), lambda s: curation.feedback_summary(s, _since(since)))
    heading = f"feedback for {len(rows)} intent/language pair(s) ({_period(since)})"
    _print([FeedbackRow(row) for row in rows], output, heading, FEEDBACK_HEADER)


def register(app: typer.Typer, content_app: typer.Typer) -> None:
    """Add the curators' commands to the `puente` command."""
    content_app.command("new")(content_new)
    app.command("unanswered")(unanswered)
    app.command("feedback")(feedback)

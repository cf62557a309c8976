"""The `puente` command: database, content, terminal chat and the bot itself."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable, Coroutine, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO, TypeVar

import typer

from bot import cli_broadcast, cli_curation
from bot.settings import Settings, SettingsError, load_settings
from db.content import REVIEW_MAX_AGE_DAYS, ContentError, load_content

if TYPE_CHECKING:
    from bot.answering import Answerer

# The Telegram, matching and database layers are imported inside the commands that use them, so
# `puente content check` and `--help` start fast and work without them being importable.

T = TypeVar("T")

app = typer.Typer(
    help="Puente: bilingual answers for immigrant communities, on Telegram and in the terminal.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
content_app = typer.Typer(help="Curated content files.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(content_app, name="content")
# content new, unanswered, feedback
cli_curation.register(app, content_app)

ContentPath = Annotated[
    Path | None,
    typer.Argument(help="Content folder (default: the project's db/seed/).", show_default=False),
]
Lang = Annotated[
    str | None, typer.Option("--lang", help="The user's language (en or es), used as a prior.")
]


# Telegram delivers at most 4,096 characters per message, so the bot never reads more; nor does
# the terminal (matching a megabyte-long line would take seconds for nothing).
MAX_QUESTION_CHARS = 4096
# Mistakes `puente eval` lists before it stops: enough to see a pattern, not a whole file.
MAX_PROBLEMS = 20


def _too_long(text: str) -> str | None:
    """Why a question is refused for its length, or None if it is short enough."""
    if len(text) <= MAX_QUESTION_CHARS:
        return None
    return (
        f"a question can have at most {MAX_QUESTION_CHARS:,} characters, as on Telegram; "
        f"this one has {len(text):,}"
    )


class CliError(Exception):
    """A failure the user can fix, shown as one line without a traceback."""


def _fail(message: str, code: int = 2) -> NoReturn:
    """Print one line to standard error and exit."""
    typer.echo(f"puente: {message}", err=True)
    raise typer.Exit(code)


def _settings() -> Settings:
    """Load the settings or exit with the one-line reason."""
    try:
        return load_settings()
    except SettingsError as exc:
        _fail(str(exc))


def _run(coro_fn: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion, turning known failures into one line."""
    from db.health import DatabaseNotReady, cannot_open
    from db.session import DATABASE_ERRORS

    try:
        return asyncio.run(coro_fn())
    except (CliError, SettingsError, DatabaseNotReady) as exc:
        _fail(str(exc))
    except DATABASE_ERRORS as exc:
        _fail(cannot_open(_settings().database_url, exc))


def _check_lang(lang: str | None) -> str | None:
    """Accept a supported language code or nothing."""
    from bot.i18n import language_choices
    from intents.languages import languages

    if lang is not None and lang not in languages():
        _fail(f"--lang must be {language_choices()}, not {lang!r}")
    return lang


# --- database ------------------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database named by DATABASE_URL to the newest schema."""
    from db import migrate
    from db.session import make_engine

    url = _settings().database_url

    async def go() -> str | None:
        engine = make_engine(url)
        try:
            await migrate.upgrade(engine)
            return await migrate.current_revision(engine)
        finally:
            await engine.dispose()

    typer.echo(f"database at revision {_run(go)}")


# --- content -------------------------------------------------------------------------------------


@app.command()
def seed(
    path: ContentPath = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    allow_retiring_most: Annotated[
        bool,
        typer.Option(
            "--allow-retiring-most",
            help="Apply even if it retires most of the live intents or programs.",
        ),
    ] = False,
) -> None:
    """Load the content folder into the database (idempotent; one transaction)."""
    from db.seed import SeedRefused
    from db.seed import seed as run_seed

    url = _settings().database_url
    try:
        report = _run(
            lambda: run_seed(url, path, dry_run=dry_run, allow_retiring_most=allow_retiring_most)
        )
    except ContentError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        _fail(f"{len(exc.problems)} content error(s); nothing was changed", code=1)
    except SeedRefused as exc:
        _fail(str(exc), code=1)
    typer.echo(report.format())
    if not dry_run:
        for line in cli_broadcast.after_seed(report.program_changes):
            typer.echo(line)


@content_app.command("check")
def content_check(
    path: ContentPath = None,
    due_within: Annotated[
        int, typer.Option("--due-within", min=0, help="Also list reviews due within DAYS.")
    ] = 0,
    max_age: Annotated[
        int,
        typer.Option(
            "--max-age",
            min=1,
            envvar="REVIEW_MAX_AGE_DAYS",
            help="Days after which a review is due (the bot's REVIEW_MAX_AGE_DAYS).",
        ),
    ] = REVIEW_MAX_AGE_DAYS,
    base: Annotated[
        str,
        typer.Option(
            "--base",
            help="Git revision to compare programs.yaml with: a status or date changed "
            "without a newer review date is an error.",
        ),
    ] = "HEAD",
) -> None:
    """Report content problems and what is due for review, without touching the database."""
    from db.content import DEFAULT_CONTENT_DIR
    from db.review import committed_programs, due_for_review, unreviewed_program_changes

    today = date.today()
    pack = load_content(path, today)
    programs_file = (path or DEFAULT_CONTENT_DIR) / "programs.yaml"
    before = committed_programs(programs_file, base) if programs_file.exists() else None
    if before is not None:
        pack.problems += unreviewed_program_changes(before, pack.programs)
    for problem in pack.problems:
        typer.echo(str(problem))
    due = due_for_review(pack, today, max_age, due_within)
    if due:
        soon = f", or will be within {due_within} days" if due_within else ""
        typer.echo(f"due for review (last reviewed over {max_age} days ago{soon}), oldest first:")
        for item in due:
            typer.echo("  " + item.describe(today))
    typer.echo(
        f"{len(pack.intents)} intents, {len(pack.programs)} programs: "
        f"{len(pack.errors)} error(s), {len(pack.warnings)} warning(s), "
        f"{len(due)} due for review"
    )
    if pack.errors:
        raise typer.Exit(1)


# --- asking questions ----------------------------------------------------------------------------


async def _load_answerer(settings: Settings) -> Answerer:
    """Load the content from the database and build the matcher."""
    from bot.answering import Answerer
    from db.health import require_ready
    from db.session import make_engine, make_sessionmaker

    engine = make_engine(settings.database_url)
    try:
        await require_ready(engine, settings.database_url)
        async with make_sessionmaker(engine)() as session:
            return await Answerer.load(session)
    finally:
        await engine.dispose()


def _lines(stream: TextIO) -> Iterator[str]:
    """Non-empty lines of a text stream, stripped."""
    for line in stream:
        if line.strip():
            yield line.strip()


@app.command()
def ask(
    question: Annotated[
        str | None, typer.Argument(help="The question; without it, one per line from stdin.")
    ] = None,
    lang: Lang = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per answer.")] = False,
) -> None:
    """Answer one question, or each line of standard input, as the bot would."""
    from bot.rendering import Freshness, render_text

    settings = _settings()
    prior = _check_lang(lang)
    fresh = Freshness.now(settings.review_max_age_days)
    answerer = _run(lambda: _load_answerer(settings))
    questions = [question] if question is not None else _lines(sys.stdin)
    refused = 0
    for number, text in enumerate(questions, start=1):
        if problem := _too_long(text):
            typer.echo(f"puente: question {number} skipped: {problem}", err=True)
            refused += 1
            continue
        reply = answerer.answer(text, prior)
        rendered = render_text(reply, reply.lang, settings.hotline_phone, fresh)
        if not as_json:
            typer.echo(rendered + "\n")
            continue
        record = {
            "question": text,
            "lang": reply.lang,
            "intent": reply.intent.slug if reply.intent else None,
            "score": round(reply.score, 4),
            "program": reply.program.slug if reply.program else None,
            "answer": rendered if reply.intent else None,
            "suggestions": [s.slug for s in reply.suggestions],
        }
        typer.echo(json.dumps(record, ensure_ascii=False))
    if refused:
        raise typer.Exit(1)


@app.command()
def chat(lang: Lang = None) -> None:
    """Chat with Puente in the terminal, using the same pipeline and wording as the bot."""
    from bot.rendering import Freshness, render_text

    settings = _settings()
    current = _check_lang(lang)
    fresh = Freshness.now(settings.review_max_age_days)
    answerer = _run(lambda: _load_answerer(settings))
    interactive = sys.stdin.isatty()
    if interactive:
        typer.echo("Puente terminal chat: type a question in English or Spanish; Ctrl-D to quit.")
    while True:
        try:
            text = input("> " if interactive else "")
        except (EOFError, KeyboardInterrupt):
            break
        if not text.strip():
            continue
        if problem := _too_long(text):
            typer.echo(f"puente: {problem}; please shorten it.", err=True)
            continue
        if text.lstrip().startswith("/"):
            # Matched as a question, "/privacy" would get whichever answer mentions privacy.
            typer.echo(
                f"puente: {text.split()[0]} is a Telegram command; here, type a question.",
                err=True,
            )
            continue
        reply = answerer.answer(text, current)
        # Like the bot, keep answering in the language the person last wrote in.
        current = reply.lang
        typer.echo(render_text(reply, reply.lang, settings.hotline_phone, fresh) + "\n")


@app.command("eval")
def evaluate_cmd(
    file: Annotated[
        Path, typer.Argument(help="Labelled questions: JSON lines q/intent/program/lang.")
    ],
    min_accuracy: Annotated[
        float, typer.Option(help="Exit non-zero when in-scope accuracy is below this (0..1).")
    ] = 0.0,
    max_confident_wrong: Annotated[
        float,
        typer.Option(help="Exit non-zero when confident wrong answers exceed this share (0..1)."),
    ] = 1.0,
) -> None:
    """Score the matcher on a labelled question file (q/lang/intent; accept/kind/proposed)."""
    from intents import evaluate
    from intents.evaluation import row_problems
    from intents.languages import languages

    settings = _settings()
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
        rows = [(number, json.loads(line)) for number, line in enumerate(lines, 1) if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        _fail(f"cannot read {file}: {exc}")
    answerer = _run(lambda: _load_answerer(settings))
    problems = [
        f"{file} line {number}: {problem}"
        for number, row in rows
        for problem in row_problems(row, answerer.index.intents, languages())
    ]
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > len(shown):
            shown.append(f"(and {len(problems) - len(shown)} more)")
        _fail("not a labelled question file:\n" + "\n".join(shown))
    report = evaluate(answerer.index, [row for _number, row in rows])
    typer.echo(report.format())
    if not report.passed(min_accuracy, max_confident_wrong):
        raise typer.Exit(1)


# --- the bot -------------------------------------------------------------------------------------


@app.command()
def doctor() -> None:
    """Check settings, database, content, the Bot API and the locks: one line each."""
    from bot.cli_doctor import doctor as run_doctor

    run_doctor()


@app.command("run")
def run_bot(
    webhook: Annotated[
        str | None,
        typer.Option("--webhook", help="Public HTTPS URL; webhook mode instead of polling."),
    ] = None,
) -> None:
    """Run the Telegram bot (long polling, or a webhook)."""
    from bot.runner import RunnerError, run

    settings = _settings()
    try:
        run(settings, webhook)
    except (SettingsError, RunnerError) as exc:
        _fail(str(exc))


# --- broadcasts and organizers (bot/cli_broadcast.py) --------------------------------------------

cli_broadcast.register(app)


def main() -> None:
    """Entry point of the `puente` command."""
    app()

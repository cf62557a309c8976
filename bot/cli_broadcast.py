"""`puente broadcast`, `puente broadcasts …` and `puente organizers …`: the operator's side of
broadcasting. Everything goes through the database; a running bot picks it up within
BROADCAST_POLL_SECONDS."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Annotated, TypeVar

import typer
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcast_text import BroadcastTextError, check_texts
from bot.i18n import language_choices
from bot.settings import SettingsError, load_settings
from db import broadcasts, queries
from db.broadcasts import GENERAL
from db.content_rows import newest_version, rules_of_row
from db.session import make_engine, make_sessionmaker, transaction
from intents.languages import languages

T = TypeVar("T")

broadcasts_app = typer.Typer(
    help="Broadcasts: list, progress, cancel, approve.", no_args_is_help=True
)
organizers_app = typer.Typer(
    help="Who may broadcast (the only way to grant it).", no_args_is_help=True
)


def _fail(message: str) -> None:
    """Print one line to standard error and exit 2."""
    typer.echo(f"puente: {message}", err=True)
    raise typer.Exit(2)


def _in_session(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `work` in one committed transaction on DATABASE_URL; failures are one line."""

    async def go() -> T:
        engine = make_engine(load_settings().database_url, hide_parameters=True)
        try:
            async with transaction(make_sessionmaker(engine)) as session:
                return await work(session)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(go())
    except SettingsError as exc:
        _fail(str(exc))
    except SQLAlchemyError as exc:
        _fail(f"the database is not ready; run `puente db upgrade` ({type(exc).__name__})")
    raise AssertionError("unreachable")


def _now() -> datetime:
    """Now, by the clock the running bot uses (PUENTE_CLOCK_FILE in tests)."""
    from bot.scheduler import make_clock

    return make_clock(load_settings().puente_clock_file)()


def _when(at: str | None) -> datetime:
    """--at as an aware time (ISO 8601 with a zone), or now."""
    if at is None:
        return _now()
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        _fail(f"--at {at!r} is not an ISO 8601 time, e.g. 2026-12-01T09:00-08:00")
        raise
    if moment.tzinfo is None:
        _fail(f"--at {at!r} needs a time zone, e.g. 2026-12-01T09:00-08:00")
    return moment


def broadcast(
    en: Annotated[str | None, typer.Option("--en", help="English text (Telegram HTML).")] = None,
    es: Annotated[str | None, typer.Option("--es", help="Spanish text (Telegram HTML).")] = None,
    text: Annotated[
        list[str] | None,
        typer.Option("--text", help="LANG=text for any language (Telegram HTML); repeatable."),
    ] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            "--topic", help="A topic or program slug; repeat for several. Default: general."
        ),
    ] = None,
    at: Annotated[
        str | None, typer.Option("--at", help="When, ISO 8601 with a zone. Default: now.")
    ] = None,
    fallback_lang: Annotated[
        str | None,
        typer.Option("--fallback-lang", help="Send this language to chats whose text is missing."),
    ] = None,
) -> None:
    """Create a broadcast to subscribers, in their language; prints recipients and its id."""
    if fallback_lang is not None and fallback_lang not in languages():
        _fail(f"--fallback-lang must be {language_choices()}")
    given = {"en": en or "", "es": es or ""}
    for item in text or []:
        lang, _sep, html = item.partition("=")
        given[lang.strip()] = html
    try:
        texts = check_texts(given, fallback_lang)
    except BroadcastTextError as exc:
        _fail(str(exc))
        raise
    audiences = list(dict.fromkeys(topic or [GENERAL]))
    send_at = _when(at)

    async def work(session: AsyncSession) -> tuple[int, dict[str, int]]:
        topics = rules_of_row(await newest_version(session)).topic_slugs()
        known = {GENERAL, *topics, *(p.slug for p in await queries.active_programs(session))}
        unknown = [a for a in audiences if a not in known]
        if unknown:
            _fail(f"unknown topic {unknown[0]!r}; choose from: {', '.join(sorted(known))}")
        row = await broadcasts.create(
            session,
            kind="manual",
            audiences=audiences,
            texts=texts,
            send_at=send_at,
            fallback_lang=fallback_lang,
        )
        return row.id, await broadcasts.recipient_counts(session, audiences)

    broadcast_id, counts = _in_session(work)
    typer.echo(f"broadcast {broadcast_id}: {', '.join(audiences)}, at {send_at.isoformat()}")
    typer.echo(
        "recipients now: " + ", ".join(f"{counts.get(lang, 0)} {lang}" for lang in languages())
    )


def _duration(seconds: float | None) -> str:
    """Seconds as 1h02m03s, or "unknown"."""
    if seconds is None:
        return "unknown"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s"


@broadcasts_app.command("list")
def list_broadcasts() -> None:
    """The newest broadcasts: id, status (missed ones too), kind, audience, time."""

    async def work(session: AsyncSession) -> list[str]:
        return [
            f"{row.id:>5}  {row.status:<9}  {row.kind:<8}  {','.join(row.audiences):<24}  "
            f"{broadcasts.utc(row.send_at).isoformat(timespec='minutes')}"
            for row in await broadcasts.listing(session)
        ]

    lines = _in_session(work)
    typer.echo("\n".join(lines) if lines else "no broadcasts")


@broadcasts_app.command("show")
def show(broadcast_id: int) -> None:
    """Progress: sent / pending / failed by reason, the rate so far and the time left."""

    async def work(session: AsyncSession) -> broadcasts.Progress | None:
        return await broadcasts.progress(session, broadcast_id)

    found = _in_session(work)
    if found is None:
        _fail(f"there is no broadcast {broadcast_id}")
        return
    row = found.broadcast
    typer.echo(f"broadcast {row.id}: {row.status} ({row.kind}), to {', '.join(row.audiences)}")
    typer.echo(f"send at: {broadcasts.utc(row.send_at).isoformat()}")
    failed = sum(found.failed.values())
    typer.echo(f"sent: {found.sent}  pending: {found.pending}  failed: {failed}")
    for reason, count in found.failed.most_common():
        typer.echo(f"  failed, {reason}: {count}")
    rate = f"{found.rate:.1f} msg/s" if found.rate else "unknown"
    typer.echo(f"rate so far: {rate}  time left: {_duration(found.seconds_left)}")
    for lang, text in row.texts.items():
        typer.echo(f"--- {lang} ---\n{text}")


@broadcasts_app.command("cancel")
def cancel(broadcast_id: int) -> None:
    """Stop a broadcast that is not finished (its pending deliveries are not sent)."""

    async def work(session: AsyncSession) -> str | None:
        return await broadcasts.cancel(session, broadcast_id, _now())

    before = _in_session(work)
    if before is None:
        _fail(f"there is no broadcast {broadcast_id}")
    elif before in (broadcasts.DONE, broadcasts.CANCELLED, broadcasts.MISSED):
        _fail(f"broadcast {broadcast_id} is already {before}")
    else:
        typer.echo(f"broadcast {broadcast_id} cancelled (it was {before})")


@broadcasts_app.command("approve")
def approve(broadcast_id: int) -> None:
    """Let a drafted program update go out."""

    async def work(session: AsyncSession) -> bool:
        return await broadcasts.approve(session, broadcast_id, _now()) is not None

    if not _in_session(work):
        _fail(f"broadcast {broadcast_id} is not a draft waiting for approval")
    typer.echo(f"broadcast {broadcast_id} approved; the running bot sends it within seconds")


@organizers_app.command("add")
def add_organizer(user_id: int) -> None:
    """Grant the organizer role to a Telegram user id."""

    async def work(session: AsyncSession) -> bool:
        return await broadcasts.add_organizer(session, user_id)

    typer.echo("organizer added" if _in_session(work) else "already an organizer")


@organizers_app.command("remove")
def remove_organizer(user_id: int) -> None:
    """Take the organizer role away."""

    async def work(session: AsyncSession) -> bool:
        return await broadcasts.remove_organizer(session, user_id)

    if not _in_session(work):
        _fail(f"{user_id} is not an organizer")
    typer.echo("organizer removed")


@organizers_app.command("list")
def list_organizers() -> None:
    """Everyone with the role, and whether they get the daily note."""

    async def work(session: AsyncSession) -> list[str]:
        return [
            f"{row.user_id}" + ("  (daily note)" if row.digest else "")
            for row in await broadcasts.organizers(session)
        ]

    lines = _in_session(work)
    typer.echo("\n".join(lines) if lines else "no organizers")


def register(app: typer.Typer) -> None:
    """Add these commands to the `puente` command."""
    app.command("broadcast")(broadcast)
    app.add_typer(broadcasts_app, name="broadcasts")
    app.add_typer(organizers_app, name="organizers")


def after_seed(program_changes: dict[str, list[str]]) -> list[str]:
    """After a seed: draft an update for each changed program (sent only once approved) and
    reschedule deadline reminders from the programs table. Lines to print."""
    from bot.answering import live_programs
    from bot.broadcast_text import update_texts
    from bot.rendering import Freshness
    from bot.scheduler import sync_reminders

    settings = load_settings()
    now = _now()
    grace = timedelta(hours=settings.broadcast_grace_hours)
    fresh = Freshness(now.date(), timedelta(days=settings.review_max_age_days))

    async def work(session: AsyncSession) -> list[str]:
        lines = []
        programs = await live_programs(session)
        for slug in program_changes:
            if slug not in programs:
                continue
            draft = await broadcasts.create(
                session,
                kind="update",
                status=broadcasts.DRAFT,
                audiences=[slug],
                texts=update_texts(programs[slug], fresh),
                send_at=now,
                program_slug=slug,
            )
            lines.append(
                f"drafted update {draft.id} for {slug}'s subscribers; nothing is sent until an "
                f"organizer approves it (`puente broadcasts approve {draft.id}` or in Telegram)"
            )
        await sync_reminders(session, now, grace, settings.review_max_age_days)
        return lines

    return _in_session(work)

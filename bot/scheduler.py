"""Time in the running bot: the clock, deadline reminders from the programs table, the daily
note to organizers, and the JobQueue job that wakes the sender.

Schedules live in the database (the broadcasts table); APScheduler, through PTB's JobQueue, only
wakes the sender, so nothing is pickled and a restart loses nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import suppress
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.answering import live_programs
from bot.broadcast_text import compose, reminder_texts, text_for
from bot.broadcaster import Sender
from bot.handlers.context import PuenteApp, PuenteContext
from bot.i18n import _, use_locale
from bot.rendering import Freshness, bold, escape
from db import broadcasts
from db.broadcasts import DIGEST
from db.locks import LockTaken
from db.models import Broadcast, UnansweredQuestion
from db.review import due_in_database
from intents.languages import languages

# Programs' deadlines are Los Angeles dates; reminders and the daily note go out at 09:00 there.
LOCAL_TIME = ZoneInfo("America/Los_Angeles")
SEND_HOUR = time(9, 0)
REMINDER_DAYS = (30, 7, 1)
REMINDER_PREFIX = "reminder:"
DIGEST_PREFIX = "digest:"


def make_clock(clock_file: Path | None) -> Callable[[], datetime]:
    """The system clock, or (tests only) the ISO 8601 time written in `clock_file`."""
    if clock_file is None:
        return lambda: datetime.now(UTC)

    def from_file() -> datetime:
        moment = datetime.fromisoformat(clock_file.read_text(encoding="utf-8").strip())
        return broadcasts.utc(moment)

    return from_file


def local_nine(day: date) -> datetime:
    """09:00 in Los Angeles on a day, in UTC."""
    return datetime.combine(day, SEND_HOUR, tzinfo=LOCAL_TIME).astimezone(UTC)


async def sync_reminders(
    session: AsyncSession, now: datetime, grace: timedelta, max_age_days: int
) -> None:
    """Schedule 30/7/1-day reminders before each program's re-registration ends.

    Keys carry the end date, so a reseed with a new date cancels the old reminders and makes
    new ones, while a reminder already sent is never made again. None for passed times.
    """
    wanted = {}
    for program in (await live_programs(session)).values():
        end = program.reregistration_end
        if end is None:
            continue
        for days in REMINDER_DAYS:
            day = end - timedelta(days=days)
            send_at = local_nine(day)
            # An old review is flagged as readers will see it: on the day the reminder goes out.
            fresh = Freshness(day, timedelta(days=max_age_days))
            wanted[f"{REMINDER_PREFIX}{program.slug}:{end.isoformat()}:{days}"] = {
                "kind": "reminder",
                "audiences": [program.slug],
                "texts": reminder_texts(program, days, end, fresh),
                "send_at": send_at,
                "program_slug": program.slug,
            }
    await broadcasts.sync_once(session, REMINDER_PREFIX, wanted, now, create_after=now - grace)


async def digest_texts(session: AsyncSession, now: datetime, max_age_days: int) -> dict[str, str]:
    """The daily note in every language: broadcasts sent and failed, unanswered questions, and
    content due for review (the same list as `puente content check`)."""
    since = now - timedelta(days=1)
    outcomes = await broadcasts.sent_since(session, since)
    unanswered = await session.scalar(
        select(func.count()).where(UnansweredQuestion.day >= since.date())
    )
    due = await due_in_database(session, now.astimezone(LOCAL_TIME).date(), max_age_days)
    texts = {}
    for lang in languages():
        with use_locale(lang):
            lines = [
                bold(_("Puente: the last 24 hours")),
                escape(_("Broadcast messages sent: {count}").format(count=outcomes["sent"])),
                escape(_("Broadcast messages failed: {count}").format(count=outcomes["failed"])),
                escape(_("New unanswered questions: {count}").format(count=unanswered or 0)),
                escape(_("Answers and programs due for review: {count}").format(count=len(due))),
            ]
        texts[lang] = "\n".join(lines)
    return texts


async def schedule_digest(
    session: AsyncSession, now: datetime, grace: timedelta, max_age_days: int
) -> None:
    """Make today's daily note once, at 09:00 Los Angeles time, for organizers who opted in."""
    today = now.astimezone(LOCAL_TIME).date()
    send_at = local_nine(today)
    key = f"{DIGEST_PREFIX}{today.isoformat()}"
    # No note is made for nobody (someone who opts in later that morning still gets one).
    if not send_at <= now <= send_at + grace or not await broadcasts.anyone_wants_digest(session):
        return
    if await session.scalar(select(func.count()).where(Broadcast.once_key == key)):
        return
    await broadcasts.create_once(
        session,
        key,
        kind="digest",
        audiences=[DIGEST],
        texts=await digest_texts(session, now, max_age_days),
        send_at=send_at,
    )


def before_tick(
    bot: Bot, grace: timedelta, max_age_days: int
) -> Callable[[AsyncSession, datetime], Awaitable[None]]:
    """What the sender does first on each wake-up: reminders, the daily note, new drafts."""

    async def hook(session: AsyncSession, now: datetime) -> None:
        await sync_reminders(session, now, grace, max_age_days)
        await schedule_digest(session, now, grace, max_age_days)
        await announce_drafts(bot, session, now)

    return hook


# --- wiring into the running Application -------------------------------------------------------


async def take_poller_lock(app: PuenteApp) -> None:
    """When polling, hold the "poller" lock or refuse to start: two pollers answer twice."""
    lock = app.bot_data.poller_lock
    if lock is not None and not await lock.try_acquire():
        raise LockTaken(
            "Another `puente run` is already polling with this database; stop it first, "
            "or run several replicas in webhook mode (`puente run --webhook URL`)."
        )


async def _wake_sender(context: PuenteContext) -> None:
    """The JobQueue's only part in broadcasting: ring the sender."""
    sender = getattr(context.bot_data, "sender", None)
    if sender is not None:  # None only while the bot is shutting down
        sender.wake()


def start_sending(app: PuenteApp) -> None:
    """Start the sender and the job that wakes it every BROADCAST_POLL_SECONDS."""
    services = app.bot_data
    settings = services.settings
    grace = timedelta(hours=settings.broadcast_grace_hours)
    services.clock = make_clock(settings.puente_clock_file)
    hook = before_tick(app.bot, grace, settings.review_max_age_days)
    services.sender = Sender(app.bot, settings, services.sessions, services.clock, hook)
    services.sender.start()
    assert app.job_queue is not None, "python-telegram-bot[job-queue] is a dependency"
    app.job_queue.run_repeating(
        _wake_sender,
        interval=settings.broadcast_poll_seconds,
        first=settings.broadcast_poll_seconds,
        name="wake-sender",
    )


async def stop_sending(app: PuenteApp) -> None:
    """Stop the sender and let go of the locks."""
    services = app.bot_data
    sender = getattr(services, "sender", None)
    if sender is not None:
        await sender.stop()
    if services.poller_lock is not None:
        await services.poller_lock.release()


async def announce_drafts(bot: Bot, session: AsyncSession, now: datetime) -> None:
    """Show each new draft to every organizer, in their language, with an Approve button."""
    drafts = [row for row in await broadcasts.drafts(session) if row.announced_at is None]
    if not drafts:
        return
    readers = await broadcasts.organizer_chats(session)
    for row in drafts:
        for chat_id, lang in readers:
            text, shown_in = text_for(row.texts, row.fallback_lang, lang)
            with use_locale(lang):
                note = _(
                    "Drafted because a reseed changed this program. Nothing is sent until "
                    "an organizer approves it."
                )
                button = InlineKeyboardButton(
                    "✅ " + _("Approve #{id}").format(id=row.id),
                    callback_data=f"bc:approve:{row.id}",
                )
            with suppress(TelegramError):  # an organizer who never wrote to the bot
                await bot.send_message(
                    chat_id,
                    compose(text, shown_in) + "\n\n" + escape(note),
                    reply_markup=InlineKeyboardMarkup([[button]]),
                )
        row.announced_at = now

"""Keeping content true: what is due for review, and program changes made without a review."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from db.content import (
    REVIEW_MAX_AGE_DAYS,
    ContentPack,
    Problem,
    ProgramEntry,
    ProgramsFile,
    Source,
    parse_yaml_text,
)
from db.content_rows import live_content, program_of_row
from db.models import Program


@dataclass(frozen=True)
class DueReview:
    """One intent or program whose review is due (or will be, within the planning window)."""

    kind: str  # "intent" or "program"
    slug: str
    reviewed: date
    due: date
    # The official page to re-check: an intent's first source, a program's source.
    official: Source
    curator: str | None
    # For intents: the languages whose review is due (a language may be reviewed on its own).
    langs: tuple[str, ...] = ()

    def describe(self, today: date) -> str:
        """One line for the terminal: how overdue, what, whose, and the page to re-check."""
        days = (today - self.due).days
        when = f"overdue {days} days" if days > 0 else f"due in {-days} days"
        if days == 0:
            when = "due today"
        what = f"{self.kind} {self.slug}" + (f" ({', '.join(self.langs)})" if self.langs else "")
        curator = self.curator or "no curator named"
        return (
            f"{when:<16} reviewed {self.reviewed.isoformat()}  {what}  [{curator}]  "
            f"re-check {self.official.url}"
        )


@dataclass(frozen=True)
class Reviewed:
    """What the due-date check needs of an intent or program, from the files or the database."""

    kind: str
    slug: str
    # An intent's review date per language; a program has one date (under "").
    reviewed: dict[str, date]
    official: Source
    curator: str | None


def _due(
    items: Iterable[Reviewed], today: date, max_age_days: int, within_days: int
) -> list[DueReview]:
    """The items whose review is due by `today + within_days`, oldest review first."""
    max_age = timedelta(days=max_age_days)
    horizon = today + timedelta(days=within_days)
    due = []
    for item in items:
        late = {lang: day for lang, day in item.reviewed.items() if day + max_age <= horizon}
        if late:
            oldest = min(late.values())
            langs = tuple(lang for lang in sorted(late) if lang)
            due.append(
                DueReview(
                    item.kind,
                    item.slug,
                    oldest,
                    oldest + max_age,
                    item.official,
                    item.curator,
                    langs,
                )
            )
    return sorted(due, key=lambda d: (d.reviewed, d.kind, d.slug))


def _reviewed(pack: ContentPack) -> list[Reviewed]:
    """What the due-date check needs of each intent and program."""
    return [
        Reviewed(
            "intent",
            intent.slug,
            {lang: intent.reviewed_in(lang) for lang in intent.languages()},
            intent.sources[0],
            intent.curator,
        )
        for intent in pack.intents
    ] + [Reviewed("program", p.slug, {"": p.reviewed}, p.source, p.curator) for p in pack.programs]


def due_for_review(
    pack: ContentPack,
    today: date,
    max_age_days: int = REVIEW_MAX_AGE_DAYS,
    within_days: int = 0,
) -> list[DueReview]:
    """Intents and programs in the content files whose review is older than `max_age_days`, or
    will be within `within_days`, oldest review first."""
    return _due(_reviewed(pack), today, max_age_days, within_days)


async def due_in_database(
    session: AsyncSession,
    today: date,
    max_age_days: int = REVIEW_MAX_AGE_DAYS,
    within_days: int = 0,
) -> list[DueReview]:
    """The same for the live (seeded, not retired) content, for a running bot's digest."""
    _version, pack = await live_content(session)
    return _due(_reviewed(pack), today, max_age_days, within_days)


@dataclass(frozen=True)
class ProgramState:
    """What a program said before an edit: its status, dates and review date."""

    status: str
    valid_until: date | None
    start: date | None
    end: date | None
    reviewed: date

    @classmethod
    def of_row(cls, row: Program) -> ProgramState:
        """The state the database holds (what the bot shows now)."""
        return cls.of_entry(program_of_row(row))

    @classmethod
    def of_entry(cls, entry: ProgramEntry) -> ProgramState:
        """The state a programs file gives."""
        window = entry.reregistration
        return cls(
            entry.status,
            entry.valid_until,
            window.start if window else None,
            window.end if window else None,
            entry.reviewed,
        )

    def shown(self) -> str:
        """Status and dates as one readable string."""
        dates = (self.valid_until, self.start, self.end)
        return f"{self.status} ({', '.join(d.isoformat() if d else '-' for d in dates)})"


def unreviewed_program_changes(
    before: dict[str, ProgramState], programs: list[ProgramEntry], file: str = "programs.yaml"
) -> list[Problem]:
    """Programs whose status or dates differ from `before` while their review date did not
    move forward: a new status must come with the day someone checked the official page."""
    problems = []
    for spec in programs:
        old = before.get(spec.slug)
        if old is None:
            continue
        new = ProgramState.of_entry(spec)
        if new.shown() != old.shown() and new.reviewed <= old.reviewed:
            problems.append(
                Problem(
                    file,
                    f"programs[{spec.slug}].reviewed",
                    f"status or dates changed ({old.shown()} -> {new.shown()}) but the review "
                    f"date did not (still {spec.reviewed.isoformat()}); set `reviewed` to the "
                    f"day you checked {spec.source.url}",
                )
            )
    return problems


def committed_programs(programs_file: Path, ref: str) -> dict[str, ProgramState] | None:
    """The programs as git has them at `ref`, or None when there is no such committed file."""
    folder = programs_file.resolve().parent
    try:
        top = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        relative = programs_file.resolve().relative_to(top).as_posix()
        text = subprocess.run(
            ["git", "-C", top, "show", f"{ref}:{relative}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, ValueError, subprocess.CalledProcessError):
        return None
    parsed = parse_yaml_text(ProgramsFile, text)
    if parsed is None:
        return None
    return {entry.slug: ProgramState.of_entry(entry) for entry in parsed.programs}

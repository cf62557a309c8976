"""Keeping content true: what is due for review, and program changes made without a review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from db.content import LANGS, REVIEW_MAX_AGE_DAYS, ContentPack, Problem, ProgramEntry, Source
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


def due_for_review(
    pack: ContentPack,
    today: date,
    max_age_days: int = REVIEW_MAX_AGE_DAYS,
    within_days: int = 0,
) -> list[DueReview]:
    """Intents and programs whose review is older than `max_age_days`, or will be within
    `within_days`, oldest review first."""
    max_age = timedelta(days=max_age_days)
    horizon = today + timedelta(days=within_days)
    due: list[DueReview] = []
    for intent in pack.intents:
        langs = tuple(lang for lang in LANGS if intent.reviewed_in(lang) + max_age <= horizon)
        if langs:
            oldest = min(intent.reviewed_in(lang) for lang in langs)
            due.append(
                DueReview(
                    "intent",
                    intent.slug,
                    oldest,
                    oldest + max_age,
                    intent.sources[0],
                    intent.curator,
                    langs,
                )
            )
    for program in pack.programs:
        if program.reviewed + max_age <= horizon:
            due.append(
                DueReview(
                    "program",
                    program.slug,
                    program.reviewed,
                    program.reviewed + max_age,
                    program.source,
                    program.curator,
                )
            )
    return sorted(due, key=lambda item: (item.reviewed, item.kind, item.slug))


def _status_and_dates(status: str, *dates: date | None) -> str:
    """A program's status and dates as one comparable, readable string."""
    shown = ", ".join(d.isoformat() if d else "-" for d in dates)
    return f"{status} ({shown})"


def unreviewed_program_changes(
    rows: dict[str, Program], programs: list[ProgramEntry]
) -> list[Problem]:
    """Programs whose status or dates differ from what is live while their review date did not
    move forward: a new status must come with the day someone checked the official page."""
    problems = []
    for spec in programs:
        row = rows.get(spec.slug)
        if row is None or row.retired_at is not None:
            continue
        window = spec.reregistration
        new = _status_and_dates(
            spec.status,
            spec.valid_until,
            window.start if window else None,
            window.end if window else None,
        )
        old = _status_and_dates(
            row.status, row.valid_until, row.reregistration_start, row.reregistration_end
        )
        if new != old and spec.reviewed <= row.reviewed:
            problems.append(
                Problem(
                    "programs.yaml",
                    f"programs[{spec.slug}].reviewed",
                    f"status or dates changed ({old} -> {new}) but the review date did not "
                    f"(still {spec.reviewed.isoformat()}); set `reviewed` to the day you "
                    f"checked {spec.source.url}",
                )
            )
    return problems

"""The seed script: load the content folder into the database, idempotently, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db import migrate
from db.content import ContentError, ContentPack, load_content
from db.content_rows import (
    apply_intent,
    asked_of_row,
    asked_row,
    intent_of_row,
    newest_version,
    program_columns,
    program_of_row,
)
from db.models import AskedQuestion, ContentVersion, Intent, Program
from db.review import ProgramState, unreviewed_program_changes
from db.session import make_engine, make_sessionmaker

# Program columns whose change is news for the program's subscribers.
NEWS_COLUMNS = ("status", "valid_until", "reregistration_start", "reregistration_end")


class SeedRefused(Exception):
    """A seed that would retire most of the live content and was not explicitly allowed to."""


@dataclass
class SeedReport:
    """What a seed added, changed and retired (or would, on a dry run)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    # Programs whose status or dates changed, with what changed (subscribers are told, once an
    # organizer approves the drafted update).
    program_changes: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0
    # The topics, program kinds or status labels (rules.yaml) differ from the newest seed's.
    rules_changed: bool = False
    dry_run: bool = False
    # How many intents and programs were live before this seed, by kind ("intent", "program").
    live_before: dict[str, int] = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        """Whether anything in the database differs from the files."""
        return bool(self.added or self.changed or self.retired or self.rules_changed)

    def retires_most(self) -> str | None:
        """What this seed retires, when it is more than half of some kind of live content."""
        parts = []
        for kind, live in self.live_before.items():
            retired = sum(name.startswith(f"{kind} ") for name in self.retired)
            if retired and retired * 2 > live:
                parts.append(f"{retired} of {live} live {kind}s")
        return " and ".join(parts) or None

    def format(self) -> str:
        """A few lines for the terminal."""
        lines = [
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.retired)} retired, "
            f"{self.unchanged} unchanged" + (" (dry run: nothing written)" if self.dry_run else "")
        ]
        actions = (("add", self.added), ("change", self.changed), ("retire", self.retired))
        for verb, names in actions:
            done = f"would {verb}" if self.dry_run else verb.rstrip("e") + "ed"
            lines.extend(f"  {done} {name}" for name in names)
        for slug, changes in self.program_changes.items():
            lines.append(f"  program {slug}: " + "; ".join(changes))
        if self.rules_changed:
            lines.append("  " + ("would change" if self.dry_run else "changed") + " rules.yaml")
        return "\n".join(lines)


def _same(stored: BaseModel, wanted: BaseModel) -> bool:
    """Whether a row read back says what its file says (field by field: the two models may be
    built for the languages in different orders)."""
    return stored.model_dump() == wanted.model_dump()


async def _sync_intents(
    session: AsyncSession, pack: ContentPack, report: SeedReport, now: datetime
) -> None:
    """Upsert intents by slug and retire those whose files are gone."""
    rows = {
        row.slug: row
        for row in await session.scalars(
            select(Intent).options(selectinload(Intent.questions), selectinload(Intent.answers))
        )
    }
    for spec in pack.intents:
        row = rows.pop(spec.slug, None)
        if row is None:
            row = Intent(slug=spec.slug)
            session.add(row)
            report.added.append(f"intent {spec.slug}")
        elif row.retired_at is None and _same(intent_of_row(row), spec.resolved()):
            report.unchanged += 1
            continue
        else:
            report.changed.append(f"intent {spec.slug}")
        apply_intent(row, spec)
    for row in rows.values():
        if row.retired_at is None:
            row.retired_at = now
            report.retired.append(f"intent {row.slug}")


async def _sync_programs(
    session: AsyncSession, pack: ContentPack, report: SeedReport, now: datetime
) -> None:
    """Upsert programs by slug and retire those no longer in the file.

    Raises ContentError when a live program's status or dates change without a newer review
    date (the caller's transaction then changes nothing).
    """
    rows = {row.slug: row for row in await session.scalars(select(Program))}
    live = {slug: ProgramState.of_row(row) for slug, row in rows.items() if not row.retired_at}
    unreviewed = unreviewed_program_changes(live, pack.programs)
    if unreviewed:
        raise ContentError(unreviewed)
    for spec in pack.programs:
        columns = program_columns(spec)
        row = rows.pop(spec.slug, None)
        if row is None:
            session.add(Program(slug=spec.slug, **columns))
            report.added.append(f"program {spec.slug}")
            continue
        if row.retired_at is None and _same(program_of_row(row), spec):
            report.unchanged += 1
            continue
        changes = [
            f"{name} {getattr(row, name)} → {columns[name]}"
            for name in NEWS_COLUMNS
            if getattr(row, name) != columns[name]
        ]
        if changes:
            report.program_changes[spec.slug] = changes
        for name, value in columns.items():
            setattr(row, name, value)
        report.changed.append(f"program {spec.slug}")
    for row in rows.values():
        if row.retired_at is None:
            row.retired_at = now
            report.retired.append(f"program {row.slug}")


async def _sync_asked(session: AsyncSession, pack: ContentPack, report: SeedReport) -> None:
    """Replace the asked questions when the files say something else (they have no identity
    of their own: a question edited is a question replaced)."""
    rows = (await session.scalars(select(AskedQuestion).order_by(AskedQuestion.id))).all()
    stored = [asked_of_row(row) for row in rows]
    if stored == [asked_of_row(asked_row(question)) for question in pack.asked]:
        return
    for row in rows:
        await session.delete(row)
    await session.flush()
    session.add_all(asked_row(question) for question in pack.asked)
    report.changed.append(f"asked questions ({len(pack.asked)})")


async def apply_pack(session: AsyncSession, pack: ContentPack) -> SeedReport:
    """Bring the database in line with a checked content pack (the caller owns the transaction)."""
    report = SeedReport()
    now = datetime.now(UTC)
    for kind, model in (("intent", Intent), ("program", Program)):
        live = select(func.count()).select_from(model).where(model.retired_at.is_(None))
        report.live_before[kind] = await session.scalar(live) or 0
    await _sync_intents(session, pack, report, now)
    await _sync_programs(session, pack, report, now)
    await _sync_asked(session, pack, report)
    newest = await newest_version(session)
    rules = pack.rules.model_dump(mode="json") if pack.rules else None
    report.rules_changed = newest is None or newest.rules != rules
    if report.has_changes:
        summary = f"+{len(report.added)} ~{len(report.changed)} -{len(report.retired)}"
        # Every version carries the rules, so the newest one always says what the bot follows.
        session.add(ContentVersion(summary=summary, rules=rules))
    return report


async def seed(
    url: str,
    path: Path | None = None,
    *,
    dry_run: bool = False,
    today: date | None = None,
    allow_retiring_most: bool = False,
) -> SeedReport:
    """Check the content folder, migrate the database and load the content in one transaction.

    Raises ContentError (and touches nothing) when the content has errors, and SeedRefused when
    it would retire more than half of the live intents or programs (an emptied folder or file is
    far likelier than a real retirement) unless allowed. A dry run migrates nothing and writes
    nothing: it compares the files with what the database holds.
    """
    pack = load_content(path, today)
    if pack.errors:
        raise ContentError(pack.errors)
    engine = make_engine(url)
    try:
        never_migrated = await migrate.current_revision(engine) is None
        if not dry_run:
            await migrate.upgrade(engine)
        if dry_run and never_migrated:
            report = SeedReport(
                added=[f"intent {i.slug}" for i in pack.intents]
                + [f"program {p.slug}" for p in pack.programs],
                rules_changed=True,
            )
        else:
            async with make_sessionmaker(engine)() as session:
                await migrate.serialize(await session.connection(), "seed")
                report = await apply_pack(session, pack)
                too_much = None if allow_retiring_most else report.retires_most()
                if dry_run or too_much:
                    await session.rollback()
                else:
                    await session.commit()
                if too_much:
                    raise SeedRefused(
                        f"this seed would retire {too_much}, so nothing was changed; if that is "
                        "intended, run it again with --allow-retiring-most"
                    )
        report.dry_run = dry_run
        return report
    finally:
        await engine.dispose()

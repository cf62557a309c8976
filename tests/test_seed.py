"""The seed script: idempotent upserts, retiring, dry runs, and nothing applied from bad files."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TypedDict

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from bot.cli import app
from db import queries
from db.content import ContentError
from db.models import ContentVersion, Intent, IntentQuestion, Program
from db.seed import seed
from db.session import make_engine, make_sessionmaker
from tests.contentkit import REVIEWED, intent_data, program_data, write_content


class Snapshot(TypedDict):
    """What a user of the database would see: live intents with answers, programs, versions."""

    intents: dict[str, tuple[list[tuple[str, str]], int]]  # slug -> (lang, answer)s, questions
    programs: dict[str, str]  # slug -> status
    version: int | None
    questions: int | None
    stamps: list[tuple[str, datetime]]  # (slug, updated_at)


async def snapshot(url: str) -> Snapshot:
    """What a user of the database would see: live intents with answers, programs, versions."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            intents = await queries.active_intents(session)
            programs = await queries.active_programs(session)
            return {
                "intents": {
                    i.slug: (sorted((a.lang, a.text) for a in i.answers), len(i.questions))
                    for i in intents
                },
                "programs": {p.slug: p.status for p in programs},
                "version": await queries.content_version(session),
                "questions": await session.scalar(select(func.count(IntentQuestion.id))),
                "stamps": sorted(
                    (slug, stamp)
                    for slug, stamp in await session.execute(select(Intent.slug, Intent.updated_at))
                ),
            }
    finally:
        await engine.dispose()


async def test_seed_loads_and_is_idempotent(database_url: str, tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a"), intent_data("b", related=["a"])])
    first = await seed(database_url, root)
    assert sorted(first.added) == ["intent a", "intent b", "program tps-honduras"]
    before = await snapshot(database_url)
    assert before["intents"]["a"] == (
        [
            ("en", "Answer about a.\n• Do this first."),
            ("es", "Respuesta sobre a.\n• Haga esto primero."),
        ],
        4,
    )
    assert before["programs"] == {"tps-honduras": "terminated"}

    second = await seed(database_url, root)
    assert not second.has_changes
    assert second.unchanged == 3
    assert await snapshot(database_url) == before  # same rows, same version, untouched stamps


async def test_changed_content_is_updated_in_place(database_url: str, tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a")])
    await seed(database_url, root)
    version = (await snapshot(database_url))["version"]

    changed = intent_data("a")
    changed["es"]["answer"] = "Nueva respuesta."
    rechecked = (REVIEWED + timedelta(days=1)).isoformat()
    write_content(tmp_path, [changed], [program_data(status="court-protected", reviewed=rechecked)])
    report = await seed(database_url, root)
    assert report.changed == ["intent a", "program tps-honduras"]
    after = await snapshot(database_url)
    assert ("es", "Nueva respuesta.") in after["intents"]["a"][0]
    assert after["programs"] == {"tps-honduras": "court-protected"}
    assert after["version"] != version  # running bots see the content moved


async def test_removed_intents_are_retired_then_restored(database_url: str, tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a"), intent_data("b")])
    await seed(database_url, root)
    write_content(tmp_path, [intent_data("a")], [])
    report = await seed(database_url, root, allow_retiring_most=True)  # the only program goes
    assert sorted(report.retired) == ["intent b", "program tps-honduras"]
    after = await snapshot(database_url)
    assert set(after["intents"]) == {"a"}
    assert after["programs"] == {}

    write_content(tmp_path, [intent_data("a"), intent_data("b")])
    report = await seed(database_url, root)
    assert sorted(report.changed) == ["intent b", "program tps-honduras"]
    assert set((await snapshot(database_url))["intents"]) == {"a", "b"}


async def test_dry_run_writes_nothing(database_url: str, tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a")])
    report = await seed(database_url, root, dry_run=True)
    assert report.dry_run and sorted(report.added) == ["intent a", "program tps-honduras"]
    assert "(dry run: nothing written)" in report.format()

    await seed(database_url, root)
    before = await snapshot(database_url)
    changed = intent_data("a")
    changed["en"]["answer"] = "Changed."
    write_content(tmp_path, [changed, intent_data("c")], [])
    report = await seed(database_url, root, dry_run=True, allow_retiring_most=True)
    assert (report.added, report.changed, sorted(report.retired)) == (
        ["intent c"],
        ["intent a"],
        ["program tps-honduras"],
    )
    assert await snapshot(database_url) == before


async def test_bad_file_changes_nothing(database_url: str, tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a")])
    await seed(database_url, root)
    before = await snapshot(database_url)

    broken = intent_data("b")
    broken["es"]["answer"] = ""
    changed = intent_data("a")
    changed["en"]["answer"] = "Changed."
    write_content(tmp_path, [changed, broken])
    with pytest.raises(ContentError) as caught:
        await seed(database_url, root)
    assert [str(p) for p in caught.value.problems] == ["error: b.yaml: es.answer: answer is empty"]
    assert await snapshot(database_url) == before


async def test_seed_creates_the_schema(sqlite_url: str, tmp_path: Path) -> None:
    await seed(sqlite_url, write_content(tmp_path, [intent_data("a")]))
    engine = make_engine(sqlite_url)
    try:
        async with make_sessionmaker(engine)() as session:
            assert await session.scalar(select(func.count(Program.id))) == 1
            assert await session.scalar(select(func.count(ContentVersion.id))) == 1
    finally:
        await engine.dispose()


def test_seed_command(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    root = write_content(tmp_path, [intent_data("a")])
    runner = CliRunner()

    result = runner.invoke(app, ["seed", "--dry-run", str(root)])
    assert result.exit_code == 0, result.output
    assert "  would add intent a" in result.output

    result = runner.invoke(app, ["seed", str(root)])
    assert result.exit_code == 0, result.output
    assert "2 added, 0 changed, 0 retired, 0 unchanged" in result.output
    assert "  added intent a" in result.output

    bad = write_content(tmp_path / "bad", [intent_data("a", related=["x"])])
    result = runner.invoke(app, ["seed", str(bad)])
    assert result.exit_code == 1
    assert "unknown related slug 'x'" in result.output
    assert "nothing was changed" in result.output


def test_malformed_setting_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://nope")
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "puente: Invalid setting: DATABASE_URL: Value error, must start with sqlite:// "
        "or postgresql://"
    ]

"""The seed script: idempotent upserts, retiring, dry runs, and nothing applied from bad files."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TypedDict

import pytest
import yaml
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from bot.answering import Answerer, live_programs
from bot.cli import app
from db import queries
from db.content import ContentError
from db.models import ContentVersion, Intent, IntentQuestion, Program
from db.seed import seed
from db.session import make_engine, make_sessionmaker
from tests.contentkit import REVIEWED, RULES, intent_data, program_data, write_content


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


async def test_a_language_reviewed_on_its_own_date_is_unchanged_on_reseed(
    database_url: str, tmp_path: Path
) -> None:
    """Rows read back as the content model equal the file, per-language review dates included."""
    data = intent_data("a", curator="Ana")
    data["es"]["reviewed"] = (REVIEWED - timedelta(days=30)).isoformat()
    root = write_content(tmp_path, [data])
    await seed(database_url, root)
    report = await seed(database_url, root)
    assert (report.has_changes, report.unchanged) == (False, 2)
    data["es"]["reviewed"] = REVIEWED.isoformat()
    write_content(tmp_path, [data])
    assert (await seed(database_url, root)).changed == ["intent a"]


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


async def answerer_of(url: str) -> Answerer:
    """What a bot starting now would answer from."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            return await Answerer.load(session)
    finally:
        await engine.dispose()


async def test_the_rules_are_seeded_with_the_content(database_url: str, tmp_path: Path) -> None:
    """A label edited in rules.yaml reaches the bot with the next seed, as a new version; a bot
    on a database seeded before rules were stored follows the shipped rules."""
    root = write_content(tmp_path, [intent_data("a")])
    await seed(database_url, root)
    shipped = RULES.topic_label("know-your-rights", "es")
    assert (await answerer_of(database_url)).topics()[0].label("es") == shipped

    rules = RULES.model_dump(mode="json")
    rules["topics"][1]["labels"]["es"] = "Sus derechos"
    (root / "rules.yaml").write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
    report = await seed(database_url, root)
    assert report.rules_changed and (report.added, report.changed) == ([], [])
    assert "  changed rules.yaml" in report.format()
    answerer = await answerer_of(database_url)
    assert [topic.label("es") for topic in answerer.topics()] == ["Sus derechos"]
    assert not (await seed(database_url, root)).has_changes

    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            await session.execute(update(ContentVersion).values(rules=None))
    finally:
        await engine.dispose()
    assert (await answerer_of(database_url)).topics()[0].label("es") == shipped


async def test_the_programs_read_for_reminders_are_the_live_ones(
    database_url: str, tmp_path: Path
) -> None:
    """The sender reads only the programs (not the whole content) at each wake-up: the same
    programs, statuses and labels the bot answers with, a retired one gone."""
    honduras = program_data()
    haiti = program_data("tps-haiti", names={"en": "Haiti", "es": "Haití"})
    root = write_content(tmp_path, [intent_data("a")], [honduras, haiti])
    await seed(database_url, root)
    write_content(tmp_path, [intent_data("a")], [honduras])
    await seed(database_url, root, allow_retiring_most=True)
    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            programs = await live_programs(session)
    finally:
        await engine.dispose()
    assert list(programs) == ["tps-honduras"]
    assert programs == (await answerer_of(database_url)).programs


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

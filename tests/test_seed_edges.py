"""Content mistakes end in one line naming the file and nothing written, on SQLite and PostgreSQL;
a seed that would retire most of the live content is refused unless explicitly allowed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from db.content import SOURCE_TITLE_MAX, SOURCE_URL_MAX, ContentError, Source, load_content
from db.models import Program
from db.seed import SeedRefused, seed
from tests.contentkit import intent_data, program_data, write_content
from tests.test_seed import snapshot


def deep_yaml(depth: int) -> str:
    """An intent file whose `related` list is nested `depth` levels deep."""
    return "slug: a\nrelated: " + "[" * depth + "]" * depth + "\n"


def break_folder(intents: Path) -> None:
    """A folder named like an intent file."""
    (intents / "b.yaml").mkdir()


def break_symlink(intents: Path) -> None:
    """A link to an intent file that was deleted."""
    (intents / "b.yaml").symlink_to(intents / "gone.yaml")


def break_nesting(intents: Path) -> None:
    """YAML nested deeper than any parser should follow."""
    (intents / "b.yaml").write_text(deep_yaml(5_000), encoding="utf-8")


def break_duplicate_key(intents: Path) -> None:
    """The same key twice: YAML would silently keep the second answer."""
    text = (intents / "a.yaml").read_text(encoding="utf-8")
    (intents / "b.yaml").write_text(
        text.replace("slug: a", "slug: b") + "topic: policy\n", encoding="utf-8"
    )


def break_source_title(intents: Path) -> None:
    """A program source title one character wider than its column."""
    program = program_data(source={"title": "T" * (SOURCE_TITLE_MAX + 1), "url": "https://x.org"})
    write_content(intents.parent, [intent_data("a")], [program])


BREAKAGES = {
    "folder": (break_folder, "error: b.yaml: not a file (a folder?)"),
    "dangling-symlink": (break_symlink, "error: b.yaml: a link to a file that does not exist"),
    "deep-nesting": (break_nesting, "error: b.yaml: not valid content: nested too deeply"),
    "duplicate-key": (break_duplicate_key, "error: b.yaml: not valid YAML: duplicate key 'topic'"),
    "long-source-title": (
        break_source_title,
        "error: programs.yaml: programs.0.source.title: "
        f"String should have at most {SOURCE_TITLE_MAX} characters",
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
async def test_a_broken_file_is_one_line_and_nothing_is_written(
    database_url: str, tmp_path: Path, breakage: str
) -> None:
    root = write_content(tmp_path, [intent_data("a")])
    await seed(database_url, root)
    before = await snapshot(database_url)
    changed = intent_data("a")
    changed["en"]["answer"] = "Changed."
    write_content(tmp_path, [changed])
    make_broken, expected = BREAKAGES[breakage]
    make_broken(root / "intents")

    with pytest.raises(ContentError) as caught:
        await seed(database_url, root)

    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith(expected)
    assert "\n" not in problem
    assert await snapshot(database_url) == before


@pytest.mark.parametrize("breakage", ["folder", "dangling-symlink", "deep-nesting"])
def test_the_seed_command_names_the_file_without_a_traceback(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, breakage: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    root = write_content(tmp_path, [intent_data("a")])
    make_broken, expected = BREAKAGES[breakage]
    make_broken(root / "intents")

    result = CliRunner().invoke(app, ["seed", str(root)])

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        expected,
        "puente: 1 content error(s); nothing was changed",
    ]


def test_a_duplicate_key_names_its_line(tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a")])
    break_duplicate_key(root / "intents")
    line = (root / "intents" / "b.yaml").read_text().splitlines().index("topic: policy") + 1
    assert [str(p) for p in load_content(root).problems] == [
        f"error: b.yaml: not valid YAML: duplicate key 'topic' at line {line}"
    ]


async def test_a_source_title_as_wide_as_its_column_is_stored(
    database_url: str, tmp_path: Path
) -> None:
    """The content limit is the column's width, not less (PostgreSQL enforces the width)."""
    title = "T" * SOURCE_TITLE_MAX
    url = "https://example.org/" + "u" * (SOURCE_URL_MAX - len("https://example.org/"))
    program = program_data(source={"title": title, "url": url})
    await seed(database_url, write_content(tmp_path, [intent_data("a")], [program]))
    assert (await snapshot(database_url))["programs"] == {"tps-honduras": "terminated"}


def test_content_limits_match_the_columns() -> None:
    limits = {c.name: getattr(c.type, "length", None) for c in Program.__table__.columns}
    assert (limits["source_title"], limits["source_url"]) == (SOURCE_TITLE_MAX, SOURCE_URL_MAX)
    fields = Source.model_fields
    assert [m.max_length for m in fields["title"].metadata if hasattr(m, "max_length")] == [
        SOURCE_TITLE_MAX
    ]


@pytest.mark.parametrize(
    ("empty", "expected"),
    [
        ("intents", "error: intents/: no intent files here (*.yaml)"),
        ("programs", "error: programs.yaml: empty (write `programs: []`)"),
    ],
)
async def test_an_emptied_folder_or_file_is_an_error(
    database_url: str, tmp_path: Path, empty: str, expected: str
) -> None:
    root = write_content(tmp_path, [intent_data("a"), intent_data("b")])
    await seed(database_url, root)
    before = await snapshot(database_url)
    if empty == "intents":
        write_content(tmp_path, [])
    else:
        (root / "programs.yaml").write_text("", encoding="utf-8")

    with pytest.raises(ContentError) as caught:
        await seed(database_url, root)

    assert [str(p) for p in caught.value.problems] == [expected]
    assert await snapshot(database_url) == before


async def test_retiring_most_of_the_live_content_needs_the_flag(
    database_url: str, tmp_path: Path
) -> None:
    root = write_content(tmp_path, [intent_data(s) for s in ("a", "b", "c")])
    await seed(database_url, root)
    before = await snapshot(database_url)
    write_content(tmp_path, [intent_data("a")])  # b and c deleted: 2 of 3

    with pytest.raises(SeedRefused) as caught:
        await seed(database_url, root)
    assert str(caught.value) == (
        "this seed would retire 2 of 3 live intents, so nothing was changed; if that is "
        "intended, run it again with --allow-retiring-most"
    )
    assert await snapshot(database_url) == before

    report = await seed(database_url, root, allow_retiring_most=True)
    assert sorted(report.retired) == ["intent b", "intent c"]
    assert set((await snapshot(database_url))["intents"]) == {"a"}


async def test_retiring_a_few_needs_no_flag(database_url: str, tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data(s) for s in ("a", "b", "c")])
    await seed(database_url, root)
    write_content(tmp_path, [intent_data("a"), intent_data("b")])
    report = await seed(database_url, root)
    assert report.retired == ["intent c"]


def test_the_seed_command_refuses_in_one_line_and_takes_the_flag(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    root = write_content(tmp_path, [intent_data("a"), intent_data("b")])
    runner = CliRunner()
    assert runner.invoke(app, ["seed", str(root)]).exit_code == 0
    write_content(tmp_path, [intent_data("a")], [])  # the only program is gone

    refused = runner.invoke(app, ["seed", str(root)])
    assert refused.exit_code == 1
    assert refused.output.splitlines() == [
        "puente: this seed would retire 1 of 1 live programs, so nothing was changed; if that "
        "is intended, run it again with --allow-retiring-most"
    ]
    allowed = runner.invoke(app, ["seed", "--allow-retiring-most", str(root)])
    assert allowed.exit_code == 0, allowed.output
    assert "  retired program tps-honduras" in allowed.output

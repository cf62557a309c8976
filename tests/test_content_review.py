"""Curators are pushed to keep content true: what is due for review, whose it is, and program
changes that come without a review; and a new intent starts from a skeleton, not a copy."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bot.cli import app
from db.content import ContentError, load_content
from db.review import due_for_review, due_in_database
from db.seed import seed
from db.session import make_engine, make_sessionmaker
from tests.contentkit import intent_data, program_data, write_content

TODAY = date.today()


def ago(days: int) -> str:
    """The ISO date `days` days before today."""
    return (TODAY - timedelta(days=days)).isoformat()


def check(*args: str, env: dict[str, str] | None = None) -> tuple[int, list[str]]:
    """Run `puente content check ARGS`; its exit code and output lines."""
    result = CliRunner().invoke(app, ["content", "check", *args], env=env)
    return result.exit_code, result.output.splitlines()


@pytest.fixture
def aging(tmp_path: Path) -> Path:
    """Content reviewed 200, 130, 100 and 10 days ago, one of it curated by a named role."""
    old = intent_data("old", reviewed=ago(130), curator="Rights team")
    split = intent_data("split", reviewed=ago(10))
    split["es"]["reviewed"] = ago(100)
    return write_content(
        tmp_path,
        [old, split, intent_data("fresh", reviewed=ago(10))],
        [program_data(reviewed=ago(200), curator="Marta")],
    )


def test_check_lists_what_is_due_oldest_first_with_the_page_to_recheck(aging: Path) -> None:
    code, lines = check(str(aging))
    assert code == 0
    # The Spanish of "split" was reviewed earlier than its English: a warning, not yet due.
    assert lines[0].startswith("warning: split.yaml: es.reviewed: reviewed earlier")
    assert lines[1] == "due for review (last reviewed over 120 days ago), oldest first:"
    assert [line.split() for line in lines[2:4]] == [
        f"overdue 80 days reviewed {ago(200)} program tps-honduras [Marta] "
        "re-check https://www.uscis.gov/tps".split(),
        f"overdue 10 days reviewed {ago(130)} intent old (en, es) [Rights team] "
        "re-check https://example.org/old".split(),
    ]
    assert lines[4:] == ["3 intents, 1 programs: 0 error(s), 1 warning(s), 2 due for review"]


def test_due_within_plans_ahead_and_names_the_language_due(aging: Path) -> None:
    _code, lines = check(str(aging), "--due-within", "30")
    assert lines[1] == (
        "due for review (last reviewed over 120 days ago, or will be within 30 days), oldest first:"
    )
    assert lines[4].split() == (
        f"due in 20 days reviewed {ago(100)} intent split (es) [no curator named] "
        "re-check https://example.org/split".split()
    )
    assert lines[5:] == ["3 intents, 1 programs: 0 error(s), 1 warning(s), 3 due for review"]


def test_the_age_follows_the_bots_setting(aging: Path) -> None:
    _code, lines = check(str(aging), env={"REVIEW_MAX_AGE_DAYS": "90"})
    assert lines[1] == "due for review (last reviewed over 90 days ago), oldest first:"
    assert lines[-1].endswith("3 due for review")
    pack = load_content(aging, TODAY)
    assert [d.slug for d in due_for_review(pack, TODAY, max_age_days=90)] == [
        "tps-honduras",
        "old",
        "split",
    ]


@pytest.mark.parametrize("curator", ["123456789", "@ana_lopez", "  "])
def test_a_curator_is_a_role_or_a_first_name_never_an_id(tmp_path: Path, curator: str) -> None:
    root = write_content(tmp_path, [intent_data("a", curator=curator)])
    code, lines = check(str(root))
    assert code == 1
    assert lines[0] == (
        "error: a.yaml: curator: name a role or a first name (no Telegram id, handle or number)"
    )


async def test_the_live_content_gives_the_same_due_list_for_the_digest(
    database_url: str, aging: Path
) -> None:
    """What a running bot reads from the database says the same as the files, curators too."""
    await seed(database_url, aging)
    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            live = await due_in_database(session, TODAY, within_days=30)
    finally:
        await engine.dispose()
    from_files = due_for_review(load_content(aging, TODAY), TODAY, within_days=30)
    assert live == from_files
    assert [(d.slug, d.curator, d.langs) for d in live] == [
        ("tps-honduras", "Marta", ()),
        ("old", "Rights team", ("en", "es")),
        ("split", None, ("es",)),
    ]


# --- a program's status or dates change only with a new review date ----------------------------


async def test_a_status_change_without_a_new_review_date_is_refused(
    database_url: str, tmp_path: Path
) -> None:
    reviewed = ago(5)
    root = write_content(tmp_path, [intent_data("a")], [program_data(reviewed=reviewed)])
    await seed(database_url, root)

    write_content(tmp_path, [intent_data("a")], [program_data(status="active", reviewed=reviewed)])
    with pytest.raises(ContentError) as refused:
        await seed(database_url, root)
    [problem] = refused.value.problems
    assert str(problem) == (
        "error: programs.yaml: programs[tps-honduras].reviewed: status or dates changed "
        "(terminated (-, -, -) -> active (-, -, -)) but the review date did not "
        f"(still {reviewed}); set `reviewed` to the day you checked https://www.uscis.gov/tps"
    )
    # Nothing changed, and the dry run says the same.
    with pytest.raises(ContentError):
        await seed(database_url, root, dry_run=True)

    write_content(tmp_path, [intent_data("a")], [program_data(status="active", reviewed=ago(1))])
    report = await seed(database_url, root)
    assert report.changed == ["program tps-honduras"]


async def test_a_date_change_without_a_new_review_date_is_refused(
    database_url: str, tmp_path: Path
) -> None:
    reviewed = ago(5)
    root = write_content(tmp_path, [intent_data("a")], [program_data(reviewed=reviewed)])
    await seed(database_url, root)
    window = {"start": ago(1), "end": TODAY.isoformat()}
    write_content(
        tmp_path, [intent_data("a")], [program_data(reregistration=window, reviewed=reviewed)]
    )
    with pytest.raises(ContentError, match="terminated \\(-, -, -\\) -> terminated"):
        await seed(database_url, root)
    # A summary reworded under the same review date is fine: only status and dates need one.
    write_content(
        tmp_path,
        [intent_data("a")],
        [program_data(summary={"en": "Ended.", "es": "Terminado."}, reviewed=reviewed)],
    )
    assert (await seed(database_url, root)).changed == ["program tps-honduras"]


def test_the_seed_command_prints_the_refusal(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    root = write_content(tmp_path, [intent_data("a")], [program_data(reviewed=ago(5))])
    assert CliRunner().invoke(app, ["seed", str(root)]).exit_code == 0
    write_content(tmp_path, [intent_data("a")], [program_data(status="active", reviewed=ago(5))])
    result = CliRunner().invoke(app, ["seed", str(root)])
    assert result.exit_code == 1
    assert "programs[tps-honduras].reviewed: status or dates changed" in result.output
    assert "1 content error(s); nothing was changed" in result.output


def _git(folder: Path, *args: str) -> None:
    """Run git in a folder as a throwaway committer."""
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env |= {"GIT_COMMITTER_EMAIL": "t@t", "HOME": str(folder), "PATH": os.environ["PATH"]}
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)


def test_check_compares_programs_with_the_last_commit(tmp_path: Path) -> None:
    """A volunteer's uncommitted status change without a new review date fails the check."""
    reviewed = ago(5)
    root = write_content(tmp_path, [intent_data("a")], [program_data(reviewed=reviewed)])
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "content")

    write_content(tmp_path, [intent_data("a")], [program_data(status="active", reviewed=reviewed)])
    code, lines = check(str(root))
    assert code == 1
    assert lines[0].startswith(
        "error: programs.yaml: programs[tps-honduras].reviewed: status or dates changed "
        "(terminated (-, -, -) -> active (-, -, -)) but the review date did not"
    )
    assert lines[-1] == "1 intents, 1 programs: 1 error(s), 0 warning(s), 0 due for review"

    write_content(tmp_path, [intent_data("a")], [program_data(status="active", reviewed=ago(0))])
    assert check(str(root))[0] == 0
    # A programs file git never saw has nothing to compare with; the seed still guards the data.
    plain = write_content(tmp_path / "plain", [intent_data("a")], [program_data(status="active")])
    assert check(str(plain))[0] == 0


# --- content new --------------------------------------------------------------------------------

PLACEHOLDERS = re.compile(r"<fill in: ([^>]*)>")


def fill(text: str) -> str:
    """What a volunteer does: every placeholder replaced by real words."""
    text = PLACEHOLDERS.sub(lambda m: "Real " + m.group(1).replace('"', ""), text)
    return text.replace("https://fill-in.invalid/the-official-page", "https://www.uscis.gov/tps")


def test_content_new_writes_a_skeleton_check_refuses_until_it_is_filled(tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a")])
    runner = CliRunner()
    result = runner.invoke(
        app, ["content", "new", "bus-passes", "--topic", "getting-help", "--path", str(root)]
    )
    assert result.exit_code == 0, result.output
    target = root / "intents" / "bus-passes.yaml"
    assert result.output.splitlines() == [
        f"wrote {target}",
        "fill in every '<fill in …>' in both languages, then: puente content check",
    ]

    code, lines = check(str(root))
    assert code == 1
    errors = [line for line in lines if line.startswith("error: bus-passes.yaml")]
    assert (
        "error: bus-passes.yaml: sources.0.url: still has the skeleton's placeholder; fill it in"
        in errors
    )
    for field in ("en.title", "en.questions.7", "en.answer", "es.title", "es.answer", "curator"):
        assert (
            f"error: bus-passes.yaml: {field}: still has the skeleton's placeholder; fill it in"
            in errors
        )

    target.write_text(fill(target.read_text(encoding="utf-8")), encoding="utf-8")
    code, lines = check(str(root))
    assert code == 0, lines
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert (data["slug"], data["topic"], data["jurisdiction"]) == (
        "bus-passes",
        "getting-help",
        "general",
    )
    assert data["reviewed"] == TODAY
    assert len(set(data["en"]["questions"])) == len(set(data["es"]["questions"])) == 8


def test_content_new_names_the_curator_and_refuses_what_it_cannot_write(tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a")])
    runner = CliRunner()

    def new(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, ["content", "new", *args, "--path", str(root)])
        return result.exit_code, result.output.strip()

    assert new("b", "--topic", "policy", "--curator", "Policy team")[0] == 0
    assert yaml.safe_load((root / "intents" / "b.yaml").read_text())["curator"] == "Policy team"
    assert new("b", "--topic", "policy") == (
        2,
        f"puente: {root / 'intents' / 'b.yaml'} already exists; edit it instead",
    )
    assert new("Bad Slug", "--topic", "policy") == (
        2,
        "puente: slug 'Bad Slug': use lowercase letters, digits and dashes (like ice-at-door)",
    )
    code, output = new("c", "--topic", "weather")
    assert code == 2 and output.startswith("puente: --topic must be one of local-protections")
    assert not (root / "intents" / "c.yaml").exists()

"""Every content error a volunteer can make is caught, named by file and field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bot.cli import app
from db.content import load_content
from tests.contentkit import (
    REVIEWED,
    RULES,
    TODAY,
    intent_data,
    problems_of,
    program_data,
    write_content,
)


def test_valid_content_has_no_problems(tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a"), intent_data("b", related=["a"])])
    pack = load_content(root, today=TODAY)
    assert pack.problems == []
    assert [i.slug for i in pack.intents] == ["a", "b"]
    assert pack.programs[0].slug == "tps-honduras"


def test_missing_language(tmp_path: Path) -> None:
    data = intent_data("a")
    del data["es"]
    root = write_content(tmp_path, [data])
    assert problems_of(root) == ["error: a.yaml: es: missing language 'es'"]


def test_content_must_cover_every_language_puente_speaks(
    tmp_path: Path, three_languages: Path
) -> None:
    """A catalog folder for Portuguese makes Portuguese required everywhere, and only it."""
    data = intent_data("a")
    data["fr"] = data["es"]
    found = problems_of(write_content(tmp_path, [data]))
    assert "error: a.yaml: pt: missing language 'pt'" in found
    assert "error: a.yaml: fr: Extra inputs are not permitted" in found
    assert any("programs[tps-honduras].names.pt: missing language 'pt'" in p for p in found)


def test_duplicate_slug(tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a")])
    (root / "intents" / "a-copy.yaml").write_text(
        (root / "intents" / "a.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    found = problems_of(root)
    assert "error: a.yaml: slug: duplicate slug 'a'" in found
    assert "error: a-copy.yaml: slug: slug 'a' differs from the file name" in found


def test_missing_title(tmp_path: Path) -> None:
    data = intent_data("a")
    del data["es"]["title"]
    root = write_content(tmp_path, [data])
    assert problems_of(root) == ["error: a.yaml: es.title: Field required"]


def test_unknown_related_slug(tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a", related=["nope"])])
    assert problems_of(root) == ["error: a.yaml: related: unknown related slug 'nope'"]


def test_empty_answer(tmp_path: Path) -> None:
    data = intent_data("a")
    data["en"]["answer"] = "   \n"
    root = write_content(tmp_path, [data])
    assert problems_of(root) == ["error: a.yaml: en.answer: answer is empty"]


def test_answer_too_long_for_telegram(tmp_path: Path) -> None:
    data = intent_data("a")
    data["es"]["answer"] = "x" * 4000
    root = write_content(tmp_path, [data])
    [problem] = problems_of(root)
    assert problem.startswith("error: a.yaml: es.answer: too long for Telegram once rendered")


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "2026/01/01"])
def test_bad_date(tmp_path: Path, bad: str) -> None:
    root = write_content(tmp_path, [intent_data("a", reviewed=bad)])
    [problem] = problems_of(root)
    assert problem.startswith("error: a.yaml: reviewed: ")


def test_bad_program_date(tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a")], [program_data(valid_until="2026-02-30")])
    [problem] = problems_of(root)
    assert problem.startswith("error: programs.yaml: programs.0.valid_until: ")


def test_unknown_status_kind_and_topic_name_what_the_rules_list(tmp_path: Path) -> None:
    root = write_content(
        tmp_path, [intent_data("a", topic="cooking")], [program_data(status="maybe", kind="visa")]
    )
    statuses = ", ".join(RULES.program_statuses)
    assert problems_of(root) == [
        f"error: a.yaml: topic: unknown topic 'cooking' (rules.yaml lists: "
        f"{', '.join(RULES.topic_slugs())})",
        f"error: programs.yaml: programs[tps-honduras].kind: unknown kind 'visa' (rules.yaml "
        f"lists: {', '.join(RULES.program_kinds)})",
        f"error: programs.yaml: programs[tps-honduras].status: unknown status 'maybe' (rules.yaml "
        f"lists: {statuses})",
    ]


def test_a_folder_follows_its_own_rules_and_every_label_needs_every_language(
    tmp_path: Path,
) -> None:
    rules = RULES.model_dump(mode="json")
    rules["topics"].append({"slug": "cooking", "labels": {"en": "Cooking"}})
    del rules["program_statuses"]["active"]["es"]
    root = write_content(tmp_path, [intent_data("a", topic="cooking")])
    (root / "rules.yaml").write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
    pack = load_content(root, today=TODAY)
    assert [str(p) for p in pack.problems] == [
        "error: rules.yaml: topics[cooking].labels.es: missing language 'es'",
        "error: rules.yaml: program_statuses.active.es: missing language 'es'",
    ]
    assert pack.rules is not None and pack.rules.topic_slugs()[-1] == "cooking"


def test_rules_file_errors_name_the_field(tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a")])
    (root / "rules.yaml").write_text("topics: []\nprogram_kinds: {}\n", encoding="utf-8")
    assert problems_of(root) == [
        "error: rules.yaml: topics: List should have at least 1 item after validation, not 0",
        "error: rules.yaml: program_statuses: Field required",
    ]


def test_program_missing_language(tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a")], [program_data(summary={"en": "Ended."})])
    assert problems_of(root) == [
        "error: programs.yaml: programs[tps-honduras].summary.es: missing language 'es'"
    ]


def test_misspelt_field_is_an_error(tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a", sorces=[])])
    assert "error: a.yaml: sorces: Extra inputs are not permitted" in problems_of(root)


def test_broken_yaml(tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a")])
    (root / "intents" / "a.yaml").write_text("slug: [unclosed\n", encoding="utf-8")
    [problem] = problems_of(root)
    assert problem.startswith("error: a.yaml: not valid YAML")


def test_uneven_languages_are_a_warning(tmp_path: Path) -> None:
    data = intent_data("a", reviewed="2026-01-02")
    data["es"]["reviewed"] = "2026-11-01"
    root = write_content(tmp_path, [data])
    pack = load_content(root, today=TODAY)
    assert pack.errors == []
    assert [str(p) for p in pack.warnings] == [
        "warning: a.yaml: en.reviewed: reviewed earlier than the other language "
        "(2026-01-02 en, 2026-11-01 es)",
    ]


def test_content_check_command_reports_and_fails_on_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    good = write_content(tmp_path / "good", [intent_data("a")])
    result = runner.invoke(app, ["content", "check", str(good)])
    assert result.exit_code == 0, result.output
    assert "1 intents, 1 programs: 0 error(s)" in result.output

    bad = write_content(tmp_path / "bad", [intent_data("a", related=["zzz"])])
    result = runner.invoke(app, ["content", "check", str(bad)])
    assert result.exit_code == 1
    assert "unknown related slug 'zzz'" in result.output


def test_reviewed_date_in_the_future_is_an_error(tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a", reviewed="2027-01-01")])
    assert problems_of(root) == [
        "error: a.yaml: en.reviewed: 2027-01-01 is in the future",
        "error: a.yaml: es.reviewed: 2027-01-01 is in the future",
    ]
    assert REVIEWED < TODAY


def test_dates_written_as_of_their_review_and_never_desde(tmp_path: Path) -> None:
    """ "Desde" means "since"; "as of" a month after the review states what nobody checked."""
    data = intent_data("a", reviewed="2026-04-01")
    data["en"]["answer"] = "As of November 2026, it ended.\n• As of March 2026, it was paused."
    data["es"]["answer"] = "Desde marzo de 2026, terminó.\n• A marzo de 2026, seguía."
    summary = {"en": "As of April 2026, ended.", "es": "A mayo de 2026, terminó."}
    root = write_content(tmp_path, [data], [program_data(summary=summary, reviewed="2026-04-20")])
    assert problems_of(root) == [
        "error: a.yaml: en.answer: says 'as of' November 2026, after its review date "
        "(2026-04-01); state only what was known when it was reviewed",
        "error: a.yaml: es.answer: 'Desde <fecha>' means 'since': write 'A <fecha>' or "
        "'Según lo verificado en <fecha>'",
        "error: programs.yaml: programs[tps-honduras].summary.es: says 'as of' mayo 2026, after "
        "its review date (2026-04-20); state only what was known when it was reviewed",
    ]

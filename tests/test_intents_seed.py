"""The seed content and labelled sets read as the matcher's tests and bench read them."""

from __future__ import annotations

from db.content import DEFAULT_CONTENT_DIR
from intents.languages import languages
from tests.seedkit import TUNING_OUT_OF_SCOPE, load_phrases, load_programs, load_rows, shipped


def test_every_intent_gives_questions_in_both_languages() -> None:
    phrases = load_phrases()
    files = {p.stem for p in (DEFAULT_CONTENT_DIR / "intents").glob("*.yaml")}
    for lang in languages():
        assert {p.intent for p in phrases if p.lang == lang} == files


def test_programs_carry_names_in_every_language_and_aliases() -> None:
    """The matcher knows each program by every name and alias the programs file gives it."""
    matched = {p.slug: p for p in load_programs()}
    assert set(matched) == {program.slug for program in shipped().programs}
    for program in shipped().programs:
        names = set(matched[program.slug].names)
        assert matched[program.slug].kind == program.kind
        assert {program.names[lang] for lang in languages()} | set(program.aliases) <= names


def test_tuning_questions_are_not_in_the_labelled_test_sets() -> None:
    tests = {
        row["q"].casefold()
        for name in ("dev-questions", "eval-questions")
        for row in load_rows(name)
    }
    assert not tests & {q.casefold() for q, _ in TUNING_OUT_OF_SCOPE}

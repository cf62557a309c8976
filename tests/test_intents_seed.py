"""The seed content and labelled sets read as the matcher's tests and bench read them."""

from __future__ import annotations

from db.content import DEFAULT_CONTENT_DIR
from intents.languages import languages
from tests.seedkit import TUNING_OUT_OF_SCOPE, load_phrases, load_programs, load_rows


def test_every_intent_gives_questions_in_both_languages() -> None:
    phrases = load_phrases()
    files = {p.stem for p in (DEFAULT_CONTENT_DIR / "intents").glob("*.yaml")}
    for lang in languages():
        assert {p.intent for p in phrases if p.lang == lang} == files


def test_programs_carry_names_and_aliases() -> None:
    honduras = next(p for p in load_programs() if p.slug == "tps-honduras")
    assert honduras.kind == "tps"
    assert {"Honduras", "catrachos"} <= set(honduras.names)


def test_tuning_questions_are_not_in_the_labelled_test_sets() -> None:
    tests = {
        row["q"].casefold()
        for name in ("dev-questions", "eval-questions")
        for row in load_rows(name)
    }
    assert not tests & {q.casefold() for q, _ in TUNING_OUT_OF_SCOPE}

"""Questions people asked (db/seed/asked/): checked like any content, seeded, and read by the
matcher's learned view; never a copy of a question held out to measure it."""

from __future__ import annotations

from pathlib import Path

from rapidfuzz import fuzz, process

from db.content import ContentPack, load_content
from db.content_rows import live_content
from db.seed import seed
from db.session import make_engine, make_sessionmaker
from intents.evaluation import row_problems
from intents.languages import languages
from intents.text import fold
from tests.contentkit import (
    TODAY,
    asked_data,
    intent_data,
    problems_of,
    write_asked,
    write_content,
)
from tests.seedkit import REAL_HELD_OUT, REAL_TUNED, load_rows, shipped, shipped_index


def test_asked_questions_load_with_the_content(tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a")])
    write_asked(root, [asked_data("what is a?"), asked_data("how do I get a visa?", None)])
    pack = load_content(root, today=TODAY)
    assert pack.problems == []
    assert [(q.q, q.intent, q.kind) for q in pack.asked] == [
        ("what is a?", "a", "in-scope"),
        ("how do I get a visa?", None, "near-domain"),
    ]


def test_every_mistake_in_an_asked_file_names_its_line(tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a")])
    write_asked(
        root,
        [
            asked_data("fine"),
            asked_data("in scope but no intent", None, kind="in-scope"),
            asked_data("no source", source="somewhere"),
            asked_data("wrong language", lang="fr"),
            asked_data("misspelt key", intnet="a"),
        ],
    )
    (root / "asked" / "gathering.jsonl").open("a", encoding="utf-8").write("{not json\n")
    found = problems_of(root)
    assert found == [
        "error: asked/gathering.jsonl line 2: an in-scope question names its intent, any other"
        " kind names none",
        "error: asked/gathering.jsonl line 3: source: String should match pattern"
        " '^https?://\\S+$'",
        "error: asked/gathering.jsonl: line 4: unknown language 'fr'",
        "error: asked/gathering.jsonl line 5: intnet: Extra inputs are not permitted",
        "error: asked/gathering.jsonl: line 6: not valid JSON: Expecting property name enclosed"
        " in double quotes",
    ]


def test_an_asked_question_must_name_an_intent_the_content_has(tmp_path: Path) -> None:
    root = write_content(tmp_path, [intent_data("a")])
    write_asked(root, [asked_data("what is b?", "b"), asked_data("a or c?", accept=["c"])])
    assert problems_of(root) == [
        "error: asked: question 'what is b?': unknown intent 'b'",
        "error: asked: question 'a or c?': unknown intent 'c'",
    ]


async def _live(url: str) -> ContentPack:
    """The content a bot starting now would build its matcher from."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            return (await live_content(session))[1]
    finally:
        await engine.dispose()


async def test_asked_questions_are_seeded_and_replaced_when_their_files_change(
    database_url: str, tmp_path: Path
) -> None:
    root = write_content(tmp_path, [intent_data("a"), intent_data("b")])
    write_asked(root, [asked_data("what is a?"), asked_data("is b the same?", "b")])
    first = await seed(database_url, root)
    assert "asked questions (2)" in first.changed
    assert not (await seed(database_url, root)).has_changes  # nothing new: nothing written

    write_asked(root, [asked_data("what is a, really?")])
    assert (await seed(database_url, root)).changed == ["asked questions (1)"]
    live = await _live(database_url)
    assert [(q.q, q.intent, q.source) for q in live.asked] == [
        ("what is a, really?", "a", "https://example.org/readers-questions")
    ]


def test_no_asked_question_copies_one_held_out_to_measure_the_matcher() -> None:
    """The learned view trains on asked questions: one that is also in a held-out set (or our
    own eval and dev sets) would make that set's score say nothing."""
    asked = [fold(q.q) for q in shipped().asked]
    copies = [
        (name, row["q"])
        for name in ("eval-questions", "dev-questions", *REAL_HELD_OUT)
        for row in load_rows(name)
        if process.extractOne(fold(row["q"]), asked, scorer=fuzz.ratio)[1] >= 90
    ]
    assert copies == []


def test_every_labelled_set_is_one_puente_eval_accepts() -> None:
    intents = shipped_index().intents
    problems = [
        f"{name} line {number}: {problem}"
        for name in ("eval-questions", "dev-questions", *REAL_HELD_OUT, *REAL_TUNED)
        for number, row in enumerate(load_rows(name), 1)
        for problem in row_problems(row, intents, languages())
    ]
    assert problems == []

"""From real questions to better answers: `puente unanswered`, `puente feedback`, retention."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from db import chats, curation
from db.seed import seed
from db.session import make_engine, make_sessionmaker, transaction
from intents.grouping import group_questions

FIXTURE_CONTENT = Path(__file__).resolve().parent / "e2e" / "content"
TODAY = datetime.now(UTC).date()

UNANSWERED = [
    (0, "en", "how do i get a drivers license"),
    (1, "en", "how do i get a driver license"),
    (2, "en", "How do I get a drivers licence?"),
    (0, "es", "como saco la licencia de manejar sin papeles"),
    (3, "es", "¿Cómo saco licencia de manejar sin papeles?"),
    (0, "en", "what is the best recipe for tamales"),
    (10, "en", "police school friday"),
    (40, "en", "where is the mexican consulate"),  # past the 30-day retention
]


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run `puente ARGS`; its exit code and output."""
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.output


async def _fill(url: str) -> None:
    """Seed the fixture content and keep the unanswered questions and some votes."""
    await seed(url, FIXTURE_CONTENT)
    engine = make_engine(url)
    try:
        sessions = make_sessionmaker(engine)
        async with transaction(sessions) as session:
            for days, lang, text in UNANSWERED:
                await chats.record_unanswered(session, lang, text, TODAY - timedelta(days=days))
            for slug, lang, helpful, count, days in [
                ("ice-at-door", "en", True, 5, 0),
                ("ice-at-door", "en", False, 1, 0),
                ("ice-at-door", "es", False, 2, 0),
                ("schools", "en", True, 1, 0),
                ("legal-help", "en", False, 3, 60),  # before --since 30
            ]:
                for _ in range(count):
                    day = TODAY - timedelta(days=days)
                    await chats.record_feedback(session, slug, helpful, day, lang)
            for _ in range(4):
                await curation.record_suggestions_offered(
                    session, ["schools", "police-and-immigration"], "en", TODAY
                )
            await curation.record_suggestion_taken(session, "schools", "en", TODAY)
    finally:
        await engine.dispose()


@pytest.fixture
def curated(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A database with content, unanswered questions, votes and "did you mean" choices."""
    asyncio.run(_fill(sqlite_url))
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    return sqlite_url


def test_near_duplicates_group_together_biggest_first() -> None:
    groups = group_questions((lang, text, None) for _days, lang, text in UNANSWERED)
    assert [(g.count, g.lang, g.leader) for g in groups[:2]] == [
        (3, "en", "how do i get a drivers license"),
        (2, "es", "como saco la licencia de manejar sin papeles"),
    ]
    assert groups[0].examples == [text for _d, lang, text in UNANSWERED[:3]]
    assert sum(g.count for g in groups) == len(UNANSWERED)
    assert len(groups) == 5


def test_unanswered_table_shows_groups_examples_and_nearest_intents(curated: str) -> None:
    code, output = run("unanswered", "--since", "30")
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == "7 unanswered question(s) in 4 group(s) (the last 30 days; en and es)"
    assert lines[1:4] == [
        "    3  en  how do i get a drivers license",
        "           how do i get a driver license",
        "           How do I get a drivers licence?",
    ]
    assert lines[4].startswith("           nearest: ")
    assert lines[5:7] == [
        "    2  es  como saco la licencia de manejar sin papeles",
        "           ¿Cómo saco licencia de manejar sin papeles?",
    ]
    assert "where is the mexican consulate" not in output  # older than --since
    # The unclear question is close to existing intents: a paraphrase, not a new intent.
    police = lines.index("    1  en  police school friday")
    assert "-> add a paraphrase to " in lines[police + 1]
    tamales = lines.index("    1  en  what is the best recipe for tamales")
    assert lines[tamales + 1].endswith("-> write a new intent?")


def test_unanswered_jsonl_filters_by_language(curated: str) -> None:
    code, output = run("unanswered", "--lang", "es", "--format", "jsonl")
    assert code == 0, output
    [group] = [json.loads(line) for line in output.splitlines()]
    assert group["count"] == 2 and group["lang"] == "es"
    assert group["examples"] == [UNANSWERED[3][2], UNANSWERED[4][2]]
    assert group["advice"] in {"answered", "paraphrase", "new"}
    assert all(set(n) == {"intent", "score"} for n in group["nearest"])
    scores = [n["score"] for n in group["nearest"]]
    assert scores == sorted(scores, reverse=True) and len(scores) <= 3


async def _share_unhelpful(url: str) -> None:
    """Keep two questions whose answers were marked 👎 (one wording joins a kept group)."""
    engine = make_engine(url)
    try:
        async with transaction(make_sessionmaker(engine)) as session:
            await chats.record_unanswered(
                session, "en", "is the warrant real", TODAY, "ice-at-door"
            )
            await chats.record_unanswered(
                session, "en", "how do i get a drivers license", TODAY, "ice-at-door"
            )
    finally:
        await engine.dispose()


def test_unanswered_shows_which_answers_were_marked_unhelpful(curated: str) -> None:
    asyncio.run(_share_unhelpful(curated))

    code, output = run("unanswered", "--since", "30")
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == (
        "9 unanswered question(s) in 5 group(s) (the last 30 days; en and es); "
        "2 shared after an answer marked unhelpful"
    )
    licence = lines.index("    4  en  how do i get a drivers license")
    assert lines[licence + 3] == "           answered, marked unhelpful: ice-at-door (1)"
    marked = [line for line in lines if "marked unhelpful:" in line]
    assert len(marked) == 2  # the licence group and the warrant question, no other group

    _code, output = run("unanswered", "--format", "jsonl")
    groups = {g["examples"][0]: g for g in map(json.loads, output.splitlines())}
    assert groups["is the warrant real"]["unhelpful"] == {"ice-at-door": 1}
    assert groups["what is the best recipe for tamales"]["unhelpful"] == {}


def test_unanswered_to_label_gives_blind_rows_that_eval_refuses_until_labelled(
    curated: str, tmp_path: Path
) -> None:
    asyncio.run(_share_unhelpful(curated))

    code, output = run("unanswered", "--since", "30", "--to-label")
    assert code == 0, output
    rows = [json.loads(line) for line in output.splitlines()]
    assert len(rows) == 9 and all(
        set(row) == {"q", "lang", "intent", "accept", "kind"} for row in rows
    )
    assert {"q": "is the warrant real", "lang": "en"}.items() <= rows[-2].items()
    assert "ice-at-door" not in output  # blind: the answer a 👎 went to is not shown

    unlabelled = tmp_path / "shared.jsonl"
    unlabelled.write_text(output, encoding="utf-8")
    code, output = run("eval", str(unlabelled))
    assert code == 2
    assert output.startswith("puente: not a labelled question file:\n")
    assert f"{unlabelled} line 1: kind 'to label: in-scope (with its intent), " in output

    for row in rows:
        row["kind"] = "out-of-scope"
    rows[-2].update(kind="in-scope", intent="ice-at-door")
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    code, output = run("eval", str(labelled))
    assert code == 0, output
    assert "right (in scope)" in output


def test_eval_names_each_mislabelled_line(curated: str, tmp_path: Path) -> None:
    labelled = tmp_path / "mislabelled.jsonl"
    rows = [
        {"q": "ice at my door", "lang": "en", "intent": "ice-at-the-door"},
        {"q": "", "lang": "fr", "kind": "in-scope", "intent": None},
        {"q": "how do i make tamales", "lang": "en", "intent": None},
    ]
    labelled.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")

    code, output = run("eval", str(labelled))

    assert code == 2
    assert output.splitlines()[1:] == [
        f"{labelled} line 1: 'ice-at-the-door' is not an intent of the content",
        f"{labelled} line 2: q: the question is missing",
        f"{labelled} line 2: lang 'fr': not one of en, es",
        f"{labelled} line 2: an in-scope question needs its intent",
    ]


def test_unanswered_purge_keeps_only_the_retention_window(curated: str) -> None:
    assert run("unanswered", "--purge") == (
        0,
        "deleted 1 unanswered question(s) older than 30 days\n",
    )
    _code, output = run("unanswered", "--format", "jsonl")
    assert sum(json.loads(line)["count"] for line in output.splitlines()) == len(UNANSWERED) - 1
    # A shorter retention from the environment deletes more.
    assert run("unanswered", "--purge", env={"UNANSWERED_RETENTION_DAYS": "2"}) == (
        0,
        "deleted 2 unanswered question(s) older than 2 days\n",
    )


def test_unanswered_refuses_an_unknown_language(curated: str) -> None:
    assert run("unanswered", "--lang", "fr") == (2, "puente: --lang must be en or es, not 'fr'\n")


def test_feedback_worst_first_with_did_you_mean_choices(curated: str) -> None:
    code, output = run("feedback", "--since", "30")
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == "feedback for 4 intent/language pair(s) (the last 30 days)"
    assert lines[1].split() == [
        "intent",
        "lang",
        "👍",
        "👎",
        "👎",
        "%",
        "offered",
        "taken",
        "ignored",
    ]
    assert [line.split() for line in lines[2:]] == [
        ["ice-at-door", "es", "0", "2", "100%", "0", "0", "0"],
        ["ice-at-door", "en", "5", "1", "17%", "0", "0", "0"],
        ["police-and-immigration", "en", "0", "0", "-", "4", "0", "4"],
        ["schools", "en", "1", "0", "0%", "4", "1", "3"],
    ]
    assert "legal-help" not in output  # its votes are older than --since


def test_feedback_jsonl_counts_everything_kept(curated: str) -> None:
    code, output = run("feedback", "--format", "jsonl")
    assert code == 0, output
    records = {(r["intent"], r["lang"]): r for r in map(json.loads, output.splitlines())}
    assert records[("legal-help", "en")] == {
        "intent": "legal-help",
        "lang": "en",
        "helpful": 0,
        "not_helpful": 3,
        "offered": 0,
        "taken": 0,
        "ignored": 0,
    }
    # Worst first: all 👎, the most 👎 first.
    assert list(records)[:2] == [("legal-help", "en"), ("ice-at-door", "es")]
    assert records[("schools", "en")]["taken"] == 1
    assert records[("schools", "en")]["ignored"] == 3


def test_the_terminal_chat_shows_the_age_line_by_the_same_setting(curated: str) -> None:
    """Volunteers testing content in the terminal see what Telegram users would."""
    question = "ice at my door what do i do"
    _code, young = run("ask", question, env={"REVIEW_MAX_AGE_DAYS": "100000"})
    _code, old = run("ask", question, env={"REVIEW_MAX_AGE_DAYS": "1"})
    assert "⚠️ Last checked" not in young
    [line] = [
        line for line in old.splitlines() if line.startswith("⚠️ Last checked on April 1, 2026")
    ]
    assert line.endswith(
        "so this may have changed. Check the latest: ILRC — Know your rights & red cards "
        "<fixture> (https://www.ilrc.org/red-cards-tarjetas-rojas?a=1&b=2)"
    )
